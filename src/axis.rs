//! A time axis across a number of columns: where each instant falls, and ticks labelled in the
//! unit that suits the span (hours to millennia).
//!
//! The axis is made of pieces of time laid side by side, each drawn linearly over its own columns.
//! On a linear axis there is one piece. On a collapsed axis a long stretch with no event is cut out
//! and a one-column break stands in its place, so that the month of a sparse timeline where most
//! events happen takes most of the width, and a lone event years earlier keeps a column of its own
//! (Timeline Storyteller's "collapsed" scale). Pure: the browser and the SVG export share it.

use crate::model::when::year_name;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Timelike};

/// A stretch cut out of a collapsed axis when it would otherwise take more than this many columns.
const CUT_COLUMNS: f64 = 3.0;

const DAY: f64 = 86_400.0;

/// Labels stand at least this many columns apart.
const LABEL_GAP: usize = 2;

/// A piece of time drawn linearly over `columns` columns from column `first`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub from: i64,
    pub to: i64,
    pub first: usize,
    pub columns: usize,
}

/// A stretch of time cut out of the axis, drawn as one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    pub column: usize,
    /// The time left out: from the end of the piece before to the start of the piece after.
    pub from: i64,
    pub to: i64,
}

/// A labelled mark on the axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub column: usize,
    pub instant: i64,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Axis {
    pub pieces: Vec<Piece>,
    pub width: usize,
}

impl Axis {
    /// One piece from `from` to `to` over `width` columns.
    pub fn linear(from: i64, to: i64, width: usize) -> Axis {
        let width = width.max(1);
        Axis { pieces: vec![Piece { from, to: to.max(from), first: 0, columns: width }], width }
    }

    /// An axis over `width` columns for events spanning `extents` (start, end; open ends already
    /// clipped), with every stretch that no event covers cut out when it would take more than a
    /// few columns.
    pub fn collapsed(extents: &[(i64, i64)], width: usize) -> Axis {
        let width = width.max(1);
        let covered = merged(extents);
        let (Some(first), Some(last)) = (covered.first(), covered.last()) else {
            return Axis::linear(0, 0, width);
        };
        let cuts = cuts(&covered, width);
        let mut spans = Vec::with_capacity(cuts.len() + 1);
        let mut from = first.0;
        for &(gap_from, gap_to) in &cuts {
            spans.push((from, gap_from));
            from = gap_to;
        }
        spans.push((from, last.1));
        Axis { pieces: lay_out(&spans, width), width }
    }

    /// `collapsed` for events that stand at instants (in time order): a point each.
    pub fn collapsed_points(points: &[i64], width: usize) -> Axis {
        Axis::collapsed(&points.iter().map(|&t| (t, t)).collect::<Vec<_>>(), width)
    }

    /// The column where `instant` falls, if it is on the axis (not before, after or in a break).
    pub fn column(&self, instant: i64) -> Option<usize> {
        let at = self.pieces.partition_point(|p| p.to < instant);
        let piece = self.pieces.get(at).filter(|p| p.from <= instant)?;
        Some(piece.first + offset(piece, instant))
    }

    /// Where `instant` falls, in columns with their fractions, for drawing finer than a column:
    /// a time in a break at the break's middle, one outside the axis at its edge.
    pub fn position(&self, instant: i64) -> f64 {
        let at = self.pieces.partition_point(|p| p.to < instant);
        match self.pieces.get(at) {
            Some(piece) if piece.from <= instant => {
                let length = (piece.to - piece.from) as f64;
                let into = if length == 0.0 { 0.5 } else { (instant - piece.from) as f64 / length };
                piece.first as f64 + into * piece.columns as f64
            }
            Some(piece) if at > 0 => piece.first as f64 - 0.5,
            Some(_) => 0.0,
            None => self.width as f64,
        }
    }

    /// The column nearest to `instant`: a time in a break goes to the break, one outside the axis
    /// to its edge.
    pub fn nearest_column(&self, instant: i64) -> usize {
        if let Some(column) = self.column(instant) {
            return column;
        }
        let at = self.pieces.partition_point(|p| p.to < instant);
        match (at, self.pieces.get(at)) {
            (0, _) => 0,
            (_, None) => self.width - 1,
            (_, Some(piece)) => piece.first.saturating_sub(1),
        }
    }

    /// The instant in the middle of `column`: the inverse of `column`; a break's middle for a
    /// break, the axis's ends outside it.
    pub fn instant_at(&self, column: f64) -> i64 {
        let (first, last) = self.span();
        let Some(piece) = self.pieces.iter().find(|p| column < (p.first + p.columns) as f64) else { return last };
        if column < piece.first as f64 {
            let before = self.pieces.iter().rev().find(|p| p.first < piece.first).map_or(first, |p| p.to);
            return before / 2 + piece.from / 2;
        }
        let into = ((column - piece.first as f64) / piece.columns as f64).clamp(0.0, 1.0);
        piece.from + ((piece.to - piece.from) as f64 * into) as i64
    }

    /// The cut stretches, each with the column of its break.
    pub fn breaks(&self) -> Vec<Break> {
        self.pieces
            .windows(2)
            .map(|pair| Break { column: pair[1].first - 1, from: pair[0].to, to: pair[1].from })
            .collect()
    }

    /// The earliest and latest instant on the axis.
    pub fn span(&self) -> (i64, i64) {
        let first = self.pieces.first().map_or(0, |p| p.from);
        let last = self.pieces.last().map_or(0, |p| p.to);
        (first, last)
    }

    /// The ticks of every piece, each in the unit that suits its scale, labelled in `tz`; labels
    /// never overlap, and the first label placed in a piece names its month (or its year).
    pub fn ticks(&self, tz: FixedOffset) -> Vec<Tick> {
        let mut out: Vec<Tick> = Vec::new();
        let mut free_from = 0;
        for piece in &self.pieces {
            let mut named = false;
            for (instant, unit) in piece_marks(piece, tz) {
                let label = unit.label(instant, tz, !named);
                let column = piece.first + offset(piece, instant);
                // Narrow pieces of one year say it once.
                if out.last().is_some_and(|t: &Tick| t.label == label) {
                    continue;
                }
                if column >= free_from && column + label.chars().count() <= self.width {
                    free_from = column + label.chars().count() + LABEL_GAP;
                    out.push(Tick { column, instant, label });
                    named = true;
                }
            }
        }
        out
    }

    /// How many of `instants` fall in each column.
    pub fn counts(&self, instants: impl Iterator<Item = i64>) -> Vec<u32> {
        let mut counts = vec![0; self.width];
        for instant in instants {
            if let Some(column) = self.column(instant) {
                counts[column] += 1;
            }
        }
        counts
    }
}

/// A piece's marks, each with the unit that labels it: in the unit that suits the piece, or,
/// for a piece too narrow for more than one label, its start named by its year.
fn piece_marks(piece: &Piece, tz: FixedOffset) -> Vec<(i64, Unit)> {
    if piece.columns < NARROW {
        return vec![(piece.from, Unit::Years(1))];
    }
    let unit = Unit::for_piece(piece);
    unit.marks(piece.from, piece.to, tz).into_iter().map(|instant| (instant, unit)).collect()
}

/// Pieces narrower than this get one label.
const NARROW: usize = 8;

/// How far into its piece `instant` falls, in columns.
fn offset(piece: &Piece, instant: i64) -> usize {
    let length = (piece.to - piece.from) as i128;
    if length == 0 {
        return 0;
    }
    let into = (instant.clamp(piece.from, piece.to) - piece.from) as i128;
    ((into * piece.columns as i128 / (length + 1)) as usize).min(piece.columns - 1)
}

/// The covered stretches: overlapping or touching extents merged, in order.
fn merged(extents: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted: Vec<(i64, i64)> = extents.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    // The browser's events come in time order: no need to sort a million of them again.
    if !sorted.is_sorted() {
        sorted.sort_unstable();
    }
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for (from, to) in sorted {
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

/// The gaps to cut, in time order: the longest first, as long as each is many times the usual gap
/// among those not cut (so that evenly spread events keep a plain scale) and would take more
/// than `CUT_COLUMNS` of the columns left once the gaps already cut are gone.
fn cuts(covered: &[(i64, i64)], width: usize) -> Vec<(i64, i64)> {
    let mut gaps: Vec<(i64, i64)> = covered.windows(2).map(|w| (w[0].1, w[1].0)).filter(|(a, b)| b > a).collect();
    let length = |g: &(i64, i64)| g.1 - g.0;
    // Each piece needs a column and each break one more.
    let most = width.saturating_sub(1) / 2;
    // Only the `most` longest gaps can be cut: they go to the end, in ascending order, and the
    // usual gap of the others is found without sorting a million of them.
    let candidates = gaps.len().min(most);
    let others = gaps.len() - candidates;
    if others > 0 && candidates > 0 {
        gaps.select_nth_unstable_by_key(others, length);
    }
    gaps[others..].sort_unstable_by_key(length);
    let fixed_usual = (others > 0).then(|| {
        let mid = others / 2;
        gaps[..others].select_nth_unstable_by_key(mid, length).1.1 - gaps[mid].0
    });
    let total = (covered[covered.len() - 1].1 - covered[0].0) as f64;
    let mut kept = total;
    let mut cut = Vec::new();
    while gaps.len() > others
        && let Some(&(from, to)) = gaps.last()
    {
        let gap = (to - from) as f64;
        let rest = &gaps[..gaps.len() - 1];
        // With no other gap to compare it with, a gap is the scale itself, not a stretch to cut.
        let Some(usual) = fixed_usual.or_else(|| rest.get(rest.len() / 2).map(length)) else { break };
        let usual = usual as f64;
        let columns_left = width.saturating_sub(cut.len() + 1) as f64;
        let wide = kept <= gap || gap * columns_left / (kept - gap) > CUT_COLUMNS;
        if gap < USUAL_GAPS * usual || !wide {
            break;
        }
        kept -= gap;
        cut.push((from, to));
        gaps.pop();
    }
    cut.sort_unstable();
    cut
}

/// A gap is cut only if it is at least this many times the median gap between events.
const USUAL_GAPS: f64 = 4.0;

/// Columns for each span in proportion to its length, with a break column between two spans. A
/// span of a day or less, or one that would get fewer than `CUT_COLUMNS`, gets one: a lone day
/// years before the rest is a mark, not a stretch to read.
fn lay_out(spans: &[(i64, i64)], width: usize) -> Vec<Piece> {
    let breaks = spans.len() - 1;
    let free = width.saturating_sub(breaks).max(spans.len());
    let length = |i: usize| (spans[i].1 - spans[i].0) as f64;
    let total: f64 = (0..spans.len()).map(length).sum();
    let small: Vec<bool> = (0..spans.len())
        .map(|i| total == 0.0 || length(i) < DAY || length(i) * free as f64 / total < CUT_COLUMNS)
        .collect();
    let large_total: f64 = (0..spans.len()).filter(|&i| !small[i]).map(length).sum();
    let pool = free.saturating_sub(small.iter().filter(|&&s| s).count());
    let mut columns: Vec<usize> = (0..spans.len())
        .map(|i| if small[i] { 1 } else { ((length(i) * pool as f64 / large_total) as usize).max(1) })
        .collect();
    // A long span given less than a column still gets one: the widest give those back.
    let mut excess = columns.iter().sum::<usize>().saturating_sub(free);
    while excess > 0
        && let Some(widest) = (0..columns.len()).filter(|&i| columns[i] > 1).max_by_key(|&i| columns[i])
    {
        columns[widest] -= 1;
        excess -= 1;
    }
    // Rounding down leaves a few columns over: the longest span takes them.
    let over = free.saturating_sub(columns.iter().sum());
    if let Some(longest) = (0..spans.len()).max_by_key(|&i| spans[i].1 - spans[i].0) {
        columns[longest] += over;
    }
    let mut first = 0;
    spans
        .iter()
        .zip(columns)
        .map(|(&(from, to), columns)| {
            let piece = Piece { from, to, first, columns };
            first += columns + 1;
            piece
        })
        .collect()
}

/// The units ticks come in, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Hours(u32),
    Days(u32),
    Weeks,
    Months(u32),
    Years(i32),
}

const UNITS: &[Unit] = &[
    Unit::Hours(1),
    Unit::Hours(3),
    Unit::Hours(6),
    Unit::Hours(12),
    Unit::Days(1),
    Unit::Days(2),
    Unit::Weeks,
    Unit::Months(1),
    Unit::Months(3),
    Unit::Years(1),
    Unit::Years(2),
    Unit::Years(5),
    Unit::Years(10),
    Unit::Years(20),
    Unit::Years(50),
    Unit::Years(100),
    Unit::Years(200),
    Unit::Years(500),
    Unit::Years(1000),
    Unit::Years(2000),
    Unit::Years(5000),
    Unit::Years(10_000),
    Unit::Years(20_000),
    Unit::Years(50_000),
    Unit::Years(100_000),
];

impl Unit {
    /// About how long one step of the unit is, in seconds.
    pub fn seconds(self) -> i64 {
        const DAY: i64 = 86_400;
        match self {
            Unit::Hours(n) => 3_600 * i64::from(n),
            Unit::Days(n) => DAY * i64::from(n),
            Unit::Weeks => 7 * DAY,
            Unit::Months(n) => 30 * DAY * i64::from(n),
            Unit::Years(n) => 365 * DAY * i64::from(n),
        }
    }

    /// The finest unit whose steps leave room for their labels on this piece.
    pub fn for_piece(piece: &Piece) -> Unit {
        let per_column = (piece.to - piece.from).max(1) as f64 / piece.columns as f64;
        // The widest year named on the piece: `2024`, but `1000 BCE` or `12000` on others.
        let year = |t: i64| DateTime::from_timestamp(t, 0).map_or(0, |t| year_label(t.year()).chars().count());
        let widest = year(piece.from).max(year(piece.to));
        let fits = |unit: &&Unit| unit.seconds() as f64 / per_column >= (unit.label_width(widest) + LABEL_GAP) as f64;
        *UNITS.iter().find(fits).unwrap_or(&UNITS[UNITS.len() - 1])
    }

    /// The unit in words, for a legend: `days`, `3 months`, `10 years`.
    pub fn name(self) -> String {
        let plural = |n: i64, one: &str| if n == 1 { one.to_string() } else { format!("{n} {one}s") };
        match self {
            Unit::Hours(n) => plural(i64::from(n), "hour"),
            Unit::Days(n) => plural(i64::from(n), "day"),
            Unit::Weeks => "week".into(),
            Unit::Months(n) => plural(i64::from(n), "month"),
            Unit::Years(n) => plural(i64::from(n), "year"),
        }
    }

    /// How wide the unit's labels are, when the widest year they name takes `year` characters.
    fn label_width(self, year: usize) -> usize {
        match self {
            Unit::Hours(_) => 5,
            Unit::Days(_) | Unit::Weeks => 2,
            Unit::Months(_) => 4 + year.max(4),
            Unit::Years(_) => year.max(5),
        }
    }

    /// The instants from `from` to `to` where a step of the unit begins, in `tz`.
    pub fn marks(self, from: i64, to: i64, tz: FixedOffset) -> Vec<i64> {
        let mut out = Vec::new();
        let Some(mut at) = self.first_mark(from, tz) else { return out };
        while at <= to && out.len() < 10_000 {
            if at >= from {
                out.push(at);
            }
            match self.next(at, tz) {
                Some(next) if next > at => at = next,
                _ => break,
            }
        }
        out
    }

    fn first_mark(self, from: i64, tz: FixedOffset) -> Option<i64> {
        let local = DateTime::from_timestamp(from, 0)?.with_timezone(&tz);
        let date = local.date_naive();
        let start = match self {
            Unit::Hours(n) => {
                let hour = local.hour() - local.hour() % n;
                return at(date, hour, tz);
            }
            Unit::Days(_) => date,
            Unit::Weeks => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Unit::Months(n) => NaiveDate::from_ymd_opt(date.year(), date.month0() / n * n + 1, 1)?,
            // The first mark from this year on (one before it would be before the range anyway,
            // and might be before the first year there is).
            Unit::Years(n) => NaiveDate::from_ymd_opt(first_year_mark(date.year(), n), 1, 1)?,
        };
        at(start, 0, tz)
    }

    fn next(self, instant: i64, tz: FixedOffset) -> Option<i64> {
        let date = DateTime::from_timestamp(instant, 0)?.with_timezone(&tz).date_naive();
        let next = match self {
            Unit::Hours(_) | Unit::Days(_) | Unit::Weeks => return Some(instant + self.seconds()),
            Unit::Months(n) => {
                let months = date.year() * 12 + date.month0() as i32 + n as i32;
                NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1)?
            }
            // From the mark at 1 CE on, the marks are multiples of n again.
            Unit::Years(n) if date.year() == 1 && n > 1 => NaiveDate::from_ymd_opt(n, 1, 1)?,
            Unit::Years(n) => NaiveDate::from_ymd_opt(date.year().checked_add(n)?, 1, 1)?,
        };
        at(next, 0, tz)
    }

    /// A mark's label: `14:00` (`22 Mar` at midnight), `22` (`22 Mar` first and on the 1st),
    /// `Mar 2024`, `2024`, and years before the common era as readers count them: `500 BCE` for
    /// the astronomical year -499, `1 BCE` for year 0, `1 CE` for year 1.
    pub fn label(self, instant: i64, tz: FixedOffset, first: bool) -> String {
        let Some(local) = DateTime::from_timestamp(instant, 0).map(|t| t.with_timezone(&tz)) else {
            return String::new();
        };
        match self {
            // A new day is named by its date.
            Unit::Hours(_) if local.hour() == 0 => local.format("%-d %b").to_string(),
            Unit::Hours(_) => format!("{:02}:00", local.hour()),
            // The month is named where it changes.
            Unit::Days(_) if !first && local.day() != 1 => local.day().to_string(),
            Unit::Weeks if !first && local.day() > 7 => local.day().to_string(),
            Unit::Days(_) | Unit::Weeks => local.format("%-d %b").to_string(),
            Unit::Months(_) => format!("{} {}", local.format("%b"), year_name(local.year())),
            Unit::Years(_) => year_label(local.year()),
        }
    }
}

/// A year on the axis: as `year_name` names it, but `1 CE` for the year after 1 BCE, where an
/// axis that crosses the epoch puts a mark.
fn year_label(year: i32) -> String {
    if year == 1 { "1 CE".into() } else { year_name(year) }
}

/// The first year from `year` on that a mark of `n` years falls on. Marks fall where readers
/// count round numbers: multiples of `n` in the common era, and `n`, `2n` … BCE before it
/// (astronomical `1 - k·n`), with 1 CE between them in place of the year 0 that readers skip:
/// … 1000 BCE, 500 BCE, 1 CE, 500, 1000 ….
fn first_year_mark(year: i32, n: i32) -> i32 {
    match year {
        // (1 - year) BCE, rounded down to a multiple of n: a later or the same year.
        ..=0 => 1 - (1 - year) / n * n,
        1 => 1,
        _ => year.div_euclid(n) * n + if year % n == 0 { 0 } else { n },
    }
}

/// The day of `instant` in `tz`, for saying what an axis shows: `17 Mar 2024`, `5 May 301 BCE`.
pub fn day_label(instant: i64, tz: FixedOffset) -> String {
    DateTime::from_timestamp(instant, 0).map_or_else(String::new, |d| {
        let d = d.with_timezone(&tz);
        format!("{} {}", d.format("%-d %b"), year_name(d.year()))
    })
}

/// The instant `hour`:00 of `date` in `tz`.
fn at(date: NaiveDate, hour: u32, tz: FixedOffset) -> Option<i64> {
    tz.from_local_datetime(&date.and_hms_opt(hour, 0, 0)?).single().map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn instant(text: &str) -> i64 {
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
    }

    fn days(from: &str, n: i64) -> Vec<(i64, i64)> {
        (0..n).map(|i| instant(from) + i * DAY).map(|t| (t, t + DAY - 1)).collect()
    }

    #[test]
    fn a_sparse_timeline_gives_most_columns_to_where_its_events_are() {
        // Like the bundled timeline: one event in 2001, 2011 and 2015, thirty in March 2024.
        let mut extents = vec![];
        for year in ["2001-09-11", "2011-03-02", "2015-06-01"] {
            extents.extend(days(year, 1));
        }
        extents.extend(days("2024-03-07", 21));
        let axis = Axis::collapsed(&extents, 100);
        assert_eq!(axis.breaks().len(), 3, "{axis:?}");
        let march = axis.pieces.last().unwrap();
        assert!(march.columns >= 90, "March 2024 takes most of the width: {axis:?}");
        for piece in &axis.pieces[..3] {
            assert!(piece.columns >= 1);
        }
        let columns: Vec<usize> = extents.iter().map(|&(t, _)| axis.column(t).unwrap()).collect();
        assert!(columns.is_sorted(), "{columns:?}");
        assert!(columns.iter().all(|&c| c < 100));
        let used: usize = axis.pieces.iter().map(|p| p.columns).sum::<usize>() + axis.breaks().len();
        assert_eq!(used, 100);
    }

    #[test]
    fn evenly_spread_events_leave_nothing_to_cut() {
        let extents: Vec<(i64, i64)> = (0..50).map(|i| instant("2020-01-01") + i * 7 * DAY).map(|t| (t, t)).collect();
        let axis = Axis::collapsed(&extents, 80);
        assert_eq!(axis.pieces.len(), 1);
        assert_eq!(axis.breaks(), vec![]);
    }

    #[test]
    fn a_break_stands_where_the_gap_is() {
        let mut extents = days("2024-01-01", 10);
        extents.extend(days("2024-12-01", 10));
        let axis = Axis::collapsed(&extents, 60);
        let breaks = axis.breaks();
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].from, instant("2024-01-11") - 1);
        assert_eq!(breaks[0].to, instant("2024-12-01"));
        assert!(axis.column(instant("2024-06-01")).is_none(), "in the break");
        assert_eq!(axis.nearest_column(instant("2024-06-01")), breaks[0].column);
    }

    #[test]
    fn ticks_come_in_the_unit_the_span_needs() {
        let unit_at = |span: i64, width: usize| {
            let from = instant("2024-03-01");
            Unit::for_piece(&Piece { from, to: from + span, first: 0, columns: width })
        };
        assert_eq!(unit_at(12 * 3_600, 100), Unit::Hours(1));
        assert_eq!(unit_at(7 * DAY, 100), Unit::Hours(12));
        assert_eq!(unit_at(21 * DAY, 100), Unit::Days(1));
        assert_eq!(unit_at(21 * DAY, 80), Unit::Days(2));
        assert_eq!(unit_at(21 * DAY, 30), Unit::Weeks);
        assert_eq!(unit_at(120 * DAY, 100), Unit::Weeks);
        assert_eq!(unit_at(2 * 365 * DAY, 100), Unit::Months(3));
        assert_eq!(unit_at(25 * 365 * DAY, 100), Unit::Years(2));
        assert_eq!(unit_at(3_000 * 365 * DAY, 100), Unit::Years(500));
    }

    #[test]
    fn labels_name_the_unit_and_never_overlap() {
        let axis = Axis::linear(instant("2024-03-07"), instant("2024-03-28"), 100);
        let ticks = axis.ticks(utc());
        assert_eq!(ticks[0].label, "7 Mar");
        assert!(ticks.iter().any(|t| t.label == "22"), "{ticks:?}");
        for pair in ticks.windows(2) {
            assert!(pair[0].column + pair[0].label.len() + LABEL_GAP <= pair[1].column, "{ticks:?}");
        }
        let years = Axis::linear(instant("1990-01-01"), instant("2024-12-31"), 80).ticks(utc());
        assert!(years.iter().all(|t| t.label.parse::<i32>().is_ok()), "{years:?}");
        let hours = Axis::linear(instant("2024-03-22"), instant("2024-03-22") + 10 * 3_600, 100).ticks(utc());
        assert_eq!(hours[0].label, "22 Mar", "a day's first hour names the day");
        assert_eq!(hours[1].label, "01:00");
        let months = Axis::linear(instant("2023-01-01"), instant("2024-12-31"), 120).ticks(utc());
        assert!(months.iter().any(|t| t.label == "Apr 2023"), "{months:?}");
    }

    /// The first second of `year`-01-01, UTC, for astronomical years.
    fn year_start(year: i32) -> i64 {
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
    }

    fn labels(from: i64, to: i64, width: usize) -> Vec<String> {
        let ticks = Axis::linear(from, to, width).ticks(utc());
        for pair in ticks.windows(2) {
            assert!(pair[0].column + pair[0].label.chars().count() + LABEL_GAP <= pair[1].column, "{ticks:?}");
        }
        assert!(ticks.iter().all(|t| t.column + t.label.chars().count() <= width), "{ticks:?}");
        ticks.into_iter().map(|t| t.label).collect()
    }

    #[test]
    fn years_before_the_common_era_are_labelled_as_readers_count_them() {
        // 1000 BCE (astronomical -999) to 1000 CE: marks at round BCE and CE years, with 1 CE
        // standing in for the year 0 that readers do not count.
        let ticks = labels(year_start(-999), year_start(1000), 100);
        assert_eq!(ticks, ["1000 BCE", "500 BCE", "1 CE", "500"]);
        let near_zero = labels(year_start(-20), year_start(20), 120);
        assert!(near_zero.contains(&"1 BCE".to_string()) || near_zero.contains(&"5 BCE".to_string()), "{near_zero:?}");
        assert!(near_zero.contains(&"1 CE".to_string()), "{near_zero:?}");
        assert!(near_zero.iter().all(|l| !l.starts_with('-') && l != "0"), "no astronomical numbers: {near_zero:?}");
        let months = labels(year_start(-300), year_start(-299) + 200 * DAY, 120);
        assert!(months.contains(&"Jan 301 BCE".to_string()), "{months:?}");
        assert_eq!(day_label(year_start(-300) + 124 * DAY, utc()), "5 May 301 BCE");
    }

    #[test]
    fn spans_from_an_hour_to_millennia_get_sensible_units_across_year_zero() {
        // Each span ends in 1 CE, so the longer ones start before the common era.
        let unit_at = |span: i64, width: usize| {
            let to = year_start(1) + 3_600;
            Unit::for_piece(&Piece { from: to - span, to, first: 0, columns: width })
        };
        let year = 365 * DAY;
        assert_eq!(unit_at(3_600, 100), Unit::Hours(1));
        assert_eq!(unit_at(12 * 3_600, 100), Unit::Hours(1));
        assert_eq!(unit_at(7 * DAY, 100), Unit::Hours(12));
        assert_eq!(unit_at(21 * DAY, 100), Unit::Days(1));
        assert_eq!(unit_at(2 * year, 100), Unit::Months(3), "`Jan 1 BCE` is longer than `Jan 2024`");
        assert_eq!(unit_at(25 * year, 100), Unit::Years(2));
        assert_eq!(unit_at(300 * year, 100), Unit::Years(50));
        assert_eq!(unit_at(3_000 * year, 100), Unit::Years(500));
        assert_eq!(unit_at(3_000 * year, 40), Unit::Years(1000));
        assert_eq!(unit_at(30_000 * year, 100), Unit::Years(5000));
        assert_eq!(unit_at(500_000 * year, 100), Unit::Years(50_000));
        assert_eq!(unit_at(500_000 * year, 50), Unit::Years(100_000));
        // Every unit's labels fit on an axis of 80 columns at every one of those spans.
        for span in [3_600, DAY, 30 * DAY, year, 10 * year, 100 * year, 3_000 * year, 30_000 * year] {
            let to = year_start(1) + 3_600;
            let ticks = labels(to - span, to, 80);
            assert!(ticks.len() >= if span > 3_600 { 2 } else { 1 }, "{span}: {ticks:?}");
        }
    }

    #[test]
    fn thousands_of_years_before_the_common_era_are_marked_in_round_thousands() {
        let ticks = labels(year_start(-12_000), year_start(-9_000), 100);
        assert_eq!(ticks.first().map(String::as_str), Some("12000 BCE"), "{ticks:?}");
        assert!(ticks.contains(&"10000 BCE".to_string()), "{ticks:?}");
        let far = labels(year_start(-200_000), year_start(200_000), 120);
        assert!(far.contains(&"100000 BCE".to_string()) && far.contains(&"100000".to_string()), "{far:?}");
        let future = labels(year_start(12_000), year_start(15_000), 100);
        assert!(future.contains(&"13000".to_string()), "{future:?}");
    }

    #[test]
    fn marks_of_years_fall_on_round_numbers_either_side_of_the_epoch() {
        assert_eq!(first_year_mark(-999, 500), -999);
        assert_eq!(first_year_mark(-998, 500), -499);
        assert_eq!(first_year_mark(-499, 500), -499);
        assert_eq!(first_year_mark(-100, 500), 1);
        assert_eq!(first_year_mark(0, 500), 1);
        assert_eq!(first_year_mark(1, 500), 1);
        assert_eq!(first_year_mark(2, 500), 500);
        assert_eq!(first_year_mark(500, 500), 500);
        assert_eq!(first_year_mark(1990, 10), 1990);
        assert_eq!(first_year_mark(1991, 10), 2000);
        assert_eq!(first_year_mark(-5, 1), -5);
        assert_eq!(first_year_mark(-261_999, 100_000), -199_999, "never before the first year there is");
    }

    proptest::proptest! {
        #[test]
        fn an_earlier_instant_is_never_to_the_right_of_a_later_one(
            mut extents in proptest::collection::vec((-4_000_000_000_000i64..4_000_000_000_000, 0i64..10_000_000), 1..60),
            width in 1usize..300,
        ) {
            for e in &mut extents {
                e.1 += e.0;
            }
            let axis = Axis::collapsed(&extents, width);
            let mut starts: Vec<i64> = extents.iter().map(|e| e.0).collect();
            starts.sort_unstable();
            let columns: Vec<usize> = starts.iter().map(|&t| axis.column(t).expect("every event is on the axis")).collect();
            proptest::prop_assert!(columns.is_sorted(), "{:?} {:?}", columns, axis);
            proptest::prop_assert!(columns.iter().all(|&c| c < width.max(1)));
        }
    }

    #[test]
    fn counts_fall_in_the_columns_of_their_instants() {
        let axis = Axis::linear(0, 99, 10);
        let counts = axis.counts([0, 5, 9, 10, 99, 500].into_iter());
        assert_eq!(counts, vec![3, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
