//! Where things are in a RON file that the ron crate has already parsed.
//!
//! serde hands us values without positions, so this module finds positions in the text: the
//! start of every actor, source and event, every field name that the format does not know, and on
//! demand the exact span of one value (`events[7].actors[2]`) for a diagnostic. It only tokenises
//! (strings, comments, brackets, identifiers); values are parsed by ron, or for canonical events
//! by `load::fast`, which ron checks. The events of the timeline's list are read by `load::scan`
//! when they are written as usual (on every core when the list is large), and walked otherwise.

use super::raw::{RawActor, RawCite, RawEvent, RawLink, RawSource, RawTimeline, Record, record};
use super::{lex, scan};
use std::sync::LazyLock;

/// The kinds of struct the format defines, so that field names can be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Timeline,
    Actor,
    Source,
    Event,
    Cite,
    Link,
    /// Anything else: walked over without checks.
    Any,
}

impl Shape {
    pub fn name(self) -> &'static str {
        self.record().map_or("value", |r| r.name)
    }

    pub fn fields(self) -> &'static [&'static str] {
        self.record().map_or(&[], |r| r.fields)
    }

    /// The record as the serde types declare it, read from them once.
    fn record(self) -> Option<&'static Record> {
        static RECORDS: LazyLock<[Record; 6]> = LazyLock::new(|| {
            [
                record::<RawTimeline>(),
                record::<RawActor>(),
                record::<RawSource>(),
                record::<RawEvent>(),
                record::<RawCite>(),
                record::<RawLink>(),
            ]
        });
        let at = match self {
            Shape::Timeline => 0,
            Shape::Actor => 1,
            Shape::Source => 2,
            Shape::Event => 3,
            Shape::Cite => 4,
            Shape::Link => 5,
            Shape::Any => return None,
        };
        Some(&RECORDS[at])
    }

    /// The shape of the items of a list held in `field`.
    pub fn items_of(self, field: &str) -> Shape {
        match (self, field) {
            (Shape::Timeline, "actors") => Shape::Actor,
            (Shape::Timeline, "sources") => Shape::Source,
            (Shape::Timeline, "events") => Shape::Event,
            (Shape::Event, "sources") => Shape::Cite,
            (Shape::Event, "links") => Shape::Link,
            _ => Shape::Any,
        }
    }
}

/// The fields `scan` checks, from the shapes.
static SCHEMA: LazyLock<scan::Schema> = LazyLock::new(|| {
    let fields = |shape: Shape| scan::Fields {
        names: shape.fields().iter().map(|n| n.as_bytes()).collect(),
        items: shape
            .fields()
            .iter()
            .map(|n| match shape.items_of(n) {
                Shape::Event => scan::Struct::Event,
                Shape::Cite => scan::Struct::Cite,
                Shape::Link => scan::Struct::Link,
                Shape::Any => scan::Struct::Any,
                Shape::Timeline | Shape::Actor | Shape::Source => scan::Struct::Other,
            })
            .collect(),
    };
    scan::Schema { event: fields(Shape::Event), cite: fields(Shape::Cite), link: fields(Shape::Link) }
});

/// A field name the format does not define, at byte offset `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    pub at: usize,
    pub name: String,
    pub shape: Shape,
}

/// Byte offsets of the items of the three top-level lists, in file order.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Where the `Timeline( ... )` value starts.
    pub top: usize,
    pub actors: Vec<usize>,
    pub sources: Vec<usize>,
    pub events: Vec<usize>,
    /// Where each event's value ends (exclusive), parallel to `events`.
    pub event_ends: Vec<usize>,
    /// The span of each event's `when` value (its last, if written twice), parallel to
    /// `events`: what the browser's first screen sorts by before the events are parsed.
    pub event_whens: Vec<Option<(usize, usize)>>,
    /// The `[` and `]` of the timeline's `events` list, when it is one.
    pub events_list: Option<(usize, usize)>,
    pub unknown_fields: Vec<UnknownField>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    Ident,
    Scalar,
    Eof,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Deeper nesting than this is skipped rather than walked (the format needs four levels).
const MAX_DEPTH: usize = 64;

/// The size of an events list from which it is read on every core (see `Walker::field`):
/// starting a thread costs less than scanning this much.
const PARALLEL_FROM: usize = 1 << 20;

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    /// The token read by the last `peek`, and where it was read from: the walk peeks at nearly
    /// every token before taking it, and would otherwise read each one twice.
    peeked: Option<(usize, Token)>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, pos: usize) -> Self {
        Scanner { src: src.as_bytes(), pos: pos.max(super::text_start(src)), peeked: None }
    }

    fn at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn skip_trivia(&mut self) {
        loop {
            while self.at(self.pos).is_ascii_whitespace() {
                self.pos += 1;
            }
            match (self.at(self.pos), self.at(self.pos + 1)) {
                (b'/', b'/') => {
                    let rest = &self.src[self.pos..];
                    self.pos += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                }
                (b'/', b'*') => self.pos = lex::block_comment_end(self.src, self.pos),
                _ => return,
            }
        }
    }

    fn peek(&mut self) -> Token {
        match self.peeked {
            Some((at, token)) if at == self.pos => token,
            _ => {
                let save = self.pos;
                let token = self.read();
                self.pos = save;
                self.peeked = Some((save, token));
                token
            }
        }
    }

    fn next(&mut self) -> Token {
        match self.peeked.take() {
            // A token depends only on where it is read from, so a peek made here still holds.
            Some((at, token)) if at == self.pos => {
                self.pos = token.end;
                token
            }
            _ => self.read(),
        }
    }

    fn read(&mut self) -> Token {
        self.skip_trivia();
        let start = self.pos;
        let kind = match self.at(start) {
            0 if start >= self.src.len() => Kind::Eof,
            c @ (b'(' | b'[' | b'{') => {
                self.pos += 1;
                Kind::Open(c)
            }
            c @ (b')' | b']' | b'}') => {
                self.pos += 1;
                Kind::Close(c)
            }
            b':' => {
                self.pos += 1;
                Kind::Colon
            }
            b',' => {
                self.pos += 1;
                Kind::Comma
            }
            _ => {
                let (end, word) = lex::value(self.src, self.pos);
                self.pos = end;
                if word { Kind::Ident } else { Kind::Scalar }
            }
        };
        Token { kind, start, end: self.pos }
    }

    fn eat(&mut self, kind: Kind) -> bool {
        if self.peek().kind == kind {
            self.next();
            true
        } else {
            false
        }
    }

    /// True when an identifier just read is a field name (`name:` but not `a::b`).
    fn colon_follows(&mut self) -> bool {
        let token = self.peek();
        token.kind == Kind::Colon && self.at(token.end) != b':'
    }

    /// Skips one value and returns its span.
    fn skip_value(&mut self) -> (usize, usize) {
        let first = self.next();
        let mut end = first.end;
        let mut depth = match first.kind {
            Kind::Open(_) => 1,
            Kind::Ident if self.peek().kind == Kind::Open(b'(') => {
                self.next();
                1
            }
            _ => 0,
        };
        while depth > 0 {
            let t = self.next();
            end = t.end;
            match t.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) => depth -= 1,
                Kind::Eof => break,
                _ => {}
            }
        }
        (first.start, end)
    }
}

impl Outline {
    /// Walks a file that ron has already accepted.
    pub fn of(src: &str) -> Outline {
        Outline::of_with(src, &super::Progress::default())
    }

    /// `of`, reporting how far it has come at each event.
    pub fn of_with(src: &str, progress: &super::Progress) -> Outline {
        Outline::walk(src, progress, true, None)
    }

    /// `of` by the walker alone, without the fast scan of events: what the scan is held to.
    #[doc(hidden)]
    pub fn walked(src: &str) -> Outline {
        Outline::walk(src, &super::Progress::default(), false, None)
    }

    /// `of` with the events list read in `parts` by as many threads, whatever its size.
    #[doc(hidden)]
    pub fn of_in_parts(src: &str, parts: usize) -> Outline {
        Outline::walk(src, &super::Progress::default(), true, Some(parts))
    }

    /// Whether the outline of `src` found with the scan, in one part and in several, is the
    /// walker's: `tests/scan.rs` and the fuzz target `scan` hold the scan to it.
    #[doc(hidden)]
    pub fn scan_agrees_with_walker(src: &str) -> Result<(), String> {
        let walked = Outline::walked(src);
        for parts in [1, 2, 3] {
            let fast = Outline::of_in_parts(src, parts);
            let differences = [
                ("top", fast.top == walked.top),
                ("actors", fast.actors == walked.actors),
                ("sources", fast.sources == walked.sources),
                ("events", fast.events == walked.events),
                ("event_ends", fast.event_ends == walked.event_ends),
                ("event_whens", fast.event_whens == walked.event_whens),
                ("events_list", fast.events_list == walked.events_list),
                ("unknown_fields", fast.unknown_fields == walked.unknown_fields),
            ];
            if let Some((what, _)) = differences.iter().find(|(_, same)| !same) {
                return Err(format!("in {parts} parts, {what} differ:\nscan {fast:?}\nwalker {walked:?}"));
            }
        }
        Ok(())
    }

    fn walk(src: &str, progress: &super::Progress, fast: bool, parts: Option<usize>) -> Outline {
        let mut walker = Walker { scanner: Scanner::new(src, 0), outline: Outline::default(), progress, fast, parts };
        walker.skip_attributes();
        walker.outline.top = walker.scanner.peek().start;
        walker.value(Shape::Timeline, 0);
        walker.outline
    }
}

struct Walker<'a> {
    scanner: Scanner<'a>,
    outline: Outline,
    progress: &'a super::Progress,
    /// Whether the events of the top-level list are read by `scan::event` when it can.
    fast: bool,
    /// In how many parts that list is read, whatever its size (`None`: one per core when it
    /// is large).
    parts: Option<usize>,
}

impl Walker<'_> {
    /// Skips `#![enable(...)]` lines at the top of the file.
    fn skip_attributes(&mut self) {
        loop {
            let token = self.scanner.peek();
            if token.kind != Kind::Scalar || self.scanner.at(token.start) != b'#' {
                return;
            }
            self.scanner.next();
            if self.scanner.at(self.scanner.pos) == b'!' {
                self.scanner.pos += 1;
            }
            self.scanner.skip_value();
        }
    }

    fn value(&mut self, shape: Shape, depth: usize) {
        if depth > MAX_DEPTH {
            self.scanner.skip_value();
            return;
        }
        let token = self.scanner.peek();
        match token.kind {
            Kind::Ident => {
                self.scanner.next();
                if self.scanner.eat(Kind::Open(b'(')) {
                    self.fields(shape, depth);
                }
            }
            Kind::Open(b'(') => {
                self.scanner.next();
                self.fields(shape, depth);
            }
            _ => {
                self.scanner.skip_value();
            }
        }
    }

    /// The inside of `Name( ... )`: named fields or tuple items.
    fn fields(&mut self, shape: Shape, depth: usize) {
        loop {
            let token = self.scanner.peek();
            match token.kind {
                Kind::Close(_) | Kind::Eof => {
                    self.scanner.next();
                    return;
                }
                Kind::Comma => {
                    self.scanner.next();
                }
                Kind::Ident => {
                    self.scanner.next();
                    if self.scanner.colon_follows() {
                        self.scanner.next();
                        let src = self.scanner.src;
                        let name = std::str::from_utf8(&src[token.start..token.end]).unwrap_or("");
                        self.field(shape, name, token.start, depth);
                    } else {
                        // A value such as `Some(...)`: `value` walks it, and stops at the depth limit.
                        self.scanner.pos = token.start;
                        self.value(Shape::Any, depth + 1);
                    }
                }
                _ => self.value(Shape::Any, depth + 1),
            }
        }
    }

    fn field(&mut self, shape: Shape, name: &str, at: usize, depth: usize) {
        let known = shape == Shape::Any || shape.fields().contains(&name);
        let items = shape.items_of(name);
        if !known {
            self.outline.unknown_fields.push(UnknownField { at, name: name.to_string(), shape });
            self.scanner.skip_value();
            return;
        }
        if shape == Shape::Event && name == "when" {
            let token = self.scanner.peek();
            if let Some(when) = self.outline.event_whens.last_mut() {
                *when = (token.kind == Kind::Scalar).then_some((token.start, token.end));
            }
        }
        if items == Shape::Any || self.scanner.peek().kind != Kind::Open(b'[') {
            self.value(Shape::Any, depth + 1);
            return;
        }
        let open = self.scanner.next().start;
        let top_events = shape == Shape::Timeline && items == Shape::Event;
        if !(top_events && self.fast) {
            return self.list(items, shape, open, depth, &mut Vec::new(), &mut Vec::new());
        }
        // The events list of a large file is read by every core: helpers start at guessed
        // item starts (see `scan::boundaries`), and the walker takes what one read when it
        // arrives where it started.
        let src = self.scanner.src;
        let parts = match self.parts {
            Some(parts) => parts,
            None if src.len() - open >= PARALLEL_FROM => std::thread::available_parallelism().map_or(1, |n| n.get()),
            None => 1,
        };
        let guesses = scan::boundaries(src, open, parts);
        std::thread::scope(|scope| {
            let mut helpers: Vec<_> = guesses
                .iter()
                .enumerate()
                .map(|(k, &from)| {
                    let until = guesses.get(k + 1).copied().unwrap_or(usize::MAX);
                    scope.spawn(move || scan::run(src, from, until, &SCHEMA))
                })
                .collect();
            let mut guesses = guesses.clone();
            helpers.reverse();
            guesses.reverse();
            self.list(items, shape, open, depth, &mut guesses, &mut helpers);
        });
    }

    /// The items of a list of `items` held by a struct of `shape`, after its `[` at `open`.
    /// `helpers`, last first, have read parts of the top-level events list from `guesses`
    /// (see `field`).
    fn list<'s>(
        &mut self,
        items: Shape,
        shape: Shape,
        open: usize,
        depth: usize,
        guesses: &mut Vec<usize>,
        helpers: &mut Vec<std::thread::ScopedJoinHandle<'s, scan::Run>>,
    ) {
        let top_events = shape == Shape::Timeline && items == Shape::Event;
        // Items must be separated by exactly one comma; a list that is not is left to ron, which
        // says where (the parallel loader takes only lists whose items it can parse one by one).
        let (mut after_item, mut well_formed) = (false, true);
        loop {
            let token = self.scanner.peek();
            match token.kind {
                Kind::Close(_) | Kind::Eof => {
                    self.scanner.next();
                    if top_events && well_formed && token.kind == Kind::Close(b']') {
                        self.outline.events_list = Some((open, token.start));
                    }
                    return;
                }
                Kind::Comma => {
                    well_formed &= after_item;
                    after_item = false;
                    self.scanner.next();
                }
                _ => {
                    // Helpers that started where the walk did not arrive are of no use.
                    while guesses.last().is_some_and(|&from| from < token.start) {
                        guesses.pop();
                        helpers.pop();
                    }
                    if guesses.last() == Some(&token.start)
                        && let (Some(_), Some(helper)) = (guesses.pop(), helpers.pop())
                    {
                        let run = helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                        if !run.starts.is_empty() {
                            well_formed &= !after_item && run.well_formed;
                            after_item = run.after_item;
                            self.scanner.pos = run.stop;
                            self.progress.at(run.stop);
                            let o = &mut self.outline;
                            o.events.extend(run.starts);
                            o.event_ends.extend(run.ends);
                            o.event_whens.extend(run.whens);
                            continue;
                        }
                    }
                    well_formed &= !after_item;
                    after_item = true;
                    self.record(items, token.start, shape);
                    match top_events && self.fast {
                        true => self.event(token.start, depth),
                        false => self.value(items, depth + 1),
                    }
                    if top_events {
                        self.outline.event_ends.push(self.scanner.pos);
                    }
                }
            }
        }
    }

    /// An event of the top-level list: scanned fast when it is written as usual, else walked.
    fn event(&mut self, start: usize, depth: usize) {
        match scan::event(self.scanner.src, start, &SCHEMA) {
            Some((end, when)) => {
                self.scanner.pos = end;
                if let Some(slot) = self.outline.event_whens.last_mut() {
                    *slot = when;
                }
            }
            None => self.value(Shape::Event, depth + 1),
        }
    }

    fn record(&mut self, items: Shape, start: usize, parent: Shape) {
        if parent != Shape::Timeline {
            return;
        }
        match items {
            Shape::Actor => self.outline.actors.push(start),
            Shape::Source => self.outline.sources.push(start),
            Shape::Event => {
                self.outline.events.push(start);
                self.outline.event_whens.push(None);
                if self.outline.events.len().is_multiple_of(4096) {
                    self.progress.at(start);
                }
            }
            _ => {}
        }
    }
}

/// One step of a path to a value inside an item.
#[derive(Clone, Copy, Debug)]
pub enum Step<'p> {
    Field(&'p str),
    Index(usize),
}

/// The span (start, end) of the value at `path` inside the struct or list starting at `start`.
pub fn locate(src: &str, start: usize, path: &[Step]) -> Option<(usize, usize)> {
    let mut scanner = Scanner::new(src, start);
    for step in path {
        match step {
            Step::Field(name) => enter_field(&mut scanner, name)?,
            Step::Index(i) => enter_item(&mut scanner, *i)?,
        }
    }
    let mut probe = Scanner::new(src, scanner.pos);
    Some(probe.skip_value())
}

/// Moves the scanner to the value of field `name` of the struct at the scanner.
fn enter_field(scanner: &mut Scanner, name: &str) -> Option<()> {
    let head = scanner.next();
    if head.kind == Kind::Ident && !scanner.eat(Kind::Open(b'(')) {
        return None;
    }
    loop {
        let token = scanner.next();
        match token.kind {
            Kind::Close(_) | Kind::Eof => return None,
            Kind::Comma => {}
            Kind::Ident if scanner.colon_follows() => {
                scanner.next();
                if &scanner.src[token.start..token.end] == name.as_bytes() {
                    scanner.skip_trivia();
                    return Some(());
                }
                scanner.skip_value();
            }
            _ => {
                scanner.pos = token.start;
                scanner.skip_value();
            }
        }
    }
}

/// Moves the scanner to item `index` of the list at the scanner.
fn enter_item(scanner: &mut Scanner, index: usize) -> Option<()> {
    if scanner.next().kind != Kind::Open(b'[') {
        return None;
    }
    let mut seen = 0;
    loop {
        let token = scanner.peek();
        match token.kind {
            Kind::Close(_) | Kind::Eof => return None,
            Kind::Comma => {
                scanner.next();
            }
            _ if seen == index => {
                scanner.skip_trivia();
                return Some(());
            }
            _ => {
                scanner.skip_value();
                seen += 1;
            }
        }
    }
}

/// The span of the string literal that ends just before `offset`, if the token there is one.
pub fn string_before(src: &str, offset: usize) -> Option<(usize, usize)> {
    let mut scanner = Scanner::new(src, 0);
    let mut last = None;
    loop {
        let t = scanner.next();
        if t.kind == Kind::Eof || t.start >= offset {
            return last.filter(|&(s, _): &(usize, usize)| src.as_bytes()[s] == b'"');
        }
        last = Some((t.start, t.end));
    }
}

/// The innermost bracket left open at the end of `src`, for "never closed" messages.
pub fn unclosed_bracket(src: &str) -> Option<(usize, char)> {
    let mut scanner = Scanner::new(src, 0);
    let mut open = Vec::new();
    loop {
        let t = scanner.next();
        match t.kind {
            Kind::Open(c) => open.push((t.start, c as char)),
            Kind::Close(_) => {
                open.pop();
            }
            Kind::Eof => return open.pop(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"#![enable(implicit_some)]
// a comment with ( [ "
Timeline(
    title: "A (tricky) \"title\" [",
    actors: [
        Actor(id: "a", name: r#"raw ) "str"#, aliases: ["x"]),
        Actor(id: "b", name: "B", colour: 'c'),
    ],
    events: [
        /* block /* nested */ ( */
        Event(id: "e1", when: "2024", title: "T", actors: ["a", "b"], sorces: []),
        (id: "e2", when: "2024", title: "U", sources: [Cite(source: "s", page: 4)]),
    ],
)
"##;

    #[test]
    fn finds_every_item_of_the_top_level_lists() {
        let outline = Outline::of(SRC);
        let lines: Vec<usize> = outline.events.iter().map(|&at| SRC[..at].lines().count()).collect();
        assert_eq!(outline.actors.len(), 2);
        assert_eq!(lines, vec![11, 12], "1-based lines of the two events");
        assert!(SRC[outline.actors[1]..].starts_with("Actor(id: \"b\""));
    }

    #[test]
    fn finds_each_events_when_and_none_inside_other_values() {
        let src =
            SRC.replace("(id: \"e2\", when: \"2024\"", "(id: \"e2\", title: \"when: 1999\", tags: [(when: \"x\")]");
        let outline = Outline::of(&src);
        let whens: Vec<Option<&str>> = outline.event_whens.iter().map(|w| w.map(|(s, e)| &src[s..e])).collect();
        assert_eq!(whens, vec![Some("\"2024\""), None]);
    }

    #[test]
    fn reports_unknown_fields_with_their_struct() {
        let names: Vec<(String, Shape)> =
            Outline::of(SRC).unknown_fields.into_iter().map(|u| (u.name, u.shape)).collect();
        assert_eq!(
            names,
            vec![("colour".into(), Shape::Actor), ("sorces".into(), Shape::Event), ("page".into(), Shape::Cite)]
        );
    }

    #[test]
    fn locates_a_value_by_path() {
        let outline = Outline::of(SRC);
        let at = |item: usize, path: &[Step]| {
            let (s, e) = locate(SRC, outline.events[item], path).unwrap();
            &SRC[s..e]
        };
        assert_eq!(at(0, &[Step::Field("actors"), Step::Index(1)]), "\"b\"");
        assert_eq!(at(0, &[Step::Field("when")]), "\"2024\"");
        assert_eq!(at(1, &[Step::Field("sources"), Step::Index(0), Step::Field("source")]), "\"s\"");
        assert_eq!(at(1, &[Step::Field("sources"), Step::Index(0)]), "Cite(source: \"s\", page: 4)");
        assert_eq!(locate(SRC, outline.events[0], &[Step::Field("place")]), None);
    }

    #[test]
    fn finds_the_bracket_left_open() {
        assert_eq!(unclosed_bracket("Timeline(\n  events: [\n    Event(id: \"x\")"), Some((20, '[')));
        assert_eq!(unclosed_bracket("Timeline()"), None);
    }
}
