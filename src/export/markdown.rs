//! Markdown for notes and reports: CommonMark with GFM footnotes, every piece of timeline text
//! escaped, byte-identical for the same timeline and events.

use super::Options;
use super::inline::{escape_inline, is_markup, line_start, url_text};
use crate::model::{Citation, EventIx, Link, SourceIx, Status, Timeline, grade_label, heading, heading_key};
use crate::text::clean_line;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
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
    Cow::Owned(line_start(escape_inline(clean.trim_start_matches(' '))))
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

/// Which Markdown is written: for any CommonMark reader with GFM footnotes, or for pandoc (its
/// heading attributes and `[@source, para 4]` citations, with a CSL-JSON bibliography).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Plain,
    Pandoc,
}

/// The whole document, written as it is made: chunks of events are rendered on every core and
/// written in order, so that a million events never sit in memory as one string.
pub fn write_markdown(
    out: &mut dyn io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
) -> io::Result<()> {
    write_flavor(out, timeline, events, options, Flavor::Plain)
}

pub(crate) fn write_flavor(
    out: &mut dyn io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
    flavor: Flavor,
) -> io::Result<()> {
    let tz = timeline.timezone;
    match flavor {
        Flavor::Plain => write!(out, "# {}\n\n", escape(&timeline.title))?,
        Flavor::Pandoc => front_matter(out, timeline, events, options)?,
    }
    writeln!(out, "{}\n", provenance(timeline, events, options))?;
    // Footnotes are numbered in reading order, one per distinct (source, locator), so every
    // event's marks and every heading's anchor are known before any chunk is rendered.
    let notes = if flavor == Flavor::Plain { Notes::of(timeline, events) } else { Notes::default() };
    let links = Links::of(timeline, events);
    let anchors = Anchors::of(timeline, events, &links, flavor, options.html_anchors);
    let cited = cited(timeline, events);
    // citeproc writes the bibliography of the cited sources in a Pandoc document, in the chosen style.
    let refs = flavor == Flavor::Pandoc && !cited.is_empty();
    // Styled before the events are rendered, not after: the memory the style's driver takes is
    // then used again for the events' text, instead of adding to the export's peak.
    let pairs: Vec<(SourceIx, Option<&str>)> = notes.list.iter().map(|n| (n.source, n.at)).collect();
    let styled = (!refs).then(|| super::cite::style(timeline, &pairs, &options.citation_style));
    let ctx = Context { timeline, options, flavor, notes: &notes, anchors: &anchors, links: &links };
    super::in_order(out, events, CHUNK, |start, chunk, text| {
        let mut last_heading = start.checked_sub(1).map(|i| heading_key(&timeline.events[events[i]], tz));
        text.reserve(chunk.len() * 1024);
        for &ix in chunk {
            let e = &timeline.events[ix];
            let key = heading_key(e, tz);
            if last_heading != Some(key) {
                let _ = writeln!(text, "## {}\n", escape(&heading(e, tz).1));
                last_heading = Some(key);
            }
            event(text, &ctx, ix);
        }
    })?;
    let Some(styled) = styled else {
        out.write_all(b"## Sources\n\n::: {#refs}\n:::\n")?;
        return Ok(());
    };
    // A style without a bibliography (some note styles) gets the plain reference, in cited order.
    let entries = styled.sources.unwrap_or_else(|| cited.iter().map(|&s| (s, plain_reference(timeline, s))).collect());
    let section = options.sources && !cited.is_empty();
    if section {
        out.write_all(b"## Sources\n\n")?;
        for (s, entry) in &entries {
            let anchor = if options.html_anchors {
                format!("<a id=\"source-{}\"></a>", timeline.sources[*s].id)
            } else {
                String::new()
            };
            writeln!(out, "- {anchor}{}", source_entry(timeline, *s, entry))?;
        }
        out.write_all(b"\n")?;
    }
    // Without the Sources section, each footnote carries the source's entry itself.
    let full: Option<HashMap<SourceIx, &str>> =
        (!section).then(|| entries.iter().map(|(s, e)| (*s, e.as_str())).collect());
    super::in_order(out, &notes.list, CHUNK, |start, chunk, text| {
        text.reserve(chunk.len() * 256);
        for (n, note) in (start + 1..).zip(chunk) {
            let entry = full.as_ref().and_then(|f| f.get(&note.source).copied());
            let citation = styled.notes.get(n - 1).map_or("", String::as_str);
            let _ = writeln!(text, "[^{n}]: {}", footnote(note, citation, entry));
        }
    })
}

/// What every event's rendering reads.
struct Context<'a> {
    timeline: &'a Timeline,
    options: &'a Options,
    flavor: Flavor,
    notes: &'a Notes<'a>,
    anchors: &'a Anchors,
    links: &'a Links<'a>,
}

/// The footnotes of a document: one per distinct (source, locator), numbered from 1 in the order
/// of first citation; the quotes and grades of every citation of the pair are gathered in it.
#[derive(Default)]
struct Notes<'a> {
    number: std::collections::HashMap<(SourceIx, Option<&'a str>), usize>,
    list: Vec<Note<'a>>,
}

struct Note<'a> {
    source: SourceIx,
    at: Option<&'a str>,
    quotes: Vec<&'a str>,
    grades: Vec<String>,
}

impl<'a> Notes<'a> {
    fn of(timeline: &'a Timeline, events: &[EventIx]) -> Notes<'a> {
        let mut notes = Notes::default();
        for c in events.iter().flat_map(|&ix| &timeline.events[ix].sources) {
            let key = (c.source, c.at.as_deref());
            let n = *notes.number.entry(key).or_insert_with(|| {
                notes.list.push(Note { source: c.source, at: key.1, quotes: vec![], grades: vec![] });
                notes.list.len()
            });
            let note = &mut notes.list[n - 1];
            if let Some(q) = c.quote.as_deref().filter(|q| !note.quotes.contains(q)) {
                note.quotes.push(q);
            }
            let grade = grade_label(timeline.sources[c.source].reliability, c.credibility);
            if let Some(g) = grade.filter(|g| !note.grades.contains(g)) {
                note.grades.push(g);
            }
        }
        notes
    }

    /// `[^3],[^4]`: the marks of an event's citations, each note once. The comma keeps a reader
    /// from taking ³⁴ for note 34: renderers set consecutive marks side by side.
    fn marks(&self, citations: &[Citation]) -> String {
        let mut seen = Vec::new();
        let mut text = String::new();
        for c in citations {
            let n = self.number[&(c.source, c.at.as_deref())];
            if !seen.contains(&n) {
                if !seen.is_empty() {
                    text.push(',');
                }
                seen.push(n);
                let _ = write!(text, "[^{n}]");
            }
        }
        text
    }
}

/// Where a link to an event goes. Plain Markdown links to the id GitHub (and `pandoc -f gfm`)
/// makes from the heading's text: lower case, punctuation dropped, spaces as `-`, `-1`, `-2` …
/// after a repeat. Pandoc's Markdown and `--html-anchors` link to the event's own id, written as
/// `{#id}` after the heading or as an `<a id>` in it.
#[derive(Default)]
struct Anchors {
    /// Every heading's slug, for plain Markdown without HTML anchors; otherwise nothing is gathered.
    taken: std::collections::HashSet<String>,
    /// The last number added to each slug that repeated. The numbers below it are all taken, so
    /// the next repeat is looked for past it: the thousandth heading of one title does not try
    /// the 999 slugs before its own.
    repeats: std::collections::HashMap<String, usize>,
    /// The slug of each exported event's heading that a link leads to or from, by `EventIx`.
    of_event: std::collections::HashMap<EventIx, String>,
}

impl Anchors {
    /// The slugs of the document's headings, in order, kept for the events a link points to.
    /// Only links use them: without any, nothing is gathered, and a slug per event would hold
    /// two strings per event through the whole export (16 MB at 100,000 events).
    fn of(timeline: &Timeline, events: &[EventIx], links: &Links, flavor: Flavor, html: bool) -> Anchors {
        let mut anchors = Anchors::default();
        if flavor != Flavor::Plain || html || links.exported.is_empty() {
            return anchors;
        }
        let tz = timeline.timezone;
        anchors.take(&escape(&timeline.title));
        let mut last_heading = None;
        for &ix in events {
            let e = &timeline.events[ix];
            let key = heading_key(e, tz);
            if last_heading != Some(key) {
                anchors.take(&escape(&heading(e, tz).1));
                last_heading = Some(key);
            }
            anchors.event(timeline, ix, links);
        }
        anchors
    }

    /// Takes the slug of a heading's Markdown text, `-1`, `-2` … added after a repeat.
    fn take(&mut self, markdown: &str) -> String {
        let base = slug(markdown);
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let n = self.repeats.entry(base.clone()).or_default();
        let mut candidate;
        loop {
            *n += 1;
            candidate = format!("{base}-{n}");
            if !self.taken.contains(&candidate) {
                break;
            }
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Takes the slug of an event's heading, and keeps it if a link leads to or from the event.
    fn event(&mut self, timeline: &Timeline, ix: EventIx, links: &Links) {
        let slug = self.take(&escape(&timeline.events[ix].title));
        if links.touch(timeline, ix) {
            self.of_event.insert(ix, slug);
        }
    }

    fn target(&self, timeline: &Timeline, ix: EventIx) -> String {
        match self.of_event.get(&ix) {
            Some(slug) => slug.clone(),
            None => timeline.events[ix].id.to_string(),
        }
    }
}

/// GitHub's id for a heading whose Markdown is `markdown` (as `escape` writes it: a backslash
/// before markup): its text in lower case, without what is neither a letter, a digit, `_`, `-` nor
/// a space, and spaces as `-`.
pub fn slug(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        let c = if c == '\\' { chars.next().unwrap_or(c) } else { c };
        if c.is_alphanumeric() || c == '_' || c == '-' {
            text.extend(c.to_lowercase());
        } else if c == ' ' {
            text.push('-');
        }
    }
    text
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

    /// Whether a link leads to or from `ix`, so that a link item may point at its heading.
    fn touch(&self, timeline: &Timeline, ix: EventIx) -> bool {
        !timeline.links_from(ix).is_empty() || self.incoming.contains_key(&ix)
    }

    /// `- **Contradicts:** [Title](#id): note`, an item of the event's list per link out of
    /// `ix`, then one per link into it (`Contradicted by`).
    fn write(&self, out: &mut String, timeline: &Timeline, ix: EventIx, anchors: &Anchors) {
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
                write!(out, "- **{label}:** [{title}](#{})", anchors.target(timeline, other))
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

fn event(out: &mut String, ctx: &Context, ix: EventIx) {
    let (timeline, options) = (ctx.timeline, ctx.options);
    let e = &timeline.events[ix];
    let names = |ixs: &[usize]| ixs.iter().map(|&a| escape(&timeline.actors[a].name)).collect::<Vec<_>>().join(", ");
    // The citations are marked on the statement they support: the summary, or else the title.
    let marks = match ctx.flavor {
        Flavor::Plain => ctx.notes.marks(&e.sources),
        Flavor::Pandoc => citation(timeline, &e.sources),
    };
    let summary = e.summary.as_ref().filter(|_| options.summaries);
    let title_marks = if summary.is_none() { marks.as_str() } else { "" };
    let space = if ctx.flavor == Flavor::Pandoc && !title_marks.is_empty() { " " } else { "" };
    let title = escape(&e.title);
    let _ = match (ctx.flavor, options.html_anchors) {
        (Flavor::Pandoc, _) => writeln!(out, "### {title}{space}{title_marks} {{#{}}}\n", e.id),
        (Flavor::Plain, true) => writeln!(out, "### <a id=\"{}\"></a>{title}{title_marks}\n", e.id),
        (Flavor::Plain, false) => writeln!(out, "### {title}{title_marks}\n"),
    };
    let when = if options.notes { e.when.describe(timeline.timezone) } else { e.when.reads(timeline.timezone) };
    let _ = writeln!(out, "- **When:** {}", escape(&when));
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
    ctx.links.write(out, timeline, ix, ctx.anchors);
    out.push('\n');
    if let Some(summary) = summary {
        let space = if ctx.flavor == Flavor::Pandoc && !marks.is_empty() { " " } else { "" };
        let _ = writeln!(out, "{}{space}{marks}\n", escape(summary));
    }
}

/// The style's citation of a note's source and place, the quotes and their grades, and the
/// source's full entry where no Sources section holds it.
fn footnote(note: &Note, citation: &str, entry: Option<&str>) -> String {
    let mut text = citation.strip_suffix('.').unwrap_or(citation).to_string();
    if !note.quotes.is_empty() {
        let quotes: Vec<String> = note.quotes.iter().map(|q| format!("“{}”", escape_inline(q))).collect();
        let _ = write!(text, ": {}", quotes.join("; "));
    }
    if !note.grades.is_empty() {
        let _ = write!(text, " ({})", note.grades.join(", "));
    }
    text.push('.');
    if let Some(entry) = entry {
        let _ = write!(text, " {entry}");
    }
    text
}

/// A Sources entry: the style's reference, then what the file says of the source beyond it.
fn source_entry(timeline: &Timeline, source: SourceIx, reference: &str) -> String {
    let s = &timeline.sources[source];
    let mut text = reference.to_string();
    if !s.derived_from.is_empty() {
        let titles: Vec<String> =
            s.derived_from.iter().map(|&d| format!("“{}”", escape_inline(&timeline.sources[d].title))).collect();
        let _ = write!(text, " Derived from {}.", titles.join(", "));
    }
    if let Some(r) = s.reliability {
        let _ = write!(text, " Reliability {} ({}).", r.name(), r.meaning());
    }
    text
}

/// Authors, “title”, publisher, the date as a reader reads it, and the URL: for a style that
/// has no bibliography of its own.
fn plain_reference(timeline: &Timeline, source: SourceIx) -> String {
    let s = &timeline.sources[source];
    let mut parts: Vec<String> = Vec::new();
    if !s.authors.is_empty() {
        parts.push(escape_inline(&crate::sources::join_names(&s.authors)));
    }
    parts.push(format!("“{}”", escape_inline(&s.title)));
    parts.extend(s.publisher.as_deref().map(escape_inline));
    parts.extend(s.published.as_ref().map(|w| escape_inline(&w.reads(timeline.timezone))));
    parts.extend(s.url.as_deref().map(url_text));
    line_start(format!("{}.", parts.join(", ")))
}

/// `---`, the title, the bibliography (a file beside, or the references themselves), `---`.
fn front_matter(out: &mut dyn io::Write, timeline: &Timeline, events: &[EventIx], options: &Options) -> io::Result<()> {
    // YAML reads a JSON string as a string; pandoc reads metadata as Markdown.
    let quoted = |text: &str| Value::String(text.to_string()).to_string();
    writeln!(out, "---\ntitle: {}", quoted(&escape(&timeline.title)))?;
    match &options.bibliography {
        Some(file) => writeln!(out, "bibliography: {}", quoted(file))?,
        // YAML is a superset of JSON: the CSL-JSON itself is the value of `references`.
        None => writeln!(out, "references: {}", Value::Array(super::pandoc::items(timeline, events)))?,
    }
    writeln!(out, "link-citations: true\n---\n")
}

/// `[@a, para 4; @b]`: an event's citations, each (source, locator) once.
fn citation(timeline: &Timeline, citations: &[Citation]) -> String {
    let mut seen: Vec<(SourceIx, Option<&str>)> = Vec::new();
    let mut parts = Vec::new();
    for c in citations {
        let key = (c.source, c.at.as_deref());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let mut part = format!("@{}", timeline.sources[c.source].id);
        if let Some(at) = key.1 {
            let _ = write!(part, ", {}", locator(at));
        }
        parts.push(part);
    }
    if parts.is_empty() { String::new() } else { format!("[{}]", parts.join("; ")) }
}

/// A locator as citeproc reads it: `¶4` is `para 4`; other text is kept, escaped.
fn locator(at: &str) -> String {
    let at = at.trim();
    let text = match at.strip_prefix('¶') {
        Some(rest) => format!("para {}", rest.trim()),
        None => at.to_string(),
    };
    let escaped = escape(&text).into_owned();
    escaped.replace('@', "\\@").replace(';', "\\;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_locator_is_read_by_citeproc_as_one() {
        assert_eq!(locator("¶4"), "para 4");
        assert_eq!(locator("¶4–5"), "para 4–5");
        assert_eq!(locator("p. 12; fn @3"), "p. 12\\; fn \\@3");
    }

    #[test]
    fn a_repeated_heading_takes_the_first_number_free() {
        let mut anchors = Anchors::default();
        let taken: Vec<String> = ["a", "a", "a-1", "a", "a-2", "a"].iter().map(|h| anchors.take(h)).collect();
        assert_eq!(taken, ["a", "a-1", "a-1-1", "a-2", "a-2-1", "a-3"]);
        let mut anchors = Anchors::default();
        let taken: Vec<String> = ["b", "b-1", "b"].iter().map(|h| anchors.take(h)).collect();
        assert_eq!(taken, ["b", "b-1", "b-2"], "a heading's own text is a number taken");
    }

    #[test]
    fn slugs_are_githubs() {
        assert_eq!(
            slug("Putin dismisses the US warnings as \"outright blackmail\""),
            "putin-dismisses-the-us-warnings-as-outright-blackmail"
        );
        assert_eq!(slug(&escape("ISIS-K: 9/11 & the \\*rest\\*")), "isis-k-911--the-rest");
    }
}
