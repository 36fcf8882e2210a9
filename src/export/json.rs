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
    let tz = timeline.timezone;
    let actor = |&ix: &usize| timeline.actors[ix].id.as_str();
    let value = JsonEvent {
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
    };
    serde_json::to_string(&value).unwrap_or_default()
}
