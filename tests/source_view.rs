//! The source view, the source list and the jump history, driven by key strings; and snapshots.

mod common;

use common::{Browser, sources_data};
use timeline::sources::Target;
use timeline::tui::effect::Effect;
use timeline::tui::keymap::Mode;
use timeline::tui::state::{Overlay, SourcePane, SourceView, State};

fn view(state: &State) -> &SourceView {
    match &state.overlay {
        Some(Overlay::Source(view)) => view,
        other => panic!("no source view open: {other:?}"),
    }
}

fn opened(keys: &str) -> Browser {
    let mut b = Browser::new(sources_data(), 120, 40);
    b.press(keys);
    b
}

#[test]
fn s_opens_the_cited_source_at_the_cited_paragraph() {
    let b = opened("gs");
    assert_eq!(b.current().as_deref(), Some("departure"));
    let v = view(b.state());
    assert_eq!(b.data().timeline.sources[v.source].id, "harbour-report");
    assert_eq!(v.backlinks.len(), 3, "three citations of the report");
    assert_eq!(v.pane, SourcePane::Reader);
    assert_eq!(v.passage, Some(4..=4), "¶3 is the third non-empty line, line 5 of the file");
    assert_eq!(b.state().mode(), Mode::Source);
}

#[test]
fn digits_pick_the_citation_and_a_missing_one_is_said() {
    let mut b = opened("gj2");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "hostile");
    b.press("<esc>3");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.state().status.as_deref(), Some("This event has 2 citation(s), not 3"));
}

#[test]
fn a_quote_finds_the_passage_when_there_is_no_locator() {
    let b = opened("Gs");
    assert_eq!(view(b.state()).passage, Some(8..=8));
}

#[test]
fn n_and_shift_n_step_through_the_cited_passages() {
    let mut b = opened("gs");
    b.press("n");
    assert_eq!(view(b.state()).passage, Some(6..=6));
    b.press("n");
    assert_eq!(view(b.state()).passage, Some(8..=8));
    b.press("n");
    assert_eq!(view(b.state()).passage, Some(4..=4), "wraps around");
    b.press("N");
    assert_eq!(view(b.state()).passage, Some(8..=8));
}

#[test]
fn slash_searches_the_text() {
    let mut b = opened("gs");
    b.press("/timetable<enter>");
    assert_eq!(view(b.state()).passage, Some(10..=10));
    b.press("/no such words<enter>");
    assert_eq!(b.state().status.as_deref(), Some("`no such words` is not in the text"));
    assert_eq!(b.state().mode(), Mode::Source);
}

#[test]
fn enter_on_a_backlink_jumps_and_ctrl_o_comes_back_with_ctrl_n_forward_again() {
    let mut b = opened("gs");
    b.press("<tab>j<enter>");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.current().as_deref(), Some("fuel-claim"));
    b.press("<C-o>");
    assert_eq!(view(b.state()).cursor, 1, "back in the source view, on the same backlink");
    b.press("<C-o>");
    assert!(b.state().overlay.is_none());
    assert_eq!(b.current().as_deref(), Some("departure"), "back where `s` was pressed");
    b.press("<C-n>");
    assert_eq!(view(b.state()).cursor, 1);
    b.press("<C-n>");
    assert_eq!(b.current().as_deref(), Some("fuel-claim"));
    b.press("<bs><bs>");
    assert_eq!(b.current().as_deref(), Some("departure"), "Backspace goes back too");
}

#[test]
fn a_backlink_hidden_by_the_filter_is_said_and_c_clears_and_jumps() {
    let mut b = Browser::new(sources_data(), 120, 40);
    b.press("/#ferry<enter>gs<tab>j<enter>");
    assert_eq!(b.state().mode(), Mode::Source, "no silent jump to nowhere");
    assert!(b.state().status.as_deref().unwrap().contains("`fuel-claim` is hidden by the active filters"));
    b.press("c");
    assert!(b.state().filter.is_empty());
    assert_eq!(b.current().as_deref(), Some("fuel-claim"));
}

#[test]
fn o_opens_only_safe_targets() {
    let mut b = opened("gs");
    let effects = b.press("o");
    assert_eq!(effects, vec![Effect::Open(Target::Url("https://example.org/harbour-report?id=7&lang=en".into()))]);
    b.press("<esc>j2");
    let effects = b.press("o");
    assert_eq!(effects, vec![]);
    assert_eq!(
        b.state().status.as_deref(),
        Some("Refused to open: only http and https addresses are opened, not `javascript:`")
    );
}

#[test]
fn y_copies_the_formatted_citation() {
    let mut b = opened("g");
    let effects = b.press("y");
    let expected = "A. Fixture and B. Fixture, “The Harbour Report”, Fixture Press, 2024-05-02, \
                    https://example.org/harbour-report?id=7&lang=en, ¶3.";
    assert_eq!(effects, vec![Effect::Copy(expected.into())]);
    assert!(b.state().status.as_deref().unwrap().starts_with("Copied to the clipboard: A. Fixture"));
}

#[test]
fn the_source_list_opens_a_source_or_filters_by_it() {
    let mut b = opened("S");
    assert_eq!(b.state().mode(), Mode::Sources);
    b.press("jj<enter>");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "gone");
    b.press("<esc>Sf");
    assert_eq!(b.state().filter.query.text, "source:harbour-report");
    assert_eq!(b.state().shown.len(), 3);
    assert_eq!(b.state().status.as_deref(), Some("Showing the 3 events citing `harbour-report`"));
}

#[test]
fn help_over_the_source_view_closes_back_to_it() {
    let mut b = opened("gs?");
    assert_eq!(b.state().mode(), Mode::Help);
    b.press("<esc>");
    assert_eq!(b.state().mode(), Mode::Source);
    assert_eq!(view(b.state()).passage, Some(4..=4), "as it was");
}

#[test]
fn date_jumps_are_recorded_too() {
    let mut b = opened("G");
    assert_eq!(b.current().as_deref(), Some("arrival"));
    b.press("<C-o>");
    assert_eq!(b.current().as_deref(), Some("departure"));
}

fn screen(width: u16, height: u16, keys: &str) -> ratatui::backend::TestBackend {
    let mut b = Browser::new(sources_data(), width, height);
    b.press(keys);
    b.screen()
}

#[test]
fn source_view_with_an_archive() {
    insta::assert_snapshot!(screen(120, 30, "gs"));
}

#[test]
fn source_view_with_a_missing_archive() {
    insta::assert_snapshot!(screen(120, 30, "G2"));
}

#[test]
fn source_view_narrow() {
    insta::assert_snapshot!(screen(60, 24, "gjs"));
}

#[test]
fn source_list() {
    insta::assert_snapshot!(screen(100, 20, "S"));
}

fn citation_cursor(b: &Browser) -> Option<usize> {
    b.state().citation()
}

#[test]
fn brackets_move_the_citation_cursor_and_enter_opens_the_citation_under_it() {
    let mut b = opened("gj");
    assert_eq!(b.current().as_deref(), Some("fuel-claim"));
    assert_eq!(citation_cursor(&b), None, "no cursor until a bracket is pressed");
    b.press("]");
    assert_eq!(citation_cursor(&b), Some(0));
    b.press("]]");
    assert_eq!(citation_cursor(&b), Some(1), "it stops at the last citation");
    b.press("<enter>");
    let v = view(b.state());
    assert_eq!(b.data().timeline.sources[v.source].id, "hostile");
    assert_eq!(v.from.map(|f| f.citation), Some(1));
    b.press("<esc>[");
    assert_eq!(citation_cursor(&b), Some(0));
    b.press("[<enter>");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "harbour-report");
}

#[test]
fn enter_works_from_the_detail_pane_too_and_opens_the_first_citation_without_a_cursor() {
    let mut b = opened("gj<tab>");
    assert_eq!(b.state().mode(), Mode::Detail);
    b.press("<enter>");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "harbour-report");
    let b = opened("gj<tab>[<enter>");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "hostile", "[ starts from the last");
}

#[test]
fn o_and_y_act_on_the_citation_under_the_cursor() {
    let mut b = opened("gj");
    let effects = b.press("o");
    assert_eq!(effects, vec![Effect::Open(Target::Url("https://example.org/harbour-report?id=7&lang=en".into()))]);
    let effects = b.press("]]o");
    assert_eq!(effects, vec![], "the second citation's URL is not safe to open");
    assert!(b.state().status.as_deref().unwrap_or_default().starts_with("Refused to open"));
    let effects = b.press("y");
    let [Effect::Copy(text)] = effects.as_slice() else { panic!("{effects:?}") };
    assert!(text.contains("A hostile address"), "{text}");
}

#[test]
fn the_citation_cursor_resets_when_the_event_changes_and_digits_still_work() {
    let mut b = opened("gj]]");
    assert_eq!(citation_cursor(&b), Some(1));
    b.press("jk");
    assert_eq!(citation_cursor(&b), None, "leaving the event drops its cursor");
    b.press("2");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "hostile");
    b.press("<esc>");
    assert_eq!(citation_cursor(&b), Some(1), "the cursor shows which citation was followed");
    let effects = b.press("g]");
    assert_eq!(effects, vec![]);
    assert_eq!(citation_cursor(&b), Some(0));
}

#[test]
fn the_citation_under_the_cursor_is_highlighted_in_the_sources_list() {
    let mut b = opened("gj]]");
    let screen = b.screen();
    let buffer = screen.buffer();
    let row = (0..buffer.area.height)
        .find(|&y| {
            (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().contains("[2] A hostile")
        })
        .expect("the second citation on screen");
    let x = (0..buffer.area.width).find(|&x| buffer[(x, row)].symbol() == "[").unwrap();
    assert!(buffer[(x, row)].modifier.contains(ratatui::style::Modifier::REVERSED));
    b.press("[");
    let buffer = b.screen().buffer().clone();
    assert!(!buffer[(x, row)].modifier.contains(ratatui::style::Modifier::REVERSED));
}

#[test]
fn the_citation_cursor_scrolls_the_detail_pane_to_its_citation() {
    // At 40×12 the detail pane shows a few lines: the Sources list is below them.
    let mut b = Browser::new(sources_data(), 60, 14);
    b.press("gj]]");
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains("[2] A hostile"), "{screen}");
}

/// The timeline of `tests/fixtures/verify`: `report` has a captured copy by convention
/// (`sources/report.txt`) and an intact original; `radio` has neither URL nor copy.
fn captured_data() -> timeline::tui::state::Data {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/verify/timeline.ron"));
    let loaded = timeline::load::load_file(path).expect("read the timeline");
    timeline::tui::state::Data::new(loaded.report.timeline.expect("a valid timeline"), path)
}

#[test]
fn a_captured_copy_marks_each_citation_and_highlights_the_cited_paragraph() {
    use timeline::evidence::Finding;
    let mut b = Browser::new(captured_data(), 120, 30);
    b.press("gjs");
    let v = view(b.state());
    assert_eq!(b.data().timeline.sources[v.source].id, "report");
    assert_eq!(v.pane, SourcePane::Reader, "the copy found by convention is shown");
    assert_eq!(v.passage, Some(2..=2), "¶2 is the line after the title and a blank line");
    assert_eq!(
        v.findings,
        [
            Some(Finding::Verified),
            Some(Finding::Verified),
            Some(Finding::Misplaced { found: 4..=4 }),
            Some(Finding::NotFound),
            Some(Finding::Beyond { last: 5, found: Some(5..=5) }),
            Some(Finding::NoQuote),
        ]
    );
    assert_eq!(b.data().archives.original_state(v.source), Some(&timeline::evidence::Integrity::Intact));
    insta::assert_snapshot!(b.screen());
}

#[test]
fn capital_o_opens_the_local_copy_and_w_the_wayback_machine() {
    let mut b = Browser::new(captured_data(), 120, 30);
    b.press("gs");
    let folder = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/verify")).canonicalize();
    assert_eq!(b.press("O"), vec![Effect::Open(Target::File(folder.unwrap().join("sources/report.html")))]);
    // `report` has no URL: nothing for the Wayback Machine.
    assert_eq!(b.press("W"), vec![]);
    assert_eq!(b.state().status.as_deref(), Some("Refused to open: this source has no URL"));
    // From an event, both act on the citation under the cursor; a source with a URL goes to
    // the Wayback Machine's list of its captures.
    let mut b = opened("gs");
    let effects = b.press("W");
    assert_eq!(
        effects,
        vec![Effect::Open(Target::Url(
            "https://web.archive.org/web/*/https://example.org/harbour-report?id=7&lang=en".into()
        ))]
    );
    b.press("<esc>");
    let effects = b.press("o");
    assert!(matches!(&effects[..], [Effect::Open(Target::Url(_))]));
    let status = b.state().status.clone().unwrap();
    assert!(status.ends_with("page gone? O opens the local copy, W the Wayback Machine"), "{status}");
}

#[test]
fn a_source_without_a_copy_says_how_to_make_one() {
    let mut b = Browser::new(captured_data(), 120, 30);
    b.press("G4");
    assert_eq!(b.data().timeline.sources[view(b.state()).source].id, "radio");
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains("`timeline capture radio FILE-OR-URL` makes"), "{screen}");
}
