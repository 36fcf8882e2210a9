//! Everything the browser can do, as values. The key map binds keys to these; `update` performs
//! them. Each action's name in the settings file, its word for the footer and its help sit
//! together in `Action::describe`; the names are a promise to users' settings files, pinned by
//! a test, and never derived from the variant's name.

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
    OpenWayback,
    OpenCopy,
    CopyCitation,
    Back,
    Forward,
    NextPassage,
    PreviousPassage,
    SearchText,
    FilterBySource,
    /// `]`: the citation cursor to the event's next citation.
    NextCitation,
    /// `[`: the citation cursor to the previous citation.
    PreviousCitation,
    /// Enter: open the source of the citation under the citation cursor (the first if none).
    OpenCitation,
    /// `!`: every error of a file that failed to load, as `timeline check` prints them.
    Diagnostics,
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
    // In the export dialog.
    NextField,
    PreviousField,
    ChangeField,
    // In text inputs.
    Insert(char),
    DeleteBack,
    DeleteWord,
    ClearInput,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    // Going to, finding and marking.
    /// `:`: go to a date, an event id or a time from the anchor.
    GoTo,
    /// Complete the event id typed in the go-to prompt.
    Complete,
    /// Ctrl-f: find events, moving to them without filtering.
    Find,
    FindNext,
    FindPrevious,
    /// `m` then a letter: mark the event under the cursor.
    Mark,
    /// `'` then a letter: go back to a marked event; `''` lists the marks.
    JumpToMark,
    /// In the list of marks: forget the mark under the cursor.
    DeleteMark,
    /// In the actor picker: choose who claims the events instead of who takes part, or back.
    SwitchClaims,
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
    // How the list is laid out.
    /// Hide or show the detail pane: the list takes the width.
    ToggleDetail,
    /// Wrap long titles onto a second and third line, or cut them to one.
    WrapTitles,
    // The time axis.
    ZoomIn,
    ZoomOut,
    ZoomToFit,
    SwitchScale,
    // The lanes view.
    /// `L`: the list becomes lanes by actor, then by tag, by status, by source, and the list again.
    SwitchLanes,
    /// In the lanes: the event before or after the cursor's in time.
    PreviousEvent,
    NextEvent,
    /// In the lanes: the nearest event in time in the lane below or above.
    NextLane,
    PreviousLane,
    // Replaying what was known.
    /// `A`: set the as-of date (a prompt), or `off`.
    AsOf,
    /// `(`: the as-of date one step of the time axis earlier.
    AsOfEarlier,
    /// `)`: the as-of date one step of the time axis later.
    AsOfLater,
    // Adding and editing events in the browser.
    /// `i`: a form for a new event.
    NewEvent,
    /// `E`: the form filled with the event under the cursor.
    EditEvent,
    /// Ctrl-s in the form: write it into the file.
    Save,
    /// `u`: undo the last save made from the browser.
    Undo,
}

impl Action {
    /// The action's name in the settings file (`MoveDown`, `Citation1`), a word or two for the
    /// footer, and its help.
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Action::MoveDown => ("MoveDown", "next event", "next event"),
            Action::MoveUp => ("MoveUp", "previous event", "previous event"),
            Action::PageDown => ("PageDown", "page down", "page down"),
            Action::PageUp => ("PageUp", "page up", "page up"),
            Action::Top => ("Top", "first event", "first event"),
            Action::Bottom => ("Bottom", "last event", "last event"),
            Action::NextDate => ("NextDate", "next date", "next date"),
            Action::PreviousDate => ("PreviousDate", "previous date", "previous date"),
            Action::SwitchFocus => ("SwitchFocus", "focus", "switch focus between list and detail"),
            Action::ActorPicker => ("ActorPicker", "actors", "filter by actor"),
            Action::TagPicker => ("TagPicker", "tags", "filter by tag"),
            Action::QueryBar => ("QueryBar", "query", "query"),
            Action::ClearFilters => ("ClearFilters", "clear", "clear every filter"),
            Action::Help => ("Help", "more", "help"),
            Action::Quit => ("Quit", "quit", "quit"),
            Action::Suspend => ("Suspend", "suspend", "suspend to the shell (fg comes back)"),
            Action::Close => ("Close", "close", "close / cancel"),
            Action::OpenSource => ("OpenSource", "source", "open the source of the event's first citation"),
            Action::Citation(n) => (
                CITATIONS[(n as usize).clamp(1, 9) - 1],
                "open the source of citation N",
                "open the source of citation N",
            ),
            Action::SourceList => ("SourceList", "sources", "list every source"),
            Action::OpenExternal => {
                ("OpenExternal", "open", "open the source's URL (or archive) in the system's opener")
            }
            Action::OpenWayback => {
                ("OpenWayback", "wayback", "open the source's URL on the Wayback Machine (web.archive.org)")
            }
            Action::OpenCopy => {
                ("OpenCopy", "local copy", "open the source's local copy (the page or PDF as captured, else its text)")
            }
            Action::CopyCitation => ("CopyCitation", "copy", "copy the formatted citation (OSC 52)"),
            Action::Back => ("Back", "back", "go back to where you were"),
            Action::Forward => ("Forward", "forward", "go forward again"),
            Action::NextPassage => {
                ("NextPassage", "next passage", "next passage of this source that the timeline cites")
            }
            Action::PreviousPassage => ("PreviousPassage", "previous cited passage", "previous cited passage"),
            Action::SearchText => ("SearchText", "search", "search the text"),
            Action::FilterBySource => ("FilterBySource", "filter", "show only the events citing this source"),
            Action::NextCitation => {
                ("NextCitation", "next citation", "detail cursor to the next source, then the links")
            }
            Action::PreviousCitation => {
                ("PreviousCitation", "previous citation", "detail cursor to the previous link or source")
            }
            Action::OpenCitation => (
                "OpenCitation",
                "open citation",
                "open the source under the detail cursor (else the first), or follow its link",
            ),
            Action::Diagnostics => ("Diagnostics", "errors", "every error of the file as `timeline check` prints them"),
            Action::Select => ("Select", "select", "start or end a selection (moving extends it)"),
            Action::Export => ("Export", "export", "export the selection (or every shown event) to a file"),
            Action::CopyExport => {
                ("CopyExport", "copy the selection as Markdown (OSC 52)", "copy the selection as Markdown (OSC 52)")
            }
            Action::Reload => (
                "Reload",
                "read the file again (it is re-read by itself when it changes)",
                "read the file again (it is re-read by itself when it changes)",
            ),
            Action::Edit => ("Edit", "edit", "edit the file at this event ($VISUAL, else $EDITOR, else vi)"),
            Action::PickerDown => ("PickerDown", "next item", "next item"),
            Action::PickerUp => ("PickerUp", "previous item", "previous item"),
            Action::ToggleInclude => ("ToggleInclude", "choose", "choose / unchoose"),
            Action::ToggleExclude => ("ToggleExclude", "exclude", "exclude / unexclude"),
            Action::SwitchAnyAll => ("SwitchAnyAll", "any/all", "any of / all of"),
            Action::Apply => ("Apply", "apply", "apply"),
            Action::Insert(_) => ("Insert", "type", "type"),
            Action::DeleteBack => ("DeleteBack", "delete a character", "delete a character"),
            Action::DeleteWord => ("DeleteWord", "delete a word", "delete a word"),
            Action::ClearInput => ("ClearInput", "clear the input", "clear the input"),
            Action::CursorLeft => ("CursorLeft", "cursor left", "cursor left"),
            Action::CursorRight => ("CursorRight", "cursor right", "cursor right"),
            Action::CursorStart => ("CursorStart", "cursor to start", "cursor to start"),
            Action::CursorEnd => ("CursorEnd", "cursor to end", "cursor to end"),
            Action::ScrollDown => ("ScrollDown", "scroll down", "scroll down"),
            Action::ScrollUp => ("ScrollUp", "scroll up", "scroll up"),
            Action::Click { .. } => ("Click", "select", "select"),
            Action::Resize { .. } => ("Resize", "resize", "resize"),
            Action::NextField => ("NextField", "next field", "next field"),
            Action::PreviousField => ("PreviousField", "previous field", "previous field"),
            Action::GoTo => {
                ("GoTo", "go to", "go to a date (2024-03-22), an event id or a time from the anchor (T-2w)")
            }
            Action::Complete => ("Complete", "complete", "complete the event id"),
            Action::Find => ("Find", "find", "find events (moves without filtering; the query language works)"),
            Action::FindNext => ("FindNext", "next match", "next match of the find"),
            Action::FindPrevious => ("FindPrevious", "previous match", "previous match of the find"),
            Action::Mark => ("Mark", "mark", "mark the event with the letter typed next"),
            Action::JumpToMark => {
                ("JumpToMark", "marks", "go to the event marked with the letter typed next ('' lists the marks)")
            }
            Action::DeleteMark => ("DeleteMark", "delete", "forget the mark"),
            Action::SwitchClaims => ("SwitchClaims", "takes part/claims", "choose who takes part / who claims"),
            Action::ToggleDetail => {
                ("ToggleDetail", "detail", "hide or show the detail pane (the list takes the width)")
            }
            Action::WrapTitles => ("WrapTitles", "wrap", "wrap long titles onto three lines, or cut them to one"),
            Action::ZoomIn => ("ZoomIn", "zoom in", "zoom the time axis in, around the event under the cursor"),
            Action::ZoomOut => ("ZoomOut", "zoom out", "zoom the time axis out"),
            Action::ZoomToFit => ("ZoomToFit", "fit", "fit the time axis to the shown events"),
            Action::SwitchScale => (
                "SwitchScale",
                "scale",
                "switch the whole time axis between cutting long empty stretches (┆) and a plain scale",
            ),
            Action::SwitchLanes => {
                ("SwitchLanes", "lanes", "lanes by actor, by tag, by status, by source, and back to the list")
            }
            Action::PreviousEvent => ("PreviousEvent", "earlier", "previous event in time"),
            Action::NextEvent => ("NextEvent", "later", "next event in time"),
            Action::NextLane => ("NextLane", "next lane", "the nearest event in time in the next lane"),
            Action::PreviousLane => ("PreviousLane", "previous lane", "the nearest event in time in the previous lane"),
            Action::AsOf => {
                ("AsOf", "as of", "show only what was known by a date (a prompt; `off` shows everything again)")
            }
            Action::AsOfEarlier => (
                "AsOfEarlier",
                "known earlier",
                "the as-of date a step of the time axis earlier (from the cursor's date)",
            ),
            Action::AsOfLater => {
                ("AsOfLater", "known later", "the as-of date a step of the time axis later (from the cursor's date)")
            }
            Action::NewEvent => ("NewEvent", "new event", "add an event in a form (written into the file)"),
            Action::EditEvent => ("EditEvent", "edit in a form", "edit the event under the cursor in a form"),
            Action::Save => ("Save", "save", "save the event into the file"),
            Action::Undo => ("Undo", "undo", "undo the last save made from the browser (the file as it was)"),
            Action::ChangeField => {
                ("ChangeField", "change", "change the field: the next format, on or off, or a space in the path")
            }
        }
    }

    /// The action's name in the settings file.
    pub fn name(self) -> &'static str {
        self.describe().0
    }

    /// A word or two for the footer.
    pub fn short(self) -> &'static str {
        self.describe().1
    }

    pub fn help(self) -> &'static str {
        self.describe().2
    }
}

const CITATIONS: [&str; 9] = [
    "Citation1",
    "Citation2",
    "Citation3",
    "Citation4",
    "Citation5",
    "Citation6",
    "Citation7",
    "Citation8",
    "Citation9",
];
