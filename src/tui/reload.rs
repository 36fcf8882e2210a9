//! Keeping the browser on a file that changes: the part of `update` that reads it again. The new
//! timeline replaces the old with the cursor, filters, selection and jump history carried over
//! by id; an edit that breaks the file keeps the last good timeline on screen under a banner of
//! its diagnostics, until the file is fixed.

use super::action::Action;
use super::effect::Effect;
use super::layout;
use super::msg::Reread;
use super::state::{Data, Overlay, State};
use crate::load::regular::stamp;
use crate::load::{self, SourceFile};
use crate::query::Query;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The browser's data for the file as it is now, or its errors, each whole as `timeline check`
/// prints it (`FILE:LINE:COL: error: …`, the line with a caret, help and did-you-mean).
pub fn load(path: &Path) -> Result<Data, Vec<String>> {
    let before = stamp(path);
    let loaded = load::load_file(path).map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
    let name = path.display().to_string();
    let file = SourceFile::new(&name, &loaded.text);
    match loaded.report.timeline {
        Some(timeline) => Ok(Data { stamp: before, ..Data::new(timeline, path) }),
        None => Err(loaded
            .report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| file.render(d).trim_end().to_string())
            .collect()),
    }
}

/// The file changed on disk: read it once the changes have settled.
pub fn changed(state: &mut State) -> Vec<Effect> {
    state.reread.changes += 1;
    vec![Effect::Settle(state.reread.changes)]
}

/// No change came since change number `change`.
pub fn settled(state: &mut State, change: u64) -> Vec<Effect> {
    if change != state.reread.changes {
        return Vec::new();
    }
    read(state, false)
}

/// Reads the file again; `by_hand` even if it looks unchanged.
pub fn read(state: &mut State, by_hand: bool) -> Vec<Effect> {
    let reread = &mut state.reread;
    if reread.reading {
        reread.again = Some(by_hand || reread.again == Some(true));
        return Vec::new();
    }
    reread.reading = true;
    vec![Effect::ReadFile { unless: if by_hand { None } else { reread.stamp } }]
}

/// What reading the file found: the new timeline replaces the old, or its errors show.
pub fn reloaded(state: &mut State, data: &mut Arc<Data>, reread: Reread) -> Vec<Effect> {
    state.reread.reading = false;
    let mut effects = Vec::new();
    if let Reread::Read { stamp, result } = reread {
        state.reread.stamp = stamp;
        match result {
            Ok(mut new) => {
                // The browser's setting, not the file's.
                new.background_from = data.background_from;
                carry_over(state, data, &new);
                *data = Arc::new(new);
                effects.extend(Effect::prepare_search(data));
            }
            Err(errors) => state.banner = Some(errors),
        }
    }
    if let Some(by_hand) = state.reread.again.take() {
        effects.extend(read(state, by_hand));
    }
    effects
}

/// `!`: the list of every error, when the file has some.
pub fn show_diagnostics(state: &mut State) {
    match state.banner {
        Some(_) => state.overlay = Some(Overlay::Diagnostics(0)),
        None => state.status = Some("The file has no errors: it loaded as it is".into()),
    }
}

/// The lines of the list of errors: each error as `timeline check` prints it, a blank line
/// between two.
pub fn diagnostic_lines(errors: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    for (i, error) in errors.iter().enumerate() {
        if i > 0 {
            out.push("");
        }
        out.extend(error.lines());
    }
    out
}

/// Scrolls the list of errors, never past its last line.
pub fn scroll_diagnostics(state: &mut State, action: Action) {
    let total = state.banner.as_deref().map_or(0, |errors| diagnostic_lines(errors).len());
    let screen = ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1);
    let height = super::help::area(screen).height.saturating_sub(2);
    if let Some(Overlay::Diagnostics(scroll)) = &mut state.overlay {
        *scroll = super::help::scrolled(*scroll, action, total as u16, height);
    }
}

/// The editor ended: read what it may have written.
pub fn edited(state: &mut State, error: Option<String>) -> Vec<Effect> {
    let effects = read(state, false);
    if let Some(why) = error {
        state.status = Some(format!("Could not start the editor: {why}"));
    }
    effects
}

/// Moves the state from `old` to `new`, the same file read again, keeping what refers to events,
/// actors and sources by their ids. Overlays that hold positions in the old timeline close.
fn carry_over(state: &mut State, old: &Data, new: &Data) {
    let events: HashMap<&str, usize> =
        new.timeline.events.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let event = |ix: usize| old.timeline.events.get(ix).and_then(|e| events.get(e.id.as_str()).copied());
    let actor = |ix: &usize| {
        let id = &old.timeline.actors.get(*ix)?.id;
        new.timeline.actors.iter().position(|a| &a.id == id)
    };
    let source = |ix: &usize| {
        let id = &old.timeline.sources.get(*ix)?.id;
        new.timeline.sources.iter().position(|s| &s.id == id)
    };
    state.keep_row = cursor_row(state, old);
    let cursor = carried_cursor(state, &event);
    state.citation = state
        .citation
        .and_then(|(ix, n)| Some((event(ix)?, n)))
        .filter(|&(ix, n)| n < new.timeline.events[ix].sources.len());
    state.selection = carried_selection(state, &event);
    for location in state.back.iter_mut().chain(state.forward.iter_mut()) {
        location.event = location.event.and_then(event);
        location.source = None;
    }
    let filter = &mut state.filter;
    filter.choose_actors(filter.actors().filter_map(actor));
    filter.choose_sources(filter.sources().filter_map(source));
    filter.query = Query::parse(&filter.query.text, &new.timeline, &new.index);
    // The as-of date is read again in the new file's time zone; a link's place may have moved.
    if let Some((date, strict)) = filter.chosen_as_of().map(|(a, strict)| (a.date.clone(), strict))
        && filter.as_of(&new.timeline, &date, strict).is_err()
    {
        filter.clear_as_of();
    }
    state.link = None;
    state.overlay = match state.overlay.take() {
        Some(Overlay::Query(mut input)) => {
            input.previous = Query::parse(&input.previous.text, &new.timeline, &new.index);
            Some(Overlay::Query(input))
        }
        Some(Overlay::Help { scroll, .. }) => Some(Overlay::Help { scroll, under: None }),
        // The form names events, actors and sources by id: what is typed in it is kept.
        Some(Overlay::Form(form)) => Some(Overlay::Form(form)),
        _ => None,
    };
    state.banner = None;
    state.replace_timeline(new, cursor);
}

/// The screen row of the list that the cursor is on, if it is on screen.
fn cursor_row(state: &State, data: &Data) -> Option<usize> {
    let list = layout::of(state).list;
    let columns = layout::columns_in(state, data, list);
    layout::cursor_line(state, data, &columns, state.offset).filter(|&row| row < list.height as usize)
}

/// The events of the selection, from its start (where `v` was pressed) to the cursor.
fn selected_from_start(state: &State) -> Vec<usize> {
    let Some(range) = state.selected() else { return Vec::new() };
    let events = state.shown[range.clone()].iter().copied();
    // The start is the end of the range away from the cursor.
    if *range.start() == state.cursor { events.rev().collect() } else { events.collect() }
}

/// The cursor's event in the new reading. With a selection, an event deleted under the cursor
/// leaves it on the nearest selected event that is left, so that the selection never takes in
/// events it did not hold.
fn carried_cursor(state: &State, event: &impl Fn(usize) -> Option<usize>) -> Option<usize> {
    let here = state.current()?;
    event(here).or_else(|| selected_from_start(state).into_iter().rev().find_map(event))
}

/// The selection's start in the new reading: its event, or if that was deleted, the nearest
/// selected event that is left.
fn carried_selection(state: &State, event: &impl Fn(usize) -> Option<usize>) -> Option<usize> {
    let start = state.selection?;
    event(start).or_else(|| selected_from_start(state).into_iter().find_map(event))
}

/// Once the list shows the new reading, puts the cursor back on the row of the screen it was on
/// before (as near as date headings allow).
pub fn keep_row(state: &mut State, data: &Data) {
    if state.counting() || state.shown.is_empty() || state.keep_row.is_none() {
        return;
    }
    let Some(row) = state.keep_row.take() else { return };
    let columns = layout::columns_in(state, data, layout::of(state).list);
    let row_at = |offset: usize| layout::cursor_line(state, data, &columns, offset);
    let mut offset = state.cursor;
    while offset > 0 && row_at(offset - 1).is_some_and(|r| r <= row) {
        offset -= 1;
    }
    state.offset = offset;
}
