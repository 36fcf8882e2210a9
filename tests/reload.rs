//! Live reload: the state carried over by event, actor and source ids when the file changes, and
//! a broken edit kept off the screen under a banner until it is fixed.

mod common;

use common::Browser;
use std::path::{Path, PathBuf};
use timeline::tui::effect::Effect;
use timeline::tui::msg::Msg;
use timeline::tui::reload;

/// A copy of the fixture in a folder of its own (removed when the folder is dropped).
fn copy_of_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = common::scratch_copy(&format!("reload-{name}"));
    let path = dir.path().join("timeline.ron");
    (dir, path)
}

/// The browser on the timeline at `path`, as the command line opens it.
fn open(path: &Path) -> Browser {
    Browser::new(reload::load(path).expect("the fixture loads"), 120, 40)
}

/// What the file watcher sends when the file changes: the browser reads it once it settles.
fn changed(b: &mut Browser) {
    b.send(Msg::FileChanged);
}

#[test]
fn a_changed_file_keeps_the_cursor_filters_selection_and_history_by_id() {
    let (_dir, path) = copy_of_fixture("keep");
    let mut b = open(&path);
    // Filter by an actor, put the cursor on an event, start a selection, jump once.
    b.press("/@fsb<enter>");
    let shown_before = b.shown();
    assert!(shown_before.len() >= 2, "{shown_before:?}");
    b.press("Gvk");
    let cursor_before = b.current();
    let selection_before = b.state().selection.map(|ix| b.data().event(ix).id.clone());
    // An edit elsewhere in the file: a new event early in time, and a changed title.
    let text = common::FIXTURE
        .replace("title: \"A second\"", "title: \"A second, edited\"")
        .replacen("    events: [\n", "    events: [\n        Event(id: \"new-early\", when: \"1999\", title: \"New and early\", actors: [\"fsb\"], sources: [Cite(source: \"report\")]),\n", 1);
    assert_ne!(text, common::FIXTURE);
    std::fs::write(&path, text).unwrap();
    changed(&mut b);
    assert!(b.data().timeline.events.iter().any(|e| e.title == "A second, edited"), "the edit is read");
    assert_eq!(b.current(), cursor_before, "the cursor stays on its event");
    assert_eq!(b.state().selection.map(|ix| b.data().event(ix).id.clone()), selection_before);
    assert_eq!(b.state().filter.query.text, "@fsb");
    let shown_after = b.shown();
    assert_eq!(shown_after.len(), shown_before.len() + 1, "the new event passes the same filter");
    assert!(shown_after.contains(&"new-early".to_string()));
    assert!(b.state().banner.is_none());
}

#[test]
fn a_broken_edit_keeps_the_last_good_timeline_under_a_banner_until_it_is_fixed() {
    let (_dir, path) = copy_of_fixture("broken");
    let mut b = open(&path);
    let before = b.shown();
    std::fs::write(&path, common::FIXTURE.replace("status: Confirmed", "status: Confirmd")).unwrap();
    changed(&mut b);
    let errors = b.state().banner.clone().expect("the broken file does not load");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("timeline.ron:") && errors[0].contains(": error: unknown status `Confirmd`"),
        "{errors:?}"
    );
    assert_eq!(b.shown(), before, "the last good timeline stays");
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains("The file has errors"), "{screen}");
    assert!(screen.contains("unknown status `Confirmd`"), "{screen}");
    std::fs::write(&path, common::FIXTURE).unwrap();
    changed(&mut b);
    assert!(b.state().banner.is_none());
    assert!(!format!("{:?}", b.screen()).contains("The file has errors"));
}

#[test]
fn r_asks_for_a_reload_and_e_for_the_editor_at_the_event_line() {
    let mut b = Browser::stepped(common::data(), 120, 40);
    let effects = b.press("r");
    assert_eq!(effects, vec![Effect::ReadFile { unless: None }], "read even if it looks unchanged");
    let line = b.data().event(b.state().current().unwrap()).line;
    let effects = b.press("e");
    assert_eq!(effects, vec![Effect::Edit { line }]);
    let effects = b.send(Msg::EditorDone(None));
    assert_eq!(effects, vec![], "one read at a time: the next when this one is done");
}

#[test]
fn events_deleted_under_the_cursor_leave_it_on_the_nearest_one_without_a_panic() {
    let (_dir, path) = copy_of_fixture("deleted");
    let mut b = open(&path);
    let before = b.data().timeline.events.len();
    b.press("G");
    // Keep only the first three events of the file.
    let text = common::FIXTURE;
    let start = text.find("    events: [\n").unwrap() + "    events: [\n".len();
    let kept: Vec<&str> = text[start..].split_inclusive("\n        Event(").take(3).collect();
    let mut cut = format!("{}{}", &text[..start], kept.concat());
    cut.truncate(cut.rfind("\n        Event(").unwrap());
    cut.push_str("\n    ],\n)\n");
    std::fs::write(&path, &cut).unwrap();
    changed(&mut b);
    assert!(b.data().timeline.events.len() < before, "the shortened file is read");
    assert!(b.state().cursor < b.state().shown.len());
    let _ = b.screen();
}

#[cfg(unix)]
#[test]
fn a_file_replaced_by_a_fifo_is_an_error_under_the_banner_not_a_hang() {
    let (_dir, path) = copy_of_fixture("fifo");
    let mut b = open(&path);
    std::fs::remove_file(&path).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&path).status().expect("run mkfifo").success());
    // On another thread, so that a read that blocks fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo = path.clone();
    std::thread::spawn(move || tx.send(reload::load(&fifo).err()));
    let errors = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the reload ends").expect("an error");
    let name = path.display();
    assert_eq!(
        errors,
        [format!("cannot read {name}: it is not a regular file (a FIFO); timeline reads only regular files")]
    );
    changed(&mut b);
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains("not a regular file (a FIFO)"), "{screen}");
}

/// The browser on the timeline at `path`, at a size where the list scrolls.
fn open_at(path: &Path, width: u16, height: u16) -> Browser {
    Browser::new(reload::load(path).expect("the fixture loads"), width, height)
}

/// The row of the list's area that the cursor is on.
fn cursor_row(b: &Browser) -> Option<usize> {
    let height = timeline::tui::layout::list_height(b.state().size);
    let rows = timeline::tui::state::rows(b.data(), &b.state().shown, b.state().offset, height);
    rows.iter().position(|r| *r == timeline::tui::state::Row::Event(b.state().cursor))
}

/// The fixture with `n` new events at the start of the list (early in time).
fn with_early_events(n: usize) -> String {
    let new: String = (0..n)
        .map(|i| format!("        Event(id: \"early-{i}\", when: \"190{i}\", title: \"Early {i}\", sources: [Cite(source: \"report\")]),\n"))
        .collect();
    common::FIXTURE.replacen("    events: [\n", &format!("    events: [\n{new}"), 1)
}

#[test]
fn a_reload_keeps_the_cursor_on_its_event_at_the_same_row_of_the_screen() {
    let (_dir, path) = copy_of_fixture("row");
    let mut b = open_at(&path, 120, 16);
    // Up from the end: the cursor is in the middle of the screen, with events above and below.
    b.press("Gkkkk");
    let (event, row) = (b.current(), cursor_row(&b));
    assert!(row.is_some_and(|r| (2..8).contains(&r)), "the cursor is mid-screen: {row:?}\n{}", b.screen());
    std::fs::write(&path, with_early_events(3)).unwrap();
    changed(&mut b);
    assert_eq!(b.data().timeline.events.len(), 17, "the edit is read");
    assert_eq!(b.current(), event, "the same event");
    assert_eq!(cursor_row(&b), row, "at the same row");
    // And again from near the top, where fewer events are above it.
    b.press("gj");
    let (event, row) = (b.current(), cursor_row(&b));
    std::fs::write(&path, with_early_events(5)).unwrap();
    b.press("r");
    assert_eq!(b.current(), event);
    assert_eq!(cursor_row(&b), row);
}

#[test]
fn an_edit_with_the_editor_keeps_the_row_too() {
    let (_dir, path) = copy_of_fixture("edit-row");
    let mut b = open_at(&path, 80, 24);
    b.press("gjjjjj");
    let (event, row) = (b.current(), cursor_row(&b));
    std::fs::write(&path, common::FIXTURE.replace("title: \"A year\"", "title: \"A year, edited\"")).unwrap();
    b.send(Msg::EditorDone(None));
    assert!(b.data().timeline.events.iter().any(|e| e.title == "A year, edited"));
    assert_eq!((b.current(), cursor_row(&b)), (event, row));
}

/// Ids of the selected events.
fn selected(b: &Browser) -> Vec<String> {
    let Some(range) = b.state().selected() else { return Vec::new() };
    b.state().shown[range].iter().map(|&ix| b.data().event(ix).id.to_string()).collect()
}

#[test]
fn the_selection_keeps_its_events_by_id_and_never_grows_by_itself() {
    let (_dir, path) = copy_of_fixture("selection");
    let mut b = open_at(&path, 120, 40);
    b.press("gjjvjj");
    let before = selected(&b);
    assert_eq!(before.len(), 3, "{before:?}");
    std::fs::write(&path, with_early_events(2)).unwrap();
    changed(&mut b);
    assert_eq!(selected(&b), before, "new events elsewhere change nothing");
    // The event where the selection started is deleted: it starts at the next selected one.
    let first = before[0].clone();
    let text = with_early_events(2);
    let line = text.lines().find(|l| l.contains(&format!("id: \"{first}\""))).unwrap().to_string();
    std::fs::write(&path, text.replace(&format!("{line}\n"), "")).unwrap();
    changed(&mut b);
    assert_eq!(selected(&b), before[1..], "the selection holds what is left of it, and nothing more");
}

#[test]
fn the_banner_counts_the_errors_shows_the_first_with_its_help_and_bang_lists_them_whole() {
    let (_dir, path) = copy_of_fixture("bang");
    let mut b = open_at(&path, 120, 40);
    let broken = common::FIXTURE.replace("status: Confirmed", "status: Confirmd").replace("[\"putin\"]", "[\"putn\"]");
    std::fs::write(&path, broken).unwrap();
    changed(&mut b);
    let errors = b.state().banner.clone().expect("the broken file does not load");
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("= help: did you mean")), "kept whole: {errors:#?}");
    let screen = format!("{}", b.screen());
    assert!(screen.contains(&format!("The file has errors ({} errors)", errors.len())), "{screen}");
    let first_help = errors[0].lines().find(|l| l.trim_start().starts_with("= help")).expect("the first has help");
    assert!(screen.contains(first_help.trim()), "the first error's help shows: {screen}");
    assert!(screen.contains(&format!("! lists all {}", errors.len())), "{screen}");
    b.press("!");
    assert_eq!(b.state().mode(), timeline::tui::keymap::Mode::Diagnostics);
    let screen = format!("{}", b.screen());
    for error in &errors {
        for line in error.lines() {
            let start: String = line.chars().take(60).collect();
            assert!(screen.contains(&start), "`{line}` is listed\n{screen}");
        }
    }
    b.press("<esc>");
    assert!(b.state().overlay.is_none());
    std::fs::write(&path, common::FIXTURE).unwrap();
    changed(&mut b);
    b.press("!");
    assert!(b.state().overlay.is_none(), "nothing to list once the file is fixed");
    assert!(b.state().status.as_deref().unwrap_or_default().contains("no errors"));
}

/// The text on `row` of the screen.
fn screen_row(b: &Browser, row: u16) -> String {
    let screen = b.screen();
    let buffer = screen.buffer();
    (0..buffer.area.width).map(|x| buffer[(x, row)].symbol()).collect()
}

#[test]
fn the_banner_never_covers_the_cursors_row() {
    for (width, height, keys) in [(120, 24, "G"), (120, 24, "g"), (80, 24, "G"), (80, 24, "g"), (120, 14, "gjjjj")] {
        let (_dir, path) = copy_of_fixture("cover");
        let mut b = open_at(&path, width, height);
        b.press(keys);
        std::fs::write(&path, common::FIXTURE.replace("status: Confirmed", "status: Confirmd")).unwrap();
        changed(&mut b);
        let list = timeline::tui::layout::areas(ratatui::layout::Rect::new(0, 0, width, height), true).list;
        let row = list.y + cursor_row(&b).expect("the cursor on screen") as u16;
        let title = b.data().event(b.state().current().unwrap()).title.to_string();
        let text = screen_row(&b, row);
        let short: String = title.chars().take(10).collect();
        assert!(text.contains(&short), "{width}×{height} `{keys}`: row {row} is `{text}`\n{}", b.screen());
        assert!(format!("{}", b.screen()).contains("The file has errors"), "{width}×{height}");
    }
}

#[test]
fn a_large_timeline_read_again_has_its_word_search_prepared_in_the_background() {
    let (_dir, path) = copy_of_fixture("prepare");
    let reloaded = |background_from: usize| {
        let mut data = reload::load(&path).expect("the fixture loads");
        data.background_from = background_from;
        let mut b = Browser::stepped(data, 120, 40);
        let read =
            Msg::Reloaded(Box::new(timeline::tui::msg::Reread::Read { stamp: None, result: reload::load(&path) }));
        let effects = b.send(read);
        assert_eq!(b.data().background_from, background_from, "the browser's setting is kept");
        effects.contains(&Effect::PrepareSearch)
    };
    assert!(reloaded(1), "large enough to filter in the background: the search is made ready");
    assert!(!reloaded(usize::MAX), "a small timeline's first query prepares it at once");
}
