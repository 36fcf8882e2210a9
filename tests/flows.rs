//! Flow tests: key strings through the key map and `update`, checking the resulting b.state().

mod common;

use common::browser;
use timeline::tui::action::Action;
use timeline::tui::effect::Effect;
use timeline::tui::keymap::Mode;
use timeline::tui::msg::Msg;
use timeline::tui::state::Focus;

#[test]
fn it_opens_on_the_anchor_event_with_everything_shown() {
    let b = browser(120, 40);
    assert_eq!(b.state().shown.len(), 14);
    assert_eq!(b.current().as_deref(), Some("day"));
    assert_eq!(b.state().mode(), Mode::List);
}

#[test]
fn picking_an_actor_by_typing_part_of_its_name_leaves_only_its_events() {
    let mut b = browser(120, 40);
    b.press("afed <enter>");
    assert_eq!(b.shown(), ["day", "second"]);
    assert_eq!(b.state().mode(), Mode::List, "Enter closes the picker");
    assert_eq!(b.current().as_deref(), Some("day"), "the cursor stays on its event");
}

#[test]
fn an_actor_can_be_found_by_alias_and_excluded() {
    let mut b = browser(120, 40);
    b.press("asilov<C-x><enter>");
    assert_eq!(b.state().shown.len(), 12);
    assert!(!b.shown().contains(&"second".to_string()));
}

#[test]
fn any_of_and_all_of_the_chosen_actors() {
    let mut b = browser(120, 40);
    b.press("afed <C-u>vlad <enter>");
    assert_eq!(b.shown(), ["month", "day", "second"], "any of: FSB or Putin (who claims `day`)");
    b.press("a<C-a><enter>");
    assert_eq!(b.shown(), ["day"], "all of: only `day` involves both");
}

#[test]
fn escape_cancels_the_picker_without_changing_the_filter() {
    let mut b = browser(120, 40);
    b.press("afed <esc>");
    assert_eq!(b.state().shown.len(), 14);
    assert!(b.state().overlay.is_none());
}

#[test]
fn the_picker_counts_events_given_the_other_filters() {
    let mut b = browser(120, 40);
    b.press("/second<enter>a");
    let Some(timeline::tui::state::Overlay::Picker(picker)) = &b.state().overlay else { panic!("picker open") };
    let fsb = picker.items.iter().find(|i| i.label == "Federal Security Service").unwrap();
    let putin = picker.items.iter().find(|i| i.label == "Vladimir Putin").unwrap();
    assert_eq!((fsb.count, putin.count), (1, 0));
    assert_eq!(picker.items[0].label, "Federal Security Service", "sorted by count");
}

#[test]
fn tags_are_picked_the_same_way() {
    let mut b = browser(120, 40);
    b.press("telec <enter>");
    assert_eq!(b.shown(), ["month"]);
    assert_eq!(b.current().as_deref(), Some("month"), "the nearest event when the old one is gone");
}

#[test]
fn the_query_bar_filters_at_every_keystroke_and_escape_restores() {
    let mut b = browser(120, 40);
    b.press("/@fsb");
    assert_eq!(b.shown(), ["day", "second"]);
    b.press("<enter>");
    assert_eq!(b.state().filter.query.text, "@fsb", "Enter keeps the query");
    b.press("/<C-u>minute<esc>");
    assert_eq!(b.state().filter.query.text, "@fsb", "Esc restores the previous query");
    assert_eq!(b.shown(), ["day", "second"]);
}

#[test]
fn a_part_that_does_not_parse_is_reported_and_the_rest_still_filters() {
    let mut b = browser(120, 40);
    b.press("/second @ \"open");
    assert_eq!(b.shown(), ["second"]);
    assert_eq!(b.state().filter.query.problems.len(), 2);
}

#[test]
fn clearing_removes_every_filter() {
    let mut b = browser(120, 40);
    b.press("afed <enter>/day<enter>telec <enter>");
    assert!(b.state().shown.is_empty(), "no event passes all three");
    b.press("jkGg}{");
    b.press("c");
    assert_eq!(b.state().shown.len(), 14);
    assert!(b.state().filter.is_empty());
}

#[test]
fn movement_keys_and_dates() {
    let mut b = browser(120, 40);
    b.press("g");
    assert_eq!(b.current().as_deref(), Some("uncertain"));
    b.press("<end>");
    assert_eq!(b.current().as_deref(), Some("open-end"));
    b.press("gjjj");
    assert_eq!(b.current().as_deref(), Some("year"));
    b.press("}");
    assert_eq!(b.current().as_deref(), Some("month"), "next date heading");
    b.press("}}}");
    assert_eq!(b.current().as_deref(), Some("day"));
    b.press("}");
    assert_eq!(b.current().as_deref(), Some("unknown-end"), "the whole 22nd is skipped");
    b.press("{");
    assert_eq!(b.current().as_deref(), Some("day"), "back to the first event of the 22nd");
    b.press("<pgdn>");
    assert_eq!(b.current().as_deref(), Some("open-end"));
}

#[test]
fn tab_moves_focus_and_the_detail_pane_scrolls_instead_of_the_list() {
    let mut b = browser(80, 20);
    b.press("<tab>jj");
    assert_eq!(b.state().focus, Focus::Detail);
    assert_eq!(b.state().detail_scroll, 2);
    assert_eq!(b.current().as_deref(), Some("day"));
    let end = timeline::tui::detail::max_scroll(b.state(), b.data());
    assert!(end > 2, "the fixture's `day` overflows a 20-line screen");
    b.press("G");
    assert_eq!(b.state().detail_scroll, end, "G goes to the end of the detail");
    b.press("j<pgdn>");
    assert_eq!(b.state().detail_scroll, end, "and never past it");
    b.press("g");
    assert_eq!(b.state().detail_scroll, 0);
    b.press("<tab>j");
    assert_eq!(b.current().as_deref(), Some("day-again"));
    assert_eq!(b.state().detail_scroll, 0, "a new event starts at its top");
}

#[test]
fn help_opens_and_escape_closes_the_topmost_overlay() {
    let mut b = browser(120, 40);
    b.press("?");
    assert_eq!(b.state().mode(), Mode::Help);
    b.press("q");
    assert_eq!(b.state().mode(), Mode::List, "q closes help rather than quitting");
    b.press("?<esc>");
    assert_eq!(b.state().mode(), Mode::List);
}

#[test]
fn q_and_ctrl_c_quit_and_typing_q_in_the_query_does_not() {
    let mut b = browser(120, 40);
    assert!(b.press("/q").is_empty());
    assert_eq!(b.state().filter.query.text, "q");
    assert_eq!(b.press("<C-c>"), vec![Effect::Quit]);
    let mut b = browser(120, 40);
    assert_eq!(b.press("q"), vec![Effect::Quit]);
}

#[test]
fn a_click_selects_the_row_under_the_mouse() {
    let mut b = browser(120, 40);
    b.press("g");
    // Rows start under the header and the two-line density strip: heading, then the first event.
    b.send(Msg::Action(Action::Click { column: 5, row: 6 }));
    assert_eq!(b.current().as_deref(), Some("both"));
    b.send(Msg::Action(Action::ScrollDown));
    assert_eq!(b.current().as_deref(), Some("month"));
}

#[test]
fn the_cursor_stays_on_screen_in_a_tiny_terminal() {
    let mut b = browser(40, 12);
    for _ in 0..14 {
        b.press("j");
        let height = timeline::tui::layout::list_height(b.state().size);
        let rows = timeline::tui::state::rows(b.data(), &b.state().shown, b.state().offset, height);
        let on_screen = rows.iter().any(|r| r == &timeline::tui::state::Row::Event(b.state().cursor));
        assert!(on_screen, "cursor {} off screen at offset {}", b.state().cursor, b.state().offset);
    }
}

#[test]
fn help_lists_every_binding_of_every_mode_with_its_keys() {
    use timeline::tui::keymap::{ALL_MODES, Keymap};
    let mut b = browser(120, 300);
    b.press("?");
    let screen = format!("{}", b.render(120, 300));
    let lines: Vec<&str> = screen.lines().collect();
    // The detail pane has the list's keys and no section of its own.
    for &mode in ALL_MODES.iter().filter(|&&m| m != Mode::Detail) {
        for (keys, help) in Keymap::default().bindings(mode) {
            let start: String = help.chars().take(30).collect();
            let listed = lines.iter().any(|l| l.contains(&format!("  {keys} ")) && l.contains(&start));
            assert!(listed, "help does not list `{keys}` for `{help}` ({mode:?})");
        }
    }
}

/// The screen's rows as text.
fn screen_lines(b: &common::Browser, width: u16, height: u16) -> Vec<String> {
    let screen = b.render(width, height);
    let buffer = screen.buffer();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect()
}

#[test]
fn help_gives_the_citation_keys_one_line() {
    let mut b = browser(120, 300);
    b.press("?");
    let lines = screen_lines(&b, 120, 300);
    let citations: Vec<&String> = lines.iter().filter(|l| l.contains("open the source of citation N")).collect();
    assert_eq!(citations.len(), 1, "{citations:#?}");
    assert!(citations[0].contains("  1–9 "), "{}", citations[0]);
}

#[test]
fn help_says_what_a_key_does_in_the_mode_it_is_listed_under() {
    use timeline::tui::keymap::Keymap;
    let keys = Keymap::default();
    let help = |mode: Mode, keys_text: &str| -> &'static str {
        keys.bindings(mode).into_iter().find(|(k, _)| k == keys_text).map(|(_, h)| h).expect("bound")
    };
    assert_eq!(help(Mode::Sources, "j/↓"), "next source");
    assert_eq!(help(Mode::Help, "j/↓"), "scroll down");
    assert!(help(Mode::Source, "j/↓").contains("citing"));
    assert_eq!(help(Mode::List, "j/↓"), "next event");
    assert_eq!(help(Mode::Sources, "Enter"), "open the source");
}

#[test]
fn help_explains_the_query_language_with_an_example_of_each_operator_that_works() {
    let mut b = browser(120, 300);
    b.press("?");
    let screen = screen_lines(&b, 120, 300).join("\n");
    assert!(screen.contains("The query language"), "{screen}");
    // Every example filters the bundled timeline without a problem, and keeps something.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("timeline.ron");
    let data = timeline::tui::reload::load(&path).expect("the bundled timeline loads");
    let theme = timeline::tui::view::Theme { color: false, ..Default::default() };
    let examples = timeline::tui::help::query_language(&theme);
    assert!(examples.len() > 9, "a line for each operator");
    for line in &examples[1..] {
        let example = line.spans[0].content.trim();
        assert!(screen.contains(example), "help shows `{example}`");
        let query = timeline::query::Query::parse(example, &data.timeline, &data.index);
        assert!(query.problems.is_empty(), "`{example}`: {:?}", query.problems);
    }
    for operator in ["@", "#", "from:", "to:", "status:", "source:", "by:", "-"] {
        assert!(examples[1..].iter().any(|l| l.spans[0].content.trim().starts_with(operator)), "{operator}");
    }
}

#[test]
fn help_shows_where_it_is_scrolled_to_and_stops_at_its_end() {
    let mut b = browser(120, 40);
    b.press("?");
    let bottom = |b: &common::Browser| screen_lines(b, 120, 40).into_iter().find(|l| l.contains("┘")).unwrap();
    let first = bottom(&b);
    let (shown, total) = first.split_once('/').unwrap();
    let shown: u32 = shown.rsplit(' ').next().unwrap().parse().unwrap();
    let total: u32 = total.split(' ').next().unwrap().parse().unwrap();
    assert!(shown < total, "{first}");
    b.press("G");
    assert!(bottom(&b).contains(&format!(" {total}/{total} ")), "{}", bottom(&b));
    let Some(timeline::tui::state::Overlay::Help { scroll, .. }) = b.state().overlay else { panic!() };
    b.press("j");
    let Some(timeline::tui::state::Overlay::Help { scroll: after, .. }) = b.state().overlay else { panic!() };
    assert_eq!(after, scroll, "never past the end");
    b.press("k");
    let Some(timeline::tui::state::Overlay::Help { scroll: up, .. }) = b.state().overlay else { panic!() };
    assert_eq!(up + 1, scroll, "one key up is one line up");
}

#[test]
fn help_uses_the_width_of_a_wide_terminal() {
    let mut b = browser(200, 50);
    b.press("?");
    let top = screen_lines(&b, 200, 50).into_iter().find(|l| l.contains("Help —")).unwrap();
    let width = top.chars().skip_while(|&c| c != '┌').take_while(|&c| c != '┐').count() + 1;
    assert!(width >= 130, "{width}: {top}");
}

#[test]
fn the_footer_at_80_columns_puts_the_most_used_keys_first_and_ends_with_more() {
    let b = browser(80, 24);
    let footer = screen_lines(&b, 80, 24)[22].clone();
    assert!(footer.starts_with("/ query  a actors  t tags"), "{footer}");
    assert!(footer.trim_end().ends_with("q quit  ? more"), "{footer}");
    let mut b = browser(80, 24);
    b.press("<tab>");
    assert!(screen_lines(&b, 80, 24)[22].trim_end().ends_with("? more"));
}

#[test]
fn zooming_the_time_axis_moves_no_cursor_and_changes_no_filter() {
    let mut b = browser(120, 40);
    let (cursor, shown) = (b.current(), b.shown());
    let full = b.state().timescale.axis.span();
    b.press("+");
    let zoomed = b.state().timescale.axis.span();
    assert!(zoomed.0 >= full.0 && zoomed.1 <= full.1 && zoomed != full, "{full:?} -> {zoomed:?}");
    assert_eq!((b.current(), b.shown()), (cursor.clone(), shown.clone()));
    assert!(b.state().status.as_deref().is_some_and(|s| s.starts_with("Time axis: ")));
    b.press("-");
    b.press("=");
    assert_eq!(b.state().timescale.axis.span(), full, "= fits the shown events again");
    b.press("|");
    assert!(b.state().timescale.linear && b.state().timescale.axis.breaks().is_empty());
    b.press("|");
    assert!(!b.state().timescale.axis.breaks().is_empty(), "the fixture's 2015 and 2021 are cut from 2024");
    assert_eq!((b.current(), b.shown()), (cursor, shown));
}

#[test]
fn the_time_axis_counts_the_shown_events_and_marks_the_cursor() {
    let mut b = browser(120, 40);
    let total: u32 = b.state().timescale.counts.iter().sum();
    let dated = b.state().shown.iter().filter(|&&ix| b.data().event(ix).sort_instant() != i64::MIN).count();
    assert_eq!(total as usize, dated);
    b.press("afed <enter>");
    assert_eq!(b.state().timescale.counts.iter().sum::<u32>(), 2, "the filter's two events");
    let screen = format!("{}", b.screen());
    let strip: Vec<&str> = screen.lines().skip(1).take(2).collect();
    assert!(strip[1].contains('▲') || strip[0].contains('█'), "{strip:?}");
    let max = b.state().timescale.counts.iter().max().copied().unwrap_or(0);
    assert!(strip[1].trim_end().ends_with(&format!("█ {max}\"")), "the tallest bar's count: {strip:?}");
}

// Replaying what was known (`A`, `(`, `)`) and following links. In the fixture every event cites
// `report`, published 2024-03-28, except `day`, whose citation was reported on 23 March.

#[test]
fn a_sets_an_as_of_date_and_the_events_not_yet_reported_disappear() {
    let mut b = browser(120, 40);
    b.press("A2024-03-23<enter>");
    assert_eq!(b.shown(), ["day"]);
    assert!(b.state().overlay.is_none(), "a good date closes the prompt");
    let status = b.state().status.clone().unwrap_or_default();
    assert!(status.starts_with("As of 2024-03-23: 13 fewer events known (1 shown)"), "{status}");
    assert!(common::text(&b.screen()).lines().next().unwrap().contains("as of 2024-03-23"), "the header says it");
    b.press("Aoff<enter>");
    assert_eq!(b.state().shown.len(), 14);
    assert!(b.state().filter.chosen_as_of().is_none());
}

#[test]
fn a_bad_as_of_date_keeps_the_prompt_open_with_the_reason() {
    let mut b = browser(120, 40);
    b.press("A7 March<enter>");
    assert_eq!(b.state().mode(), Mode::AsOf);
    let Some(timeline::tui::state::Overlay::AsOf(prompt)) = &b.state().overlay else { panic!("the prompt stays") };
    assert!(prompt.note.as_deref().unwrap_or_default().starts_with("invalid as-of date `7 March`"), "{prompt:?}");
    assert_eq!(b.state().shown.len(), 14, "nothing changed");
    b.press("<esc>");
    assert!(b.state().overlay.is_none());
    assert!(b.state().filter.chosen_as_of().is_none());
}

#[test]
fn parens_step_the_as_of_date_by_the_axis_unit_and_events_appear() {
    let mut b = browser(120, 40);
    b.press("A2024-03-27<enter>");
    assert_eq!(b.shown(), ["day"]);
    b.press(")");
    assert_eq!(b.state().filter.chosen_as_of().unwrap().0.date, "2024-03-28", "a day later");
    assert_eq!(b.state().shown.len(), 14, "the report of 28 March brings the rest");
    let status = b.state().status.clone().unwrap_or_default();
    // The first event that became known, in time, is named.
    assert!(
        status.starts_with("As of 2024-03-28: 13 more events known (14 shown)")
            && status.ends_with("step · first “Perhaps this day”"),
        "{status}"
    );
    b.press("((");
    assert_eq!(b.state().filter.chosen_as_of().unwrap().0.date, "2024-03-26");
    assert_eq!(b.shown(), ["day"]);
}

#[test]
fn with_no_as_of_date_the_replay_starts_at_the_cursors_date() {
    let mut b = browser(120, 40);
    assert_eq!(b.current().as_deref(), Some("day"));
    b.press(")");
    assert_eq!(b.state().filter.chosen_as_of().unwrap().0.date, "2024-03-22");
    assert!(b.shown().is_empty(), "nothing was reported by the 22nd");
    let mut b = browser(120, 40);
    b.press("(");
    assert_eq!(b.state().filter.chosen_as_of().unwrap().0.date, "2024-03-21", "( starts a step before");
}

#[test]
fn enter_on_a_link_goes_to_the_other_event_and_back_returns() {
    let mut b = browser(120, 40);
    // Two citations, then the links: `day` is corroborated by `interval`, contradicted by
    // `day-again`.
    b.press("]]]]");
    assert_eq!(b.state().link(), Some(1));
    assert_eq!(b.state().citation(), None);
    b.press("<enter>");
    assert_eq!(b.current().as_deref(), Some("day-again"));
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("Contradicted by: “The same day"));
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("day"), "back returns");
    b.press("<C-i>");
    assert_eq!(b.current().as_deref(), Some("day-again"), "and forward goes again");
}

#[test]
fn a_link_to_an_event_the_filter_hides_is_said_and_c_clears_and_goes_there() {
    let mut b = browser(120, 40);
    b.press("A2024-03-23<enter>]]]]<enter>");
    assert_eq!(b.current().as_deref(), Some("day"), "day-again was not yet known");
    let status = b.state().status.clone().unwrap_or_default();
    assert!(status.contains("`day-again` is hidden") && status.contains("not yet known as of 2024-03-23"), "{status}");
    b.press("c");
    assert_eq!(b.current().as_deref(), Some("day-again"));
    assert!(b.state().filter.chosen_as_of().is_none());
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("day"));
}
