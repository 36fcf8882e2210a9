//! A parser for events written the way docs/FORMAT.md writes them, several times faster than ron
//! on the events that make up nearly all of a large file.
//!
//! ron stays the reference: this parser accepts only a subset of what ron accepts and gives the
//! same `RawEvent` for it, and declines (`None`) anything else, which ron then parses. What it
//! declines: block comments, raw strings, escapes other than `\"`, `\\`, `\n`, `\r` and `\t`,
//! `Some(..)` and `None`, numbers beyond nine digits or with a sign other than `-`, a space
//! between a struct's name and its `(` or between a field's name and its `:`, whitespace that is
//! not a space, tab or line break, and any field it does not know, so that a field added to the
//! format is parsed by ron until it is added here. A diagnostic is never made here: an event that
//! ron would refuse is always declined, and ron says why.
//!
//! `tests/fast_path.rs` and the fuzz target `fast_path` hold it to ron.

use super::raw::{Number, RawCite, RawEvent, RawLink, RawText, Word};

/// The event whose value is the whole of `text` (as the outline cuts it out of the file), or
/// `None` when it is not written in the subset this parser knows.
pub(crate) fn event(text: &str) -> Option<RawEvent<'_>> {
    let mut parser = Parser { text, pos: 0 };
    let event = parser.event()?;
    parser.trivia()?;
    (parser.pos == text.len()).then_some(event)
}

/// Whether `text` is an event this parser reads (for tests and benchmarks).
pub fn takes(text: &str) -> bool {
    event(text).is_some()
}

const EVENT: &[&str] =
    &["id", "when", "title", "summary", "actors", "place", "tags", "status", "claimed_by", "sources", "links"];
const CITE: &[&str] = &["source", "at", "quote", "reported", "credibility"];
const LINK: &[&str] = &["kind", "to", "note"];

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let here = self.peek() == Some(byte);
        self.pos += usize::from(here);
        here
    }

    /// Skips spaces, line breaks and line comments; declines at a block comment.
    fn trivia(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if bytes.get(self.pos + 1) == Some(&b'/') => {
                    let rest = &bytes[self.pos..];
                    self.pos += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                }
                Some(b'/') => return None,
                _ => return Some(()),
            }
        }
    }

    /// An ASCII identifier. Raw identifiers (`r#x`) and ron's other ones are declined by what
    /// follows them.
    fn ident(&mut self) -> Option<&'a str> {
        let rest = &self.text.as_bytes()[self.pos..];
        if !rest.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            return None;
        }
        let len = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        self.pos += len;
        Some(&self.text[self.pos - len..self.pos])
    }

    /// True when the value just read ends here: what follows it is a separator, a closing bracket
    /// or trivia. Otherwise ron may read the value on (`1_000`, `3.5`, `Confirmedé`).
    fn ends_here(&self) -> bool {
        matches!(self.peek(), None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'/'))
    }

    /// `Name(` or `(`.
    fn open(&mut self, name: &str) -> Option<()> {
        if self.peek() != Some(b'(') && self.ident()? != name {
            return None;
        }
        self.eat(b'(').then_some(())
    }

    /// The fields of a struct up to its `)`, each handed to `field` with its place in `known`.
    /// A field not in `known`, or given twice, declines.
    fn fields(&mut self, known: &[&str], mut field: impl FnMut(&mut Self, usize) -> Option<()>) -> Option<()> {
        let mut seen = 0u32;
        loop {
            self.trivia()?;
            if self.eat(b')') {
                return Some(());
            }
            let name = self.ident()?;
            let at = known.iter().position(|k| *k == name)?;
            if seen & (1 << at) != 0 || !self.eat(b':') {
                return None;
            }
            seen |= 1 << at;
            self.trivia()?;
            field(self, at)?;
            self.trivia()?;
            if !self.eat(b',') {
                return self.eat(b')').then_some(());
            }
        }
    }

    /// `[item, item, ...]`, a comma after the last item allowed.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if !self.eat(b'[') {
            return None;
        }
        let mut items = Vec::new();
        loop {
            self.trivia()?;
            if self.eat(b']') {
                return Some(items);
            }
            items.push(item(self)?);
            self.trivia()?;
            if !self.eat(b',') {
                return self.eat(b']').then_some(items);
            }
        }
    }

    /// A string in double quotes: a slice of the text when it has no escape, as ron gives it.
    fn string(&mut self) -> Option<RawText<'a>> {
        if !self.eat(b'"') {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let at = start + memchr::memchr2(b'"', b'\\', &bytes[start..])?;
        if bytes[at] == b'"' {
            self.pos = at + 1;
            return Some(RawText::Slice(&self.text[start..at]));
        }
        self.pos = at;
        self.escaped(start).map(RawText::Decoded)
    }

    /// The rest of a string from its first escape at `self.pos`; `start` is after its quote.
    fn escaped(&mut self, start: usize) -> Option<String> {
        let bytes = self.text.as_bytes();
        let mut decoded = String::from(&self.text[start..self.pos]);
        loop {
            // At a backslash.
            decoded.push(match bytes.get(self.pos + 1)? {
                b'"' => '"',
                b'\\' => '\\',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                _ => return None,
            });
            let from = self.pos + 2;
            let at = from + memchr::memchr2(b'"', b'\\', &bytes[from..])?;
            decoded.push_str(&self.text[from..at]);
            self.pos = at;
            if bytes[at] == b'"' {
                self.pos += 1;
                return Some(decoded);
            }
        }
    }

    fn strings(&mut self) -> Option<Vec<RawText<'a>>> {
        self.list(Self::string)
    }

    /// A bare word such as `Confirmed`. `None` and `Some` mean something else to ron.
    fn word(&mut self) -> Option<Word> {
        let word = self.ident()?;
        let special = word.starts_with("None") || word.starts_with("Some");
        (!special && self.ends_here()).then(|| Word(word.to_string()))
    }

    /// A whole number of at most nine digits, without leading zeros, perhaps after a `-`.
    fn number(&mut self) -> Option<Number> {
        let negative = self.eat(b'-');
        let rest = &self.text.as_bytes()[self.pos..];
        let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let zero_led = rest.first() == Some(&b'0') && (len > 1 || negative);
        if len == 0 || len > 9 || zero_led {
            return None;
        }
        let digits = &self.text[self.pos..self.pos + len];
        self.pos += len;
        let value: i64 = digits.parse().ok()?;
        self.ends_here().then_some(Number(if negative { -value } else { value }))
    }

    fn event(&mut self) -> Option<RawEvent<'a>> {
        self.open("Event")?;
        let mut e = RawEvent::default();
        self.fields(EVENT, |p, field| {
            match field {
                0 => e.id = Some(p.string()?),
                1 => e.when = Some(p.string()?),
                2 => e.title = Some(p.string()?),
                3 => e.summary = Some(p.string()?),
                4 => e.actors = p.strings()?,
                5 => e.place = Some(p.string()?),
                6 => e.tags = p.strings()?,
                7 => e.status = Some(p.word()?),
                8 => e.claimed_by = p.strings()?,
                9 => e.sources = p.list(Self::cite)?,
                _ => e.links = p.list(Self::link)?,
            }
            Some(())
        })?;
        Some(e)
    }

    fn cite(&mut self) -> Option<RawCite<'a>> {
        self.open("Cite")?;
        let mut c = RawCite::default();
        self.fields(CITE, |p, field| {
            match field {
                0 => c.source = Some(p.string()?),
                1 => c.at = Some(p.string()?),
                2 => c.quote = Some(p.string()?),
                3 => c.reported = Some(p.string()?),
                _ => c.credibility = Some(p.number()?),
            }
            Some(())
        })?;
        Some(c)
    }

    fn link(&mut self) -> Option<RawLink<'a>> {
        self.open("Link")?;
        let mut l = RawLink::default();
        self.fields(LINK, |p, field| {
            match field {
                0 => l.kind = Some(p.word()?),
                1 => l.to = Some(p.string()?),
                _ => l.note = Some(p.string()?),
            }
            Some(())
        })?;
        Some(l)
    }
}

/// For the differential test and the fuzz target: `Err` with both readings when this parser
/// accepts `text` and ron, parsing it as the loader does, refuses it or reads another event.
/// Strings are compared with their places in `text`, since the events keep them as spans.
pub fn agrees_with_ron(text: &str) -> Result<(), String> {
    let Some(fast) = event(text) else { return Ok(()) };
    let ron: Result<RawEvent, _> = super::ron_options().from_str(text);
    match ron {
        Ok(ron) if reading(&ron, text) == reading(&fast, text) => Ok(()),
        Ok(ron) => Err(format!("ron read {}\nthe fast path read {}", reading(&ron, text), reading(&fast, text))),
        Err(e) => Err(format!("ron refused it ({e})\nthe fast path read {}", reading(&fast, text))),
    }
}

/// An event as text, its strings with their places in `text` when they are slices of it.
fn reading(e: &RawEvent, text: &str) -> String {
    let place = |t: &RawText| match t {
        RawText::Slice(s) => format!("{:?}@{}", *s, (s.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize)),
        RawText::Decoded(s) => format!("{s:?}"),
    };
    let all = |ts: &[RawText]| ts.iter().map(place).collect::<Vec<_>>().join(",");
    let one = |t: &Option<RawText>| t.as_ref().map(place).unwrap_or_default();
    let cites: Vec<String> = e
        .sources
        .iter()
        .map(|c| {
            let fields = [one(&c.source), one(&c.at), one(&c.quote), one(&c.reported)];
            format!("Cite({} {:?})", fields.join(" "), c.credibility)
        })
        .collect();
    let links: Vec<String> =
        e.links.iter().map(|l| format!("Link({:?} {} {})", l.kind, one(&l.to), one(&l.note))).collect();
    let texts = [one(&e.id), one(&e.when), one(&e.title), one(&e.summary), one(&e.place)];
    format!(
        "{} [{}] [{}] {:?} [{}] {} {}",
        texts.join(" "),
        all(&e.actors),
        all(&e.tags),
        e.status,
        all(&e.claimed_by),
        cites.join(" "),
        links.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_event_as_the_format_writes_it() {
        let text = r#"Event(
            id: "putin-ukraine-claim", // a comment
            when: "2024-03-22/2024-03-25",
            title: "Putin \"cites\" the arrest site",
            actors: ["putin"],
            status: Claimed,
            claimed_by: ["putin",],
            sources: [
                Cite(source: "gpf", at: "¶4", quote: "one reason", reported: "2024-03-25", credibility: 3),
            ],
            links: [Link(kind: Follows, to: "crocus", note: "The claim answers the attack.")],
        )"#;
        let e = event(text).expect("canonical");
        assert_eq!(&*e.title.unwrap(), "Putin \"cites\" the arrest site");
        assert_eq!(e.sources[0].credibility, Some(Number(3)));
        assert_eq!(agrees_with_ron(text), Ok(()));
    }

    #[test]
    fn reads_the_edges_of_the_subset_as_ron_does() {
        for text in [
            "(id:\"a\")",
            "Event(\r\n  id: \"a\", // c\r\n)",
            "Event(id: \"a\"// c\n)",
            "Event(status: true)",
            "Event(status: _x, tags: [])",
            "Event(status: Confirmed// c\n)",
            "Event(sources: [(credibility: 0), Cite(credibility: -7,)])",
            "Event(title: \"a\\\\b\\tc\\\"\")",
            "Event(title: \"multi\nline\")",
            "Event()",
        ] {
            assert!(event(text).is_some(), "{text}");
            assert_eq!(agrees_with_ron(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn declines_what_it_does_not_know() {
        for text in [
            r#"Event(id: "a", colour: "red")"#,
            r#"Event(id: "a", id: "b")"#,
            r#"Event(id: Some("a"))"#,
            r#"Event(id: r"a")"#,
            r#"Event(id: "\u{41}")"#,
            r#"Event(id: "a" /* b */)"#,
            r#"Event (id: "a")"#,
            r#"Evnt(id: "a")"#,
            r#"Event(status: None)"#,
            r#"Event(sources: [Cite(credibility: 1_0)])"#,
            r#"Event(sources: [Cite(credibility: 3.5)])"#,
            r#"Event(sources: [Cite(credibility: 03)])"#,
            r#"Event(id: "a",,)"#,
            r#"Event(id: "a") x"#,
        ] {
            assert!(event(text).is_none(), "{text}");
        }
    }
}
