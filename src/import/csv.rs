//! CSV: TimelineJS's spreadsheet columns, or any table through a column mapping.

use super::{Imported, Row, date_from_parts, html_to_text};
use crate::load::Diagnostic;
use crate::model::when::When;

/// Which columns hold what, for a CSV that is not in TimelineJS's columns: each by its header
/// (any case) or its 1-based number.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    pub date: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Actors' names, several separated by `;`.
    pub actors: Option<String>,
    pub source_url: Option<String>,
    /// Tags, several separated by `;` or `,`.
    pub tags: Option<String>,
}

struct Table {
    header: Vec<String>,
    /// (row number as a spreadsheet counts, cells).
    rows: Vec<(usize, Vec<String>)>,
}

fn table(text: &str) -> Result<Table, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| Diagnostic::error(format!("cannot read the header row: {e}")))?;
    let header = header.iter().map(|h| h.trim().to_string()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Diagnostic::error(format!("cannot read the table: {e}")))?;
        // Counted as a spreadsheet counts rows: the header is row 1, whatever the line breaks
        // inside quoted cells.
        let number = rows.len() + 2;
        rows.push((number, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { header, rows })
}

impl Table {
    /// The column named `name` (any case) or numbered `name` (1-based).
    fn column(&self, name: &str) -> Option<usize> {
        let wanted = name.trim().to_lowercase();
        self.header
            .iter()
            .position(|h| h.to_lowercase() == wanted)
            .or_else(|| wanted.parse::<usize>().ok().filter(|&n| n >= 1 && n <= self.header.len()).map(|n| n - 1))
    }
}

fn cell(cells: &[String], column: Option<usize>) -> Option<&str> {
    column.and_then(|c| cells.get(c)).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The columns of TimelineJS's Google Sheets template.
pub fn read_timelinejs(text: &str) -> Result<Imported, Diagnostic> {
    let table = table(text)?;
    let col = |name: &str| table.column(name);
    let year =
        col("Year").ok_or_else(|| Diagnostic::error("no `Year` column: is this TimelineJS's spreadsheet template?"))?;
    let (month, day, time) = (col("Month"), col("Day"), col("Time"));
    let (end_year, end_month, end_day, end_time) = (col("End Year"), col("End Month"), col("End Day"), col("End Time"));
    let (headline, body, media, credit) = (col("Headline"), col("Text"), col("Media"), col("Media Credit"));
    let (kind, group) = (col("Type"), col("Group"));
    let mut imported = Imported::default();
    for (number, cells) in &table.rows {
        let get = |c| cell(cells, c);
        match get(kind).map(str::to_lowercase).as_deref() {
            Some("title") => {
                imported.title = get(headline).map(html_to_text);
                imported.description = get(body).map(html_to_text);
                continue;
            }
            Some("era") => {
                imported
                    .warnings
                    .push((*number, Diagnostic::warning("an era is a span of the timeline, not an event")));
                continue;
            }
            _ => {}
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let start = parts(get(Some(year)), get(month), get(day), get(time));
        let end = get(end_year).map(|y| parts(Some(y), get(end_month), get(end_day), get(end_time)));
        let when = match (start, end) {
            (Ok(start), None) => start,
            (Ok(start), Some(Ok(end))) => format!("{start}/{end}"),
            (Err(why), _) => {
                imported.warnings.push((*number, why.of("the date")));
                continue;
            }
            (_, Some(Err(why))) => {
                imported.warnings.push((*number, why.of("the end date")));
                continue;
            }
        };
        let summary = get(body).map(html_to_text).filter(|s| !s.is_empty());
        let Some(title) = get(headline)
            .map(html_to_text)
            .filter(|t| !t.is_empty())
            .or_else(|| summary.as_deref().map(super::first_words))
        else {
            imported.warnings.push((*number, Diagnostic::warning("no headline and no text")));
            continue;
        };
        let url = get(media).map(str::to_string);
        let credit = get(credit).map(html_to_text).filter(|c| !c.is_empty());
        imported.rows.push(Row {
            number: *number,
            id: None,
            when,
            title,
            summary,
            actors: get(group).map(|g| vec![g.to_string()]).unwrap_or_default(),
            tags: Vec::new(),
            source: (url.is_some() || credit.is_some()).then_some((url, credit)),
            ..Row::default()
        });
    }
    Ok(imported)
}

/// EDTF from the spreadsheet's Year, Month, Day and Time cells (`20:02`, `20:02:07`, `8:02 PM`).
fn parts(year: Option<&str>, month: Option<&str>, day: Option<&str>, time: Option<&str>) -> Result<String, Diagnostic> {
    let number = |what: &str, text: Option<&str>| -> Result<Option<i64>, Diagnostic> {
        let parsed = text.map(|t| t.parse::<i64>().map_err(|_| format!("{what} `{t}` is not a number")));
        parsed.transpose().map_err(Diagnostic::warning)
    };
    let year = number("year", year)?.ok_or_else(|| Diagnostic::warning("no year"))?;
    let time = time
        // And the forms TimelineJS's own spreadsheet reader takes: `10`, `0256`, `21:07:00.5`.
        .map(|t| {
            clock(t)
                .or_else(|| super::json::time_of_day(t))
                .ok_or_else(|| Diagnostic::warning(format!("time `{t}` is not a time such as 20:02")))
        })
        .transpose()?;
    let (month, day) = (number("month", month)?, number("day", day)?);
    date_from_parts(year, month, day, time).ok_or_else(|| {
        let parts: Vec<String> = [Some(year), month, day].iter().flatten().map(i64::to_string).collect();
        Diagnostic::warning(format!("{} is not a date", parts.join("-")))
    })
}

/// `20:02`, `20:02:07`, `8:02 PM`: (hour, minute, second).
fn clock(text: &str) -> Option<(i64, i64, Option<i64>)> {
    let lower = text.trim().to_lowercase();
    let (digits, shift) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(d), _) => (d.trim(), Some(12)),
        (_, Some(d)) => (d.trim(), Some(0)),
        _ => (lower.as_str(), None),
    };
    let numbers: Vec<i64> = digits.split(':').map(|p| p.trim().parse().ok()).collect::<Option<_>>()?;
    let (hour, minute, second) = match numbers.as_slice() {
        [h, m] => (*h, *m, None),
        [h, m, s] => (*h, *m, Some(*s)),
        _ => return None,
    };
    let hour = match shift {
        Some(shift) if (1..=12).contains(&hour) => hour % 12 + shift,
        Some(_) => return None,
        None => hour,
    };
    let valid = (0..24).contains(&hour) && (0..60).contains(&minute) && second.is_none_or(|s| (0..60).contains(&s));
    valid.then_some((hour, minute, second))
}

/// `the columns are A, B, C`, or the first of them and how many more: a table of a million
/// columns must not make a message of megabytes.
fn columns(header: &[String]) -> String {
    const NAMED: usize = 20;
    let shown: Vec<String> = header.iter().take(NAMED).map(|h| cut(h, 80)).collect();
    match header.len().checked_sub(NAMED).filter(|&more| more > 0) {
        Some(more) => format!("the columns are {}, and {more} more", shown.join(", ")),
        None => format!("the columns are {}", shown.join(", ")),
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.len() > max { format!("{}…", &text[..text.floor_char_boundary(max)]) } else { text.to_string() }
}

/// Any table, through a column mapping.
pub fn read_mapped(text: &str, mapping: &Mapping) -> Result<Imported, Diagnostic> {
    let table = table(text)?;
    let need = |flag: &str, name: &Option<String>| -> Result<usize, Diagnostic> {
        let name = name.as_deref().ok_or_else(|| {
            Diagnostic::error(format!(
                "this CSV is not in TimelineJS's columns: say which column holds what, at least {flag} COLUMN"
            ))
        })?;
        let missing = || format!("{flag}: there is no column `{name}`; {}", columns(&table.header));
        table.column(name).ok_or_else(|| Diagnostic::error(missing()))
    };
    let date = need("--date", &mapping.date)?;
    let title = need("--title", &mapping.title)?;
    let optional = |flag: &str, name: &Option<String>| name.as_ref().map(|_| need(flag, name)).transpose();
    let summary = optional("--summary", &mapping.summary)?;
    let actors = optional("--actors", &mapping.actors)?;
    let url = optional("--source-url", &mapping.source_url)?;
    let tags = optional("--tags", &mapping.tags)?;
    let mut imported = Imported::default();
    for (number, cells) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c| cell(cells, c);
        let Some(when) = get(Some(date)).map(any_date) else {
            imported.warnings.push((*number, Diagnostic::warning("no date")));
            continue;
        };
        let when = match when {
            Ok(when) => when,
            Err(why) => {
                imported.warnings.push((*number, why));
                continue;
            }
        };
        let Some(title) = get(Some(title)) else {
            imported.warnings.push((*number, Diagnostic::warning("no title")));
            continue;
        };
        let list = |c, separators: &[char]| -> Vec<String> {
            get(c).map_or_else(Vec::new, |v: &str| {
                v.split(separators).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
            })
        };
        imported.rows.push(Row {
            number: *number,
            id: None,
            when,
            title: title.to_string(),
            summary: get(summary).map(str::to_string),
            actors: list(actors, &[';']),
            tags: list(tags, &[';', ',']),
            source: get(url).map(|u| (Some(u.to_string()), None)),
            ..Row::default()
        });
    }
    Ok(imported)
}

/// A date as people put them in tables: EDTF (`2024-03`, `2024-03-22T20:02`, `2024-03-21/2024-03-25`)
/// or a date and time with a space (`2024-03-22 20:02`).
fn any_date(text: &str) -> Result<String, Diagnostic> {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    let candidate = match text.split_once(' ') {
        Some((day, time)) if day.len() == 10 && time.contains(':') => format!("{day}T{}", time.trim()),
        _ => text.to_string(),
    };
    When::parse(&candidate, utc).map(|_| candidate).map_err(|e| {
        let example = "a date such as 2024-03-22 or 2024-03-22T20:02";
        Diagnostic::warning(format!("`{text}` is not {example} ({})", e.message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_column_names_the_first_twenty_and_counts_the_rest() {
        let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
        let text = columns(&header);
        assert!(text.starts_with("the columns are c0, c1, "), "{text}");
        assert!(text.ends_with("c19, and 999980 more"), "{text}");
        assert_eq!(columns(&["a".repeat(100), "b".into()]), format!("the columns are {}…, b", "a".repeat(80)));
    }
}
