//! Screen snapshots: the browser drawn into a TestBackend at a normal and a tiny size.

mod common;

use common::browser;

fn screen(width: u16, height: u16, keys: &str) -> ratatui::backend::TestBackend {
    let mut b = browser(width, height);
    b.press(keys);
    b.screen()
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
    insta::assert_snapshot!(screen(120, 40, "afsb <enter>"));
}

#[test]
fn query_bar_with_a_problem() {
    insta::assert_snapshot!(screen(120, 40, "/@fsb #zz"));
}

#[test]
fn no_results() {
    insta::assert_snapshot!(screen(80, 24, "/nothing-matches-this<enter>"));
}

#[test]
fn too_small() {
    insta::assert_snapshot!(screen(20, 5, ""));
}
