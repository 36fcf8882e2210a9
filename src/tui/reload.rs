//! Keeping the browser on a file that changes: the new timeline replaces the old with the cursor,
//! filters, selection and jump history carried over by id; an edit that breaks the file keeps the
//! last good timeline on screen under a banner of its diagnostics, until the file is fixed.

use super::state::{Data, Overlay, State};
use crate::load::{self, SourceFile};
use crate::query::Query;
use std::collections::HashMap;
use std::path::Path;

/// A file's size and modification time: what changes when an editor saves it.
pub type Stamp = (u64, Option<std::time::SystemTime>);

pub fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| (m.len(), m.modified().ok()))
}

/// The browser's data for the file as it is now, or the lines of its errors (`FILE:LINE:COL: …`).
pub fn load(path: &Path) -> Result<Data, Vec<String>> {
    let before = stamp(path);
    let loaded = load::load_file(path).map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
    let name = path.display().to_string();
    let file = SourceFile::new(&name, &loaded.text);
    match loaded.report.timeline {
        Some(timeline) => Ok(Data { stamp: before, ..Data::new(timeline, path) }),
        None => Err(loaded
            .report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| file.render(d).lines().next().unwrap_or_default().to_string())
            .collect()),
    }
}

/// The file did not load: the old timeline stays, under a banner saying why.
pub fn failed(state: &mut State, errors: Vec<String>) {
    state.banner = Some(errors);
}

/// Moves the state from `old` to `new`, the same file read again, keeping what refers to events,
/// actors and sources by their ids. Overlays that hold positions in the old timeline close.
pub fn carry_over(state: &mut State, old: &Data, new: &Data) {
    let events: HashMap<&str, usize> =
        new.timeline.events.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let event = |ix: usize| old.timeline.events.get(ix).and_then(|e| events.get(e.id.as_str()).copied());
    let actor = |ix: &usize| {
        let id = &old.timeline.actors.get(*ix)?.id;
        new.timeline.actors.iter().position(|a| &a.id == id)
    };
    let source = |ix: &usize| {
        let id = &old.timeline.sources.get(*ix)?.id;
        new.timeline.sources.iter().position(|s| &s.id == id)
    };
    let cursor = state.current().and_then(event);
    state.selection = state.selection.and_then(event);
    for location in state.back.iter_mut().chain(state.forward.iter_mut()) {
        location.event = location.event.and_then(event);
        location.source = None;
    }
    let filter = &mut state.filter;
    filter.choose_actors(filter.actors().filter_map(actor));
    filter.choose_sources(filter.sources().filter_map(source));
    filter.query = Query::parse(&filter.query.text, &new.timeline, &new.index);
    state.overlay = match state.overlay.take() {
        Some(Overlay::Query(mut input)) => {
            input.previous = Query::parse(&input.previous.text, &new.timeline, &new.index);
            Some(Overlay::Query(input))
        }
        Some(Overlay::Help { scroll, .. }) => Some(Overlay::Help { scroll, under: None }),
        _ => None,
    };
    state.banner = None;
    // `shown` holds positions in the old timeline: cleared, so that nothing reads them in the new.
    state.shown.clear();
    state.cursor = 0;
    state.refilter(new);
    if let Some(ix) = cursor {
        state.cursor = state.shown.partition_point(|&s| s < ix).min(state.shown.len().saturating_sub(1));
    }
    state.offset = state.offset.min(state.cursor);
}
