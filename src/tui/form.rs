//! The event form: `i` for a new event, `E` for the event under the cursor. The part of `update`
//! for it: moving between fields, typing, choosing actors and sources, checking as it is typed
//! (`form_check`), saving as an `Effect` (`form_edit` makes the edit, `form_write` writes it) and
//! `u`, which undoes the last save made from the browser.

use super::action::Action;
use super::effect::Effect;
use super::form_check::{Known, Slot};
use super::form_edit::{self, NewActor, Values};
use super::form_state::{CHOICES, Choice, Form, Save, Saved, Undone};
use super::keymap::Mode;
use super::state::{Data, Overlay, State};
use crate::model::Status;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui_textarea::{CursorMove, TextArea};

/// `i`: the form for a new event.
pub fn open_new(state: &mut State, data: &Data) {
    if refused(state) {
        return;
    }
    let form = Form::new(&data.timeline, String::new(), None);
    state.overlay = Some(Overlay::Form(Box::new(form)));
}

/// `E`: the form filled with the event under the cursor.
pub fn open_current(state: &mut State, data: &Data) {
    if refused(state) {
        return;
    }
    let Some(ix) = state.current() else {
        state.status = Some("No event under the cursor to edit".into());
        return;
    };
    let event = data.event(ix);
    let form = Form::new(&data.timeline, event.id.to_string(), Some(Values::of(event, &data.timeline)));
    state.overlay = Some(Overlay::Form(Box::new(form)));
}

/// A file that did not load cannot be edited here: the writer would refuse it anyway.
fn refused(state: &mut State) -> bool {
    if state.banner.is_some() {
        let e = state.keymap.label(Mode::List, Action::Edit);
        state.status = Some(format!("The file has errors: fix them first ({e} opens it in the editor)"));
    }
    state.banner.is_some()
}

/// An action while the form is open.
pub fn action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = &mut state.overlay else { return Vec::new() };
    if form.confirm {
        form.confirm = false;
        if matches!(action, Action::Insert('y' | 'Y')) {
            state.overlay = None;
            state.status = Some("The changes were thrown away".into());
        }
        return Vec::new();
    }
    if form.saving {
        // The file is being written: nothing changes the form meanwhile.
        return Vec::new();
    }
    form.note = None;
    match action {
        Action::Close if form.changed() => form.confirm = true,
        Action::Close => state.overlay = None,
        Action::Save => return save(state, data),
        Action::NextField => form.move_focus(true),
        Action::PreviousField => form.move_focus(false),
        _ => {
            if edit(form, data, action) {
                form.failed.clear();
                form.keep_a_spare_citation();
                form.check(&data.timeline);
            }
        }
    }
    Vec::new()
}

/// Typing and choosing in the focused field; true if the form's values changed.
fn edit(form: &mut Form, data: &Data, action: Action) -> bool {
    match form.focus {
        Slot::Summary => summary(form, action),
        Slot::Status => status(form, action),
        Slot::Actors | Slot::ClaimedBy | Slot::Source(_) => chooser(form, data, action),
        slot => match (action, form.text_mut(slot)) {
            (Action::Apply, _) => {
                form.move_focus(true);
                false
            }
            (_, Some(_)) => typed_here(form, action),
            (_, None) => false,
        },
    }
}

/// Typing in the focused one-line field (or the chooser's input), at the form's cursor.
fn typed_here(form: &mut Form, action: Action) -> bool {
    let mut cursor = form.cursor;
    let changed = form.text_mut(form.focus).is_some_and(|text| typed(text, &mut cursor, action));
    form.cursor = cursor;
    changed
}

/// A one-line text: typing and deleting at `cursor` (a byte offset), and moving it; true if
/// the text changed.
fn typed(text: &mut String, cursor: &mut usize, action: Action) -> bool {
    *cursor = text.floor_char_boundary((*cursor).min(text.len()));
    let before = |text: &str, at: usize| text[..at].chars().next_back().map_or(0, char::len_utf8);
    match action {
        // A line break pasted into a one-line field.
        Action::Insert('\n') => return typed(text, cursor, Action::Insert(' ')),
        Action::Insert(c) => {
            text.insert(*cursor, c);
            *cursor += c.len_utf8();
        }
        Action::DeleteBack if *cursor > 0 => {
            *cursor -= before(text, *cursor);
            text.remove(*cursor);
        }
        Action::DeleteWord => {
            let start = text[..*cursor].trim_end().rfind([' ', ',']).map_or(0, |i| i + 1);
            text.replace_range(start..*cursor, "");
            *cursor = start;
        }
        Action::ClearInput => {
            text.clear();
            *cursor = 0;
        }
        Action::CursorLeft => *cursor -= before(text, *cursor),
        Action::CursorRight => *cursor += text[*cursor..].chars().next().map_or(0, char::len_utf8),
        Action::CursorStart => *cursor = 0,
        Action::CursorEnd => *cursor = text.len(),
        _ => return false,
    }
    !matches!(action, Action::CursorLeft | Action::CursorRight | Action::CursorStart | Action::CursorEnd)
}

/// The summary's editor: Enter is a new line, the arrows move.
fn summary(form: &mut Form, action: Action) -> bool {
    let area = &mut form.summary;
    let changed = match action {
        // A pasted line break.
        Action::Insert('\n') => {
            area.insert_newline();
            true
        }
        Action::Insert(c) => {
            area.insert_char(c);
            true
        }
        Action::Apply => {
            area.insert_newline();
            true
        }
        Action::DeleteBack => area.delete_char(),
        Action::DeleteWord => area.delete_word(),
        Action::ClearInput => area.delete_line_by_head(),
        Action::CursorLeft => moved(area, CursorMove::Back),
        Action::CursorRight => moved(area, CursorMove::Forward),
        Action::PickerUp => moved(area, CursorMove::Up),
        Action::PickerDown => moved(area, CursorMove::Down),
        Action::CursorStart => moved(area, CursorMove::Head),
        Action::CursorEnd => moved(area, CursorMove::End),
        _ => false,
    };
    if changed {
        form.values.summary = form.summary.lines().join("\n");
    }
    changed
}

fn moved(area: &mut TextArea, to: CursorMove) -> bool {
    area.move_cursor(to);
    false
}

/// The status: the arrows or Space step through the four, a letter picks the next it starts.
fn status(form: &mut Form, action: Action) -> bool {
    const ALL: [Status; 4] = [Status::Confirmed, Status::Reported, Status::Claimed, Status::Disputed];
    let at = ALL.iter().position(|&s| s == form.values.status).unwrap_or(1);
    let next = match action {
        Action::CursorRight | Action::Insert(' ') => ALL[(at + 1) % 4],
        Action::CursorLeft => ALL[(at + 3) % 4],
        // The next one with that letter: `c` goes to Claimed, then Confirmed.
        Action::Insert(c) => {
            match (1..=4).map(|d| ALL[(at + d) % 4]).find(|s| s.name().starts_with(c.to_ascii_uppercase())) {
                Some(s) => s,
                None => return false,
            }
        }
        Action::Apply => {
            form.move_focus(true);
            return false;
        }
        _ => return false,
    };
    form.values.status = next;
    true
}

/// The actors, claimed-by and source fields: what is typed narrows the choices; Enter takes the
/// highlighted one (or moves on when nothing is typed).
fn chooser(form: &mut Form, data: &Data, action: Action) -> bool {
    let slot = form.focus;
    let changed = match action {
        Action::PickerDown => {
            form.choice = (form.choice + 1).min(form.choices.len().saturating_sub(1));
            return false;
        }
        Action::PickerUp => {
            form.choice = form.choice.saturating_sub(1);
            return false;
        }
        Action::Apply if form.text(slot).is_none_or(|t| t.trim().is_empty()) || form.choices.is_empty() => {
            form.move_focus(true);
            return false;
        }
        Action::Apply => take(form, data),
        // Deleting in an empty actor chooser takes back the last actor chosen.
        Action::DeleteBack if form.input.is_empty() && !matches!(slot, Slot::Source(_)) => {
            form.chosen_mut(slot).and_then(Vec::pop).is_some()
        }
        // What is typed in an actor chooser only narrows the choices; a source is typed in place.
        _ => match slot {
            Slot::Source(_) => typed_here(form, action),
            _ => {
                typed_here(form, action);
                false
            }
        },
    };
    form.choices = choices(form, data);
    form.choice = form.choice.min(form.choices.len().saturating_sub(1));
    changed
}

/// Takes the highlighted choice into the focused field.
fn take(form: &mut Form, data: &Data) -> bool {
    let Some(choice) = form.choices.get(form.choice).cloned() else { return false };
    let id = match choice {
        Choice::Known { id, .. } => id,
        Choice::Create(name) => {
            let taken =
                |id: &str| data.timeline.actors.iter().any(|a| a.id == id) || form.created.iter().any(|a| a.id == id);
            let id = form_edit::unique_id(&name, "actor", taken);
            form.created.push(NewActor { id: id.clone(), name });
            id
        }
    };
    match form.focus {
        Slot::Source(n) => {
            if let Some(cite) = form.values.citations.get_mut(n) {
                cite.source = id;
            }
            form.move_focus(true);
        }
        slot => {
            if let Some(chosen) = form.chosen_mut(slot)
                && !chosen.contains(&id)
            {
                chosen.push(id);
            }
            form.input.clear();
            form.cursor = 0;
        }
    }
    true
}

/// What the focused chooser offers for what is typed: the best matches, by the names the actor
/// picker matches (id, name, aliases) and as it ranks them, or a source's id and title; for
/// actors, "create".
fn choices(form: &Form, data: &Data) -> Vec<Choice> {
    let typed = form.text(form.focus).map_or("", |t| t.trim());
    if typed.is_empty() {
        return Vec::new();
    }
    let t = &data.timeline;
    let items: Vec<(String, String, Vec<&str>)> = match form.focus {
        Slot::Source(_) => {
            t.sources.iter().map(|s| (s.id.clone(), s.title.clone(), vec![s.id.as_str(), s.title.as_str()])).collect()
        }
        _ => {
            let known = t.actors.iter().map(|a| (a.id.clone(), a.name.clone(), a.handles().collect()));
            let created =
                form.created.iter().map(|a| (a.id.clone(), a.name.clone(), vec![a.id.as_str(), a.name.as_str()]));
            known.chain(created).collect()
        }
    };
    let pattern = Pattern::parse(typed, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, (_, _, names))| {
            names.iter().filter_map(|n| pattern.score(Utf32Str::new(n, &mut buf), &mut matcher)).max().map(|s| (s, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // "create" comes last, unless an actor goes by exactly what is typed: a fuzzy match of a
    // few letters must not keep a new actor from being made.
    let exact = items.iter().any(|(_, _, names)| names.iter().any(|n| n.to_lowercase() == typed.to_lowercase()));
    let create = !matches!(form.focus, Slot::Source(_)) && !exact;
    let known = CHOICES - usize::from(create);
    let mut out: Vec<Choice> = scored
        .into_iter()
        .take(known)
        .map(|(_, i)| Choice::Known { id: items[i].0.clone(), label: items[i].1.clone() })
        .collect();
    if create {
        out.push(Choice::Create(typed.to_string()));
    }
    out
}

/// Ctrl-s: the edit, to be written by the runner; refused while a field has an error.
fn save(state: &mut State, data: &Data) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = &mut state.overlay else { return Vec::new() };
    let errors = form.problems.iter().filter(|p| p.error).count();
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        form.note = Some(format!("Not saved: fix the {errors} error{s} marked ✗ first"));
        return Vec::new();
    }
    let Some(edit) = form_edit::edit(&form.values, form.original.as_ref(), &form.id, &form.created) else {
        state.overlay = None;
        state.status = Some("Nothing changed: the file is as it was".into());
        return Vec::new();
    };
    form.saving = true;
    form.note = Some("Saving…".into());
    let title = form.values.title.trim().to_string();
    vec![Effect::SaveEvent(Box::new(Save { path: data.path.clone(), edit, id: form.id.clone(), title }))]
}

/// What came of a save: the form closes and the file is read again, with the cursor to go to
/// the event; or the form stays open with the writer's reasons.
pub fn saved(state: &mut State, saved: Saved) -> Vec<Effect> {
    let form = match &mut state.overlay {
        Some(Overlay::Form(form)) if form.saving => Some(form),
        _ => None,
    };
    match saved {
        Ok(undo) => {
            let id = form.map(|f| f.id.clone());
            if id.is_some() {
                state.overlay = None;
            }
            let u = state.keymap.label(Mode::List, Action::Undo);
            state.status = Some(format!("Saved “{}” ({u} undoes it)", crate::text::clean_line(&undo.title)));
            state.saves.show = id;
            state.saves.undo.push(undo);
            super::reload::read(state, true)
        }
        Err(reasons) => {
            match form {
                Some(form) => {
                    form.saving = false;
                    form.note = None;
                    form.failed = reasons;
                }
                None => state.status = reasons.into_iter().next(),
            }
            Vec::new()
        }
    }
}

/// `u`: writes back the file as it was before the last save made from the browser.
pub fn undo(state: &mut State) -> Vec<Effect> {
    match state.saves.undo.pop() {
        Some(undo) => {
            state.status = Some(format!("Undoing the save of “{}”…", crate::text::clean_line(&undo.title)));
            vec![Effect::Undo(Box::new(undo))]
        }
        None => {
            state.status = Some("Nothing to undo: no save made from the browser is left to undo".into());
            Vec::new()
        }
    }
}

/// What came of an undo.
pub fn undone(state: &mut State, undone: Undone) -> Vec<Effect> {
    match undone {
        Ok(undo) => {
            state.status = Some(format!("Undid the save of “{}”", crate::text::clean_line(&undo.title)));
            super::reload::read(state, true)
        }
        Err((undo, why)) => {
            state.status = Some(why);
            state.saves.undo.push(undo);
            Vec::new()
        }
    }
}

/// After the file was read again: the cursor goes to the event just saved, and an open form is
/// checked against the new reading (its actors and sources may have changed).
pub fn reloaded(state: &mut State, data: &Data) {
    if let Some(Overlay::Form(form)) = &mut state.overlay {
        form.known = Known::of(&data.timeline);
        form.id_from = None;
        form.check(&data.timeline);
    }
    let Some(id) = state.saves.show.take() else { return };
    let Some(ix) = data.timeline.events.iter().position(|e| e.id.as_str() == id) else { return };
    if state.counting() {
        state.keep = Some(ix);
        return;
    }
    match state.shown.binary_search(&ix) {
        Ok(pos) => {
            state.cursor = pos;
            state.detail_scroll = 0;
        }
        Err(_) => {
            let key = |action| state.keymap.label(Mode::List, action);
            let (c, u) = (key(Action::ClearFilters), key(Action::Undo));
            let title = crate::text::clean_line(&data.event(ix).title).into_owned();
            state.status =
                Some(format!("Saved “{title}”, which the filter hides ({c} clears every filter, {u} undoes the save)"));
        }
    }
}
