//! Dates as spreadsheets and datasets write them, made EDTF: ISO with a space or a `T`, `Z` and
//! offsets (`2024-03-22T17:00:00.000Z`), day-first and month-first numbers (`18/04/2001`,
//! `5/16/2025`), month names (`16 May 2025`, `May 16, 2025`, `16-May-25` is refused: its century
//! is a guess), and anything a strftime format (`--date-format`) describes.
//!
//! A hint never suggests an impossible date: where `5/16/2025` cannot be day-first, the hint
//! says so and offers only the reading that is a date.

use crate::load::Diagnostic;
use crate::model::when::When;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};

/// How numbers such as `05/04/2001` are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
}

impl Order {
    fn format(self, separator: char) -> String {
        match self {
            Order::DayFirst => format!("%d{separator}%m{separator}%Y"),
            Order::MonthFirst => format!("%m{separator}%d{separator}%Y"),
        }
    }
}

/// How a column's dates are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Style {
    /// Every form this module knows; numbers in this order.
    Known(Option<Order>),
    /// A strftime format (`--date-format`).
    Format(String),
}

/// `day/month/year` numbers: (first, second, year, separator), the year of four digits.
fn numeric(text: &str) -> Option<(u32, u32, &str, char)> {
    let separator = text.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, y] = parts.as_slice() else { return None };
    let small = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit());
    if !small(a) || !small(b) || y.is_empty() || !y.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y, separator))
}

/// The order a column's numbers must be read in, from the cells that settle it (a first number
/// over 12 is a day, a second over 12 is a day): `Ok(None)` when no cell is numeric, an error
/// (with the cell that shows it) when the cells disagree or none settles it.
pub fn order_of<'a>(cells: impl Iterator<Item = (usize, &'a str)>, column: &str) -> Result<Option<Order>, Diagnostic> {
    let (mut day_first, mut month_first, mut any) = (None, None, None);
    for (row, cell) in cells {
        let Some((a, b, _, _)) = numeric(cell.trim()) else { continue };
        any.get_or_insert((row, cell));
        if a > 12 && b <= 12 {
            day_first.get_or_insert((row, cell));
        }
        if b > 12 && a <= 12 {
            month_first.get_or_insert((row, cell));
        }
    }
    let help = "say which with --date-format: `%d/%m/%Y` (day first) or `%m/%d/%Y` (month first)";
    match (day_first, month_first, any) {
        (Some((r1, c1)), Some((r2, c2)), _) => Err(Diagnostic::error(format!(
            "{column}: the dates disagree: row {r1} has `{c1}` (day first), row {r2} has `{c2}` (month first)"
        ))
        .help(format!("correct the rows that differ, then {help}"))),
        (Some(_), None, _) => Ok(Some(Order::DayFirst)),
        (None, Some(_), _) => Ok(Some(Order::MonthFirst)),
        (None, None, Some((row, cell))) => Err(Diagnostic::error(format!(
            "{column}: `{cell}` (row {row}) and every date like it could be day first or month first"
        ))
        .help(help)),
        (None, None, None) => Ok(None),
    }
}

/// EDTF for a cell, or why not, with a hint that offers only dates that exist.
pub fn read(text: &str, style: &Style) -> Result<String, Diagnostic> {
    let text = text.trim();
    match style {
        Style::Format(format) => formatted(text, format),
        Style::Known(order) => known(text, *order),
    }
}

fn formatted(text: &str, format: &str) -> Result<String, Diagnostic> {
    let has = |specs: &[&str]| specs.iter().any(|s| format.contains(s));
    let seconds = has(&["%S", "%T", "%s"]);
    let time = seconds || has(&["%H", "%I", "%M", "%R", "%k", "%l"]);
    let clock = |t: &NaiveDateTime| {
        let mut out = format!("{}T{:02}:{:02}", iso_day(t.date()), t.hour(), t.minute());
        if seconds {
            out.push_str(&format!(":{:02}", t.second()));
        }
        out
    };
    if time {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            let offset = t.offset().to_string();
            let offset = if offset == "+00:00" { "Z".to_string() } else { offset };
            return checked(format!("{}{offset}", clock(&t.naive_local())), text);
        }
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return checked(clock(&t), text);
        }
    } else if has(&["%d", "%e", "%j", "%F", "%D", "%x", "%v"]) {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return checked(iso_day(d), text);
        }
    } else if has(&["%m", "%b", "%B", "%h"]) {
        // A month: read with a first day added, and written without it.
        if let Ok(d) = NaiveDate::parse_from_str(&format!("{text} 1"), &format!("{format} %d")) {
            return checked(format!("{:04}-{:02}", d.year(), d.month()), text);
        }
    } else if let Ok(d) = NaiveDate::parse_from_str(&format!("{text} 1 1"), &format!("{format} %m %d")) {
        return checked(format!("{:04}", d.year()), text);
    }
    let hint = known(text, None).ok().map(|edtf| format!("; it reads as {edtf} without --date-format"));
    Err(Diagnostic::warning(format!("`{text}` does not match --date-format `{format}`{}", hint.unwrap_or_default()))
        .help("correct the cell, or give the format of the column's dates (strftime: %Y-%m-%d, %d/%m/%Y, %d %B %Y)"))
}

fn iso_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn checked(edtf: String, text: &str) -> Result<String, Diagnostic> {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    When::parse(&edtf, utc)
        .map(|_| edtf)
        .map_err(|e| Diagnostic::warning(format!("`{text}` is not a date a timeline can hold: {}", e.message)))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month by its English name or its first three letters (`Sept` too).
fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| m.starts_with(&word) || (word == "sept" && *m == "september"));
    position.map(|p| p as u32 + 1)
}

fn known(text: &str, order: Option<Order>) -> Result<String, Diagnostic> {
    if let Some(edtf) = iso(text) {
        return Ok(edtf);
    }
    if let Some((a, b, year, separator)) = numeric(text) {
        return numbers(text, a, b, year, separator, order);
    }
    if let Some(edtf) = named(text)? {
        return Ok(edtf);
    }
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    let why = When::parse(text, utc).err().map(|e| format!(" ({})", e.message)).unwrap_or_default();
    Err(Diagnostic::warning(format!("`{text}` is not a date this import knows{why}")).help(
        "write it as 2024-03-22, 22/03/2024, 22 March 2024 or March 22, 2024, or give the column's \
         form with --date-format (strftime, such as %d.%m.%Y)",
    ))
}

/// ISO 8601 and EDTF as tables write them: `2024-03-22 20:02`, fractions of a second (dropped),
/// `Z`, `+0300` and `+03:00`, ` UTC`.
fn iso(text: &str) -> Option<String> {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    if When::parse(text, utc).is_ok() {
        return Some(text.to_string());
    }
    let mut t = text.to_string();
    if let Some(rest) = t.strip_suffix(" UTC").or_else(|| t.strip_suffix(" GMT")) {
        t = format!("{rest}Z");
    }
    // `2024-03-22 20:02` → `2024-03-22T20:02`.
    if t.len() > 11 && t.as_bytes()[10] == b' ' && t[..10].bytes().filter(|&b| b == b'-').count() == 2 {
        t.replace_range(10..11, "T");
    }
    let (day, time) = t.split_once('T')?;
    let zone_at = time.find(['Z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_at);
    // Fractions of a second: the format holds whole seconds.
    let clock = clock.split_once(['.', ',']).map_or(clock, |(whole, _)| whole);
    let zone = match zone {
        "" | "Z" => zone.to_string(),
        z if z.len() == 5 && !z.contains(':') => format!("{}:{}", &z[..3], &z[3..]),
        z if z.len() == 3 => format!("{z}:00"),
        z => z.to_string(),
    };
    let zone = if zone == "+00:00" || zone == "-00:00" { "Z".to_string() } else { zone };
    let candidate = format!("{day}T{clock}{zone}");
    When::parse(&candidate, utc).is_ok().then_some(candidate)
}

fn numbers(
    text: &str,
    a: u32,
    b: u32,
    year: &str,
    separator: char,
    order: Option<Order>,
) -> Result<String, Diagnostic> {
    if year.len() != 4 {
        return Err(Diagnostic::warning(format!(
            "`{text}`: a year of {} digits leaves its century to a guess",
            year.len()
        ))
        .help(format!(
            "write years with four digits, or give the form with --date-format (such as `%d{separator}%m{separator}%y`)"
        )));
    }
    let year: i32 = year.parse().map_err(|_| Diagnostic::warning(format!("`{text}` is not a date")))?;
    let as_date = |day: u32, month: u32| NaiveDate::from_ymd_opt(year, month, day).map(iso_day);
    let day_first = as_date(a, b);
    let month_first = as_date(b, a);
    let read = match order {
        Some(Order::DayFirst) => day_first.clone(),
        Some(Order::MonthFirst) => month_first.clone(),
        None if a > 12 => day_first.clone(),
        None if b > 12 => month_first.clone(),
        None if a == b => day_first.clone(),
        None => {
            return Err(Diagnostic::warning(format!("`{text}` could be day first or month first")).help(format!(
                "say which with --date-format: `{}` or `{}`",
                Order::DayFirst.format(separator),
                Order::MonthFirst.format(separator)
            )));
        }
    };
    if let Some(edtf) = read {
        return Ok(edtf);
    }
    // Not a date as read: say why, and offer the other reading only where it is a date.
    let (other, other_order) = match order {
        Some(Order::DayFirst) => (month_first, Order::MonthFirst),
        _ => (day_first, Order::DayFirst),
    };
    let message = format!("`{text}` is not a date");
    let help = match other {
        Some(edtf) => format!(
            "read the other way it is {edtf}: if the column is written so, say so with --date-format `{}`",
            other_order.format(separator)
        ),
        None => "neither day first nor month first is a date; correct the cell".to_string(),
    };
    Err(Diagnostic::warning(message).help(help))
}

/// `16 May 2025`, `16 May, 2025`, `May 16, 2025`, `16-May-2025`, `May 2025`, `Tuesday, 16 May 2025`.
fn named(text: &str) -> Result<Option<String>, Diagnostic> {
    let words: Vec<&str> = text.split([' ', ',', '-', '/']).filter(|w| !w.is_empty()).collect();
    let Some(at) = words.iter().position(|w| month(w).is_some()) else { return Ok(None) };
    let m = month(words[at]).expect("a month");
    let numbers: Vec<&str> = words.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, w)| *w).collect();
    // A weekday's name before the date is left aside.
    let numbers: Vec<&str> = numbers.into_iter().filter(|w| w.bytes().any(|b| b.is_ascii_digit())).collect();
    let digits = |w: &str| w.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']).parse::<u32>().ok();
    let (day, year) = match numbers.as_slice() {
        [y] if y.len() == 4 => (None, *y),
        [d, y] if y.len() == 4 => (Some(*d), *y),
        [y, d] if y.len() == 4 => (Some(*d), *y),
        _ => {
            return Err(Diagnostic::warning(format!("`{text}`: a month name, but no four-digit year with it"))
                .help("write it as 16 May 2025 or May 16, 2025, or give the form with --date-format"));
        }
    };
    let year: i32 = year.parse().map_err(|_| Diagnostic::warning(format!("`{text}` is not a date")))?;
    let Some(day) = day else { return Ok(Some(format!("{year:04}-{m:02}"))) };
    let Some(d) = digits(day) else {
        return Err(Diagnostic::warning(format!("`{text}`: `{day}` is not a day of the month")));
    };
    match NaiveDate::from_ymd_opt(year, m, d) {
        Some(date) => Ok(Some(iso_day(date))),
        None => Err(Diagnostic::warning(format!(
            "`{text}` is not a date: {} {year} has {} days",
            capitalised(MONTHS[m as usize - 1]),
            crate::model::when::days_in_month(year, m)
        ))
        .help("correct the cell")),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        read(text, &Style::Known(None)).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn iso_times_with_zones_and_fractions_become_edtf() {
        assert_eq!(ok("2024-03-22T17:00:00Z"), "2024-03-22T17:00:00Z");
        assert_eq!(ok("2024-03-22T17:00:00.123Z"), "2024-03-22T17:00:00Z");
        assert_eq!(ok("2024-03-22 17:00:00+0300"), "2024-03-22T17:00:00+03:00");
        assert_eq!(ok("2024-03-22 17:00 UTC"), "2024-03-22T17:00Z");
        assert_eq!(ok("2024-03-22T17:00+00:00"), "2024-03-22T17:00+00:00", "EDTF already: kept as written");
        assert_eq!(ok("2024-03-22 20:02"), "2024-03-22T20:02");
        assert_eq!(ok("2024-03"), "2024-03");
    }

    #[test]
    fn day_first_month_first_and_month_names() {
        assert_eq!(ok("18/04/2001"), "2001-04-18");
        assert_eq!(ok("5/16/2025"), "2025-05-16");
        assert_eq!(ok("16 May 2025"), "2025-05-16");
        assert_eq!(ok("May 16, 2025"), "2025-05-16");
        assert_eq!(ok("16-Sep-2025"), "2025-09-16");
        assert_eq!(ok("Friday, 22 March 2024"), "2024-03-22");
        assert_eq!(ok("March 2024"), "2024-03");
        assert_eq!(read("05/04/2001", &Style::Known(Some(Order::DayFirst))).unwrap(), "2001-04-05");
    }

    #[test]
    fn hints_never_offer_an_impossible_date() {
        let e = read("5/16/2025", &Style::Known(Some(Order::DayFirst))).unwrap_err();
        assert_eq!(e.message, "`5/16/2025` is not a date");
        assert!(e.help.as_deref().unwrap().contains("2025-05-16"), "{e}");
        assert!(!e.to_string().contains("2025-16"), "{e}");
        let e = read("31/31/2025", &Style::Known(None)).unwrap_err();
        assert!(e.help.as_deref().unwrap().contains("neither"), "{e}");
        let e = read("05/04/2001", &Style::Known(None)).unwrap_err();
        assert!(e.help.as_deref().unwrap().contains("%d/%m/%Y"), "{e}");
        let e = read("31 February 2024", &Style::Known(None)).unwrap_err();
        assert_eq!(e.message, "`31 February 2024` is not a date: February 2024 has 29 days");
    }

    #[test]
    fn a_strftime_format_keeps_the_precision_it_names() {
        let f = |text: &str, format: &str| read(text, &Style::Format(format.into()));
        assert_eq!(f("22.03.2024", "%d.%m.%Y").unwrap(), "2024-03-22");
        assert_eq!(f("22.03.2024 20:02", "%d.%m.%Y %H:%M").unwrap(), "2024-03-22T20:02");
        assert_eq!(f("2024-03-22 20:02:07 +0300", "%Y-%m-%d %H:%M:%S %z").unwrap(), "2024-03-22T20:02:07+03:00");
        assert_eq!(f("03/2024", "%m/%Y").unwrap(), "2024-03");
        assert_eq!(f("2024", "%Y").unwrap(), "2024");
        let e = f("2024-03-22", "%d.%m.%Y").unwrap_err();
        assert!(e.message.contains("reads as 2024-03-22 without --date-format"), "{e}");
    }

    #[test]
    fn a_column_settles_its_order_or_says_it_cannot() {
        let cells = [(2, "05/04/2001"), (3, "18/04/2001")];
        assert_eq!(order_of(cells.into_iter(), "date").unwrap(), Some(Order::DayFirst));
        let cells = [(2, "05/04/2001"), (3, "04/18/2001")];
        assert_eq!(order_of(cells.into_iter(), "date").unwrap(), Some(Order::MonthFirst));
        let e = order_of([(2, "05/04/2001")].into_iter(), "date").unwrap_err();
        assert!(e.message.contains("row 2"), "{e}");
        let e = order_of([(2, "18/04/2001"), (5, "04/18/2001")].into_iter(), "date").unwrap_err();
        assert!(e.message.contains("row 2") && e.message.contains("row 5"), "{e}");
    }
}
