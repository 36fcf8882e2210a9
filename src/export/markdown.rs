//! Markdown for notes and reports: CommonMark with GFM footnotes, every piece of timeline text
//! escaped, byte-identical for the same timeline and events.

use crate::model::{EventIx, SourceIx, Status, Timeline, heading};
use crate::sources::reference_of;
use crate::text::clean_line;
use std::fmt::Write;

/// What goes into an export besides the events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The file the events come from, as the user named it.
    pub file: String,
    /// The active filters in words (`Filter::describe`).
    pub filters: Vec<String>,
    pub summaries: bool,
    /// A Sources section with full references; without it, each footnote carries the reference.
    pub sources: bool,
}

impl Options {
    pub fn new(file: &str, filters: Vec<String>) -> Options {
        Options { file: file.to_string(), filters, summaries: true, sources: true }
    }
}

/// Escapes text so that no character of it can change the document's structure.
pub fn escape(text: &str) -> String {
    let clean = clean_line(text);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '$' | '^') {
            out.push('\\');
        }
        out.push(c);
    }
    // At the start of a line, `-`, `+`, `=` and `1.` / `1)` would begin a list or a heading rule.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The first and last dates of the events, as precise as those events are: `2024-03-07`,
/// `2015-01`, `2001`.
pub fn range(timeline: &Timeline, events: &[EventIx]) -> Option<(String, String)> {
    let tz = timeline.timezone;
    let date = |instant: i64, precision: crate::when::Precision| {
        let pattern = match precision {
            crate::when::Precision::Year => "%Y",
            crate::when::Precision::Month => "%Y-%m",
            _ => "%Y-%m-%d",
        };
        chrono::DateTime::from_timestamp(instant, 0).map(|t| t.with_timezone(&tz).format(pattern).to_string())
    };
    let known = |ix: &EventIx| {
        let e = &timeline.events[*ix];
        (e.sort_instant() != i64::MIN).then_some(e)
    };
    let first = events.iter().find_map(known).and_then(|e| date(e.sort_instant(), e.when.precision()))?;
    let last = events.iter().rev().find_map(known).and_then(|e| {
        let end = if e.end == i64::MAX { e.sort_instant() } else { e.end };
        date(end, e.when.precision())
    })?;
    Some((first, last))
}

/// `1 event`, `12 events`.
pub fn events_count(n: usize) -> String {
    format!("{n} event{}", if n == 1 { "" } else { "s" })
}

/// The whole document.
pub fn markdown(timeline: &Timeline, events: &[EventIx], options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&timeline.title));
    let _ = writeln!(out, "{}\n", provenance(timeline, events, options));
    let mut footnotes: Vec<String> = Vec::new();
    let mut cited: Vec<SourceIx> = Vec::new();
    let mut last_heading = None;
    for &ix in events {
        let e = &timeline.events[ix];
        let (key, label) = heading(e, timeline.timezone);
        if last_heading != Some(key) {
            let _ = writeln!(out, "## {}\n", escape(&label));
            last_heading = Some(key);
        }
        event(&mut out, timeline, ix, options, &mut footnotes, &mut cited);
    }
    if options.sources && !cited.is_empty() {
        out.push_str("## Sources\n\n");
        for &s in &cited {
            let _ = writeln!(out, "- <a id=\"source-{}\"></a>{}", timeline.sources[s].id, full_reference(timeline, s));
        }
        out.push('\n');
    }
    for (n, text) in footnotes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {text}", n + 1);
    }
    out
}

/// `Exported from `timeline.ron`: 12 of 38 events, 2024-03-07 to 2024-03-25; filters: …`
fn provenance(timeline: &Timeline, events: &[EventIx], options: &Options) -> String {
    let mut line = format!(
        "Exported from `{}`: {} of {}",
        options.file.replace('`', "'"),
        events.len(),
        events_count(timeline.events.len())
    );
    if let Some((first, last)) = range(timeline, events) {
        let _ = write!(line, ", {first} to {last}");
    }
    if options.filters.is_empty() {
        line.push_str("; no filters.");
    } else {
        let _ = write!(line, "; filters: {}.", escape(&options.filters.join("; ")));
    }
    line
}

fn event(
    out: &mut String,
    timeline: &Timeline,
    ix: EventIx,
    options: &Options,
    footnotes: &mut Vec<String>,
    cited: &mut Vec<SourceIx>,
) {
    let e = &timeline.events[ix];
    let names = |ixs: &[usize]| ixs.iter().map(|&a| escape(&timeline.actors[a].name)).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "### <a id=\"{}\"></a>{}\n", e.id, escape(&e.title));
    let _ = writeln!(out, "- **When:** {}", escape(&e.when.describe(timeline.timezone)));
    if !e.actors.is_empty() {
        let _ = writeln!(out, "- **Actors:** {}", names(&e.actors));
    }
    if let Some(place) = &e.place {
        let _ = writeln!(out, "- **Place:** {}", escape(place));
    }
    let status = match (e.status, e.claimed_by.is_empty()) {
        (Status::Claimed, _) => format!("Claimed by {}", names(&e.claimed_by)),
        (Status::Disputed, false) => format!("Disputed; asserted by {}", names(&e.claimed_by)),
        (s, _) => s.name().to_string(),
    };
    let _ = writeln!(out, "- **Status:** {status}");
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| escape(t)).collect();
        let _ = writeln!(out, "- **Tags:** {}", tags.join(", "));
    }
    if !e.sources.is_empty() {
        let marks: Vec<String> = e
            .sources
            .iter()
            .map(|c| {
                if !cited.contains(&c.source) {
                    cited.push(c.source);
                }
                footnotes.push(footnote(timeline, c.source, c.at.as_deref(), c.quote.as_deref(), options.sources));
                format!("[^{}]", footnotes.len())
            })
            .collect();
        let _ = writeln!(out, "- **Sources:** {}", marks.join(" "));
    }
    out.push('\n');
    if let (true, Some(summary)) = (options.summaries, &e.summary) {
        let _ = writeln!(out, "{}\n", escape(summary));
    }
}

fn footnote(timeline: &Timeline, source: SourceIx, at: Option<&str>, quote: Option<&str>, linked: bool) -> String {
    let s = &timeline.sources[source];
    let mut text =
        if linked { format!("[{}](#source-{})", escape(&s.title), s.id) } else { full_reference(timeline, source) };
    if let Some(at) = at {
        let _ = write!(text, ", {}", escape(at));
    }
    if let Some(q) = quote {
        let _ = write!(text, ": “{}”", escape(q));
    }
    text
}

/// Authors, “title”, publisher, date, and the URL as a link when it is http(s).
fn full_reference(timeline: &Timeline, source: SourceIx) -> String {
    let s = &timeline.sources[source];
    let mut text = escape(reference_of(s, None, false).trim_end_matches('.'));
    if let Some(url) = &s.url {
        match crate::sources::safe_url(url).ok().filter(|u| !u.contains(['<', '>'])) {
            Some(url) => {
                let _ = write!(text, ", <{url}>");
            }
            None => {
                let _ = write!(text, ", {}", escape(url));
            }
        }
    }
    text.push('.');
    text
}
