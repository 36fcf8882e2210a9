//! The fast scan of one event of the timeline's `events` list, for the outline: where the event
//! ends and where its `when` string is, in one pass that jumps over strings with memchr (text is
//! most of an event) and looks at the few bytes between them one by one.
//!
//! It reads only what `timeline fmt` and hand-editing usually write: `Event(` or `(`, fields
//! whose names the format knows, strings, words, numbers, lists and nested brackets. Anything
//! else (a comment, a raw string, a character, an unknown field, a `when` that is not a plain
//! string, mismatched brackets, the end of the file, deep nesting) declines, and the outline's
//! walker reads the event as before, so that what is found is always what the walker finds
//! (`tests/scan.rs` compares them on arbitrary files).

use super::lex;

/// The structs the scan checks the fields of, as the outline's `Shape`s name them (the
/// outline gives the scan its `Schema`, so that the format's fields are still written once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Struct {
    Event,
    Cite,
    Link,
    /// Walked over without checks.
    Any,
    /// A struct the scan does not check: it declines.
    Other,
}

/// A struct's field names as bytes, in the order the format declares (and `fmt` writes) them,
/// each with the struct of the items of the list it holds.
pub struct Fields {
    pub names: Vec<&'static [u8]>,
    pub items: Vec<Struct>,
}

impl Fields {
    /// Which field `name` is, looking first at `guess` (the one after the last found).
    fn find(&self, name: &[u8], guess: usize) -> Option<usize> {
        if self.names.get(guess).is_some_and(|n| *n == name) {
            return Some(guess);
        }
        self.names.iter().position(|n| *n == name)
    }
}

/// The fields of an event, a citation and a link.
pub struct Schema {
    pub event: Fields,
    pub cite: Fields,
    pub link: Fields,
}

impl Schema {
    fn fields(&self, of: Struct) -> Option<&Fields> {
        match of {
            Struct::Event => Some(&self.event),
            Struct::Cite => Some(&self.cite),
            Struct::Link => Some(&self.link),
            Struct::Any | Struct::Other => None,
        }
    }
}

/// Where the event that starts at `start` ends (after its `)`), and the span of its `when`
/// string token (the last one, if written twice); `None` when the walker must read it.
pub fn event(src: &[u8], start: usize, schema: &Schema) -> Option<(usize, Option<(usize, usize)>)> {
    let mut scan = Scan { src, schema, pos: start, when: None, depth: 0 };
    if scan.at(start) == b'(' {
        scan.pos += 1;
    } else if src.get(start..)?.starts_with(b"Event(") {
        scan.pos += b"Event(".len();
    } else {
        return None;
    }
    scan.fields(Struct::Event)?;
    Some((scan.pos, scan.when))
}

/// Structs nested deeper than this are left to the walker (the format needs three).
const DEPTH: usize = 16;

/// Brackets nested deeper than this inside one value are left to the walker.
const BRACKETS: usize = 32;

struct Scan<'a> {
    src: &'a [u8],
    schema: &'a Schema,
    pos: usize,
    when: Option<(usize, usize)>,
    /// How many structs are open.
    depth: usize,
}

fn word_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn number_start(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.')
}

impl Scan<'_> {
    fn at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    /// Skips whitespace; a comment declines.
    fn trivia(&mut self) -> Option<()> {
        let mut pos = self.pos;
        // A line's indentation, eight spaces at a time.
        while self.src.get(pos..pos + 8) == Some(b"        ") {
            pos += 8;
        }
        while self.at(pos).is_ascii_whitespace() {
            pos += 1;
        }
        self.pos = pos;
        (self.at(pos) != b'/').then_some(())
    }

    /// A `"…"` string at `pos`; one that runs to the end of the file declines.
    fn string(&mut self) -> Option<()> {
        let end = lex::string_end(self.src, self.pos);
        if end >= self.src.len() {
            return None;
        }
        self.pos = end;
        Some(())
    }

    /// A plain word at `pos` (not a raw identifier, a raw string or a byte string), returning
    /// where it ends.
    fn word(&mut self) -> Option<usize> {
        let first = self.at(self.pos);
        if (first == b'r' || first == b'b')
            && (self.at(self.pos + 1) == b'#' || lex::raw_or_byte_string_end(self.src, self.pos).is_some())
        {
            return None;
        }
        let mut end = self.pos + 1;
        while self.at(end) == b'_' || self.at(end).is_ascii_alphanumeric() {
            end += 1;
        }
        self.pos = end;
        Some(end)
    }

    /// The inside of a struct of `shape`, after its `(`, up to and past its `)`.
    fn fields(&mut self, shape: Struct) -> Option<()> {
        self.depth += 1;
        if self.depth > DEPTH || shape == Struct::Other {
            return None;
        }
        let known = self.schema.fields(shape);
        let mut guess = 0;
        loop {
            self.trivia()?;
            match self.at(self.pos) {
                b')' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Some(());
                }
                b',' => self.pos += 1,
                c if word_start(c) => {
                    let start = self.pos;
                    let end = self.word()?;
                    self.trivia()?;
                    match (self.at(self.pos), self.at(self.pos + 1)) {
                        (b':', next) if next != b':' => {
                            self.pos += 1;
                            let items = match known {
                                Some(fields) => {
                                    let k = fields.find(&self.src[start..end], guess)?;
                                    guess = k + 1;
                                    fields.items[k]
                                }
                                None => Struct::Any,
                            };
                            self.field(shape, &self.src[start..end], items)?;
                        }
                        // A value such as `Some(...)`.
                        (b'(', _) => {
                            self.pos += 1;
                            self.fields(Struct::Any)?;
                        }
                        _ => {}
                    }
                }
                _ => self.value(Struct::Any)?,
            }
        }
    }

    /// The value of field `name` (a known one) of a struct of `shape`, a list of `items` if it
    /// is a list.
    fn field(&mut self, shape: Struct, name: &[u8], items: Struct) -> Option<()> {
        self.trivia()?;
        if shape == Struct::Event && name == b"when" {
            if self.at(self.pos) != b'"' {
                return None;
            }
            let start = self.pos;
            self.string()?;
            self.when = Some((start, self.pos));
            return Some(());
        }
        if items == Struct::Any || self.at(self.pos) != b'[' {
            return self.value(Struct::Any);
        }
        self.pos += 1;
        loop {
            self.trivia()?;
            match self.at(self.pos) {
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => self.pos += 1,
                _ => self.value(items)?,
            }
        }
    }

    /// One value; a struct's fields are read as of `shape`.
    fn value(&mut self, shape: Struct) -> Option<()> {
        self.trivia()?;
        match self.at(self.pos) {
            b'"' => self.string(),
            b'(' => {
                self.pos += 1;
                self.fields(shape)
            }
            b'[' | b'{' => self.brackets(),
            c if word_start(c) => {
                self.word()?;
                self.trivia()?;
                if self.at(self.pos) == b'(' {
                    self.pos += 1;
                    return self.fields(shape);
                }
                Some(())
            }
            c if number_start(c) => {
                self.pos = lex::other_end(self.src, self.pos);
                Some(())
            }
            _ => None,
        }
    }

    /// A `[…]` or `{…}` value, whose insides have no shape: skipped to its matching bracket.
    fn brackets(&mut self) -> Option<()> {
        let mut open = [0u8; BRACKETS];
        let mut depth = 0;
        loop {
            self.trivia()?;
            let c = self.at(self.pos);
            match c {
                b'(' | b'[' | b'{' => {
                    *open.get_mut(depth)? = c;
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    let opened = open[depth - 1];
                    if !matches!((opened, c), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                        return None;
                    }
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'"' => self.string()?,
                b',' | b':' => self.pos += 1,
                c if word_start(c) => {
                    self.word()?;
                }
                c if number_start(c) => self.pos = lex::other_end(self.src, self.pos),
                _ => return None,
            }
        }
    }
}

/// What a helper thread found reading the timeline's `events` list from `from`, an item's start
/// it guessed (see `boundaries`), as the outline's walker would read it from there if it
/// arrives at `from` with no item before it since the last comma: the events (start, end, when),
/// and where it stopped (at the list's end, at anything the scan declines, or at the first item
/// that starts at or after `until`) with the walker's state of the list there.
pub struct Run {
    pub starts: Vec<usize>,
    pub ends: Vec<usize>,
    pub whens: Vec<Option<(usize, usize)>>,
    pub stop: usize,
    /// Whether an item was read since the last comma, and whether every item was separated from
    /// the next by exactly one comma.
    pub after_item: bool,
    pub well_formed: bool,
}

/// Reads the items of the events list from `from` (see `Run`).
pub fn run(src: &[u8], from: usize, until: usize, schema: &Schema) -> Run {
    let mut run = Run {
        starts: Vec::new(),
        ends: Vec::new(),
        whens: Vec::new(),
        stop: from,
        after_item: false,
        well_formed: true,
    };
    let mut scan = Scan { src, schema, pos: from, when: None, depth: 0 };
    loop {
        if scan.trivia().is_none() {
            break;
        }
        match scan.at(scan.pos) {
            b',' => {
                run.well_formed &= run.after_item;
                run.after_item = false;
                scan.pos += 1;
            }
            _ if scan.pos >= until => break,
            b'E' | b'(' => match event(src, scan.pos, schema) {
                Some((end, when)) => {
                    run.well_formed &= !run.after_item;
                    run.after_item = true;
                    run.starts.push(scan.pos);
                    run.ends.push(end);
                    run.whens.push(when);
                    scan.pos = end;
                }
                None => break,
            },
            _ => break,
        }
    }
    run.stop = scan.pos;
    run
}

/// Where helpers might start reading the events list that opens at `open`, so that with the
/// walker each reads about an equal part: the start of an `Event(` after each part's first
/// byte. A guess, kept only if the walker arrives there (a string or a comment may hold
/// `Event(`).
pub fn boundaries(src: &[u8], open: usize, parts: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let part = src.len().saturating_sub(open) / parts.max(1);
    for k in 1..parts {
        let mut at = open + k * part;
        while let Some(i) = memchr::memmem::find(src.get(at..).unwrap_or_default(), b"Event(") {
            let start = at + i;
            if start > 0 && matches!(src[start - 1], b' ' | b'\t' | b'\n' | b'\r' | b',') {
                found.push(start);
                break;
            }
            at = start + 1;
        }
    }
    found.dedup();
    found
}
