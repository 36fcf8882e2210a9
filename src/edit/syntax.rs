//! A lossless reading of a RON file's layout: every value with its span, and every comment and
//! blank line with the value it stands by. `load::outline` skips comments, because the loader
//! needs only places; the writer and `fmt` must keep them, so they read the text again here.
//! The ron crate stays the one parser of values: this only finds where things are. Where each
//! token ends is `load::lex`'s, shared with the outline.

use crate::load::lex;

/// What a token is. Strings, numbers and everything else that is one value are `Atom`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Word,
    Atom,
    Comment,
    Eof,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    /// Line breaks between the previous token and this one.
    breaks: usize,
}

/// A comment, and whether a blank line stands before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    pub start: usize,
    pub end: usize,
    pub blank_before: bool,
}

/// A value: a word or scalar, a record `Name( ... )` or `( ... )`, a list `[ ... ]`, or a map
/// `{ ... }` (which the format has none of, and which is kept as written).
#[derive(Clone, Debug)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    Atom,
    Map,
    /// A record or list not read into, past the depth asked for: `read_value` reads it.
    Unread,
    /// `name` is the span of the record's name, when it has one.
    Record {
        name: Option<(usize, usize)>,
        seq: Seq,
    },
    List {
        seq: Seq,
    },
}

/// The inside of a record or list, between its brackets.
#[derive(Clone, Debug, Default)]
pub struct Seq {
    pub open: usize,
    pub close: usize,
    pub entries: Vec<Entry>,
    /// Comments after the last entry, before the closing bracket.
    pub dangling: Vec<Comment>,
    /// A blank line before the closing bracket (after the dangling comments).
    pub blank_before_close: bool,
}

/// A field (`name: value`) or a list's item, with the comments around it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Comments on lines of their own before the entry.
    pub leading: Vec<Comment>,
    /// A blank line between the leading comments (or the previous entry) and the entry.
    pub blank_before: bool,
    pub name: Option<(usize, usize)>,
    pub value: Node,
    pub comma: Option<usize>,
    /// Comments after the value on the same line (or, rarely, before its comma).
    pub trailing: Vec<Comment>,
    /// Comments between the name and the value: the entry is then kept as written.
    pub odd: bool,
}

impl Entry {
    /// Where the entry starts: its name, or its value.
    pub fn start(&self) -> usize {
        self.name.map_or(self.value.start, |(s, _)| s)
    }

    /// Where it ends: after its comma, or its value.
    pub fn end(&self) -> usize {
        self.comma.map_or(self.value.end, |c| c + 1)
    }

    /// Where its trailing comments end, or `end`.
    pub fn tail(&self) -> usize {
        self.trailing.last().map_or(self.end(), |c| c.end.max(self.end()))
    }

    /// The field's name, if it is a field.
    pub fn field<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.name.map(|(s, e)| &text[s..e])
    }
}

/// The whole file: what comes before the top value (comments, `#![enable(...)]`), the value,
/// and the comments after it.
#[derive(Clone, Debug)]
pub struct File {
    /// Where the top value starts: everything before it is the header, kept as written.
    pub top: Node,
    pub after: Vec<Comment>,
}

/// Why a text could not be read: not RON that ron would accept, at this byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable(pub usize);

/// Values nested deeper than this are not read (the format needs four levels): ron refuses
/// them too, and a recursion this deep would use the stack up.
const MAX_DEPTH: usize = 100;

/// Reads the layout of `text`, which should be a file ron accepts.
pub fn read(text: &str) -> Result<File, Unreadable> {
    read_to(text, MAX_DEPTH)
}

/// Reads the layout of the timeline and its lists, but not into their items, which are
/// `Body::Unread`: what finding and placing an item needs, in memory for the lists alone.
pub fn read_lists(text: &str) -> Result<File, Unreadable> {
    read_to(text, ITEMS)
}

/// The depth of the items of the timeline's lists: the timeline is 0, its lists 1.
pub const ITEMS: usize = 2;

fn read_to(text: &str, detail: usize) -> Result<File, Unreadable> {
    let mut parser = Parser { lexer: Lexer { src: text.as_bytes(), pos: start_of_text(text) }, ahead: None, detail };
    parser.skip_header()?;
    let top = parser.value(0)?;
    let mut after = Vec::new();
    loop {
        let t = parser.next();
        match t.kind {
            Kind::Comment => after.push(Comment { start: t.start, end: t.end, blank_before: t.breaks > 1 }),
            Kind::Eof => break,
            _ => return Err(Unreadable(t.start)),
        }
    }
    Ok(File { top, after })
}

/// After a byte order mark.
fn start_of_text(text: &str) -> usize {
    if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn next(&mut self) -> Token {
        let mut breaks = 0;
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            breaks += usize::from(self.src[self.pos] == b'\n');
            self.pos += 1;
        }
        let start = self.pos;
        let kind = self.token_kind();
        Token { kind, start, end: self.pos, breaks }
    }

    fn token_kind(&mut self) -> Kind {
        let c = self.at(self.pos);
        if self.pos >= self.src.len() {
            return Kind::Eof;
        }
        let one = |lexer: &mut Self, kind| {
            lexer.pos += 1;
            kind
        };
        match (c, self.at(self.pos + 1)) {
            (b'/', b'/') => {
                while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                    self.pos += 1;
                }
                // A line ending \r\n: the \r is the line break's, not the comment's.
                if self.pos > 0 && self.src[self.pos - 1] == b'\r' {
                    self.pos -= 1;
                }
                Kind::Comment
            }
            (b'/', b'*') => {
                self.pos = lex::block_comment_end(self.src, self.pos);
                Kind::Comment
            }
            (b'(' | b'[' | b'{', _) => one(self, Kind::Open(c)),
            (b')' | b']' | b'}', _) => one(self, Kind::Close(c)),
            (b':', _) => one(self, Kind::Colon),
            (b',', _) => one(self, Kind::Comma),
            _ => {
                let (end, word) = lex::value(self.src, self.pos);
                self.pos = end;
                if word { Kind::Word } else { Kind::Atom }
            }
        }
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    ahead: Option<Token>,
    /// Values this deep are skipped, not read into.
    detail: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Token {
        self.ahead.take().unwrap_or_else(|| self.lexer.next())
    }

    fn peek(&mut self) -> Token {
        let token = self.next();
        self.ahead = Some(token);
        token
    }

    /// Skips comments and `#![enable(...)]` before the top value.
    fn skip_header(&mut self) -> Result<(), Unreadable> {
        loop {
            let t = self.peek();
            match t.kind {
                Kind::Comment => {
                    self.next();
                }
                Kind::Atom if self.lexer.src[t.start] == b'#' => {
                    self.next();
                    self.value(0)?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Comments before the next token that is not one.
    fn comments(&mut self) -> Vec<(Comment, usize)> {
        let mut out = Vec::new();
        while self.peek().kind == Kind::Comment {
            let t = self.next();
            out.push((Comment { start: t.start, end: t.end, blank_before: t.breaks > 1 }, t.breaks));
        }
        out
    }

    fn value(&mut self, depth: usize) -> Result<Node, Unreadable> {
        let first = self.next();
        if depth > MAX_DEPTH {
            return Err(Unreadable(first.start));
        }
        if depth >= self.detail {
            return self.unread(first);
        }
        match first.kind {
            Kind::Word if self.peek().kind == Kind::Open(b'(') => {
                let open = self.next();
                let seq = self.seq(open, b')', depth)?;
                let body = Body::Record { name: Some((first.start, first.end)), seq };
                Ok(Node { start: first.start, end: self.end_of(&body), body })
            }
            Kind::Open(b'(') => {
                let seq = self.seq(first, b')', depth)?;
                let body = Body::Record { name: None, seq };
                Ok(Node { start: first.start, end: self.end_of(&body), body })
            }
            Kind::Open(b'[') => {
                let body = Body::List { seq: self.seq(first, b']', depth)? };
                Ok(Node { start: first.start, end: self.end_of(&body), body })
            }
            Kind::Open(_) => {
                let end = self.skip_balanced(first)?;
                Ok(Node { start: first.start, end, body: Body::Map })
            }
            Kind::Word | Kind::Atom => Ok(Node { start: first.start, end: first.end, body: Body::Atom }),
            _ => Err(Unreadable(first.start)),
        }
    }

    /// The value starting with `first`, skipped over.
    fn unread(&mut self, first: Token) -> Result<Node, Unreadable> {
        let open = match first.kind {
            Kind::Word if self.peek().kind == Kind::Open(b'(') => self.next(),
            Kind::Open(_) => first,
            Kind::Word | Kind::Atom => return Ok(Node { start: first.start, end: first.end, body: Body::Atom }),
            _ => return Err(Unreadable(first.start)),
        };
        let end = self.skip_balanced(open)?;
        Ok(Node { start: first.start, end, body: Body::Unread })
    }

    fn end_of(&self, body: &Body) -> usize {
        match body {
            Body::Record { seq, .. } | Body::List { seq } => seq.close + 1,
            _ => self.lexer.pos,
        }
    }

    fn skip_balanced(&mut self, open: Token) -> Result<usize, Unreadable> {
        let mut depth = 1usize;
        loop {
            let t = self.next();
            match t.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(t.end);
                    }
                }
                Kind::Eof => return Err(Unreadable(open.start)),
                _ => {}
            }
        }
    }

    /// The entries up to the closing bracket `close`.
    fn seq(&mut self, open: Token, close: u8, depth: usize) -> Result<Seq, Unreadable> {
        let mut seq = Seq { open: open.start, ..Seq::default() };
        loop {
            let comments = self.comments();
            let t = self.peek();
            match t.kind {
                Kind::Close(c) if c == close => {
                    self.next();
                    seq.close = t.start;
                    seq.dangling = comments.iter().map(|(c, _)| *c).collect();
                    seq.blank_before_close = t.breaks > 1;
                    return Ok(seq);
                }
                Kind::Close(_) | Kind::Eof | Kind::Comma | Kind::Colon => return Err(Unreadable(t.start)),
                _ => {
                    let entry = self.entry(comments, depth)?;
                    let more = entry.comma.is_some();
                    seq.entries.push(entry);
                    if !more {
                        let comments = self.comments();
                        let t = self.next();
                        if t.kind != Kind::Close(close) {
                            return Err(Unreadable(t.start));
                        }
                        seq.close = t.start;
                        seq.dangling = comments.iter().map(|(c, _)| *c).collect();
                        seq.blank_before_close = t.breaks > 1;
                        return Ok(seq);
                    }
                }
            }
        }
    }

    fn entry(&mut self, comments: Vec<(Comment, usize)>, depth: usize) -> Result<Entry, Unreadable> {
        let first = self.peek();
        // A comment on the line of the previous entry's comma was taken as that entry's; any
        // here stand on lines of their own, or just after the opening bracket.
        let blank_before = first.breaks > 1;
        let leading = comments.into_iter().map(|(c, _)| c).collect();
        let mut odd = false;
        let name = if first.kind == Kind::Word && self.colon_after_word() {
            self.next();
            odd |= !self.comments().is_empty();
            self.next(); // the colon
            odd |= !self.comments().is_empty();
            Some((first.start, first.end))
        } else {
            None
        };
        let value = self.value(depth + 1)?;
        let mut trailing: Vec<Comment> = self.comments().into_iter().map(|(c, _)| c).collect();
        let comma = if self.peek().kind == Kind::Comma { Some(self.next().start) } else { None };
        if comma.is_some() {
            // Comments on the comma's line belong to this entry; the ones below, to the next.
            while self.peek().kind == Kind::Comment && self.peek().breaks == 0 {
                let t = self.next();
                trailing.push(Comment { start: t.start, end: t.end, blank_before: false });
            }
        }
        Ok(Entry { leading, blank_before, name, value, comma, trailing, odd })
    }

    /// True when the word ahead is a field name: a `:` follows it, but not `::`.
    fn colon_after_word(&mut self) -> bool {
        let saved = (self.lexer.pos, self.ahead);
        self.next();
        let mut t = self.next();
        while t.kind == Kind::Comment {
            t = self.next();
        }
        let colon = t.kind == Kind::Colon && self.lexer.at(t.end) != b':';
        (self.lexer.pos, self.ahead) = saved;
        colon
    }
}

/// The value that starts at `start` of `text`, read whole.
pub fn read_value(text: &str, start: usize) -> Result<Node, Unreadable> {
    let mut parser = Parser { lexer: Lexer { src: text.as_bytes(), pos: start }, ahead: None, detail: MAX_DEPTH };
    parser.value(0)
}

/// The text of a string atom as ron reads it, or `None` for an atom that is not a string.
pub fn string_value(atom: &str) -> Option<String> {
    if atom.starts_with('"') && atom.len() >= 2 && !atom.contains('\\') {
        return Some(atom[1..atom.len() - 1].to_string());
    }
    if atom.starts_with('"') || atom.starts_with("r\"") || atom.starts_with("r#") {
        return ron::from_str::<String>(atom).ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "// head\n#![enable(implicit_some)]\nTimeline(\n    title: \"T\", // the title\n\n    // actors\n    actors: [\n        Actor(id: \"a\", name: r#\"x \"y\"\"#),\n    ],\n    /* end */\n)\n// after\n";

    #[test]
    fn reads_values_with_their_comments() {
        let file = read(SRC).unwrap();
        let Body::Record { name: Some((s, e)), seq } = &file.top.body else { panic!() };
        assert_eq!(&SRC[*s..*e], "Timeline");
        assert_eq!(seq.entries.len(), 2);
        let title = &seq.entries[0];
        assert_eq!(title.field(SRC), Some("title"));
        assert_eq!(&SRC[title.trailing[0].start..title.trailing[0].end], "// the title");
        let actors = &seq.entries[1];
        assert!(actors.blank_before || actors.leading[0].blank_before);
        assert_eq!(&SRC[actors.leading[0].start..actors.leading[0].end], "// actors");
        assert_eq!(&SRC[seq.dangling[0].start..seq.dangling[0].end], "/* end */");
        assert_eq!(file.after.len(), 1);
        let Body::List { seq: list } = &actors.value.body else { panic!() };
        let actor = &list.entries[0].value;
        assert!(SRC[actor.start..actor.end].ends_with("\"#)"));
    }

    #[test]
    fn decodes_strings() {
        assert_eq!(string_value("\"a\\\"b\"").as_deref(), Some("a\"b"));
        assert_eq!(string_value("r#\"a\"b\"#").as_deref(), Some("a\"b"));
        assert_eq!(string_value("Confirmed"), None);
    }

    #[test]
    fn refuses_what_is_not_ron() {
        assert!(read("Timeline(a: [1, 2)").is_err());
        assert!(read("Timeline(a: 1) x").is_err());
        assert!(read("Timeline(a: 1,, b: 2)").is_err());
    }
}
