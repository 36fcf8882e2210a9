//! The source view, the source list and the jump history, driven by key strings; and snapshots.

mod common;

use common::{current, press, render, sources_data, start};
use timeline::sources::Target;
use timeline::tui::effect::Effect;
use timeline::tui::keymap::Mode;
use timeline::tui::state::{Data, Overlay, SourcePane, SourceView, State};

fn view(state: &State) -> &SourceView {
    match &state.overlay {
        Some(Overlay::Source(view)) => view,
        other => panic!("no source view open: {other:?}"),
    }
}

fn opened(keys: &str) -> (Data, State) {
    let data = sources_data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, keys);
    (data, state)
}

#[test]
fn s_opens_the_cited_source_at_the_cited_paragraph() {
    let (data, state) = opened("gs");
    assert_eq!(current(&state, &data).as_deref(), Some("departure"));
    let v = view(&state);
    assert_eq!(data.timeline.sources[v.source].id, "harbour-report");
    assert_eq!(v.backlinks.len(), 3, "three citations of the report");
    assert_eq!(v.pane, SourcePane::Reader);
    assert_eq!(v.passage, Some(4..=4), "¶3 is the third non-empty line, line 5 of the file");
    assert_eq!(state.mode(), Mode::Source);
}

#[test]
fn digits_pick_the_citation_and_a_missing_one_is_said() {
    let (data, mut state) = opened("gj2");
    assert_eq!(data.timeline.sources[view(&state).source].id, "hostile");
    press(&mut state, &data, "<esc>3");
    assert!(state.overlay.is_none());
    assert_eq!(state.status.as_deref(), Some("This event has 2 citation(s), not 3"));
}

#[test]
fn a_quote_finds_the_passage_when_there_is_no_locator() {
    let (_, state) = opened("Gs");
    assert_eq!(view(&state).passage, Some(8..=8));
}

#[test]
fn n_and_shift_n_step_through_the_cited_passages() {
    let (data, mut state) = opened("gs");
    press(&mut state, &data, "n");
    assert_eq!(view(&state).passage, Some(6..=6));
    press(&mut state, &data, "n");
    assert_eq!(view(&state).passage, Some(8..=8));
    press(&mut state, &data, "n");
    assert_eq!(view(&state).passage, Some(4..=4), "wraps around");
    press(&mut state, &data, "N");
    assert_eq!(view(&state).passage, Some(8..=8));
}

#[test]
fn slash_searches_the_text() {
    let (data, mut state) = opened("gs");
    press(&mut state, &data, "/timetable<enter>");
    assert_eq!(view(&state).passage, Some(10..=10));
    press(&mut state, &data, "/no such words<enter>");
    assert_eq!(state.status.as_deref(), Some("`no such words` is not in the text"));
    assert_eq!(state.mode(), Mode::Source);
}

#[test]
fn enter_on_a_backlink_jumps_and_ctrl_o_comes_back_with_ctrl_n_forward_again() {
    let (data, mut state) = opened("gs");
    press(&mut state, &data, "<tab>j<enter>");
    assert!(state.overlay.is_none());
    assert_eq!(current(&state, &data).as_deref(), Some("fuel-claim"));
    press(&mut state, &data, "<C-o>");
    assert_eq!(view(&state).cursor, 1, "back in the source view, on the same backlink");
    press(&mut state, &data, "<C-o>");
    assert!(state.overlay.is_none());
    assert_eq!(current(&state, &data).as_deref(), Some("departure"), "back where `s` was pressed");
    press(&mut state, &data, "<C-n>");
    assert_eq!(view(&state).cursor, 1);
    press(&mut state, &data, "<C-n>");
    assert_eq!(current(&state, &data).as_deref(), Some("fuel-claim"));
    press(&mut state, &data, "<bs><bs>");
    assert_eq!(current(&state, &data).as_deref(), Some("departure"), "Backspace goes back too");
}

#[test]
fn a_backlink_hidden_by_the_filter_is_said_and_c_clears_and_jumps() {
    let data = sources_data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "/#ferry<enter>gs<tab>j<enter>");
    assert_eq!(state.mode(), Mode::Source, "no silent jump to nowhere");
    assert!(state.status.as_deref().unwrap().contains("`fuel-claim` is hidden by the active filters"));
    press(&mut state, &data, "c");
    assert!(state.filter.is_empty());
    assert_eq!(current(&state, &data).as_deref(), Some("fuel-claim"));
}

#[test]
fn o_opens_only_safe_targets() {
    let (data, mut state) = opened("gs");
    let effects = press(&mut state, &data, "o");
    assert_eq!(effects, vec![Effect::Open(Target::Url("https://example.org/harbour-report?id=7&lang=en".into()))]);
    press(&mut state, &data, "<esc>j2");
    let effects = press(&mut state, &data, "o");
    assert_eq!(effects, vec![]);
    assert_eq!(
        state.status.as_deref(),
        Some("Refused to open: only http and https addresses are opened, not `javascript:`")
    );
}

#[test]
fn y_copies_the_formatted_citation() {
    let (data, mut state) = opened("g");
    let effects = press(&mut state, &data, "y");
    let expected = "A. Fixture and B. Fixture, “The Harbour Report”, Fixture Press, 2024-05-02, \
                    https://example.org/harbour-report?id=7&lang=en, ¶3.";
    assert_eq!(effects, vec![Effect::Copy(expected.into())]);
    assert!(state.status.as_deref().unwrap().starts_with("Copied to the clipboard: A. Fixture"));
}

#[test]
fn the_source_list_opens_a_source_or_filters_by_it() {
    let (data, mut state) = opened("S");
    assert_eq!(state.mode(), Mode::Sources);
    press(&mut state, &data, "jj<enter>");
    assert_eq!(data.timeline.sources[view(&state).source].id, "gone");
    press(&mut state, &data, "<esc>Sf");
    assert_eq!(state.filter.query.text, "source:harbour-report");
    assert_eq!(state.shown.len(), 3);
    assert_eq!(state.status.as_deref(), Some("Showing the 3 events citing `harbour-report`"));
}

#[test]
fn help_over_the_source_view_closes_back_to_it() {
    let (data, mut state) = opened("gs?");
    assert_eq!(state.mode(), Mode::Help);
    press(&mut state, &data, "<esc>");
    assert_eq!(state.mode(), Mode::Source);
    assert_eq!(view(&state).passage, Some(4..=4), "as it was");
}

#[test]
fn date_jumps_are_recorded_too() {
    let (data, mut state) = opened("G");
    assert_eq!(current(&state, &data).as_deref(), Some("arrival"));
    press(&mut state, &data, "<C-o>");
    assert_eq!(current(&state, &data).as_deref(), Some("departure"));
}

fn screen(width: u16, height: u16, keys: &str) -> ratatui::backend::TestBackend {
    let data = sources_data();
    let mut state = start(&data, width, height);
    press(&mut state, &data, keys);
    render(&state, &data, width, height)
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
