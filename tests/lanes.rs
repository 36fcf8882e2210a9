//! The lanes view (`L`): the shown events in lanes by actor, tag, status or source, moved about
//! with h/l (time) and j/k (lanes), sharing its cursor, filters and selection with the list.

mod common;

use common::{Browser, browser};
use timeline::lanes::LaneBy;
use timeline::tui::lanes_view::{self, has};

fn bundled(width: u16, height: u16) -> Browser {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/timeline.ron")).unwrap();
    let timeline = timeline::load::load_str(&text, None).timeline.unwrap();
    Browser::new(timeline::tui::state::Data::new(timeline, std::path::Path::new("timeline.ron")), width, height)
}

fn by(b: &Browser) -> Option<LaneBy> {
    b.state().lanes.as_ref().map(|v| v.by)
}

fn text(b: &Browser) -> String {
    format!("{:?}", b.screen())
}

#[test]
fn l_shows_lanes_by_actor_with_the_cursor_kept() {
    let mut b = browser(120, 40);
    b.press("jj");
    let before = (b.current(), b.state().cursor);
    b.press("L");
    assert_eq!(by(&b), Some(LaneBy::Actor));
    assert_eq!((b.current(), b.state().cursor), before);
    let screen = text(&b);
    assert!(screen.contains("by actor"), "{screen}");
    let view = b.state().lanes.as_ref().unwrap();
    let ix = b.state().current().unwrap();
    assert!(has(&view.lanes[view.lane], ix), "the cursor's lane has the cursor's event");
}

#[test]
fn l_cycles_tag_status_source_and_back_to_the_list() {
    let mut b = browser(120, 40);
    let mut seen = Vec::new();
    for _ in 0..5 {
        b.press("L");
        seen.push(by(&b));
    }
    assert_eq!(seen, [Some(LaneBy::Actor), Some(LaneBy::Tag), Some(LaneBy::Status), Some(LaneBy::Source), None]);
    assert_eq!(b.state().mode(), timeline::tui::keymap::Mode::List);
}

#[test]
fn h_and_l_go_to_the_previous_and_next_event_in_time() {
    let mut b = browser(120, 40);
    b.press("gjjL");
    assert_eq!(b.state().cursor, 2);
    b.press("l");
    assert_eq!(b.state().cursor, 3);
    b.press("hh");
    assert_eq!(b.state().cursor, 1);
    b.press("<end>");
    let last = b.state().shown.len() - 1;
    assert_eq!(b.state().cursor, last);
    b.press("l");
    assert_eq!(b.state().cursor, last, "no further than the last");
}

#[test]
fn j_and_k_go_to_the_nearest_event_in_time_in_the_next_and_previous_lane() {
    let mut b = bundled(120, 40);
    b.press("L");
    for key in ["j", "j", "j", "k", "j", "k", "k"] {
        let (lane, time) = {
            let (state, data) = (b.state(), b.data());
            (state.lanes.as_ref().unwrap().lane, data.event(state.current().unwrap()).sort_instant())
        };
        b.press(key);
        let (state, data) = (b.state(), b.data());
        let view = state.lanes.as_ref().unwrap();
        let wanted = if key == "j" { (lane + 1).min(view.lanes.len() - 1) } else { lane.saturating_sub(1) };
        assert_eq!(view.lane, wanted, "{key}");
        let ix = state.current().unwrap();
        assert!(has(&view.lanes[view.lane], ix));
        let distance = |e: usize| data.event(e).sort_instant().abs_diff(time);
        let best = view.lanes[view.lane].entries.iter().map(|e| distance(e.event)).min().unwrap();
        assert_eq!(distance(ix), best, "{key}: the nearest in time");
    }
}

#[test]
fn lanes_beyond_the_pane_scroll_with_the_cursor() {
    let mut b = bundled(80, 24);
    b.press("Lg");
    let count = b.state().lanes.as_ref().unwrap().lanes.len();
    for _ in 0..count {
        b.press("j");
        let view = b.state().lanes.as_ref().unwrap();
        let rows = timeline::tui::layout::of(b.state()).list.height as usize - 1;
        assert!(view.top <= view.lane && view.lane < view.top + rows, "{} {} {rows}", view.top, view.lane);
    }
    assert_eq!(b.state().lanes.as_ref().unwrap().lane, count - 1);
}

#[test]
fn switching_keeps_the_filters_and_the_selection() {
    let mut b = browser(120, 40);
    b.press("/-#election<enter>");
    let shown = b.shown();
    assert!(shown.len() > 3 && shown.len() < b.data().timeline.events.len(), "{shown:?}");
    b.press("gvj");
    let selection = (b.state().selection, b.state().selected());
    b.press("L");
    assert_eq!(b.shown(), shown);
    b.press("l");
    b.press("LLLL");
    assert_eq!(by(&b), None);
    assert_eq!(b.shown(), shown);
    assert_eq!(b.state().selection, selection.0);
    assert_ne!(b.state().selected(), selection.1, "moving in the lanes extends the selection");
}

#[test]
fn a_filter_made_in_the_lanes_makes_them_again() {
    let mut b = browser(120, 40);
    b.press("L");
    let all: usize = b.state().lanes.as_ref().unwrap().lanes.iter().map(|l| l.entries.len()).sum();
    b.press("/#attack<enter>");
    let view = b.state().lanes.as_ref().unwrap();
    let now: usize = view.lanes.iter().map(|l| l.entries.len()).sum();
    assert!(now < all);
    for lane in &view.lanes {
        assert!(lane.entries.iter().all(|e| b.state().shown.contains(&e.event)));
    }
}

#[test]
fn enter_shows_the_detail_and_esc_comes_back_to_the_lanes() {
    let mut b = browser(80, 24);
    b.press("zL<enter>");
    assert_eq!(b.state().mode(), timeline::tui::keymap::Mode::Detail);
    assert!(!b.state().detail_hidden);
    b.press("<esc>");
    assert_eq!(b.state().mode(), timeline::tui::keymap::Mode::Lanes);
}

#[test]
fn a_claimants_lane_flags_the_claim_and_approximate_dates_are_marked() {
    let mut b = bundled(120, 40);
    b.press("L");
    let screen = text(&b);
    let putin = screen.lines().find(|l| l.contains("Putin ")).expect("a lane for Putin");
    assert!(putin.contains('⚑'), "{putin}");
    assert!(screen.contains('┅') || screen.contains('~'), "{screen}");
}

#[test]
fn an_event_with_ten_thousand_actors_draws_only_the_lanes_on_screen() {
    let mut actors = String::new();
    let mut ids = Vec::new();
    for i in 0..10_000 {
        actors.push_str(&format!("Actor(id: \"a{i}\", name: \"Actor {i}\", kind: Person),\n"));
        ids.push(format!("\"a{i}\""));
    }
    let text = format!(
        "Timeline(title: \"Crowd\", actors: [{actors}], events: [Event(id: \"e\", when: \"2024-03-22\", title: \"Crowd\", actors: [{}], status: Confirmed)])",
        ids.join(", ")
    );
    let timeline = timeline::load::load_str(&text, None).timeline.expect("valid");
    let mut b = Browser::new(timeline::tui::state::Data::new(timeline, std::path::Path::new("crowd.ron")), 120, 40);
    b.press("L");
    assert_eq!(b.state().lanes.as_ref().unwrap().lanes.len(), 10_000);
    let started = std::time::Instant::now();
    for _ in 0..20 {
        let _ = b.screen();
    }
    // Generous: a frame copies 35 lanes, not 10,000.
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

mod property {
    use super::*;
    use proptest::prelude::*;
    use timeline::lanes::lanes;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// On the same scale, an earlier event is never drawn to the right of a later one in the
        /// same lane: whichever events are shown, whatever the width and the kind of lanes.
        #[test]
        fn in_a_lane_an_earlier_event_is_never_drawn_right_of_a_later_one(
            keep in proptest::collection::vec(any::<bool>(), 92),
            width in 1usize..200,
            kind in 0usize..4,
        ) {
            let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/timeline.ron")).unwrap();
            let t = timeline::load::load_str(&text, None).timeline.unwrap();
            let shown: Vec<usize> = (0..t.events.len()).filter(|&i| keep.get(i).copied().unwrap_or(true)).collect();
            let by = [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source][kind];
            let axis = timeline::axis::Axis::collapsed_points(&timeline::lanes::anchors(&t, &shown), width);
            for lane in lanes(&t, &shown, by) {
                let columns: Vec<usize> = lane.entries.iter().map(|e| lanes_view::column_of(&t, &axis, e.event)).collect();
                prop_assert!(columns.is_sorted(), "{}: {:?}", lane.label, columns);
                prop_assert!(columns.iter().all(|&c| c < width));
            }
        }
    }
}

#[test]
fn a_click_on_a_lane_puts_the_cursor_on_its_event_nearest_the_column() {
    use timeline::tui::{action::Action, msg::Msg};
    let mut b = bundled(120, 40);
    b.press("L<tab>");
    let list = timeline::tui::layout::of(b.state()).list;
    let left = list.x + lanes_view::label_width(list.width) as u16 + 1;
    b.send(Msg::Action(Action::Click { column: left + 40, row: list.y + 3 }));
    let view = b.state().lanes.as_ref().unwrap();
    assert_eq!(b.state().mode(), timeline::tui::keymap::Mode::Lanes, "the click gives the lanes the keys");
    assert_eq!(view.lane, view.top + 2);
    assert!(has(&view.lanes[view.lane], b.state().current().unwrap()));
}

#[test]
fn zoomed_in_the_lanes_draw_no_event_outside_the_window() {
    let mut b = browser(120, 40);
    b.press("L+");
    let view = b.state().lanes.as_ref().expect("the lanes");
    let (from, to) = view.axis.span();
    let t = &b.data().timeline;
    let (mut outside, mut inside) = (0, 0);
    for &ix in &b.state().shown {
        let e = &t.events[ix];
        let cells = lanes_view::cells(t, &view.axis, timeline::lanes::Entry { event: ix, claim: false });
        if e.end < from || (e.start != i64::MIN && e.start > to) {
            outside += 1;
            assert!(cells.is_empty(), "`{}` is outside the window and drawn: {cells:?}", e.id);
        } else {
            inside += 1;
            assert!(!cells.is_empty(), "`{}` is in the window and not drawn", e.id);
        }
    }
    assert!(outside > 0 && inside > 0, "{outside} outside, {inside} inside");
}
