//! Changing a timeline file as a person would: one item at a time, leaving every other byte,
//! comment and blank line as it was written. Knows nothing of terminals; `timeline fmt`,
//! `timeline add` and the commands that record sources call it.
//!
//! ```
//! use timeline::edit::{Document, Kind, Value};
//!
//! let text = "Timeline(\n    title: \"T\",\n    sources: [\n        Source(id: \"s\", title: \"S\"), // kept\n    ],\n)\n";
//! let mut doc = Document::open(text).unwrap();
//! doc.set_fields(Kind::Source, "s", &[("archive", Value::text("sources/s.txt")), ("title", "New".into())]).unwrap();
//! doc.insert(Kind::Source, &[("id", "t".into()), ("title", "Other".into())]).unwrap();
//! let written = doc.finish().unwrap(); // checked by the loader; or `doc.save(path)`
//! assert!(written.contains("Source(id: \"s\", title: \"New\", archive: \"sources/s.txt\"), // kept"));
//! ```
//!
//! Each change is made in the text at once (`text()` shows it); `finish` loads the result and
//! refuses it, with the diagnostics, if it has an error the original did not. Values are written
//! as canonical RON (`Value`), laid out as `timeline fmt` lays them out (`layout`). Uses `load`
//! (the checks, the schema's field order through `load::outline::Shape`), `model::when` (to put
//! an event in time order) and `export::write` (the atomic write).

pub mod add;
mod layout;
mod syntax;
mod value;

pub use layout::format;
pub use syntax::Unreadable;
pub use value::{Value, string};

use crate::load::outline::{Shape, Step, locate};
use crate::load::{self, Diagnostic};
use crate::model::when::{When, parse_offset};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use syntax::{Body, Entry, Node, Seq};

/// The kinds of item the timeline lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Actor,
    Source,
    Event,
}

impl Kind {
    /// The timeline's field that lists them.
    pub fn list(self) -> &'static str {
        match self {
            Kind::Actor => "actors",
            Kind::Source => "sources",
            Kind::Event => "events",
        }
    }

    fn shape(self) -> Shape {
        match self {
            Kind::Actor => Shape::Actor,
            Kind::Source => Shape::Source,
            Kind::Event => Shape::Event,
        }
    }

    /// `an actor`, `a source`, `an event`: for messages.
    pub fn a(self) -> &'static str {
        match self {
            Kind::Actor => "an actor",
            Kind::Source => "a source",
            Kind::Event => "an event",
        }
    }

    /// `actor`, `source`, `event`: for messages.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Source => "source",
            Kind::Event => "event",
        }
    }
}

/// A timeline's text being changed.
#[derive(Clone, Debug)]
pub struct Document {
    original: String,
    text: String,
    folder: Option<PathBuf>,
}

/// Why a document was not saved. The file is as it was.
#[derive(Debug)]
pub enum SaveError {
    /// The change would add these errors; their spans are in `Document::text`.
    Refused(Vec<Diagnostic>),
    /// The file changed on disk since it was read: saving would lose that change.
    Changed,
    Unreadable(std::io::Error),
    Write(crate::export::write::WriteError),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Refused(problems) => {
                let first = problems.first().map_or(String::new(), |d| format!(": {}", d.message));
                write!(f, "the change would make the timeline invalid{first}")
            }
            SaveError::Changed => f.write_str("the file changed since it was read; read it again and redo the change"),
            SaveError::Unreadable(e) => write!(f, "cannot read the file again before writing it: {e}"),
            SaveError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SaveError {}

/// One change to the text: replace `start..end` with `with`.
struct Patch {
    start: usize,
    end: usize,
    with: String,
}

impl Document {
    /// A document of `text`, which must be RON that ron reads (a timeline with errors is
    /// accepted: an edit is refused only if it adds one). The error is a syntax diagnostic.
    pub fn open(text: &str) -> Result<Document, Vec<Diagnostic>> {
        if let Err(syntax::Unreadable(at)) = syntax::read_lists(text) {
            let report = load::load_str(text, None);
            let mut problems: Vec<Diagnostic> = report.diagnostics.into_iter().filter(|d| d.is_error()).collect();
            if problems.is_empty() {
                problems.push(
                    Diagnostic::error("the file's layout cannot be read here")
                        .at(Some((at, (at + 1).min(text.len()))))
                        .help("check that `timeline check` accepts it; edit it by hand meanwhile"),
                );
            }
            return Err(problems);
        }
        Ok(Document { original: text.to_string(), text: text.to_string(), folder: None })
    }

    /// Relative `archive` paths are checked in `folder` (the timeline's own).
    pub fn in_folder(mut self, folder: &Path) -> Document {
        self.folder = Some(folder.to_path_buf());
        self
    }

    /// Whether the timeline lists an item `id` of `kind`: to choose between `insert` and
    /// `set_fields`.
    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.read().is_ok_and(|file| find_item(&self.text, &file.top, kind, id).is_ok())
    }

    /// The text with every change made so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Sets fields of the item `id`: a field that is written gets its new value in place (its
    /// comments stay), one that is not is added where the format's order puts it, in the item's
    /// layout; `Value::Absent` removes a field. The field names are not checked here: `finish`
    /// refuses a name the format does not know.
    pub fn set_fields(&mut self, kind: Kind, id: &str, fields: &[(&str, Value)]) -> Result<(), Diagnostic> {
        let mut id = id.to_string();
        for (field, value) in fields {
            check_field(field, value)?;
            let file = self.read()?;
            let (_, item) = find_item(&self.text, &file.top, kind, &id)?;
            let item = syntax::read_value(&self.text, item.value.start).map_err(|_| missing(kind, &id))?;
            let Body::Record { seq, .. } = &item.body else {
                return Err(Diagnostic::error(format!("the {} `{id}` is not a record", kind.word())));
            };
            let patches = set_field(&self.text, seq, kind.shape(), field, value);
            self.apply(patches);
            // A new id: the fields after it find the item by it.
            if let (&"id", Value::Text(new)) = (field, value) {
                id = new.clone();
            }
        }
        Ok(())
    }

    /// Adds an item of `kind` with `fields`: an event in time order among the others (after the
    /// events that sort with it), an actor or a source at the end of its list. Gives where the
    /// new item starts in `text()`.
    pub fn insert(&mut self, kind: Kind, fields: &[(&str, Value)]) -> Result<usize, Diagnostic> {
        for (field, value) in fields {
            check_field(field, value)?;
        }
        let owned: Vec<(String, Value)> = fields.iter().map(|(f, v)| (f.to_string(), v.clone())).collect();
        let item = Value::Record(kind.shape().name().to_string(), owned);
        let id = fields.iter().find(|(f, _)| *f == "id").and_then(|(_, v)| match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        });
        let file = self.read()?;
        if let Some(id) = &id
            && find_item(&self.text, &file.top, kind, id).is_ok()
        {
            return Err(
                Diagnostic::error(format!("there is already {} `{id}`", kind.a())).help("give the new one another id")
            );
        }
        let Body::Record { seq: top, .. } = &file.top.body else {
            return Err(Diagnostic::error("the file's top value is not `Timeline( ... )`"));
        };
        let (patches, at) = match top.entries.iter().find(|e| e.field(&self.text) == Some(kind.list())) {
            None => (set_field(&self.text, top, Shape::Timeline, kind.list(), &Value::List(vec![item])), 0),
            Some(list) => {
                let Body::List { seq } = &list.value.body else {
                    return Err(Diagnostic::error(format!("the timeline's `{}` is not a list", kind.list())));
                };
                let at = match kind {
                    Kind::Event => self.place_in_time(top, seq, fields),
                    _ => seq.entries.len(),
                };
                (insert_entry(&self.text, seq, at, &item.to_ron(), kind.shape(), true), at)
            }
        };
        self.apply(patches);
        let file = self.read()?;
        let start = match &file.top.body {
            Body::Record { seq, .. } => seq.entries.iter().find(|e| e.field(&self.text) == Some(kind.list())),
            _ => None,
        }
        .and_then(|list| match &list.value.body {
            Body::List { seq } => seq.entries.get(at).map(|e| e.value.start),
            _ => None,
        });
        Ok(start.unwrap_or(0))
    }

    /// Removes the item `id`, with its comma and the trailing comment on its line; the comments
    /// above it stay, as they may head a group of items.
    pub fn remove(&mut self, kind: Kind, id: &str) -> Result<(), Diagnostic> {
        let file = self.read()?;
        let Body::Record { seq: top, .. } = &file.top.body else {
            return Err(Diagnostic::error("the file's top value is not `Timeline( ... )`"));
        };
        let (at, _) = find_item(&self.text, &file.top, kind, id)?;
        let list = top.entries.iter().find(|e| e.field(&self.text) == Some(kind.list()));
        let Some(Body::List { seq }) = list.map(|e| &e.value.body) else {
            return Err(missing(kind, id));
        };
        let patches = remove_entry(&self.text, seq, at);
        self.apply(patches);
        Ok(())
    }

    /// The changed text, if it loads without an error the original did not have; otherwise
    /// those errors, with spans in `text()`.
    pub fn finish(&self) -> Result<String, Vec<Diagnostic>> {
        let folder = self.folder.as_deref();
        let after = load::load_str(&self.text, folder);
        if after.errors() == 0 {
            return Ok(self.text.clone());
        }
        let before = load::load_str(&self.original, folder);
        let mut known: HashMap<&str, usize> = HashMap::new();
        for d in before.diagnostics.iter().filter(|d| d.is_error()) {
            *known.entry(d.message.as_str()).or_default() += 1;
        }
        let mut added = Vec::new();
        for d in after.diagnostics.into_iter().filter(Diagnostic::is_error) {
            match known.get_mut(d.message.as_str()) {
                Some(n) if *n > 0 => *n -= 1,
                _ => added.push(d),
            }
        }
        if added.is_empty() { Ok(self.text.clone()) } else { Err(added) }
    }

    /// Checks the change (`finish`) and writes it over `path` atomically, keeping the file's
    /// permissions, unless the file changed since its text was read.
    pub fn save(&self, path: &Path) -> Result<String, SaveError> {
        let text = self.finish().map_err(SaveError::Refused)?;
        let now = load::regular::read(path, u64::MAX).map_err(SaveError::Unreadable)?;
        if now != self.original.as_bytes() {
            return Err(SaveError::Changed);
        }
        if text != self.original {
            crate::export::write::write_atomic(path, text.as_bytes(), true).map_err(SaveError::Write)?;
        }
        Ok(text)
    }

    /// The layout of the timeline and its lists; an item is read when it is edited.
    fn read(&self) -> Result<syntax::File, Diagnostic> {
        syntax::read_lists(&self.text).map_err(|syntax::Unreadable(at)| {
            Diagnostic::error("the edited text cannot be read").at(Some((at, at))).help("this is a bug in the writer")
        })
    }

    fn apply(&mut self, mut patches: Vec<Patch>) {
        // Lines written end as the file's do: a file saved on Windows keeps its \r\n.
        let crlf = self.original.contains("\r\n");
        patches.sort_by_key(|p| std::cmp::Reverse((p.start, p.end)));
        for p in patches {
            let with = if crlf { p.with.replace('\n', "\r\n") } else { p.with };
            self.text.replace_range(p.start..p.end, &with);
        }
    }

    /// Where an event goes among `events`: after the last that sorts with it or before it, by
    /// start then precision, as the loader orders them.
    fn place_in_time(&self, top: &Seq, events: &Seq, fields: &[(&str, Value)]) -> usize {
        let tz = top
            .entries
            .iter()
            .find(|e| e.field(&self.text) == Some("timezone"))
            .and_then(|e| syntax::string_value(&self.text[e.value.start..e.value.end]))
            .and_then(|z| parse_offset(&z))
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero is an offset"));
        let key = |when: &str| {
            let when = When::parse(when, tz).ok()?;
            let start = when.start(tz).or(when.end(tz))?;
            Some((start, when.precision()))
        };
        let new = fields.iter().find(|(f, _)| *f == "when").and_then(|(_, v)| match v {
            Value::Text(t) => key(t),
            _ => None,
        });
        let Some(new) = new else { return events.entries.len() };
        let when_of = |entry: &Entry| key(&field_text(&self.text, entry, "when")?);
        events.entries.iter().rposition(|e| when_of(e).is_some_and(|k| k <= new)).map_or(0, |at| at + 1)
    }
}

fn missing(kind: Kind, id: &str) -> Diagnostic {
    Diagnostic::error(format!("there is no {} `{id}`", kind.word()))
        .help(format!("`timeline check` lists the file's {}", kind.list()))
}

/// A field and its value, written as RON: a name or a word that is not a bare word would
/// change the file's syntax.
fn check_field(name: &str, value: &Value) -> Result<(), Diagnostic> {
    value::bare_word(name)?;
    value.check()
}

/// The item `id` of the list of `kind`: its place in the list and its entry.
fn find_item<'f>(text: &str, top: &'f Node, kind: Kind, id: &str) -> Result<(usize, &'f Entry), Diagnostic> {
    let Body::Record { seq: top, .. } = &top.body else { return Err(missing(kind, id)) };
    let list = top.entries.iter().find(|e| e.field(text) == Some(kind.list()));
    let Some(Body::List { seq }) = list.map(|e| &e.value.body) else { return Err(missing(kind, id)) };
    let is_it = |entry: &Entry| field_text(text, entry, "id").as_deref() == Some(id);
    seq.entries.iter().enumerate().find(|(_, e)| is_it(e)).ok_or_else(|| missing(kind, id))
}

/// The text of the string in field `name` of the record in `entry`, found without reading the
/// record whole.
fn field_text(text: &str, entry: &Entry, name: &str) -> Option<String> {
    let (start, end) = locate(text, entry.value.start, &[Step::Field(name)])?;
    syntax::string_value(&text[start..end])
}

/// The patches that give field `name` of the record `seq` (of `shape`) the value `value`.
fn set_field(text: &str, seq: &Seq, shape: Shape, name: &str, value: &Value) -> Vec<Patch> {
    let found = seq.entries.iter().position(|e| e.field(text) == Some(name));
    match (found, value) {
        (Some(at), Value::Absent) => remove_entry(text, seq, at),
        (None, Value::Absent) => Vec::new(),
        (Some(at), value) => {
            let entry = &seq.entries[at];
            let indent = indent_of(text, entry.start());
            let with = laid_out(&value.to_ron(), shape.items_of(name), indent);
            if text[entry.value.start..entry.value.end] == with {
                return Vec::new();
            }
            vec![Patch { start: entry.value.start, end: entry.value.end, with }]
        }
        (None, value) => {
            let fields = shape.fields();
            let rank = |n: &str| fields.iter().position(|f| *f == n).unwrap_or(fields.len());
            let mine = rank(name);
            let at = seq.entries.iter().position(|e| e.field(text).is_some_and(|n| rank(n) > mine));
            let at = at.unwrap_or(seq.entries.len());
            let entry = format!("{name}: {}", value.to_ron());
            insert_entry(text, seq, at, &entry, shape.items_of(name), false)
        }
    }
}

/// `ron` (one value, or `name: value`) laid out canonically for a line indented by `indent`.
fn laid_out(ron: &str, shape: Shape, indent: usize) -> String {
    // Wrapped in a list so that `name: value` reads as an entry.
    let wrapped = format!("[{ron}]");
    let Ok(file) = syntax::read(&wrapped) else { return ron.to_string() };
    let Body::List { seq } = &file.top.body else { return ron.to_string() };
    let Some(entry) = seq.entries.first() else { return ron.to_string() };
    let mut out = String::new();
    if let Some((s, e)) = entry.name {
        out.push_str(&wrapped[s..e]);
        out.push_str(": ");
    }
    out.push_str(&layout::print(&wrapped, &entry.value, shape, indent));
    out
}

/// The first entry of `seq` that begins a line of its own, if any does: then `seq` is written
/// in lines (`Source(id: "a",` with the other fields below is, too), indented as that entry.
fn line_entry(text: &str, seq: &Seq) -> Option<usize> {
    seq.entries
        .iter()
        .map(|e| e.leading.first().map_or(e.start(), |c| c.start))
        .find(|&at| starts_line(text, at).is_some())
}

/// The indentation of the line `at` is on.
fn indent_of(text: &str, at: usize) -> usize {
    let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line..].bytes().take_while(|&b| b == b' ' || b == b'\t').count()
}

/// Whether only spaces stand between the line's start and `at`.
fn starts_line(text: &str, at: usize) -> Option<usize> {
    let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line..at].bytes().all(|b| b == b' ' || b == b'\t').then_some(line)
}

/// Where the line of `at` ends, after its line break, if only spaces stand from `at` to there.
fn ends_line(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let end = rest.find('\n').map_or(text.len(), |n| at + n + 1);
    text[at..end].trim().is_empty().then_some(end)
}

/// The patches that put `entry` (its RON on one line, of `shape`) at place `at` of `seq`, in
/// the layout the sequence has; an empty sequence is laid out in lines when `lines`.
fn insert_entry(text: &str, seq: &Seq, at: usize, entry: &str, shape: Shape, lines: bool) -> Vec<Patch> {
    let outer = indent_of(text, seq.open);
    let own_line = line_entry(text, seq);
    let block = own_line.is_some() || (seq.entries.is_empty() && lines);
    let indent = own_line.map_or(outer + 4, |at| indent_of(text, at));
    let laid = laid_out(entry, shape, if block { indent } else { outer });
    let pad = " ".repeat(indent);
    let patch = |start: usize, with: String| vec![Patch { start, end: start, with }];
    if !block {
        return match (at.checked_sub(1).map(|p| &seq.entries[p]), seq.entries.get(at)) {
            (Some(prev), _) => match prev.comma {
                Some(comma) => patch(comma + 1, format!(" {laid},")),
                None => patch(prev.value.end, format!(", {laid}")),
            },
            (None, Some(next)) => patch(next.start(), format!("{laid}, ")),
            (None, None) => patch(seq.open + 1, laid),
        };
    }
    if seq.entries.is_empty() {
        return match starts_line(text, seq.close) {
            Some(line) => patch(line, format!("{pad}{laid},\n")),
            None => vec![Patch {
                start: seq.open + 1,
                end: seq.close,
                with: format!("\n{pad}{laid},\n{}", " ".repeat(outer)),
            }],
        };
    }
    if at == 0 {
        let first = &seq.entries[0];
        return match starts_line(text, first.start()) {
            Some(line) => patch(line, format!("{pad}{laid},\n")),
            None => patch(first.start(), format!("{laid},\n{pad}")),
        };
    }
    let prev = &seq.entries[at - 1];
    let entry = format!("\n{pad}{laid},");
    match prev.comma {
        Some(_) => patch(prev.tail(), entry),
        // The comma goes after the value, before any comment on its line.
        None if prev.tail() == prev.value.end => patch(prev.value.end, format!(",{entry}")),
        None => vec![
            Patch { start: prev.value.end, end: prev.value.end, with: ",".into() },
            Patch { start: prev.tail(), end: prev.tail(), with: entry },
        ],
    }
}

/// The patches that take entry `at` out of `seq`: its whole lines when it has them to itself.
fn remove_entry(text: &str, seq: &Seq, at: usize) -> Vec<Patch> {
    let entry = &seq.entries[at];
    let cut = |start: usize, end: usize| vec![Patch { start, end, with: String::new() }];
    if let (Some(start), Some(end)) = (starts_line(text, entry.start()), ends_line(text, entry.tail())) {
        return cut(start, end);
    }
    match (entry.comma, at.checked_sub(1).map(|p| &seq.entries[p])) {
        // `a, b` without `a`: up to the next entry.
        (Some(_), _) => {
            let end = seq.entries.get(at + 1).map_or(entry.tail(), |next| next.start());
            cut(entry.start(), end.max(entry.tail()))
        }
        // `a, b` without `b`: from the comma before it.
        (None, Some(prev)) => cut(prev.comma.unwrap_or(prev.value.end), entry.tail()),
        (None, None) => cut(entry.start(), entry.tail()),
    }
}

/// `text` in the canonical layout (see `layout`), checked: it must load to the same timeline,
/// or to the same problems. `None` when the text is already canonical. An error is a diagnostic
/// with its place in `text`.
pub fn formatted(text: &str) -> Result<Option<String>, Diagnostic> {
    // A file ron cannot read is not laid out: its layout is what is wrong, and the reader must
    // see it where it is (`expected ','`), not moved by a formatter.
    if ron::from_str::<ron::Value>(text.trim_start_matches('\u{feff}')).is_err() {
        let report = load::load_str(text, None);
        if let Some(first) = report.diagnostics.into_iter().find(Diagnostic::is_error) {
            return Err(first);
        }
    }
    let out = match layout::format(text) {
        Ok(out) => out,
        Err(syntax::Unreadable(at)) => {
            let report = load::load_str(text, None);
            let first = report.diagnostics.into_iter().find(Diagnostic::is_error);
            return Err(first.unwrap_or_else(|| {
                Diagnostic::error("the file's layout cannot be read here")
                    .at(Some((at, (at + 1).min(text.len()))))
                    .help("check that `timeline check` accepts it")
            }));
        }
    };
    // A file saved with Windows line ends keeps them.
    let out = if text.contains("\r\n") { out.replace("\r\n", "\n").replace('\n', "\r\n") } else { out };
    if out == text {
        return Ok(None);
    }
    if !same_meaning(text, &out) {
        return Err(Diagnostic::error("the formatted file would not read as this one does; it was left as it is")
            .help("this is a bug in `timeline fmt`: please report it with the file"));
    }
    Ok(Some(out))
}

/// Whether two texts load to the same timeline (the events' lines aside), or to the same
/// problems. Compared a part at a time, so that a large timeline is never one string.
fn same_meaning(a: &str, b: &str) -> bool {
    let (a, b) = (load::load_str(a, None), load::load_str(b, None));
    let messages = |diagnostics: Vec<Diagnostic>| {
        let mut m: Vec<String> = diagnostics.into_iter().map(|d| d.message).collect();
        m.sort();
        m
    };
    match (a.timeline, b.timeline) {
        (Some(x), Some(y)) => same_timeline(x, y),
        (None, None) => messages(a.diagnostics) == messages(b.diagnostics),
        _ => false,
    }
}

fn same_timeline(mut a: crate::model::Timeline, mut b: crate::model::Timeline) -> bool {
    fn json<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
    let (events_a, events_b) = (std::mem::take(&mut a.events), std::mem::take(&mut b.events));
    json(&a) == json(&b)
        && events_a.len() == events_b.len()
        && events_a.into_iter().zip(events_b).all(|(mut x, mut y)| {
            (x.line, y.line) = (0, 0);
            json(&x) == json(&y)
        })
}

#[cfg(test)]
mod tests;
