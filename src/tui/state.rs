//! What is on screen: the filter and the events it shows, the cursor, focus, overlays, status.
//! `Data` is the timeline and what is derived from it once; `State` is everything that changes.

use super::keymap::{Keymap, Mode};
use crate::axis::Axis;
use crate::load::regular::Stamp;
pub use crate::model::heading;
use crate::model::{Event, Timeline};
use crate::query::{Filter, Query, SearchIndex};

/// Filtering 200,000 events takes about a frame (16 ms) on two cores; above that it moves off
/// the keyboard's thread.
pub const BACKGROUND_FROM: usize = 200_000;

/// The timeline and what is computed from it once, at start.
pub struct Data {
    pub timeline: Timeline,
    pub index: SearchIndex,
    /// What the sources and links tell of each event (first reports, origins, links both ways),
    /// made once per reading of the file, never per frame.
    pub knowledge: crate::knowledge::Knowledge,
    /// Per actor, its `short` label or else its name, cleaned, for list rows and chips.
    pub short_names: Vec<String>,
    /// Where the file was read from.
    pub path: std::path::PathBuf,
    /// The folder of the timeline file: archives and `o` are confined to it.
    pub folder: std::path::PathBuf,
    /// The sources' archives, each read when its source is first opened: views only look at
    /// what has been read, and never touch files.
    pub archives: crate::sources::Archives,
    /// From this many events on, filters run in the background instead of within a keypress.
    pub background_from: usize,
    /// The file's size and modification time before it was read, to tell a later change.
    pub stamp: Option<Stamp>,
    /// Where this timeline's marks are kept, in the user's state folder; `None` without one.
    pub marks_file: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Data({}, {} events)", self.path.display(), self.timeline.events.len())
    }
}

impl Data {
    /// The browser's data for the timeline read from `path`. Its sources' archives are found
    /// relative to the timeline's folder, and read later.
    pub fn new(timeline: Timeline, path: &std::path::Path) -> Data {
        let index = SearchIndex::new(&timeline);
        let knowledge = crate::knowledge::Knowledge::new(&timeline);
        // A label is cleaned here once, not on every frame; views cut it to the room they have.
        let short_names = timeline.actors.iter().map(|a| super::shown::shown(a.label()).into_owned()).collect();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let archives = crate::sources::Archives::new(&timeline, &folder);
        let marks_file = super::marks::file_for(path);
        let path = path.to_path_buf();
        Data {
            timeline,
            index,
            knowledge,
            short_names,
            path,
            folder,
            archives,
            background_from: BACKGROUND_FROM,
            stamp: None,
            marks_file,
        }
    }

    pub fn event(&self, ix: usize) -> &Event {
        &self.timeline.events[ix]
    }
}

/// How far the load of a large file has come, for the header and the time axis's row while
/// its first screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadNote {
    /// The events in the file.
    pub events: usize,
    /// What the load is doing, and the share of it done (0 to 1).
    pub stage: &'static str,
    pub done: f64,
    /// The load ended in errors: the first screen is all there will be.
    pub failed: bool,
}

impl LoadNote {
    /// What the header says of the load.
    pub fn says(&self) -> String {
        match self.failed {
            true => format!("{} events · not loaded: the file has errors", self.events),
            false => format!("{} events · loading {:.0}%", self.events, self.done * 100.0),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerKind {
    Actors,
    Tags,
}

/// A row of the actor or tag picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickerItem {
    /// Actor index, or index into `Data::tags`.
    pub item: usize,
    pub label: String,
    /// Events it would show given the other active filters.
    pub count: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Include,
    Exclude,
}

/// The actor or tag picker: choices are applied on Enter and dropped on Esc.
#[derive(Clone, Debug)]
pub struct Picker {
    pub kind: PickerKind,
    pub input: String,
    /// Every item with its facet count, by count then label.
    pub items: Vec<PickerItem>,
    /// Indexes into `items` that match the input, best first.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub chosen: Vec<(usize, Choice)>,
    pub all: bool,
    /// The actor picker chooses who claims an event (`by:`) rather than who takes part.
    pub claims: bool,
    /// The choices of the other of those two, kept while this one is shown.
    pub other: (Vec<(usize, Choice)>, bool),
}

impl Picker {
    pub fn choice(&self, item: usize) -> Option<Choice> {
        self.chosen.iter().find(|(i, _)| *i == item).map(|(_, c)| *c)
    }

    pub fn current(&self) -> Option<&PickerItem> {
        self.visible.get(self.cursor).map(|&i| &self.items[i])
    }
}

/// The query bar while it is open.
#[derive(Clone, Debug)]
pub struct QueryInput {
    pub text: String,
    /// Cursor position, in bytes.
    pub cursor: usize,
    /// The query before the bar opened, restored by Esc.
    pub previous: Query,
}

/// The source view: one source, the events citing it, and its local copy if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceView {
    pub source: crate::model::SourceIx,
    /// The citation the view was opened for.
    pub from: Option<crate::sources::Backlink>,
    pub backlinks: Vec<crate::sources::Backlink>,
    /// The selected backlink.
    pub cursor: usize,
    pub pane: SourcePane,
    /// First line of the reader on screen.
    pub scroll: usize,
    /// The lines of the passage shown, from the citation or `n`/`N` or a search.
    pub passage: Option<std::ops::RangeInclusive<usize>>,
    /// A search in the reader while it is being typed.
    pub search: Option<String>,
    /// A backlink hidden by the filter, waiting for the user to clear the filter (`c`) or not.
    pub hidden: Option<usize>,
    /// Per backlink, what its quote and locator came to against the local copy, once read.
    pub findings: Vec<Option<crate::evidence::Finding>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourcePane {
    Backlinks,
    Reader,
}

#[derive(Clone, Debug)]
pub enum Overlay {
    /// Help, over whatever overlay was open when `?` was pressed, which Esc brings back.
    Help {
        scroll: u16,
        under: Option<Box<Overlay>>,
    },
    Picker(Picker),
    Query(QueryInput),
    Source(SourceView),
    /// The list of sources, with its cursor.
    Sources(usize),
    Export(ExportDialog),
    /// Every error of the file that failed to load (`!`), scrolled this far.
    Diagnostics(u16),
    /// The go-to prompt (`:`): a date, an event id or a time from the anchor.
    GoTo(Prompt),
    /// The find prompt (`Ctrl-f`): moves to matches without filtering.
    Find(Prompt),
    /// The list of marks (`''`), with its cursor.
    Marks(usize),
    /// The as-of prompt (`A`): a date to replay the timeline to, or `off`.
    AsOf(Prompt),
    /// The event form (`i`, `E`).
    Form(Box<super::form_state::Form>),
}

/// A one-line prompt: what is typed, what it says back, and the event the cursor was on when
/// it opened (Esc in the find prompt goes back there).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    pub note: Option<String>,
    pub from: Option<usize>,
}

/// A change of the as-of date, said once the list shows its result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replayed {
    /// The new date, or `None` when it was turned off.
    pub date: Option<String>,
    /// How many events the list showed before.
    pub before: usize,
    /// The events the list showed before, in time order: the status line names the first event
    /// that became known.
    pub was: Vec<crate::model::EventIx>,
}

/// The unit `(` and `)` step by, taken from the time axis as it was when the replay started
/// (before it narrowed the list) and kept while the zoom stays as it was: the axis fits itself to
/// the events shown, and a replay that shows two events must not start stepping by hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stepping {
    pub unit: crate::axis::Unit,
    pub window: Option<(i64, i64)>,
    pub linear: bool,
}

/// A key that waits for a letter: `m` (mark the event) or `'` (jump to a mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Mark,
    Jump,
}

/// What the find prompt looks for, and the events it matches.
#[derive(Clone, Debug)]
pub struct Finding {
    /// In the query language, like the query bar: words, `@actor`, `by:`, …
    pub query: Query,
    /// The matching events (indexes into the timeline), in order.
    pub hits: Vec<usize>,
    /// Which reading of the file `hits` index: the address of its `Data`.
    pub data: usize,
}

/// The export dialog (`x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDialog {
    pub path: String,
    pub format: crate::export::Format,
    /// The citation style, by its place in `export::cite::STYLES`.
    pub style: usize,
    pub summaries: bool,
    pub sources: bool,
    pub field: ExportField,
    /// The file exists: waiting for `y` to replace it.
    pub confirm: bool,
    /// Why the last write failed.
    pub error: Option<String>,
    /// How many events it will write.
    pub events: usize,
}

/// The fields of the export dialog, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportField {
    Path,
    Format,
    /// The citation style of a Markdown report.
    Style,
    Summaries,
    Sources,
}

impl ExportField {
    pub const ALL: [ExportField; 5] =
        [ExportField::Path, ExportField::Format, ExportField::Style, ExportField::Summaries, ExportField::Sources];

    /// The field below, or the first after the last.
    pub fn next(self) -> ExportField {
        Self::ALL[(self as usize + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> ExportField {
        Self::ALL[(self as usize + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// Where the user was, for the jump history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub event: Option<usize>,
    pub offset: usize,
    pub focus: Focus,
    pub detail_scroll: u16,
    pub source: Option<SourceView>,
}

/// Reading the file again: at most one read at a time, and none while an editor is still writing.
#[derive(Clone, Debug, Default)]
pub struct Rereading {
    /// A read is running on another thread.
    pub reading: bool,
    /// Another read is wanted when this one ends; `true` if asked for by hand.
    pub again: Option<bool>,
    /// Changes seen to the file: a settle timer for an older change is outdated.
    pub changes: u64,
    /// The file's size and modification time as last read.
    pub stamp: Option<Stamp>,
}

/// The time axis over the list: which stretch of time it shows, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timescale {
    /// The stretch of time the axis is zoomed to, or `None`: the span of the shown events.
    pub window: Option<(i64, i64)>,
    /// A plain linear scale for the whole span rather than the collapsed one, where long empty
    /// stretches are cut. A zoomed window is always plain.
    pub linear: bool,
    /// Made when the shown events, the zoom or the width change, never per frame.
    pub axis: Axis,
    /// The shown events in each column of `axis`.
    pub counts: Vec<u32>,
    /// Where each shown event stands in time (its start, else its end), in order; made once per
    /// filter result, so that a zoom step only slices it.
    pub anchors: Vec<i64>,
}

impl Timescale {
    /// The shown events' places in time within the window, in order.
    fn inside(&self) -> &[i64] {
        match self.window {
            // The anchors are in time order: a window is a slice of them.
            Some((from, to)) => {
                let first = self.anchors.partition_point(|&t| t < from);
                let last = self.anchors.partition_point(|&t| t <= to);
                &self.anchors[first..last.max(first)]
            }
            None => &self.anchors[..],
        }
    }

    /// The axis at `width` columns, for this window and scale: the strip over the list and the
    /// lanes, each as wide as it is, show the same stretch of time the same way.
    pub fn axis_at(&self, width: usize) -> Axis {
        let inside = self.inside();
        // A window zoomed to is drawn as it is, a plain stretch of time; the whole span is
        // collapsed unless asked otherwise.
        let span = self.window.or_else(|| Some((*inside.first()?, *inside.last()?)));
        match (self.linear || self.window.is_some(), span) {
            (true, Some((from, to))) => Axis::linear(from, to, width),
            _ => Axis::collapsed_points(inside, width),
        }
    }
}

pub struct State {
    pub filter: Filter,
    /// Indexes of the events that pass the filter, in time order.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub cursor: usize,
    /// Position in `shown` of the first event on screen.
    pub offset: usize,
    pub focus: Focus,
    pub detail_scroll: u16,
    pub overlay: Option<Overlay>,
    pub status: Option<String>,
    pub size: (u16, u16),
    pub timescale: Timescale,
    /// Where a selection (`v`) started: an event index; the selection runs to the cursor.
    pub selection: Option<usize>,
    /// Jump history: places to go back to, and places to go forward to again.
    pub back: Vec<Location>,
    pub forward: Vec<Location>,
    /// Bumped by each filter change on a timeline large enough to filter in the background;
    /// `shown` is for `filtered`, and the header says it is still counting while they differ.
    pub generation: u64,
    pub filtered: u64,
    /// The file's errors, when an edit broke it: the last good timeline stays on screen.
    pub banner: Option<Vec<String>>,
    /// Set while a large file is still loading and its first screen shows (`tui::loading`).
    pub loading: Option<LoadNote>,
    /// The format of the last export written, which the next dialog starts with.
    pub export_format: crate::export::Format,
    /// The citation style written last (its place in `export::cite::STYLES`), for `x` and `Y`.
    pub export_style: usize,
    /// The keys in force, from the settings.
    pub keymap: Keymap,
    /// A background filter is running: one at a time, so that typing fast never piles up work.
    pub filter_running: bool,
    /// The event to put the cursor on once the filter running now has counted.
    pub keep: Option<usize>,
    pub reread: Rereading,
    /// The citation cursor of the detail pane: (event, citation), both indexes. It belongs to
    /// that event only, so moving to another event leaves it behind.
    pub citation: Option<(usize, usize)>,
    /// The link cursor of the detail pane: (event, link), the link's place in
    /// `Knowledge::links` of that event. `]` and `[` move over the citations, then the links;
    /// at most one of this and `citation` is set.
    pub link: Option<(usize, usize)>,
    /// An event a link led to that the filter hides: `c`, pressed next, clears every filter
    /// and goes there.
    pub hidden_link: Option<usize>,
    /// A change of the as-of date whose effect is said once the list shows it.
    pub replayed: Option<Replayed>,
    /// The unit `(` and `)` step the as-of date by, once stepping has started.
    pub stepping: Option<Stepping>,
    /// The screen row of the list that the cursor should keep once the list shows the new
    /// reading of the file (after a reload or an edit).
    pub keep_row: Option<usize>,
    /// The marks of this timeline, letter to event id.
    pub marks: super::marks::Marks,
    /// A key waiting for its letter.
    pub pending: Option<Pending>,
    /// What the last find looks for; `n` and `N` move between its matches.
    pub finding: Option<Finding>,
    /// The detail pane is hidden (`z`): the list takes its room.
    pub detail_hidden: bool,
    /// Long titles wrap onto up to three lines (`w`).
    pub wrap_titles: bool,
    /// The lanes view (`L`), in place of the list; `None` shows the list.
    pub lanes: Option<super::lanes_view::LanesView>,
    /// The saves made from the event form, for `u`.
    pub saves: super::form_state::Saves,
}

/// What filtering found: the events shown, computed away from `State` so that it can run on
/// another thread.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filtered {
    pub shown: Vec<usize>,
}

impl Filtered {
    pub fn compute(filter: &Filter, data: &Data) -> Filtered {
        Filtered { shown: filter.prepare(&data.timeline, &data.index).apply() }
    }

    /// `compute`, given up as soon as `stop` says so (the filter changed meanwhile): `None` then.
    pub fn compute_unless(filter: &Filter, data: &Data, stop: &crate::query::Stop<'_>) -> Option<Filtered> {
        let prepared = filter.prepare_unless(&data.timeline, &data.index, stop);
        if stop() {
            return None;
        }
        Some(Filtered { shown: prepared.apply() })
    }
}

impl State {
    pub fn new(data: &Data, size: (u16, u16)) -> State {
        let mut state = State {
            filter: Filter::default(),
            shown: Vec::new(),
            cursor: 0,
            offset: 0,
            focus: Focus::List,
            detail_scroll: 0,
            overlay: None,
            status: None,
            size,
            timescale: Timescale::default(),
            back: Vec::new(),
            forward: Vec::new(),
            selection: None,
            generation: 0,
            filtered: 0,
            banner: None,
            loading: None,
            export_format: crate::export::Format::Markdown,
            export_style: 0,
            keymap: Keymap::default(),
            filter_running: false,
            keep: None,
            citation: None,
            link: None,
            hidden_link: None,
            replayed: None,
            stepping: None,
            keep_row: None,
            reread: Rereading { stamp: data.stamp, ..Rereading::default() },
            marks: Default::default(),
            pending: None,
            finding: None,
            detail_hidden: false,
            wrap_titles: false,
            lanes: None,
            saves: Default::default(),
        };
        // Before the first frame, however large the timeline: nothing could be shown otherwise.
        state.show(data, Filtered::compute(&state.filter, data));
        if let Some(anchor) = data.timeline.anchor {
            state.cursor = state.shown.iter().position(|&ix| ix == anchor).unwrap_or(0);
            // Out of view on purpose: the first update scrolls it to the middle.
            state.offset = state.cursor + 1;
        }
        state
    }

    pub fn mode(&self) -> Mode {
        match self.pending {
            Some(Pending::Mark) => return Mode::Mark,
            Some(Pending::Jump) => return Mode::Jump,
            None => {}
        }
        match (&self.overlay, self.focus) {
            (Some(Overlay::Help { .. }), _) => Mode::Help,
            (Some(Overlay::Picker(_)), _) => Mode::Picker,
            (Some(Overlay::Query(_)), _) => Mode::Query,
            (Some(Overlay::Source(view)), _) if view.search.is_some() => Mode::Search,
            (Some(Overlay::Source(_)), _) => Mode::Source,
            (Some(Overlay::Sources(_)), _) => Mode::Sources,
            (Some(Overlay::Export(_)), _) => Mode::Export,
            (Some(Overlay::Diagnostics(_)), _) => Mode::Diagnostics,
            (Some(Overlay::GoTo(_)), _) => Mode::GoTo,
            (Some(Overlay::Find(_)), _) => Mode::Find,
            (Some(Overlay::Marks(_)), _) => Mode::Marks,
            (Some(Overlay::AsOf(_)), _) => Mode::AsOf,
            (Some(Overlay::Form(_)), _) => Mode::Form,
            (None, Focus::List) if self.lanes.is_some() => Mode::Lanes,
            (None, Focus::List) => Mode::List,
            (None, Focus::Detail) => Mode::Detail,
        }
    }

    /// The selected positions in `shown`, from the selection's start (or the nearest shown event)
    /// to the cursor, inclusive.
    pub fn selected(&self) -> Option<std::ops::RangeInclusive<usize>> {
        let anchor = self.selection?;
        if self.shown.is_empty() {
            return None;
        }
        let at = self.shown.partition_point(|&s| s < anchor).min(self.shown.len() - 1);
        Some(at.min(self.cursor)..=at.max(self.cursor))
    }

    /// What an export takes: the selection, or else every shown event.
    pub fn export_events(&self) -> Vec<usize> {
        match self.selected() {
            Some(range) => self.shown[range].to_vec(),
            None => self.shown.clone(),
        }
    }

    /// The citation under the detail pane's citation cursor, if it is on the event shown.
    pub fn citation(&self) -> Option<usize> {
        self.citation.filter(|&(event, _)| Some(event) == self.current()).map(|(_, n)| n)
    }

    /// The link under the detail pane's link cursor, if it is on the event shown.
    pub fn link(&self) -> Option<usize> {
        self.link.filter(|&(event, _)| Some(event) == self.current()).map(|(_, n)| n)
    }

    /// The words to highlight in titles and the detail pane: the query's and the find's.
    pub fn highlights(&self) -> Vec<&str> {
        let mut words = self.filter.query.highlights();
        if let Some(finding) = &self.finding {
            words.extend(finding.query.highlights());
        }
        words
    }

    /// The event under the cursor, as an index into the timeline.
    pub fn current(&self) -> Option<usize> {
        self.shown.get(self.cursor).copied()
    }

    /// After every change of the filter, the one place that decides where filtering runs: now
    /// on a small timeline; on a large one in the background (`update` asks for it while
    /// `counting`), and keys keep working meanwhile.
    pub fn filter_changed(&mut self, data: &Data) {
        self.generation += 1;
        if data.timeline.events.len() < data.background_from {
            self.filtered = self.generation;
            self.show(data, Filtered::compute(&self.filter, data));
        }
    }

    /// Puts the state on `new`, a new reading of the file, with the cursor on `cursor` (an event
    /// of `new`). Until the filter has counted on a large timeline, every event shows.
    pub fn replace_timeline(&mut self, new: &Data, cursor: Option<usize>) {
        // What was being counted was counted in the old timeline.
        self.filtered = self.generation;
        self.shown = (0..new.timeline.events.len()).collect();
        self.timescale.anchors = crate::lanes::anchors(&new.timeline, &self.shown);
        self.lanes_outdated();
        self.cursor = cursor.unwrap_or(0);
        self.keep = cursor;
        self.filter_changed(new);
        self.measure_time();
        self.offset = self.offset.min(self.cursor);
    }

    /// Lays the time axis out again for the shown events, the zoom and the width.
    pub fn measure_time(&mut self) {
        let scale = &mut self.timescale;
        scale.axis = scale.axis_at(usize::from(self.size.0).max(1));
        let inside = scale.inside();
        scale.counts = scale.axis.counts(inside.iter().copied());
        // The same lanes on a new axis: a zoom must not lay out a million events again.
        if let Some(view) = &mut self.lanes {
            view.redraw = true;
        }
    }

    /// True while a background filter has not caught up with the latest change.
    pub fn counting(&self) -> bool {
        self.filtered != self.generation
    }

    /// Shows the result of filtering as of `generation`; an outdated result is ignored.
    pub fn filtered(&mut self, data: &Data, generation: u64, result: Filtered) {
        if generation > self.filtered && generation <= self.generation {
            self.filtered = generation;
            self.show(data, result);
        }
    }

    /// Shows new results, keeping the cursor on the same event or the nearest shown one.
    fn show(&mut self, data: &Data, result: Filtered) {
        let before = self.keep.take().or_else(|| self.current());
        self.shown = result.shown;
        self.timescale.anchors = crate::lanes::anchors(&data.timeline, &self.shown);
        self.cursor = match before {
            Some(ix) => self.shown.partition_point(|&s| s < ix).min(self.shown.len().saturating_sub(1)),
            None => 0,
        };
        if let (Some(ix), Some(&next)) = (before, self.shown.get(self.cursor))
            && next != ix
            && self.cursor > 0
        {
            let prev = self.shown[self.cursor - 1];
            if data.event(ix).sort_instant() - data.event(prev).sort_instant()
                < data.event(next).sort_instant() - data.event(ix).sort_instant()
            {
                self.cursor -= 1;
            }
        }
        self.offset = self.offset.min(self.cursor.saturating_sub(1));
        self.measure_time();
        self.detail_scroll = 0;
        self.lanes_outdated();
    }

    /// The lanes are made again (by `update`, which knows the pane's size) before they are drawn.
    pub fn lanes_outdated(&mut self) {
        if let Some(view) = &mut self.lanes {
            view.stale = true;
            // Lanes asked for before are for other events: their answer is not waited for.
            view.asked = None;
        }
    }
}

/// One line of the event list: a date heading or an event (its position in `shown`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Heading(String),
    Event(usize),
}

/// The rows that fit in `height` lines starting at `offset`: the first always carries its
/// date heading, later ones only where the date changes. Costs O(height), never O(events).
pub fn rows(data: &Data, shown: &[usize], offset: usize, height: usize) -> Vec<Row> {
    let tz = data.timeline.timezone;
    let mut out = Vec::with_capacity(height);
    let mut last_key = None;
    let mut i = offset;
    while out.len() < height && i < shown.len() {
        let (key, label) = heading(data.event(shown[i]), tz);
        if last_key != Some(key) {
            out.push(Row::Heading(label));
            last_key = Some(key);
            if out.len() == height {
                break;
            }
        }
        out.push(Row::Event(i));
        i += 1;
    }
    out
}
