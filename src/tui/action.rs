//! Everything the browser can do, as values. The key map binds keys to these; `update` performs
//! them. `help` is the text the help overlay and the footer show.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    NextDate,
    PreviousDate,
    SwitchFocus,
    ActorPicker,
    TagPicker,
    QueryBar,
    ClearFilters,
    Help,
    Quit,
    /// Esc: close the topmost overlay (or cancel what it was doing).
    Close,
    // In the pickers.
    PickerDown,
    PickerUp,
    ToggleInclude,
    ToggleExclude,
    SwitchAnyAll,
    Apply,
    // In text inputs.
    Insert(char),
    DeleteBack,
    DeleteWord,
    ClearInput,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    // From the mouse and the terminal.
    ScrollDown,
    ScrollUp,
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
}

impl Action {
    /// A word or two for the footer.
    pub fn short(self) -> &'static str {
        match self {
            Action::ActorPicker => "actors",
            Action::TagPicker => "tags",
            Action::QueryBar => "query",
            Action::ClearFilters => "clear",
            Action::SwitchFocus => "focus",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Close => "close",
            Action::ToggleInclude => "choose",
            Action::ToggleExclude => "exclude",
            Action::SwitchAnyAll => "any/all",
            Action::Apply => "apply",
            other => other.help(),
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Action::MoveDown => "next event",
            Action::MoveUp => "previous event",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Top => "first event",
            Action::Bottom => "last event",
            Action::NextDate => "next date",
            Action::PreviousDate => "previous date",
            Action::SwitchFocus => "switch focus between list and detail",
            Action::ActorPicker => "filter by actor",
            Action::TagPicker => "filter by tag",
            Action::QueryBar => "query",
            Action::ClearFilters => "clear every filter",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Close => "close / cancel",
            Action::PickerDown => "next item",
            Action::PickerUp => "previous item",
            Action::ToggleInclude => "choose / unchoose",
            Action::ToggleExclude => "exclude / unexclude",
            Action::SwitchAnyAll => "any of / all of",
            Action::Apply => "apply",
            Action::Insert(_) => "type",
            Action::DeleteBack => "delete a character",
            Action::DeleteWord => "delete a word",
            Action::ClearInput => "clear the input",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorStart => "cursor to start",
            Action::CursorEnd => "cursor to end",
            Action::ScrollDown => "scroll down",
            Action::ScrollUp => "scroll up",
            Action::Click { .. } => "select",
            Action::Resize { .. } => "resize",
        }
    }
}
