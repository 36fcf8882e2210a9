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
const INPUT: &[Mode] = &[Mode::Picker, Mode::Query, Mode::Search, Mode::Export];
const ALL: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Picker,
    Mode::Query,
    Mode::Help,
    Mode::Source,
    Mode::Sources,
    Mode::Search,
    Mode::Export,
];
const READING: &[Mode] = &[Mode::Source, Mode::Sources];
const JUMPING: &[Mode] = &[Mode::List, Mode::Detail, Mode::Source];
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
    bind(&[Mode::Detail], &[Key::of(KeyCode::Enter)], Action::Citation(1), false),
    bind(&[Mode::List, Mode::Detail, Mode::Source, Mode::Sources], &[Key::ch('S')], Action::SourceList, false),
    bind(&[Mode::List, Mode::Detail, Mode::Source], &[Key::ch('o')], Action::OpenExternal, false),
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
    bind(&[Mode::Help], &[Key::ch('j'), Key::of(KeyCode::Down)], Action::MoveDown, false),
    bind(&[Mode::Help], &[Key::ch('k'), Key::of(KeyCode::Up)], Action::MoveUp, false),
    bind(&[Mode::Help], &[Key::ch('?'), Key::ch('q')], Action::Close, false),
    bind(ALL, &[Key::of(KeyCode::Esc)], Action::Close, true),
    bind(ALL, &[Key::ctrl('c')], Action::Quit, false),
    bind(ALL, &[Key::ctrl('z')], Action::Suspend, false),
    bind(BROWSE, &[Key::ch('z')], Action::ToggleDetail, true),
    bind(BROWSE, &[Key::ch('w')], Action::WrapTitles, true),
];

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
        BINDINGS.iter().zip(&self.keys).filter(move |(b, _)| b.modes.contains(&mode))
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
            (None, KeyCode::Char(c)) if INPUT.contains(&mode) && !key.ctrl => Some(Action::Insert(c)),
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

    /// The bindings of a mode, each as (keys, help).
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = (String, &'static str)> {
        self.in_mode(mode).filter(|(_, keys)| !keys.is_empty()).map(|(b, keys)| {
            let keys: Vec<String> = keys.iter().map(Key::label).collect();
            (keys.join("/"), b.action.help())
        })
    }

    /// The footer's hints for a mode: the first key of each binding marked for the footer, help
    /// and quit (or close) first so that a narrow screen still shows them.
    pub fn footer(&self, mode: Mode) -> Vec<(String, &'static str)> {
        let mut hints: Vec<(&Binding, &Vec<Key>)> =
            self.in_mode(mode).filter(|(b, keys)| b.footer && !keys.is_empty()).collect();
        hints.sort_by_key(|(b, _)| !matches!(b.action, Action::Help | Action::Quit | Action::Close));
        hints.into_iter().map(|(b, keys)| (keys[0].label(), b.action.short())).collect()
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
        Keymap::default().bindings(mode).collect()
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
