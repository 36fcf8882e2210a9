//! What a decoded entry must hold before it is shown: what a parse of the file could have made.
//! The rest of the program relies on it (indices in range, spans on the text's characters, ids
//! unique, events in order, times that match their dates), so an entry that breaks any of it is
//! refused, never mended. Every check is linear in the entry.

use super::Body;
use crate::load::Diagnostic;
use crate::load::validate::{cycles, is_kebab};
use crate::model::when::When;
use crate::model::{ActorIx, CREDIBILITY, Citation, Event, LinkKind, Source, Status, Text, Timeline};
use chrono::FixedOffset;
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

pub(super) fn sound(body: &Body, text: &str) -> bool {
    let t = &body.timeline;
    // Only a report without errors is kept, so every item written made one in the timeline.
    body.counts == Some((t.events.len(), t.actors.len(), t.sources.len()))
        && warnings(&body.diagnostics, text)
        && timeline(t)
}

/// Only warnings, each at a place in the text, in the order loading sorts them.
fn warnings(diagnostics: &[Diagnostic], text: &str) -> bool {
    let placed = |d: &Diagnostic| d.span.is_none_or(|(start, end)| text.get(start..end).is_some());
    diagnostics.iter().all(|d| !d.is_error() && placed(d))
        && diagnostics.is_sorted_by_key(|d| d.span.map_or(0, |(start, _)| start))
}

fn timeline(t: &Timeline) -> bool {
    !t.title.trim().is_empty()
        && t.anchor.is_none_or(|a| a < t.events.len())
        && ids(t.actors.iter().map(|a| a.id.as_str()))
        && ids(t.sources.iter().map(|s| s.id.as_str()))
        && t.actors.iter().all(|a| !a.name.trim().is_empty())
        && t.sources.iter().all(|s| source(s, t.timezone))
        && lineage(t)
        && events(t)
        && links(t)
}

/// `derived_from` names other sources, each once, and never leads back to where it began.
fn lineage(t: &Timeline) -> bool {
    let mut edges = Vec::new();
    for (i, s) in t.sources.iter().enumerate() {
        let mut named = HashSet::with_capacity(s.derived_from.len());
        if !s.derived_from.iter().all(|&d| d < t.sources.len() && d != i && named.insert(d)) {
            return false;
        }
        edges.extend(s.derived_from.iter().map(|&d| (i, d)));
    }
    cycles(&edges).is_empty()
}

/// Links join two different events, sorted by the one they come from, their notes on the
/// text's characters, and `Supersedes` never leads back to where it began.
fn links(t: &Timeline) -> bool {
    let n = t.events.len();
    let sound =
        t.links.iter().all(|l| l.from < n && l.to < n && l.from != l.to && l.note.as_ref().is_none_or(on_characters));
    let supersedes: Vec<(usize, usize)> =
        t.links.iter().filter(|l| l.kind == LinkKind::Supersedes).map(|l| (l.from, l.to)).collect();
    sound && t.links.is_sorted_by_key(|l| l.from) && cycles(&supersedes).is_empty()
}

/// Kebab-case, by the validator's own rule, and unique. (Events' ids are checked with the events.)
fn ids<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> bool {
    let mut seen = HashSet::with_capacity(ids.len());
    ids.into_iter().all(|id| is_kebab(id) && seen.insert(id))
}

/// Entries are never written for timelines with archives or originals.
fn source(s: &Source, tz: FixedOffset) -> bool {
    let published = |w: &When| on_characters(&w.text) && date(w, tz);
    !s.title.trim().is_empty()
        && s.archive.is_none()
        && s.original.is_none()
        && s.published.as_ref().is_none_or(published)
}

/// The events, on every core: checking them reads their text, at random since they are in time
/// order, and each core waits on its own reads. An id is hashed as it is read, so that it is
/// not read again to be found unique; a hash seen twice refuses the entry, whether an id is
/// repeated or two ids collide, which is too rare to cost more than a parse.
fn events(t: &Timeline) -> bool {
    let ids = RandomState::new();
    let hashes: Option<Vec<u64>> = t.events.par_iter().map(|e| event(e, t).then(|| ids.hash_one(&*e.id))).collect();
    let mut seen = HashSet::with_capacity(t.events.len());
    hashes.is_some_and(|hashes| hashes.into_iter().all(|h| seen.insert(h))) && in_order(&t.events)
}

/// First its spans: everything after reads its text.
fn event(e: &Event, t: &Timeline) -> bool {
    let actor = |a: &ActorIx| *a < t.actors.len();
    texts(e).all(on_characters)
        && is_kebab(&e.id)
        && !e.title.trim().is_empty()
        && date(&e.when, t.timezone)
        // Only after `date`: the instants are computed from a date that the text was found to mean.
        && e.start == e.when.start(t.timezone).unwrap_or(i64::MIN)
        && e.end == e.when.end(t.timezone).unwrap_or(i64::MAX)
        && e.actors.iter().all(actor)
        && e.claimed_by.iter().all(actor)
        && (e.status != Status::Claimed || !e.claimed_by.is_empty())
        && e.sources.iter().all(|c| citation(c, t))
}

fn citation(c: &Citation, t: &Timeline) -> bool {
    c.source < t.sources.len()
        && c.credibility.is_none_or(|g| CREDIBILITY.contains(&g))
        && c.reported.as_ref().is_none_or(|w| date(w, t.timezone))
}

fn texts(e: &Event) -> impl Iterator<Item = &Text> {
    let cited = e
        .sources
        .iter()
        .flat_map(|c| [c.at.as_ref(), c.quote.as_ref(), c.reported.as_ref().map(|w| &w.text)])
        .flatten();
    let fields = [Some(&e.id), Some(&e.when.text), Some(&e.title), e.summary.as_ref(), e.place.as_ref()];
    fields.into_iter().flatten().chain(&e.tags).chain(cited)
}

/// Every span in the timeline is of `file`: an entry keeps spans as places in its file's text.
pub(super) fn spans_of(t: &Timeline, file: &std::sync::Arc<String>) -> bool {
    let published = t.sources.iter().filter_map(|s| s.published.as_ref().map(|w| &w.text));
    let notes = t.links.iter().filter_map(|l| l.note.as_ref());
    let mut texts = t.events.iter().flat_map(texts).chain(published).chain(notes);
    texts.all(|text| text.span().is_none_or(|(of, _)| std::sync::Arc::ptr_eq(of, file)))
}

/// A copy, or a span that starts and ends on characters of the text (decoding saw it inside).
fn on_characters(text: &Text) -> bool {
    text.span().is_none_or(|(file, at)| file.get(at).is_some())
}

/// The date is what its text means: a date that no text gives could hold a month 13.
fn date(when: &When, tz: FixedOffset) -> bool {
    When::span_of(&when.text, tz).is_ok_and(|span| span == when.span)
}

/// In the order loading sorts events (see `validate::sort_events`).
fn in_order(events: &[Event]) -> bool {
    let key = |e: &Event| (e.sort_instant(), e.when.precision(), e.line);
    events.windows(2).all(|pair| key(&pair[0]) <= key(&pair[1]))
}
