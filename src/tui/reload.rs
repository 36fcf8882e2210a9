//! Keeping the browser on a file that changes: the part of `update` that reads it again. The new
//! timeline replaces the old with the cursor, filters, selection and jump history carried over
//! by id; an edit that breaks the file keeps the last good timeline on screen under a banner of
//! its diagnostics, until the file is fixed.

use super::effect::Effect;
use super::msg::Reread;
use super::state::{Data, Overlay, State};
use crate::load::regular::stamp;
use crate::load::{self, SourceFile};
use crate::query::Query;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

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

/// The file changed on disk: read it once the changes have settled.
pub fn changed(state: &mut State) -> Vec<Effect> {
    state.reread.changes += 1;
    vec![Effect::Settle(state.reread.changes)]
}

/// No change came since change number `change`.
pub fn settled(state: &mut State, change: u64) -> Vec<Effect> {
    if change != state.reread.changes {
        return Vec::new();
    }
    read(state, false)
}

/// Reads the file again; `by_hand` even if it looks unchanged.
pub fn read(state: &mut State, by_hand: bool) -> Vec<Effect> {
    let reread = &mut state.reread;
    if reread.reading {
        reread.again = Some(by_hand || reread.again == Some(true));
        return Vec::new();
    }
    reread.reading = true;
    vec![Effect::ReadFile { unless: if by_hand { None } else { reread.stamp } }]
}

/// What reading the file found: the new timeline replaces the old, or its errors show.
pub fn reloaded(state: &mut State, data: &mut Arc<Data>, reread: Reread) -> Vec<Effect> {
    state.reread.reading = false;
    if let Reread::Read { stamp, result } = reread {
        state.reread.stamp = stamp;
        match result {
            Ok(new) => {
                carry_over(state, data, &new);
                *data = Arc::new(new);
            }
            Err(errors) => state.banner = Some(errors),
        }
    }
    match state.reread.again.take() {
        Some(by_hand) => read(state, by_hand),
        None => Vec::new(),
    }
}

/// The editor ended: read what it may have written.
pub fn edited(state: &mut State, error: Option<String>) -> Vec<Effect> {
    let effects = read(state, false);
    if let Some(why) = error {
        state.status = Some(format!("Could not start the editor: {why}"));
    }
    effects
}

/// Moves the state from `old` to `new`, the same file read again, keeping what refers to events,
/// actors and sources by their ids. Overlays that hold positions in the old timeline close.
fn carry_over(state: &mut State, old: &Data, new: &Data) {
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
    state.replace_timeline(new, cursor);
}
