//! The event form: `i` for a new event, `E` for the event under the cursor. The part of `update`
//! for it: moving between fields, typing, choosing actors and sources, checking as it is typed
//! (`form_check`), saving as an `Effect` (`form_edit` makes the edit, `form_write` writes it) and
//! `u`, which undoes the last save made from the browser.

use super::action::Action;
use super::effect::Effect;
use super::form_check::{self, Known, Problem, Slot};
use super::form_edit::{self, CiteValues, EventEdit, NewActor, Values};
use super::keymap::Mode;
use super::state::{Data, Overlay, State};
use crate::model::Status;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui_textarea::{CursorMove, TextArea};

/// The most choices a chooser lists under its field.
pub const CHOICES: usize = 4;

/// The form while it is open.
#[derive(Clone, Debug)]
pub struct Form {
    /// The event's id: kept when editing, made from the title for a new one.
    pub id: String,
    /// The event as it was, when editing one (`E`).
    pub original: Option<Values>,
    /// What the form held when it opened: a change is anything else.
    pub opened: Values,
    pub values: Values,
    /// The summary's editor; `values.summary` follows it once it is edited.
    pub summary: TextArea<'static>,
    pub focus: Slot,
    /// What is typed in the actors or claimed-by chooser, to pick an actor by.
    pub input: String,
    /// What the chooser of the focused field offers for what is typed.
    pub choices: Vec<Choice>,
    pub choice: usize,
    /// Actors made with "create", written with the event.
    pub created: Vec<NewActor>,
    /// What the loader says of the form's event, at each field.
    pub problems: Vec<Problem>,
    /// Esc was pressed with changes: waiting for `y` to throw them away.
    pub confirm: bool,
    /// A note for the user: why the save was refused, or that it is being written.
    pub note: Option<String>,
    /// The writer refused the save: its diagnostics.
    pub failed: Vec<String>,
    pub saving: bool,
    pub known: Known,
}

/// An item a chooser offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// An actor or a source: its id and what to show.
    Known { id: String, label: String },
    /// A new actor of this name.
    Create(String),
}

/// Saves made from the browser, for `u`; and the event a save showed, for the reload to put the
/// cursor on.
#[derive(Clone, Debug, Default)]
pub struct Saves {
    pub undo: Vec<Undo>,
    pub show: Option<String>,
}

/// What undoing one save takes: the file's bytes before it, and after it (an undo writes the
/// old bytes back only over the file as the save left it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undo {
    pub path: std::path::PathBuf,
    pub title: String,
    pub before: std::sync::Arc<Vec<u8>>,
    pub after: std::sync::Arc<Vec<u8>>,
}

/// A save to perform: the edit, on the file at `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Save {
    pub path: std::path::PathBuf,
    pub edit: EventEdit,
    pub id: String,
    pub title: String,
}

/// What came of a save: the undo it allows, or the writer's diagnostics in words.
pub type Saved = Result<Undo, Vec<String>>;

/// What came of an undo: the save undone, or why not (and the save, still to undo).
pub type Undone = Result<Undo, (Undo, String)>;

impl Form {
    fn new(data: &Data, id: String, original: Option<Values>) -> Form {
        let mut values = original.clone().unwrap_or_default();
        values.citations.push(CiteValues::default());
        // Lines for the editor, cleaned: text from the file is shown only cleaned. The file's own
        // text is kept in `values` until the summary is edited.
        let lines: Vec<String> = values.summary.split('\n').map(|l| crate::text::clean_line(l).into_owned()).collect();
        let mut summary = TextArea::new(lines);
        summary.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        summary.set_cursor_line_style(ratatui::style::Style::new());
        summary.move_cursor(CursorMove::Bottom);
        summary.move_cursor(CursorMove::End);
        let mut form = Form {
            id,
            original,
            opened: values.clone(),
            values,
            summary,
            focus: Slot::When,
            input: String::new(),
            choices: Vec::new(),
            choice: 0,
            created: Vec::new(),
            problems: Vec::new(),
            confirm: false,
            note: None,
            failed: Vec::new(),
            saving: false,
            known: Known::of(data),
        };
        form.check(data);
        form
    }

    /// Anything changed since the form opened.
    pub fn changed(&self) -> bool {
        self.values.fields() != self.opened.fields() || !self.created.is_empty()
    }

    /// The places of the form, top to bottom: the fields, then three per citation, the last
    /// of which is blank to add one.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![
            Slot::When,
            Slot::Title,
            Slot::Actors,
            Slot::ClaimedBy,
            Slot::Status,
            Slot::Tags,
            Slot::Place,
            Slot::Summary,
        ];
        for n in 0..self.values.citations.len() {
            slots.extend([Slot::Source(n), Slot::Locator(n), Slot::Quote(n)]);
        }
        slots
    }

    /// The text of a one-line field, to type into.
    pub fn text(&self, slot: Slot) -> Option<&String> {
        let v = &self.values;
        match slot {
            Slot::When => Some(&v.when),
            Slot::Title => Some(&v.title),
            Slot::Tags => Some(&v.tags),
            Slot::Place => Some(&v.place),
            Slot::Source(n) => v.citations.get(n).map(|c| &c.source),
            Slot::Locator(n) => v.citations.get(n).map(|c| &c.at),
            Slot::Quote(n) => v.citations.get(n).map(|c| &c.quote),
            Slot::Actors | Slot::ClaimedBy => Some(&self.input),
            Slot::Status | Slot::Summary => None,
        }
    }

    fn text_mut(&mut self, slot: Slot) -> Option<&mut String> {
        let v = &mut self.values;
        match slot {
            Slot::When => Some(&mut v.when),
            Slot::Title => Some(&mut v.title),
            Slot::Tags => Some(&mut v.tags),
            Slot::Place => Some(&mut v.place),
            Slot::Source(n) => v.citations.get_mut(n).map(|c| &mut c.source),
            Slot::Locator(n) => v.citations.get_mut(n).map(|c| &mut c.at),
            Slot::Quote(n) => v.citations.get_mut(n).map(|c| &mut c.quote),
            Slot::Actors | Slot::ClaimedBy => Some(&mut self.input),
            Slot::Status | Slot::Summary => None,
        }
    }

    /// The actor ids of a chooser of actors.
    pub fn chosen(&self, slot: Slot) -> &[String] {
        match slot {
            Slot::Actors => &self.values.actors,
            Slot::ClaimedBy => &self.values.claimed_by,
            _ => &[],
        }
    }

    fn chosen_mut(&mut self, slot: Slot) -> Option<&mut Vec<String>> {
        match slot {
            Slot::Actors => Some(&mut self.values.actors),
            Slot::ClaimedBy => Some(&mut self.values.claimed_by),
            _ => None,
        }
    }

    /// The problems the loader finds at `slot`.
    pub fn problems_at(&self, slot: Slot) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.slot == Some(slot))
    }

    /// Checks the form again, after a change.
    fn check(&mut self, data: &Data) {
        if self.original.is_none() {
            self.id = new_id(&self.values.title, data);
        }
        self.problems = form_check::check(&self.values, &self.id, &self.created, &self.known);
    }

    fn move_focus(&mut self, forward: bool) {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0);
        let next = if forward { (at + 1) % slots.len() } else { (at + slots.len() - 1) % slots.len() };
        self.focus = slots[next];
        self.input.clear();
        self.choices.clear();
        self.choice = 0;
    }

    /// A blank citation always ends the form: typing into it adds one.
    fn keep_a_spare_citation(&mut self) {
        if self.values.citations.last().is_none_or(|c| !c.is_blank()) {
            self.values.citations.push(CiteValues::default());
        }
    }
}

/// `i`: the form for a new event.
pub fn open_new(state: &mut State, data: &Data) {
    if refused(state) {
        return;
    }
    let form = Form::new(data, String::new(), None);
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
    let form = Form::new(data, event.id.to_string(), Some(Values::of(event, data)));
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

/// A new event's id: from its title, unique among the file's events.
fn new_id(title: &str, data: &Data) -> String {
    form_edit::unique_id(title, "event", |id| data.timeline.events.iter().any(|e| e.id.as_str() == id))
}

/// An action while the form is open.
pub fn action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = &mut state.overlay else { return Vec::new() };
    if form.confirm {
        form.confirm = false;
        if action == Action::Insert('y') {
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
                form.check(data);
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
            (_, Some(text)) => typed(text, action),
            (_, None) => false,
        },
    }
}

/// A one-line text: typing, deleting; true if it changed.
fn typed(text: &mut String, action: Action) -> bool {
    match action {
        Action::Insert(c) => text.push(c),
        Action::DeleteBack => return text.pop().is_some(),
        Action::DeleteWord => {
            let kept = text.trim_end().rfind([' ', ',']).map_or(0, |i| i + 1);
            text.truncate(kept);
        }
        Action::ClearInput => text.clear(),
        _ => return false,
    }
    true
}

/// The summary's editor: Enter is a new line, the arrows move.
fn summary(form: &mut Form, action: Action) -> bool {
    let area = &mut form.summary;
    let changed = match action {
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
            Slot::Source(_) => form.text_mut(slot).is_some_and(|text| typed(text, action)),
            _ => {
                typed(&mut form.input, action);
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
            form.known = Known::of(data);
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
        }
    }
    true
}

/// What the focused chooser offers for what is typed: the best matches, by the names the actor
/// picker matches (id, name, aliases) or a source's id and title; for actors, "create" when
/// nothing matches.
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
    let mut out: Vec<Choice> = scored
        .into_iter()
        .take(CHOICES)
        .map(|(_, i)| Choice::Known { id: items[i].0.clone(), label: items[i].1.clone() })
        .collect();
    if out.is_empty() && !matches!(form.focus, Slot::Source(_)) {
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
        form.known = Known::of(data);
        form.check(data);
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
            let c = state.keymap.label(Mode::List, Action::ClearFilters);
            state.status = Some(format!("Saved; the filter hides the event ({c} clears every filter)"));
        }
    }
}
