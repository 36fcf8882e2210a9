//! The lanes view (`L`): the shown events in rows by actor, tag, status or source on a time
//! axis, and moving about in it. The lanes and each lane's cells are made here when the events
//! shown, the kind of lanes or the width change, never per frame: a frame copies the cells of
//! the lanes on screen and marks the cursor's event. Kept apart from `State` (which holds a
//! `LanesView`), so it takes the shown events and the cursor as plain values.

use super::action::Action;
use crate::axis::Axis;
use crate::lanes::{Entry, Lane, LaneBy, Mark, lanes};
use crate::model::{EventIx, Status, Timeline};
use ratatui::layout::Rect;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// The lanes' labels take a quarter of the pane, within these bounds.
const LABEL_LEAST: usize = 8;
const LABEL_MOST: usize = 22;

/// What a cell of a lane shows, for its glyph's style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    Empty,
    /// A stretch of time left out of the axis.
    Break,
    /// `~`, `?` or `%` after a mark.
    Qualifier,
    /// The length of a month, a year or an interval.
    Bar(Status),
    /// The start of an event, or an arrow where it runs on past the edge.
    Head(Status),
    /// The lane's actor claims the event.
    Claim,
}

impl Ink {
    /// A mark is drawn over what ranks lower in its cell, so that points stay visible on bars.
    fn rank(self) -> u8 {
        match self {
            Ink::Empty => 0,
            Ink::Break => 1,
            Ink::Qualifier => 2,
            Ink::Bar(_) => 3,
            Ink::Head(_) | Ink::Claim => 4,
        }
    }
}

pub type Cell = (char, Ink);

/// The lanes view: what the lanes are of, the lanes of the shown events, and each lane drawn on
/// the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct LanesView {
    pub by: LaneBy,
    pub lanes: Vec<Lane>,
    /// Each lane's label as shown: an actor's short label, cleaned.
    pub labels: Vec<String>,
    pub axis: Axis,
    /// Each lane's cells, one per column of `axis`.
    /// Each lane's cells, made for the lanes on screen only: a million events make hundreds of
    /// lanes, and only a screenful is drawn.
    pub rows: Vec<Option<Vec<Cell>>>,
    /// The lane the cursor is in.
    pub lane: usize,
    /// The first lane on screen.
    pub top: usize,
    /// The lanes are for events no longer shown: they are made again before the next frame.
    pub stale: bool,
    /// The axis changed (a zoom): the lanes are drawn again on it before the next frame.
    pub redraw: bool,
    /// The request for lanes being laid out in the background, while the view waits for them.
    pub asked: Option<u64>,
}

impl LanesView {
    pub fn new(by: LaneBy) -> LanesView {
        LanesView {
            by,
            lanes: Vec::new(),
            labels: Vec::new(),
            axis: Axis::linear(0, 0, 1),
            rows: Vec::new(),
            lane: 0,
            top: 0,
            stale: true,
            redraw: true,
            asked: None,
        }
    }
}

/// A new request for lanes to be laid out in the background, unless one is out; until they
/// come the view holds none, as the ones it held may be of another timeline.
pub fn ask(view: &mut LanesView) -> Option<u64> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    if view.asked.is_some() {
        return None;
    }
    let ask = NEXT.fetch_add(1, Ordering::Relaxed);
    view.asked = Some(ask);
    view.lanes.clear();
    view.rows.clear();
    Some(ask)
}

/// The lanes laid out for request `ask`, if the view still waits for them. The lane the view
/// was in is kept if the new lanes have it: the next `settle` moves to the cursor's event.
pub fn laid_out(view: &mut LanesView, ask: u64, new: LanesView) {
    if view.asked == Some(ask) {
        let before = view.labels.get(view.lane).cloned();
        *view = new;
        if let Some(lane) = before.and_then(|l| view.labels.iter().position(|x| *x == l)) {
            view.lane = lane;
        }
    }
}

/// `L`: the list becomes lanes by actor, and each press the next kind of lanes, then the list.
pub fn switched(view: Option<LanesView>) -> Option<LanesView> {
    match view {
        None => Some(LanesView::new(LaneBy::Actor)),
        Some(view) => view.by.next().map(LanesView::new),
    }
}

/// What the status line says after `L` (named by `key`).
pub fn said(view: Option<&LanesView>, key: &str) -> String {
    match view {
        Some(view) => match view.by.next() {
            Some(next) => format!("Lanes by {}: {key} for lanes by {}", view.by.name(), next.name()),
            None => format!("Lanes by {}: {key} for the list", view.by.name()),
        },
        None => format!("The list: {key} for lanes"),
    }
}

/// Columns of the lanes' labels in a pane `width` wide.
pub fn label_width(width: u16) -> usize {
    (width as usize / 4).clamp(LABEL_LEAST, LABEL_MOST)
}

/// Columns of the axis in a pane `width` wide: what the labels and a space leave.
pub fn axis_width(width: u16) -> usize {
    (width as usize).saturating_sub(label_width(width) + 1).max(1)
}

/// Makes the lanes again if they are stale or the pane's width changed, puts the cursor's
/// lane on the cursor's event, and scrolls it into the pane `area`; `axis` gives the axis at
/// a width. Cheap when nothing changed.
pub fn settle(
    view: &mut LanesView,
    (timeline, short_names): (&Timeline, &[String]),
    (shown, cursor): (&[EventIx], usize),
    area: Rect,
    axis: impl Fn(usize) -> Axis,
) {
    let width = axis_width(area.width);
    if view.stale {
        let before = view.labels.get(view.lane).cloned();
        view.lanes = lanes(timeline, shown, view.by);
        view.labels = view.lanes.iter().map(|lane| label(short_names, view.by, lane)).collect();
        // The same lane again, if it is still there: a filter should not throw the eye elsewhere.
        view.lane = before.and_then(|l| view.labels.iter().position(|x| *x == l)).unwrap_or(0);
    }
    // The axis leaves the pane's last column spare, for the `~`, `?` or `%` of a mark at its end.
    let width = width.saturating_sub(1).max(1);
    if view.stale || view.redraw || view.axis.width != width {
        view.axis = axis(width);
        view.rows = vec![None; view.lanes.len()];
    }
    view.stale = false;
    view.redraw = false;
    if let Some(&ix) = shown.get(cursor) {
        view.lane = lane_with(&view.lanes, ix, view.lane);
    }
    let height = (area.height as usize).saturating_sub(1).max(1);
    if view.lane < view.top {
        view.top = view.lane;
    } else if view.lane >= view.top + height {
        view.top = view.lane + 1 - height;
    }
    view.top = view.top.min(view.lanes.len().saturating_sub(height));
    let on_screen = view.top..(view.top + height).min(view.lanes.len());
    let (lanes, axis) = (&view.lanes[on_screen.clone()], &view.axis);
    // A lane by status may hold a quarter of a million events: the lanes are drawn on every core.
    view.rows[on_screen].par_iter_mut().zip(lanes).for_each(|(row_of, lane)| {
        if row_of.is_none() {
            *row_of = Some(row(timeline, axis, lane));
        }
    });
}

/// A lane's label: an actor's short label, or the lane's own (a tag, a status, a source's id).
fn label(short_names: &[String], by: LaneBy, lane: &Lane) -> String {
    match (by, lane.key) {
        (LaneBy::Actor, Some(actor)) => short_names[actor].clone(),
        _ => super::shown::shown(&lane.label).into_owned(),
    }
}

/// Whether `lane` has event `ix`: its entries are in the order of the events.
pub fn has(lane: &Lane, ix: EventIx) -> bool {
    entry(lane, ix).is_some()
}

/// Event `ix`'s entry in `lane`, found by halving: a lane may hold a quarter of a million.
pub fn entry(lane: &Lane, ix: EventIx) -> Option<Entry> {
    lane.entries.binary_search_by_key(&ix, |e| e.event).ok().map(|at| lane.entries[at])
}

/// The lane nearest to `from` that has event `ix` (`from` itself if it does).
fn lane_with(lanes: &[Lane], ix: EventIx, from: usize) -> usize {
    let from = from.min(lanes.len().saturating_sub(1));
    for d in 0..lanes.len() {
        for at in [from.checked_sub(d), from.checked_add(d)].into_iter().flatten() {
            if lanes.get(at).is_some_and(|lane| has(lane, ix)) {
                return at;
            }
        }
    }
    from
}

/// A lane drawn on `axis`: the breaks, then each event's bar and marks, a later event's over an
/// earlier one's where they rank the same. Painted from the last event back, so that a cell
/// takes only what ranks above what it holds, and a bar skips the columns a later bar or head
/// already holds: a lane of 250,000 events costs one step per event, not one per column of
/// each bar.
fn row(timeline: &Timeline, axis: &Axis, lane: &Lane) -> Vec<Cell> {
    let mut out: Vec<Cell> = vec![(' ', Ink::Empty); axis.width + 1];
    for b in axis.breaks() {
        out[b.column] = ('┆', Ink::Break);
    }
    let bar_rank = Ink::Bar(Status::Reported).rank();
    let mut open = Open::new(out.len());
    for entry in lane.entries.iter().rev() {
        let Some(drawn) = drawn(timeline, axis, *entry) else { continue };
        for &(column, cell) in drawn.marks.iter().rev().flatten() {
            if let Some(at) = out.get_mut(column)
                && cell.1.rank() > at.1.rank()
            {
                *at = cell;
                if cell.1.rank() >= bar_rank {
                    open.close(column);
                }
            }
        }
        let (from, to, cell) = drawn.bar;
        let mut column = open.next(from);
        while column <= to && column < out.len() {
            out[column] = cell;
            open.close(column);
            column = open.next(column + 1);
        }
    }
    out
}

/// The columns a bar may still be drawn in, each closed once something ranking as high as a
/// bar holds it; finding the next open one skips closed runs in near-constant time.
struct Open {
    next: Vec<usize>,
}

impl Open {
    fn new(width: usize) -> Open {
        Open { next: (0..=width).collect() }
    }

    /// The first open column at or after `column` (the width if none).
    fn next(&mut self, column: usize) -> usize {
        let mut at = column.min(self.next.len() - 1);
        while self.next[at] != at {
            self.next[at] = self.next[self.next[at]];
            at = self.next[at];
        }
        at
    }

    fn close(&mut self, column: usize) {
        if column + 1 < self.next.len() {
            self.next[column] = column + 1;
        }
    }
}

/// The glyph of a day or a moment, by status.
pub fn point(status: Status) -> char {
    match status {
        Status::Confirmed => '●',
        Status::Reported => '○',
        Status::Claimed => '◆',
        Status::Disputed => '◇',
    }
}

/// How one event is drawn in a lane: a bar across columns `from..=to` (one column for a point),
/// then marks over it, in the order they are drawn.
#[derive(Clone, Copy, Debug)]
struct Drawn {
    bar: (usize, usize, Cell),
    marks: [Option<(usize, Cell)>; 4],
}

/// The cells of one event in a lane on `axis`: a point for a day or finer, else a bar across
/// its extent; its head (the status glyph, or `⚑` in the lane of an actor who claims it) where
/// it stands in time, at its start or, open at the start, at its end, so that the lane reads in
/// the order of the list; an arrow where it runs on past the edge; `~`, `?` or `%` after it
/// when its date is approximate, uncertain or both. Later cells go over earlier ones.
pub fn cells(timeline: &Timeline, axis: &Axis, entry: Entry) -> Vec<(usize, Cell)> {
    let Some(drawn) = drawn(timeline, axis, entry) else { return Vec::new() };
    let (from, to, cell) = drawn.bar;
    (from..=to).map(|c| (c, cell)).chain(drawn.marks.into_iter().flatten()).collect()
}

fn drawn(timeline: &Timeline, axis: &Axis, entry: Entry) -> Option<Drawn> {
    let (first, last) = axis.span();
    let mark = Mark::of(timeline, entry.event, (first, last));
    // Outside a zoomed window an event is not on the axis: drawn at its edge, it would read as
    // happening there.
    if mark.to < first || mark.from > last {
        return None;
    }
    let head = if entry.claim { ('⚑', Ink::Claim) } else { (point(mark.status), Ink::Head(mark.status)) };
    let (from, to) = (axis.nearest_column(mark.from), axis.nearest_column(mark.to));
    let to = if mark.point { from } else { to.max(from) };
    let line = match (mark.approximate, mark.uncertain) {
        (true, _) => '┅',
        (false, true) => '╍',
        (false, false) => '━',
    };
    // Zoomed in, an event that runs on past an edge of the window is open there too. One that
    // began before the window has its head out of sight: drawn at its end, it would read as an
    // event of that day.
    let clipped = mark.from < first && !mark.open_start && !mark.point;
    let open_end = mark.open_end || (mark.to > last && !mark.point);
    let mut marks = [None; 4];
    if clipped {
        marks[0] = Some((from, ('◀', Ink::Head(mark.status))));
    } else if mark.open_start && to > from {
        marks[0] = Some((from, ('◀', Ink::Head(mark.status))));
        marks[1] = Some((to, head));
    } else {
        marks[0] = Some((from, head));
    }
    if open_end && to > from + 1 {
        marks[2] = Some((to, ('▶', Ink::Head(mark.status))));
    }
    let qualifier = match (mark.approximate, mark.uncertain) {
        (true, true) => Some('%'),
        (true, false) => Some('~'),
        (false, true) => Some('?'),
        (false, false) => None,
    };
    // After the axis's last column there is one spare (`settle`).
    if let Some(q) = qualifier
        && to < axis.width
    {
        marks[3] = Some((to + 1, (q, Ink::Qualifier)));
    }
    Some(Drawn { bar: (from, to, (line, Ink::Bar(mark.status))), marks })
}

/// The column of the head of event `ix` on the axis: where it stands in time.
pub fn column_of(timeline: &Timeline, axis: &Axis, ix: EventIx) -> usize {
    let entry = Entry { event: ix, claim: false };
    let cells = cells(timeline, axis, entry);
    let head = |(_, (c, ink)): &&(usize, Cell)| matches!(ink, Ink::Head(_)) && !matches!(c, '◀' | '▶');
    cells.iter().find(head).map_or(0, |&(column, _)| column)
}

/// An action in the lanes view, on its cursor (a position in `shown`); false when it is not
/// one of the view's. `area` is the pane the lanes are drawn in, for clicks and pages.
pub fn act(
    view: &mut LanesView,
    cursor: &mut usize,
    (timeline, shown): (&Timeline, &[EventIx]),
    action: Action,
    area: Rect,
) -> bool {
    let page = (area.height as isize - 2).max(1);
    let last = shown.len().saturating_sub(1);
    match action {
        Action::NextEvent => *cursor = (*cursor + 1).min(last),
        Action::PreviousEvent => *cursor = cursor.saturating_sub(1),
        Action::NextLane => step(view, cursor, timeline, shown, 1),
        Action::PreviousLane => step(view, cursor, timeline, shown, -1),
        Action::ScrollDown => step(view, cursor, timeline, shown, 3),
        Action::ScrollUp => step(view, cursor, timeline, shown, -3),
        Action::PageDown => step(view, cursor, timeline, shown, page),
        Action::PageUp => step(view, cursor, timeline, shown, -page),
        Action::Click { column, row } => click(view, cursor, (timeline, shown), (column, row), area),
        _ => return false,
    }
    true
}

/// The cursor `by` lanes down (or up), to the event there nearest in time to its own.
fn step(view: &mut LanesView, cursor: &mut usize, timeline: &Timeline, shown: &[EventIx], by: isize) {
    let Some(&ix) = shown.get(*cursor) else { return };
    if view.lanes.is_empty() {
        return;
    }
    let target = view.lane.saturating_add_signed(by).min(view.lanes.len().saturating_sub(1));
    if target == view.lane {
        return;
    }
    let time = timeline.events[ix].sort_instant();
    let Some(to) = nearest(&view.lanes[target], timeline, ix, |e| e.sort_instant().abs_diff(time)) else { return };
    if let Ok(at) = shown.binary_search(&to) {
        *cursor = at;
        view.lane = target;
    }
}

/// The event of `lane` nearest to event `ix` by `distance`, looked for either side of where
/// `ix` would stand in it.
fn nearest(
    lane: &Lane,
    timeline: &Timeline,
    ix: EventIx,
    distance: impl Fn(&crate::model::Event) -> u64,
) -> Option<EventIx> {
    let at = lane.entries.partition_point(|e| e.event < ix);
    let before = at.checked_sub(1).map(|i| lane.entries[i].event);
    let after = lane.entries.get(at).map(|e| e.event);
    [before, after].into_iter().flatten().min_by_key(|&e| distance(&timeline.events[e]))
}

/// A click on a lane puts the cursor on its event nearest to the column clicked.
fn click(
    view: &mut LanesView,
    cursor: &mut usize,
    (timeline, shown): (&Timeline, &[EventIx]),
    (column, row): (u16, u16),
    area: Rect,
) {
    let left = area.x as usize + label_width(area.width) + 1;
    let lane = (row as usize).checked_sub(area.y as usize + 1).map(|r| view.top + r);
    let (Some(lane), Some(column)) = (lane, (column as usize).checked_sub(left)) else { return };
    let Some(entries) = view.lanes.get(lane).map(|l| &l.entries) else { return };
    let axis = &view.axis;
    let best = entries.iter().min_by_key(|e| column_of(timeline, axis, e.event).abs_diff(column));
    if let Some(at) = best.and_then(|e| shown.binary_search(&e.event).ok()) {
        *cursor = at;
        view.lane = lane;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lanes::anchors;
    use crate::load::load_str;

    fn timeline() -> Timeline {
        load_str(include_str!("../../tests/fixtures/valid/every-form.ron"), None).timeline.expect("valid fixture")
    }

    #[test]
    fn a_point_has_its_status_glyph_and_a_qualifier_after_it() {
        let t = timeline();
        let shown: Vec<usize> = (0..t.events.len()).collect();
        let axis = Axis::collapsed_points(&anchors(&t, &shown), 80);
        let ix = t.events.iter().position(|e| e.id.as_str() == "approximate").unwrap();
        let cells = cells(&t, &axis, Entry { event: ix, claim: false });
        assert!(cells.iter().any(|(_, c)| c.0 == '~'), "{cells:?}");
    }

    /// Each event's cells painted in order, a later one over an earlier one where it ranks as high.
    fn painted_in_order(t: &Timeline, axis: &Axis, lane: &Lane) -> Vec<Cell> {
        let mut out: Vec<Cell> = vec![(' ', Ink::Empty); axis.width + 1];
        for b in axis.breaks() {
            out[b.column] = ('┆', Ink::Break);
        }
        for entry in &lane.entries {
            for (column, cell) in cells(t, axis, *entry) {
                if let Some(at) = out.get_mut(column)
                    && cell.1.rank() >= at.1.rank()
                {
                    *at = cell;
                }
            }
        }
        out
    }

    #[test]
    fn a_lane_painted_from_its_last_event_back_is_the_lane_painted_in_order() {
        let t = timeline();
        let shown: Vec<usize> = (0..t.events.len()).collect();
        for by in [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source] {
            for width in [1, 2, 5, 13, 40, 117] {
                for axis in [
                    Axis::collapsed_points(&anchors(&t, &shown), width),
                    Axis::linear(t.events[0].start, t.events[t.events.len() - 1].start, width),
                ] {
                    for lane in lanes(&t, &shown, by) {
                        assert_eq!(
                            row(&t, &axis, &lane),
                            painted_in_order(&t, &axis, &lane),
                            "{by:?} {width} {}",
                            lane.label
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_cursor_lane_scrolls_into_view() {
        let t = timeline();
        let shown: Vec<usize> = (0..t.events.len()).collect();
        let names: Vec<String> = t.actors.iter().map(|a| a.name.clone()).collect();
        let mut view = LanesView::new(LaneBy::Actor);
        let area = Rect::new(0, 0, 80, 3);
        settle(&mut view, (&t, &names), (&shown, 0), area, |w| Axis::collapsed_points(&anchors(&t, &shown), w));
        view.lane = view.lanes.len() - 1;
        let ix = view.lanes[view.lane].entries[0].event;
        let cursor = shown.binary_search(&ix).unwrap();
        settle(&mut view, (&t, &names), (&shown, cursor), area, |w| Axis::collapsed_points(&anchors(&t, &shown), w));
        assert!(view.top <= view.lane && view.lane < view.top + 2, "{} {}", view.top, view.lane);
    }
}
