//! Going places: the go-to prompt (`:`), marks (`m` and `'` then a letter) and the list of marks
//! (`''`); the part of `update` for them and for the find prompt (`find`), and what `update`
//! keeps in step after every message (`settle`).

use super::action::Action;
use super::effect::Effect;
use super::find::{self, edit, move_to};
use super::keymap::Mode;
use super::state::{Data, Overlay, Pending, Prompt, State};
use crate::model::when::When;
use std::collections::BTreeMap;

/// The part of `update` for going to, finding and marking; `None` when `action` is not theirs
/// here (quitting, help and a new size always go on to `update`).
pub fn action(state: &mut State, data: &Data, action: Action) -> Option<Vec<Effect>> {
    if matches!(action, Action::Quit | Action::Suspend | Action::Resize { .. }) {
        return None;
    }
    if let Some(pending) = state.pending.take() {
        // Whatever key comes, the wait is over: a key that is not a letter cancels it.
        return Some(awaited(state, data, pending, action));
    }
    let effects = match (&state.overlay, action) {
        (Some(Overlay::GoTo(_)), _) => prompt_action(state, data, action),
        (Some(Overlay::Find(_)), _) => find::prompt_action(state, data, action),
        (Some(Overlay::Marks(_)), _) => marks_action(state, data, action),
        (None, Action::GoTo) => {
            state.overlay = Some(Overlay::GoTo(Prompt { from: state.current(), ..Prompt::default() }));
            Vec::new()
        }
        (None, Action::Find) => find::open(state),
        (None, Action::FindNext) => find::step(state, data, true),
        (None, Action::FindPrevious) => find::step(state, data, false),
        (None, Action::Mark) if state.current().is_none() => {
            state.status = Some("No event to mark".into());
            Vec::new()
        }
        (None, Action::Mark) => wait(state, Pending::Mark),
        (None, Action::JumpToMark) => wait(state, Pending::Jump),
        _ => return None,
    };
    Some(effects)
}

fn wait(state: &mut State, pending: Pending) -> Vec<Effect> {
    state.pending = Some(pending);
    Vec::new()
}

fn awaited(state: &mut State, data: &Data, pending: Pending, action: Action) -> Vec<Effect> {
    match (pending, action) {
        (Pending::Mark, Action::Insert(letter)) => mark(state, data, letter),
        (Pending::Jump, Action::Insert('\'')) if state.marks.letters.is_empty() => {
            let m = state.keymap.label(Mode::List, Action::Mark);
            state.status = Some(format!("No marks yet: {m} then a letter marks the event under the cursor"));
            Vec::new()
        }
        (Pending::Jump, Action::Insert('\'')) => {
            state.overlay = Some(Overlay::Marks(0));
            Vec::new()
        }
        (Pending::Jump, Action::Insert(letter)) => {
            jump(state, data, letter);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Marks the event under the cursor with `letter`, and asks for the marks to be kept.
fn mark(state: &mut State, data: &Data, letter: char) -> Vec<Effect> {
    if !letter.is_ascii_alphabetic() {
        state.status = Some("A mark is a letter: a to z, or A to Z".into());
        return Vec::new();
    }
    let Some(ix) = state.current() else { return Vec::new() };
    let event = data.event(ix);
    state.marks.letters.insert(letter, event.id.to_string());
    let back = state.keymap.label(Mode::List, Action::JumpToMark);
    let title = super::shown::fit(&event.title, 40);
    state.status = Some(format!("Marked “{title}” as {letter} ({back}{letter} comes back here)"));
    save(state, data)
}

fn save(state: &mut State, data: &Data) -> Vec<Effect> {
    match &data.marks_file {
        Some(file) => vec![Effect::SaveMarks {
            file: file.clone(),
            timeline: data.path.clone(),
            marks: state.marks.letters.clone(),
        }],
        None => {
            state.status = Some("No folder to keep marks in (set $TIMELINE_STATE): they last until you quit".into());
            Vec::new()
        }
    }
}

/// Puts the cursor on the event marked `letter`.
fn jump(state: &mut State, data: &Data, letter: char) {
    let Some(id) = state.marks.letters.get(&letter) else {
        let m = state.keymap.label(Mode::List, Action::Mark);
        state.status = Some(format!("No mark {letter} ({m}{letter} marks the event under the cursor)"));
        return;
    };
    match data.timeline.events.iter().position(|e| e.id.as_str() == id.as_str()) {
        Some(ix) => go_to_event(state, ix),
        None => {
            let id = crate::text::clean_line(id);
            state.status = Some(format!("Mark {letter}'s event `{id}` is no longer in the file"));
        }
    }
}

/// Moves the cursor to event `ix`, remembering where it was; says so if the filter hides it.
pub fn go_to_event(state: &mut State, ix: usize) {
    match state.shown.binary_search(&ix) {
        Ok(pos) => move_to(state, pos),
        Err(_) => {
            let c = state.keymap.label(Mode::List, Action::ClearFilters);
            state.status = Some(format!("That event is hidden by the active filters ({c} clears them)"));
        }
    }
}

/// Where the go-to prompt's text leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Event(usize),
    /// The first event on or after this instant.
    Instant(i64),
}

/// Reads the go-to prompt: an event id, a time from the anchor (`T`, `T+3d`, `T-2w`), or a
/// date as the file writes them.
pub fn target(text: &str, data: &Data) -> Result<Target, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type a date (2024-03-22), an event id, or a time from the anchor (T-2w)".into());
    }
    if let Some(ix) = data.timeline.events.iter().position(|e| e.id.as_str() == text) {
        return Ok(Target::Event(ix));
    }
    if let Some(rest) = text.strip_prefix(['T', 't'])
        && (rest.is_empty() || rest.starts_with(['+', '-', '−']))
    {
        return from_anchor(rest, data);
    }
    let tz = data.timeline.timezone;
    match When::parse(text, tz) {
        Ok(when) => when.start(tz).map(Target::Instant).ok_or_else(|| format!("`{text}` has no start")),
        Err(e) => {
            let ids = data.timeline.events.iter().filter(|e| e.id.starts_with(text)).count();
            Err(if ids > 0 {
                format!("No event has the id `{text}`; {ids} ids start so (Tab completes)")
            } else {
                format!("`{text}` is no event id, nor a date ({}), nor a time from the anchor (T-2w)", e.message)
            })
        }
    }
}

/// `T`, `+3d`, `-2w`, `−90m`: minutes, hours, days, weeks, months and years, as the list's
/// column writes them.
fn from_anchor(rest: &str, data: &Data) -> Result<Target, String> {
    let Some(anchor) = data.timeline.anchor else {
        return Err("This timeline has no anchor event: T± needs one".into());
    };
    if rest.is_empty() {
        return Ok(Target::Event(anchor));
    }
    let (sign, body) = match rest.strip_prefix('+') {
        Some(body) => (1, body),
        None => (-1, rest.trim_start_matches(['-', '−'])),
    };
    let digits = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
    let (amount, unit) = body.split_at(digits);
    let amount: i64 = amount.parse().map_err(|_| format!("`T{rest}`: a number comes after the sign, as in T-2w"))?;
    let seconds = match unit {
        "m" | "min" => 60,
        "h" => 3_600,
        "d" | "" => 86_400,
        "w" => 7 * 86_400,
        "mo" => 2_629_746,
        "y" => 31_556_952,
        _ => return Err(format!("`{unit}` is no unit: m (minutes), h, d, w, mo or y")),
    };
    let start = data.event(anchor).sort_instant();
    Ok(Target::Instant(start.saturating_add(sign * amount.saturating_mul(seconds))))
}

/// Goes where `target` leads; at the end of the list if nothing shown comes after it.
fn go(state: &mut State, data: &Data, target: Target) {
    match target {
        Target::Event(ix) => go_to_event(state, ix),
        Target::Instant(_) if state.shown.is_empty() => {}
        Target::Instant(instant) => {
            let pos = state.shown.partition_point(|&ix| data.event(ix).sort_instant() < instant);
            if pos == state.shown.len() {
                state.status = Some("No shown event is on or after that time: at the last one".into());
            }
            move_to(state, pos.min(state.shown.len() - 1));
        }
    }
}

fn prompt_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::GoTo(prompt)) = &mut state.overlay else { return Vec::new() };
    match action {
        Action::Apply => match target(&prompt.text, data) {
            Ok(target) => {
                state.overlay = None;
                go(state, data, target);
            }
            Err(why) => prompt.note = Some(why),
        },
        Action::Complete => complete(prompt, data),
        Action::Close => state.overlay = None,
        other => {
            edit(&mut prompt.text, other);
            prompt.note = None;
        }
    }
    Vec::new()
}

/// Completes the event id typed so far: all of it when one id fits, else as far as the ids that
/// fit agree, naming a few of them.
fn complete(prompt: &mut Prompt, data: &Data) {
    let typed = prompt.text.trim();
    let fits: Vec<&str> =
        data.timeline.events.iter().map(|e| e.id.as_str()).filter(|id| id.starts_with(typed)).collect();
    let Some(first) = fits.first() else {
        prompt.note = Some(format!("No event id starts with `{typed}`"));
        return;
    };
    let common = fits
        .iter()
        .fold(first.len(), |n, id| first.bytes().zip(id.bytes()).take(n).take_while(|(a, b)| a == b).count());
    prompt.text = first[..floor_char(first, common)].to_string();
    prompt.note = match fits.as_slice() {
        [_] => None,
        _ => {
            let few: Vec<&str> = fits.iter().take(4).copied().collect();
            let more = if fits.len() > 4 { ", …" } else { "" };
            Some(format!("{} ids: {}{more}", fits.len(), few.join(", ")))
        }
    };
}

/// The largest char boundary of `text` at or before `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The marks in order, for the list of marks: (letter, id).
pub fn listed(state: &State) -> Vec<(char, &str)> {
    state.marks.letters.iter().map(|(l, id)| (*l, id.as_str())).collect()
}

fn marks_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Marks(cursor)) = &mut state.overlay else { return Vec::new() };
    let count = state.marks.letters.len();
    match action {
        Action::MoveDown => *cursor = (*cursor + 1).min(count.saturating_sub(1)),
        Action::MoveUp => *cursor = cursor.saturating_sub(1),
        Action::Close => state.overlay = None,
        Action::Apply => {
            let letter = state.marks.letters.keys().nth(*cursor).copied();
            state.overlay = None;
            if let Some(letter) = letter {
                jump(state, data, letter);
            }
        }
        Action::DeleteMark => {
            let at = *cursor;
            *cursor = at.min(count.saturating_sub(2));
            if let Some(letter) = state.marks.letters.keys().nth(at).copied() {
                state.marks.letters.remove(&letter);
                return save(state, data);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// What came of reading the marks at start: added to those made meanwhile, which win.
pub fn marks_read(state: &mut State, read: Result<BTreeMap<char, String>, String>) {
    match read {
        Ok(marks) => {
            for (letter, id) in marks {
                state.marks.letters.entry(letter).or_insert(id);
            }
        }
        Err(why) => state.status = Some(why),
    }
}

/// After every message: asks for the marks once, lets `mark:` terms see the marks, and finds
/// again in a timeline read anew.
pub fn settle(state: &mut State, data: &Data) -> Vec<Effect> {
    let mut effects = Vec::new();
    if !state.marks.asked {
        state.marks.asked = true;
        effects.extend(data.marks_file.clone().map(|file| Effect::ReadMarks { file }));
    }
    if state.filter.marks != state.marks.letters {
        state.filter.marks = state.marks.letters.clone();
        if state.filter.uses_marks() {
            state.filter_changed(data);
        }
    }
    find::refresh(state, data);
    effects
}
