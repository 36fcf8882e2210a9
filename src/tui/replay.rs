//! Replaying what was known: the as-of prompt (`A`), `(` and `)` stepping the as-of date by the
//! unit of the time axis, and what the status line says of a change once the list shows it.
//! The as-of date is the filter's chosen `known:` term (`Filter::as_of`), changed only through
//! `State::filter_changed`, so a million events are filtered in the background as for any filter.

use super::action::Action;
use super::effect::Effect;
use super::keymap::Mode;
use super::state::{Data, Overlay, Prompt, Replayed, State, Stepping};
use crate::axis::Unit;
use crate::knowledge::Known;
use crate::model::EventIx;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike};

/// The part of `update` for the as-of date; `None` when `action` is not one of its own here.
pub fn action(state: &mut State, data: &Data, action: Action) -> Option<Vec<Effect>> {
    match (&state.overlay, action) {
        (_, Action::Quit | Action::Suspend | Action::Resize { .. }) => None,
        (Some(Overlay::AsOf(_)), _) => {
            prompt_action(state, data, action);
            Some(Vec::new())
        }
        (None, Action::AsOf) => {
            state.overlay = Some(Overlay::AsOf(Prompt { from: state.current(), ..Prompt::default() }));
            Some(Vec::new())
        }
        (None, Action::AsOfEarlier | Action::AsOfLater) => {
            step(state, data, action == Action::AsOfLater);
            Some(Vec::new())
        }
        _ => None,
    }
}

fn prompt_action(state: &mut State, data: &Data, action: Action) {
    let Some(Overlay::AsOf(prompt)) = &mut state.overlay else { return };
    match action {
        Action::Apply => {
            let text = prompt.text.trim().to_string();
            match set(state, data, &text) {
                Ok(()) => state.overlay = None,
                Err(why) => {
                    if let Some(Overlay::AsOf(prompt)) = &mut state.overlay {
                        prompt.note = Some(why);
                    }
                }
            }
        }
        Action::Close => state.overlay = None,
        other => {
            super::find::edit(&mut prompt.text, other);
            prompt.note = None;
        }
    }
}

/// Sets the as-of date to `text` (an EDTF date), or turns it off (`off`).
pub fn set(state: &mut State, data: &Data, text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("Type a date (2024-03-10, 2024-03, 2024-03-22T20:00), or off to show everything again".into());
    }
    let before = state.shown.len();
    if text.eq_ignore_ascii_case("off") {
        if state.filter.chosen_as_of().is_none() {
            state.status = Some("No as-of date was set".into());
            return Ok(());
        }
        state.filter.clear_as_of();
        state.stepping = None;
        state.replayed = Some(Replayed { date: None, before, was: Vec::new() });
    } else {
        state.filter.as_of(&data.timeline, text, false).map_err(|e| e.message)?;
        // The unit to step by is the axis's before the replay narrows it to what was known.
        if state.stepping.is_none()
            && let Some(at) = as_of(state)
        {
            unit(state, at);
        }
        state.replayed = Some(Replayed { date: Some(text.to_string()), before, was: state.shown.clone() });
    }
    state.filter_changed(data);
    Ok(())
}

/// `(` and `)`: the as-of date a unit of the time axis earlier or later. With no as-of date,
/// the replay starts at the date of the cursor's event: `)` sets that date, `(` the one before.
fn step(state: &mut State, data: &Data, later: bool) {
    let tz = data.timeline.timezone;
    let (base, started) = match state.filter.chosen_as_of() {
        Some((as_of, _)) => (as_of.instant, false),
        None => {
            let Some(ix) = state.current() else {
                state.status = Some("No event to start the replay from".into());
                return;
            };
            let t = data.event(ix).sort_instant();
            if t == i64::MIN || t == i64::MAX {
                let a = state.keymap.label(Mode::List, Action::AsOf);
                state.status = Some(format!("The event under the cursor has no date to start from: {a} sets one"));
                return;
            }
            (t, true)
        }
    };
    let unit = unit(state, base);
    let Some(local) = DateTime::from_timestamp(base, 0).map(|t| t.with_timezone(&tz)) else { return };
    let steps = match (started, later) {
        (true, true) => 0,
        (_, true) => 1,
        (_, false) => -1,
    };
    match stepped(local, unit, steps) {
        Some(date) => {
            if let Err(why) = set(state, data, &date) {
                state.status = Some(why);
            }
        }
        None => state.status = Some("The as-of date cannot go further".into()),
    }
}

/// The unit of the time axis around `at`: the one kept since stepping started, unless the zoom
/// changed since.
fn unit(state: &mut State, at: i64) -> Unit {
    let scale = &state.timescale;
    if let Some(kept) = state.stepping
        && kept.window == scale.window
        && kept.linear == scale.linear
    {
        return kept.unit;
    }
    let pieces = &scale.axis.pieces;
    let distance = |p: &&crate::axis::Piece| if at < p.from { p.from - at } else { at.saturating_sub(p.to) };
    let unit = pieces.iter().min_by_key(distance).map_or(Unit::Days(1), Unit::for_piece);
    // A step finer than a day says little of when news came.
    let unit = if matches!(unit, Unit::Hours(_)) && scale.window.is_none() { Unit::Days(1) } else { unit };
    state.stepping = Some(Stepping { unit, window: scale.window, linear: scale.linear });
    unit
}

/// The date `steps` units from `local`, written to the unit's precision: a day, a month, a year,
/// or a minute for hours.
fn stepped(local: DateTime<FixedOffset>, unit: Unit, steps: i64) -> Option<String> {
    let date = local.date_naive();
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Some(match unit {
        Unit::Hours(n) => {
            let hour = local.with_minute(0)?.with_second(0)?;
            let t = hour.checked_add_signed(Duration::hours(i64::from(n) * steps))?;
            t.format("%Y-%m-%dT%H:%M").to_string()
        }
        Unit::Days(n) => day(date.checked_add_signed(Duration::days(i64::from(n) * steps))?),
        Unit::Weeks => day(date.checked_add_signed(Duration::days(7 * steps))?),
        Unit::Months(n) => {
            let months = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(n) * steps;
            let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
            format!("{}-{month:02}", year_text(year)?)
        }
        Unit::Years(n) => year_text(i64::from(date.year()) + i64::from(n) * steps)?,
    })
}

/// A year as EDTF writes it: four digits at least, `-` before years before 1 BCE's year 0.
fn year_text(year: i64) -> Option<String> {
    match year {
        0..=9999 => Some(format!("{year:04}")),
        -9999..=-1 => Some(format!("-{:04}", -year)),
        _ => None,
    }
}

/// Once the list shows a change of the as-of date, the status line says what it changed.
pub fn settle(state: &mut State, data: &Data) {
    if state.counting() {
        return;
    }
    let Some(replayed) = state.replayed.take() else { return };
    let now = state.shown.len();
    let change = match now.cmp(&replayed.before) {
        std::cmp::Ordering::Greater => {
            format!("{} more {} known", now - replayed.before, events(now - replayed.before))
        }
        std::cmp::Ordering::Less => format!("{} fewer {} known", replayed.before - now, events(replayed.before - now)),
        std::cmp::Ordering::Equal => "no more events known".to_string(),
    };
    state.status = Some(match replayed.date {
        None => format!("As-of date off: {now} events shown"),
        Some(date) => {
            let possibly = possibly_known(state, data);
            let possibly = if possibly > 0 { format!(", {possibly} possibly ◌") } else { String::new() };
            let (earlier, later) = (
                state.keymap.label(Mode::List, Action::AsOfEarlier),
                state.keymap.label(Mode::List, Action::AsOfLater),
            );
            let first = newly_known(&replayed.was, &state.shown).map(|ix| {
                format!(" · first “{}”", crate::tui::shown::fit(&crate::tui::shown::shown(&data.event(ix).title), 40))
            });
            let first = first.unwrap_or_default();
            // The name last: on a narrow screen the counts matter more.
            format!("As of {date}: {change} ({now} shown{possibly}) · {earlier} {later} step{first}")
        }
    });
}

/// The first event in `now` that is not in `was` (both in time order).
fn newly_known(was: &[EventIx], now: &[EventIx]) -> Option<EventIx> {
    now.iter().copied().find(|ix| was.binary_search(ix).is_err())
}

fn events(n: usize) -> &'static str {
    if n == 1 { "event" } else { "events" }
}

/// How many of the shown events were only possibly known by the as-of date; not counted on a
/// timeline large enough to be filtered in the background.
fn possibly_known(state: &State, data: &Data) -> usize {
    let Some(at) = as_of(state) else { return 0 };
    if state.shown.len() >= data.background_from {
        return 0;
    }
    state.shown.iter().filter(|&&ix| data.knowledge.known_at(&data.timeline, ix, at) == Known::Possibly).count()
}

/// The instant of the as-of date chosen, if one is.
pub fn as_of(state: &State) -> Option<i64> {
    state.filter.chosen_as_of().map(|(a, _)| a.instant)
}

/// Whether event `ix` was known by the as-of date: `None` when none is set.
pub fn known(state: &State, data: &Data, ix: usize) -> Option<Known> {
    Some(data.knowledge.known_at(&data.timeline, ix, as_of(state)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_step_writes_the_date_to_the_units_precision() {
        let t = at("2024-03-10T23:59:59+03:00");
        assert_eq!(stepped(t, Unit::Days(1), 1).as_deref(), Some("2024-03-11"));
        assert_eq!(stepped(t, Unit::Days(2), -1).as_deref(), Some("2024-03-08"));
        assert_eq!(stepped(t, Unit::Weeks, 1).as_deref(), Some("2024-03-17"));
        assert_eq!(stepped(t, Unit::Months(1), 0).as_deref(), Some("2024-03"));
        assert_eq!(stepped(t, Unit::Months(3), -1).as_deref(), Some("2023-12"));
        assert_eq!(stepped(t, Unit::Years(1), 1).as_deref(), Some("2025"));
        assert_eq!(stepped(t, Unit::Hours(6), 1).as_deref(), Some("2024-03-11T05:00"));
    }
}
