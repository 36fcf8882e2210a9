//! One JSON object per event, every field, for jq and other tools.

use crate::model::when::{Bound, Span, iso};
use crate::model::{ActorIx, Event, EventIx, Link, SourceIx, Timeline, grade};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    when: JsonWhen<'a>,
    title: &'a str,
    summary: Option<&'a str>,
    actors: Vec<&'a str>,
    place: Option<&'a str>,
    tags: &'a [crate::model::Text],
    status: &'static str,
    claimed_by: Vec<&'a str>,
    sources: Vec<JsonCite<'a>>,
    /// The links out of this event. Left out when there are none, as are the other fields
    /// added with them (issue 19), so that a timeline without them exports as it did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<JsonLink<'a>>,
    /// The links into this event from others, so that a reader sees both ways.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    linked_from: Vec<JsonLinkedFrom<'a>>,
    line: u32,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    kind: &'static str,
    to: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLinkedFrom<'a> {
    kind: &'static str,
    from: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonWhen<'a> {
    text: &'a str,
    start: Option<String>,
    end: Option<String>,
    precision: &'static str,
    approximate: bool,
    uncertain: bool,
    interval: bool,
    /// Why an interval's `start` is null: `open` (`../2024-03-25`, no beginning) or `unknown`
    /// (`/2024-03-25`, a beginning not known). Left out when the start is a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    start_bound: Option<&'static str>,
    /// Why an interval's `end` is null: `open` (`2024-03-21/..`) or `unknown` (`2024-03-21/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    end_bound: Option<&'static str>,
}

/// What an interval's end without a date is: open or unknown; `None` for a date.
fn missing(bound: Bound) -> Option<&'static str> {
    match bound {
        Bound::Known(_) => None,
        Bound::Open => Some("open"),
        Bound::Unknown => Some("unknown"),
    }
}

#[derive(Serialize)]
struct JsonCite<'a> {
    source: &'a str,
    at: Option<&'a str>,
    quote: Option<&'a str>,
    /// When the source had it (EDTF, as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<u8>,
    /// The source's reliability and this credibility together, `B2`, when both are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<String>,
}

/// The event as one line of JSON (no trailing newline). Its links are found by its id among
/// the timeline's links, which are few.
pub fn event_line(timeline: &Timeline, e: &Event) -> String {
    let is = |ix: EventIx| timeline.events[ix].id == e.id;
    let links = timeline.links.iter().filter(|l| is(l.from));
    let linked_from = timeline.links.iter().filter(|l| is(l.to));
    let mut out = SafeText::new(Vec::new());
    let _ = serde_json::to_writer(&mut out, &value(timeline, e, links, linked_from));
    String::from_utf8(out.into_inner()).unwrap_or_default()
}

/// JSON escapes C0 controls but writes C1 controls and bidirectional overrides as they are, and
/// JSON may well be read on a terminal: this writer escapes those too (`\u009b`), so the text is
/// still exact for a program and inert on a screen. JSON's structure is ASCII, so whatever it
/// changes is inside strings.
pub struct SafeText<W: std::io::Write> {
    inner: W,
    /// The start of a character that the last write cut in two.
    carry: Vec<u8>,
}

impl<W: std::io::Write> SafeText<W> {
    pub fn new(inner: W) -> Self {
        SafeText { inner, carry: Vec::new() }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: std::io::Write> std::io::Write for SafeText<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.carry.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.carry) {
            Ok(text) => text.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not UTF-8 at all: not from serde_json; passed on untouched.
            Err(_) => self.carry.len(),
        };
        let text = String::from_utf8_lossy(&self.carry[..valid]).into_owned();
        // JSON escapes every C0 control inside strings itself, and its own whitespace is ASCII.
        let unsafe_char = |c: char| !c.is_ascii() && crate::text::is_unsafe(c);
        if text.chars().any(unsafe_char) {
            for c in text.chars() {
                if unsafe_char(c) {
                    write!(self.inner, "\\u{:04x}", c as u32)?;
                } else {
                    let mut utf8 = [0; 4];
                    self.inner.write_all(c.encode_utf8(&mut utf8).as_bytes())?;
                }
            }
        } else {
            self.inner.write_all(text.as_bytes())?;
        }
        self.carry.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.carry);
        self.inner.write_all(&rest)?;
        self.inner.flush()
    }
}

/// A source with every field, as the JSON export and the CSV export's records write it.
#[derive(Serialize)]
pub(super) struct JsonSource<'a> {
    id: &'a str,
    title: &'a str,
    authors: &'a [String],
    publisher: Option<&'a str>,
    published: Option<&'a str>,
    url: Option<&'a str>,
    archive: Option<&'a str>,
    /// The capture of the copy (`timeline capture`): the bytes kept, their SHA-256, when (UTC)
    /// and from where. Left out when the source has none, as in exports before them.
    #[serde(skip_serializing_if = "Option::is_none")]
    original: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    captured: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    captured_from: Option<&'a str>,
    note: Option<&'a str>,
    /// The ids of the sources this one derives from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    derived_from: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<&'static str>,
}

impl<'a> JsonSource<'a> {
    pub(super) fn of(timeline: &'a Timeline, s: SourceIx) -> Self {
        let s = &timeline.sources[s];
        JsonSource {
            id: &s.id,
            title: &s.title,
            authors: &s.authors,
            publisher: s.publisher.as_deref(),
            published: s.published.as_ref().map(|w| w.text.as_str()),
            url: s.url.as_deref(),
            archive: s.archive.as_deref(),
            original: s.original.as_deref(),
            sha256: s.sha256.as_deref(),
            captured: s.captured.as_deref(),
            captured_from: s.captured_from.as_deref(),
            note: s.note.as_deref(),
            derived_from: s.derived_from.iter().map(|&d| timeline.sources[d].id.as_str()).collect(),
            reliability: s.reliability.map(|r| r.name()),
        }
    }
}

/// An actor with every field, as the JSON export and the CSV export's records write it.
#[derive(Serialize)]
pub(super) struct JsonActor<'a> {
    id: &'a str,
    name: &'a str,
    short: Option<&'a str>,
    kind: &'static str,
    aliases: &'a [String],
    note: Option<&'a str>,
}

impl<'a> JsonActor<'a> {
    pub(super) fn of(timeline: &'a Timeline, a: ActorIx) -> Self {
        let a = &timeline.actors[a];
        JsonActor {
            id: &a.id,
            name: &a.name,
            short: a.short.as_deref(),
            kind: a.kind.name(),
            aliases: &a.aliases,
            note: a.note.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// The offset for times written without one (`+03:00`), so that an import reads them alike.
    timezone: String,
    /// The event relative times count from, when it is among those exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
    exported_from: &'a str,
    filters: &'a [String],
    events: Events<'a>,
    /// Every actor the events name, in `actors` or `claimed_by`, so that each id resolves.
    actors: Vec<JsonActor<'a>>,
    sources: Vec<JsonSource<'a>>,
}

/// The export as one JSON document: the events with every field, the actors they name and the
/// sources they cite (docs/json-schema.json describes it),
/// written as it is made: each event is serialised from the timeline as it is reached, never
/// gathered first.
pub fn write_document(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[usize],
    options: &super::Options,
) -> std::io::Result<()> {
    let mut cited: Vec<usize> =
        events.iter().flat_map(|&ix| timeline.events[ix].sources.iter().map(|c| c.source)).collect();
    // With the sources they derive from, and theirs, so that every `derived_from` id is here.
    let mut listed = vec![false; timeline.sources.len()];
    let mut next = 0;
    cited.retain(|&s| !std::mem::replace(&mut listed[s], true));
    while let Some(&s) = cited.get(next) {
        next += 1;
        for &d in &timeline.sources[s].derived_from {
            if !std::mem::replace(&mut listed[d], true) {
                cited.push(d);
            }
        }
    }
    cited.sort_unstable();
    let mut named = vec![false; timeline.actors.len()];
    for &ix in events {
        let e = &timeline.events[ix];
        for &a in e.actors.iter().chain(&e.claimed_by) {
            named[a] = true;
        }
    }
    // The links into each event, gathered once.
    let mut incoming: HashMap<EventIx, Vec<&Link>> = HashMap::new();
    for l in &timeline.links {
        incoming.entry(l.to).or_default().push(l);
    }
    let anchor = timeline.anchor.filter(|a| events.contains(a));
    let doc = Document {
        title: &timeline.title,
        description: timeline.description.as_deref(),
        timezone: timeline.timezone.to_string(),
        anchor: anchor.map(|a| timeline.events[a].id.as_str()),
        exported_from: &options.file,
        filters: &options.filters,
        events: Events { timeline, events, incoming },
        actors: timeline
            .actors
            .iter()
            .zip(named)
            .filter(|(_, named)| *named)
            .enumerate()
            .filter(|(_, (_, named))| *named)
            .map(|(a, _)| JsonActor::of(timeline, a))
            .collect(),
        sources: cited.into_iter().map(|s| JsonSource::of(timeline, s)).collect(),
    };
    let mut safe = SafeText::new(&mut *out);
    serde_json::to_writer_pretty(&mut safe, &doc)?;
    std::io::Write::flush(&mut safe)?;
    out.write_all(b"\n")
}

/// The events of a document, serialised one by one.
struct Events<'a> {
    timeline: &'a Timeline,
    events: &'a [usize],
    incoming: HashMap<EventIx, Vec<&'a Link>>,
}

impl Serialize for Events<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = self.timeline;
        serializer.collect_seq(self.events.iter().map(|&ix| {
            let incoming = self.incoming.get(&ix).map_or(&[][..], Vec::as_slice);
            value(t, &t.events[ix], t.links_from(ix).iter(), incoming.iter().copied())
        }))
    }
}

fn value<'a>(
    timeline: &'a Timeline,
    e: &'a Event,
    links: impl Iterator<Item = &'a Link>,
    linked_from: impl Iterator<Item = &'a Link>,
) -> JsonEvent<'a> {
    let id = |ix: EventIx| timeline.events[ix].id.as_str();
    let tz = timeline.timezone;
    let actor = |&ix: &usize| timeline.actors[ix].id.as_str();
    JsonEvent {
        id: &e.id,
        when: JsonWhen {
            text: &e.when.text,
            start: e.when.start(tz).map(|t| iso(t, tz)),
            end: e.when.end(tz).map(|t| iso(t, tz)),
            precision: e.when.precision().as_str(),
            approximate: e.when.approximate(),
            uncertain: e.when.uncertain(),
            interval: e.when.is_interval(),
            start_bound: match e.when.span {
                Span::Interval(from, _) => missing(from),
                Span::Point(_) => None,
            },
            end_bound: match e.when.span {
                Span::Interval(_, to) => missing(to),
                Span::Point(_) => None,
            },
        },
        title: &e.title,
        summary: e.summary.as_deref(),
        actors: e.actors.iter().map(actor).collect(),
        place: e.place.as_deref(),
        tags: &e.tags,
        status: e.status.name(),
        claimed_by: e.claimed_by.iter().map(actor).collect(),
        sources: e
            .sources
            .iter()
            .map(|c| JsonCite {
                source: &timeline.sources[c.source].id,
                at: c.at.as_deref(),
                quote: c.quote.as_deref(),
                reported: c.reported.as_ref().map(|w| w.text.as_str()),
                credibility: c.credibility,
                grade: grade(timeline.sources[c.source].reliability, c.credibility),
            })
            .collect(),
        links: links.map(|l| JsonLink { kind: l.kind.name(), to: id(l.to), note: l.note.as_deref() }).collect(),
        linked_from: linked_from
            .map(|l| JsonLinkedFrom { kind: l.kind.name(), from: id(l.from), note: l.note.as_deref() })
            .collect(),
        line: e.line,
    }
}
