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
    /// Ctrl-z: give the terminal back to the shell and stop until `fg`.
    Suspend,
    /// Esc: close the topmost overlay (or cancel what it was doing).
    Close,
    // Sources and the jump history.
    OpenSource,
    /// Open citation N (1-based) of the event.
    Citation(u8),
    SourceList,
    OpenExternal,
    CopyCitation,
    Back,
    Forward,
    NextPassage,
    PreviousPassage,
    SearchText,
    FilterBySource,
    // Selection and export.
    Select,
    Export,
    CopyExport,
    /// Read the file again now (it is also re-read whenever it changes).
    Reload,
    /// Open the file in the user's editor at the event under the cursor.
    Edit,
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
    /// The action's name in the settings file: `MoveDown`, `Citation1`.
    pub fn name(self) -> String {
        match self {
            Action::Citation(n) => format!("Citation{n}"),
            other => format!("{other:?}"),
        }
    }

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
            Action::Suspend => "suspend",
            Action::Close => "close",
            Action::ToggleInclude => "choose",
            Action::ToggleExclude => "exclude",
            Action::SwitchAnyAll => "any/all",
            Action::Apply => "apply",
            Action::OpenSource => "source",
            Action::SourceList => "sources",
            Action::OpenExternal => "open",
            Action::CopyCitation => "copy",
            Action::Back => "back",
            Action::Forward => "forward",
            Action::NextPassage => "next passage",
            Action::FilterBySource => "filter",
            Action::SearchText => "search",
            Action::Select => "select",
            Action::Export => "export",
            Action::Edit => "edit",
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
            Action::Suspend => "suspend to the shell (fg comes back)",
            Action::Close => "close / cancel",
            Action::OpenSource => "open the source of the event's first citation",
            Action::Citation(_) => "open the source of citation N",
            Action::SourceList => "list every source",
            Action::OpenExternal => "open the source's URL (or archive) in the system's opener",
            Action::CopyCitation => "copy the formatted citation (OSC 52)",
            Action::Back => "go back to where you were",
            Action::Forward => "go forward again",
            Action::NextPassage => "next passage of this source that the timeline cites",
            Action::PreviousPassage => "previous cited passage",
            Action::SearchText => "search the text",
            Action::FilterBySource => "show only the events citing this source",
            Action::Select => "start or end a selection (moving extends it)",
            Action::Export => "export the selection (or every shown event) to a file",
            Action::CopyExport => "copy the selection as Markdown (OSC 52)",
            Action::Reload => "read the file again (it is re-read by itself when it changes)",
            Action::Edit => "edit the file at this event ($VISUAL, else $EDITOR, else vi)",
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
