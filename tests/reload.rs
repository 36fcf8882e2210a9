//! Live reload: the state carried over by event, actor and source ids when the file changes, and
//! a broken edit kept off the screen under a banner until it is fixed.

mod common;

use std::path::PathBuf;
use timeline::tui::reload;
use timeline::tui::state::{Data, State};

fn copy_of_fixture(name: &str) -> PathBuf {
    common::scratch_copy(&format!("reload-{name}")).join("timeline.ron")
}

fn id(state: &State, data: &Data) -> Option<String> {
    state.current().map(|ix| data.event(ix).id.to_string())
}

#[test]
fn a_changed_file_keeps_the_cursor_filters_selection_and_history_by_id() {
    let path = copy_of_fixture("keep");
    let old = reload::load(&path).expect("the fixture loads");
    let mut state = common::start(&old, 120, 40);
    // Filter by an actor, put the cursor on an event, start a selection, jump once.
    common::press(&mut state, &old, "/@fsb<enter>");
    let shown_before = common::shown(&state, &old);
    assert!(shown_before.len() >= 2, "{shown_before:?}");
    common::press(&mut state, &old, "Gvk");
    let cursor_before = id(&state, &old);
    let selection_before = state.selection.map(|ix| old.event(ix).id.clone());
    // An edit elsewhere in the file: a new event early in time, and a changed title.
    let text = common::FIXTURE
        .replace("title: \"A second\"", "title: \"A second, edited\"")
        .replacen("    events: [\n", "    events: [\n        Event(id: \"new-early\", when: \"1999\", title: \"New and early\", actors: [\"fsb\"], sources: [Cite(source: \"report\")]),\n", 1);
    assert_ne!(text, common::FIXTURE);
    std::fs::write(&path, text).unwrap();
    let new = reload::load(&path).expect("the edit loads");
    reload::carry_over(&mut state, &old, &new);
    assert_eq!(id(&state, &new), cursor_before, "the cursor stays on its event");
    assert_eq!(state.selection.map(|ix| new.event(ix).id.clone()), selection_before);
    assert_eq!(state.filter.query.text, "@fsb");
    let shown_after = common::shown(&state, &new);
    assert_eq!(shown_after.len(), shown_before.len() + 1, "the new event passes the same filter");
    assert!(shown_after.contains(&"new-early".to_string()));
    assert!(new.timeline.events.iter().any(|e| e.title == "A second, edited"));
    assert!(state.banner.is_none());
}

#[test]
fn a_broken_edit_keeps_the_last_good_timeline_under_a_banner_until_it_is_fixed() {
    let path = copy_of_fixture("broken");
    let data = reload::load(&path).expect("the fixture loads");
    let mut state = common::start(&data, 120, 40);
    let before = common::shown(&state, &data);
    std::fs::write(&path, common::FIXTURE.replace("status: Confirmed", "status: Confirmd")).unwrap();
    let errors = reload::load(&path).err().expect("the broken file does not load");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("timeline.ron:") && errors[0].contains(": error: unknown status `Confirmd`"),
        "{errors:?}"
    );
    reload::failed(&mut state, errors);
    assert_eq!(common::shown(&state, &data), before, "the last good timeline stays");
    let screen = format!("{:?}", common::render(&state, &data, 120, 40));
    assert!(screen.contains("The file has errors"), "{screen}");
    assert!(screen.contains("unknown status `Confirmd`"), "{screen}");
    std::fs::write(&path, common::FIXTURE).unwrap();
    let fixed = reload::load(&path).expect("fixed");
    reload::carry_over(&mut state, &data, &fixed);
    assert!(state.banner.is_none());
    assert!(!format!("{:?}", common::render(&state, &fixed, 120, 40)).contains("The file has errors"));
}

#[test]
fn r_asks_for_a_reload_and_e_for_the_editor_at_the_event_line() {
    let data = common::data();
    let mut state = common::start(&data, 120, 40);
    let effects = common::press(&mut state, &data, "r");
    assert_eq!(effects, vec![timeline::tui::effect::Effect::Reload]);
    let line = data.event(state.current().unwrap()).line;
    let effects = common::press(&mut state, &data, "e");
    assert_eq!(effects, vec![timeline::tui::effect::Effect::Edit { line }]);
}

#[test]
fn events_deleted_under_the_cursor_leave_it_on_the_nearest_one_without_a_panic() {
    let path = copy_of_fixture("deleted");
    let old = reload::load(&path).expect("the fixture loads");
    let mut state = common::start(&old, 120, 40);
    common::press(&mut state, &old, "G");
    // Keep only the first three events of the file.
    let text = common::FIXTURE;
    let start = text.find("    events: [\n").unwrap() + "    events: [\n".len();
    let kept: Vec<&str> = text[start..].split_inclusive("\n        Event(").take(3).collect();
    let mut cut = format!("{}{}", &text[..start], kept.concat());
    cut.truncate(cut.rfind("\n        Event(").unwrap());
    cut.push_str("\n    ],\n)\n");
    std::fs::write(&path, &cut).unwrap();
    let new = reload::load(&path).expect("the shortened file loads");
    assert!(new.timeline.events.len() < old.timeline.events.len());
    reload::carry_over(&mut state, &old, &new);
    assert!(state.cursor < state.shown.len());
    let _ = common::render(&state, &new, 120, 40);
}

#[cfg(unix)]
#[test]
fn a_file_replaced_by_a_fifo_is_an_error_under_the_banner_not_a_hang() {
    let path = copy_of_fixture("fifo");
    let data = reload::load(&path).expect("the fixture loads");
    let mut state = common::start(&data, 120, 40);
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
    reload::failed(&mut state, errors);
    let screen = format!("{:?}", common::render(&state, &data, 120, 40));
    assert!(screen.contains("not a regular file (a FIFO)"), "{screen}");
}
