//! Checks what serde read against the format's rules and builds the `Timeline`.

use super::diagnostic::{Diagnostic, did_you_mean};
use super::outline::{Outline, Step, locate};
use super::raw::{Number, RawActor, RawCite, RawEvent, RawLink, RawSource, RawText, RawTimeline, Word};
use crate::model::when::{Span, When, parse_offset};
use crate::model::{
    Actor, ActorKind, CREDIBILITY, CREDIBILITY_MEANINGS, Citation, Credibility, Event, Link, LinkKind,
    RELIABILITY_MEANINGS, Reliability, Source, Status, Text, Timeline,
};
use crate::sources::archive;
use chrono::FixedOffset;
use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Display;

/// The longest `short` label of an actor, in characters: a list row gives it this much room.
pub const SHORT_MAX: usize = 24;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::path::Path;
use std::sync::Arc;

/// Where an id was first seen: its item in the list, and its line.
#[derive(Clone, Copy)]
struct First {
    item: u32,
    line: u32,
}

/// An event's id with its hash, computed by the worker that checked the event: the thread that
/// merges the chunks (see `Validation::merge`) then only looks it up.
#[derive(Clone)]
struct Id {
    hash: u64,
    text: Text,
}

impl Id {
    fn new(hasher: &RandomState, text: Text) -> Id {
        Id { hash: hasher.hash_one(text.as_str()), text }
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        self.hash == other.hash && self.text.as_str() == other.text.as_str()
    }
}

impl Eq for Id {}

/// Hashes an `Id` by the hash it holds.
#[derive(Default)]
struct Held(u64);

impl Hasher for Held {
    fn write(&mut self, bytes: &[u8]) {
        // Only `Id` is hashed by this; anything else still gets a hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The events' ids, each with where it was first seen.
type Seen = HashMap<Id, First, BuildHasherDefault<Held>>;

/// A link as written in event `item` (its `n`-th), kept until every event's id is known: it may
/// point to a later event, and only the final order gives the events their places.
struct Pending {
    item: u32,
    n: u32,
    from: Text,
    kind: LinkKind,
    to: Text,
    note: Option<Text>,
}

/// Which top-level list an item is in, for messages and positions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Actors,
    Sources,
    Events,
}

impl List {
    fn noun(self) -> &'static str {
        match self {
            List::Actors => "actor",
            List::Sources => "source",
            List::Events => "event",
        }
    }
}

struct Validator<'a> {
    /// The file's text, which the events' text fields are spans of.
    file: &'a Arc<String>,
    text: &'a str,
    outline: &'a Outline,
    folder: Option<&'a Path>,
    tz: FixedOffset,
    diagnostics: Vec<Diagnostic>,
    line_of: super::SourceFile<'a>,
    /// Per actor, the number of the last list of refs that named it (0: none yet), so that an
    /// actor named twice in one list is kept once and "never used" is known at the end.
    actor_seen: Vec<u64>,
    /// The number of the list of refs being resolved.
    list: u64,
    source_used: Vec<bool>,
    /// An actor ref, or a source ref, named nothing (see `unused`).
    unknown_actor_ref: bool,
    unknown_source_ref: bool,
    /// The lines of events `lines_from..` (a worker's chunk), counted where the chunk was cut
    /// out; other lines are counted by `line_of`.
    lines: Vec<u32>,
    lines_from: usize,
}

pub fn validate(
    raw: RawTimeline,
    outline: &Outline,
    text: &Arc<String>,
    folder: Option<&Path>,
    keep: bool,
) -> (Option<Timeline>, Vec<Diagnostic>) {
    let (mut validation, events) = Validation::begin(raw, outline, text, folder);
    validation.keep = keep;
    validation.add(0, events);
    validation.finish()
}

/// The ids of the actors and of the sources, and where each is in its list: read by every
/// `Checker` at once.
struct Refs {
    actors: HashMap<String, usize>,
    sources: HashMap<String, usize>,
    /// What the events' ids are hashed with.
    ids: RandomState,
}

/// Validation in steps, so that events can be checked chunk by chunk as they are parsed and are
/// never held twice (as serde read them and as checked). A chunk is checked by a `Checker`, on
/// any thread, as far as it can be alone; `merge` then takes the chunks in file order and does
/// what needs them all (ids unique across the file), and `finish` the rest (links, unused).
pub struct Validation<'a> {
    v: Validator<'a>,
    title: String,
    description: Option<String>,
    anchor: Option<String>,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    refs: Arc<Refs>,
    seen: Seen,
    events: Vec<Event>,
    /// False when only the diagnostics are wanted (`timeline check`): checked events are then
    /// dropped at once, and a file of any size is checked in little more memory than its text.
    pub keep: bool,
    /// Items of `events: [...]` that did not make an event, for the anchor's check.
    failed: std::collections::HashSet<usize>,
    /// The links of the events, in file order, resolved in `finish`.
    links: Vec<Pending>,
}

impl<'a> Validation<'a> {
    /// Checks everything but the events, which are handed back to be passed to `add`.
    pub fn begin<'r>(
        raw: RawTimeline<'r>,
        outline: &'a Outline,
        text: &'a Arc<String>,
        folder: Option<&'a Path>,
    ) -> (Validation<'a>, Vec<RawEvent<'r>>) {
        let mut v = Validator {
            file: text,
            text,
            outline,
            folder,
            tz: FixedOffset::east_opt(0).expect("zero offset"),
            diagnostics: Vec::new(),
            line_of: super::SourceFile::new("", text),
            actor_seen: vec![0; raw.actors.len()],
            list: 0,
            unknown_actor_ref: false,
            unknown_source_ref: false,
            source_used: vec![false; raw.sources.len()],
            lines: Vec::new(),
            lines_from: 0,
        };
        let RawTimeline { title, description, timezone, anchor, actors, sources, events } = raw;
        v.unknown_fields();
        v.tz = v.timezone(timezone.as_deref());
        let title = v.timeline_title(title);
        let actors = v.actors(actors);
        let (mut sources, derived) = v.sources(sources);
        let source_ids = index(&sources, |s: &Source| &s.id);
        v.lineage(&mut sources, derived, &source_ids);
        let validation = Validation {
            refs: Arc::new(Refs {
                actors: index(&actors, |a: &Actor| &a.id),
                sources: source_ids,
                ids: RandomState::new(),
            }),
            links: Vec::new(),
            seen: Seen::with_capacity_and_hasher(outline.events.len(), Default::default()),
            events: Vec::new(),
            keep: true,
            failed: Default::default(),
            v,
            title,
            description,
            anchor,
            actors,
            sources,
        };
        (validation, events)
    }

    /// Checks events that are items `first..` of the file's `events` list, on this thread.
    pub fn add(&mut self, first: usize, raw: Vec<RawEvent>) {
        let mut checker = self.checker();
        let checked = checker.check(first, Vec::new(), raw);
        self.merge(checked);
        self.used(checker.done());
    }

    /// A checker of chunks of events, for another thread: it shares the file, the outline and
    /// the ids, and keeps its own diagnostics and record of which actors and sources are used.
    pub fn checker(&self) -> Checker<'a> {
        let v = &self.v;
        Checker {
            v: Validator {
                file: v.file,
                text: v.text,
                outline: v.outline,
                folder: v.folder,
                tz: v.tz,
                diagnostics: Vec::new(),
                line_of: super::SourceFile::new("", v.text),
                actor_seen: vec![0; v.actor_seen.len()],
                list: 0,
                source_used: vec![false; v.source_used.len()],
                unknown_actor_ref: false,
                unknown_source_ref: false,
                lines: Vec::new(),
                lines_from: 0,
            },
            refs: Arc::clone(&self.refs),
            keep: self.keep,
        }
    }

    /// Takes a checked chunk, the one after the last taken: its events' ids are checked against
    /// every earlier one (the first of two is the one kept), and its events and diagnostics join
    /// the others in file order.
    pub fn merge(&mut self, checked: Checked) {
        let Checked { first, items, diagnostics, events, links } = checked;
        if self.keep && self.events.capacity() == 0 {
            // Every event, at once: growing by doubling would hold the list twice for a moment.
            self.events.reserve_exact(self.v.outline.events.len());
        }
        let mut diagnostics = diagnostics.into_iter();
        for (n, item) in items.into_iter().enumerate() {
            let i = first + n;
            if let Some((id, line)) = item.id {
                match self.seen.entry(id) {
                    Entry::Occupied(first) => {
                        let (id, line) = (first.key().text.clone(), first.get().line);
                        self.v.duplicate(List::Events, i, &id, line);
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(First { item: i as u32, line });
                    }
                }
            }
            self.v.diagnostics.extend(diagnostics.by_ref().take(item.diagnostics as usize));
            if !item.made {
                self.failed.insert(i);
            }
        }
        self.events.extend(events);
        self.links.extend(links);
    }

    /// Takes what a checker found used, when it has checked its last chunk.
    pub fn used(&mut self, used: Used) {
        let v = &mut self.v;
        for (seen, used) in v.actor_seen.iter_mut().zip(used.actors) {
            *seen = (*seen).max(used.min(1));
        }
        for (seen, used) in v.source_used.iter_mut().zip(used.sources) {
            *seen |= used;
        }
        v.unknown_actor_ref |= used.unknown_actor_ref;
        v.unknown_source_ref |= used.unknown_source_ref;
    }

    pub fn finish(self) -> (Option<Timeline>, Vec<Diagnostic>) {
        let Validation {
            mut v,
            title,
            description,
            anchor,
            actors,
            sources,
            mut events,
            keep,
            seen,
            failed,
            links,
            refs,
            ..
        } = self;
        v.unused(&actors, &sources);
        let targets = v.link_targets(&links, &seen, &refs.ids);
        if !keep {
            // The events' ids are all there is: the anchor is checked against them.
            let valid = seen
                .iter()
                .filter(|(_, first)| !failed.contains(&(first.item as usize)))
                .map(|(id, _)| id.text.as_str());
            v.anchor_in(anchor.as_deref(), valid);
            let mut diagnostics = v.diagnostics;
            diagnostics.sort_by_key(|d| d.span.map_or(0, |s| s.0));
            return (None, diagnostics);
        }
        let places = sort_events(&mut events, !links.is_empty());
        let anchor = v.anchor(anchor.as_deref(), &events);
        let mut diagnostics = v.diagnostics;
        diagnostics.sort_by_key(|d| d.span.map_or(0, |s| s.0));
        if diagnostics.iter().any(Diagnostic::is_error) {
            return (None, diagnostics);
        }
        // Without errors every item made an event, so an item's number is its place before sorting.
        let links = resolve_links(links, &targets, &places);
        let timeline = Timeline { title, description, timezone: v.tz, anchor, actors, sources, events, links };
        (Some(timeline), diagnostics)
    }
}

/// Checks chunks of events as far as each can be checked alone (see `Validation::checker`).
pub struct Checker<'a> {
    v: Validator<'a>,
    refs: Arc<Refs>,
    keep: bool,
}

/// What a checker found of one chunk, for `Validation::merge`.
pub struct Checked {
    first: usize,
    /// One per event of the chunk.
    items: Vec<Item>,
    /// The chunk's diagnostics, each event's in turn.
    diagnostics: Vec<Diagnostic>,
    /// The events made, when they are kept.
    events: Vec<Event>,
    links: Vec<Pending>,
}

/// What a checker found of one event.
struct Item {
    /// Its id and line, when the id is well-formed and must be unique.
    id: Option<(Id, u32)>,
    /// How many of the chunk's diagnostics are this event's.
    diagnostics: u32,
    /// Whether it made an event.
    made: bool,
}

/// Which actors and sources a checker's events named (actors by a count, 0 for none).
pub struct Used {
    actors: Vec<u64>,
    sources: Vec<bool>,
    unknown_actor_ref: bool,
    unknown_source_ref: bool,
}

impl Checker<'_> {
    /// Checks events that are items `first..` of the file's `events` list, whose lines are
    /// `lines` (empty: counted here).
    pub fn check(&mut self, first: usize, lines: Vec<u32>, raw: Vec<RawEvent>) -> Checked {
        self.v.lines = lines;
        self.v.lines_from = first;
        let mut items = Vec::with_capacity(raw.len());
        let mut events = Vec::with_capacity(if self.keep { raw.len() } else { 0 });
        let mut links = Vec::new();
        let refs = Arc::clone(&self.refs);
        for (n, e) in raw.into_iter().enumerate() {
            let before = self.v.diagnostics.len();
            let (event, id) = self.v.event(first + n, e, &refs.actors, &refs.sources, &mut links);
            let id = id.map(|(id, line)| (Id::new(&refs.ids, id), line));
            let diagnostics = u32::try_from(self.v.diagnostics.len() - before).unwrap_or(u32::MAX);
            items.push(Item { id, diagnostics, made: event.is_some() });
            if let Some(event) = event.filter(|_| self.keep) {
                events.push(event);
            }
        }
        let diagnostics = std::mem::take(&mut self.v.diagnostics);
        Checked { first, items, diagnostics, events, links }
    }

    /// What the checked events used.
    pub fn done(self) -> Used {
        let v = self.v;
        Used {
            actors: v.actor_seen,
            sources: v.source_used,
            unknown_actor_ref: v.unknown_actor_ref,
            unknown_source_ref: v.unknown_source_ref,
        }
    }
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        map.entry(id(item).clone()).or_insert(i);
    }
    map
}

/// The timeline's links: each link's events by their places after sorting, sorted by the event
/// they come from (a stable sort: file order within an event).
fn resolve_links(links: Vec<Pending>, targets: &[u32], places: &[usize]) -> Vec<Link> {
    let mut resolved: Vec<Link> = links
        .into_iter()
        .zip(targets)
        .map(|(l, &to)| Link { from: places[l.item as usize], kind: l.kind, to: places[to as usize], note: l.note })
        .collect();
    resolved.sort_by_key(|l| l.from);
    resolved
}

/// By start, then precision (coarsest first), then file order (`line`). The keys are sorted and
/// the events then moved once each: sorting the large events themselves would move each of
/// them some twenty times over for a million. With `places`, gives where each event went
/// (indexed by its place before), else nothing.
fn sort_events(events: &mut [Event], places: bool) -> Vec<usize> {
    let mut keys: Vec<_> = events.iter().enumerate().map(|(i, e)| (e.sort_key(), e.line, i)).collect();
    keys.sort_unstable();
    let mut order: Vec<usize> = keys.into_iter().map(|k| k.2).collect();
    let mut went = Vec::new();
    if places {
        went = vec![0; order.len()];
        for (at, &from) in order.iter().enumerate() {
            went[from] = at;
        }
    }
    // Each cycle of the permutation is followed once: position `at` receives event `order[at]`.
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != usize::MAX {
            let from = std::mem::replace(&mut order[at], usize::MAX);
            if from == start {
                break;
            }
            events.swap(at, from);
            at = from;
        }
    }
    went
}

/// The cycles of a directed graph given by its edges (from, to), each found once, in the order
/// of the edges: for each, its nodes from where it starts round to the node before that again,
/// and the edge that closes it. Linear in the edges, whatever the nodes' numbers.
pub(crate) fn cycles(edges: &[(usize, usize)]) -> Vec<(Vec<usize>, usize)> {
    let mut number: HashMap<usize, usize> = HashMap::with_capacity(edges.len());
    let mut nodes = Vec::new();
    for &(a, b) in edges {
        for x in [a, b] {
            number.entry(x).or_insert_with(|| {
                nodes.push(x);
                nodes.len() - 1
            });
        }
    }
    // The edges out of each node, in the edges' order.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (k, &(a, _)) in edges.iter().enumerate() {
        out[number[&a]].push(k);
    }
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; nodes.len()];
    let mut found = Vec::new();
    for root in 0..nodes.len() {
        if state[root] != NEW {
            continue;
        }
        // The path from the root: each node with the next of its edges to follow.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = OPEN;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&k) = out[node].get(*next) else {
                state[node] = DONE;
                path.pop();
                continue;
            };
            *next += 1;
            let to = number[&edges[k].1];
            match state[to] {
                NEW => {
                    state[to] = OPEN;
                    path.push((to, 0));
                }
                OPEN => {
                    let from = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    found.push((path[from..].iter().map(|&(n, _)| nodes[n]).collect(), k));
                }
                _ => {}
            }
        }
    }
    found.sort_by_key(|(_, k)| *k);
    found
}

/// `a → b → a`: a cycle's ids, round to where it began.
fn round(ids: impl Iterator<Item = impl Display>) -> String {
    let ids: Vec<String> = ids.map(|id| format!("{id}")).collect();
    let first = ids.first().cloned().unwrap_or_default();
    ids.into_iter().chain([first]).collect::<Vec<_>>().join(" → ")
}

pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

pub fn kebab(id: &str) -> String {
    let lowered: String = id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    lowered.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The span of the value at `path` in item `i` of `list`, or of the item itself.
    fn span(&self, list: List, i: usize, path: &[Step]) -> Option<(usize, usize)> {
        let start = *self.items(list).get(i)?;
        locate(self.text, start, path).or_else(|| locate(self.text, start, &[]))
    }

    fn item_span(&self, list: List, i: usize) -> Option<(usize, usize)> {
        let start = *self.items(list).get(i)?;
        let head = self.text[start..].find(['(', '\n']).map_or(1, |n| n + 1);
        Some((start, start + head))
    }

    fn top_span(&self, field: &str) -> Option<(usize, usize)> {
        locate(self.text, self.outline.top, &[Step::Field(field)])
    }

    fn items(&self, list: List) -> &[usize] {
        match list {
            List::Actors => &self.outline.actors,
            List::Sources => &self.outline.sources,
            List::Events => &self.outline.events,
        }
    }

    fn line(&self, list: List, i: usize) -> u32 {
        if list == List::Events
            && let Some(&line) = i.checked_sub(self.lines_from).and_then(|k| self.lines.get(k))
        {
            return line;
        }
        self.items(list).get(i).map_or(0, |&at| self.line_of.line(at))
    }

    fn unknown_fields(&mut self) {
        for u in &self.outline.unknown_fields {
            let known = u.shape.fields();
            let help = did_you_mean(&u.name, known.iter().copied())
                .unwrap_or_else(|| format!("`{}` has the fields {}", u.shape.name(), list_names(known)));
            self.diagnostics.push(
                Diagnostic::error(format!("unknown field `{}` in `{}`", u.name, u.shape.name()))
                    .at(Some((u.at, u.at + u.name.len())))
                    .help(help),
            );
        }
    }

    fn timezone(&mut self, text: Option<&str>) -> FixedOffset {
        let utc = FixedOffset::east_opt(0).expect("zero offset");
        let Some(text) = text else { return utc };
        parse_offset(text).unwrap_or_else(|| {
            let d = Diagnostic::error(format!("timezone `{text}` is not an offset"))
                .at(self.top_span("timezone"))
                .help("write the offset from UTC, e.g. `+03:00` for Moscow time or `Z` for UTC");
            self.push(d);
            utc
        })
    }

    fn timeline_title(&mut self, title: Option<String>) -> String {
        match title {
            Some(t) if !t.trim().is_empty() => t,
            Some(_) => {
                let d = Diagnostic::error("the timeline's title is empty").at(self.top_span("title"));
                self.push(d);
                String::new()
            }
            None => {
                let d = Diagnostic::error("the timeline has no `title`")
                    .at(Some((0, 1)))
                    .help("add `title: \"...\",` inside `Timeline( ... )`");
                self.push(d);
                String::new()
            }
        }
    }

    /// `raw` as timeline text: a span of the file's text when ron read it as a slice.
    fn text(&self, raw: RawText) -> Text {
        match raw {
            RawText::Slice(s) => Text::within(self.file, s),
            RawText::Decoded(s) => Text::from(s),
        }
    }

    /// A list of texts in an allocation of its own: collecting in place would keep the
    /// parser's allocation, made on another thread among short-lived ones, and pin their pages.
    fn texts(&self, raw: Vec<RawText>) -> Box<[Text]> {
        let mut texts = Vec::with_capacity(raw.len());
        texts.extend(raw.into_iter().map(|t| self.text(t)));
        texts.into_boxed_slice()
    }

    /// Checks an item's id: present, kebab-case, unique within its list.
    fn id<T>(&mut self, list: List, i: usize, id: Option<T>, seen: &mut HashMap<T, First>) -> T
    where
        T: Borrow<str> + Clone + Default + Display + Eq + Hash,
    {
        let (id, well_formed) = self.well_formed_id(list, i, id);
        if well_formed {
            // Its line now, in file order: asked for later it would mean counting lines backwards.
            let line = self.line(list, i);
            self.unique(list, i, id.clone(), line, seen);
        }
        id
    }

    /// Checks that an item's id is present and kebab-case: the id (empty if none), and whether
    /// it is to be checked for uniqueness.
    fn well_formed_id<T>(&mut self, list: List, i: usize, id: Option<T>) -> (T, bool)
    where
        T: Borrow<str> + Default + Display,
    {
        let noun = list.noun();
        let Some(id) = id else {
            let d = Diagnostic::error(format!("this {noun} has no `id`"))
                .at(self.item_span(list, i))
                .help(format!("add `id: \"...\",`: a short kebab-case handle such as `{}`", example_id(list)));
            self.push(d);
            return (T::default(), false);
        };
        if is_kebab(id.borrow()) {
            return (id, true);
        }
        let suggestion = kebab(id.borrow());
        let help = if suggestion.is_empty() {
            "use lowercase letters, digits and single hyphens".to_string()
        } else {
            format!("use lowercase letters, digits and single hyphens, e.g. `{suggestion}`")
        };
        let span = self.span(list, i, &[Step::Field("id")]);
        self.push(Diagnostic::error(format!("{noun} id `{id}` is not kebab-case")).at(span).help(help));
        (id, false)
    }

    /// Checks that a well-formed id, item `i`'s at `line`, is the first of its list.
    fn unique<T>(&mut self, list: List, i: usize, id: T, line: u32, seen: &mut HashMap<T, First>)
    where
        T: Borrow<str> + Display + Eq + Hash,
    {
        if let Some(first) = seen.get(id.borrow()) {
            let line = first.line;
            self.duplicate(list, i, &id, line);
        } else {
            seen.insert(id, First { item: i as u32, line });
        }
    }

    /// Says that item `i`'s id is another's, first defined at `line`.
    fn duplicate(&mut self, list: List, i: usize, id: &dyn Display, line: u32) {
        let noun = list.noun();
        let d = Diagnostic::error(format!("duplicate {noun} id `{id}`"))
            .at(self.span(list, i, &[Step::Field("id")]))
            .help(format!("ids must be unique among {noun}s: rename one of them"))
            .note(format!("`{id}` is first defined at line {line}"));
        self.push(d);
    }

    /// A required, non-blank text field.
    fn required<T: std::ops::Deref<Target = str> + Default>(
        &mut self,
        list: List,
        i: usize,
        id: &str,
        field: &str,
        value: Option<T>,
    ) -> T {
        let noun = list.noun();
        match value {
            Some(v) if !v.trim().is_empty() => v,
            Some(_) => {
                let d = Diagnostic::error(format!("{noun} `{id}` has an empty {field}"))
                    .at(self.span(list, i, &[Step::Field(field)]))
                    .help(format!("write a {field}"));
                self.push(d);
                T::default()
            }
            None => {
                let d = Diagnostic::error(format!("{noun} `{id}` has no `{field}`"))
                    .at(self.item_span(list, i))
                    .help(format!("add `{field}: \"...\",`"));
                self.push(d);
                T::default()
            }
        }
    }

    fn actors(&mut self, raw: Vec<RawActor>) -> Vec<Actor> {
        let mut seen = HashMap::new();
        raw.into_iter()
            .enumerate()
            .map(|(i, a)| {
                let id = self.id(List::Actors, i, a.id, &mut seen);
                let name = self.required(List::Actors, i, &id, "name", a.name);
                let kind = self.kind(i, a.kind.as_ref());
                let short = self.short(i, &id, &name, a.short);
                Actor { id, name, short, kind, aliases: a.aliases, note: a.note }
            })
            .collect()
    }

    /// An actor's `short` label: not blank, no longer than its name, and short enough to fit a
    /// list row beside a title. A bad one is reported and the name is used instead.
    fn short(&mut self, i: usize, id: &str, name: &str, short: Option<String>) -> Option<String> {
        let short = short?;
        let chars = short.trim().chars().count();
        let problem = if chars == 0 {
            Some((
                format!("actor `{id}` has an empty `short`"),
                "write a short label, or remove `short` to use the name".to_string(),
            ))
        } else if chars > SHORT_MAX {
            Some((
                format!("the `short` of actor `{id}` is {chars} characters long"),
                format!("a short label has at most {SHORT_MAX} characters, e.g. an acronym or a surname"),
            ))
        } else if chars > name.trim().chars().count() {
            Some((
                format!("the `short` of actor `{id}` is longer than its name"),
                "write a label shorter than the name, or remove `short`: the name is used where it fits".to_string(),
            ))
        } else {
            None
        };
        let Some((message, help)) = problem else { return Some(short) };
        let d = Diagnostic::error(message).at(self.span(List::Actors, i, &[Step::Field("short")])).help(help);
        self.push(d);
        None
    }

    fn kind(&mut self, i: usize, word: Option<&Word>) -> ActorKind {
        let Some(Word(word)) = word else { return ActorKind::Other };
        ActorKind::from_name(word).unwrap_or_else(|| {
            let d = unknown_word("actor kind", word, ActorKind::NAMES).at(self.span(
                List::Actors,
                i,
                &[Step::Field("kind")],
            ));
            self.push(d);
            ActorKind::Other
        })
    }

    /// The sources, and what each names in `derived_from`, resolved by `lineage` once every
    /// source's id is known.
    fn sources(&mut self, raw: Vec<RawSource>) -> (Vec<Source>, Vec<Vec<String>>) {
        let mut seen = HashMap::new();
        let mut derived = Vec::with_capacity(raw.len());
        let sources = raw
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let id = self.id(List::Sources, i, s.id, &mut seen);
                let title = self.required(List::Sources, i, &id, "title", s.title);
                let published = s.published.as_deref().and_then(|p| {
                    let span = self.date(List::Sources, i, "published", p)?;
                    Some(When { text: p.into(), span })
                });
                self.url(i, &id, s.url.as_deref());
                self.copy(i, &id, "archive", s.archive.as_deref());
                if s.archive.is_none() {
                    self.conventional(i, &id);
                }
                self.copy(i, &id, "original", s.original.as_deref());
                self.capture(i, &id, [&s.sha256, &s.original, &s.captured]);
                let reliability = self.reliability(i, s.reliability.as_ref());
                derived.push(s.derived_from);
                Source {
                    id,
                    title,
                    authors: s.authors,
                    publisher: s.publisher,
                    published,
                    url: s.url,
                    archive: s.archive,
                    original: s.original,
                    sha256: s.sha256.map(|h| h.to_ascii_lowercase()),
                    captured: s.captured,
                    captured_from: s.captured_from,
                    note: s.note,
                    derived_from: Vec::new(),
                    reliability,
                }
            })
            .collect();
        (sources, derived)
    }

    /// Resolves each source's `derived_from`: ids of other sources (a source named there counts
    /// as used), none the source itself, and no cycle through them.
    fn lineage(&mut self, sources: &mut [Source], derived: Vec<Vec<String>>, ids: &HashMap<String, usize>) {
        let mut edges = Vec::new();
        let mut places = Vec::new();
        for (i, names) in derived.into_iter().enumerate() {
            let mut resolved: Vec<usize> = Vec::with_capacity(names.len());
            for (n, name) in names.iter().enumerate() {
                let span = self.span(List::Sources, i, &[Step::Field("derived_from"), Step::Index(n)]);
                let id = &sources[i].id;
                match ids.get(name) {
                    Some(&ix) if ix == i => {
                        let d = Diagnostic::error(format!("source `{id}` derives from itself"))
                            .at(span)
                            .help("`derived_from` names the other sources this one repeats or condenses: remove it");
                        self.push(d);
                    }
                    Some(&ix) => {
                        self.source_used[ix] = true;
                        if !resolved.contains(&ix) {
                            resolved.push(ix);
                            edges.push((i, ix));
                            places.push((i, n));
                        }
                    }
                    None => {
                        self.unknown_source_ref = true;
                        let help = did_you_mean(name, ids.keys().map(String::as_str))
                            .unwrap_or_else(|| "refer to sources by the `id` given in `sources: [...]`".into());
                        let d =
                            Diagnostic::error(format!("unknown source `{name}` in `derived_from` of source `{id}`"))
                                .at(span)
                                .help(help);
                        self.push(d);
                    }
                }
            }
            sources[i].derived_from = resolved;
        }
        for (cycle, k) in cycles(&edges) {
            let (i, n) = places[k];
            let d = Diagnostic::error(format!(
                "sources derive from each other in a cycle: {}",
                round(cycle.iter().map(|&s| &sources[s].id))
            ))
            .at(self.span(List::Sources, i, &[Step::Field("derived_from"), Step::Index(n)]))
            .help(
                "a source derives from those it repeats, which came before it: remove the `derived_from` that is wrong",
            );
            self.push(d);
        }
    }

    /// A source's reliability: a letter from `A` to `F`, as the Admiralty system grades sources.
    fn reliability(&mut self, i: usize, word: Option<&Word>) -> Option<Reliability> {
        let Word(word) = word?;
        if let Some(r) = Reliability::from_name(word) {
            return Some(r);
        }
        let upper = word.to_uppercase();
        let help = if Reliability::from_name(&upper).is_some() {
            format!("did you mean `{upper}`?")
        } else if let Some((letter, digit)) = grade_parts(&upper) {
            format!(
                "`{word}` is a grade: write the letter on the source (`reliability: {letter}`) and the digit on \
                 each citation (`credibility: {digit}`)"
            )
        } else {
            "a source's reliability is a letter from `A` to `F`".into()
        };
        let d = Diagnostic::error(format!("unknown reliability `{word}`"))
            .at(self.span(List::Sources, i, &[Step::Field("reliability")]))
            .help(help)
            .note(format!("the reliabilities are {}", meanings(Reliability::NAMES, &RELIABILITY_MEANINGS)));
        self.push(d);
        None
    }

    /// Parses an EDTF field, pointing an error at the offending characters inside the string.
    fn date(&mut self, list: List, i: usize, field: &str, text: &str) -> Option<Span> {
        self.date_at(list, i, &[Step::Field(field)], text)
    }

    /// `date`, of the value at `path` in item `i`.
    fn date_at(&mut self, list: List, i: usize, path: &[Step], text: &str) -> Option<Span> {
        match When::span_of(text, self.tz) {
            Ok(span) => Some(span),
            Err(e) => {
                let span = self.span(list, i, path).map(|(s, end)| {
                    let inner = s + 1 + e.at;
                    if self.text.get(s + 1..end.saturating_sub(1)) == Some(text) {
                        (inner, inner + e.len)
                    } else {
                        (s, end)
                    }
                });
                let d = Diagnostic::error(format!("invalid date `{text}`: {}", e.message)).at(span).help_opt(e.help);
                self.push(d);
                None
            }
        }
    }

    fn url(&mut self, i: usize, id: &str, url: Option<&str>) {
        let Some(url) = url else { return };
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            let d = Diagnostic::warning(format!("source `{id}` has a url that is not http or https"))
                .at(self.span(List::Sources, i, &[Step::Field("url")]))
                .help("timeline opens only http and https addresses; write the full address, e.g. `https://...`");
            self.push(d);
        }
    }

    /// Warns of an archive (or an original) that `o`, the source view and `verify` would refuse:
    /// they decide by the same function. Without a folder (a timeline given as text) only the
    /// path itself is checked.
    fn copy(&mut self, i: usize, id: &str, field: &'static str, path: Option<&str>) {
        let Some(path) = path else { return };
        let problem = match self.folder {
            Some(folder) => archive::resolve(folder, path).err(),
            None => archive::check_path(path).err(),
        };
        if let Some(problem) = problem {
            let d = archive_warning(&problem, id, field, path).at(self.span(List::Sources, i, &[Step::Field(field)]));
            self.push(d);
        }
    }

    /// A copy found by convention (`sources/ID.txt`, with no `archive` written) that the reader
    /// would refuse: warned of as a written one is. A file that is not there is no copy.
    fn conventional(&mut self, i: usize, id: &str) {
        let Some(folder) = self.folder else { return };
        // Only a checked id makes a plain file name.
        if id.is_empty() || kebab(id) != id {
            return;
        }
        let path = archive::conventional(id);
        if folder.join(&path).symlink_metadata().is_err() {
            return;
        }
        if let Err(problem) = archive::resolve(folder, &path) {
            let d = archive_warning(&problem, id, "archive", &path).at(self.item_span(List::Sources, i));
            self.push(d);
        }
    }

    /// What `timeline capture` records: a `sha256` of 64 hexadecimal digits, of an `original`,
    /// and a `captured` time in UTC. A wrong one is an error: `verify` could not trust it.
    fn capture(&mut self, i: usize, id: &str, [sha256, original, captured]: [&Option<String>; 3]) {
        if let Some(hash) = sha256 {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                let d = Diagnostic::error(format!("the sha256 of source `{id}` is not 64 hexadecimal digits"))
                    .at(self.span(List::Sources, i, &[Step::Field("sha256")]))
                    .help("`timeline capture` writes it; `sha256sum FILE` prints one");
                self.push(d);
            } else if original.is_none() {
                let d = Diagnostic::warning(format!("source `{id}` has a sha256 but no original to check it against"))
                    .at(self.span(List::Sources, i, &[Step::Field("sha256")]))
                    .help("name the captured file in `original`, relative to the timeline file");
                self.push(d);
            }
        }
        if let Some(time) = captured
            && !is_utc_time(time)
        {
            let d = Diagnostic::error(format!("the capture time of source `{id}` is not a UTC time"))
                .at(self.span(List::Sources, i, &[Step::Field("captured")]))
                .help("write it as `2024-03-25T14:03:09Z`: a date, a time to the second and `Z`");
            self.push(d);
        }
    }

    /// Checks event `i` as far as it can be alone: the event, if it makes one, and its id with
    /// its line when that is to be checked for uniqueness (see `Validation::merge`).
    fn event(
        &mut self,
        i: usize,
        mut e: RawEvent,
        actor_ids: &HashMap<String, usize>,
        source_ids: &HashMap<String, usize>,
        links: &mut Vec<Pending>,
    ) -> (Option<Event>, Option<(Text, u32)>) {
        let id = e.id.take().map(|t| self.text(t));
        let (id, well_formed) = self.well_formed_id(List::Events, i, id);
        let unique = well_formed.then(|| (id.clone(), self.line(List::Events, i)));
        (self.event_after_id(i, id, e, actor_ids, source_ids, links), unique)
    }

    fn event_after_id(
        &mut self,
        i: usize,
        id: Text,
        e: RawEvent,
        actor_ids: &HashMap<String, usize>,
        source_ids: &HashMap<String, usize>,
        links: &mut Vec<Pending>,
    ) -> Option<Event> {
        let title = e.title.map(|t| self.text(t));
        let title = self.required(List::Events, i, &id, "title", title);
        let when = match e.when {
            Some(raw) => self.date(List::Events, i, "when", &raw).map(|span| When { text: self.text(raw), span }),
            None => {
                let d = Diagnostic::error(format!("event `{id}` has no `when`"))
                    .at(self.item_span(List::Events, i))
                    .help("add `when: \"2024-03-22\",` (a year, month, day or time, as precise as the sources allow)");
                self.push(d);
                None
            }
        };
        let actors = self.refs(i, &id, "actors", &e.actors, actor_ids);
        let claimed_by = self.refs(i, &id, "claimed_by", &e.claimed_by, actor_ids);
        let status = self.status(i, &id, e.status.as_ref(), e.claimed_by.is_empty());
        let citations = self.citations(i, &id, e.sources, source_ids);
        if !e.links.is_empty() {
            self.links(i, &id, e.links, links);
        }
        let when = when?;
        let line = self.line(List::Events, i);
        Some(Event {
            start: when.start(self.tz).unwrap_or(i64::MIN),
            end: when.end(self.tz).unwrap_or(i64::MAX),
            id,
            when,
            title,
            summary: e.summary.map(|t| self.text(t)),
            actors: actors.into(),
            place: e.place.map(|t| self.text(t)),
            tags: self.texts(e.tags),
            status,
            claimed_by: claimed_by.into(),
            sources: citations.into(),
            line,
        })
    }

    /// Resolves actor ids in `field` of event `i`, each kept once: an actor named twice is one
    /// actor, and every later use of the list is linear in its length.
    fn refs(&mut self, i: usize, id: &str, field: &str, refs: &[RawText], ids: &HashMap<String, usize>) -> Vec<usize> {
        let mut resolved = Vec::with_capacity(refs.len());
        self.list += 1;
        for (n, r) in refs.iter().enumerate() {
            match ids.get(&**r) {
                Some(&ix) => {
                    if self.actor_seen[ix] != self.list {
                        self.actor_seen[ix] = self.list;
                        resolved.push(ix);
                    }
                }
                None => {
                    self.unknown_actor_ref = true;
                    let span = self.span(List::Events, i, &[Step::Field(field), Step::Index(n)]);
                    let d = self.unknown_ref("actor", r, id, i, ids).at(span);
                    self.push(d);
                }
            }
        }
        resolved
    }

    fn unknown_ref(&self, noun: &str, r: &str, event: &str, i: usize, ids: &HashMap<String, usize>) -> Diagnostic {
        let help = did_you_mean(r, ids.keys().map(String::as_str))
            .unwrap_or_else(|| format!("refer to {noun}s by the `id` given in `{noun}s: [...]`"));
        Diagnostic::error(format!("unknown {noun} `{r}` in event `{event}`"))
            .help(help)
            .note(format!("event `{event}` starts at line {}", self.line(List::Events, i)))
    }

    fn status(&mut self, i: usize, id: &str, word: Option<&Word>, unclaimed: bool) -> Status {
        let span = || self.span(List::Events, i, &[Step::Field("status")]);
        let status = match word {
            None => Status::Reported,
            Some(Word(w)) => match Status::from_name(w) {
                Some(s) => s,
                None => {
                    let d = unknown_word("status", w, Status::NAMES).at(span());
                    self.push(d);
                    return Status::Reported;
                }
            },
        };
        if status == Status::Claimed && unclaimed {
            let d = Diagnostic::error(format!("event `{id}` is Claimed but names no claimant"))
                .at(span())
                .help("add `claimed_by: [\"actor-id\"]` naming who asserts it, or use another status");
            self.push(d);
        }
        if matches!(status, Status::Confirmed | Status::Reported) && !unclaimed {
            let d = Diagnostic::warning(format!("event `{id}` has `claimed_by` but its status is {}", status.name()))
                .at(self.span(List::Events, i, &[Step::Field("claimed_by")]))
                .help("use `status: Claimed` (or `Disputed`) for an assertion, or remove `claimed_by`");
            self.push(d);
        }
        status
    }

    fn citations(&mut self, i: usize, id: &str, cites: Vec<RawCite>, ids: &HashMap<String, usize>) -> Vec<Citation> {
        if cites.is_empty() {
            let d = Diagnostic::warning(format!("event `{id}` cites no source"))
                .at(self.item_span(List::Events, i))
                .help("add `sources: [Cite(source: \"source-id\", at: \"¶4\")],`");
            self.push(d);
        }
        let mut out = Vec::with_capacity(cites.len());
        for (n, c) in cites.into_iter().enumerate() {
            let Some(source) = &c.source else {
                let d = Diagnostic::error(format!("a citation in event `{id}` names no source"))
                    .at(self.span(List::Events, i, &[Step::Field("sources"), Step::Index(n)]))
                    .help("write `Cite(source: \"source-id\", at: \"¶4\")`");
                self.push(d);
                continue;
            };
            match ids.get(&**source) {
                Some(&ix) => {
                    self.source_used[ix] = true;
                    let reported = c.reported.and_then(|raw| {
                        let path = [Step::Field("sources"), Step::Index(n), Step::Field("reported")];
                        let span = self.date_at(List::Events, i, &path, &raw)?;
                        Some(Box::new(When { text: self.text(raw), span }))
                    });
                    let credibility = c.credibility.and_then(|number| self.credibility(i, n, number));
                    let at = c.at.map(|t| self.text(t));
                    if let Some(locator) = at.as_deref() {
                        self.locator(i, n, locator);
                    }
                    out.push(Citation { source: ix, at, quote: c.quote.map(|t| self.text(t)), reported, credibility });
                }
                None => {
                    self.unknown_source_ref = true;
                    let path = [Step::Field("sources"), Step::Index(n), Step::Field("source")];
                    let d = self.unknown_ref("source", source, id, i, ids).at(self.span(List::Events, i, &path));
                    self.push(d);
                }
            }
        }
        out
    }

    /// A paragraph locator that names no paragraph (`¶0`, `¶5–3`): `verify` cannot check it, and
    /// a reader cannot follow it. Other locators (`p. 4`, `section 2`) are the writer's own.
    fn locator(&mut self, i: usize, n: usize, locator: &str) {
        if !crate::sources::names_no_paragraph(locator) {
            return;
        }
        let path = [Step::Field("sources"), Step::Index(n), Step::Field("at")];
        let d = Diagnostic::warning(format!("the locator `{locator}` names no paragraph"))
            .at(self.span(List::Events, i, &path))
            .help("paragraphs count from ¶1, the non-empty lines of the source's text; a range is written ¶4–5");
        self.push(d);
    }

    /// A citation's credibility: a digit from 1 to 6, as the Admiralty system grades information.
    fn credibility(&mut self, i: usize, n: usize, Number(number): Number) -> Option<Credibility> {
        if let Some(c) = Credibility::try_from(number).ok().filter(|c| CREDIBILITY.contains(c)) {
            return Some(c);
        }
        let path = [Step::Field("sources"), Step::Index(n), Step::Field("credibility")];
        let names: Vec<String> = CREDIBILITY.map(|c| c.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let d = Diagnostic::error(format!("invalid credibility `{number}`"))
            .at(self.span(List::Events, i, &path))
            .help("a citation's credibility is a digit from `1` to `6`")
            .note(format!("the credibilities are {}", meanings(&names, &CREDIBILITY_MEANINGS)));
        self.push(d);
        None
    }

    /// Checks the links of event `i` as far as they can be before every event is known: a kind,
    /// and a `to` that is not the event itself. The rest waits for `link_targets`.
    fn links(&mut self, i: usize, id: &Text, raw: Vec<RawLink>, links: &mut Vec<Pending>) {
        for (n, l) in raw.into_iter().enumerate() {
            let at = |field| [Step::Field("links"), Step::Index(n), Step::Field(field)];
            // The link's `Link(`, as an item's own span is its head.
            let item = |v: &Self| {
                let (start, end) = v.span(List::Events, i, &[Step::Field("links"), Step::Index(n)])?;
                Some((start, v.text[start..end].find('(').map_or(end, |k| start + k + 1)))
            };
            let kind = match &l.kind {
                Some(Word(word)) => LinkKind::from_name(word).or_else(|| {
                    let d =
                        unknown_word("link kind", word, LinkKind::NAMES).at(self.span(List::Events, i, &at("kind")));
                    self.push(d);
                    None
                }),
                None => {
                    let d = Diagnostic::error(format!("a link in event `{id}` has no `kind`"))
                        .at(item(self))
                        .help(format!("add `kind: Contradicts,`: one of {}", list_names(LinkKind::NAMES)));
                    self.push(d);
                    None
                }
            };
            let Some(to) = l.to else {
                let d = Diagnostic::error(format!("a link in event `{id}` has no `to`"))
                    .at(item(self))
                    .help("add `to: \"event-id\",`: the id of the event it links to");
                self.push(d);
                continue;
            };
            if *to == **id {
                let d = Diagnostic::error(format!("event `{id}` links to itself"))
                    .at(self.span(List::Events, i, &at("to")))
                    .help("a link joins two events: write the id of the other one");
                self.push(d);
                continue;
            }
            let Some(kind) = kind else { continue };
            let (to, note) = (self.text(to), l.note.map(|t| self.text(t)));
            links.push(Pending { item: i as u32, n: n as u32, from: id.clone(), kind, to, note });
        }
    }

    /// Finds the event each link points to, as its item in the file (any event, before or after),
    /// and reports the links to no event and the cycles of `Supersedes`.
    fn link_targets(&mut self, links: &[Pending], seen: &Seen, hasher: &RandomState) -> Vec<u32> {
        let mut targets = Vec::with_capacity(links.len());
        for l in links {
            match seen.get(&Id::new(hasher, l.to.clone())) {
                Some(first) => targets.push(first.item),
                None => {
                    targets.push(u32::MAX);
                    let (i, n) = (l.item as usize, l.n as usize);
                    let path = [Step::Field("links"), Step::Index(n), Step::Field("to")];
                    let help = did_you_mean(&l.to, seen.keys().map(|id| id.text.as_str()))
                        .unwrap_or_else(|| "a link's `to` is the `id` of another event".into());
                    let d = Diagnostic::error(format!("unknown event `{}` in a link of event `{}`", l.to, l.from))
                        .at(self.span(List::Events, i, &path))
                        .help(help)
                        .note(format!("event `{}` starts at line {}", l.from, self.line(List::Events, i)));
                    self.push(d);
                }
            }
        }
        let supersedes: Vec<usize> =
            (0..links.len()).filter(|&k| links[k].kind == LinkKind::Supersedes && targets[k] != u32::MAX).collect();
        let edges: Vec<(usize, usize)> =
            supersedes.iter().map(|&k| (links[k].item as usize, targets[k] as usize)).collect();
        for (cycle, e) in cycles(&edges) {
            let l = &links[supersedes[e]];
            // The ids of the items on the cycle, found among the links that make it.
            let id_of = |item: usize| links.iter().find(|l| l.item as usize == item).map(|l| l.from.clone());
            let path = [Step::Field("links"), Step::Index(l.n as usize), Step::Field("to")];
            let d = Diagnostic::error(format!(
                "`Supersedes` links go round in a cycle: {}",
                round(cycle.iter().map(|&item| id_of(item).unwrap_or_default()))
            ))
            .at(self.span(List::Events, l.item as usize, &path))
            .help("a later account supersedes an earlier one, so the links cannot lead back: remove the one that is wrong");
            self.push(d);
        }
        targets
    }

    /// After an unknown reference, "never used" is likely its consequence, so nothing is said.
    fn unused(&mut self, actors: &[Actor], sources: &[Source]) {
        let (actor_seen, source_used) = (std::mem::take(&mut self.actor_seen), std::mem::take(&mut self.source_used));
        let (some_actor, some_source) = (self.unknown_actor_ref, self.unknown_source_ref);
        let actor_unused = |i: usize| !some_actor && actor_seen[i] == 0;
        let source_unused = |i: usize| !some_source && !source_used[i];
        for (i, a) in actors.iter().enumerate().filter(|(i, a)| actor_unused(*i) && !a.id.is_empty()) {
            let d = Diagnostic::warning(format!("actor `{}` is never used", a.id))
                .at(self.span(List::Actors, i, &[Step::Field("id")]))
                .help("name it in an event's `actors` or `claimed_by`, or remove it");
            self.push(d);
        }
        for (i, s) in sources.iter().enumerate().filter(|(i, s)| source_unused(*i) && !s.id.is_empty()) {
            let d = Diagnostic::warning(format!("source `{}` is never cited", s.id))
                .at(self.span(List::Sources, i, &[Step::Field("id")]))
                .help("cite it in an event's `sources`, or remove it");
            self.push(d);
        }
    }

    fn anchor(&mut self, anchor: Option<&str>, events: &[Event]) -> Option<usize> {
        let found = events.iter().position(|e| Some(e.id.as_str()) == anchor);
        self.anchor_in(anchor, events.iter().map(|e| e.id.as_str()));
        found
    }

    /// Checks that the anchor is one of `ids`, the ids of the events that were made.
    fn anchor_in<'i>(&mut self, anchor: Option<&str>, ids: impl Iterator<Item = &'i str> + Clone) {
        let Some(anchor) = anchor else { return };
        if ids.clone().any(|id| id == anchor) {
            return;
        }
        let help = did_you_mean(anchor, ids)
            .unwrap_or_else(|| "`anchor` takes the id of the event that relative times count from".into());
        let d = Diagnostic::error(format!("anchor `{anchor}` names no event")).at(self.top_span("anchor")).help(help);
        self.push(d);
    }
}

/// `2024-03-25T14:03:09Z` (or `+00:00`): RFC 3339, in UTC.
fn is_utc_time(time: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(time).is_ok_and(|t| t.offset().local_minus_utc() == 0)
}

/// `field` is `archive` or `original`, the two files of a source's copy.
fn archive_warning(problem: &archive::Problem, id: &str, field: &str, archive: &str) -> Diagnostic {
    use archive::Problem as P;
    const INSIDE: &str = "timeline opens nothing outside its folder";
    let outside = format!("the {field} of source `{id}` is outside the timeline's folder");
    match problem {
        P::Controls => Diagnostic::warning(format!("the {field} path of source `{id}` holds control characters"))
            .help("write the path of a file in the timeline's folder"),
        P::Leaves => Diagnostic::warning(outside)
            .help(format!("write a path relative to the timeline file, without `..`; {INSIDE}")),
        P::LinkLeaves => Diagnostic::warning(outside)
            .help(format!("`{archive}` goes through a symbolic link that leads outside it; {INSIDE}")),
        P::Missing => Diagnostic::warning(format!("the {field} of source `{id}` does not exist: `{archive}`"))
            .help(format!("{field} paths are relative to the folder that holds the timeline file")),
        P::NotRegular(kind) => {
            let what = match field {
                "archive" => "an archive is a text file, the source's local copy",
                _ => "an original is the file a source's copy was captured from",
            };
            Diagnostic::warning(format!("the {field} of source `{id}` is not a regular file but {kind}: `{archive}`"))
                .help(format!("{what}; timeline reads only regular files"))
        }
        P::Folder(why) => Diagnostic::warning(format!("the {field} of source `{id}` cannot be checked: {why}")),
    }
}

fn unknown_word(what: &str, word: &str, names: &[&str]) -> Diagnostic {
    let help =
        did_you_mean(word, names.iter().copied()).unwrap_or_else(|| format!("expected one of {}", list_names(names)));
    Diagnostic::error(format!("unknown {what} `{word}`")).help(help)
}

/// `` `A` completely reliable, `B` usually reliable, … ``
fn meanings(names: &[&str], meanings: &[&str]) -> String {
    names.iter().zip(meanings).map(|(n, m)| format!("`{n}` {m}")).collect::<Vec<_>>().join(", ")
}

/// `B2` as (`B`, `2`): a reliability and a credibility written together.
fn grade_parts(word: &str) -> Option<(char, char)> {
    let mut chars = word.chars();
    let (letter, digit) = (chars.next()?, chars.next()?);
    (chars.next().is_none() && ('A'..='F').contains(&letter) && ('1'..='6').contains(&digit)).then_some((letter, digit))
}

fn list_names(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn example_id(list: List) -> &'static str {
    match list {
        List::Actors => "fsb",
        List::Sources => "inews-mustaffa",
        List::Events => "crocus-city-hall-attack",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_ids() {
        for ok in ["fsb", "isis-k", "us-embassy-2024", "a1"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in ["", "FSB", "isis_k", "-a", "a-", "a--b", "a b", "é"] {
            assert!(!is_kebab(bad), "{bad}");
        }
        assert_eq!(kebab("US Embassy_Moscow"), "us-embassy-moscow");
    }

    #[test]
    fn cycles_are_found_once_each_with_the_edge_that_closes_them() {
        assert!(cycles(&[(1, 2), (2, 3), (1, 3)]).is_empty());
        assert_eq!(cycles(&[(7, 9), (9, 7)]), vec![(vec![7, 9], 1)]);
        let found = cycles(&[(1, 2), (2, 3), (3, 1), (5, 6), (6, 5), (3, 4)]);
        assert_eq!(found, vec![(vec![1, 2, 3], 2), (vec![5, 6], 4)]);
    }

    /// Events written out of time order, with links forward and back, resolved after sorting.
    fn linked(events: usize) -> String {
        let mut text = String::from("Timeline(title: \"T\", sources: [Source(id: \"s\", title: \"S\")], events: [\n");
        for k in 0..events {
            // Later in the file is earlier in time.
            let day = 28 - (k % 28);
            let links = match k {
                0 => format!(
                    "Link(kind: Contradicts, to: \"e{}\", note: \"n\"), Link(kind: Follows, to: \"e1\")",
                    events - 1
                ),
                2 => "Link(kind: Supersedes, to: \"e0\")".to_string(),
                _ => String::new(),
            };
            text.push_str(&format!(
                "Event(id: \"e{k}\", when: \"2024-02-{day:02}\", title: \"E\", sources: [Cite(source: \"s\")], links: [{links}]),\n"
            ));
        }
        text.push_str("])");
        text
    }

    #[test]
    fn links_point_to_events_at_their_places_after_sorting_and_are_sorted_by_their_start() {
        for events in [3, 5_000] {
            let report = crate::load::load_str(&linked(events), None);
            assert_eq!(report.diagnostics, vec![], "{events}");
            let t = report.timeline.unwrap();
            let at = |id: &str| t.events.iter().position(|e| e.id == id).unwrap();
            let links: Vec<(usize, LinkKind, usize)> = t.links.iter().map(|l| (l.from, l.kind, l.to)).collect();
            let mut expected = vec![
                (at("e0"), LinkKind::Contradicts, at(&format!("e{}", events - 1))),
                (at("e0"), LinkKind::Follows, at("e1")),
                (at("e2"), LinkKind::Supersedes, at("e0")),
            ];
            expected.sort_by_key(|l| l.0);
            assert_eq!(links, expected, "{events}");
            assert_eq!(t.links_from(at("e0")).len(), 2);
            assert_eq!(t.links_from(at("e0"))[0].note.as_deref(), Some("n"));
            assert_eq!(t.links_to(at("e0")).count(), 1);
        }
    }
}
