//! A flat table for spreadsheets: one row per event, every field in a column, lists joined by `; `.

use super::Options;
use crate::model::when::iso;
use crate::model::{EventIx, Timeline, grade_label};
use crate::text::clean_line;

/// `links` is last, so that every column before it keeps the place it had before links were.
const HEADER: [&str; 15] = [
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
            e.tags.join("; "),
            e.status.name().to_string(),
            names(&e.claimed_by),
            sources.join("; "),
            e.line.to_string(),
            links.join("; "),
        ];
        table.write_record(row.iter().map(|cell| cell_text(cell)))?;
    }
    table.flush()?;
    Ok(())
}

/// A cell as a spreadsheet may safely show it: cleaned of control characters, and with a `'`
/// before text that a spreadsheet would run as a formula (`=`, `+`, `@`, or `-` unless the whole
/// cell is a number), the usual defence against CSV injection.
pub fn cell_text(cell: &str) -> String {
    let clean = clean_line(cell);
    let formula = clean.starts_with(['=', '+', '@']) || (clean.starts_with('-') && clean.parse::<f64>().is_err());
    if formula { format!("'{clean}") } else { clean.into_owned() }
}
