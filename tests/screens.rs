//! Screen snapshots: the browser drawn into a TestBackend at a normal and a tiny size.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use timeline::load::load_str;
use timeline::tui::action::Action;
use timeline::tui::keymap;
use timeline::tui::state::{Data, State};
use timeline::tui::update::update;
use timeline::tui::view::{Theme, draw};

const FIXTURE: &str = include_str!("fixtures/valid/every-form.ron");

fn data() -> Data {
    Data::new(load_str(FIXTURE, None).timeline.expect("valid fixture"), "every-form.ron".into())
}

/// Feeds keys through the key map and `update`, as the browser's loop does.
fn press(state: &mut State, data: &Data, keys: &str) {
    for c in keys.chars() {
        let event = match c {
            '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            '\u{1b}' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        };
        if let Some(action) = keymap::action(state.mode(), &event) {
            update(state, data, action);
        }
    }
}

fn screen(width: u16, height: u16, keys: &str) -> TestBackend {
    let data = data();
    let mut state = State::new(&data, (width, height));
    update(&mut state, &data, Action::Resize { width, height });
    press(&mut state, &data, keys);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, &state, &data, &Theme { color: false })).unwrap();
    terminal.backend().clone()
}

#[test]
fn main_screen_wide() {
    insta::assert_snapshot!(screen(120, 40, ""));
}

#[test]
fn main_screen_tiny() {
    insta::assert_snapshot!(screen(40, 12, ""));
}

#[test]
fn help_overlay_wide() {
    insta::assert_snapshot!(screen(120, 40, "?"));
}

#[test]
fn help_overlay_tiny() {
    insta::assert_snapshot!(screen(40, 12, "?"));
}

#[test]
fn actor_picker_wide() {
    insta::assert_snapshot!(screen(120, 40, "afsb "));
}

#[test]
fn actor_picker_tiny() {
    insta::assert_snapshot!(screen(40, 12, "a"));
}

#[test]
fn filtered_by_actor_wide() {
    insta::assert_snapshot!(screen(120, 40, "afsb \n"));
}

#[test]
fn query_bar_with_a_problem() {
    insta::assert_snapshot!(screen(120, 40, "/@fsb #zz"));
}

#[test]
fn no_results() {
    insta::assert_snapshot!(screen(80, 24, "/nothing-matches-this\n"));
}

#[test]
fn too_small() {
    insta::assert_snapshot!(screen(20, 5, ""));
}
