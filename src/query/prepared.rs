//! A filter made ready to match. It is the only form that can match, so that no caller can match
//! before the text terms were searched for.

use super::language::TextTerm;
use super::{Facet, Filter, SearchIndex, Stop, Term, TermKind};
use crate::knowledge::{Grade, Knowledge, Known, known_between};
use crate::model::{ActorIx, Event, Timeline};
use rayon::prelude::*;

/// A filter whose text terms were searched for, over the timeline it was prepared for.
pub struct Prepared<'f> {
    timeline: &'f Timeline,
    checks: Vec<Check<'f>>,
    /// What the sources and links tell (first reports, origins), made only for a filter whose
    /// terms ask it (`known:`, `origins:`).
    knowledge: Knowledge,
}

struct Check<'f> {
    term: &'f Term,
    /// The picker whose choice the term is, left out of that picker's counts.
    facet: Option<Facet>,
    /// An actor term's actors, sorted for a binary search: a picker keeps them in the order
    /// chosen, for its description.
    actors: Vec<ActorIx>,
    /// A mark term's events, by id, sorted: marks name events by id, so that they outlive a
    /// reload that moves the events.
    marked: Vec<&'f str>,
    /// A link term's events, as bits: those at either end of a link of its kinds, found in one
    /// pass over the links.
    linked: Vec<u64>,
}

impl Filter {
    /// Finds what the text terms match, for all events at once (in one scan of the file's text,
    /// unless this filter was prepared before); matching is then a look-up.
    pub fn prepare<'f>(&'f self, timeline: &'f Timeline, index: &SearchIndex) -> Prepared<'f> {
        self.prepare_unless(timeline, index, &|| false)
    }

    /// `prepare`, for a search that may be given up: once `stop` says so, the text terms are
    /// left unsearched and the result is not to be used.
    pub fn prepare_unless<'f>(&'f self, timeline: &'f Timeline, index: &SearchIndex, stop: &Stop<'_>) -> Prepared<'f> {
        let texts: Vec<&TextTerm> = self
            .terms()
            .filter_map(|t| match &t.kind {
                TermKind::Text(text) => Some(&**text),
                _ => None,
            })
            .collect();
        TextTerm::find_all(&texts, timeline, index, stop);
        let knows =
            self.terms().any(|t| matches!(t.kind, TermKind::Known(_) | TermKind::Undated | TermKind::Origins(_)));
        let knowledge = if knows { Knowledge::new(timeline) } else { Knowledge::default() };
        Prepared { timeline, checks: self.terms().map(|t| Check::new(t, self, timeline)).collect(), knowledge }
    }
}

impl Prepared<'_> {
    /// Whether event `ix` passes every term.
    pub fn matches(&self, ix: usize) -> bool {
        let e = &self.timeline.events[ix];
        self.checks.iter().all(|c| c.passes(self, e, ix))
    }

    /// Whether event `ix` passes every term but those chosen in `facet`'s picker: how many
    /// events each of its items would show.
    pub fn matches_without(&self, facet: Facet, ix: usize) -> bool {
        let e = &self.timeline.events[ix];
        self.checks.iter().filter(|c| c.facet != Some(facet)).all(|c| c.passes(self, e, ix))
    }

    /// Indexes of the events that pass, in time order.
    pub fn apply(&self) -> Vec<usize> {
        // On every core: a query over a million events stays within a few frames.
        (0..self.timeline.events.len()).into_par_iter().with_min_len(4096).filter(|&ix| self.matches(ix)).collect()
    }
}

impl<'f> Check<'f> {
    fn new(term: &'f Term, filter: &'f Filter, timeline: &Timeline) -> Check<'f> {
        let mut actors = match &term.kind {
            TermKind::Actor(actors) | TermKind::Claimant(actors) => actors.clone(),
            _ => Vec::new(),
        };
        actors.sort_unstable();
        let mut marked: Vec<&str> = match &term.kind {
            TermKind::Mark(letters) => letters.iter().filter_map(|l| filter.marks.get(l)).map(String::as_str).collect(),
            _ => Vec::new(),
        };
        marked.sort_unstable();
        let mut linked = Vec::new();
        if let TermKind::Link(kinds) = &term.kind {
            linked = vec![0u64; timeline.events.len().div_ceil(64)];
            for link in timeline.links.iter().filter(|l| kinds.contains(&l.kind)) {
                for ix in [link.from, link.to] {
                    if let Some(bits) = linked.get_mut(ix / 64) {
                        *bits |= 1 << (ix % 64);
                    }
                }
            }
        }
        Check { term, facet: Facet::of(term), actors, marked, linked }
    }

    fn passes(&self, prepared: &Prepared, e: &Event, ix: usize) -> bool {
        self.meets(prepared, e, ix) != self.term.negated
    }

    fn meets(&self, prepared: &Prepared, e: &Event, ix: usize) -> bool {
        let (timeline, knowledge) = (prepared.timeline, &prepared.knowledge);
        match &self.term.kind {
            TermKind::Text(t) => t.found().get(ix / 64).is_some_and(|bits| bits >> (ix % 64) & 1 == 1),
            // Linear in the event's actors, however many actors the term names.
            TermKind::Actor(_) => e.actors.iter().chain(&e.claimed_by).any(|a| self.actors.binary_search(a).is_ok()),
            TermKind::Tag(tags) => e.tags.iter().any(|t| tags.iter().any(|w| t.eq_ignore_ascii_case(w))),
            TermKind::From(from) => e.end >= *from,
            TermKind::To(to) => e.start <= *to,
            TermKind::Status(statuses) => statuses.contains(&e.status),
            TermKind::Source(sources) => e.sources.iter().any(|c| sources.contains(&c.source)),
            TermKind::Claimant(_) => e.claimed_by.iter().any(|a| self.actors.binary_search(a).is_ok()),
            TermKind::Mark(_) => self.marked.binary_search(&e.id.as_str()).is_ok(),
            TermKind::Known(as_of) => known_between(knowledge.bounds(timeline, ix), as_of.instant) != Known::NotYet,
            TermKind::Undated => knowledge.bounds(timeline, ix).is_none(),
            TermKind::Origins(n) => knowledge.count_origins(timeline, ix, *n) >= *n,
            TermKind::Link(_) => self.linked.get(ix / 64).is_some_and(|bits| bits >> (ix % 64) & 1 == 1),
            TermKind::Grade(grades) => {
                e.sources.iter().any(|c| grades.iter().any(|g| Grade::of(timeline, c).at_least(g)))
            }
        }
    }
}
