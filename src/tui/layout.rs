//! Where each pane goes for a terminal size, and where each part of a list row goes. Pure, so
//! that `update` (page size, scrolling, mouse clicks) and the views agree without the views
//! reporting back.

use super::shown::{fit_spans, width, wrap_spans};
use super::state::{Data, Row, State, heading, rows};
use crate::model::Event;
use crate::model::when::{self, Bound, Precision};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span};

pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, list and detail sit side by side.
pub const WIDE: u16 = 100;
/// Titles get the width first: the actors column shows only where a title keeps this many
/// columns beside it.
pub const TITLE_ROOM: usize = 90;
/// Lines a wrapped title may take (`w`).
pub const TITLE_LINES: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub density: Rect,
    pub list: Rect,
    /// Empty while the detail pane is hidden (`z`).
    pub detail: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The panes at the state's size, with the detail pane shown or not.
pub fn of(state: &State) -> Areas {
    areas(Rect::new(0, 0, state.size.0, state.size.1), !state.detail_hidden)
}

pub fn areas(area: Rect, detail: bool) -> Areas {
    // The time axis keeps its labels down to 80×24; a shorter screen keeps its rows for events.
    let density_rows = if area.height < 20 { 1 } else { 2 };
    let [header, density, body, footer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(density_rows),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [list, detail] = if !detail {
        [body, Rect { width: 0, height: 0, ..body }]
    } else if area.width >= WIDE {
        // The detail pane wraps, the list cuts: the list gets the larger share.
        let detail_w = (area.width * 38 / 100).clamp(40, 80);
        Layout::horizontal([Constraint::Min(1), Constraint::Length(detail_w)]).areas(body)
    } else {
        // At least half of the screen's rows for the list.
        let list_h = (body.height * 3 / 5).max(area.height / 2).min(body.height);
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(body)
    };
    Areas { header, density, list, detail, footer, status }
}

/// Lines of the list pane that hold rows, with the detail pane shown.
pub fn list_height(size: (u16, u16)) -> usize {
    areas(Rect::new(0, 0, size.0, size.1), true).list.height as usize
}

/// The columns of an event row: `┃TIME MARK TITLE ACTORS REL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    pub time: usize,
    pub title: usize,
    /// 0 when titles need the room.
    pub actors: usize,
    /// The time from the anchor; 0 on a narrow list.
    pub relative: usize,
}

/// Lead, space after the time, the status mark and its space.
const FIXED: usize = 1 + 1 + 2;

impl Columns {
    pub fn new(list_width: usize, time: usize) -> Columns {
        let relative = if list_width < 50 { 0 } else { 6 };
        let time = time.min(list_width / 3).min(18);
        let room = list_width.saturating_sub(FIXED + time + if relative > 0 { relative + 1 } else { 0 });
        let wanted = (list_width / 5).min(28);
        let actors = if room >= TITLE_ROOM + wanted { wanted } else { 0 };
        Columns { time, title: room - actors, actors, relative }
    }
}

/// The columns of the list's rows as the state stands. The time column is as wide as the
/// longest time among the events a screen either side of the cursor, so that it does not
/// change as the list scrolls within them, and scrolling can know the rows' heights.
pub fn columns(state: &State, data: &Data) -> Columns {
    columns_in(state, data, of(state).list)
}

/// The columns of the rows of a list drawn in `list`.
pub fn columns_in(state: &State, data: &Data, list: Rect) -> Columns {
    let height = list.height as usize;
    let around = state.cursor.saturating_sub(height)..(state.cursor + height + 1).min(state.shown.len());
    let time = around.map(|i| width(&time_text(data.event(state.shown[i]), data))).max().unwrap_or(0);
    Columns::new(list.width as usize, time)
}

/// The part of `when` not already said by the heading: `20:02`, `~`, `→ 2024-03-25`, and an
/// end whose year is not four digits of the common era as readers count it: `~ → 10000 BCE`.
pub fn time_text(e: &Event, data: &Data) -> String {
    let (_, label) = heading(e, data.timeline.timezone);
    let text: &str = &e.when.text;
    if label.starts_with("until") {
        return match text.split_once('/') {
            Some((start, end)) => format!("{start}/{}", readable(end)),
            None => text.to_string(),
        };
    }
    // The heading says the start as precisely as it was written, down to the day.
    let said = match e.when.span {
        _ if text.starts_with('/') || text.starts_with("..") => 0,
        when::Span::Point(p) | when::Span::Interval(Bound::Known(p), _) => date_len(text, p.precision()),
        when::Span::Interval(..) => 0,
    };
    let rest = text.get(said..).unwrap_or("").trim_start_matches('T');
    match rest.split_once('/') {
        Some(("", end)) => format!("→ {}", readable(end)),
        Some((start, end)) => format!("{start} → {}", readable(end)),
        None => rest.to_string(),
    }
}

/// How many bytes of `date` (EDTF, as written) its year, month and day take, as far as
/// `precision` goes: 4 for `2024`, 7 for `Y-12000`, 11 for `-0043-03-15T12:00`.
fn date_len(date: &str, precision: Precision) -> usize {
    let len = year_len(date)
        + match precision {
            Precision::Year => 0,
            Precision::Month => 3,
            Precision::Day | Precision::Minute | Precision::Second => 6,
        };
    len.min(date.len())
}

/// The bytes the year of `date` takes: `2024`, `-0300`, `Y-12000`.
fn year_len(date: &str) -> usize {
    let prefix = date.len() - date.trim_start_matches('Y').trim_start_matches('-').len();
    prefix + date[prefix..].bytes().take_while(u8::is_ascii_digit).count()
}

/// A date as written where its year is four digits of the common era (`2024-03-25`), else as
/// readers count it, day and month first: `10000 BCE` for `-9999`, `15 Mar 44 BCE~` for
/// `-0043-03-15~`, `12000` for `Y12000`.
fn readable(date: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let year_text = &date[..year_len(date)];
    let Ok(year) = year_text.trim_start_matches('Y').parse::<i32>() else { return date.to_string() };
    if year_text.len() == 4 && year > 0 {
        return date.to_string();
    }
    let mut rest = &date[year_text.len()..];
    let mut part = || {
        let digits =
            rest.strip_prefix('-').and_then(|r| r.get(..2)).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        rest = &rest[3..];
        digits.parse::<usize>().ok()
    };
    let (month, day) = (part(), part());
    let mut out = String::new();
    if let Some(day) = day {
        out.push_str(&format!("{day} "));
    }
    if let Some(name) = month.and_then(|m| MONTHS.get(m.wrapping_sub(1))) {
        out.push_str(&format!("{name} "));
    }
    out.push_str(&when::year_name(year));
    match rest.strip_prefix('T') {
        Some(time) => format!("{out} {time}"),
        None => format!("{out}{rest}"),
    }
}

/// Who asserts a claimed or disputed event, by their short labels: `Putin`, `FSB, Izvestia +2`.
pub fn claimants(e: &Event, data: &Data) -> Option<String> {
    const NAMED: usize = 2;
    if e.claimed_by.is_empty() {
        return None;
    }
    let mut names: Vec<&str> = e.claimed_by.iter().take(NAMED).map(|&a| data.short_names[a].as_str()).collect();
    let more = e.claimed_by.len().saturating_sub(NAMED);
    let more = if more > 0 { format!(" +{more}") } else { String::new() };
    names.dedup();
    Some(format!("{}{more}", names.join(", ")))
}

/// What the title column of a row says: who claims it, in `claim`, then the title
/// (`Putin: ` `Ukraine helped the gunmen`).
pub fn title_parts<'a>(e: &'a Event, data: &Data, claim: Style) -> [Span<'a>; 2] {
    let who = match claimants(e, data) {
        // `Putin points to…` says who claims it already.
        Some(_) if names_first(&e.title, &data.short_names[e.claimed_by[0]]) => String::new(),
        Some(who) => format!("{who}: "),
        None => String::new(),
    };
    [Span::styled(who, claim), Span::raw(super::shown::shown(&e.title))]
}

/// True when `title` begins with the word or words `label`.
fn names_first(title: &str, label: &str) -> bool {
    let (title, label) = (title.to_lowercase(), label.to_lowercase());
    title.strip_prefix(&label).is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// The title column's lines, before the last is cut: one, or up to `TITLE_LINES` when titles
/// wrap. The list draws these, so a row's height is what it shows.
pub fn title_lines(e: &Event, data: &Data, state: &State, columns: &Columns, claim: Style) -> Vec<TextLine<'static>> {
    let max = if state.wrap_titles { TITLE_LINES } else { 1 };
    let mut lines = wrap_spans(&title_parts(e, data, claim), columns.title);
    if lines.len() > max {
        // The lines left over, joined again and cut to the last line with `…`.
        let mut rest: Vec<Span> = Vec::new();
        for line in lines.drain(max - 1..) {
            if !rest.is_empty() {
                rest.push(Span::raw(" "));
            }
            rest.extend(line.spans);
        }
        lines.push(TextLine::from(fit_spans(&rest, columns.title)));
    }
    lines
}

/// How many lines the row of the event at `pos` (in `shown`) takes.
pub fn row_height(state: &State, data: &Data, columns: &Columns, pos: usize) -> usize {
    if !state.wrap_titles {
        return 1;
    }
    title_lines(data.event(state.shown[pos]), data, state, columns, Style::new()).len().max(1)
}

/// One line of the list pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Heading(String),
    /// Line `line` of the row of the event at `pos` in `shown`.
    Event {
        pos: usize,
        line: usize,
    },
}

/// The lines of the list pane from the state's offset, as many as fit in `height`.
pub fn list_lines(state: &State, data: &Data, columns: &Columns, height: usize) -> Vec<Line> {
    let mut out = Vec::with_capacity(height);
    for row in rows(data, &state.shown, state.offset, height) {
        match row {
            Row::Heading(label) => out.push(Line::Heading(label)),
            Row::Event(pos) => {
                let lines = row_height(state, data, columns, pos);
                out.extend((0..lines).map(|line| Line::Event { pos, line }));
            }
        }
        if out.len() >= height {
            break;
        }
    }
    out.truncate(height);
    out
}

/// The list's line where the cursor's row begins, with the list scrolled to `offset`; `None` if
/// the cursor is above it.
pub fn cursor_line(state: &State, data: &Data, columns: &Columns, offset: usize) -> Option<usize> {
    if state.shown.is_empty() || state.cursor < offset || offset >= state.shown.len() {
        return None;
    }
    let through = lines_between(state, data, columns, offset, state.cursor);
    Some(through - row_height(state, data, columns, state.cursor))
}

/// Lines used by the events `from..=to` of `shown` with their headings.
pub fn lines_between(state: &State, data: &Data, columns: &Columns, from: usize, to: usize) -> usize {
    let tz = data.timeline.timezone;
    let mut lines = 0;
    let mut last = None;
    for pos in from..=to {
        let key = heading(data.event(state.shown[pos]), tz).0;
        lines += row_height(state, data, columns, pos) + usize::from(last != Some(key));
        last = Some(key);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_end_is_written_as_readers_count_its_year_unless_it_has_four_digits_of_the_common_era() {
        assert_eq!(readable("2024-03-25"), "2024-03-25");
        assert_eq!(readable("0014-08-19"), "0014-08-19");
        assert_eq!(readable("-9999"), "10000 BCE");
        assert_eq!(readable("0000"), "1 BCE");
        assert_eq!(readable("-0300-05"), "May 301 BCE");
        assert_eq!(readable("-0043-03-15~"), "15 Mar 44 BCE~");
        assert_eq!(readable("-0043-03-15T12:00"), "15 Mar 44 BCE 12:00");
        assert_eq!(readable("Y12000"), "12000");
        assert_eq!(readable("Y-12000?"), "12001 BCE?");
        assert_eq!(readable(".."), "..");
        assert_eq!(readable(""), "");
    }

    #[test]
    fn the_heading_says_the_year_month_and_day_however_the_year_is_written() {
        assert_eq!(date_len("2024", Precision::Year), 4);
        assert_eq!(date_len("Y-12000~/-9999", Precision::Year), 7);
        assert_eq!(date_len("-0489-09", Precision::Month), 8);
        assert_eq!(date_len("-0043-03-15T12:00", Precision::Minute), 11);
        assert_eq!(date_len("2024-03-22T20:02", Precision::Minute), 10);
    }
}
