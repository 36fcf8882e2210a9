//! Timelines from elsewhere: TimelineJS JSON, CSV in TimelineJS's spreadsheet columns, and any CSV
//! through a column mapping. Each becomes `Imported` rows, and `write` turns those into a readable
//! RON timeline: actors and sources de-duplicated under generated ids, dates at the precision the
//! input has, and a warning with its row for everything that could not be used.

pub mod bib;
mod csv;
mod dates;
mod json;
mod ours;
mod ron_out;

pub use csv::{Mapping, Preset};

use crate::load::{Diagnostic, kebab};
use std::collections::HashMap;

/// One event as read from the input, before ids are given out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Where the row was in the input (1-based, as a spreadsheet counts, header included).
    pub number: usize,
    pub id: Option<String>,
    /// EDTF, as precise as the input.
    pub when: String,
    pub title: String,
    pub summary: Option<String>,
    pub actors: Vec<String>,
    pub tags: Vec<String>,
    /// (URL, credit).
    pub source: Option<(Option<String>, Option<String>)>,
    /// Further citations, with where in the source and its words (TimelineJS's links).
    pub cites: Vec<Cited>,
    pub place: Option<String>,
    /// A status's name as the format writes it (`Claimed`); `None`: reported, the default.
    pub status: Option<&'static str>,
    /// The names of the actors who claim it, as `actors`.
    pub claimed_by: Vec<String>,
    /// More sources, known only by their names.
    pub sources_named: Vec<String>,
}

/// A citation as read: a source by its URL or else its title, and the place in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cited {
    pub url: Option<String>,
    pub title: Option<String>,
    pub at: Option<String>,
    pub quote: Option<String>,
    /// The source's id, where the input says it (our own TimelineJS export does).
    pub id: Option<String>,
}

/// What reading an input found.
#[derive(Debug, Default)]
pub struct Imported {
    pub title: Option<String>,
    pub description: Option<String>,
    pub rows: Vec<Row>,
    /// (row, why it could not be used).
    pub warnings: Vec<(usize, Diagnostic)>,
    /// The offset for times written without one (`+03:00`).
    pub timezone: Option<String>,
    /// A timeline read whole, every field, from our own JSON or CSV export: written as it is,
    /// without rows.
    whole: Option<ron_out::Timeline>,
}

impl Imported {
    /// No event to write.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.whole.as_ref().is_none_or(|w| w.events.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    TimelineJsJson,
    TimelineJsCsv,
    Csv,
    /// `timeline export --format json`.
    OwnJson,
    /// `timeline export --format csv`.
    OwnCsv,
}

/// Reads `text` as `input`; `mapping` is for plain CSV. An error is a problem with the whole input.
pub fn read(text: &str, input: Input, mapping: &Mapping) -> Result<Imported, Diagnostic> {
    let text = without_bom(text);
    let mut imported = match input {
        Input::TimelineJsJson => json::read(text),
        Input::TimelineJsCsv => csv::read_timelinejs(text),
        Input::Csv => csv::read_mapped(text, mapping),
        Input::OwnJson => ours::read_json(text),
        Input::OwnCsv => ours::read_csv(text),
    }?;
    keep_valid_dates(&mut imported);
    Ok(imported)
}

/// The text after a UTF-8 byte order mark, which spreadsheets such as Excel write at the start of
/// a CSV: left in, it would be part of the first header's name or stop JSON from parsing.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Leaves out, with a warning, rows whose date a timeline cannot hold (a year beyond ±262000, an
/// interval that ends before it starts): the timeline written must load.
fn keep_valid_dates(imported: &mut Imported) {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    if imported.whole.is_some() {
        // Checked whole, with the timeline, after it is written.
        return;
    }
    let rows = std::mem::take(&mut imported.rows);
    for row in rows {
        match crate::model::when::When::parse(&row.when, utc) {
            Ok(_) => imported.rows.push(row),
            Err(e) => {
                let why = Diagnostic::warning(format!("the date `{}`: {}", row.when, e.message));
                imported.warnings.push((row.number, why));
            }
        }
    }
    imported.warnings.sort_by_key(|(number, _)| *number);
}

/// Which reader suits a file: by its extension, and for CSV by its header.
pub fn detect(name: &str, text: &str) -> Input {
    let text = without_bom(text);
    if name.to_ascii_lowercase().ends_with(".json") || text.trim_start().starts_with('{') {
        return if ours::is_own_json(text) { Input::OwnJson } else { Input::TimelineJsJson };
    }
    if ours::is_own_csv(text) {
        return Input::OwnCsv;
    }
    let header = text.lines().next().unwrap_or("").to_ascii_lowercase();
    if header.contains("headline") && header.contains("year") { Input::TimelineJsCsv } else { Input::Csv }
}

/// The RON timeline of what was imported.
pub fn write(imported: &Imported, fallback_title: &str) -> String {
    if let Some(whole) = &imported.whole {
        if whole.title.trim().is_empty() {
            return ron_out::to_text(&ron_out::Timeline { title: fallback_title.to_string(), ..whole.clone() });
        }
        return ron_out::to_text(whole);
    }
    let mut actors = Ids::default();
    let mut sources = Ids::default();
    let mut events = Ids::default();
    let mut out = ron_out::Timeline {
        title: imported.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| fallback_title.to_string()),
        description: imported.description.clone().unwrap_or_default().trim().to_string(),
        timezone: imported.timezone.clone().unwrap_or_default(),
        ..ron_out::Timeline::default()
    };
    for row in &imported.rows {
        let mut actor = |name: &String| {
            // `Alice Smith` and `alice smith ` are one actor, named as first written.
            let (id, new) = actors.get(&name.trim().to_lowercase(), &first_words(name));
            if new {
                out.actors.push(ron_out::Actor { id: id.clone(), name: name.clone(), ..Default::default() });
            }
            id
        };
        let who: Vec<String> = row.actors.iter().map(&mut actor).collect();
        let claimed_by: Vec<String> = row.claimed_by.iter().map(&mut actor).collect();
        let first = row.source.iter().map(|(url, credit)| Cited {
            url: url.clone(),
            title: credit.clone(),
            ..Cited::default()
        });
        let named = row.sources_named.iter().map(|name| Cited { title: Some(name.clone()), ..Cited::default() });
        let mut cites: Vec<ron_out::Cite> = Vec::new();
        for cited in first.chain(named).chain(row.cites.iter().cloned()) {
            let (url, title) = (cited.url.as_deref(), cited.title.as_deref());
            let (id, new) = match &cited.id {
                Some(given) => sources.get(&format!("id {given}"), given),
                None => sources.get(url.or(title).unwrap_or_default(), &source_handle(url, title)),
            };
            if new {
                let title = title.or(url).unwrap_or_default().to_string();
                out.sources.push(ron_out::Source {
                    id: id.clone(),
                    title,
                    url: url.unwrap_or_default().to_string(),
                    ..Default::default()
                });
            }
            let cite = ron_out::Cite {
                source: id,
                at: cited.at.unwrap_or_default(),
                quote: cited.quote.unwrap_or_default(),
                ..Default::default()
            };
            if !cites.iter().any(|c| c.source == cite.source && c.at == cite.at && c.quote == cite.quote) {
                cites.push(cite);
            }
        }
        let handle = row.id.clone().unwrap_or_else(|| first_words(&row.title));
        let (id, _) = events.get(&format!("row {}", row.number), &handle);
        out.events.push(ron_out::Event {
            id,
            when: row.when.clone(),
            title: row.title.clone(),
            summary: row.summary.clone().unwrap_or_default().trim().to_string(),
            actors: who,
            place: row.place.clone().unwrap_or_default(),
            tags: row.tags.clone(),
            status: ron_out::Bare(row.status.filter(|&s| s != "Reported").unwrap_or_default()),
            claimed_by,
            sources: cites,
            links: Vec::new(),
        });
    }
    ron_out::to_text(&out)
}

/// Hands out kebab-case ids, one per distinct key, made unique with `-2`, `-3`...
#[derive(Default)]
struct Ids {
    by_key: HashMap<String, String>,
    taken: std::collections::HashSet<String>,
}

impl Ids {
    /// The id for `key` (made from `handle` the first time), and whether it is new.
    fn get(&mut self, key: &str, handle: &str) -> (String, bool) {
        if let Some(id) = self.by_key.get(key) {
            return (id.clone(), false);
        }
        // `Zoë` gives `zoe`, not `zo`: letters are spelled in ASCII before the id is made.
        let base =
            Some(kebab(&deunicode::deunicode(handle))).filter(|k| !k.is_empty()).unwrap_or_else(|| "item".into());
        // `attack-2` may be a title of its own: the suffix skips every id already given out.
        let id = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|id| !self.taken.contains(id))
            .unwrap_or(base);
        self.taken.insert(id.clone());
        self.by_key.insert(key.to_string(), id.clone());
        (id, true)
    }
}

/// An event's id from its title: its first few words.
fn first_words(title: &str) -> String {
    title.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

/// A source's id from its URL's host and path, else its credit.
fn source_handle(url: Option<&str>, credit: Option<&str>) -> String {
    match url {
        Some(url) => {
            let rest = url.split_once("://").map_or(url, |(_, r)| r).trim_start_matches("www.");
            rest.split(['/', '?', '#']).filter(|p| !p.is_empty()).take(2).collect::<Vec<_>>().join(" ")
        }
        None => first_words(credit.unwrap_or("source")),
    }
}

/// Elements nested deeper than this are flattened before html2text sees them: its time grows
/// with the square of the depth (100,000 nested `<div>`s, a 500 KB file, took 72 s), and no
/// timeline's text needs more than a few levels.
const MAX_NESTING: usize = 64;

/// Text from HTML, as TimelineJS holds it: tags dropped, entities decoded, paragraphs kept.
pub fn html_to_text(html: &str) -> String {
    let flat;
    let html = if nesting(html) > MAX_NESTING {
        flat = without_tags(html);
        flat.as_str()
    } else {
        html
    };
    let decorator = html2text::render::TrivialDecorator::new();
    let text = html2text::from_read_with_decorator(html.as_bytes(), 10_000, decorator).unwrap_or_else(|_| html.into());
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// How deep elements nest, roughly: opening tags less closing ones, at the deepest. Close
/// enough to tell a page from a bomb; void and self-closed elements count as opened, so the
/// figure errs on the deep side.
fn nesting(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', html.as_bytes()) {
        match html.as_bytes().get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            _ => {}
        }
    }
    deepest
}

/// The HTML with every tag taken out and a space in its place; entities are left for html2text.
fn without_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out
}

/// EDTF for a date given in parts, as precise as the parts go; `None` when the parts make no date.
pub fn edtf(year: i64, month: Option<u32>, day: Option<u32>, time: Option<(u32, u32, Option<u32>)>) -> Option<String> {
    // EDTF level 1 writes a year of more than four digits with `Y`, and gives it no month or day.
    if !(-9999..=9999).contains(&year) {
        return month.is_none().then(|| format!("Y{year}"));
    }
    let mut text = if year < 0 { format!("-{:04}", -year) } else { format!("{year:04}") };
    let Some(month) = month else { return Some(text) };
    text.push_str(&format!("-{month:02}"));
    let Some(day) = day else { return Some(text) };
    text.push_str(&format!("-{day:02}"));
    let Some((hour, minute, second)) = time else { return Some(text) };
    text.push_str(&format!("T{hour:02}:{minute:02}"));
    if let Some(second) = second {
        text.push_str(&format!(":{second:02}"));
    }
    Some(text)
}

/// EDTF from date parts, checked; `None` when they make no date. A day needs a month, and a time
/// a day; parts below a missing one are ignored.
pub fn date_from_parts(
    year: i64,
    month: Option<i64>,
    day: Option<i64>,
    time: Option<(i64, i64, Option<i64>)>,
) -> Option<String> {
    let small = |v: i64, range: std::ops::RangeInclusive<i64>| range.contains(&v).then_some(v as u32);
    let month = match month {
        Some(m) => Some(small(m, 1..=12)?),
        None => None,
    };
    let day = match (month, day) {
        (Some(m), Some(d)) => {
            let d = small(d, 1..=31)?;
            chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, m, d)?;
            Some(d)
        }
        (None, Some(_)) => return None,
        _ => None,
    };
    let time = match (day, time) {
        (Some(_), Some((h, m, s))) => {
            let second = match s {
                Some(s) => Some(small(s, 0..=59)?),
                None => None,
            };
            Some((small(h, 0..=23)?, small(m, 0..=59)?, second))
        }
        _ => None,
    };
    edtf(year, month, day, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_nested_past_the_limit_is_flattened_to_its_text_with_entities_decoded() {
        let deep = format!("{}Tom &amp; Jerry{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(nesting(&deep), 100_000);
        assert_eq!(html_to_text(&deep), "Tom & Jerry");
        let page = "<p>One <b>bold</b> &lt;word&gt;</p><p>Two</p>";
        assert_eq!(nesting(page), 2);
        assert_eq!(html_to_text(page), "One bold <word>\n\nTwo");
    }
}
