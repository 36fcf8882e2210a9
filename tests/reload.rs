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
