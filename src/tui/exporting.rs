//! Selection, the export dialog and the clipboard copy: the part of `update` that turns what is
//! on screen into a file. Writing is an `Effect`; what came of it returns as an `Outcome`.

use super::action::Action;
use super::effect::{Effect, Outcome};
use super::keymap::Mode;
use super::state::{Data, ExportDialog, ExportField, Overlay, State};
use crate::export::{self, Format, Options};

/// `v`: start a selection at the cursor, or end it.
pub fn toggle_selection(state: &mut State) {
    state.selection = match state.selection {
        Some(_) => None,
        None => state.current(),
    };
}

/// `timeline-2024-03-07-2024-03-25.md`, in the current folder.
fn default_path(state: &State, data: &Data, format: Format) -> String {
    let stem = data.path.file_stem().map_or("timeline".into(), |s| s.to_string_lossy().into_owned());
    let events = state.export_events();
    // Without a selection, the dates the filter keeps name the file: events that began years
    // before them would otherwise put their years in the name.
    let day = |t: i64| crate::model::when::iso_day(t, data.timeline.timezone);
    let asked = match (state.selected(), state.filter.window()) {
        (None, (Some(from), Some(to))) => Some((day(from), day(to))),
        _ => None,
    };
    match asked.or_else(|| export::markdown::range(&data.timeline, &events)) {
        Some((first, last)) => format!("./{stem}-{first}-{last}.{}", format.extension()),
        None => format!("./{stem}.{}", format.extension()),
    }
}

/// The options `timeline export` would be given for the same choices, so both write the same bytes.
fn options(state: &State, data: &Data, summaries: bool, sources: bool, style: usize) -> Options {
    let file = export::file_name(&data.path);
    let window = state.filter.window();
    let citation_style = export::CitationStyle::offered(style);
    Options { summaries, sources, window, citation_style, ..Options::new(&file, state.filter.describe(&data.timeline)) }
}

/// `x`: the dialog, with the default path.
/// While a background filter is counting, the list on screen is not yet what the filter says.
const STILL_COUNTING: &str = "Still counting the events this filter shows: export again in a moment";

pub fn open_dialog(state: &mut State, data: &Data) {
    if state.counting() {
        state.status = Some(STILL_COUNTING.into());
        return;
    }
    let events = state.export_events().len();
    if events == 0 {
        state.status = Some("Nothing to export: no event is shown".into());
        return;
    }
    // The format chosen last time, for a researcher who always publishes to the same place.
    let format = state.export_format;
    let path = default_path(state, data, format);
    state.overlay = Some(Overlay::Export(ExportDialog {
        path,
        format,
        style: state.export_style,
        summaries: true,
        sources: true,
        field: ExportField::Path,
        confirm: false,
        error: None,
        events,
    }));
}

/// `Y`: the Markdown of the selection (or the shown events) to the clipboard.
pub fn copy(state: &mut State, data: &Data) -> Vec<Effect> {
    if state.counting() {
        state.status = Some(STILL_COUNTING.into());
        return Vec::new();
    }
    let events = state.export_events();
    let text = export::render(
        &data.timeline,
        &events,
        Format::Markdown,
        &options(state, data, true, true, state.export_style),
    );
    state.status =
        Some(format!("Copied the Markdown of {} to the clipboard", export::markdown::events_count(events.len())));
    vec![Effect::Copy(text)]
}

pub fn dialog_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Export(dialog)) = &mut state.overlay else { return Vec::new() };
    if dialog.confirm {
        dialog.confirm = false;
        return match action {
            Action::Insert('y' | 'Y') => write(state, data, true),
            _ => {
                state.status = Some("Not overwritten".into());
                Vec::new()
            }
        };
    }
    dialog.error = None;
    match action {
        Action::NextField => dialog.field = dialog.field.next(),
        Action::PreviousField => dialog.field = dialog.field.previous(),
        Action::ChangeField => match dialog.field {
            ExportField::Path => dialog.path.push(' '),
            ExportField::Format => {
                dialog.format = dialog.format.next();
                dialog.path = dialog.format.with_extension(&dialog.path);
            }
            ExportField::Style => dialog.style = (dialog.style + 1) % export::cite::STYLES.len(),
            ExportField::Summaries => dialog.summaries = !dialog.summaries,
            ExportField::Sources => dialog.sources = !dialog.sources,
        },
        Action::Insert(c) if dialog.field == ExportField::Path => dialog.path.push(c),
        Action::DeleteBack if dialog.field == ExportField::Path => {
            dialog.path.pop();
        }
        Action::ClearInput | Action::DeleteWord if dialog.field == ExportField::Path => dialog.path.clear(),
        Action::Apply => return write(state, data, false),
        _ => {}
    }
    Vec::new()
}

fn write(state: &mut State, data: &Data, overwrite: bool) -> Vec<Effect> {
    let Some(Overlay::Export(dialog)) = &state.overlay else { return Vec::new() };
    if dialog.path.trim().is_empty() {
        if let Some(Overlay::Export(dialog)) = &mut state.overlay {
            dialog.error = Some("Type a path to write to".into());
        }
        return Vec::new();
    }
    let (path, format) = (dialog.path.clone(), dialog.format);
    state.export_format = format;
    state.export_style = dialog.style;
    let options = options(state, data, dialog.summaries, dialog.sources, dialog.style);
    let events = state.export_events();
    // Written on another thread; the outcome closes the dialog or shows what went wrong.
    state.status = Some(format!("Exporting {} to {path}…", export::markdown::events_count(events.len())));
    vec![Effect::Write { path, events, format, options, overwrite }]
}

/// What came of a write: success closes the dialog; a failure keeps it open with the reason.
pub fn outcome(state: &mut State, outcome: Outcome) {
    match outcome {
        Outcome::Written { path, events } => {
            // Only the dialog closes: the user may have opened something else meanwhile.
            if matches!(state.overlay, Some(Overlay::Export(_))) {
                state.overlay = None;
            }
            state.status = Some(format!("Exported {} to {path}", export::markdown::events_count(events)));
        }
        Outcome::Exists => match &mut state.overlay {
            Some(Overlay::Export(dialog)) => {
                dialog.confirm = true;
                state.status = None;
            }
            // The dialog was closed while the export was being written.
            _ => {
                let x = state.keymap.label(Mode::List, Action::Export);
                state.status = Some(format!("The file exists; nothing was written. Press {x} to choose again"));
            }
        },
        Outcome::Failed(why) => match &mut state.overlay {
            Some(Overlay::Export(dialog)) => dialog.error = Some(why),
            _ => state.status = Some(why),
        },
    }
}
