//! The settings file: key bindings by action name and colours, the default file, and mistakes
//! reported with their place like a timeline's.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use timeline::tui::action::Action;
use timeline::tui::keymap::{Keymap, Mode};
use timeline::tui::settings::{self, Settings};
use timeline::tui::theme::Colors;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn parse(text: &str) -> Settings {
    settings::parse(text).unwrap_or_else(|problems| panic!("{problems:?}"))
}

/// The settings file's problems, rendered as `timeline` prints them.
fn problems(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("config-{}.ron", text.len()));
    std::fs::write(&path, text).unwrap();
    settings::load(&path).expect_err("a mistake").replace(&dir.path().display().to_string(), "DIR")
}

#[test]
fn the_default_file_is_valid_and_changes_nothing() {
    let defaults = parse(&settings::default_text());
    assert_eq!(defaults.colors, Colors::default());
    assert_eq!(defaults.citation_style, 0, "chicago-author-date");
    let reference = Keymap::default();
    for mode in [Mode::List, Mode::Detail, Mode::Source, Mode::Sources, Mode::Picker, Mode::Query, Mode::Export] {
        for c in "abcdefghijklmnopqrstuvwxyzGNSY/{}?1 ".chars() {
            assert_eq!(defaults.keymap.action(mode, &key(c)), reference.action(mode, &key(c)), "{c} in {mode:?}");
        }
    }
}

#[test]
fn keys_and_colours_are_overridden_by_name() {
    let settings = parse(
        r##"Config(keys: {"MoveDown": ["J", "Down"], "Quit": ["Q"]}, colors: {"heading": "#ff8800", "matched": "light-green"})"##,
    );
    let keys = &settings.keymap;
    assert_eq!(keys.action(Mode::List, &key('J')), Some(Action::MoveDown));
    assert_eq!(keys.action(Mode::List, &KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)), Some(Action::MoveDown));
    assert_eq!(keys.action(Mode::List, &key('j')), None, "the old key is free");
    assert_eq!(keys.action(Mode::List, &key('Q')), Some(Action::Quit));
    assert_eq!(keys.action(Mode::List, &key('q')), None);
    assert_eq!(keys.action(Mode::Source, &key('q')), Some(Action::Close), "Close keeps its own q");
    assert_eq!(settings.colors.heading, Color::Rgb(0xff, 0x88, 0x00));
    assert_eq!(settings.colors.matched, Color::LightGreen);
    assert_eq!(settings.colors.error, Colors::default().error);
}

#[test]
fn mistakes_are_reported_with_their_place_and_what_to_do() {
    let text = "Config(\n    keys: {\n        \"MoveDwn\": [\"j\"],\n        \"Top\": [\"Ctrl-\"],\n    },\n    colors: {\n        \"headng\": \"red\",\n        \"error\": \"redish\",\n    },\n)\n";
    let out = problems(text);
    for expected in [
        "DIR/config-",
        ":3:9: error: unknown action `MoveDwn`",
        "= help: did you mean `MoveDown`?",
        ":4:17: error: `Ctrl-` is not a key",
        ":7:9: error: unknown colour role `headng`",
        "did you mean `heading`?",
        ":8:18: error: `redish` is not a colour",
        "4 errors in the settings",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn the_export_dialogs_citation_style_is_set_by_name() {
    assert_eq!(parse(r#"Config(citation_style: "mla")"#).citation_style, 2);
    let out = problems("Config(\n    citation_style: \"vancouver\",\n)\n");
    assert!(out.contains(":2:21: error: unknown citation style `vancouver`"), "{out}");
    assert!(out.contains("the styles are chicago-author-date (the default), apa, mla or harvard"), "{out}");
}

#[test]
fn a_syntax_error_and_a_key_doing_two_things_are_reported() {
    let out = problems("Config(keys: {\"Quit\": [\"q\"]\n");
    assert!(out.contains(":1:28: error: expected comma"), "{out}");
    let out = problems("Config(keys: {\"MoveDown\": [\"k\"]})");
    assert!(out.contains("error: `k` would do two things in"), "{out}");
    assert!(out.contains("MoveDown and MoveUp") || out.contains("MoveUp and MoveDown"), "{out}");
    let out = problems("Config(keyz: {})");
    assert!(out.contains("error:") && out.contains("keyz"), "{out}");
}

#[test]
fn quit_cannot_be_left_without_a_key() {
    let out = problems("Config(keys: {\"Quit\": []})");
    assert!(out.contains("error: `Quit` needs a key"), "{out}");
}

#[test]
fn a_new_character_key_never_stops_that_character_being_typed() {
    let settings = parse(r#"Config(keys: {"Quit": ["Q"], "Close": ["Esc", "x"]})"#);
    assert_eq!(settings.keymap.action(Mode::List, &key('Q')), Some(Action::Quit));
    assert_eq!(settings.keymap.action(Mode::Query, &key('Q')), Some(Action::Insert('Q')));
    assert_eq!(settings.keymap.action(Mode::Export, &key('x')), Some(Action::Insert('x')));
    assert_eq!(settings.keymap.action(Mode::Source, &key('x')), Some(Action::Close));
}

#[test]
fn keys_actions_and_colours_given_more_than_once_are_reported_once_each() {
    let keys = vec!["\"Q\""; 5000].join(", ");
    let text = format!(
        "Config(\n    keys: {{\n        \"Quit\": [{keys}],\n        \"Quit\": [\"Q\"],\n    }},\n    colors: {{\"heading\": \"red\", \"heading\": \"blue\"}},\n)\n"
    );
    let out = problems(&text);
    for expected in [
        ":4:9: error: action `Quit` is given twice",
        ":3:23: error: key `Q` is given 5000 times for `Quit`",
        ":6:32: error: colour role `heading` is given twice",
        "3 errors in the settings",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn a_fifo_in_place_of_the_settings_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.ron");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let problem = settings::load(&fifo).expect_err("a FIFO is refused");
    assert!(problem.contains("not a regular file (a FIFO)"), "{problem}");
}

/// The names a settings file binds keys to are a promise to every user's file: renaming one
/// breaks it. A new action adds a name here; none is ever renamed or removed.
#[test]
fn the_action_names_of_the_settings_file_stay_as_they_are() {
    let names: Vec<&str> = timeline::tui::keymap::bindable().into_iter().map(|(name, _)| name).collect();
    let promised = [
        "MoveDown",
        "MoveUp",
        "PageDown",
        "PageUp",
        "Top",
        "Bottom",
        "NextDate",
        "PreviousDate",
        "ActorPicker",
        "TagPicker",
        "QueryBar",
        "ClearFilters",
        "SwitchFocus",
        "OpenSource",
        "Citation1",
        "Citation2",
        "Citation3",
        "Citation4",
        "Citation5",
        "Citation6",
        "Citation7",
        "Citation8",
        "Citation9",
        "SourceList",
        "OpenExternal",
        "OpenCopy",
        "OpenWayback",
        "CopyCitation",
        "Back",
        "Forward",
        "Apply",
        "NextPassage",
        "PreviousPassage",
        "SearchText",
        "FilterBySource",
        "Help",
        "Select",
        "Export",
        "CopyExport",
        "Reload",
        "Edit",
        "NextField",
        "PreviousField",
        "ChangeField",
        "Quit",
        "Close",
        "PickerDown",
        "PickerUp",
        "ToggleInclude",
        "ToggleExclude",
        "SwitchAnyAll",
        "DeleteBack",
        "DeleteWord",
        "ClearInput",
        "CursorLeft",
        "CursorRight",
        "CursorStart",
        "CursorEnd",
        "Suspend",
        "NextCitation",
        "PreviousCitation",
        "OpenCitation",
        "Diagnostics",
        "GoTo",
        "Complete",
        "Find",
        "FindNext",
        "FindPrevious",
        "Mark",
        "JumpToMark",
        "DeleteMark",
        "SwitchClaims",
        "ToggleDetail",
        "WrapTitles",
        "ZoomIn",
        "ZoomOut",
        "ZoomToFit",
        "SwitchScale",
        "SwitchLanes",
        "PreviousEvent",
        "NextEvent",
        "NextLane",
        "PreviousLane",
        "AsOf",
        "AsOfEarlier",
        "AsOfLater",
        "NewEvent",
        "EditEvent",
        "Undo",
        "Save",
    ];
    assert_eq!(names, promised);
}
