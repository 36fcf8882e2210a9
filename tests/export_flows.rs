//! Selection and the export dialog, driven by key strings; what came of a write fed back.

mod common;

use common::{data, press, shown, start};
use timeline::export::{self, Format, Options};
use timeline::tui::effect::{Effect, Outcome};
use timeline::tui::keymap::Mode;
use timeline::tui::state::{ExportDialog, Overlay, State};
use timeline::tui::update::outcome;

fn dialog(state: &State) -> &ExportDialog {
    match &state.overlay {
        Some(Overlay::Export(d)) => d,
        other => panic!("no export dialog: {other:?}"),
    }
}

#[test]
fn v_selects_a_range_that_moving_extends_and_v_or_escape_ends() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "gvjj");
    assert_eq!(state.selected(), Some(0..=2));
    let ids: Vec<String> = state.export_events().iter().map(|&ix| data.event(ix).id.to_string()).collect();
    assert_eq!(ids, ["uncertain", "both", "approximate"]);
    press(&mut state, &data, "kkkk");
    assert_eq!(state.selected(), Some(0..=0), "the range follows the cursor back");
    press(&mut state, &data, "v");
    assert_eq!(state.selected(), None);
    press(&mut state, &data, "vj<esc>");
    assert_eq!(state.selected(), None);
    assert_eq!(state.export_events().len(), 14, "no selection: every shown event");
}

#[test]
fn x_opens_the_dialog_with_a_default_path_and_enter_writes_what_the_cli_would() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "afed <enter>");
    assert_eq!(shown(&state, &data), ["day", "second"]);
    press(&mut state, &data, "x");
    assert_eq!(state.mode(), Mode::Export);
    assert_eq!(dialog(&state).path, "./every-form-2024-03-22-2024-03-22.md");
    let effects = press(&mut state, &data, "<enter>");
    let options = Options::new("every-form.ron", vec!["actors Federal Security Service".into()]);
    assert_eq!(
        effects,
        vec![Effect::Write {
            path: "./every-form-2024-03-22-2024-03-22.md".into(),
            events: state.shown.clone(),
            format: Format::Markdown,
            options,
            overwrite: false,
        }]
    );
    outcome(&mut state, Outcome::Written { path: "./x.md".into(), events: 2 });
    assert!(state.overlay.is_none());
    assert_eq!(state.status.as_deref(), Some("Exported 2 events to ./x.md"));
}

#[test]
fn an_existing_file_needs_an_explicit_yes() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "x<enter>");
    outcome(&mut state, Outcome::Exists);
    assert!(dialog(&state).confirm);
    let effects = press(&mut state, &data, "n");
    assert_eq!(effects, vec![]);
    assert_eq!(state.status.as_deref(), Some("Not overwritten"));
    press(&mut state, &data, "<enter>");
    outcome(&mut state, Outcome::Exists);
    let effects = press(&mut state, &data, "y");
    assert!(matches!(effects.as_slice(), [Effect::Write { overwrite: true, .. }]));
}

#[test]
fn a_failed_write_keeps_the_dialog_open_with_the_reason() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "x<C-u>/no/such/folder/x.md<enter>");
    outcome(&mut state, Outcome::Failed("there is no folder `/no/such/folder`".into()));
    assert_eq!(dialog(&state).error.as_deref(), Some("there is no folder `/no/such/folder`"));
    assert_eq!(dialog(&state).path, "/no/such/folder/x.md");
}

#[test]
fn the_dialog_switches_format_and_toggles_summaries_and_sources() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "x<down> ");
    assert_eq!(dialog(&state).format, Format::Json);
    assert!(dialog(&state).path.ends_with(".json"));
    press(&mut state, &data, "<down> <down> ");
    assert!(!dialog(&state).summaries && !dialog(&state).sources);
    let effects = press(&mut state, &data, "<enter>");
    let Effect::Write { events, format, options, .. } = &effects[0] else { panic!("a write") };
    assert_eq!(*format, Format::Json);
    assert!(!options.summaries && !options.sources);
    let bytes = export::render(&data.timeline, events, *format, options);
    assert!(bytes.starts_with("{\n  \"title\": \"Every date form\""));
}

#[test]
fn capital_y_copies_the_selection_as_markdown() {
    let data = data();
    let mut state = start(&data, 120, 40);
    let effects = press(&mut state, &data, "gvjY");
    let [Effect::Copy(text)] = effects.as_slice() else { panic!("one copy: {effects:?}") };
    assert!(text.contains("Exported from `every-form.ron`: 2 of 14 events"));
    assert_eq!(state.status.as_deref(), Some("Copied the Markdown of 2 events to the clipboard"));
}

#[test]
fn an_export_is_written_in_the_background_and_its_outcome_shown_even_after_the_dialog_closed() {
    let data = data();
    let mut state = start(&data, 120, 40);
    let effects = press(&mut state, &data, "x<enter>");
    assert!(matches!(effects.as_slice(), [Effect::Write { .. }]));
    assert!(state.status.as_deref().is_some_and(|s| s.starts_with("Exporting ")), "{:?}", state.status);
    // Keys keep working while the file is written; closing the dialog does not lose the outcome.
    press(&mut state, &data, "<esc>j");
    assert!(state.overlay.is_none());
    outcome(&mut state, Outcome::Exists);
    assert_eq!(state.status.as_deref(), Some("The file exists; nothing was written. Press x to choose again"));
}

#[test]
fn the_dialog_starts_with_the_format_written_last() {
    let data = data();
    let mut state = start(&data, 120, 40);
    press(&mut state, &data, "x<down>  <enter>");
    assert_eq!(state.export_format, Format::TimelineJs);
    outcome(&mut state, Outcome::Written { path: "./x.timeline.json".into(), events: 2 });
    press(&mut state, &data, "x");
    assert_eq!(dialog(&state).format, Format::TimelineJs);
    assert!(dialog(&state).path.ends_with(".timeline.json"), "{}", dialog(&state).path);
}
