//! The time axis over the list: the part of `update` that zooms it and switches its scale.
//! Zooming moves no cursor and changes no filter: it only changes what stretch of time the axis
//! shows.

use super::action::Action;
use super::state::{Data, State};

/// The narrowest window a zoom goes to: an hour either side of the cursor.
const NARROWEST: i64 = 3_600;

pub fn act(state: &mut State, data: &Data, action: Action) {
    let axis = &state.timescale.axis;
    let (from, to) = axis.span();
    let around = state
        .current()
        .map(|ix| data.event(ix).sort_instant())
        .filter(|t| (from..=to).contains(t))
        .unwrap_or(from / 2 + to / 2);
    // Zooming in keeps the middle half of the columns around the cursor, within the stretch of
    // time the cursor is in: on a collapsed axis, half of what is seen, not of the years it spans.
    let column = axis.position(around);
    let quarter = axis.width as f64 / 4.0;
    let piece = axis.pieces.iter().find(|p| p.from <= around && around <= p.to);
    let (left, right) = piece.map_or((0.0, axis.width as f64), |p| (p.first as f64, (p.first + p.columns) as f64));
    let inner = (axis.instant_at((column - quarter).max(left)), axis.instant_at((column + quarter).min(right)));
    let half = ((to - from) / 2).max(NARROWEST);
    let scale = &mut state.timescale;
    match action {
        Action::ZoomIn => scale.window = Some(narrowed(inner, around)),
        Action::ZoomOut if scale.window.is_some() => scale.window = Some(window(around, half.saturating_mul(2))),
        Action::ZoomOut | Action::ZoomToFit => scale.window = None,
        Action::SwitchScale => scale.linear = !scale.linear,
        _ => return,
    }
    state.measure_time();
    // Zoomed out past every shown event: the same as fitting them.
    if action == Action::ZoomOut && covers_all(state) {
        state.timescale.window = None;
        state.measure_time();
    }
    state.status = Some(describe(state, data));
}

/// `(from, to)`, at least `NARROWEST` either side of `around`.
fn narrowed((from, to): (i64, i64), around: i64) -> (i64, i64) {
    (from.min(around - NARROWEST), to.max(around + NARROWEST))
}

fn window(around: i64, half: i64) -> (i64, i64) {
    (around.saturating_sub(half), around.saturating_add(half))
}

fn covers_all(state: &State) -> bool {
    let Some((from, to)) = state.timescale.window else { return true };
    let anchors = &state.timescale.anchors;
    anchors.first().is_none_or(|&first| from <= first) && anchors.last().is_none_or(|&last| last <= to)
}

/// What the axis shows now, in words: `Time axis: 17 Mar 2024 to 27 Mar 2024, collapsed`.
fn describe(state: &State, data: &Data) -> String {
    let scale = &state.timescale;
    let (from, to) = scale.axis.span();
    let day = |t: i64| crate::axis::day_label(t, data.timeline.timezone);
    let how = match (scale.window.is_some(), scale.linear) {
        // A window zoomed to is always plain: say how to cut stretches again, as `|` cannot here.
        (true, _) => {
            let fit = state.keymap.label(super::keymap::Mode::List, Action::ZoomToFit);
            format!("a plain scale while zoomed ({fit} fits the shown events and cuts empty stretches again)")
        }
        (false, true) => "a plain scale".to_string(),
        (false, false) => "long empty stretches cut (┆)".to_string(),
    };
    let fit = if scale.window.is_none() { ", fitted to the shown events" } else { "" };
    format!("Time axis: {} to {}{fit}, {how}", day(from), day(to))
}
