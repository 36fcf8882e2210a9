//! A flat table for spreadsheets: one row per event, every field in a column, lists joined by `; `.
//!
//! The first fifteen columns are for people; the ones after them make the table lossless, so that
//! `timeline import` reads it back into the same timeline: the ids of the actors and claimants,
//! and, as JSON, the citations with every field, the links with their notes, and the whole
//! record of each actor and source, written in the first row that refers to it.

use super::Options;
use super::json::SafeText;
use crate::model::when::iso;
use crate::model::{ActorIx, EventIx, SourceIx, Timeline, grade_label};
use crate::text::{clean_line, clean_lines};
use serde::Serialize;

/// New columns go at the end, so that every column keeps the place it had before them.
pub const HEADER: [&str; 21] = [
    "id",
    "when",
    "start",
    "end",
    "precision",
    "title",
    "summary",
    "actors",
    "place",
    "tags",
    "status",
    "claimed_by",
    "sources",
    "line",
    "links",
    "actor_ids",
    "claimed_by_ids",
    "citations",
    "link_records",
    "actor_records",
    "source_records",
];

/// The CSV of `events`.
pub fn write_table(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
) -> std::io::Result<()> {
    let mut table = csv::Writer::from_writer(out);
    table.write_record(HEADER)?;
    let tz = timeline.timezone;
    let names = |ixs: &[usize]| ixs.iter().map(|&a| timeline.actors[a].name.as_str()).collect::<Vec<_>>().join("; ");
    let ids = |ixs: &[usize]| ixs.iter().map(|&a| timeline.actors[a].id.as_str()).collect::<Vec<_>>().join("; ");
    // Each actor's and source's record goes in the first row that refers to it.
    let mut actor_written = vec![false; timeline.actors.len()];
    let mut source_written = vec![false; timeline.sources.len()];
    for &ix in events {
        let e = &timeline.events[ix];
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|c| {
                let s = &timeline.sources[c.source];
                let cited = c.at.as_deref().map_or_else(|| s.id.clone(), |at| format!("{} {at}", s.id));
                match grade_label(s.reliability, c.credibility) {
                    Some(grade) => format!("{cited} ({grade})"),
                    None => cited,
                }
            })
            .collect();
        let links: Vec<String> =
            timeline.links_from(ix).iter().map(|l| format!("{}:{}", l.kind.name(), timeline.events[l.to].id)).collect();
        let actor_records: Vec<ActorIx> =
            e.named_actors().filter(|&a| !std::mem::replace(&mut actor_written[a], true)).collect();
        let mut source_records: Vec<SourceIx> = Vec::new();
        let mut next: Vec<SourceIx> = e.sources.iter().map(|c| c.source).collect();
        while let Some(s) = next.pop() {
            if !std::mem::replace(&mut source_written[s], true) {
                source_records.push(s);
                next.extend(timeline.sources[s].derived_from.iter().rev());
            }
        }
        source_records.sort_unstable();
        let citations: Vec<Cite> = e
            .sources
            .iter()
            .map(|c| Cite {
                source: &timeline.sources[c.source].id,
                at: c.at.as_deref(),
                quote: c.quote.as_deref(),
                reported: c.reported.as_ref().map(|w| w.text.as_str()),
                credibility: c.credibility,
            })
            .collect();
        let link_records: Vec<LinkRecord> = timeline
            .links_from(ix)
            .iter()
            .map(|l| LinkRecord { kind: l.kind.name(), to: &timeline.events[l.to].id, note: l.note.as_deref() })
            .collect();
        let row = [
            e.id.to_string(),
            e.when.text.to_string(),
            e.when.start(tz).map(|t| iso(t, tz)).unwrap_or_default(),
            e.when.end(tz).map(|t| iso(t, tz)).unwrap_or_default(),
            e.when.precision().as_str().to_string(),
            e.title.to_string(),
            if options.summaries { e.summary.as_deref().unwrap_or_default().to_string() } else { String::new() },
            names(&e.actors),
            e.place.as_deref().unwrap_or_default().to_string(),
            e.tags.iter().map(|t| escape_item(t)).collect::<Vec<_>>().join("; "),
            e.status.name().to_string(),
            names(&e.claimed_by),
            sources.join("; "),
            e.line.to_string(),
            links.join("; "),
            ids(&e.actors),
            ids(&e.claimed_by),
            json_cell(&citations),
            json_cell(&link_records),
            json_cell(&actor_records.iter().map(|&a| super::json::JsonActor::of(timeline, a)).collect::<Vec<_>>()),
            json_cell(&source_records.iter().map(|&s| super::json::JsonSource::of(timeline, s)).collect::<Vec<_>>()),
        ];
        // The summary keeps its line breaks (a quoted cell may hold them); every other cell is
        // one line.
        table.write_record(
            row.iter().enumerate().map(
                |(column, cell)| {
                    if HEADER[column] == "summary" { cell_lines(cell) } else { cell_text(cell) }
                },
            ),
        )?;
    }
    table.flush()?;
    Ok(())
}

/// A cell as a spreadsheet may safely show it: cleaned of control characters, and with a `'`
/// before text that a spreadsheet would run as a formula (`=`, `+`, `@`, or `-` unless the whole
/// cell is a number), the usual defence against CSV injection.
pub fn cell_text(cell: &str) -> String {
    guarded(&clean_line(cell))
}

/// A cell of several lines, cleaned line by line and guarded as `cell_text` guards one.
fn cell_lines(cell: &str) -> String {
    guarded(&clean_lines(&cell.replace("\r\n", "\n")))
}

fn guarded(clean: &str) -> String {
    if needs_guard(clean) { format!("'{clean}") } else { clean.to_string() }
}

/// Whether a cell gets a leading `'`: it would run as a formula, or it begins with a `'` before
/// text that would (so that `'=x`, written `''=x`, reads back as itself: `unguard` is exact).
fn needs_guard(cell: &str) -> bool {
    let formula = cell.starts_with(['=', '+', '@']) || (cell.starts_with('-') && cell.parse::<f64>().is_err());
    formula || cell.strip_prefix('\'').is_some_and(needs_guard)
}

/// A cell of this export as it was before `cell_text` guarded it.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// An item of a list joined by `; `, with a backslash before each `\` and `;` it holds.
fn escape_item(item: &str) -> std::borrow::Cow<'_, str> {
    if item.contains(['\\', ';']) { item.replace('\\', "\\\\").replace(';', "\\;").into() } else { item.into() }
}

/// The items of a list that `escape_item` and `; ` made.
pub fn split_items(cell: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => items.last_mut().expect("one item").extend(chars.next()),
            ';' => items.push(String::new()),
            c => items.last_mut().expect("one item").push(c),
        }
    }
    items.into_iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect()
}

/// Records as one line of JSON, with the characters a terminal would act on escaped (`SafeText`);
/// empty when there are none.
fn json_cell<T: Serialize>(records: &[T]) -> String {
    if records.is_empty() {
        return String::new();
    }
    let mut out = SafeText::new(Vec::new());
    let _ = serde_json::to_writer(&mut out, records);
    let _ = std::io::Write::flush(&mut out);
    String::from_utf8(out.into_inner()).unwrap_or_default()
}

#[derive(Serialize)]
struct Cite<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<u8>,
}

#[derive(Serialize)]
struct LinkRecord<'a> {
    kind: &'static str,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_guard_is_undone_exactly() {
        for text in ["=1+1", "+x", "@a", "-x", "-12.5", "'=x", "''=x", "'90s", "plain", "'", "''", "-"] {
            let cell = cell_text(text);
            assert_eq!(unguard(&cell), text, "{text} was written {cell}");
        }
        assert_eq!(cell_text("=1+1"), "'=1+1");
        assert_eq!(cell_text("'90s"), "'90s", "an apostrophe before plain text is left alone");
    }

    #[test]
    fn list_items_holding_the_separator_are_escaped_and_split_back() {
        let items = ["a; b", "back\\slash", "plain"];
        let cell = items.iter().map(|i| escape_item(i)).collect::<Vec<_>>().join("; ");
        assert_eq!(cell, "a\\; b; back\\\\slash; plain");
        assert_eq!(split_items(&cell), items);
    }
}
