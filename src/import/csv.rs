//! CSV: TimelineJS's spreadsheet columns, or any table through a column mapping.

use super::{Imported, Row, date_from_parts, dates, html_to_text};
use crate::load::Diagnostic;
use crate::model::Status;

/// Which columns hold what, for a CSV that is not in TimelineJS's columns: each by its header
/// (any case) or its 1-based number.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// Columns named by a dataset's own layout; a column named below takes precedence.
    pub preset: Option<Preset>,
    pub date: Option<String>,
    /// A strftime format for every date of the column (`%d/%m/%Y`).
    pub date_format: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Columns of actors' names, several in a cell separated by `;`.
    pub actors: Vec<String>,
    pub source_url: Option<String>,
    /// The column with each event's source by name (a publisher, a title), several separated by `;`.
    pub source_name: Option<String>,
    /// Columns of tags, several in a cell separated by `;` or `,`.
    pub tags: Vec<String>,
    pub id: Option<String>,
    pub place: Option<String>,
    /// Confirmed, Reported, Claimed or Disputed, in any case.
    pub status: Option<String>,
    /// Names of the actors whose claim an event is, separated by `;`.
    pub claimed_by: Option<String>,
    /// The character between cells; `None`: from the header row (`,`, `;` or a tab).
    pub delimiter: Option<u8>,
}

/// Datasets whose columns the import knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The Armed Conflict Location & Event Data Project's event exports.
    Acled,
}

impl Mapping {
    /// The mapping with the preset's columns where none is named.
    fn completed(&self) -> Mapping {
        let mut m = self.clone();
        if m.preset == Some(Preset::Acled) {
            let or = |field: &mut Option<String>, column: &str| {
                field.get_or_insert_with(|| column.to_string());
            };
            or(&mut m.date, "event_date");
            or(&mut m.summary, "notes");
            or(&mut m.source_name, "source");
            or(&mut m.place, "location");
            or(&mut m.id, "event_id_cnty");
            if m.actors.is_empty() {
                m.actors = vec!["actor1".into(), "actor2".into()];
            }
            if m.tags.is_empty() {
                m.tags = vec!["event_type".into(), "sub_event_type".into()];
            }
        }
        m
    }
}

struct Table {
    header: Vec<String>,
    /// (row number as a spreadsheet counts, cells).
    rows: Vec<(usize, Vec<String>)>,
}

/// The character between a table's cells: a comma where the header row has one outside quotes,
/// else a `;` (as spreadsheets write CSV where the comma is the decimal mark), else a tab.
fn delimiter_of(text: &str) -> u8 {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for c in text.lines().next().unwrap_or("").chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let first = (0..3).find(|&i| counts[i] > 0).unwrap_or(0);
    [b',', b';', b'\t'][first]
}

fn table(text: &str, delimiter: Option<u8>) -> Result<Table, Diagnostic> {
    let delimiter = delimiter.unwrap_or_else(|| delimiter_of(text));
    let mut reader = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| Diagnostic::error(format!("cannot read the header row: {e}")))?;
    let header = header.iter().map(|h| h.trim().to_string()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let at = e.position().map(|p| format!("row {}: ", p.record() + 1)).unwrap_or_default();
            Diagnostic::error(format!("{at}cannot read the table: {e}"))
                .help("a cell with a line break, a comma or a quote must be in double quotes, its quotes doubled")
        })?;
        // Counted as a spreadsheet counts rows: the header is row 1, whatever the line breaks
        // inside quoted cells.
        let number = rows.len() + 2;
        rows.push((number, record.iter().map(|c| c.replace("\r\n", "\n")).collect()));
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
    let table = table(text, None)?;
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
    let mapping = mapping.completed();
    let table = table(text, mapping.delimiter)?;
    let acled = mapping.preset == Some(Preset::Acled);
    let need = |flag: &str, name: &Option<String>| -> Result<usize, Diagnostic> {
        let name = name.as_deref().ok_or_else(|| {
            Diagnostic::error(format!(
                "this CSV is not in TimelineJS's columns: say which column holds what, at least {flag} COLUMN"
            ))
            .help("for ACLED's exports, --preset acled names every column")
        })?;
        let missing = || format!("{flag}: there is no column `{name}`; {}", columns(&table.header));
        table.column(name).ok_or_else(|| Diagnostic::error(missing()))
    };
    let optional = |flag: &str, name: &Option<String>| name.as_ref().map(|_| need(flag, name)).transpose();
    let several = |flag: &str, names: &[String]| -> Result<Vec<usize>, Diagnostic> {
        names.iter().map(|n| need(flag, &Some(n.clone()))).collect()
    };
    let date = need("--date", &mapping.date)?;
    // ACLED's title is made from its event type and place, unless a column is named.
    let title = if acled && mapping.title.is_none() { None } else { Some(need("--title", &mapping.title)?) };
    let summary = optional("--summary", &mapping.summary)?;
    let actors = several("--actors", &mapping.actors)?;
    let url = optional("--source-url", &mapping.source_url)?;
    let source_name = optional("--source-name", &mapping.source_name)?;
    let tags = several("--tags", &mapping.tags)?;
    let id = optional("--id", &mapping.id)?;
    let place = optional("--place", &mapping.place)?;
    let status = optional("--status", &mapping.status)?;
    let claimed_by = optional("--claimed-by", &mapping.claimed_by)?;
    let precision = if acled { table.column("time_precision") } else { None };
    let (event_type, sub_event_type) =
        if acled { (table.column("event_type"), table.column("sub_event_type")) } else { (None, None) };
    // Where a cell is, as the messages say it.
    let at = |column: usize| format!("column {} (`{}`)", column + 1, cut(&table.header[column], 80));
    let style = match &mapping.date_format {
        Some(format) => dates::Style::Format(format.clone()),
        None => {
            let cells = table.rows.iter().filter_map(|(n, cells)| Some((*n, cells.get(date)?.as_str())));
            match dates::order_of(cells, &at(date)) {
                // ACLED writes its days first.
                Err(_) | Ok(None) if acled => dates::Style::Known(Some(dates::Order::DayFirst)),
                Ok(order) => dates::Style::Known(order),
                Err(why) => return Err(why),
            }
        }
    };
    let mut imported = Imported::default();
    for (number, cells) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c| cell(cells, c);
        let left_out = |why: Diagnostic, column: usize| {
            (*number, Diagnostic { message: format!("{}: {}", at(column), why.message), ..why })
        };
        let Some(written) = get(Some(date)) else {
            imported.warnings.push(left_out(Diagnostic::warning("no date").help("fill in the cell"), date));
            continue;
        };
        let mut when = match dates::read(written, &style) {
            Ok(when) => when,
            Err(why) => {
                imported.warnings.push(left_out(why, date));
                continue;
            }
        };
        // ACLED's time_precision: 1 the day, 2 within a week of it, 3 within its month.
        match (precision.and_then(|c| get(Some(c))), when.len()) {
            (Some("2"), 10) => when.push('~'),
            (Some("3"), 10) => when.truncate(7),
            _ => {}
        }
        let list = |c: Option<usize>, separators: &[char]| -> Vec<String> {
            get(c).map_or_else(Vec::new, |v: &str| {
                v.split(separators).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
            })
        };
        let made_title = || {
            let kind = [get(event_type), get(sub_event_type)].into_iter().flatten().fold(String::new(), |acc, part| {
                if acc.is_empty() {
                    part.to_string()
                } else if acc.eq_ignore_ascii_case(part) {
                    acc
                } else {
                    format!("{acc}: {part}")
                }
            });
            match (kind.is_empty(), get(place)) {
                (false, Some(where_)) => Some(format!("{kind} in {where_}")),
                (false, None) => Some(kind),
                (true, where_) => where_.map(|w| format!("Event in {w}")),
            }
        };
        let Some(title) = (match title {
            Some(column) => get(Some(column)).map(str::to_string),
            None => made_title(),
        }) else {
            let column = title.unwrap_or(date);
            imported.warnings.push(left_out(Diagnostic::warning("no title").help("fill in the cell"), column));
            continue;
        };
        let status_name = match get(status) {
            None => None,
            Some(name) => match Status::NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)) {
                Some(&n) => Some(n),
                None => {
                    let why = Diagnostic::warning(format!("`{name}` is not a status"))
                        .help(format!("write one of {}", Status::NAMES.join(", ")));
                    imported.warnings.push(left_out(why, status.expect("a status column")));
                    continue;
                }
            },
        };
        let claimants = list(claimed_by, &[';']);
        if status_name == Some("Claimed") && claimants.is_empty() {
            let why = Diagnostic::warning("`Claimed` says whose claim it is, and no claimant is named").help(
                match claimed_by {
                    Some(_) => "fill in the row's claimed_by cell, or give the status Reported",
                    None => "name the column of claimants with --claimed-by COLUMN",
                },
            );
            imported.warnings.push(left_out(why, status.expect("a status column")));
            continue;
        }
        let source_url = get(url).map(str::to_string);
        let names = list(source_name, &[';']);
        let (source, sources_named) = match source_url {
            // A URL and a name: one source, so titled.
            Some(url) => (Some((Some(url), get(source_name).map(str::to_string))), Vec::new()),
            None => (None, names),
        };
        imported.rows.push(Row {
            number: *number,
            id: get(id).map(str::to_string),
            when,
            title,
            summary: get(summary).map(str::to_string),
            actors: actors.iter().flat_map(|&c| list(Some(c), &[';'])).collect(),
            tags: tags.iter().flat_map(|&c| list(Some(c), &[';', ','])).collect(),
            source,
            place: get(place).map(str::to_string),
            status: status_name.filter(|&s| s != "Reported"),
            claimed_by: claimants,
            sources_named,
            ..Row::default()
        });
    }
    Ok(imported)
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
