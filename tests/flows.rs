//! Flow tests: key strings through the key map and `update`, checking the resulting state.

mod common;

use common::{current, data, press, shown, start};
use timeline::tui::action::Action;
use timeline::tui::effect::Effect;
use timeline::tui::keymap::Mode;
use timeline::tui::state::Focus;
use timeline::tui::update::update;

#[test]
fn it_opens_on_the_anchor_event_with_everything_shown() {
    let data = data();
    let state = start(&data, 120, 40);
    assert_eq!(state.shown.len(), 14);
    assert_eq!(current(&state, &data).as_deref(), Some("day"));
    assert_eq!(state.mode(), Mode::List);
}

#[test]
fn picking_an_actor_by_typing_part_of_its_name_leaves_only_its_events() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "afed <enter>");
    assert_eq!(shown(&state, &data), ["day", "second"]);
    assert_eq!(state.mode(), Mode::List, "Enter closes the picker");
    assert_eq!(current(&state, &data).as_deref(), Some("day"), "the cursor stays on its event");
}

#[test]
fn an_actor_can_be_found_by_alias_and_excluded() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "asilov<C-x><enter>");
    assert_eq!(state.shown.len(), 12);
    assert!(!shown(&state, &data).contains(&"second".to_string()));
}

#[test]
fn any_of_and_all_of_the_chosen_actors() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "afed <C-u>vlad <enter>");
    assert_eq!(shown(&state, &data), ["month", "day", "second"], "any of: FSB or Putin (who claims `day`)");
    press(&mut state, &data, "a<C-a><enter>");
    assert_eq!(shown(&state, &data), ["day"], "all of: only `day` involves both");
}

#[test]
fn escape_cancels_the_picker_without_changing_the_filter() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "afed <esc>");
    assert_eq!(state.shown.len(), 14);
    assert!(state.overlay.is_none());
}

#[test]
fn the_picker_counts_events_given_the_other_filters() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "/second<enter>a");
    let Some(timeline::tui::state::Overlay::Picker(picker)) = &state.overlay else { panic!("picker open") };
    let fsb = picker.items.iter().find(|i| i.label == "Federal Security Service").unwrap();
    let putin = picker.items.iter().find(|i| i.label == "Vladimir Putin").unwrap();
    assert_eq!((fsb.count, putin.count), (1, 0));
    assert_eq!(picker.items[0].label, "Federal Security Service", "sorted by count");
}

#[test]
fn tags_are_picked_the_same_way() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "telec <enter>");
    assert_eq!(shown(&state, &data), ["month"]);
    assert_eq!(current(&state, &data).as_deref(), Some("month"), "the nearest event when the old one is gone");
}

#[test]
fn the_query_bar_filters_at_every_keystroke_and_escape_restores() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "/@fsb");
    assert_eq!(shown(&state, &data), ["day", "second"]);
    press(&mut state, &data, "<enter>");
    assert_eq!(state.filter.query.text, "@fsb", "Enter keeps the query");
    press(&mut state, &data, "/<C-u>minute<esc>");
    assert_eq!(state.filter.query.text, "@fsb", "Esc restores the previous query");
    assert_eq!(shown(&state, &data), ["day", "second"]);
}

#[test]
fn a_part_that_does_not_parse_is_reported_and_the_rest_still_filters() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "/second @ \"open");
    assert_eq!(shown(&state, &data), ["second"]);
    assert_eq!(state.filter.query.problems.len(), 2);
}

#[test]
fn clearing_removes_every_filter() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "afed <enter>/day<enter>telec <enter>");
    assert!(state.shown.is_empty(), "no event passes all three");
    press(&mut state, &data, "jkGg}{");
    press(&mut state, &data, "c");
    assert_eq!(state.shown.len(), 14);
    assert!(state.filter.is_empty());
}

#[test]
fn movement_keys_and_dates() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "g");
    assert_eq!(current(&state, &data).as_deref(), Some("uncertain"));
    press(&mut state, &data, "<end>");
    assert_eq!(current(&state, &data).as_deref(), Some("open-end"));
    press(&mut state, &data, "gjjj");
    assert_eq!(current(&state, &data).as_deref(), Some("year"));
    press(&mut state, &data, "}");
    assert_eq!(current(&state, &data).as_deref(), Some("month"), "next date heading");
    press(&mut state, &data, "}}}");
    assert_eq!(current(&state, &data).as_deref(), Some("day"));
    press(&mut state, &data, "}");
    assert_eq!(current(&state, &data).as_deref(), Some("unknown-end"), "the whole 22nd is skipped");
    press(&mut state, &data, "{");
    assert_eq!(current(&state, &data).as_deref(), Some("day"), "back to the first event of the 22nd");
    press(&mut state, &data, "<pgdn>");
    assert_eq!(current(&state, &data).as_deref(), Some("open-end"));
}

#[test]
fn tab_moves_focus_and_the_detail_pane_scrolls_instead_of_the_list() {
    let data = data();
    let mut state = start(&data, 80, 20);
    press(&mut state, &data, "<tab>jj");
    assert_eq!(state.focus, Focus::Detail);
    assert_eq!(state.detail_scroll, 2);
    assert_eq!(current(&state, &data).as_deref(), Some("day"));
    let end = timeline::tui::view::detail_max_scroll(&state, &data);
    assert!(end > 2, "the fixture's `day` overflows a 20-line screen");
    press(&mut state, &data, "G");
    assert_eq!(state.detail_scroll, end, "G goes to the end of the detail");
    press(&mut state, &data, "j<pgdn>");
    assert_eq!(state.detail_scroll, end, "and never past it");
    press(&mut state, &data, "g");
    assert_eq!(state.detail_scroll, 0);
    press(&mut state, &data, "<tab>j");
    assert_eq!(current(&state, &data).as_deref(), Some("day-again"));
    assert_eq!(state.detail_scroll, 0, "a new event starts at its top");
}

#[test]
fn help_opens_and_escape_closes_the_topmost_overlay() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "?");
    assert_eq!(state.mode(), Mode::Help);
    press(&mut state, &data, "q");
    assert_eq!(state.mode(), Mode::List, "q closes help rather than quitting");
    press(&mut state, &data, "?<esc>");
    assert_eq!(state.mode(), Mode::List);
}

#[test]
fn q_and_ctrl_c_quit_and_typing_q_in_the_query_does_not() {
    let data = data();
    let mut state = start(&data, 120, 40);
    assert!(press(&mut state, &data, "/q").is_empty());
    assert_eq!(state.filter.query.text, "q");
    assert_eq!(press(&mut state, &data, "<C-c>"), vec![Effect::Quit]);
    let mut state = start(&data, 120, 40);
    assert_eq!(press(&mut state, &data, "q"), vec![Effect::Quit]);
}

#[test]
fn a_click_selects_the_row_under_the_mouse() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "g");
    // Rows start under the header and the two-line density strip: heading, then the first event.
    update(&mut state, &data, Action::Click { column: 5, row: 6 });
    assert_eq!(current(&state, &data).as_deref(), Some("both"));
    update(&mut state, &data, Action::ScrollDown);
    assert_eq!(current(&state, &data).as_deref(), Some("month"));
}

#[test]
fn the_cursor_stays_on_screen_in_a_tiny_terminal() {
    let data = data();
    let mut state = start(&data, 40, 12);
    for _ in 0..14 {
        press(&mut state, &data, "j");
        let height = timeline::tui::layout::list_height(state.size);
        let rows = timeline::tui::state::rows(&data, &state.shown, state.offset, height);
        let on_screen = rows.iter().any(|r| r == &timeline::tui::state::Row::Event(state.cursor));
        assert!(on_screen, "cursor {} off screen at offset {}", state.cursor, state.offset);
    }
}

#[test]
fn help_lists_every_binding_of_every_mode() {
    use timeline::tui::keymap::{ALL_MODES, BINDINGS};
    let data = data();
    let mut state = start(&data, 120, 300);
    press(&mut state, &data, "?");
    let screen = format!("{}", common::render(&state, &data, 120, 300));
    for b in BINDINGS {
        assert!(b.modes.iter().all(|m| ALL_MODES.contains(m)));
        assert!(screen.contains(b.action.help()), "help does not mention `{}`", b.action.help());
    }
}
