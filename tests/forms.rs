//! The event form (`i`, `E`) and `u`: key strings through the key map and `update`, the edit a
//! save asks for, what comes back from the writer, undo on a real file, and the form's screens.

mod common;

use common::{Browser, browser};
use timeline::tui::effect::Effect;
use timeline::tui::form_check::Slot;
use timeline::tui::form_edit::{Change, NewActor, Value};
use timeline::tui::form_state::{Form, Save, Undo};
use timeline::tui::keymap::Mode;
use timeline::tui::msg::Msg;
use timeline::tui::state::Overlay;

fn form(b: &Browser) -> &Form {
    match &b.state().overlay {
        Some(Overlay::Form(form)) => form,
        other => panic!("the form is not open: {other:?}"),
    }
}

/// The save a key string asked for.
fn save_asked(effects: &[Effect]) -> &Save {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::SaveEvent(save) => Some(&**save),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no save among {effects:?}"))
}

fn stepped() -> Browser {
    Browser::stepped(common::data(), 120, 40)
}

fn text(t: &str) -> Value {
    Value::Text(t.into())
}

#[test]
fn i_opens_an_empty_form_and_tab_and_shift_tab_move_between_its_fields() {
    let mut b = browser(120, 40);
    b.press("i");
    assert_eq!(b.state().mode(), Mode::Form);
    assert_eq!(form(&b).focus, Slot::When);
    b.press("<tab><tab>");
    assert_eq!(form(&b).focus, Slot::Actors);
    b.press("<btab>");
    assert_eq!(form(&b).focus, Slot::Title);
    b.press("A title<enter>");
    assert_eq!(form(&b).focus, Slot::Actors, "Enter in a one-line field moves on");
    assert_eq!(form(&b).values.title, "A title");
    assert_eq!(form(&b).id, "a-title", "a new event's id comes from its title");
}

#[test]
fn a_new_event_typed_in_the_form_is_saved_as_one_insert() {
    let mut b = stepped();
    b.press("i2024-03-26T14:00~<tab>Investigators search a flat<tab>fed<enter><enter>");
    assert_eq!(form(&b).values.actors, ["fsb"], "Enter takes the actor chosen by part of its name");
    assert_eq!(form(&b).focus, Slot::ClaimedBy, "Enter with nothing typed moves on");
    b.press("<tab>c<tab>investigation, moscow<tab>Moscow<tab>First line<enter>second line<tab>rep<enter>¶5");
    // Claimed without a claimant: the loader's own message, at the status.
    let problems: Vec<&str> = form(&b).problems_at(Slot::Status).map(|p| p.message.as_str()).collect();
    assert_eq!(problems, ["event `investigators-search-a-flat` is Claimed but names no claimant"]);
    assert!(b.press("<C-s>").is_empty(), "an error refuses the save");
    assert!(form(&b).note.as_deref().unwrap_or_default().starts_with("Not saved: fix the 1 error"));
    let save = save_asked(&b.press("<btab><btab><btab><btab><btab><btab>putin<enter><C-s>")).clone();
    assert_eq!(save.id, "investigators-search-a-flat");
    assert_eq!(save.title, "Investigators search a flat");
    let Change::Insert(fields) = &save.edit.change else { panic!("an insert") };
    let cite = Value::Record("Cite".into(), vec![("source".into(), text("report")), ("at".into(), text("¶5"))]);
    assert_eq!(
        fields,
        &vec![
            ("id", text("investigators-search-a-flat")),
            ("when", text("2024-03-26T14:00~")),
            ("title", text("Investigators search a flat")),
            ("summary", text("First line\nsecond line")),
            ("actors", Value::List(vec![text("fsb")])),
            ("place", text("Moscow")),
            ("tags", Value::List(vec![text("investigation"), text("moscow")])),
            ("status", Value::Word("Claimed".into())),
            ("claimed_by", Value::List(vec![text("putin")])),
            ("sources", Value::List(vec![cite])),
        ]
    );
    assert!(form(&b).saving, "the form waits for the writer");
}

#[test]
fn each_field_is_checked_as_it_is_typed_with_the_messages_of_check() {
    let mut b = browser(120, 40);
    b.press("i2024-13");
    let problem = form(&b).problems_at(Slot::When).next().expect("a problem at the date").clone();
    assert!(problem.message.starts_with("invalid date `2024-13`: "), "{problem:?}");
    b.press("<bs>2");
    assert_eq!(form(&b).problems_at(Slot::When).count(), 0, "2024-12 is a date");
    b.press("<tab><tab><tab><tab><tab><tab><tab><tab>rpeort");
    let at: Vec<String> = form(&b).problems_at(Slot::Source(0)).map(|p| p.message.clone()).collect();
    assert_eq!(at, ["unknown source `rpeort` in event `event`"]);
    let help = form(&b).problems_at(Slot::Source(0)).next().unwrap().help.clone().unwrap_or_default();
    assert!(help.contains("report"), "did you mean, as `check` says it: {help}");
}

#[test]
fn e_edits_the_event_under_the_cursor_and_saves_only_what_changed() {
    let mut b = stepped();
    assert_eq!(b.current().as_deref(), Some("day"));
    b.press("E");
    let f = form(&b);
    assert_eq!((f.values.title.as_str(), f.values.actors.len(), f.values.citations.len()), ("A day", 2, 3));
    assert!(!f.changed());
    let save = save_asked(&b.press("<tab><C-u>A day, edited<C-s>")).clone();
    let expected = Change::Set { id: "day".into(), fields: vec![("title", text("A day, edited"))] };
    assert_eq!(save.edit.change, expected, "the citations' reported and credibility are not touched");
}

#[test]
fn saving_an_unchanged_event_writes_nothing() {
    let mut b = browser(120, 40);
    let effects = b.press("E<C-s>");
    assert!(effects.iter().all(|e| !matches!(e, Effect::SaveEvent(_))), "{effects:?}");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.state().status.as_deref(), Some("Nothing changed: the file is as it was"));
}

#[test]
fn escape_asks_before_throwing_away_a_change() {
    let mut b = browser(120, 40);
    b.press("i<esc>");
    assert!(b.state().overlay.is_none(), "nothing typed: Esc simply closes");
    b.press("i2024<esc>");
    assert!(form(&b).confirm, "a change: Esc asks");
    b.press("n");
    assert!(!form(&b).confirm);
    assert_eq!(form(&b).values.when, "2024", "any other key goes back to the form, as it was");
    b.press("<esc>y");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.state().status.as_deref(), Some("The changes were thrown away"));
}

#[test]
fn an_actor_that_does_not_exist_is_created() {
    let mut b = stepped();
    b.press("i2024<tab>Wagner moves<tab>Wagner Group");
    assert_eq!(form(&b).choices, [timeline::tui::form_state::Choice::Create("Wagner Group".into())]);
    let save = save_asked(&b.press("<enter><C-s>")).clone();
    assert_eq!(save.edit.actors, [NewActor { id: "wagner-group".into(), name: "Wagner Group".into() }]);
    let Change::Insert(fields) = &save.edit.change else { panic!("an insert") };
    assert!(fields.contains(&("actors", Value::List(vec![text("wagner-group")]))));
}

#[test]
fn backspace_in_an_empty_chooser_takes_back_the_last_actor() {
    let mut b = browser(120, 40);
    b.press("E<tab><tab>");
    assert_eq!(form(&b).values.actors, ["isis-k", "fsb"]);
    b.press("<bs>");
    assert_eq!(form(&b).values.actors, ["isis-k"]);
    assert!(form(&b).changed());
}

#[test]
fn a_refused_save_shows_the_writers_reasons_in_the_form() {
    let mut b = stepped();
    b.press("i2024<tab>A title<C-s>");
    b.send(Msg::Saved(Box::new(Err(vec!["error: the file changed".into()]))));
    let f = form(&b);
    assert!(!f.saving);
    assert_eq!(f.failed, ["error: the file changed"]);
    b.press("x");
    assert!(form(&b).failed.is_empty(), "typing again clears them");
}

/// The scratch copy of the fixture, opened in the browser.
fn on_file(dir: &std::path::Path) -> Browser {
    Browser::new(file_data(dir), 120, 40)
}

fn file_data(dir: &std::path::Path) -> timeline::tui::state::Data {
    let path = dir.join("timeline.ron");
    let loaded = timeline::load::load_file(&path).unwrap();
    timeline::tui::state::Data::new(loaded.report.timeline.unwrap(), &path)
}

#[test]
fn a_saved_event_is_written_into_the_file_shown_under_the_cursor_and_undone_by_u() {
    let dir = common::scratch_copy("form-save");
    let path = dir.path().join("timeline.ron");
    let before = std::fs::read_to_string(&path).unwrap();
    let mut b = on_file(dir.path());
    b.press(
        "i2024-03-26T14:00<tab>A new search<tab>fsb<enter><tab><tab><tab><tab>Moscow<tab><tab>report<enter>¶7<C-s>",
    );
    assert!(b.state().overlay.is_none(), "the form closes: {:?}", b.state().overlay);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains(r#"title: "A new search""#)
            && after.contains(r#"place: "Moscow""#)
            && after.contains(r#"Cite(source: "report", at: "¶7")"#)
            && !after.contains("status: Reported"),
        "{after}"
    );
    let kept: Vec<&str> = before.lines().filter(|l| !after.lines().any(|a| a == *l)).collect();
    assert!(kept.is_empty(), "every line of the file is still there: {kept:?}");
    assert_eq!(b.current().as_deref(), Some("a-new-search"), "the reload shows the event under the cursor");
    assert_eq!(b.state().status.as_deref(), Some("Saved “A new search” (u undoes it)"));
    b.press("u");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "the file's previous bytes, written back");
    assert_eq!(b.state().status.as_deref(), Some("Undid the save of “A new search”"));
    assert!(!b.shown().contains(&"a-new-search".to_string()), "and read again");
    b.press("u");
    assert_eq!(b.state().status.as_deref(), Some("Nothing to undo: no save made from the browser is left to undo"));
}

#[test]
fn fixing_a_typo_with_e_changes_only_that_field_in_the_file() {
    let dir = common::scratch_copy("form-typo");
    let path = dir.path().join("timeline.ron");
    let before = std::fs::read_to_string(&path).unwrap();
    let mut b = on_file(dir.path());
    b.press("E<tab><C-w>day, fixed<C-s>");
    let after = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [(r#"            title: "A day","#, r#"            title: "A day, fixed","#)]);
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(b.current().as_deref(), Some("day"));
    assert_eq!(b.data().event(b.state().current().unwrap()).title.as_str(), "A day, fixed");
}

#[test]
fn a_save_the_writer_refuses_keeps_the_form_open_with_its_reasons() {
    let dir = common::scratch_copy("form-refused");
    let path = dir.path().join("timeline.ron");
    let mut b = on_file(dir.path());
    b.press("E");
    // Meanwhile the event is renamed on disk: the form's edit names an event no longer there.
    let text = std::fs::read_to_string(&path).unwrap().replace(r#"id: "day","#, r#"id: "day-renamed","#);
    std::fs::write(&path, &text).unwrap();
    b.press("<tab><C-w>other<C-s>");
    let f = form(&b);
    assert!(!f.saving && !f.failed.is_empty(), "{:?}", f.failed);
    assert!(f.failed[0].starts_with("Not saved: "), "{:?}", f.failed);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "nothing written");
}

#[test]
fn u_never_undoes_over_a_file_changed_since_the_save() {
    let dir = common::scratch_copy("form-undo");
    let path = dir.path().join("timeline.ron");
    let mut b = on_file(dir.path());
    let now = std::fs::read(&path).unwrap();
    let undo = Undo {
        path: path.clone(),
        title: "T".into(),
        before: std::sync::Arc::new(b"older".to_vec()),
        after: std::sync::Arc::new(b"what the save wrote".to_vec()),
    };
    b.send(Msg::Saved(Box::new(Ok(undo))));
    b.press("u");
    assert_eq!(std::fs::read(&path).unwrap(), now, "untouched");
    let status = b.state().status.clone().unwrap_or_default();
    assert!(status.starts_with("Not undone: ") && status.ends_with("changed since the save of “T”"), "{status}");
    assert_eq!(b.state().saves.undo.len(), 1, "still there to undo once the file is as the save left it");
}

#[test]
fn the_summary_takes_several_lines() {
    let mut b = browser(120, 40);
    b.press("i<tab><tab><tab><tab><tab><tab><tab>one<enter>two<enter>three");
    assert_eq!(form(&b).focus, Slot::Summary);
    assert_eq!(form(&b).values.summary, "one\ntwo\nthree");
    b.press("<bs><bs><bs><bs><bs><bs>");
    assert_eq!(form(&b).values.summary, "one\ntwo", "the last line and its line break");
}

#[test]
fn the_form_survives_the_file_changing_underneath() {
    let dir = common::scratch_copy("form-reload");
    let mut b = on_file(dir.path());
    b.press("i2024<tab>Kept");
    b.press("r");
    assert_eq!(form(&b).values.title, "Keptr", "`r` is typed, not a reload");
    b.send(Msg::FileChanged);
    b.send(Msg::Settled(b.state().reread.changes));
    assert_eq!(form(&b).values.title, "Keptr", "a reload keeps what is typed");
}

fn screen(width: u16, height: u16, keys: &str) -> ratatui::backend::TestBackend {
    let mut b = browser(width, height);
    b.press(keys);
    b.screen()
}

#[test]
fn new_event_form_small() {
    insta::assert_snapshot!(screen(80, 24, "i2024-13<tab>A search<tab>putn"));
}

#[test]
fn new_event_form_wide() {
    insta::assert_snapshot!(screen(120, 40, "i2024-03-26T14:00~<tab>A search<tab>fed<enter><tab><tab>c"));
}

#[test]
fn edit_event_form_small() {
    insta::assert_snapshot!(screen(80, 24, "E<tab><tab><tab><tab><tab><tab><tab><tab>"));
}

#[test]
fn edit_event_form_wide() {
    insta::assert_snapshot!(screen(120, 40, "E<tab><tab><tab><tab><tab><tab><tab><enter>Another line"));
}

#[test]
fn throwing_away_asks_small() {
    insta::assert_snapshot!(screen(80, 24, "i2024<esc>"));
}

#[test]
fn help_lists_the_forms_keys() {
    let keymap = timeline::tui::keymap::Keymap::default();
    let theme = timeline::tui::view::Theme { color: false, ..Default::default() };
    let lines: Vec<String> = timeline::tui::help::lines(&keymap, &theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let has = |keys: &str, help: &str| lines.iter().any(|l| l.trim_start().starts_with(keys) && l.contains(help));
    assert!(has("i ", "add an event in a form"), "{lines:#?}");
    assert!(has("E ", "edit the event under the cursor in a form"));
    assert!(has("u ", "undo the last save made from the browser"));
    assert!(lines.iter().any(|l| l.starts_with("Event form")));
    assert!(has("Ctrl-s ", "save the event into the file"));
    assert!(has("Shift-Tab ", "previous field"));
}

#[test]
fn an_actor_created_in_the_form_is_written_with_the_event() {
    let dir = common::scratch_copy("form-create");
    let path = dir.path().join("timeline.ron");
    let mut b = on_file(dir.path());
    b.press("i2024-03-27<tab>Wagner moves<tab>Wagner Group<enter><tab><tab><tab><tab><tab><tab>wire<enter><C-s>");
    assert!(b.state().overlay.is_none(), "{:?}", b.state().overlay);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains(r#"id: "wagner-group","#) && after.contains(r#"name: "Wagner Group","#), "{after}");
    assert!(after.contains(r#"actors: ["wagner-group"]"#), "{after}");
    let actors: Vec<&str> = b.data().timeline.actors.iter().map(|a| a.id.as_str()).collect();
    assert!(actors.contains(&"wagner-group"), "the reload knows it: {actors:?}");
    assert_eq!(b.current().as_deref(), Some("wagner-moves"));
}

#[test]
fn pasted_text_keeps_its_line_breaks_in_the_summary_only() {
    use ratatui::crossterm::event::Event;
    let mut b = browser(120, 40);
    b.press("i<tab>");
    let paste = |b: &mut Browser, text: &str| {
        for msg in timeline::tui::input::messages(b.state(), Event::Paste(text.into())) {
            b.send(msg);
        }
    };
    paste(&mut b, "Two\nlines\u{1b}[2J");
    assert_eq!(form(&b).values.title, "Two lines[2J", "a title is one line, and nothing reaches the terminal");
    b.press("<tab><tab><tab><tab><tab><tab>");
    paste(&mut b, "First\nsecond");
    assert_eq!(form(&b).values.summary, "First\nsecond");
    // As terminals paste them: a carriage return, or CR LF, for each line break.
    paste(&mut b, "\rthird\r\nfourth");
    assert_eq!(form(&b).values.summary, "First\nsecond\nthird\nfourth");
}

#[test]
fn a_saved_event_the_filter_hides_is_said_so() {
    let dir = common::scratch_copy("form-hidden");
    let mut b = on_file(dir.path());
    b.press("/@putin<enter>");
    let shown = b.shown();
    b.press("i2024-03-27<tab>Nobody in it<C-s>");
    assert_eq!(b.shown(), shown, "the filter stays");
    assert_eq!(
        b.state().status.as_deref(),
        Some("Saved “Nobody in it”, which the filter hides (c clears every filter, u undoes the save)")
    );
    b.press("c");
    assert!(b.shown().contains(&"nobody-in-it".to_string()));
}

#[test]
fn a_typo_inside_a_field_is_fixed_where_it_is() {
    let mut b = browser(120, 40);
    b.press("E<tab><home>The ");
    assert_eq!(form(&b).values.title, "The A day");
    b.press("<right>x<left><right><bs>");
    assert_eq!(form(&b).values.title, "The A day", "typed and deleted where the cursor is");
    b.press("<end><bs><bs><bs>night");
    assert_eq!(form(&b).values.title, "The A night");
    b.press("<home><right><right><right><right><C-w>");
    assert_eq!(form(&b).values.title, "A night", "Ctrl-w deletes the word before the cursor");
    b.press("<tab>ma<left>");
    assert_eq!(form(&b).input, "ma", "the arrows move in what is typed in a chooser");
    b.press("x");
    assert_eq!(form(&b).input, "mxa");
}
