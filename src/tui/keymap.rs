//! Keys to actions, per mode, as data. The help overlay and the footer are generated from this
//! table, so they cannot go stale.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    List,
    Detail,
    Picker,
    Query,
    Help,
    /// The source view.
    Source,
    /// The list of sources.
    Sources,
    /// Typing a search in the source's text.
    Search,
    /// The export dialog.
    Export,
    /// The list of a broken file's errors (`!`).
    Diagnostics,
    /// The go-to prompt.
    GoTo,
    /// The find prompt.
    Find,
    /// `m` was pressed: waiting for the mark's letter.
    Mark,
    /// `'` was pressed: waiting for a mark's letter, or `'` for the list of marks.
    Jump,
    /// The list of marks.
    Marks,
    /// The lanes view (`L`): the list's keys, but for those it binds itself.
    Lanes,
    /// The as-of prompt (`A`).
    AsOf,
    /// The event form (`i`, `E`).
    Form,
}

impl Mode {
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "Event list and detail pane",
            Mode::Detail => "Detail pane",
            Mode::Picker => "Actor and tag pickers",
            Mode::Query => "Query bar",
            Mode::Help => "Help",
            Mode::Source => "Source view",
            Mode::Sources => "Source list",
            Mode::Search => "Search in a source's text",
            Mode::Export => "Export dialog",
            Mode::Diagnostics => "Errors of the file",
            Mode::GoTo => "Go to",
            Mode::Find => "Find",
            Mode::Mark => "Mark (then a letter)",
            Mode::Jump => "Go to a mark (then a letter, or ' for the list)",
            Mode::Marks => "List of marks",
            Mode::Lanes => "Lanes view (the list's keys, and these)",
            Mode::AsOf => "As of (a date, or off)",
            Mode::Form => "Event form (i: a new event; E: the event under the cursor)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn of(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    const fn ch(c: char) -> Key {
        Key::of(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: true }
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key { code: event.code, ctrl: event.modifiers.contains(KeyModifiers::CONTROL) }
    }

    /// A key as the settings file writes it: `j`, `G`, `Down`, `PageDown`, `Enter`, `Space`,
    /// `Ctrl-o`.
    pub fn parse(text: &str) -> Option<Key> {
        if let Some(rest) = text.strip_prefix("Ctrl-").or_else(|| text.strip_prefix("ctrl-")) {
            let mut chars = rest.chars();
            let c = chars.next()?;
            return chars.next().is_none().then_some(Key::ctrl(c.to_ascii_lowercase()));
        }
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.clone().next()) {
            return Some(Key::ch(c));
        }
        let code = match text.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "down" => KeyCode::Down,
            "up" => KeyCode::Up,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "pageup" | "pgup" => KeyCode::PageUp,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" | "bksp" => KeyCode::Backspace,
            _ => return None,
        };
        Some(Key::of(code))
    }

    /// The key as the settings file writes it; `parse` reads it back.
    pub fn setting(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::PageDown => "PageDown".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("Ctrl-{name}") } else { name }
    }

    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Bksp".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("Ctrl-{name}") } else { name }
    }
}

pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    /// Shown in the footer of its modes.
    pub footer: bool,
}

const BROWSE: &[Mode] = &[Mode::List, Mode::Detail];
const INPUT: &[Mode] =
    &[Mode::Picker, Mode::Query, Mode::Search, Mode::Export, Mode::GoTo, Mode::Find, Mode::AsOf, Mode::Form];
/// Modes that wait for one character, which is typed rather than bound.
const AWAITING: &[Mode] = &[Mode::Mark, Mode::Jump];
const ALL: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Lanes,
    Mode::Picker,
    Mode::Query,
    Mode::Help,
    Mode::Source,
    Mode::Sources,
    Mode::Search,
    Mode::Export,
    Mode::Diagnostics,
    Mode::GoTo,
    Mode::Find,
    Mode::Mark,
    Mode::Jump,
    Mode::Marks,
    Mode::AsOf,
    Mode::Form,
];
const READING: &[Mode] = &[Mode::Source, Mode::Sources];
const JUMPING: &[Mode] = &[Mode::List, Mode::Detail, Mode::Source];
/// Overlays that only scroll.
const SCROLLING: &[Mode] = &[Mode::Help, Mode::Diagnostics];
pub const ALL_MODES: &[Mode] = ALL;

const fn bind(modes: &'static [Mode], keys: &'static [Key], action: Action, footer: bool) -> Binding {
    Binding { modes, keys, action, footer }
}

pub const BINDINGS: &[Binding] = &[
    bind(
        &[Mode::List, Mode::Detail, Mode::Source, Mode::Sources],
        &[Key::ch('j'), Key::of(KeyCode::Down)],
        Action::MoveDown,
        false,
    ),
    bind(
        &[Mode::List, Mode::Detail, Mode::Source, Mode::Sources],
        &[Key::ch('k'), Key::of(KeyCode::Up)],
        Action::MoveUp,
        false,
    ),
    bind(
        &[Mode::List, Mode::Detail, Mode::Source],
        &[Key::of(KeyCode::PageDown), Key::ctrl('d')],
        Action::PageDown,
        false,
    ),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::of(KeyCode::PageUp), Key::ctrl('u')], Action::PageUp, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('g'), Key::of(KeyCode::Home)], Action::Top, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('G'), Key::of(KeyCode::End)], Action::Bottom, false),
    bind(BROWSE, &[Key::ch('}')], Action::NextDate, false),
    bind(BROWSE, &[Key::ch('{')], Action::PreviousDate, false),
    bind(BROWSE, &[Key::ch('a')], Action::ActorPicker, true),
    bind(BROWSE, &[Key::ch('t')], Action::TagPicker, true),
    bind(BROWSE, &[Key::ch('/')], Action::QueryBar, true),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('c')], Action::ClearFilters, true),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::of(KeyCode::Tab)], Action::SwitchFocus, true),
    bind(BROWSE, &[Key::ch('s')], Action::OpenSource, true),
    bind(BROWSE, &[Key::ch('1')], Action::Citation(1), false),
    bind(BROWSE, &[Key::ch('2')], Action::Citation(2), false),
    bind(BROWSE, &[Key::ch('3')], Action::Citation(3), false),
    bind(BROWSE, &[Key::ch('4')], Action::Citation(4), false),
    bind(BROWSE, &[Key::ch('5')], Action::Citation(5), false),
    bind(BROWSE, &[Key::ch('6')], Action::Citation(6), false),
    bind(BROWSE, &[Key::ch('7')], Action::Citation(7), false),
    bind(BROWSE, &[Key::ch('8')], Action::Citation(8), false),
    bind(BROWSE, &[Key::ch('9')], Action::Citation(9), false),
    bind(&[Mode::List, Mode::Detail, Mode::Source, Mode::Sources], &[Key::ch('S')], Action::SourceList, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('o')], Action::OpenExternal, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('O')], Action::OpenCopy, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('W')], Action::OpenWayback, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('y')], Action::CopyCitation, false),
    bind(JUMPING, &[Key::ctrl('o'), Key::of(KeyCode::Backspace)], Action::Back, false),
    bind(JUMPING, &[Key::ctrl('i'), Key::ctrl('n')], Action::Forward, false),
    bind(&[Mode::Source], &[Key::of(KeyCode::Enter)], Action::Apply, true),
    bind(&[Mode::Sources], &[Key::of(KeyCode::Enter)], Action::Apply, true),
    bind(&[Mode::Source], &[Key::ch('n')], Action::NextPassage, true),
    bind(&[Mode::Source], &[Key::ch('N')], Action::PreviousPassage, false),
    bind(&[Mode::Source], &[Key::ch('/')], Action::SearchText, true),
    bind(READING, &[Key::ch('f')], Action::FilterBySource, true),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('?')], Action::Help, true),
    bind(BROWSE, &[Key::ch('v')], Action::Select, true),
    bind(BROWSE, &[Key::ch('x')], Action::Export, true),
    bind(BROWSE, &[Key::ch('Y')], Action::CopyExport, false),
    bind(BROWSE, &[Key::ch('r')], Action::Reload, false),
    bind(BROWSE, &[Key::ch('e')], Action::Edit, true),
    bind(&[Mode::Export], &[Key::of(KeyCode::Down), Key::of(KeyCode::Tab)], Action::NextField, true),
    bind(&[Mode::Export], &[Key::of(KeyCode::Up), Key::of(KeyCode::BackTab)], Action::PreviousField, false),
    bind(&[Mode::Export], &[Key::ch(' ')], Action::ChangeField, true),
    bind(BROWSE, &[Key::ch('q')], Action::Quit, true),
    bind(READING, &[Key::ch('q')], Action::Close, false),
    bind(&[Mode::Picker], &[Key::of(KeyCode::Down), Key::ctrl('n'), Key::ctrl('j')], Action::PickerDown, false),
    bind(&[Mode::Picker], &[Key::of(KeyCode::Up), Key::ctrl('p'), Key::ctrl('k')], Action::PickerUp, false),
    bind(&[Mode::Picker], &[Key::ch(' ')], Action::ToggleInclude, true),
    bind(&[Mode::Picker], &[Key::ctrl('x')], Action::ToggleExclude, true),
    bind(&[Mode::Picker], &[Key::ctrl('a')], Action::SwitchAnyAll, true),
    bind(INPUT, &[Key::of(KeyCode::Enter)], Action::Apply, true),
    bind(INPUT, &[Key::of(KeyCode::Backspace)], Action::DeleteBack, false),
    bind(INPUT, &[Key::ctrl('w')], Action::DeleteWord, false),
    bind(INPUT, &[Key::ctrl('u')], Action::ClearInput, false),
    bind(&[Mode::Query], &[Key::of(KeyCode::Left)], Action::CursorLeft, false),
    bind(&[Mode::Query], &[Key::of(KeyCode::Right)], Action::CursorRight, false),
    bind(&[Mode::Query], &[Key::of(KeyCode::Home), Key::ctrl('a')], Action::CursorStart, false),
    bind(&[Mode::Query], &[Key::of(KeyCode::End), Key::ctrl('e')], Action::CursorEnd, false),
    bind(SCROLLING, &[Key::ch('j'), Key::of(KeyCode::Down)], Action::MoveDown, false),
    bind(SCROLLING, &[Key::ch('k'), Key::of(KeyCode::Up)], Action::MoveUp, false),
    bind(SCROLLING, &[Key::of(KeyCode::PageDown), Key::ctrl('d'), Key::ch(' ')], Action::PageDown, false),
    bind(SCROLLING, &[Key::of(KeyCode::PageUp), Key::ctrl('u')], Action::PageUp, false),
    bind(SCROLLING, &[Key::ch('g'), Key::of(KeyCode::Home)], Action::Top, false),
    bind(SCROLLING, &[Key::ch('G'), Key::of(KeyCode::End)], Action::Bottom, false),
    bind(&[Mode::Help], &[Key::ch('?'), Key::ch('q')], Action::Close, false),
    bind(&[Mode::Diagnostics], &[Key::ch('!'), Key::ch('q')], Action::Close, false),
    bind(ALL, &[Key::of(KeyCode::Esc)], Action::Close, true),
    bind(ALL, &[Key::ctrl('c')], Action::Quit, false),
    bind(ALL, &[Key::ctrl('z')], Action::Suspend, false),
    // Added later: after the others, so that `bindable` keeps the settings' names in their order.
    bind(BROWSE, &[Key::ch(']')], Action::NextCitation, false),
    bind(BROWSE, &[Key::ch('[')], Action::PreviousCitation, false),
    bind(BROWSE, &[Key::of(KeyCode::Enter)], Action::OpenCitation, false),
    bind(BROWSE, &[Key::ch('!')], Action::Diagnostics, false),
    bind(BROWSE, &[Key::ch(':')], Action::GoTo, false),
    bind(&[Mode::GoTo], &[Key::of(KeyCode::Tab)], Action::Complete, true),
    bind(BROWSE, &[Key::ctrl('f')], Action::Find, false),
    bind(BROWSE, &[Key::ch('n')], Action::FindNext, false),
    bind(BROWSE, &[Key::ch('N')], Action::FindPrevious, false),
    bind(BROWSE, &[Key::ch('m')], Action::Mark, false),
    bind(BROWSE, &[Key::ch('\'')], Action::JumpToMark, false),
    bind(&[Mode::Marks], &[Key::ch('j'), Key::of(KeyCode::Down)], Action::MoveDown, false),
    bind(&[Mode::Marks], &[Key::ch('k'), Key::of(KeyCode::Up)], Action::MoveUp, false),
    bind(&[Mode::Marks], &[Key::of(KeyCode::Enter)], Action::Apply, true),
    bind(&[Mode::Marks], &[Key::ch('d')], Action::DeleteMark, true),
    bind(&[Mode::Marks], &[Key::ch('q')], Action::Close, false),
    bind(&[Mode::Picker], &[Key::ctrl('t')], Action::SwitchClaims, false),
    bind(BROWSE, &[Key::ch('z')], Action::ToggleDetail, true),
    bind(BROWSE, &[Key::ch('w')], Action::WrapTitles, true),
    bind(BROWSE, &[Key::ch('+')], Action::ZoomIn, false),
    bind(BROWSE, &[Key::ch('-')], Action::ZoomOut, false),
    bind(BROWSE, &[Key::ch('=')], Action::ZoomToFit, false),
    bind(BROWSE, &[Key::ch('|')], Action::SwitchScale, false),
    bind(BROWSE, &[Key::ch('L')], Action::SwitchLanes, false),
    bind(&[Mode::Lanes], &[Key::ch('h'), Key::of(KeyCode::Left)], Action::PreviousEvent, false),
    bind(&[Mode::Lanes], &[Key::ch('l'), Key::of(KeyCode::Right)], Action::NextEvent, false),
    bind(&[Mode::Lanes], &[Key::ch('j'), Key::of(KeyCode::Down)], Action::NextLane, false),
    bind(&[Mode::Lanes], &[Key::ch('k'), Key::of(KeyCode::Up)], Action::PreviousLane, false),
    bind(&[Mode::Lanes], &[Key::of(KeyCode::Enter)], Action::SwitchFocus, false),
    bind(&[Mode::Lanes], &[Key::ch('L')], Action::SwitchLanes, true),
    bind(BROWSE, &[Key::ch('A')], Action::AsOf, false),
    bind(BROWSE, &[Key::ch('(')], Action::AsOfEarlier, false),
    bind(BROWSE, &[Key::ch(')')], Action::AsOfLater, false),
    bind(BROWSE, &[Key::ch('i')], Action::NewEvent, false),
    bind(BROWSE, &[Key::ch('E')], Action::EditEvent, false),
    bind(BROWSE, &[Key::ch('u')], Action::Undo, false),
    bind(&[Mode::Form], &[Key::ctrl('s')], Action::Save, true),
    bind(&[Mode::Form], &[Key::of(KeyCode::Tab)], Action::NextField, true),
    bind(&[Mode::Form], &[Key::of(KeyCode::BackTab)], Action::PreviousField, true),
    bind(&[Mode::Form], &[Key::of(KeyCode::Down)], Action::PickerDown, false),
    bind(&[Mode::Form], &[Key::of(KeyCode::Up)], Action::PickerUp, false),
    bind(&[Mode::Form], &[Key::of(KeyCode::Left)], Action::CursorLeft, false),
    bind(&[Mode::Form], &[Key::of(KeyCode::Right)], Action::CursorRight, false),
    bind(&[Mode::Form], &[Key::of(KeyCode::Home)], Action::CursorStart, false),
    bind(&[Mode::Form], &[Key::of(KeyCode::End)], Action::CursorEnd, false),
];

/// What an action does in a mode where its own words would mislead (`j` in the source list is
/// not "next event"): the footer's word and the help, per mode.
const IN_MODE: &[(&[Mode], Action, &str, &str)] = &[
    (&[Mode::Source], Action::MoveDown, "down", "next event citing it, or scroll the text down"),
    (&[Mode::Source], Action::MoveUp, "up", "previous event citing it, or scroll the text up"),
    (&[Mode::Source], Action::PageDown, "page down", "page down the text"),
    (&[Mode::Source], Action::PageUp, "page up", "page up the text"),
    (&[Mode::Source], Action::Top, "top", "first event citing it, or the top of the text"),
    (&[Mode::Source], Action::Bottom, "end", "last event citing it, or the end of the text"),
    (&[Mode::Source], Action::SwitchFocus, "switch", "switch between the events citing it and its text"),
    (&[Mode::Source], Action::Apply, "go to event", "go to the event under the cursor"),
    (&[Mode::Source], Action::ClearFilters, "clear", "clear every filter (and go to a hidden event)"),
    (&[Mode::Source, Mode::Sources], Action::Close, "close", "close"),
    (&[Mode::Sources], Action::MoveDown, "next source", "next source"),
    (&[Mode::Sources], Action::MoveUp, "previous source", "previous source"),
    (&[Mode::Sources], Action::Apply, "open", "open the source"),
    (&[Mode::Help, Mode::Diagnostics], Action::MoveDown, "down", "scroll down"),
    (&[Mode::Help, Mode::Diagnostics], Action::MoveUp, "up", "scroll up"),
    (&[Mode::Help, Mode::Diagnostics], Action::Top, "top", "to the top"),
    (&[Mode::Help, Mode::Diagnostics], Action::Bottom, "end", "to the end"),
    (&[Mode::Help, Mode::Diagnostics], Action::Close, "close", "close"),
    (&[Mode::Picker], Action::Apply, "apply", "apply the choices and close"),
    (&[Mode::Picker, Mode::Search, Mode::Export], Action::Close, "cancel", "cancel"),
    (&[Mode::Query], Action::Apply, "keep", "keep the query and close the bar"),
    (&[Mode::AsOf], Action::Apply, "set", "show what was known by the date (`off`: everything again)"),
    (&[Mode::Query], Action::Close, "undo", "restore the query as it was"),
    (&[Mode::Search], Action::Apply, "find", "find the next line with the text"),
    (&[Mode::Export], Action::Apply, "write", "write the file"),
    (&[Mode::List, Mode::Detail], Action::Close, "close", "end the selection, or leave the detail pane"),
    (&[Mode::Lanes], Action::Close, "close", "end the selection"),
    (&[Mode::Lanes], Action::SwitchFocus, "detail", "the event's detail (Esc comes back to the lanes)"),
    (&[Mode::Lanes], Action::SwitchLanes, "next lanes", "lanes by actor, by tag, by status, by source, then the list"),
    (&[Mode::Form], Action::Apply, "next", "the next field; in the summary a new line; in a chooser, take the choice"),
    (&[Mode::Form], Action::Close, "close", "close the form (asks before throwing away a change)"),
    (&[Mode::Form], Action::PickerDown, "next choice", "next choice of the chooser, or the summary's next line"),
    (&[Mode::Form], Action::PickerUp, "previous choice", "previous choice, or the summary's previous line"),
    (&[Mode::Form], Action::CursorLeft, "left", "cursor left; in the status, the one before"),
    (&[Mode::Form], Action::CursorRight, "right", "cursor right; in the status, the one after"),
    (&[Mode::Form], Action::CursorStart, "start", "the start of the field, or of the summary's line"),
    (&[Mode::Form], Action::CursorEnd, "end", "the end of the field, or of the summary's line"),
    (&[Mode::Form], Action::DeleteBack, "delete", "delete a character; in an empty actor field, the last actor"),
];

/// The footer's word and the help of `action` in `mode`.
fn words(mode: Mode, action: Action) -> (&'static str, &'static str) {
    IN_MODE
        .iter()
        .find(|(modes, a, _, _)| *a == action && modes.contains(&mode))
        .map_or((action.short(), action.help()), |&(_, _, short, help)| (short, help))
}

/// The footer's order: what is used most comes first, so that a narrow screen keeps it. Actions
/// not named here follow in the order of `BINDINGS`; quit and help (or close) end every footer.
const FOOTER_FIRST: &[Action] = &[
    Action::Save,
    Action::SwitchLanes,
    Action::QueryBar,
    Action::ActorPicker,
    Action::TagPicker,
    Action::OpenSource,
    Action::Edit,
    Action::Select,
    Action::Export,
    Action::Apply,
    Action::ToggleInclude,
    Action::NextPassage,
    Action::SearchText,
    Action::NextField,
    Action::ChangeField,
];

/// Hints that every footer keeps, at its end.
fn kept(action: Action, mode_has_quit: bool) -> bool {
    matches!(action, Action::Quit | Action::Help) || (action == Action::Close && !mode_has_quit)
}

/// The bindings in force: the defaults above, with the keys of some actions replaced by the
/// user's settings. The browser's state holds it, so that keys and every hint on screen agree.
#[derive(Clone, Debug)]
pub struct Keymap {
    /// The keys of each entry of `BINDINGS`, in order.
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap { keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect() }
    }
}

impl Keymap {
    /// Gives `action` these keys. An action can be bound in several places (Esc closes everywhere,
    /// `q` only where a list of sources is read): a default key stays where it was, a key left
    /// out goes, and a new key works everywhere the action does.
    pub fn rebind(&mut self, action: Action, keys: &[Key]) {
        let defaults = default_keys(action);
        for (i, b) in BINDINGS.iter().enumerate().filter(|(_, b)| b.action == action) {
            // A new plain character is not bound where text is typed: it would stop being typeable.
            let typed =
                |k: &Key| matches!(k.code, KeyCode::Char(_)) && !k.ctrl && b.modes.iter().any(|m| INPUT.contains(m));
            self.keys[i] =
                keys.iter().copied().filter(|k| b.keys.contains(k) || (!defaults.contains(k) && !typed(k))).collect();
        }
    }

    /// A key bound to two actions in one mode: (key, mode, the two actions).
    pub fn conflict(&self) -> Option<(Key, Mode, Action, Action)> {
        for &mode in ALL {
            let bound: Vec<(Key, Action)> =
                self.in_mode(mode).flat_map(|(b, keys)| keys.iter().map(|&k| (k, b.action))).collect();
            for (i, (key, action)) in bound.iter().enumerate() {
                if let Some((_, other)) = bound[i + 1..].iter().find(|(k, a)| k == key && a != action) {
                    return Some((*key, mode, *action, *other));
                }
            }
        }
        None
    }

    fn in_mode(&self, mode: Mode) -> impl Iterator<Item = (&'static Binding, &Vec<Key>)> {
        let all = || BINDINGS.iter().zip(&self.keys);
        // The lanes view has the list's bindings but for those with a key it binds itself.
        let taken: Vec<Key> = match mode {
            Mode::Lanes => {
                all().filter(|(b, _)| b.modes.contains(&mode)).flat_map(|(_, k)| k.iter().copied()).collect()
            }
            _ => Vec::new(),
        };
        let inherited = move |b: &Binding, keys: &Vec<Key>| {
            mode == Mode::Lanes && b.modes.contains(&Mode::List) && !keys.iter().any(|k| taken.contains(k))
        };
        all().filter(move |(b, keys)| b.modes.contains(&mode) || inherited(b, keys))
    }

    /// The action a key performs in a mode; in text inputs, unbound characters are typed. No
    /// key is bound with Alt, so Alt with a key does nothing: Alt-q is not q.
    pub fn action(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        if event.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        let key = Key::from_event(event);
        let bound = self.in_mode(mode).find(|(_, keys)| keys.contains(&key)).map(|(b, _)| b.action);
        match (bound, key.code) {
            (Some(action), _) => Some(action),
            (None, KeyCode::Char(c)) if (INPUT.contains(&mode) || AWAITING.contains(&mode)) && !key.ctrl => {
                Some(Action::Insert(c))
            }
            _ => None,
        }
    }

    /// A mode's title for help, with how to get about in it in the keys in force.
    pub fn heading(&self, mode: Mode) -> String {
        let tab = || self.label(mode, Action::SwitchFocus);
        match mode {
            Mode::List => format!("{} ({} switches; in the detail pane, moving scrolls)", mode.title(), tab()),
            Mode::Source => format!("{} ({} switches between the events citing it and its text)", mode.title(), tab()),
            Mode::Export => format!("{} (typing edits the path)", mode.title()),
            _ => mode.title().to_string(),
        }
    }

    /// The bindings of a mode, each as (keys, help), in the words of that mode. The nine
    /// citation keys make one line.
    pub fn bindings(&self, mode: Mode) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        let mut citations: Vec<Key> = Vec::new();
        for (b, keys) in self.in_mode(mode).filter(|(_, keys)| !keys.is_empty()) {
            if let Action::Citation(_) = b.action {
                if citations.is_empty() {
                    out.push((String::new(), "open the source of citation N"));
                }
                citations.extend(keys);
                continue;
            }
            let keys: Vec<String> = keys.iter().map(Key::label).collect();
            out.push((keys.join("/"), words(mode, b.action).1));
        }
        if let Some(line) = out.iter_mut().find(|(keys, _)| keys.is_empty()) {
            line.0 = citation_keys(&citations);
        }
        out
    }

    /// The footer's hints for a mode, the most used first, and how many at the end (quit and
    /// help, or close) must show however narrow the screen.
    pub fn footer(&self, mode: Mode) -> (Vec<(String, &'static str)>, usize) {
        let hints: Vec<(&Binding, &Vec<Key>)> =
            self.in_mode(mode).filter(|(b, keys)| b.footer && !keys.is_empty()).collect();
        let has_quit = hints.iter().any(|(b, _)| b.action == Action::Quit);
        let rank = |a: Action| FOOTER_FIRST.iter().position(|&f| f == a).unwrap_or(FOOTER_FIRST.len());
        let (mut kept_hints, mut rest): (Vec<_>, Vec<_>) =
            hints.into_iter().partition(|(b, _)| kept(b.action, has_quit));
        rest.sort_by_key(|(b, _)| (rank(b.action), b.action == Action::Close));
        // Quit before help: the footer ends with `? more`.
        kept_hints.sort_by_key(|(b, _)| b.action == Action::Help);
        let kept_count = kept_hints.len();
        let hint = |(b, keys): (&Binding, &Vec<Key>)| (keys[0].label(), words(mode, b.action).0);
        (rest.into_iter().chain(kept_hints).map(hint).collect(), kept_count)
    }

    /// The key that does `action` in `mode`, for hints on screen: the one the footer shows, else
    /// the first. An action without a key there is named instead, so that the hint still says
    /// something.
    pub fn label(&self, mode: Mode, action: Action) -> String {
        let bound: Vec<(&Binding, &Vec<Key>)> =
            self.in_mode(mode).filter(|(b, keys)| b.action == action && !keys.is_empty()).collect();
        let shown = bound.iter().find(|(b, _)| b.footer).or(bound.first());
        shown.map_or_else(|| format!("<{}>", action.name()), |(_, keys)| keys[0].label())
    }
}

/// The citation keys in one word: `1–9` as they are by default, else each of them.
fn citation_keys(keys: &[Key]) -> String {
    let digits: Vec<Key> = ('1'..='9').map(Key::ch).collect();
    if keys == digits.as_slice() {
        return "1–9".to_string();
    }
    keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
}

/// Every action that keys can be bound to, by the name the settings file uses, with its help.
pub fn bindable() -> Vec<(&'static str, Action)> {
    let mut seen: Vec<(&'static str, Action)> = Vec::new();
    for b in BINDINGS {
        if !seen.iter().any(|(_, a)| *a == b.action) {
            seen.push((b.action.name(), b.action));
        }
    }
    seen
}

/// The default keys of an action, wherever it is bound.
pub fn default_keys(action: Action) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for k in BINDINGS.iter().filter(|b| b.action == action).flat_map(|b| b.keys.iter()) {
        if !keys.contains(k) {
            keys.push(*k);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(mode: Mode, event: &KeyEvent) -> Option<Action> {
        Keymap::default().action(mode, event)
    }

    fn bindings(mode: Mode) -> Vec<(String, &'static str)> {
        Keymap::default().bindings(mode)
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_the_usual_keys_both_move() {
        for code in [KeyCode::Char('j'), KeyCode::Down] {
            assert_eq!(action(Mode::List, &press(code, KeyModifiers::NONE)), Some(Action::MoveDown));
        }
        assert_eq!(action(Mode::List, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(action(Mode::List, &press(KeyCode::Char('d'), KeyModifiers::CONTROL)), Some(Action::PageDown));
    }

    #[test]
    fn text_inputs_type_letters_that_are_keys_elsewhere() {
        assert_eq!(action(Mode::Query, &press(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Insert('q')));
        assert_eq!(action(Mode::Picker, &press(KeyCode::Char('a'), KeyModifiers::NONE)), Some(Action::Insert('a')));
        assert_eq!(action(Mode::Export, &press(KeyCode::Char('?'), KeyModifiers::ALT)), None);
        assert_eq!(action(Mode::Picker, &press(KeyCode::Char(' '), KeyModifiers::NONE)), Some(Action::ToggleInclude));
        assert_eq!(action(Mode::Query, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    }

    #[test]
    fn ctrl_z_suspends_in_every_mode_and_help_lists_it() {
        for &mode in ALL_MODES {
            assert_eq!(action(mode, &press(KeyCode::Char('z'), KeyModifiers::CONTROL)), Some(Action::Suspend));
            assert!(
                bindings(mode).into_iter().any(|(keys, help)| keys == "Ctrl-z" && help.starts_with("suspend")),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for &mode in ALL_MODES {
            let keys: Vec<Key> =
                BINDINGS.iter().filter(|b| b.modes.contains(&mode)).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{} is bound twice in {mode:?}", k.label());
            }
        }
    }
}
