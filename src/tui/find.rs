//! The find prompt (`Ctrl-f`): it moves the cursor to the events that match, without hiding the
//! others; `n` and `N` go to the next and previous match. What it finds is written in the query
//! language, so `by:putin` finds Putin's claims as the query bar would keep them.

use super::action::Action;
use super::effect::Effect;
use super::keymap::Mode;
use super::source_view::record;
use super::state::{Data, Finding, Overlay, Prompt, State};
use crate::query::{Filter, Query};

pub fn open(state: &mut State) -> Vec<Effect> {
    let text = state.finding.as_ref().map(|f| f.query.text.clone()).unwrap_or_default();
    state.overlay = Some(Overlay::Find(Prompt { text, note: None, from: state.current() }));
    Vec::new()
}

pub fn prompt_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Find(prompt)) = &mut state.overlay else { return Vec::new() };
    let from = prompt.from;
    match action {
        Action::Apply => {
            state.overlay = None;
            // The history keeps the place the find started from, not each place it passed.
            if let Some(pos) = from.and_then(|ix| state.shown.binary_search(&ix).ok())
                && pos != state.cursor
            {
                let found = state.cursor;
                state.cursor = pos;
                record(state);
                state.cursor = found;
            }
            if state.finding.is_some() {
                state.status = Some(count(state));
            }
        }
        Action::Close => {
            state.overlay = None;
            state.finding = None;
            back_to(state, from);
        }
        other => {
            edit(&mut prompt.text, other);
            let text = prompt.text.clone();
            search(state, data, &text, from);
        }
    }
    Vec::new()
}

fn back_to(state: &mut State, from: Option<usize>) {
    if let Some(pos) = from.and_then(|ix| state.shown.binary_search(&ix).ok()) {
        state.cursor = pos;
    }
}

/// Finds `text`, and puts the cursor on the first match on or after `from` (or the first).
fn search(state: &mut State, data: &Data, text: &str, from: Option<usize>) {
    state.finding = finding(text, data, state.finding.as_ref());
    back_to(state, from);
    let note = match &state.finding {
        None => None,
        Some(f) if !f.query.problems.is_empty() => {
            let p = &f.query.problems[0];
            Some(format!("`{}`: {}", f.query.text.get(p.span.clone()).unwrap_or_default(), p.reason))
        }
        Some(_) => match next(state, state.cursor, true, true) {
            Some(pos) => {
                state.cursor = pos;
                state.detail_scroll = 0;
                Some(count(state))
            }
            None => Some(count(state)),
        },
    };
    if let Some(Overlay::Find(prompt)) = &mut state.overlay {
        prompt.note = note;
    }
}

/// What `text` finds; `before`, the find as it was a key before, lends what it found for the
/// words the two share, if it was made on the same reading of the file.
fn finding(text: &str, data: &Data, before: Option<&Finding>) -> Option<Finding> {
    if text.trim().is_empty() {
        return None;
    }
    let mut query = Query::parse(text, &data.timeline, &data.index);
    if let Some(before) = before.filter(|f| f.data == address(data)) {
        query.keep_found(&before.query);
    }
    let filter = Filter { query, ..Filter::default() };
    let hits = if filter.query.is_empty() { Vec::new() } else { filter.prepare(&data.timeline, &data.index).apply() };
    Some(Finding { query: filter.query, hits, data: address(data) })
}

/// Which reading of the file `data` is: a reload makes a new `Data` while the old one lives.
fn address(data: &Data) -> usize {
    std::ptr::from_ref(data) as usize
}

/// How many events match, and how many of them the filter shows.
fn count(state: &State) -> String {
    let Some(f) = &state.finding else { return String::new() };
    let shown = shown_hits(state, f);
    let hidden = f.hits.len() - shown;
    let n = state.keymap.label(Mode::List, Action::FindNext);
    let p = state.keymap.label(Mode::List, Action::FindPrevious);
    match (shown, hidden) {
        (0, 0) => "No event matches".into(),
        (0, h) => format!("No shown event matches ({h} hidden by the filter)"),
        (s, 0) => format!("{s} matching events ({n} next, {p} previous)"),
        (s, h) => format!("{s} matching events, {h} more hidden by the filter ({n} next, {p} previous)"),
    }
}

fn shown_hits(state: &State, f: &Finding) -> usize {
    // Both are sorted: one pass over the smaller through the larger.
    if f.hits.len() < state.shown.len() {
        f.hits.iter().filter(|ix| state.shown.binary_search(ix).is_ok()).count()
    } else {
        state.shown.iter().filter(|ix| f.hits.binary_search(ix).is_ok()).count()
    }
}

/// Whether the event at position `pos` of the list is a match.
pub fn is_hit(state: &State, pos: usize) -> bool {
    let Some(f) = &state.finding else { return false };
    state.shown.get(pos).is_some_and(|ix| f.hits.binary_search(ix).is_ok())
}

/// The position of the next (or previous) match from `pos`, round the end of the list;
/// `pos` itself counts when `inclusive`.
fn next(state: &State, pos: usize, forward: bool, inclusive: bool) -> Option<usize> {
    let len = state.shown.len();
    let start = usize::from(!inclusive);
    (start..len + start)
        .map(|step| if forward { (pos + step) % len } else { (pos + len - step % len) % len })
        .find(|&p| is_hit(state, p))
}

/// `n` and `N`.
pub fn step(state: &mut State, _data: &Data, forward: bool) -> Vec<Effect> {
    if state.finding.is_none() {
        let f = state.keymap.label(Mode::List, Action::Find);
        state.status = Some(format!("Nothing to find yet: {f} finds"));
        return Vec::new();
    }
    if state.shown.is_empty() {
        return Vec::new();
    }
    match next(state, state.cursor, forward, false) {
        Some(pos) => {
            let wrapped = if forward { pos <= state.cursor } else { pos >= state.cursor };
            move_to(state, pos);
            if wrapped {
                let end = if forward { "the first" } else { "the last" };
                state.status = Some(format!("Round the end: at {end} match"));
            }
        }
        None => state.status = Some(count(state)),
    }
    Vec::new()
}

/// Finds again in a timeline read anew: the matches were positions in the old one.
pub fn refresh(state: &mut State, data: &Data) {
    if let Some(f) = &state.finding
        && f.data != address(data)
    {
        let text = f.query.text.clone();
        state.finding = finding(&text, data, None);
    }
}

/// Moves the cursor to position `pos` of the list, in the jump history.
pub fn move_to(state: &mut State, pos: usize) {
    if pos != state.cursor {
        record(state);
        state.cursor = pos;
        state.detail_scroll = 0;
    }
}

/// Typing in a one-line prompt whose cursor stays at the end.
pub fn edit(text: &mut String, action: Action) {
    match action {
        Action::Insert(c) => text.push(c),
        Action::DeleteBack => drop(text.pop()),
        Action::DeleteWord => {
            let start = text.trim_end().rfind(' ').map_or(0, |i| i + 1);
            text.truncate(start);
        }
        Action::ClearInput => text.clear(),
        _ => {}
    }
}
