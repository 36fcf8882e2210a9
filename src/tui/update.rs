//! The one place where state changes: `update(state, data, msg)` returns the side effects to
//! perform, as values.

use super::action::Action;
use super::effect::{Effect, LaneJob};
use super::exporting;
use super::goto;
use super::lanes_view::{self, LanesView};
use super::layout;
use super::msg::Msg;
use super::reload;
use super::source_view;
use super::state::{Choice, Data, Focus, Overlay, Picker, PickerItem, PickerKind, QueryInput, State, heading};
use crate::query::{Facet, Query, Selection};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use std::sync::Arc;

/// Changes the state for one message, and says what to do about it. `data` is replaced only here,
/// when the file has been read again.
pub fn update(state: &mut State, data: &mut Arc<Data>, msg: Msg) -> Vec<Effect> {
    let mut effects = match msg {
        Msg::Action(action) => act(state, data, action),
        Msg::Filtered { generation, result } => {
            state.filter_running = false;
            if let Some(result) = result {
                state.filtered(data, generation, result);
            }
            Vec::new()
        }
        Msg::Written(outcome) => {
            exporting::outcome(state, outcome);
            Vec::new()
        }
        Msg::Failed(why) | Msg::NotWatching(why) => {
            state.status = Some(why);
            Vec::new()
        }
        Msg::FileChanged => reload::changed(state),
        Msg::Settled(change) => reload::settled(state, change),
        Msg::Reloaded(reread) => {
            let effects = reload::reloaded(state, data, *reread);
            super::form::reloaded(state, data);
            effects
        }
        Msg::Saved(saved) => super::form::saved(state, *saved),
        Msg::Undone(undone) => super::form::undone(state, *undone),
        Msg::EditorDone(error) => reload::edited(state, error),
        Msg::ArchiveRead(source) => {
            source_view::archive_read(state, data, source);
            Vec::new()
        }
        Msg::LanesLaidOut { ask, view } => {
            if let Some(waiting) = &mut state.lanes {
                lanes_view::laid_out(waiting, ask, *view);
            }
            Vec::new()
        }
        Msg::MarksRead(read) => {
            goto::marks_read(state, read);
            Vec::new()
        }
        Msg::MarksSaved(saved) => {
            if let Err(why) = saved {
                state.status = Some(why);
            }
            Vec::new()
        }
    };
    effects.extend(goto::settle(state, data));
    effects.extend(start_filtering(state));
    super::replay::settle(state, data);
    reload::keep_row(state, data);
    source_view::forget_citation(state);
    scroll_into_view(state, data);
    effects.extend(settle_lanes(state, data));
    effects
}

/// The lanes view made again if what it shows changed, its cursor's lane on screen; on a large
/// timeline the lanes are laid out in the background, as filters are.
fn settle_lanes(state: &mut State, data: &Data) -> Option<Effect> {
    let area = layout::of(state).list;
    let timescale = &state.timescale;
    let view = state.lanes.as_mut()?;
    if view.stale && data.timeline.events.len() >= data.background_from {
        let ask = lanes_view::ask(view)?;
        let job = LaneJob {
            view: LanesView::new(view.by),
            shown: state.shown.clone(),
            cursor: state.cursor,
            area,
            timescale: timescale.clone(),
        };
        return Some(Effect::LayOutLanes { ask, lanes: Box::new(job) });
    }
    let names = (&data.timeline, &data.short_names[..]);
    lanes_view::settle(view, names, (&state.shown, state.cursor), area, |width| timescale.axis_at(width));
    None
}

/// A filter the list does not show yet goes to the background, unless one is running: its
/// result asks for the next.
fn start_filtering(state: &mut State) -> Option<Effect> {
    if !state.counting() || state.filter_running || first_letter_typed(state) {
        return None;
    }
    state.filter_running = true;
    Some(Effect::Filter { generation: state.generation, filter: Box::new(state.filter.clone()) })
}

/// True while the query bar holds a word of one letter: on a large timeline (only those filter
/// in the background) it matches nearly every event, and a pass for it would only delay the
/// pass for the word being typed. Enter, or a second letter, counts it.
fn first_letter_typed(state: &State) -> bool {
    let one_letter = |t: &crate::query::Term| match &t.kind {
        crate::query::TermKind::Text(text) => text.text.chars().nth(1).is_none(),
        _ => false,
    };
    matches!(state.overlay, Some(Overlay::Query(_))) && state.filter.query.terms.iter().any(one_letter)
}

fn act(state: &mut State, data: &Data, action: Action) -> Vec<Effect> {
    // Whatever is open stays as it was, to come back to.
    if action == Action::Suspend {
        return vec![Effect::Suspend];
    }
    if !matches!(action, Action::Resize { .. }) {
        state.status = None;
    }
    // A hidden event a link led to waits for the very next key: `c` goes there.
    let hidden_link = state.hidden_link.take();
    // The form takes every key while it is open; Ctrl-c still quits.
    if let Some(Overlay::Form(_)) = state.overlay
        && !matches!(action, Action::Quit | Action::Resize { .. })
    {
        return super::form::action(state, data, action);
    }
    if let Some(effects) = goto::action(state, data, action) {
        return effects;
    }
    if let Some(effects) = super::replay::action(state, data, action) {
        return effects;
    }
    if let Some(effects) = sources_and_history(state, data, action) {
        return effects;
    }
    if let Some(Overlay::Export(_)) = state.overlay
        && !matches!(action, Action::Close | Action::Quit | Action::Resize { .. })
    {
        return exporting::dialog_action(state, data, action);
    }
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Select if state.overlay.is_none() => exporting::toggle_selection(state),
        Action::Export if state.overlay.is_none() => exporting::open_dialog(state, data),
        Action::Reload if state.overlay.is_none() => return reload::read(state, true),
        Action::NewEvent if state.overlay.is_none() => super::form::open_new(state, data),
        Action::EditEvent if state.overlay.is_none() => super::form::open_current(state, data),
        Action::Undo if state.overlay.is_none() => return super::form::undo(state),
        Action::Edit if state.overlay.is_none() => {
            let line = state.current().map_or(1, |ix| data.event(ix).line);
            return vec![Effect::Edit { line }];
        }
        Action::CopyExport if state.overlay.is_none() => {
            let effects = exporting::copy(state, data);
            return effects;
        }
        Action::Resize { width, height } => {
            state.size = (width, height);
            state.measure_time();
        }
        Action::ZoomIn | Action::ZoomOut | Action::ZoomToFit | Action::SwitchScale if state.overlay.is_none() => {
            super::timescale::act(state, data, action)
        }
        Action::Close => close(state, data),
        Action::Help => {
            let under = state.overlay.take().map(Box::new);
            state.overlay = Some(Overlay::Help { scroll: 0, under });
        }
        Action::ActorPicker => state.overlay = Some(Overlay::Picker(picker(state, data, PickerKind::Actors))),
        Action::TagPicker => state.overlay = Some(Overlay::Picker(picker(state, data, PickerKind::Tags))),
        Action::QueryBar => {
            let text = state.filter.query.text.clone();
            let cursor = text.len();
            state.overlay = Some(Overlay::Query(QueryInput { text, cursor, previous: state.filter.query.clone() }));
        }
        Action::ClearFilters => {
            if let Some(ix) = hidden_link {
                source_view::record(state);
                state.keep = Some(ix);
                state.detail_scroll = 0;
            }
            state.filter = Default::default();
            state.stepping = None;
            state.filter_changed(data);
            state.status = Some("Every filter cleared".into());
        }
        Action::SwitchFocus => {
            state.focus = if state.focus == Focus::List { Focus::Detail } else { Focus::List };
            // Focus on a hidden pane would be a mystery: it shows again.
            state.detail_hidden &= state.focus == Focus::List;
        }
        Action::ToggleDetail if state.overlay.is_none() => {
            state.detail_hidden = !state.detail_hidden;
            state.focus = Focus::List;
        }
        Action::WrapTitles if state.overlay.is_none() => state.wrap_titles = !state.wrap_titles,
        Action::SwitchLanes if state.overlay.is_none() => {
            state.lanes = lanes_view::switched(state.lanes.take());
            let key = state.keymap.label(super::keymap::Mode::Lanes, Action::SwitchLanes);
            state.status = Some(lanes_view::said(state.lanes.as_ref(), &key));
        }
        _ => match &mut state.overlay {
            Some(Overlay::Help { .. }) => super::help::scroll(state, action),
            Some(Overlay::Diagnostics(_)) => reload::scroll_diagnostics(state, action),
            Some(Overlay::Picker(_)) => picker_action(state, data, action),
            Some(Overlay::Query(_)) => query_action(state, data, action),
            // Handled by `sources_and_history` and `exporting`.
            Some(Overlay::Source(_) | Overlay::Sources(_) | Overlay::Export(_)) => {}
            // Handled by `goto`.
            Some(Overlay::GoTo(_) | Overlay::Find(_) | Overlay::Marks(_)) => {}
            // Handled by `replay`.
            Some(Overlay::AsOf(_)) => {}
            // Handled by `form`.
            Some(Overlay::Form(_)) => {}
            None => browse(state, data, action),
        },
    }
    Vec::new()
}

/// Actions of the source view, the source list and the jump history; `None` when `action` is
/// not one of theirs here.
fn sources_and_history(state: &mut State, data: &Data, action: Action) -> Option<Vec<Effect>> {
    let in_source = matches!(state.overlay, Some(Overlay::Source(_)));
    let in_list = matches!(state.overlay, Some(Overlay::Sources(_)));
    let browsing = state.overlay.is_none();
    let effects = match action {
        Action::Back if browsing || in_source => {
            source_view::back(state);
            Vec::new()
        }
        Action::Forward if browsing || in_source => {
            source_view::forward(state);
            Vec::new()
        }
        Action::SourceList if !matches!(state.overlay, Some(Overlay::Help { .. })) => {
            state.overlay = Some(Overlay::Sources(0));
            Vec::new()
        }
        Action::OpenSource if browsing => source_view::open_citation(state, data, 1),
        Action::Citation(n) if browsing => source_view::open_citation(state, data, n as usize),
        Action::OpenExternal if browsing => source_view::open_cited_external(state, data),
        Action::OpenWayback if browsing => source_view::wayback_cited(state, data),
        Action::OpenCopy if browsing => source_view::copy_of_cited(state, data),
        Action::CopyCitation if browsing => source_view::copy_cited(state, data),
        Action::OpenCitation if browsing => source_view::open_cited(state, data),
        Action::NextCitation | Action::PreviousCitation if browsing => {
            source_view::step_citation(state, data, action == Action::NextCitation);
            Vec::new()
        }
        Action::Diagnostics if browsing => {
            reload::show_diagnostics(state);
            Vec::new()
        }
        Action::Close | Action::Quit | Action::Help | Action::Resize { .. } => return None,
        _ if in_source => source_view::source_action(state, data, action),
        _ if in_list => source_view::sources_action(state, data, action),
        _ => return None,
    };
    Some(effects)
}

fn close(state: &mut State, data: &Data) {
    match state.overlay.take() {
        Some(Overlay::Query(input)) => {
            state.filter.query = input.previous;
            state.filter_changed(data);
        }
        Some(Overlay::Help { under, .. }) => state.overlay = under.map(|o| *o),
        Some(Overlay::Source(mut view)) if view.search.is_some() => {
            view.search = None;
            state.overlay = Some(Overlay::Source(view));
        }
        Some(_) => {}
        None if state.selection.is_some() => state.selection = None,
        None => state.focus = Focus::List,
    }
}

fn browse(state: &mut State, data: &Data, action: Action) {
    if state.focus == Focus::Detail {
        let end = super::detail::max_scroll(state, data);
        let page = layout::of(state).detail.height.saturating_sub(2).max(1);
        let scroll = &mut state.detail_scroll;
        match action {
            Action::MoveDown | Action::ScrollDown => *scroll = scroll.saturating_add(1),
            Action::MoveUp | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(page),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = end,
            Action::Click { column, row } => click(state, data, column, row),
            _ => {}
        }
        state.detail_scroll = state.detail_scroll.min(end);
        return;
    }
    let area = layout::of(state).list;
    if let Some(view) = &mut state.lanes
        && lanes_view::act(view, &mut state.cursor, (&data.timeline, &state.shown), action, area)
    {
        state.detail_scroll = 0;
        return;
    }
    // A page is as many events as the screen shows now (headings and wrapped titles take lines).
    let columns = layout::columns(state, data);
    let height = layout::of(state).list.height as usize;
    let on_screen = layout::list_lines(state, data, &columns, height)
        .iter()
        .filter(|l| matches!(l, layout::Line::Event { line: 0, .. }))
        .count();
    let page = on_screen.saturating_sub(1).max(1);
    let last = state.shown.len().saturating_sub(1);
    let before = state.cursor;
    if matches!(action, Action::Top | Action::Bottom | Action::NextDate | Action::PreviousDate) {
        source_view::record(state);
    }
    state.cursor = match action {
        Action::MoveDown => (state.cursor + 1).min(last),
        Action::MoveUp => state.cursor.saturating_sub(1),
        Action::ScrollDown => (state.cursor + 3).min(last),
        Action::ScrollUp => state.cursor.saturating_sub(3),
        Action::PageDown => (state.cursor + page).min(last),
        Action::PageUp => state.cursor.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        Action::NextDate => next_date(state, data),
        Action::PreviousDate => previous_date(state, data),
        Action::Click { column, row } => {
            click(state, data, column, row);
            state.cursor
        }
        _ => state.cursor,
    };
    if state.cursor != before {
        state.detail_scroll = 0;
    }
}

fn key_at(state: &State, data: &Data, pos: usize) -> i64 {
    heading(data.event(state.shown[pos]), data.timeline.timezone).0
}

fn next_date(state: &State, data: &Data) -> usize {
    if state.shown.is_empty() {
        return 0;
    }
    let key = key_at(state, data, state.cursor);
    (state.cursor + 1..state.shown.len()).find(|&i| key_at(state, data, i) != key).unwrap_or(state.cursor)
}

fn previous_date(state: &State, data: &Data) -> usize {
    if state.cursor == 0 || state.shown.is_empty() {
        return 0;
    }
    // Step to the group before the cursor's, then to that group's first event.
    let group_start = |mut i: usize| {
        let key = key_at(state, data, i);
        while i > 0 && key_at(state, data, i - 1) == key {
            i -= 1;
        }
        i
    };
    let start = group_start(state.cursor);
    if start == 0 { 0 } else { group_start(start - 1) }
}

fn click(state: &mut State, data: &Data, column: u16, row: u16) {
    let areas = layout::of(state);
    let at = ratatui::layout::Position { x: column, y: row };
    if areas.detail.contains(at) {
        state.focus = Focus::Detail;
    } else if areas.list.contains(at) {
        state.focus = Focus::List;
        if let Some(view) = &mut state.lanes {
            let click = Action::Click { column, row };
            lanes_view::act(view, &mut state.cursor, (&data.timeline, &state.shown), click, areas.list);
            return;
        }
        let visible = layout::list_lines(state, data, &layout::columns(state, data), areas.list.height as usize);
        if let Some(layout::Line::Event { pos, .. }) = visible.get((row - areas.list.y) as usize) {
            state.cursor = *pos;
            state.detail_scroll = 0;
        }
    }
}

/// Moves the view so that the cursor's row is on screen, all its lines; O(list height).
fn scroll_into_view(state: &mut State, data: &Data) {
    if state.shown.is_empty() {
        state.offset = 0;
        return;
    }
    let height = (layout::of(state).list.height as usize).max(1);
    let columns = layout::columns(state, data);
    let lines = |state: &State, from, to| layout::lines_between(state, data, &columns, from, to);
    if state.cursor < state.offset || state.cursor - state.offset >= height || state.offset >= state.shown.len() {
        state.offset = state.cursor;
        while state.offset > 0 && lines(state, state.offset - 1, state.cursor) <= height / 2 {
            state.offset -= 1;
        }
    }
    while state.offset < state.cursor && lines(state, state.offset, state.cursor) > height {
        state.offset += 1;
    }
    // Near the end of the list, show earlier events rather than blank lines.
    let last = (state.offset + height).min(state.shown.len() - 1);
    while state.offset > 0 && lines(state, state.offset - 1, last) <= height {
        state.offset -= 1;
    }
}

fn picker(state: &State, data: &Data, kind: PickerKind) -> Picker {
    use super::shown::shown;
    let tags = data.index.tags(&data.timeline);
    let (labels, chosen, all) = match kind {
        PickerKind::Actors => {
            let labels: Vec<String> = data.timeline.actors.iter().map(|a| shown(&a.name).into_owned()).collect();
            let chosen = state.filter.actors();
            (labels, choices(&chosen, |&a| Some(a)), chosen.all)
        }
        PickerKind::Tags => {
            let labels: Vec<String> = tags.iter().map(|t| shown(t).into_owned()).collect();
            let chosen = state.filter.tags();
            (labels, choices(&chosen, |t| tags.binary_search(t).ok()), chosen.all)
        }
    };
    let counts = facet_counts(state, data, kind, labels.len());
    let mut items: Vec<PickerItem> =
        labels.into_iter().enumerate().map(|(item, label)| PickerItem { item, label, count: counts[item] }).collect();
    // What is already chosen comes first, then by count.
    let is_chosen = |item: &PickerItem| chosen.iter().any(|(i, _)| *i == item.item);
    items.sort_by(|a, b| {
        (is_chosen(b), b.count)
            .cmp(&(is_chosen(a), a.count))
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    let visible = (0..items.len()).collect();
    let other = super::claims::opened(&state.filter);
    Picker { kind, input: String::new(), items, visible, cursor: 0, chosen, all, claims: false, other }
}

/// The picker's marks for a selection, with items numbered by `position`.
fn choices<T>(selection: &Selection<T>, position: impl Fn(&T) -> Option<usize>) -> Vec<(usize, Choice)> {
    let include = selection.include.iter().filter_map(&position).map(|i| (i, Choice::Include));
    let exclude = selection.exclude.iter().filter_map(&position).map(|i| (i, Choice::Exclude));
    include.chain(exclude).collect()
}

/// For each actor (or tag), how many events it would show given the other active filters.
/// Counted on every core: opening a picker over a million events must not stall.
fn facet_counts(state: &State, data: &Data, kind: PickerKind, items: usize) -> Vec<usize> {
    use rayon::prelude::*;
    let (timeline, index) = (&data.timeline, &data.index);
    let filter = state.filter.prepare(timeline, index);
    // Lowercasing every tag is left to the tag picker.
    let tags = if kind == PickerKind::Tags { index.tags(timeline) } else { &[] };
    let count = |mut counts: Vec<usize>, ix: usize| {
        let e = data.event(ix);
        match kind {
            PickerKind::Actors if filter.matches_without(Facet::Actors, ix) => {
                for a in e.named_actors() {
                    counts[a] += 1;
                }
            }
            PickerKind::Tags if filter.matches_without(Facet::Tags, ix) => {
                let mut seen: Vec<usize> =
                    e.tags.iter().filter_map(|t| tags.binary_search(&t.to_lowercase()).ok()).collect();
                seen.sort_unstable();
                seen.dedup();
                seen.into_iter().for_each(|t| counts[t] += 1);
            }
            _ => {}
        }
        counts
    };
    let add = |mut a: Vec<usize>, b: Vec<usize>| {
        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        a
    };
    (0..timeline.events.len())
        .into_par_iter()
        .with_min_len(4096)
        .fold(|| vec![0; items], count)
        .reduce(|| vec![0; items], add)
}

/// The names the picker's fuzzy match tries, each on its own: for actors the id, name and every
/// alias (so letters scattered over several names do not add up to a match), for tags the tag.
fn names<'d>(data: &'d Data, kind: PickerKind, item: &'d PickerItem) -> Vec<&'d str> {
    match kind {
        PickerKind::Actors => data.timeline.actors[item.item].handles().collect(),
        PickerKind::Tags => vec![item.label.as_str()],
    }
}

fn refine(picker: &mut Picker, data: &Data) {
    if picker.input.is_empty() {
        picker.visible = (0..picker.items.len()).collect();
    } else {
        let pattern = Pattern::parse(&picker.input, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = picker
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let names = names(data, picker.kind, item);
                names
                    .iter()
                    .filter_map(|n| pattern.score(Utf32Str::new(n, &mut buf), &mut matcher))
                    .max()
                    .map(|s| (s, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        picker.visible = scored.into_iter().map(|(_, i)| i).collect();
    }
    picker.cursor = picker.cursor.min(picker.visible.len().saturating_sub(1));
}

fn toggle(picker: &mut Picker, choice: Choice) {
    let Some(item) = picker.current().map(|i| i.item) else { return };
    let previous = picker.choice(item);
    picker.chosen.retain(|(i, _)| *i != item);
    if previous != Some(choice) {
        picker.chosen.push((item, choice));
    }
}

fn picker_action(state: &mut State, data: &Data, action: Action) {
    let Some(Overlay::Picker(picker)) = &mut state.overlay else { return };
    match action {
        Action::PickerDown | Action::ScrollDown => {
            picker.cursor = (picker.cursor + 1).min(picker.visible.len().saturating_sub(1))
        }
        Action::PickerUp | Action::ScrollUp => picker.cursor = picker.cursor.saturating_sub(1),
        Action::ToggleInclude => toggle(picker, Choice::Include),
        Action::ToggleExclude => toggle(picker, Choice::Exclude),
        Action::SwitchAnyAll => picker.all = !picker.all,
        Action::SwitchClaims => super::claims::switch(picker, &state.filter, data),
        Action::Insert(c) => {
            picker.input.push(c);
            refine(picker, data);
        }
        Action::DeleteBack => {
            picker.input.pop();
            refine(picker, data);
        }
        Action::DeleteWord | Action::ClearInput => {
            picker.input.clear();
            refine(picker, data);
        }
        Action::Apply => {
            let Some(Overlay::Picker(picker)) = state.overlay.take() else { return };
            apply_picker(state, data, picker);
        }
        _ => {}
    }
}

fn apply_picker(state: &mut State, data: &Data, picker: Picker) {
    let pick = |choice: Choice| picker.chosen.iter().filter(move |(_, c)| *c == choice).map(|(i, _)| *i);
    match picker.kind {
        PickerKind::Actors => super::claims::apply(&mut state.filter, &picker),
        PickerKind::Tags => {
            let tag = |i: usize| data.index.tags(&data.timeline)[i].clone();
            state.filter.choose_tags(Selection {
                include: pick(Choice::Include).map(tag).collect(),
                exclude: pick(Choice::Exclude).map(tag).collect(),
                all: picker.all,
            });
        }
    }
    state.filter_changed(data);
}

fn query_action(state: &mut State, data: &Data, action: Action) {
    let Some(Overlay::Query(input)) = &mut state.overlay else { return };
    let text = &mut input.text;
    let cursor = &mut input.cursor;
    match action {
        Action::Insert(c) => {
            text.insert(*cursor, c);
            *cursor += c.len_utf8();
        }
        Action::DeleteBack => {
            if let Some(c) = text[..*cursor].chars().next_back() {
                *cursor -= c.len_utf8();
                text.remove(*cursor);
            }
        }
        Action::DeleteWord => {
            let start = text[..*cursor].trim_end().rfind(' ').map_or(0, |i| i + 1);
            text.replace_range(start..*cursor, "");
            *cursor = start;
        }
        Action::ClearInput => {
            text.clear();
            *cursor = 0;
        }
        Action::CursorLeft => *cursor -= text[..*cursor].chars().next_back().map_or(0, char::len_utf8),
        Action::CursorRight => *cursor += text[*cursor..].chars().next().map_or(0, char::len_utf8),
        Action::CursorStart => *cursor = 0,
        Action::CursorEnd => *cursor = text.len(),
        Action::Apply if !state.filter.query.problems.is_empty() => {
            let esc = state.keymap.label(super::keymap::Mode::Query, Action::Close);
            state.status = Some(format!("Fix or remove the marked part, or press {esc} to restore the previous query"));
            return;
        }
        Action::Apply => {
            state.overlay = None;
            return;
        }
        _ => return,
    }
    let typed = Query::parse(text, &data.timeline, &data.index);
    let previous = std::mem::replace(&mut state.filter.query, typed);
    state.filter.query.keep_found(&previous);
    state.filter_changed(data);
}
