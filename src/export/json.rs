//! One JSON object per event, every field, for jq and other tools.

use crate::model::{Event, Timeline};
use crate::when::iso;
use serde::Serialize;

#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    when: JsonWhen<'a>,
    title: &'a str,
    summary: Option<&'a str>,
    actors: Vec<&'a str>,
    place: Option<&'a str>,
    tags: &'a [String],
    status: &'static str,
    claimed_by: Vec<&'a str>,
    sources: Vec<JsonCite<'a>>,
    line: u32,
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
}

#[derive(Serialize)]
struct JsonCite<'a> {
    source: &'a str,
    at: Option<&'a str>,
    quote: Option<&'a str>,
}

/// The event as one line of JSON (no trailing newline).
pub fn event_line(timeline: &Timeline, e: &Event) -> String {
    serde_json::to_string(&value(timeline, e)).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonSource<'a> {
    id: &'a str,
    title: &'a str,
    authors: &'a [String],
    publisher: Option<&'a str>,
    published: Option<&'a str>,
    url: Option<&'a str>,
    archive: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    exported_from: &'a str,
    filters: &'a [String],
    events: Events<'a>,
    sources: Vec<JsonSource<'a>>,
}

/// The export as one JSON document: the events with every field, and the sources they cite.
pub fn document(timeline: &Timeline, events: &[usize], options: &super::markdown::Options) -> String {
    let mut out = Vec::new();
    write_document(&mut out, timeline, events, options).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON is text")
}

/// `document`, written as it is made: each event is serialised from the timeline as it is
/// reached, never gathered first.
pub fn write_document(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[usize],
    options: &super::markdown::Options,
) -> std::io::Result<()> {
    let mut cited: Vec<usize> =
        events.iter().flat_map(|&ix| timeline.events[ix].sources.iter().map(|c| c.source)).collect();
    cited.sort_unstable();
    cited.dedup();
    let doc = Document {
        title: &timeline.title,
        exported_from: &options.file,
        filters: &options.filters,
        events: Events { timeline, events },
        sources: cited
            .into_iter()
            .map(|s| {
                let s = &timeline.sources[s];
                JsonSource {
                    id: &s.id,
                    title: &s.title,
                    authors: &s.authors,
                    publisher: s.publisher.as_deref(),
                    published: s.published.as_ref().map(|w| w.text.as_str()),
                    url: s.url.as_deref(),
                    archive: s.archive.as_deref(),
                    note: s.note.as_deref(),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The events of a document, serialised one by one.
struct Events<'a> {
    timeline: &'a Timeline,
    events: &'a [usize],
}

impl Serialize for Events<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.events.iter().map(|&ix| value(self.timeline, &self.timeline.events[ix])))
    }
}

fn value<'a>(timeline: &'a Timeline, e: &'a Event) -> JsonEvent<'a> {
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
            })
            .collect(),
        line: e.line,
    }
}
