//! Everything that changes the browser's state, as values: what the user does, and what comes
//! back from work done elsewhere. `update` takes one at a time.

use super::action::Action;
use super::effect::Outcome;
use super::state::{Data, Filtered};
use crate::load::regular::Stamp;
use crate::model::SourceIx;

#[derive(Debug)]
pub enum Msg {
    /// A key, a click, pasted text or a new window size, read through the key map.
    Action(Action),
    /// A background filter finished: what filter number `generation` shows, or `None` if it was
    /// given up because the filter changed meanwhile.
    Filtered { generation: u64, result: Option<Filtered> },
    /// Background lanes finished: the lanes view of request `ask`.
    LanesLaidOut { ask: u64, view: Box<super::lanes_view::LanesView> },
    /// What came of writing an export.
    Written(Outcome),
    /// Opening or copying failed: why, in words.
    Failed(String),
    /// The timeline file changed on disk.
    FileChanged,
    /// No change came since change number `n`: the editor is done writing.
    Settled(u64),
    /// The file was read again: its stamp before the read, and the timeline or its errors.
    Reloaded(Box<Reread>),
    /// The editor ended; why it could not start, if it could not.
    EditorDone(Option<String>),
    /// A source's local copy was read, or found unreadable.
    ArchiveRead(SourceIx),
    /// Changes to the file cannot be watched: why.
    NotWatching(String),
    /// The marks kept for this timeline, letter to event id, or why they could not be read.
    MarksRead(Result<std::collections::BTreeMap<char, String>, String>),
    /// The marks were kept, or why they could not be.
    MarksSaved(Result<(), String>),
    /// What came of saving the event form.
    Saved(Box<super::form_state::Saved>),
    /// What came of undoing a save (`u`).
    Undone(Box<super::form_state::Undone>),
}

/// What reading the file again found. Travels boxed in `Msg::Reloaded`, so its size is no cost.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Reread {
    /// Touched but not changed (or changed back): the same size and time as last read.
    Unchanged,
    Read {
        stamp: Option<Stamp>,
        result: Result<Data, Vec<String>>,
    },
}
