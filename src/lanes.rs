//! Lanes: the events laid out in rows by actor, tag, status or source, and how each is drawn on a
//! time axis — a point or an extent, approximate or uncertain, open at an end, and who claims it.
//! Pure: the browser's lanes view and the SVG export draw the same lanes.

use crate::model::when::{Bound, Precision, Span};
use crate::model::{EventIx, Status, Timeline};

/// What the lanes are of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LaneBy {
    #[default]
    Actor,
    Tag,
    Status,
    Source,
}

impl LaneBy {
    /// The next way to lay out lanes, `None` after the last (back to the list).
    pub fn next(self) -> Option<LaneBy> {
        match self {
            LaneBy::Actor => Some(LaneBy::Tag),
            LaneBy::Tag => Some(LaneBy::Status),
            LaneBy::Status => Some(LaneBy::Source),
            LaneBy::Source => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LaneBy::Actor => "actor",
            LaneBy::Tag => "tag",
            LaneBy::Status => "status",
            LaneBy::Source => "source",
        }
    }
}

impl std::fmt::Display for LaneBy {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An event in a lane, and whether the lane's actor claims it rather than takes part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub event: EventIx,
    pub claim: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    pub label: String,
    /// What the lane is of: an actor, tag, status or source (`None` for the lane of events
    /// without one). A tag's number holds only within one layout.
    pub key: Option<usize>,
    /// In time order.
    pub entries: Vec<Entry>,
}

/// The lanes of `events` (in time order), each lane in order of its first event; actors grouped
/// by kind first (people, states, agencies …), as the file declares the kinds. Events with no
/// actor (tag, source) go to a last lane, `(none)`.
pub fn lanes(timeline: &Timeline, events: &[EventIx], by: LaneBy) -> Vec<Lane> {
    lanes_in_runs(timeline, events, by, 1 << 16)
}

/// A million events are laid out on every core in runs of `run` events, each run in time
/// order, and the runs joined in order: each lane is then still in time order, and its keys in
/// the order of their first event.
fn lanes_in_runs(timeline: &Timeline, events: &[EventIx], by: LaneBy, run: usize) -> Vec<Lane> {
    use rayon::prelude::*;
    let runs: Vec<Run> = events.par_chunks(run).map(|run| Run::of(timeline, run, by)).collect();
    let mut all = Run::default();
    for run in runs {
        all.append(run);
    }
    let Run { keys, mut entries, mut none, tags, .. } = all;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Stable: within a group, lanes keep the order of their first event.
    order.sort_by_key(|&i| group(timeline, by, keys[i]));
    let mut out: Vec<Lane> = order
        .into_iter()
        .map(|i| Lane { label: label(timeline, by, keys[i], &tags.names), key: Some(keys[i]), entries: std::mem::take(&mut entries[i]) })
        .collect();
    if !none.is_empty() {
        out.push(Lane { label: "(none)".into(), key: None, entries: std::mem::take(&mut none) });
    }
    out
}

/// The lanes of a run of events: its keys (actor, tag, status or source indices) in the order
/// of their first event, each key's entries, and the events with none.
#[derive(Default)]
struct Run {
    keys: Vec<usize>,
    entries: Vec<Vec<Entry>>,
    none: Vec<Entry>,
    /// Per key, its place in `keys`, or `usize::MAX`: a million events name keys millions of
    /// times, and an index is quicker than a hash.
    slot: Vec<usize>,
    tags: Tags,
}

impl Run {
    fn of(timeline: &Timeline, events: &[EventIx], by: LaneBy) -> Run {
        let mut run = Run::default();
        let mut found: Vec<(usize, bool)> = Vec::new();
        for &ix in events {
            keys_of(timeline, ix, by, &mut run.tags, &mut found);
            if found.is_empty() {
                run.none.push(Entry { event: ix, claim: false });
            }
            for &(key, claim) in &found {
                let lane = run.lane(key);
                // An actor who both takes part in and claims an event is drawn once, as its claimant.
                match lane.last_mut() {
                    Some(last) if last.event == ix => last.claim |= claim,
                    _ => lane.push(Entry { event: ix, claim }),
                }
            }
        }
        run
    }

    /// The entries of `key`'s lane, a new one if it has none yet.
    fn lane(&mut self, key: usize) -> &mut Vec<Entry> {
        if key >= self.slot.len() {
            self.slot.resize(key + 1, usize::MAX);
        }
        if self.slot[key] == usize::MAX {
            self.keys.push(key);
            self.entries.push(Vec::new());
            self.slot[key] = self.entries.len() - 1;
        }
        &mut self.entries[self.slot[key]]
    }

    /// Adds the later run `next` after this one; its tags are numbered again as this run's.
    fn append(&mut self, next: Run) {
        for (key, mut entries) in next.keys.into_iter().zip(next.entries) {
            let key = if self.tags.names.is_empty() && next.tags.names.is_empty() {
                key
            } else {
                self.tags.position(&next.tags.names[key])
            };
            self.lane(key).append(&mut entries);
        }
        self.none.extend(next.none);
    }
}

/// The keys event `ix` has lanes for, with whether each is a claim, into `found`.
fn keys_of(timeline: &Timeline, ix: EventIx, by: LaneBy, tags: &mut Tags, found: &mut Vec<(usize, bool)>) {
    let e = &timeline.events[ix];
    found.clear();
    match by {
        LaneBy::Actor => {
            found.extend(e.actors.iter().map(|&a| (a, false)).chain(e.claimed_by.iter().map(|&a| (a, true))))
        }
        LaneBy::Tag => found.extend(e.tags.iter().map(|t| (tags.position(t), false))),
        LaneBy::Status => found.push((e.status as usize, false)),
        LaneBy::Source => found.extend(e.sources.iter().map(|c| (c.source, false))),
    }
}

/// The tags met so far, numbered in order, ignoring case: a million events name a few hundred
/// tags millions of times.
#[derive(Default)]
struct Tags {
    names: Vec<String>,
    numbers: foldhash::HashMap<String, usize>,
}

impl Tags {
    fn position(&mut self, tag: &str) -> usize {
        if let Some(&at) = self.numbers.get(tag) {
            return at;
        }
        let lower = tag.to_lowercase();
        let at = *self.numbers.entry(lower.clone()).or_insert_with(|| {
            self.names.push(lower);
            self.names.len() - 1
        });
        // Also under the spelling met, so that the next time costs one lookup.
        self.numbers.insert(tag.to_string(), at);
        at
    }
}

/// Lanes of one group stay together: actors by kind, statuses in their order, the rest as one.
fn group(timeline: &Timeline, by: LaneBy, key: usize) -> usize {
    match by {
        LaneBy::Actor => timeline.actors[key].kind as usize,
        LaneBy::Status => key,
        LaneBy::Tag | LaneBy::Source => 0,
    }
}

fn label(timeline: &Timeline, by: LaneBy, key: usize, tags: &[String]) -> String {
    match by {
        LaneBy::Actor => timeline.actors[key].name.clone(),
        LaneBy::Tag => format!("#{}", tags[key]),
        LaneBy::Status => Status::NAMES[key].to_string(),
        LaneBy::Source => timeline.sources[key].id.clone(),
    }
}

/// How an event is drawn on an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The instants the mark covers, open ends clipped to `first` and `last` of what is drawn.
    pub from: i64,
    pub to: i64,
    /// A day or finer, and not an interval: a point rather than a bar.
    pub point: bool,
    pub approximate: bool,
    pub uncertain: bool,
    /// The interval runs on without end (`..`) or its end is not known, at the start or the end.
    pub open_start: bool,
    pub open_end: bool,
    pub status: Status,
}

impl Mark {
    /// The mark of event `ix`, with open ends clipped to `first` and `last`.
    pub fn of(timeline: &Timeline, ix: EventIx, (first, last): (i64, i64)) -> Mark {
        let e = &timeline.events[ix];
        let (open_start, open_end) = match e.when.span {
            Span::Interval(from, to) => (!matches!(from, Bound::Known(_)), !matches!(to, Bound::Known(_))),
            Span::Point(_) => (false, false),
        };
        let from = if e.start == i64::MIN { first.min(e.end) } else { e.start };
        let to = if e.end == i64::MAX { last.max(from) } else { e.end };
        Mark {
            from,
            to,
            point: !e.when.is_interval() && e.when.precision() >= Precision::Day,
            approximate: e.when.approximate(),
            uncertain: e.when.uncertain(),
            open_start,
            open_end,
            status: e.status,
        }
    }
}

/// Where `events` stand on an axis, for laying one out, in time order: each event's start (its
/// end, if it has no start); events without a date are left out. Extents are left out on purpose:
/// a year-long event must not keep a collapsed axis from cutting the empty months around the days
/// that matter; its bar runs across the breaks.
pub fn anchors(timeline: &Timeline, events: &[EventIx]) -> Vec<i64> {
    let mut out: Vec<i64> = events
        .iter()
        .map(|&ix| timeline.events[ix].sort_instant())
        .filter(|&t| t != i64::MIN && t != i64::MAX)
        .collect();
    // The browser's events come in time order: no need to sort a million of them again.
    if !out.is_sorted() {
        out.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn timeline() -> Timeline {
        load_str(include_str!("../tests/fixtures/valid/every-form.ron"), None).timeline.expect("valid fixture")
    }

    fn all(t: &Timeline) -> Vec<EventIx> {
        (0..t.events.len()).collect()
    }

    fn ids(t: &Timeline, lane: &Lane) -> Vec<String> {
        lane.entries.iter().map(|e| t.events[e.event].id.to_string()).collect()
    }

    #[test]
    fn every_event_is_in_a_lane_by_status_and_the_lanes_are_in_the_order_of_the_statuses() {
        let t = timeline();
        let lanes = lanes(&t, &all(&t), LaneBy::Status);
        let labels: Vec<&str> = lanes.iter().map(|l| l.label.as_str()).collect();
        let mut sorted = labels.clone();
        sorted.sort_by_key(|l| Status::NAMES.iter().position(|n| n == l));
        assert_eq!(labels, sorted);
        assert_eq!(lanes.iter().map(|l| l.entries.len()).sum::<usize>(), t.events.len());
    }

    #[test]
    fn a_claimant_has_a_lane_whose_entry_is_marked_as_its_claim() {
        let t = timeline();
        let lanes = lanes(&t, &all(&t), LaneBy::Actor);
        let putin = lanes.iter().find(|l| l.label.contains("Putin")).expect("a lane for Putin");
        let day = putin.entries.iter().find(|e| t.events[e.event].id.as_str() == "day").expect("the claim");
        assert!(day.claim);
        let fsb = lanes.iter().find(|l| l.label.contains("Federal Security")).expect("a lane for the FSB");
        assert!(fsb.entries.iter().all(|e| !e.claim));
        assert_eq!(ids(&t, fsb), ["day", "second"]);
    }

    #[test]
    fn lanes_laid_out_in_runs_and_joined_are_the_lanes_laid_out_at_once() {
        let t = timeline();
        let events = all(&t);
        for by in [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source] {
            let whole = lanes_in_runs(&t, &events, by, usize::MAX);
            for run in [1, 2, 3, 7] {
                assert_eq!(lanes_in_runs(&t, &events, by, run), whole, "{by:?} in runs of {run}");
            }
        }
    }

    #[test]
    fn events_without_what_the_lanes_are_of_go_last() {
        let t = timeline();
        let lanes = lanes(&t, &all(&t), LaneBy::Tag);
        let last = lanes.last().unwrap();
        assert_eq!(last.label, "(none)");
        assert!(last.entries.iter().all(|e| t.events[e.event].tags.is_empty()));
    }

    #[test]
    fn a_mark_is_a_point_for_a_day_and_a_bar_for_a_month_or_an_interval() {
        let t = timeline();
        let mark = |id: &str| {
            let ix = t.events.iter().position(|e| e.id.as_str() == id).unwrap();
            Mark::of(&t, ix, (0, 2_000_000_000))
        };
        assert!(mark("day").point);
        assert!(!mark("month").point && !mark("year").point);
        assert!(mark("approximate").approximate && !mark("approximate").uncertain);
        assert!(mark("uncertain").uncertain);
        let open = mark("open-end");
        assert!(open.open_end && open.to == 2_000_000_000);
    }
}
