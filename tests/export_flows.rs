//! Selection and the export dialog, driven by key strings; what came of a write fed back.

mod common;

use common::{Browser, data};
use timeline::export::{self, Format, Options};
use timeline::tui::effect::{Effect, Outcome};
use timeline::tui::keymap::Mode;
use timeline::tui::msg::Msg;
use timeline::tui::state::{ExportDialog, Overlay, State};

/// The browser on the every-form fixture, its writes left undone: a test feeds what came of them.
fn stepped(width: u16, height: u16) -> Browser {
    Browser::stepped(data(), width, height)
}

fn dialog(state: &State) -> &ExportDialog {
    match &state.overlay {
        Some(Overlay::Export(d)) => d,
        other => panic!("no export dialog: {other:?}"),
    }
}

#[test]
fn v_selects_a_range_that_moving_extends_and_v_or_escape_ends() {
    let mut b = stepped(120, 40);
    b.press("gvjj");
    assert_eq!(b.state().selected(), Some(0..=2));
    let ids: Vec<String> = b.state().export_events().iter().map(|&ix| b.data().event(ix).id.to_string()).collect();
    assert_eq!(ids, ["uncertain", "both", "approximate"]);
    b.press("kkkk");
    assert_eq!(b.state().selected(), Some(0..=0), "the range follows the cursor back");
    b.press("v");
    assert_eq!(b.state().selected(), None);
    b.press("vj<esc>");
    assert_eq!(b.state().selected(), None);
    assert_eq!(b.state().export_events().len(), 14, "no selection: every shown event");
}

#[test]
fn x_opens_the_dialog_with_a_default_path_and_enter_writes_what_the_cli_would() {
    let mut b = stepped(120, 40);
    b.press("afed <enter>");
    assert_eq!(b.shown(), ["day", "second"]);
    b.press("x");
    assert_eq!(b.state().mode(), Mode::Export);
    assert_eq!(dialog(b.state()).path, "./every-form-2024-03-22-2024-03-22.md");
    let effects = b.press("<enter>");
    let options = Options::new("every-form.ron", vec!["actors Federal Security Service".into()]);
    assert_eq!(
        effects,
        vec![Effect::Write {
            path: "./every-form-2024-03-22-2024-03-22.md".into(),
            events: b.state().shown.clone(),
            format: Format::Markdown,
            options,
            overwrite: false,
        }]
    );
    b.send(Msg::Written(Outcome::Written { path: "./x.md".into(), events: 2 }));
    assert!(b.state().overlay.is_none());
    assert_eq!(b.state().status.as_deref(), Some("Exported 2 events to ./x.md"));
}

#[test]
fn an_existing_file_needs_an_explicit_yes() {
    let mut b = stepped(120, 40);
    b.press("x<enter>");
    b.send(Msg::Written(Outcome::Exists));
    assert!(dialog(b.state()).confirm);
    let effects = b.press("n");
    assert_eq!(effects, vec![]);
    assert_eq!(b.state().status.as_deref(), Some("Not overwritten"));
    b.press("<enter>");
    b.send(Msg::Written(Outcome::Exists));
    let effects = b.press("y");
    assert!(matches!(effects.as_slice(), [Effect::Write { overwrite: true, .. }]));
}

#[test]
fn a_failed_write_keeps_the_dialog_open_with_the_reason() {
    let mut b = stepped(120, 40);
    b.press("x<C-u>/no/such/folder/x.md<enter>");
    b.send(Msg::Written(Outcome::Failed("there is no folder `/no/such/folder`".into())));
    assert_eq!(dialog(b.state()).error.as_deref(), Some("there is no folder `/no/such/folder`"));
    assert_eq!(dialog(b.state()).path, "/no/such/folder/x.md");
}

#[test]
fn the_dialog_switches_format_and_toggles_summaries_and_sources() {
    let mut b = stepped(120, 40);
    b.press("x<down> ");
    assert_eq!(dialog(b.state()).format, Format::Json);
    assert!(dialog(b.state()).path.ends_with(".json"));
    b.press("<down><down> <down> ");
    assert!(!dialog(b.state()).summaries && !dialog(b.state()).sources);
    let effects = b.press("<enter>");
    let Effect::Write { events, format, options, .. } = &effects[0] else { panic!("a write") };
    assert_eq!(*format, Format::Json);
    assert!(!options.summaries && !options.sources);
    let bytes = export::render(&b.data().timeline, events, *format, options);
    assert!(bytes.starts_with("{\n  \"title\": \"Every date form\""));
}

#[test]
fn the_dialogs_citation_style_writes_what_the_cli_writes_with_that_style_and_is_kept_for_next_time() {
    let mut b = stepped(120, 40);
    b.press("x<down><down>  ");
    assert_eq!(dialog(b.state()).style, 2, "two presses: chicago-author-date, apa, mla");
    let effects = b.press("<enter>");
    let Effect::Write { events, format, options, .. } = &effects[0] else { panic!("a write") };
    assert_eq!(options.citation_style, export::CitationStyle::named("mla").unwrap());
    let from_dialog = export::render(&b.data().timeline, events, *format, options);
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/every-form.ron");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(["export", fixture, "--citation-style", "mla"])
        .output()
        .unwrap();
    let cli = String::from_utf8(cli.stdout).unwrap();
    // The one difference: the CLI names the file as it was given, the browser by its name.
    assert_eq!(from_dialog, cli.replacen(fixture, "every-form.ron", 1));
    assert!(from_dialog.contains("par. 4"), "MLA's word for a paragraph: {from_dialog}");
    b.send(Msg::Written(Outcome::Written { path: "./x.md".into(), events: 14 }));
    b.press("x");
    assert_eq!(dialog(b.state()).style, 2, "the style written last");
    let effects = b.press("<esc>Y");
    let [Effect::Copy(copied)] = effects.as_slice() else { panic!("one copy: {effects:?}") };
    assert!(copied.contains("par. 4"), "Y copies in the same style");
}

#[test]
fn capital_y_copies_the_selection_as_markdown() {
    let mut b = stepped(120, 40);
    let effects = b.press("gvjY");
    let [Effect::Copy(text)] = effects.as_slice() else { panic!("one copy: {effects:?}") };
    assert!(text.contains("Exported from `every-form.ron`: 2 of 14 events"));
    assert_eq!(b.state().status.as_deref(), Some("Copied the Markdown of 2 events to the clipboard"));
}

#[test]
fn an_export_is_written_in_the_background_and_its_outcome_shown_even_after_the_dialog_closed() {
    let mut b = stepped(120, 40);
    let effects = b.press("x<enter>");
    assert!(matches!(effects.as_slice(), [Effect::Write { .. }]));
    assert!(b.state().status.as_deref().is_some_and(|s| s.starts_with("Exporting ")), "{:?}", b.state().status);
    // Keys keep working while the file is written; closing the dialog does not lose the outcome.
    b.press("<esc>j");
    assert!(b.state().overlay.is_none());
    b.send(Msg::Written(Outcome::Exists));
    assert_eq!(b.state().status.as_deref(), Some("The file exists; nothing was written. Press x to choose again"));
}

#[test]
fn the_dialog_starts_with_the_format_written_last() {
    let mut b = stepped(120, 40);
    b.press("x<down>  <enter>");
    assert_eq!(b.state().export_format, Format::TimelineJs);
    b.send(Msg::Written(Outcome::Written { path: "./x.timeline.json".into(), events: 2 }));
    b.press("x");
    assert_eq!(dialog(b.state()).format, Format::TimelineJs);
    assert!(dialog(b.state()).path.ends_with(".timeline.json"), "{}", dialog(b.state()).path);
}

#[test]
fn a_query_for_a_range_of_days_names_the_default_file_after_those_days() {
    let mut b = stepped(120, 40);
    b.press("/from:2024-03-20 to:2024-03-23<enter>x");
    assert_eq!(dialog(b.state()).path, "./every-form-2024-03-20-2024-03-23.md");
    // A selection is named after its own events.
    b.press("<esc>gvx");
    assert!(!dialog(b.state()).path.contains("2024-03-20-2024-03-23"), "{}", dialog(b.state()).path);
}
