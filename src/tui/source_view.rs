//! The source view, the source list and the jump history: the part of `update` that moves
//! between events and their evidence. Pure like the rest of `update`: reading a source's local
//! copy (the first time it is opened, so that no archive is read that is never looked at),
//! opening a URL and copying to the clipboard are returned as effects.

use super::action::Action;
use super::effect::Effect;
use super::keymap::Mode;
use super::state::{Data, Focus, Location, Overlay, SourcePane, SourceView, State};
use crate::evidence;
use crate::model::SourceIx;
use crate::query::Query;
use crate::sources::{self, ArchiveText, Backlink};

/// How many places the history keeps.
const HISTORY: usize = 200;

pub fn location(state: &State) -> Location {
    let source = match &state.overlay {
        Some(Overlay::Source(view)) => Some(view.clone()),
        _ => None,
    };
    Location {
        event: state.current(),
        offset: state.offset,
        focus: state.focus,
        detail_scroll: state.detail_scroll,
        source,
    }
}

/// Remembers where the user is before a jump.
pub fn record(state: &mut State) {
    let here = location(state);
    if state.back.last() != Some(&here) {
        state.back.push(here);
    }
    if state.back.len() > HISTORY {
        state.back.remove(0);
    }
    state.forward.clear();
}

fn restore(state: &mut State, place: Location) {
    if let Some(ix) = place.event {
        match state.shown.iter().position(|&s| s == ix) {
            Some(pos) => state.cursor = pos,
            None => {
                let c = state.keymap.label(Mode::List, Action::ClearFilters);
                state.status = Some(format!("That event is hidden by the active filters ({c} clears them)"));
            }
        }
    }
    state.offset = place.offset.min(state.cursor);
    state.focus = place.focus;
    state.detail_scroll = place.detail_scroll;
    state.overlay = place.source.map(Overlay::Source);
}

pub fn back(state: &mut State) {
    travel(state, true);
}

pub fn forward(state: &mut State) {
    travel(state, false);
}

/// Goes to the last place of one list, leaving the present place on the other.
fn travel(state: &mut State, backwards: bool) {
    let here = location(state);
    let (from, to) =
        if backwards { (&mut state.back, &mut state.forward) } else { (&mut state.forward, &mut state.back) };
    match from.pop() {
        Some(place) => {
            to.push(here);
            restore(state, place);
        }
        None => state.status = Some(format!("Nothing to go {} to", if backwards { "back" } else { "forward" })),
    }
}

/// Opens the source of citation `n` (1-based) of the event under the cursor.
pub fn open_citation(state: &mut State, data: &Data, n: usize) -> Vec<Effect> {
    let Some(event) = state.current() else { return Vec::new() };
    let cites = &data.event(event).sources;
    match cites.get(n.saturating_sub(1)) {
        Some(c) => {
            // Coming back, the citation cursor shows which one was followed.
            state.citation = Some((event, n - 1));
            return open_source(state, data, c.source, Some(Backlink { event, citation: n - 1 }));
        }
        None if cites.is_empty() => state.status = Some("This event cites no source".into()),
        None => state.status = Some(format!("This event has {} citation(s), not {n}", cites.len())),
    }
    Vec::new()
}

/// `]` and `[`: moves the detail pane's cursor over the event's citations, then its links. The
/// first press puts it on the first citation (`]`) or the last link (`[`); it stops at either end.
pub fn step_citation(state: &mut State, data: &Data, forward: bool) {
    let Some(event) = state.current() else { return };
    let citations = data.event(event).sources.len();
    let count = citations + data.knowledge.links(&data.timeline, event).count();
    if count == 0 {
        state.status = Some("This event cites no source and has no links".into());
        return;
    }
    let here = state.citation().or_else(|| state.link().map(|n| citations + n));
    let n = match (here, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(n), true) => (n + 1).min(count - 1),
        (Some(n), false) => n.saturating_sub(1),
    };
    if n < citations {
        state.citation = Some((event, n));
        state.link = None;
    } else {
        state.citation = None;
        state.link = Some((event, n - citations));
    }
    state.detail_scroll = super::detail::scroll_to_citation(state, data, state.detail_scroll);
}

/// The citation and link cursors belong to one event: once the cursor leaves it, they go
/// (coming back starts from the first citation again).
pub fn forget_citation(state: &mut State) {
    if state.citation.is_some() && state.citation().is_none() {
        state.citation = None;
    }
    if state.link.is_some() && state.link().is_none() {
        state.link = None;
    }
}

/// Enter on a link: goes to the event at its other end, recorded in the jump history (back
/// returns); if the filter hides that event, says so, and `c` next clears the filter and goes.
pub fn follow_link(state: &mut State, data: &Data, n: usize) {
    let Some(event) = state.current() else { return };
    let Some(linked) = data.knowledge.links(&data.timeline, event).nth(n) else { return };
    let other = linked.other;
    match state.shown.binary_search(&other) {
        Ok(pos) => {
            record(state);
            state.cursor = pos;
            state.detail_scroll = 0;
            let back = state.keymap.label(Mode::List, Action::Back);
            let title = super::shown::fit(&data.event(other).title, 50);
            state.status = Some(format!("{}: “{title}” ({back} comes back)", capitalised(linked.phrase())));
        }
        Err(_) => {
            state.hidden_link = Some(other);
            let id = crate::text::clean_line(&data.event(other).id).into_owned();
            let c = state.keymap.label(Mode::List, Action::ClearFilters);
            let hint = match state.filter.chosen_as_of() {
                Some((as_of, _)) => format!(" (it was not yet known as of {})", as_of.date),
                None => String::new(),
            };
            state.status =
                Some(format!("`{id}` is hidden by the active filters{hint}: {c} clears them and goes there"));
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The citation that Enter, `o` and `y` act on: the one under the citation cursor, else the
/// event's first.
fn cited(state: &State, data: &Data) -> Option<crate::model::Citation> {
    let event = data.event(state.current()?);
    event.sources.get(state.citation().unwrap_or(0)).cloned()
}

/// Enter: the source of the citation under the citation cursor, or the event at the other end
/// of the link under it.
pub fn open_cited(state: &mut State, data: &Data) -> Vec<Effect> {
    if let Some(n) = state.link() {
        follow_link(state, data, n);
        return Vec::new();
    }
    let n = state.citation().unwrap_or(0) + 1;
    open_citation(state, data, n)
}

/// `o` on an event: the URL of the citation under the citation cursor.
pub fn open_cited_external(state: &mut State, data: &Data) -> Vec<Effect> {
    match cited(state, data) {
        Some(c) => open_external(state, data, c.source),
        None => {
            state.status = Some("This event cites no source".into());
            Vec::new()
        }
    }
}

/// `y` on an event: the reference of the citation under the citation cursor.
pub fn copy_cited(state: &mut State, data: &Data) -> Vec<Effect> {
    match cited(state, data) {
        Some(c) => copy(state, data, c.source, c.at.as_deref()),
        None => {
            state.status = Some("This event cites no source".into());
            Vec::new()
        }
    }
}

/// Opens the source view, recording where the user was; asks for its local copy the first time.
pub fn open_source(state: &mut State, data: &Data, source: SourceIx, from: Option<Backlink>) -> Vec<Effect> {
    record(state);
    let backlinks = sources::backlinks(&data.timeline, source);
    let cursor = from.and_then(|f| backlinks.iter().position(|b| *b == f)).unwrap_or(0);
    let mut view = SourceView {
        source,
        from,
        backlinks,
        cursor,
        pane: SourcePane::Backlinks,
        scroll: 0,
        passage: None,
        search: None,
        hidden: None,
        findings: Vec::new(),
    };
    let unread = (data.archives.has_archive(source) && data.archives.get(source).is_none())
        || data.archives.original_unchecked(source);
    show_text(&mut view, data);
    state.overlay = Some(Overlay::Source(view));
    state.focus = Focus::List;
    if unread { vec![Effect::ReadArchive(source)] } else { Vec::new() }
}

/// A source's local copy has been read: the view open on it shows it.
pub fn archive_read(state: &mut State, data: &Data, source: SourceIx) {
    if let Some(Overlay::Source(view)) = &mut state.overlay
        && view.source == source
    {
        show_text(view, data);
    }
}

/// With the text of the source at hand, the view shows it, at the passage it was opened for,
/// and marks each citation with what its quote came to there.
fn show_text(view: &mut SourceView, data: &Data) {
    let Some(text) = archive(data, view.source) else { return };
    let copy = evidence::Paragraphs::new(text.text());
    view.findings = view
        .backlinks
        .iter()
        .map(|b| {
            let c = b.cite(&data.timeline);
            Some(evidence::check(&copy, c.at.as_deref(), c.quote.as_deref()))
        })
        .collect();
    view.pane = SourcePane::Reader;
    if let Some(b) = view.from {
        show_passage(view, data, b);
    }
}

fn archive(data: &Data, source: SourceIx) -> Option<&ArchiveText> {
    match data.archives.get(source) {
        Some(Ok(text)) => Some(text),
        _ => None,
    }
}

/// Scrolls the reader to the passage a citation points at.
fn show_passage(view: &mut SourceView, data: &Data, b: Backlink) {
    let Some(archive) = archive(data, view.source) else { return };
    let c = b.cite(&data.timeline);
    view.passage = sources::passage(archive.text(), c.at.as_deref(), c.quote.as_deref());
    if let Some(p) = &view.passage {
        view.scroll = p.start().saturating_sub(2);
    }
}

/// Every distinct passage of the source that the timeline cites, in the order of the text.
fn cited_passages(view: &SourceView, data: &Data) -> Vec<std::ops::RangeInclusive<usize>> {
    let Some(archive) = archive(data, view.source) else { return Vec::new() };
    let mut found: Vec<_> = view
        .backlinks
        .iter()
        .filter_map(|b| {
            let c = b.cite(&data.timeline);
            sources::passage(archive.text(), c.at.as_deref(), c.quote.as_deref())
        })
        .collect();
    found.sort_by_key(|r| (*r.start(), *r.end()));
    found.dedup();
    found
}

pub fn source_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Source(view)) = &mut state.overlay else { return Vec::new() };
    if view.search.is_some() {
        search_action(state, data, action);
        return Vec::new();
    }
    let reader_height = state.size.1.saturating_sub(14).max(3) as usize;
    let text_len = archive(data, view.source).map_or(0, ArchiveText::len);
    match (action, view.pane) {
        (Action::SwitchFocus, _) if text_len > 0 => {
            view.pane = if view.pane == SourcePane::Reader { SourcePane::Backlinks } else { SourcePane::Reader };
        }
        (Action::MoveDown | Action::ScrollDown, SourcePane::Backlinks) => {
            view.cursor = (view.cursor + 1).min(view.backlinks.len().saturating_sub(1));
            view.hidden = None;
        }
        (Action::MoveUp | Action::ScrollUp, SourcePane::Backlinks) => {
            view.cursor = view.cursor.saturating_sub(1);
            view.hidden = None;
        }
        (Action::Top, SourcePane::Backlinks) => view.cursor = 0,
        (Action::Bottom, SourcePane::Backlinks) => view.cursor = view.backlinks.len().saturating_sub(1),
        (Action::MoveDown | Action::ScrollDown, SourcePane::Reader) => view.scroll = (view.scroll + 1).min(text_len),
        (Action::MoveUp | Action::ScrollUp, SourcePane::Reader) => view.scroll = view.scroll.saturating_sub(1),
        (Action::PageDown, SourcePane::Reader) => view.scroll = (view.scroll + reader_height).min(text_len),
        (Action::PageUp, SourcePane::Reader) => view.scroll = view.scroll.saturating_sub(reader_height),
        (Action::Top, SourcePane::Reader) => view.scroll = 0,
        (Action::Bottom, SourcePane::Reader) => view.scroll = text_len.saturating_sub(reader_height),
        (Action::NextPassage | Action::PreviousPassage, _) => step_passage(state, data, action == Action::NextPassage),
        (Action::SearchText, _) if text_len > 0 => view.search = Some(String::new()),
        (Action::SearchText, _) => state.status = Some("This source has no local copy to search".into()),
        (Action::Apply, _) => jump_to_backlink(state, data),
        (Action::ClearFilters, _) => clear_and_jump(state, data),
        (Action::FilterBySource, _) => {
            let source = view.source;
            filter_by_source(state, data, source);
        }
        (Action::OpenCopy, _) => {
            let source = view.source;
            return open_copy(state, data, source);
        }
        (Action::OpenExternal, _) => {
            let source = view.source;
            return open_external(state, data, source);
        }
        (Action::OpenWayback, _) => {
            let source = view.source;
            return open_wayback(state, data, source);
        }
        (Action::CopyCitation, _) => {
            let source = view.source;
            let at = view.backlinks.get(view.cursor).and_then(|b| b.cite(&data.timeline).at.clone());
            return copy(state, data, source, at.as_deref());
        }
        _ => {}
    }
    Vec::new()
}

fn step_passage(state: &mut State, data: &Data, next: bool) {
    let Some(Overlay::Source(view)) = &mut state.overlay else { return };
    let passages = cited_passages(view, data);
    if passages.is_empty() {
        state.status = Some("No cited passage of this source can be found in its text".into());
        return;
    }
    let here = view.passage.as_ref().map_or(if next { 0 } else { usize::MAX }, |p| *p.start());
    let found = if next {
        passages.iter().find(|p| *p.start() > here).or(passages.first())
    } else {
        passages.iter().rev().find(|p| *p.start() < here).or(passages.last())
    };
    if let Some(p) = found.cloned() {
        view.scroll = p.start().saturating_sub(2);
        view.passage = Some(p);
    }
}

fn search_action(state: &mut State, data: &Data, action: Action) {
    let Some(Overlay::Source(view)) = &mut state.overlay else { return };
    let Some(query) = view.search.as_mut() else { return };
    match action {
        Action::Insert(c) => query.push(c),
        Action::DeleteBack => {
            query.pop();
        }
        Action::DeleteWord | Action::ClearInput => query.clear(),
        Action::Close => view.search = None,
        Action::Apply => {
            let needle = query.to_lowercase();
            view.search = None;
            let Some(archive) = archive(data, view.source) else { return };
            let from = view.passage.as_ref().map_or(0, |p| p.start() + 1).min(archive.len());
            let matches = |(_, line): &(usize, &str)| line.to_lowercase().contains(&needle);
            let lines = || archive.text().lines().enumerate();
            let hit = lines().skip(from).chain(lines().take(from)).find(matches).map(|(i, _)| i);
            match hit {
                Some(i) if !needle.is_empty() => {
                    view.passage = Some(i..=i);
                    view.scroll = i.saturating_sub(2);
                }
                _ => state.status = Some(format!("`{}` is not in the text", crate::text::clean_line(&needle))),
            }
        }
        _ => {}
    }
}

/// Enter on a backlink: go to that event, or say that a filter hides it.
fn jump_to_backlink(state: &mut State, data: &Data) {
    let Some(Overlay::Source(view)) = &mut state.overlay else { return };
    let Some(b) = view.backlinks.get(view.cursor).copied() else { return };
    match state.shown.iter().position(|&ix| ix == b.event) {
        Some(pos) => {
            view.hidden = None;
            record(state);
            state.overlay = None;
            state.cursor = pos;
            state.focus = Focus::List;
            state.detail_scroll = 0;
        }
        None => {
            view.hidden = Some(view.cursor);
            let id = &data.event(b.event).id;
            let key = |action| state.keymap.label(Mode::Source, action);
            let (c, esc) = (key(Action::ClearFilters), key(Action::Close));
            state.status =
                Some(format!("`{id}` is hidden by the active filters: {c} clears them and jumps, {esc} stays"));
        }
    }
}

/// `c` on a backlink a filter hides: clears every filter and goes to the event, once the
/// list shows it (at once, or when a background filter has counted).
fn clear_and_jump(state: &mut State, data: &Data) {
    let Some(Overlay::Source(view)) = &state.overlay else { return };
    let Some(b) = view.hidden.and_then(|i| view.backlinks.get(i)).copied() else { return };
    record(state);
    state.overlay = None;
    state.focus = Focus::List;
    state.detail_scroll = 0;
    state.keep = Some(b.event);
    state.filter = Default::default();
    state.filter_changed(data);
}

/// Shows only the events citing the source (adds `source:ID` to the query).
pub fn filter_by_source(state: &mut State, data: &Data, source: SourceIx) {
    let id = &data.timeline.sources[source].id;
    let text = format!("{} source:{id}", state.filter.query.text).trim().to_string();
    state.filter.query = Query::parse(&text, &data.timeline, &data.index);
    state.overlay = None;
    state.filter_changed(data);
    state.status = Some(match state.counting() {
        true => format!("Showing the events citing `{id}`"),
        false => format!("Showing the {} events citing `{id}`", state.shown.len()),
    });
}

/// `o`: the source's URL or archive, if it is safe to open. Where there is a local copy too,
/// the status says how to open it and the Wayback Machine instead, should the page be gone.
pub fn open_external(state: &mut State, data: &Data, source: SourceIx) -> Vec<Effect> {
    let effects = open_target(state, sources::target(&data.timeline, source, &data.folder));
    let url = matches!(effects.first(), Some(Effect::Open(sources::Target::Url(_))));
    if url && data.archives.has_archive(source) {
        let key = |action| state.keymap.label(Mode::Source, action);
        let (copy, wayback) = (key(Action::OpenCopy), key(Action::OpenWayback));
        if let Some(status) = &mut state.status {
            status.push_str(&format!(" · page gone? {copy} opens the local copy, {wayback} the Wayback Machine"));
        }
    }
    effects
}

/// `O`: the source's local copy, the original as captured if there is one.
pub fn open_copy(state: &mut State, data: &Data, source: SourceIx) -> Vec<Effect> {
    open_target(state, sources::local_copy(&data.timeline.sources[source], &data.folder))
}

/// `W`: the Wayback Machine's captures of the source's URL.
pub fn open_wayback(state: &mut State, data: &Data, source: SourceIx) -> Vec<Effect> {
    open_target(state, sources::wayback(&data.timeline.sources[source]))
}

/// `O` on an event: the local copy of the source of the citation under the cursor.
pub fn copy_of_cited(state: &mut State, data: &Data) -> Vec<Effect> {
    match cited(state, data) {
        Some(c) => open_copy(state, data, c.source),
        None => {
            state.status = Some("This event cites no source".into());
            Vec::new()
        }
    }
}

/// `W` on an event: the Wayback Machine for the source of the citation under the cursor.
pub fn wayback_cited(state: &mut State, data: &Data) -> Vec<Effect> {
    match cited(state, data) {
        Some(c) => open_wayback(state, data, c.source),
        None => {
            state.status = Some("This event cites no source".into());
            Vec::new()
        }
    }
}

fn open_target(state: &mut State, target: Result<sources::Target, sources::Refusal>) -> Vec<Effect> {
    match target {
        Ok(target) => {
            state.status = Some(format!("Opening {}", crate::text::clean_line(&target.to_string())));
            vec![Effect::Open(target)]
        }
        Err(reason) => {
            state.status = Some(format!("Refused to open: {reason}"));
            Vec::new()
        }
    }
}

/// `y`: the formatted citation to the clipboard.
pub fn copy(state: &mut State, data: &Data, source: SourceIx, at: Option<&str>) -> Vec<Effect> {
    let text = crate::text::clean_line(&sources::reference(&data.timeline, source, at)).into_owned();
    state.status = Some(format!("Copied to the clipboard: {text}"));
    vec![Effect::Copy(text)]
}

/// The source list (`S`): move, open one (a jump), or filter by it.
pub fn sources_action(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    let Some(Overlay::Sources(cursor)) = &mut state.overlay else { return Vec::new() };
    let last = data.timeline.sources.len().saturating_sub(1);
    match action {
        Action::MoveDown | Action::ScrollDown => *cursor = (*cursor + 1).min(last),
        Action::MoveUp | Action::ScrollUp => *cursor = cursor.saturating_sub(1),
        Action::Apply if !data.timeline.sources.is_empty() => {
            let source = *cursor;
            state.overlay = None;
            return open_source(state, data, source, None);
        }
        Action::FilterBySource if !data.timeline.sources.is_empty() => {
            let source = *cursor;
            filter_by_source(state, data, source);
        }
        _ => {}
    }
    Vec::new()
}
