//! What the event form holds while it is open (`Form`), and the saves made from it (`Saves`,
//! `Save`, `Undo`): values kept by `State` and carried by effects and messages, apart from the
//! part of `update` that changes them (`form`), which uses those.

use super::form_check::{self, Known, Problem, Slot};
use super::form_edit::{self, CiteValues, EventEdit, NewActor, Values};
use crate::model::Timeline;
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
    /// Where typing goes in the focused one-line field (or the chooser's input), in bytes.
    pub cursor: usize,
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
    /// The title a new event's id was made from: the id is made again only when it changes
    /// (finding a free id looks at every event), or after a reload (`None`).
    pub id_from: Option<String>,
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
    pub fn new(timeline: &Timeline, id: String, original: Option<Values>) -> Form {
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
            cursor: 0,
            choices: Vec::new(),
            choice: 0,
            created: Vec::new(),
            problems: Vec::new(),
            confirm: false,
            note: None,
            failed: Vec::new(),
            saving: false,
            known: Known::of(timeline),
            id_from: None,
        };
        form.cursor = form.values.when.len();
        form.check(timeline);
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

    pub fn text_mut(&mut self, slot: Slot) -> Option<&mut String> {
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

    pub fn chosen_mut(&mut self, slot: Slot) -> Option<&mut Vec<String>> {
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
    pub fn check(&mut self, timeline: &Timeline) {
        if self.original.is_none() && self.id_from.as_ref() != Some(&self.values.title) {
            self.id = new_id(&self.values.title, timeline);
            self.id_from = Some(self.values.title.clone());
        }
        self.problems = form_check::check(&self.values, &self.id, &self.created, &self.known);
    }

    pub fn move_focus(&mut self, forward: bool) {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0);
        let next = if forward { (at + 1) % slots.len() } else { (at + slots.len() - 1) % slots.len() };
        self.focus = slots[next];
        self.input.clear();
        self.choices.clear();
        self.choice = 0;
        self.cursor = self.text(self.focus).map_or(0, String::len);
    }

    /// A blank citation always ends the form: typing into it adds one.
    pub fn keep_a_spare_citation(&mut self) {
        if self.values.citations.last().is_none_or(|c| !c.is_blank()) {
            self.values.citations.push(CiteValues::default());
        }
    }
}

/// A new event's id: from its title, unique among the file's events.
fn new_id(title: &str, timeline: &Timeline) -> String {
    form_edit::unique_id(title, "event", |id| timeline.events.iter().any(|e| e.id.as_str() == id))
}
