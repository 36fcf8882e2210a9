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

/// Ratatui's own wrapping put the 25th character of a line of 49 CJK characters in the pane's
/// last column, half outside it; the terminal then wrapped the row and shifted the screen.
#[test]
fn a_summary_of_wide_characters_wraps_whole_inside_the_detail_pane() {
    let summary: String =
        "莫斯科克罗库斯城市大厅音乐会恐怖袭击事件发生在二零二四年三月二十二日晚上有枪手进入大厅开枪射击造成大量伤亡"
            .chars()
            .take(49)
            .collect();
    let text = common::FIXTURE.replace("Every field is set on this one.", &summary);
    let timeline = timeline::load::load_str(&text, None).timeline.unwrap();
    for (width, height) in [(120, 24), (121, 24), (99, 44), (81, 44)] {
        let data = timeline::tui::state::Data::new(timeline.clone(), std::path::Path::new("wide.ron"));
        let b = common::Browser::new(data, width, height);
        let screen = b.screen();
        let buffer = screen.buffer();
        let shown: usize =
            buffer.content().iter().filter(|c| summary.contains(c.symbol()) && !c.symbol().trim().is_empty()).count();
        assert_eq!(shown, 49, "every character of the summary at {width}×{height}\n{screen}");
        let last = buffer.area.right() - 1;
        for y in 0..height {
            assert_eq!(unicode_width::UnicodeWidthStr::width(buffer[(last, y)].symbol()), 1, "row {y}\n{screen}");
        }
    }
}

#[test]
fn detail_hidden_wide() {
    insta::assert_snapshot!(screen(120, 40, "z"));
}

#[test]
fn titles_wrapped_and_detail_hidden_small() {
    insta::assert_snapshot!(screen(80, 24, "zw"));
}

#[test]
fn titles_wrapped_tiny() {
    insta::assert_snapshot!(screen(40, 12, "w"));
}

#[test]
fn main_screen_small() {
    insta::assert_snapshot!(screen(80, 24, ""));
}

#[test]
fn an_empty_timeline_says_it_has_no_events() {
    let text = "Timeline(title: \"Nothing yet\", events: [])";
    let timeline = timeline::load::load_str(text, None).timeline.unwrap();
    let data = timeline::tui::state::Data::new(timeline, std::path::Path::new("empty.ron"));
    insta::assert_snapshot!(common::Browser::new(data, 80, 24).screen());
}

fn bundled(width: u16, height: u16) -> common::Browser {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/timeline.ron")).unwrap();
    let timeline = timeline::load::load_str(&text, None).timeline.unwrap();
    common::Browser::new(timeline::tui::state::Data::new(timeline, std::path::Path::new("timeline.ron")), width, height)
}

#[test]
fn titles_get_45_columns_beside_the_detail_pane_and_90_without_it_at_120_by_40() {
    use timeline::tui::layout;
    let mut b = bundled(120, 40);
    for _ in 0..b.state().shown.len() {
        let columns = layout::columns(b.state(), b.data());
        assert!(columns.title >= 45, "{columns:?}");
        b.press("j");
    }
    b.press("z");
    assert_eq!(layout::of(b.state()).detail.height, 0, "z hides the detail pane");
    for _ in 0..b.state().shown.len() {
        let columns = layout::columns(b.state(), b.data());
        assert!(columns.title >= 90, "{columns:?}");
        b.press("k");
    }
    b.press("z");
    assert!(layout::of(b.state()).detail.width > 0, "z shows it again");
}

#[test]
fn wrapped_titles_are_whole_on_screen_and_the_cursor_row_stays_on_screen() {
    use timeline::tui::layout::{self, Line};
    for (width, height, keys) in [(120, 40, "zw"), (80, 24, "zw"), (80, 24, "w"), (40, 12, "w")] {
        let mut b = bundled(width, height);
        b.press(keys);
        b.press("g");
        for _ in 0..b.state().shown.len() {
            let (state, data) = (b.state(), b.data());
            let columns = layout::columns(state, data);
            let lines = layout::list_lines(state, data, &columns, layout::of(state).list.height as usize);
            let cursor_lines =
                lines.iter().filter(|l| matches!(l, Line::Event { pos, .. } if *pos == state.cursor)).count();
            assert_eq!(
                cursor_lines,
                layout::row_height(state, data, &columns, state.cursor),
                "{width}×{height} {keys}"
            );
            b.press("j");
        }
    }
    // At 120 columns without the detail pane, and at 80, every title of the bundled timeline
    // is whole: none is cut with `…`.
    for width in [120, 80] {
        let mut b = bundled(width, 40);
        b.press("zw");
        let (state, data) = (b.state(), b.data());
        let columns = layout::columns(state, data);
        for e in &data.timeline.events {
            let lines = layout::title_lines(e, data, state, &columns, ratatui::style::Style::new());
            let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            assert!(!text.concat().ends_with('…'), "`{}` is cut at {width}: {text:?}", e.title);
        }
    }
}

#[test]
fn lanes_by_actor_wide() {
    insta::assert_snapshot!(screen(120, 40, "L"));
}

#[test]
fn lanes_by_actor_small() {
    insta::assert_snapshot!(screen(80, 24, "L"));
}

#[test]
fn lanes_by_status_wide() {
    insta::assert_snapshot!(screen(120, 40, "LLL"));
}

#[test]
fn lanes_by_status_small() {
    insta::assert_snapshot!(screen(80, 24, "LLL"));
}

#[test]
fn detail_with_first_report_origins_grades_and_links_wide() {
    // On `day`, its second link (contradicted by `day-again`) under the detail cursor.
    insta::assert_snapshot!(screen(120, 40, "]]]]"));
}

#[test]
fn detail_with_first_report_origins_grades_and_links_small() {
    insta::assert_snapshot!(screen(80, 24, "<tab>G"));
}

#[test]
fn as_of_in_the_header_and_possibly_known_events_marked_wide() {
    // By noon on the 28th the report of that day may or may not have come: ◌ and dimmed.
    insta::assert_snapshot!(screen(120, 40, "A2024-03-28T12:00<enter>"));
}

#[test]
fn as_of_in_the_header_small() {
    insta::assert_snapshot!(screen(80, 24, "A2024-03-23<enter>"));
}

fn before_common_era(width: u16, height: u16) -> ratatui::backend::TestBackend {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/before-common-era.ron");
    let timeline = timeline::load::load_str(&std::fs::read_to_string(path).unwrap(), None).timeline.unwrap();
    let data = timeline::tui::state::Data::new(timeline, std::path::Path::new("before-common-era.ron"));
    common::Browser::new(data, width, height).screen()
}

#[test]
fn years_before_the_common_era_and_beyond_9999_in_the_list_small() {
    insta::assert_snapshot!(before_common_era(80, 24));
}

#[test]
fn years_before_the_common_era_and_beyond_9999_in_the_list_wide() {
    insta::assert_snapshot!(before_common_era(120, 40));
}
