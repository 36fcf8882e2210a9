//! Dates as researchers write them: EDTF (ISO 8601-2, levels 0 and 1) with the precision kept.
//!
//! A `When` remembers exactly what was written (`2024-03`, `2024-03-22~`, `2024-03-21/..`) and
//! derives from it the earliest and latest instant it can mean, which is all that sorting and
//! filtering need. A day is a day: it is never turned into midnight for display.

use super::field_text::Text;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How finely a date is known, coarsest first (the order used when two events start together).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

/// One calendar point, as precise as it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub year: i32,
    // Bytes, not `u32`s: a timeline holds a million of these, and they fit.
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// Hour and minute.
    pub time: Option<(u8, u8)>,
    pub second: Option<u8>,
    /// Offset written with the time, in seconds east of UTC; `None` means the timeline's zone.
    pub offset: Option<i32>,
    pub approximate: bool,
    pub uncertain: bool,
}

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    Known(Point),
    /// `..`: the interval runs on without end.
    Open,
    /// Nothing written: the end exists but is not known.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    Point(Point),
    Interval(Bound, Bound),
}

/// A parsed `when`: the text as written and what it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct When {
    pub text: Text,
    pub span: Span,
}

/// Why a date could not be read, with the byte range within the text it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub at: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

impl DateError {
    fn new(at: usize, len: usize, message: impl Into<String>) -> Self {
        DateError { at, len: len.max(1), message: message.into(), help: None }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

const FORMS: &str = "write a date as `2024`, `2024-03`, `2024-03-22` or `2024-03-22T20:02`, \
                     optionally followed by `~` (approximate), `?` (uncertain) or `%` (both)";

const YEARS_HELP: &str = "write years of more than four digits with `Y` before them: `Y12000`, `Y-12000`";

/// The first and last years timeline places in time (astronomical numbering: `-0300` is
/// 301 BCE). Its calendar arithmetic (chrono's) reaches a little further, about 262,143 years
/// either side of year 0; these round numbers leave room for a time zone's offset at either end.
pub const FIRST_YEAR: i32 = -262_000;
pub const LAST_YEAR: i32 = 262_000;

/// A year as a reader counts it: `2024`, `12000`, and before the common era `301 BCE` for the
/// astronomical year -300 (`-0300`). EDTF, like ISO 8601, numbers years astronomically: `0000` is
/// 1 BCE, `-0001` is 2 BCE; there is no year 0 in BCE/CE counting.
pub fn year_name(year: i32) -> String {
    if year <= 0 { format!("{} BCE", 1 - i64::from(year)) } else { year.to_string() }
}

impl When {
    /// Parses EDTF text; `tz` is the offset for times written without one.
    pub fn parse(text: &str, tz: FixedOffset) -> Result<When, DateError> {
        Ok(When { text: text.into(), span: When::span_of(text, tz)? })
    }

    /// What EDTF text means, without keeping the text.
    pub fn span_of(text: &str, tz: FixedOffset) -> Result<Span, DateError> {
        match text.find('/') {
            None => Ok(Span::Point(parse_point(text, 0)?)),
            Some(slash) => parse_interval(text, slash, tz),
        }
    }

    /// The earliest instant this can mean, as seconds since the Unix epoch; `None` when open.
    pub fn start(&self, tz: FixedOffset) -> Option<i64> {
        match self.span {
            Span::Point(p) => Some(p.first_instant(tz).timestamp()),
            Span::Interval(from, _) => bound_point(from).map(|p| p.first_instant(tz).timestamp()),
        }
    }

    /// The latest instant this can mean (inclusive); `None` when open.
    pub fn end(&self, tz: FixedOffset) -> Option<i64> {
        match self.span {
            Span::Point(p) => Some(p.last_instant(tz).timestamp()),
            Span::Interval(_, to) => bound_point(to).map(|p| p.last_instant(tz).timestamp()),
        }
    }

    /// The precision of a point, or of the coarser known end of an interval.
    pub fn precision(&self) -> Precision {
        self.points().map(|p| p.precision()).min().unwrap_or(Precision::Year)
    }

    pub fn approximate(&self) -> bool {
        self.points().any(|p| p.approximate)
    }

    pub fn uncertain(&self) -> bool {
        self.points().any(|p| p.uncertain)
    }

    pub fn is_interval(&self) -> bool {
        matches!(self.span, Span::Interval(..))
    }

    pub fn points(&self) -> impl Iterator<Item = Point> {
        let (a, b) = match self.span {
            Span::Point(p) => (Some(p), None),
            Span::Interval(from, to) => (bound_point(from), bound_point(to)),
        };
        a.into_iter().chain(b)
    }
}

fn bound_point(b: Bound) -> Option<Point> {
    match b {
        Bound::Known(p) => Some(p),
        Bound::Open | Bound::Unknown => None,
    }
}

impl Point {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.time, self.second) {
            (None, ..) => Precision::Year,
            (Some(_), None, ..) => Precision::Month,
            (_, Some(_), None, _) => Precision::Day,
            (_, _, Some(_), None) => Precision::Minute,
            (_, _, Some(_), Some(_)) => Precision::Second,
        }
    }

    /// The first second this point covers, in its own offset or the timeline's.
    pub fn first_instant(&self, tz: FixedOffset) -> DateTime<FixedOffset> {
        let date = NaiveDate::from_ymd_opt(self.year, self.month.map_or(1, u32::from), self.day.map_or(1, u32::from))
            .unwrap_or(NaiveDate::MIN);
        let (h, m) = self.time.unwrap_or((0, 0));
        let time = NaiveTime::from_hms_opt(h.into(), m.into(), self.second.map_or(0, u32::from)).unwrap_or_default();
        self.localise(date.and_time(time), tz)
    }

    /// The last second this point covers.
    pub fn last_instant(&self, tz: FixedOffset) -> DateTime<FixedOffset> {
        let month = self.month.map_or(12, u32::from);
        let day = self.day.map_or_else(|| days_in_month(self.year, month), u32::from);
        let date = NaiveDate::from_ymd_opt(self.year, month, day).unwrap_or(NaiveDate::MAX);
        let time = match (self.time, self.second) {
            (None, _) => NaiveTime::from_hms_opt(23, 59, 59),
            (Some((h, m)), None) => NaiveTime::from_hms_opt(h.into(), m.into(), 59),
            (Some((h, m)), Some(s)) => NaiveTime::from_hms_opt(h.into(), m.into(), s.into()),
        };
        self.localise(date.and_time(time.unwrap_or_default()), tz)
    }

    fn localise(&self, naive: NaiveDateTime, tz: FixedOffset) -> DateTime<FixedOffset> {
        let zone = self.offset.and_then(FixedOffset::east_opt).unwrap_or(tz);
        zone.from_local_datetime(&naive).single().unwrap_or_else(|| zone.from_utc_datetime(&naive))
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|d| d.pred_opt()).map(|d| d.day()).unwrap_or(31)
}

fn parse_interval(text: &str, slash: usize, tz: FixedOffset) -> Result<Span, DateError> {
    let (left, right) = (&text[..slash], &text[slash + 1..]);
    if right.contains('/') {
        let example = day_first(text).unwrap_or_else(|| "2024-03-22".into());
        return Err(DateError::new(0, text.len(), format!("dates are written year first, with hyphens: `{example}`"))
            .help("an interval is two such dates joined by one `/`: `2024-03-21/2024-03-25`"));
    }
    let from = parse_bound(left, 0)?;
    let to = parse_bound(right, slash + 1)?;
    if let (Bound::Known(a), Bound::Known(b)) = (from, to)
        && b.last_instant(tz) < a.first_instant(tz)
    {
        return Err(DateError::new(0, text.len(), format!("the interval `{text}` ends before it starts"))
            .help("write the earlier date first"));
    }
    if from == Bound::Unknown && to == Bound::Unknown {
        return Err(DateError::new(slash, 1, "an interval needs at least one date").help(FORMS));
    }
    Ok(Span::Interval(from, to))
}

/// `24/03/2024` (or `03/24/2024`, which cannot be told apart) rewritten as `2024-03-24`.
fn day_first(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('/').collect();
    let [d, m, y] = parts.as_slice() else { return None };
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    (digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)).then(|| format!("{y}-{m:0>2}-{d:0>2}"))
}

fn parse_bound(text: &str, base: usize) -> Result<Bound, DateError> {
    match text {
        "" => Ok(Bound::Unknown),
        ".." => Ok(Bound::Open),
        _ => parse_point(text, base).map(Bound::Known),
    }
}

/// Reads one point. `base` is where `text` starts within the whole `when`, for error positions.
fn parse_point(text: &str, base: usize) -> Result<Point, DateError> {
    if text.is_empty() {
        return Err(DateError::new(base, 1, "the date is empty").help(FORMS));
    }
    let (body, approximate, uncertain) = split_qualifier(text);
    if let Some(bad) = body.find(['~', '?', '%']) {
        return Err(DateError::new(base + bad, 1, "a qualifier (`~`, `?`, `%`) goes at the end of the date")
            .help("write `2024-03-22~`, not `2024-03~-22`"));
    }
    if let Some(x) = body.find(['X', 'x']) {
        return Err(DateError::new(base + x, 1, "unspecified digits (`X`) are not supported")
            .help("write a coarser date instead, e.g. `2024-03` for some day in March 2024"));
    }
    let mut reader = Reader { text: body, pos: 0, base };
    let (year, prefixed) = reader.year()?;
    if prefixed && reader.text[reader.pos..].starts_with('-') {
        return Err(reader
            .error(
                reader.text.len() - reader.pos,
                "a year written with `Y` stands alone: it has no month or day".into(),
            )
            .help("EDTF gives months and days only to years of four digits"));
    }
    let mut point =
        Point { year, month: None, day: None, time: None, second: None, offset: None, approximate, uncertain };
    if reader.eat('-') {
        let month = reader.month()?;
        point.month = Some(month);
        if reader.eat('-') {
            point.day = Some(reader.day(point.year, month)?);
            if reader.eat('T') {
                reader.time(&mut point)?;
            }
        }
    }
    reader.finish()?;
    Ok(point)
}

fn split_qualifier(text: &str) -> (&str, bool, bool) {
    match text.as_bytes().last() {
        Some(b'~') => (&text[..text.len() - 1], true, false),
        Some(b'?') => (&text[..text.len() - 1], false, true),
        Some(b'%') => (&text[..text.len() - 1], true, true),
        _ => (text, false, false),
    }
}

/// A cursor over one point's text that knows where it is, for precise messages.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    base: usize,
}

impl Reader<'_> {
    fn eat(&mut self, c: char) -> bool {
        if self.text[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn digits(&mut self, n: usize, what: &str) -> Result<u32, DateError> {
        let rest = &self.text[self.pos..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len != n {
            let shown = if len > 0 {
                &rest[..len]
            } else {
                rest.get(..rest.chars().next().map_or(0, char::len_utf8)).unwrap_or("")
            };
            return Err(self.error(len.max(1), format!("expected {what} as {n} digits, found `{shown}`")).help(FORMS));
        }
        self.pos += n;
        Ok(rest[..n].parse().unwrap_or(0))
    }

    fn error(&self, len: usize, message: String) -> DateError {
        DateError::new(self.base + self.pos, len, message)
    }

    fn error_back(&self, len: usize, message: String) -> DateError {
        DateError::new(self.base + self.pos - len, len, message)
    }

    /// A year as EDTF level 1 writes it: four digits (`2024`, `0000` for 1 BCE), a minus before
    /// them for earlier years (`-0300`, 301 BCE), or `Y` before a year of more than four digits
    /// (`Y12000`, `Y-12000`). Returns the astronomical year and whether it was written with `Y`.
    fn year(&mut self) -> Result<(i32, bool), DateError> {
        let start = self.pos;
        if self.eat('+') {
            return Err(self
                .error_back(1, "a year is written without `+`".into())
                .help("write `2024`, or `Y12000` for a year of more than four digits"));
        }
        let prefixed = self.eat('Y');
        let negative = self.eat('-');
        let rest = &self.text[self.pos..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let digits = &rest[..len];
        let written = &self.text[start..self.pos + len];
        if prefixed && len == 0 {
            return Err(self.error(1, "expected the year's digits after `Y`".into()).help(YEARS_HELP));
        }
        if prefixed && len <= 4 {
            let plain = format!("{}{digits:0>4}", if negative { "-" } else { "" });
            return Err(DateError::new(
                self.base + start,
                written.len(),
                "`Y` is only for years of more than four digits",
            )
            .help(format!("write `{plain}`")));
        }
        if !prefixed && len > 4 {
            let year = digits.trim_start_matches('0');
            return Err(DateError::new(
                self.base + start,
                written.len(),
                "a year of more than four digits is written with `Y` before it",
            )
            .help(format!("write `Y{}{year}` (EDTF level 1)", if negative { "-" } else { "" })));
        }
        if !prefixed {
            // Four digits, with the usual message when there are not.
            self.digits(4, "a year")?;
        } else {
            self.pos += len;
        }
        let magnitude: u64 = digits.parse().unwrap_or(u64::MAX);
        if negative && magnitude == 0 {
            return Err(DateError::new(self.base + start, written.len(), "`-0000` is not a year")
                .help("year zero is `0000`, which is 1 BCE; `-0001` is 2 BCE"));
        }
        let year = i64::try_from(magnitude).unwrap_or(i64::MAX).saturating_mul(if negative { -1 } else { 1 });
        if !(i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year) {
            return Err(DateError::new(
                self.base + start,
                written.len(),
                format!("year {written} is beyond the years timeline can place in time"),
            )
            .help(format!("timeline places years from Y{FIRST_YEAR} to Y{LAST_YEAR}; write such a date in a note")));
        }
        Ok((year as i32, prefixed))
    }

    fn month(&mut self) -> Result<u8, DateError> {
        let month = self.digits(2, "a month")?;
        match month {
            1..=12 => Ok(month as u8),
            21..=24 => Err(self
                .error_back(2, format!("`{month:02}` is an EDTF season, which timeline does not support"))
                .help("write the months instead, e.g. `2024-03/2024-05` for spring 2024")),
            _ => Err(self.error_back(2, format!("month {month:02} is impossible: months run from 01 to 12"))),
        }
    }

    fn day(&mut self, year: i32, month: u8) -> Result<u8, DateError> {
        let day = self.digits(2, "a day")?;
        let last = days_in_month(year, month.into());
        if (1..=last).contains(&day) {
            return Ok(day as u8);
        }
        let name = NaiveDate::from_ymd_opt(year, month.into(), 1)
            .map(|d| format!("{} {}", d.format("%B"), year_name(year)))
            .unwrap_or_default();
        Err(self.error_back(2, format!("day {day:02} is impossible: {name} has {last} days")))
    }

    fn time(&mut self, point: &mut Point) -> Result<(), DateError> {
        let hour = self.digits(2, "an hour")?;
        if hour > 23 {
            return Err(self.error_back(2, format!("hour {hour:02} is impossible: hours run from 00 to 23")));
        }
        if !self.eat(':') {
            return Err(self.error(1, "expected `:` between hour and minute".into()).help(FORMS));
        }
        let minute = self.digits(2, "a minute")?;
        if minute > 59 {
            return Err(self.error_back(2, format!("minute {minute:02} is impossible: minutes run from 00 to 59")));
        }
        point.time = Some((hour as u8, minute as u8));
        if self.eat(':') {
            let second = self.digits(2, "a second")?;
            if second > 59 {
                return Err(self.error_back(2, format!("second {second:02} is impossible: seconds run from 00 to 59")));
            }
            point.second = Some(second as u8);
        }
        point.offset = self.offset()?;
        Ok(())
    }

    fn offset(&mut self) -> Result<Option<i32>, DateError> {
        if self.eat('Z') {
            return Ok(Some(0));
        }
        let sign = if self.eat('+') {
            1
        } else if self.eat('-') {
            -1
        } else {
            return Ok(None);
        };
        let hours = self.digits(2, "the offset's hours")?;
        let minutes = if self.eat(':') { self.digits(2, "the offset's minutes")? } else { 0 };
        if hours > 14 || minutes > 59 {
            return Err(self.error_back(5, "an offset runs from -14:00 to +14:00".into()));
        }
        Ok(Some(sign * (hours as i32 * 3600 + minutes as i32 * 60)))
    }

    fn finish(&self) -> Result<(), DateError> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return Ok(());
        }
        Err(self.error(rest.len(), format!("unexpected `{rest}` after the date")).help(FORMS))
    }
}

/// Reads a time-zone offset such as `+03:00`, `-05:30` or `Z`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    if text == "Z" || text.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = text[1..].split_once(':')?;
    // Two digits each: `parse` alone would take signs, so `+-1:-5` read as -01:05.
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl When {
    /// `Friday 22 March 2024  (day; written 2024-03-22)`, `from … to …`, `about March 2024`.
    pub fn describe(&self, tz: FixedOffset) -> String {
        let when = self;
        let body = when.reads(tz);
        // Where a year is numbered astronomically, say so: `0000` is 1 BCE, not "year zero".
        let note = if when.points().any(|p| p.year <= 0) { "; EDTF counts 0000 as 1 BCE" } else { "" };
        format!("{}  ({}; written {}{note})", body, when.precision().as_str(), when.text)
    }

    /// `describe` without its note of precision and text: what a reader of a report needs.
    pub fn reads(&self, tz: FixedOffset) -> String {
        match self.span {
            Span::Point(p) => point(&p, tz),
            Span::Interval(from, to) => match (from, to) {
                (Bound::Known(a), Bound::Known(b)) => format!("from {} to {}", point(&a, tz), point(&b, tz)),
                (Bound::Known(a), Bound::Open) => format!("from {} on", point(&a, tz)),
                (Bound::Known(a), Bound::Unknown) => format!("from {}, end unknown", point(&a, tz)),
                (Bound::Open, Bound::Known(b)) => format!("until {}", point(&b, tz)),
                (_, Bound::Known(b)) => format!("until {}, start unknown", point(&b, tz)),
                _ => "undated".into(),
            },
        }
    }
}

fn point(p: &Point, tz: FixedOffset) -> String {
    let t = p.first_instant(tz);
    // chrono writes `%Y` as ISO 8601 does (`-0300`); a reader counts `301 BCE`.
    let year = year_name(t.year());
    let text = match p.precision() {
        Precision::Year => year,
        Precision::Month => format!("{} {year}", t.format("%B")),
        Precision::Day => format!("{} {year}", t.format("%A %-d %B")),
        Precision::Minute => format!("{} {year}, {}", t.format("%A %-d %B"), t.format("%H:%M %:z")),
        Precision::Second => format!("{} {year}, {}", t.format("%A %-d %B"), t.format("%H:%M:%S %:z")),
    };
    match (p.approximate, p.uncertain) {
        (true, true) => format!("about {text}, uncertain"),
        (true, false) => format!("about {text}"),
        (false, true) => format!("{text}, uncertain"),
        (false, false) => text,
    }
}

/// The instant something from `start` to `end` (open ends as `i64::MIN` / `i64::MAX`) sorts
/// by: its start, or for an interval open at the start, its end.
pub fn sort_instant(start: i64, end: i64) -> i64 {
    if start == i64::MIN { end } else { start }
}

/// What events are put in order by, before their place in the file: the instant they sort at,
/// then their precision, the coarser first.
pub fn sort_key(start: i64, end: i64, precision: Precision) -> (i64, Precision) {
    (sort_instant(start, end), precision)
}

/// Time relative to the anchor, as coarse as the event's precision and at most six columns
/// wide: `T−15d`, `T+2h`, `T−8y`, `T−12ky`.
pub fn relative(delta: i64, precision: Precision) -> String {
    const DAY: i64 = 86_400;
    let sign = if delta < 0 { '−' } else { '+' };
    let abs = delta.unsigned_abs() as i64;
    let days = abs / DAY;
    let (n, unit) = match precision {
        Precision::Minute | Precision::Second if abs < 3600 => (abs / 60, "m"),
        Precision::Minute | Precision::Second if abs < DAY => (abs / 3600, "h"),
        Precision::Year => (days * 100 / 36525, "y"),
        _ if days >= 730 => (days * 100 / 36525, "y"),
        Precision::Month => (days * 1000 / 30437, "mo"),
        _ if days >= 60 => (days * 1000 / 30437, "mo"),
        _ => (days, "d"),
    };
    // Nought in a unit coarser than days: the same month or year, before or after.
    let sign = if n == 0 && matches!(unit, "mo" | "y") { '±' } else { sign };
    // The list gives this six columns: thousands of years to the nearest thousand, and from
    // 100,000 years on without the `T` (`T−12ky`, `−120ky`).
    if unit == "y" && n >= 1000 {
        let k = (n + 500) / 1000;
        return if k < 100 { format!("T{sign}{k}ky") } else { format!("{sign}{k}ky") };
    }
    format!("T{sign}{n}{unit}")
}

/// Formats an instant as ISO 8601 in the given zone, e.g. `2024-03-22T00:00:00+03:00`.
pub fn iso(instant: i64, tz: FixedOffset) -> String {
    DateTime::from_timestamp(instant, 0)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

/// The day of `instant` in `tz`, as the file writes a day: `2024-03-22`.
pub fn iso_day(instant: i64, tz: FixedOffset) -> String {
    DateTime::from_timestamp(instant, 0)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msk() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    fn when(text: &str) -> When {
        When::parse(text, msk()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn error(text: &str) -> DateError {
        When::parse(text, msk()).expect_err(text)
    }

    fn bounds(text: &str) -> (String, String) {
        let w = when(text);
        let show = |t: Option<i64>| t.map(|t| iso(t, msk())).unwrap_or_else(|| "open".into());
        (show(w.start(msk())), show(w.end(msk())))
    }

    #[test]
    fn every_precision_keeps_what_was_written_and_covers_its_whole_span() {
        let cases = [
            ("2024", Precision::Year, "2024-01-01T00:00:00+03:00", "2024-12-31T23:59:59+03:00"),
            ("2024-02", Precision::Month, "2024-02-01T00:00:00+03:00", "2024-02-29T23:59:59+03:00"),
            ("2024-03-22", Precision::Day, "2024-03-22T00:00:00+03:00", "2024-03-22T23:59:59+03:00"),
            ("2024-03-22T20:02", Precision::Minute, "2024-03-22T20:02:00+03:00", "2024-03-22T20:02:59+03:00"),
            ("2024-03-22T20:02:07", Precision::Second, "2024-03-22T20:02:07+03:00", "2024-03-22T20:02:07+03:00"),
        ];
        for (text, precision, start, end) in cases {
            let w = when(text);
            assert_eq!(w.text, text);
            assert_eq!(w.precision(), precision, "{text}");
            assert_eq!(bounds(text), (start.to_string(), end.to_string()), "{text}");
        }
    }

    #[test]
    fn a_written_offset_overrides_the_timelines_zone() {
        assert_eq!(bounds("2024-03-22T17:02:00Z").0, "2024-03-22T20:02:00+03:00");
        assert_eq!(bounds("2024-03-22T20:02:00+03:00").0, "2024-03-22T20:02:00+03:00");
        assert_eq!(bounds("2024-03-22T12:02-05:00").0, "2024-03-22T20:02:00+03:00");
    }

    #[test]
    fn qualifiers_mark_approximate_uncertain_or_both() {
        let q = |t: &str| {
            let w = when(t);
            (w.approximate(), w.uncertain(), w.precision())
        };
        assert_eq!(q("2024-03-22~"), (true, false, Precision::Day));
        assert_eq!(q("2024-03?"), (false, true, Precision::Month));
        assert_eq!(q("2023%"), (true, true, Precision::Year));
        assert_eq!(q("2024-03-22T20:02~"), (true, false, Precision::Minute));
        assert_eq!(q("2024-03-22"), (false, false, Precision::Day));
    }

    #[test]
    fn intervals_with_known_open_and_unknown_ends() {
        assert_eq!(
            bounds("2024-03-21/2024-03-25"),
            ("2024-03-21T00:00:00+03:00".into(), "2024-03-25T23:59:59+03:00".into())
        );
        assert_eq!(bounds("2024-03-21/..").1, "open");
        assert_eq!(bounds("../2024-03-25").0, "open");
        assert_eq!(bounds("2024-03-21/").1, "open");
        assert_eq!(bounds("/2024-03-25").0, "open");
        let w = when("2024-03~/2024-04-02?");
        assert!(w.is_interval() && w.approximate() && w.uncertain());
        assert_eq!(w.precision(), Precision::Month);
        assert_eq!(
            w.span,
            Span::Interval(Bound::Known(when("2024-03~").span_point()), Bound::Known(when("2024-04-02?").span_point()))
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(error("2024-02-30").message, "day 30 is impossible: February 2024 has 29 days");
        assert_eq!(error("2023-02-29").message, "day 29 is impossible: February 2023 has 28 days");
        assert_eq!(error("2024-04-31").message, "day 31 is impossible: April 2024 has 30 days");
        assert_eq!(error("2024-03-00").message, "day 00 is impossible: March 2024 has 31 days");
        assert_eq!(error("2024-13").message, "month 13 is impossible: months run from 01 to 12");
        assert_eq!(error("2024-00").message, "month 00 is impossible: months run from 01 to 12");
        assert_eq!(error("2024-03-22T24:00").message, "hour 24 is impossible: hours run from 00 to 23");
        assert_eq!(error("2024-03-22T20:60").message, "minute 60 is impossible: minutes run from 00 to 59");
        assert_eq!(error("2024-03-22T20:02:61").message, "second 61 is impossible: seconds run from 00 to 59");
        assert_eq!(error("2024-21").message, "`21` is an EDTF season, which timeline does not support");
    }

    #[test]
    fn malformed_dates_point_at_the_offending_characters() {
        let e = error("2024-13");
        assert_eq!((e.at, e.len), (5, 2));
        let e = error("2024-02-30");
        assert_eq!((e.at, e.len), (8, 2));
        let e = error("24-03");
        assert_eq!(e.message, "expected a year as 4 digits, found `24`");
        assert_eq!(error("March 2024").message, "expected a year as 4 digits, found `M`");
        assert_eq!(error("2024/03/22").message, "dates are written year first, with hyphens: `2024-03-22`");
        assert_eq!(error("22/3/2024").message, "dates are written year first, with hyphens: `2024-03-22`");
        assert_eq!(error("2024-03-22 20:02").message, "unexpected ` 20:02` after the date");
        assert_eq!(error("2024-3-22").message, "expected a month as 2 digits, found `3`");
        assert_eq!(error("2024-03~-22").message, "a qualifier (`~`, `?`, `%`) goes at the end of the date");
        assert_eq!(error("2024-03-XX").message, "unspecified digits (`X`) are not supported");
        assert_eq!(error("").message, "the date is empty");
        assert_eq!(error("/").message, "an interval needs at least one date");
        assert_eq!(error("2024-03-22T20").message, "expected `:` between hour and minute");
    }

    #[test]
    fn an_interval_that_ends_before_it_starts_is_an_error() {
        let e = error("2024-03-25/2024-03-21");
        assert_eq!(e.message, "the interval `2024-03-25/2024-03-21` ends before it starts");
        assert_eq!((e.at, e.len), (0, 21));
        assert!(When::parse("2024-03/2024-03-05", msk()).is_ok(), "overlapping ends are allowed");
        let e = error("2024-03-21/2024-13");
        assert_eq!((e.at, e.message.as_str()), (16, "month 13 is impossible: months run from 01 to 12"));
    }

    #[test]
    fn relative_times_are_as_coarse_as_the_event() {
        let day = 86_400;
        assert_eq!(relative(-15 * day, Precision::Day), "T−15d");
        assert_eq!(relative(3 * day, Precision::Day), "T+3d");
        assert_eq!(relative(0, Precision::Day), "T+0d");
        assert_eq!(relative(2 * 3600 + 59, Precision::Minute), "T+2h");
        assert_eq!(relative(-45 * 60, Precision::Minute), "T−45m");
        assert_eq!(relative(-3 * day, Precision::Minute), "T−3d");
        assert_eq!(relative(-80 * day, Precision::Day), "T−2mo");
        assert_eq!(relative(-20 * day, Precision::Month), "T±0mo");
        assert_eq!(relative(-3000 * day, Precision::Day), "T−8y");
        assert_eq!(relative(-100 * day, Precision::Year), "T±0y");
        let years = |n: i64| (n * 36525 / 100 + 1) * day;
        assert_eq!(relative(-years(999), Precision::Year), "T−999y");
        assert_eq!(relative(-years(1956), Precision::Day), "T−2ky");
        assert_eq!(relative(-years(11956), Precision::Year), "T−12ky");
        assert_eq!(relative(years(99_499), Precision::Year), "T+99ky");
        assert_eq!(relative(-years(524_000), Precision::Year), "−524ky");
    }

    #[test]
    fn offsets_for_the_timeline_zone() {
        assert_eq!(parse_offset("+03:00"), Some(msk()));
        assert_eq!(parse_offset("-05:30"), FixedOffset::east_opt(-(5 * 3600 + 1800)));
        assert_eq!(parse_offset("Z"), FixedOffset::east_opt(0));
        assert_eq!(parse_offset("+3"), None);
        assert_eq!(parse_offset("Moscow"), None);
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(parse_offset("+-1:-5"), None);
        assert_eq!(parse_offset("+ 1:05"), None);
        assert_eq!(parse_offset("-+1:00"), None);
    }

    #[test]
    fn years_before_the_common_era_and_beyond_four_digits_cover_their_span() {
        let cases = [
            ("-0300", -300, "-0300-01-01T00:00:00+03:00", "-0300-12-31T23:59:59+03:00"),
            ("-0300-05", -300, "-0300-05-01T00:00:00+03:00", "-0300-05-31T23:59:59+03:00"),
            ("-0300-05-12T10:30", -300, "-0300-05-12T10:30:00+03:00", "-0300-05-12T10:30:59+03:00"),
            ("0000", 0, "0000-01-01T00:00:00+03:00", "0000-12-31T23:59:59+03:00"),
            ("Y12000", 12_000, "+12000-01-01T00:00:00+03:00", "+12000-12-31T23:59:59+03:00"),
            ("Y-12000", -12_000, "-12000-01-01T00:00:00+03:00", "-12000-12-31T23:59:59+03:00"),
            ("Y-262000", FIRST_YEAR, "-262000-01-01T00:00:00+03:00", "-262000-12-31T23:59:59+03:00"),
            ("Y262000", LAST_YEAR, "+262000-01-01T00:00:00+03:00", "+262000-12-31T23:59:59+03:00"),
        ];
        for (text, year, start, end) in cases {
            let w = when(text);
            assert_eq!(w.points().next().map(|p| p.year), Some(year), "{text}");
            assert_eq!(bounds(text), (start.to_string(), end.to_string()), "{text}");
        }
        assert!(when("Y-12000~").approximate());
        assert_eq!(
            bounds("-0100/0100"),
            ("-0100-01-01T00:00:00+03:00".into(), "0100-12-31T23:59:59+03:00".into()),
            "an interval across year 0"
        );
        assert_eq!(bounds("Y-12000/..").1, "open");
    }

    #[test]
    fn astronomical_years_sort_in_time_order() {
        let order = ["Y-12000", "-0301", "-0300-12-31", "-0001", "0000", "0001", "2024", "Y12000"];
        let starts: Vec<i64> = order.iter().map(|t| when(t).start(msk()).unwrap()).collect();
        assert!(starts.is_sorted(), "{order:?}");
    }

    #[test]
    fn leap_years_before_the_common_era_follow_the_proleptic_gregorian_calendar() {
        // Astronomical -4 (5 BCE) is divisible by 4; -100 (101 BCE) by 100 but not by 400.
        assert!(When::parse("-0004-02-29", msk()).is_ok());
        assert!(When::parse("0000-02-29", msk()).is_ok(), "year 0 (1 BCE) is divisible by 400");
        let e = error("-0100-02-29");
        assert_eq!(e.message, "day 29 is impossible: February 101 BCE has 28 days");
        assert_eq!((e.at, e.len), (9, 2));
    }

    #[test]
    fn malformed_years_say_how_edtf_writes_them() {
        let e = error("12000");
        assert_eq!(e.message, "a year of more than four digits is written with `Y` before it");
        assert_eq!(e.help.as_deref(), Some("write `Y12000` (EDTF level 1)"));
        assert_eq!((e.at, e.len), (0, 5));
        let e = error("-12000-05");
        assert_eq!(e.help.as_deref(), Some("write `Y-12000` (EDTF level 1)"));
        assert_eq!((e.at, e.len), (0, 6));
        let e = error("Y2024");
        assert_eq!(e.message, "`Y` is only for years of more than four digits");
        assert_eq!(e.help.as_deref(), Some("write `2024`"));
        assert_eq!(error("Y-300").help.as_deref(), Some("write `-0300`"));
        let e = error("Y12000-05");
        assert_eq!(e.message, "a year written with `Y` stands alone: it has no month or day");
        assert_eq!((e.at, e.len), (6, 3));
        let e = error("-0000");
        assert_eq!(e.message, "`-0000` is not a year");
        assert_eq!(e.help.as_deref(), Some("year zero is `0000`, which is 1 BCE; `-0001` is 2 BCE"));
        assert_eq!(error("+2024").message, "a year is written without `+`");
        assert_eq!(error("Y").message, "expected the year's digits after `Y`");
        assert_eq!(error("-300").message, "expected a year as 4 digits, found `300`");
        let e = error("Y-300000");
        assert_eq!(e.message, "year Y-300000 is beyond the years timeline can place in time");
        assert_eq!(
            e.help.as_deref(),
            Some("timeline places years from Y-262000 to Y262000; write such a date in a note")
        );
        assert_eq!((e.at, e.len), (0, 8));
        assert!(When::parse("Y99999999999999999999999", msk()).is_err(), "too many digits for any number");
        let e = error("2024-03-21/-12000");
        assert_eq!((e.at, e.len), (11, 6), "inside the interval's second date");
    }

    #[test]
    fn years_are_named_as_readers_count_them() {
        assert_eq!(year_name(2024), "2024");
        assert_eq!(year_name(1), "1");
        assert_eq!(year_name(0), "1 BCE");
        assert_eq!(year_name(-1), "2 BCE");
        assert_eq!(year_name(-300), "301 BCE");
        assert_eq!(year_name(12_000), "12000");
        let utc = FixedOffset::east_opt(0).unwrap();
        let describe = |t: &str| When::parse(t, utc).unwrap().describe(utc);
        assert_eq!(describe("-0300"), "301 BCE  (year; written -0300; EDTF counts 0000 as 1 BCE)");
        assert_eq!(describe("0000"), "1 BCE  (year; written 0000; EDTF counts 0000 as 1 BCE)");
        assert_eq!(describe("-0300-05~"), "about May 301 BCE  (month; written -0300-05~; EDTF counts 0000 as 1 BCE)");
        assert!(describe("-0043-03-15").starts_with("Friday 15 March 44 BCE  (day;"), "{}", describe("-0043-03-15"));
        assert_eq!(describe("-0044/0014"), "from 45 BCE to 14  (year; written -0044/0014; EDTF counts 0000 as 1 BCE)");
        assert_eq!(describe("Y12000"), "12000  (year; written Y12000)");
        assert_eq!(describe("2024"), "2024  (year; written 2024)", "no note where no year needs it");
    }

    #[test]
    fn relative_times_reach_across_millennia() {
        let year = 365 * 86_400 + 86_400 / 4;
        // In thousands of years, so as to fit the list's six columns.
        assert_eq!(relative(-2_324 * year, Precision::Year), "T−2ky");
        assert_eq!(relative(14_000 * year, Precision::Day), "T+14ky");
    }

    impl When {
        fn span_point(&self) -> Point {
            match self.span {
                Span::Point(p) => p,
                Span::Interval(..) => panic!("not a point"),
            }
        }
    }
}
