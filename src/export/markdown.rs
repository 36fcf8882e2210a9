//! Markdown for notes and reports: CommonMark with GFM footnotes, every piece of timeline text
//! escaped, byte-identical for the same timeline and events.

use super::Options;
use crate::model::{Citation, EventIx, Link, SourceIx, Status, Timeline, grade_label, heading, heading_key};
use crate::sources::reference_of;
use crate::text::clean_line;
use std::borrow::Cow;
use std::fmt::Write;
use std::io;

/// Escapes text so that no character of it can change the document's structure.
pub fn escape(text: &str) -> Cow<'_, str> {
    if is_plain(text) {
        return Cow::Borrowed(text);
    }
    let clean = clean_line(text);
    // Indentation would make the text a code block (four spaces) or leave a list marker after it
    // to be read as one, and a paragraph drops it anyway: the text starts at its first character.
    let clean = clean.trim_start_matches(' ');
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        if is_markup(c) {
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
    Cow::Owned(out)
}

fn is_markup(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '$' | '^')
}

/// Text that `escape` would return unchanged: printable ASCII without markup, not starting
/// like a list item. Most text is, and needs no copy.
fn is_plain(text: &str) -> bool {
    let printable = text.bytes().all(|b| (0x20..0x7f).contains(&b) && !is_markup(char::from(b)));
    printable && !text.starts_with(['-', '+', '=', ' ']) && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// The first and last dates of the events, as precise as those events are: `2024-03-07`,
/// `2015-01`, `2001`.
pub fn range(timeline: &Timeline, events: &[EventIx]) -> Option<(String, String)> {
    let tz = timeline.timezone;
    let date = |instant: i64, precision: crate::model::when::Precision| {
        let pattern = match precision {
            crate::model::when::Precision::Year => "%Y",
            crate::model::when::Precision::Month => "%Y-%m",
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

/// Events per chunk rendered on one core.
const CHUNK: usize = 1024;

/// The whole document, written as it is made: chunks of events are rendered on every core and
/// written in order, so that a million events never sit in memory as one string.
pub fn write_markdown(
    out: &mut dyn io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
) -> io::Result<()> {
    write!(out, "# {}\n\n{}\n\n", escape(&timeline.title), provenance(timeline, events, options))?;
    // Footnotes are numbered in reading order, so where each chunk's numbering starts is known
    // before any chunk is rendered.
    let mut first_note = Vec::with_capacity(events.len().div_ceil(CHUNK));
    let mut notes = 1;
    for chunk in events.chunks(CHUNK) {
        first_note.push(notes);
        notes += chunk.iter().map(|&ix| timeline.events[ix].sources.len()).sum::<usize>();
    }
    let tz = timeline.timezone;
    let links = Links::of(timeline, events);
    super::in_order(out, events, CHUNK, |start, chunk| {
        let mut last_heading = start.checked_sub(1).map(|i| heading_key(&timeline.events[events[i]], tz));
        let mut note = first_note[start / CHUNK];
        let mut text = String::with_capacity(chunk.len() * 1024);
        for &ix in chunk {
            let e = &timeline.events[ix];
            let key = heading_key(e, tz);
            if last_heading != Some(key) {
                let _ = writeln!(text, "## {}\n", escape(&heading(e, tz).1));
                last_heading = Some(key);
            }
            event(&mut text, timeline, ix, options, &mut note, &links);
        }
        text
    })?;
    let cited = cited(timeline, events);
    if options.sources && !cited.is_empty() {
        out.write_all(b"## Sources\n\n")?;
        for &s in &cited {
            writeln!(out, "- <a id=\"source-{}\"></a>{}", timeline.sources[s].id, full_reference(timeline, s))?;
        }
        out.write_all(b"\n")?;
    }
    super::in_order(out, events, CHUNK, |start, chunk| {
        let mut text = String::with_capacity(chunk.len() * 256);
        let citations = chunk.iter().flat_map(|&ix| &timeline.events[ix].sources);
        for (note, c) in (first_note[start / CHUNK]..).zip(citations) {
            let _ = writeln!(text, "[^{note}]: {}", footnote(timeline, c, options.sources));
        }
        text
    })
}

/// The links of the exported events, both ways, gathered once; empty for a timeline without any.
struct Links<'a> {
    /// Whether each event of the timeline is in the export, so has an anchor to link to.
    exported: Vec<bool>,
    /// The links into each event.
    incoming: std::collections::HashMap<EventIx, Vec<&'a Link>>,
}

impl<'a> Links<'a> {
    fn of(timeline: &'a Timeline, events: &[EventIx]) -> Links<'a> {
        let mut links = Links { exported: Vec::new(), incoming: Default::default() };
        if timeline.links.is_empty() {
            return links;
        }
        links.exported = vec![false; timeline.events.len()];
        for &ix in events {
            links.exported[ix] = true;
        }
        for l in &timeline.links {
            links.incoming.entry(l.to).or_default().push(l);
        }
        links
    }

    /// `- **Contradicts:** [Title](#id): note`, an item of the event's list per link out of
    /// `ix`, then one per link into it (`Contradicted by`).
    fn write(&self, out: &mut String, timeline: &Timeline, ix: EventIx) {
        if self.exported.is_empty() {
            return;
        }
        let outgoing = timeline.links_from(ix).iter().map(|l| (l.kind.label().to_string(), l.to, l));
        let incoming =
            self.incoming.get(&ix).into_iter().flatten().map(|l| (capitalised(l.kind.inverse()), l.from, *l));
        for (label, other, link) in outgoing.chain(incoming) {
            let e = &timeline.events[other];
            let title = escape(&e.title);
            let _ = if self.exported[other] {
                write!(out, "- **{label}:** [{title}](#{})", e.id)
            } else {
                write!(out, "- **{label}:** {title} (not in this export)")
            };
            if let Some(note) = &link.note {
                let _ = write!(out, ": {}", escape(note));
            }
            out.push('\n');
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The sources the events cite, in order of first citation.
fn cited(timeline: &Timeline, events: &[EventIx]) -> Vec<SourceIx> {
    let mut seen = vec![false; timeline.sources.len()];
    let mut cited = Vec::new();
    for c in events.iter().flat_map(|&ix| &timeline.events[ix].sources) {
        if !std::mem::replace(&mut seen[c.source], true) {
            cited.push(c.source);
        }
    }
    cited
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
        // A bare year as readers count it: `301 BCE`, not ISO 8601's `-0300`.
        let year = |d: String| d.parse().map_or(d, crate::model::when::year_name);
        let _ = write!(line, ", {} to {}", year(first), year(last));
    }
    if options.filters.is_empty() {
        line.push_str("; no filters.");
    } else {
        let _ = write!(line, "; filters: {}.", escape(&options.filters.join("; ")));
    }
    line
}

fn event(out: &mut String, timeline: &Timeline, ix: EventIx, options: &Options, note: &mut usize, links: &Links) {
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
    let _ = match (e.status, e.claimed_by.is_empty()) {
        (Status::Claimed, _) => writeln!(out, "- **Status:** Claimed by {}", names(&e.claimed_by)),
        (Status::Disputed, false) => writeln!(out, "- **Status:** Disputed; asserted by {}", names(&e.claimed_by)),
        (s, _) => writeln!(out, "- **Status:** {}", s.name()),
    };
    if !e.tags.is_empty() {
        let tags: Vec<Cow<str>> = e.tags.iter().map(|t| escape(t)).collect();
        let _ = writeln!(out, "- **Tags:** {}", tags.join(", "));
    }
    if !e.sources.is_empty() {
        out.push_str("- **Sources:**");
        for _ in &e.sources {
            let _ = write!(out, " [^{note}]");
            *note += 1;
        }
        out.push('\n');
    }
    links.write(out, timeline, ix);
    out.push('\n');
    if let (true, Some(summary)) = (options.summaries, &e.summary) {
        let _ = writeln!(out, "{}\n", escape(summary));
    }
}

fn footnote(timeline: &Timeline, c: &Citation, linked: bool) -> String {
    let s = &timeline.sources[c.source];
    let mut text =
        if linked { format!("[{}](#source-{})", escape(&s.title), s.id) } else { full_reference(timeline, c.source) };
    if let Some(at) = &c.at {
        let _ = write!(text, ", {}", escape(at));
    }
    if let Some(q) = &c.quote {
        let _ = write!(text, ": “{}”", escape(q));
    }
    if let Some(grade) = grade_label(s.reliability, c.credibility) {
        let _ = write!(text, " ({grade})");
    }
    text
}

/// Authors, “title”, publisher, date, and the URL as a link when it is http(s).
fn full_reference(timeline: &Timeline, source: SourceIx) -> String {
    let s = &timeline.sources[source];
    let mut text = escape(reference_of(s, None, false).trim_end_matches('.')).into_owned();
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
    if !s.derived_from.is_empty() {
        let titles: Vec<String> =
            s.derived_from.iter().map(|&d| format!("“{}”", escape(&timeline.sources[d].title))).collect();
        let _ = write!(text, "; derived from {}", titles.join(", "));
    }
    if let Some(r) = s.reliability {
        let _ = write!(text, "; reliability {} ({})", r.name(), r.meaning());
    }
    text.push('.');
    text
}
