//! The canonical layout, which `fmt` writes for a whole file and the writer for the values it
//! puts in: the timeline, its actors, sources and events as blocks of one field per line in the
//! order docs/FORMAT.md gives (the order of `load::raw`'s types); an event's citations and links
//! one per line; everything else on one line; four spaces; trailing commas; strings with the
//! fewest escapes. A value with a comment inside is laid out in blocks, so that each comment
//! keeps its line; one with a comment where no line can hold it is kept as written.

use super::syntax::{Body, Comment, Entry, File, Node, Seq, string_value};
use super::value;
use crate::load::outline::Shape;

const INDENT: usize = 4;

/// Writes nodes of `text` in the canonical layout.
pub struct Printer<'t> {
    text: &'t str,
    pub out: String,
}

impl<'t> Printer<'t> {
    pub fn new(text: &'t str) -> Self {
        Printer { text, out: String::with_capacity(text.len() + text.len() / 8) }
    }

    /// The whole file: its header as written, the timeline, the comments after it.
    pub fn file(mut self, file: &File) -> String {
        let header = self.text[..file.top.start].trim_end();
        if !header.is_empty() {
            for line in header.lines() {
                self.out.push_str(line.trim_end());
                self.out.push('\n');
            }
        }
        self.value(&file.top, Shape::Timeline, 0);
        self.out.push('\n');
        for comment in &file.after {
            if comment.blank_before {
                self.out.push('\n');
            }
            self.comment(comment);
            self.out.push('\n');
        }
        self.out
    }

    /// `node` of `shape` (for a list, the shape of its items), starting where the output is and
    /// continuing its lines at `indent`.
    pub fn value(&mut self, node: &Node, shape: Shape, indent: usize) {
        match &node.body {
            Body::Atom => self.atom(node),
            Body::Map => self.out.push_str(&self.text[node.start..node.end]),
            // Read now, one item at a time, so that a large file is never read whole.
            Body::Unread => match super::syntax::read_value(self.text, node.start) {
                Ok(read) if !matches!(read.body, Body::Unread) => self.value(&read, shape, indent),
                _ => self.out.push_str(&self.text[node.start..node.end]),
            },
            Body::Record { name, seq } => {
                let named = seq.entries.iter().all(|e| e.name.is_some());
                match name {
                    Some((s, e)) => self.out.push_str(&self.text[*s..*e]),
                    None if named && shape != Shape::Any && !seq.entries.is_empty() => self.out.push_str(shape.name()),
                    None => {}
                }
                self.out.push('(');
                let block = is_block_record(shape) || has_comments(seq);
                self.seq(seq, Some(shape), Shape::Any, block, indent);
                self.out.push(')');
            }
            Body::List { seq } => {
                self.out.push('[');
                let block = (is_block_item(shape) && !seq.entries.is_empty()) || has_comments(seq);
                self.seq(seq, None, shape, block, indent);
                self.out.push(']');
            }
        }
    }

    /// The entries of a record of shape `record`, or of a list of `items`.
    fn seq(&mut self, seq: &Seq, record: Option<Shape>, items: Shape, block: bool, indent: usize) {
        let order = ordered(seq, record, self.text);
        let text = self.text;
        let item_shape = |entry: &Entry| match (record, entry.field(text)) {
            (Some(shape), Some(name)) => shape.items_of(name),
            (Some(_), None) => Shape::Any,
            (None, _) => items,
        };
        if !block {
            for (i, entry) in order.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.entry_body(entry, item_shape(entry), indent);
            }
            return;
        }
        let inner = indent + INDENT;
        for (i, entry) in order.iter().enumerate() {
            for (j, comment) in entry.leading.iter().enumerate() {
                if comment.blank_before && (i > 0 || j > 0) {
                    self.out.push('\n');
                }
                self.line_start(inner);
                self.comment(comment);
            }
            let blank = entry.blank_before && (i > 0 || !entry.leading.is_empty());
            if blank {
                self.out.push('\n');
            }
            self.line_start(inner);
            self.entry_body(entry, item_shape(entry), inner);
            self.out.push(',');
            for comment in &entry.trailing {
                self.out.push(' ');
                self.comment(comment);
            }
        }
        for (j, comment) in seq.dangling.iter().enumerate() {
            if comment.blank_before && (!order.is_empty() || j > 0) {
                self.out.push('\n');
            }
            self.line_start(inner);
            self.comment(comment);
        }
        self.line_start(indent);
    }

    /// For a list's items, the shape of the list's items is the list's own.
    fn entry_body(&mut self, entry: &Entry, shape: Shape, indent: usize) {
        if entry.odd {
            self.out.push_str(&self.text[entry.start()..entry.value.end]);
            return;
        }
        if let Some((s, e)) = entry.name {
            self.out.push_str(&self.text[s..e]);
            self.out.push_str(": ");
        }
        self.value(&entry.value, shape, indent);
    }

    fn line_start(&mut self, indent: usize) {
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn comment(&mut self, comment: &Comment) {
        let text = &self.text[comment.start..comment.end];
        self.out.push_str(if text.starts_with("//") { text.trim_end() } else { text });
    }

    fn atom(&mut self, node: &Node) {
        let text = &self.text[node.start..node.end];
        match string_value(text) {
            Some(decoded) => self.out.push_str(&value::string(&decoded)),
            None => self.out.push_str(text),
        }
    }
}

/// The timeline and its items: one field per line.
fn is_block_record(shape: Shape) -> bool {
    matches!(shape, Shape::Timeline | Shape::Actor | Shape::Source | Shape::Event)
}

/// Lists of records: one item per line.
fn is_block_item(shape: Shape) -> bool {
    matches!(shape, Shape::Actor | Shape::Source | Shape::Event | Shape::Cite | Shape::Link)
}

/// The entries in the format's order of fields; fields it does not know keep theirs, after.
fn ordered<'s>(seq: &'s Seq, record: Option<Shape>, text: &str) -> Vec<&'s Entry> {
    let mut entries: Vec<&Entry> = seq.entries.iter().collect();
    if let Some(shape) = record {
        let fields = shape.fields();
        let rank = |e: &Entry| e.field(text).and_then(|n| fields.iter().position(|f| *f == n)).unwrap_or(fields.len());
        entries.sort_by_key(|e| rank(e));
    }
    entries
}

/// Whether a comment stands anywhere inside `seq`, however deep.
pub fn has_comments(seq: &Seq) -> bool {
    !seq.dangling.is_empty()
        || seq
            .entries
            .iter()
            .any(|e| !e.leading.is_empty() || !e.trailing.is_empty() || e.odd || node_has_comments(&e.value))
}

fn node_has_comments(node: &Node) -> bool {
    match &node.body {
        Body::Record { seq, .. } | Body::List { seq } => has_comments(seq),
        _ => false,
    }
}

/// The text of `node`, laid out as it would be at `indent`.
pub fn print(text: &str, node: &Node, shape: Shape, indent: usize) -> String {
    let mut printer = Printer::new(text);
    printer.value(node, shape, indent);
    printer.out
}

/// The file laid out canonically.
pub fn format(text: &str) -> Result<String, super::syntax::Unreadable> {
    let file = super::syntax::read_lists(text)?;
    Ok(Printer::new(text).file(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "// head\nTimeline(title: \"T\",\n  events: [ (when: \"2024\", id: \"e\", title: \"A \\\"q\\\"\",\n sources: [Cite(at: \"¶1\", source: \"s\")], // trailing\n ),\n\n\n  // a comment\n  Event(id: \"f\", when: \"2025\", title: \"B\", sources: [ /* none */ ]) ],\n sources: [Source(id: \"s\", title: \"S\")], actors: [],\n)\n";

    #[test]
    fn lays_a_file_out_canonically_and_keeps_its_comments() {
        let out = format(MESSY).unwrap();
        let expected = r##"// head
Timeline(
    title: "T",
    actors: [],
    sources: [
        Source(
            id: "s",
            title: "S",
        ),
    ],
    events: [
        Event(
            id: "e",
            when: "2024",
            title: r#"A "q""#,
            sources: [
                Cite(source: "s", at: "¶1"),
            ], // trailing
        ),

        // a comment
        Event(
            id: "f",
            when: "2025",
            title: "B",
            sources: [
                /* none */
            ],
        ),
    ],
)
"##;
        assert_eq!(out, expected);
        assert_eq!(format(&out).unwrap(), out, "idempotent");
    }
}
