//! Which events to show: the filter shared by the command line and the browser.
//!
//! A `Filter` combines an actor selection, a tag selection, a date range and a parsed `Query`.
//! Matching reads only precomputed data (`SearchIndex`), so re-filtering on every keystroke costs
//! one pass over the events and never re-reads the timeline.

pub mod index;
mod language;

pub use index::SearchIndex;
pub use language::{Problem, Query, Term, TermKind};

use crate::model::{ActorIx, Event, SourceIx, Timeline};
use crate::suggest::ranked;
use crate::when::When;
use rayon::prelude::*;

/// Chosen items of one kind (actors or tags): events must have any (or all) of `include` and
/// none of `exclude`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection<T> {
    pub include: Vec<T>,
    pub exclude: Vec<T>,
    pub all: bool,
}

impl<T> Default for Selection<T> {
    fn default() -> Self {
        Selection { include: Vec::new(), exclude: Vec::new(), all: false }
    }
}

impl<T: PartialEq> Selection<T> {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether an event that has exactly the items `has` passes.
    pub fn passes(&self, has: impl Fn(&T) -> bool) -> bool {
        let included = if self.include.is_empty() {
            true
        } else if self.all {
            self.include.iter().all(&has)
        } else {
            self.include.iter().any(&has)
        };
        included && !self.exclude.iter().any(has)
    }
}

/// Everything that decides whether an event is shown.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub actors: Selection<ActorIx>,
    /// Lowercase tags.
    pub tags: Selection<String>,
    /// Events citing any of these sources (none: no condition).
    pub sources: Vec<SourceIx>,
    /// Earliest instant kept (Unix seconds).
    pub from: Option<i64>,
    /// Latest instant kept (Unix seconds).
    pub to: Option<i64>,
    pub query: Query,
}

/// A filter term that matches nothing, with what the user may have meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub help: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.tags.is_empty()
            && self.sources.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.query.is_empty()
    }

    /// Makes what matching needs and the index makes lazily; `apply` calls it, other callers of
    /// `matches` must call it first.
    pub fn prepare(&self, timeline: &Timeline, index: &SearchIndex) {
        self.query.prepare(timeline, index);
    }

    /// Whether event `ix` passes every part of the filter.
    pub fn matches(&self, timeline: &Timeline, ix: usize) -> bool {
        let e = &timeline.events[ix];
        self.passes_actors(e) && self.passes_tags(e) && self.passes_rest(e, ix)
    }

    /// Whether event `ix` passes every part except the actor selection (for the picker's counts).
    pub fn matches_without_actors(&self, timeline: &Timeline, ix: usize) -> bool {
        let e = &timeline.events[ix];
        self.passes_tags(e) && self.passes_rest(e, ix)
    }

    /// Whether event `ix` passes every part except the tag selection.
    pub fn matches_without_tags(&self, timeline: &Timeline, ix: usize) -> bool {
        let e = &timeline.events[ix];
        self.passes_actors(e) && self.passes_rest(e, ix)
    }

    /// The date range, the sources and the query.
    fn passes_rest(&self, e: &Event, ix: usize) -> bool {
        e.overlaps(self.from, self.to)
            && (self.sources.is_empty() || e.sources.iter().any(|c| self.sources.contains(&c.source)))
            && self.query.matches(e, ix)
    }

    /// An actor takes part in an event as one of its actors or as a claimant.
    fn passes_actors(&self, e: &Event) -> bool {
        self.actors.passes(|a| e.actors.contains(a) || e.claimed_by.contains(a))
    }

    fn passes_tags(&self, e: &Event) -> bool {
        self.tags.passes(|t| e.tags.iter().any(|have| have.eq_ignore_ascii_case(t)))
    }

    /// The filter in words, for the line of an export that says what it holds.
    pub fn describe(&self, timeline: &Timeline) -> Vec<String> {
        let names = |ixs: &[ActorIx]| ixs.iter().map(|&a| timeline.actors[a].name.clone()).collect::<Vec<_>>();
        let how = |all: bool, n: usize| if n > 1 { if all { " (all of)" } else { " (any of)" } } else { "" };
        let mut out = Vec::new();
        if !self.actors.include.is_empty() {
            let n = self.actors.include.len();
            out.push(format!("actors {}{}", names(&self.actors.include).join(", "), how(self.actors.all, n)));
        }
        if !self.actors.exclude.is_empty() {
            out.push(format!("not actors {}", names(&self.actors.exclude).join(", ")));
        }
        if !self.tags.include.is_empty() {
            let n = self.tags.include.len();
            out.push(format!("tags {}{}", self.tags.include.join(", "), how(self.tags.all, n)));
        }
        if !self.tags.exclude.is_empty() {
            out.push(format!("not tags {}", self.tags.exclude.join(", ")));
        }
        if !self.sources.is_empty() {
            let ids: Vec<&str> = self.sources.iter().map(|&s| timeline.sources[s].id.as_str()).collect();
            out.push(format!("citing {}", ids.join(", ")));
        }
        if !self.query.text.trim().is_empty() {
            out.push(format!("query “{}”", self.query.text.trim()));
        }
        out
    }

    /// Indexes of the events that pass, in time order.
    pub fn apply(&self, timeline: &Timeline, index: &SearchIndex) -> Vec<usize> {
        self.prepare(timeline, index);
        // On every core: a query over a million events stays within a few frames.
        (0..timeline.events.len()).into_par_iter().with_min_len(4096).filter(|&ix| self.matches(timeline, ix)).collect()
    }
}

/// The actors whose id, name or alias is `text`, ignoring case.
pub fn find_actors(timeline: &Timeline, text: &str) -> Result<Vec<ActorIx>, QueryError> {
    let found: Vec<ActorIx> =
        timeline.actors.iter().enumerate().filter(|(_, a)| a.answers_to(text)).map(|(i, _)| i).collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let handles = timeline.actors.iter().flat_map(|a| a.handles());
    let mut near: Vec<String> = Vec::new();
    for handle in ranked(text, handles) {
        let Some(actor) = timeline.actors.iter().find(|a| a.handles().any(|h| h == handle)) else { continue };
        let shown = format!("`{}` ({})", actor.id, crate::text::clean_line(&actor.name));
        if !near.contains(&shown) {
            near.push(shown);
        }
    }
    near.truncate(3);
    let help = if near.is_empty() {
        "ids, names and aliases all work; the browser's actor picker (`a`) lists every actor".to_string()
    } else {
        format!("the closest are {}", near.join(", "))
    };
    Err(QueryError { message: format!("no actor is called `{text}`"), help: Some(help) })
}

/// The source with id `id`.
pub fn find_source(timeline: &Timeline, id: &str) -> Result<SourceIx, QueryError> {
    if let Some(ix) = timeline.sources.iter().position(|s| s.id == id) {
        return Ok(ix);
    }
    let near: Vec<String> = ranked(id, timeline.sources.iter().map(|s| s.id.as_str()))
        .into_iter()
        .take(3)
        .map(|s| format!("`{s}`"))
        .collect();
    let help = if near.is_empty() {
        "`timeline sources` lists every source id".to_string()
    } else {
        format!("the closest are {}", near.join(", "))
    };
    Err(QueryError { message: format!("no source has the id `{id}`"), help: Some(help) })
}

/// Every tag used in the timeline, sorted, without duplicates (ignoring case).
pub fn all_tags(timeline: &Timeline) -> Vec<String> {
    let mut tags: Vec<String> = timeline.events.iter().flat_map(|e| e.tags.iter().map(|t| t.to_lowercase())).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// The tag `text` as used in the timeline, ignoring case.
pub fn find_tag(timeline: &Timeline, text: &str) -> Result<String, QueryError> {
    let tags = all_tags(timeline);
    let lower = text.to_lowercase();
    if tags.contains(&lower) {
        return Ok(lower);
    }
    let near: Vec<String> =
        ranked(text, tags.iter().map(String::as_str)).into_iter().take(3).map(|t| format!("`{t}`")).collect();
    let help = (!near.is_empty()).then(|| format!("the closest are {}", near.join(", ")));
    Err(QueryError { message: format!("no event has the tag `{text}`"), help })
}

/// Which end of a date a range bound takes: `--from 2024-03` starts on 1 March, `--to 2024-03`
/// ends on 31 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    First,
    Last,
}

pub fn date_bound(timeline: &Timeline, text: &str, end: End) -> Result<i64, QueryError> {
    let when = When::parse(text, timeline.timezone)
        .map_err(|e| QueryError { message: format!("invalid date `{text}`: {}", e.message), help: e.help })?;
    let instant = match end {
        End::First => when.start(timeline.timezone),
        End::Last => when.end(timeline.timezone),
    };
    instant.ok_or_else(|| QueryError { message: format!("`{text}` is open at that end"), help: None })
}
