//! What was known when, from how many independent origins, and how events stand to each other:
//! an event's first report and its lag, the roots of its sources through `derived_from`, its
//! links both ways, and the Admiralty grades of its citations.
//!
//! `Knowledge::new` reads a timeline once for what all of this needs (each source's report
//! extent and roots, the links by target); its methods then take the same timeline and look up
//! one event. Sources and links are few and events many, so this stays cheap at a million
//! events. It holds no reference to the timeline, so it can be kept beside one.
//!
//! Dates keep their precision: a source `published: "2024-03"` was *possibly* known from
//! 1 March and *surely* by the end of 31 March (in the timeline's zone). An approximate (`~`) or
//! uncertain (`?`, `%`) date is taken to be off by up to its own length either way:
//! `2024-03-22~` was possibly known from 21 March and surely by the end of 23 March. An interval
//! runs from its start's first instant to its end's last; an open or unknown start was possibly
//! known at any time, an open or unknown end was never surely known.
//!
//! Nothing is reported before it happens: a citation whose source is dated wholly before the
//! event's start (a warning of 7 March cited on an attack of 22 March, for background) is no
//! report of it, and one that may have come before or after the start (a source published
//! "2024-03" cited on an event of 22 March) is taken to come no sooner than the start. A
//! warning is an event of its own, reported when it was given.

use crate::model::when::{Bound, Point, Span, When};
use crate::model::{Citation, Credibility, EventIx, LinkKind, Reliability, SourceIx, Text, Timeline};
use chrono::{DateTime, Datelike, FixedOffset};
use std::fmt;

/// When an event was first reported: the earliest date on which one of its citations' sources
/// had it (the citation's `reported` date if it has one, else its source's `published`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstReport {
    /// The earliest instant it may have been known (Unix seconds; `i64::MIN` when a report's
    /// date is open at its start).
    pub possibly: i64,
    /// The instant by which it was surely known (the last second of the earliest report's
    /// extent; `i64::MAX` when no report's date has a known end).
    pub surely: i64,
    /// The sources that reported it by `surely` (or, when it was never surely known, those
    /// that possibly reported it first), sorted, each once.
    pub by: Vec<SourceIx>,
}

/// Whether an event was known at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Known {
    /// Its first report had surely come by then.
    Known,
    /// Its first report may have come by then: the report's date is coarser than the instant
    /// (a source published "2024-03", asked about 10 March).
    Possibly,
    /// No report had come by then.
    NotYet,
    /// None of its citations has a date: when it became known cannot be said.
    Unknown,
}

impl Known {
    /// The state in a word or two, for a listing or the JSON of `list`: `known`, `possibly
    /// known`, `not yet known`, `first report unknown`.
    pub fn words(self) -> &'static str {
        match self {
            Known::Known => "known",
            Known::Possibly => "possibly known",
            Known::NotYet => "not yet known",
            Known::Unknown => "first report unknown",
        }
    }
}

/// How long after the event's start its first report came, in calendar days in the timeline's
/// zone: from the event's first day to the report's first possible day (`earliest`) and its
/// last (`latest`). Negative days mean a report before the event (a warning, a forecast).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lag {
    /// `None` when the report's date is open at its start.
    pub earliest: Option<i64>,
    /// `None` when the report's date has no known end.
    pub latest: Option<i64>,
}

/// Which way a link runs, seen from the event it is shown on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Written on this event: this event `kind` the other.
    Out,
    /// Written on the other event: the other `kind` this one.
    In,
}

/// A link seen from one of its two events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Linked<'t> {
    pub kind: LinkKind,
    pub direction: Direction,
    /// The event at the other end.
    pub other: EventIx,
    pub note: Option<&'t Text>,
}

impl Linked<'_> {
    /// The link in words, read from this event to the other: "contradicts", "contradicted by".
    pub fn phrase(&self) -> &'static str {
        phrase(self.kind, self.direction)
    }
}

/// A link kind in words, read from the event it is shown on to the other event.
pub fn phrase(kind: LinkKind, direction: Direction) -> &'static str {
    match (kind, direction) {
        (LinkKind::Contradicts, Direction::Out) => "contradicts",
        (LinkKind::Contradicts, Direction::In) => "contradicted by",
        (LinkKind::Corroborates, Direction::Out) => "corroborates",
        (LinkKind::Corroborates, Direction::In) => "corroborated by",
        (LinkKind::Supersedes, Direction::Out) => "supersedes",
        (LinkKind::Supersedes, Direction::In) => "superseded by",
        (LinkKind::Follows, Direction::Out) => "led to",
        (LinkKind::Follows, Direction::In) => "follows",
        (LinkKind::SameAs, _) => "same event as",
    }
}

/// A citation's grade in the Admiralty system: its source's reliability (`A`–`F`) and its own
/// credibility (`1`–`6`), shown together as `B2`. Earlier letters and lower digits are better;
/// `F` and `6` ("cannot be judged") count as the worst.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Grade {
    pub reliability: Option<Reliability>,
    pub credibility: Option<Credibility>,
}

impl Grade {
    /// The grade of a citation of `timeline`.
    pub fn of(timeline: &Timeline, citation: &Citation) -> Grade {
        Grade {
            reliability: timeline.sources.get(citation.source).and_then(|s| s.reliability),
            credibility: citation.credibility,
        }
    }

    /// Whether neither half is known.
    pub fn is_empty(&self) -> bool {
        self.reliability.is_none() && self.credibility.is_none()
    }

    /// Reads `B2`, `B` (reliability only) or `2` (credibility only), ignoring the letter's case.
    pub fn parse(text: &str) -> Result<Grade, String> {
        const HELP: &str = "a grade is a reliability `A`–`F` and a credibility `1`–`6`: `B2`, `B` or `2`";
        let mut chars = text.chars();
        let (first, second, rest) = (chars.next(), chars.next(), chars.next());
        let letter = |c: char| Reliability::from_name(&c.to_ascii_uppercase().to_string());
        let digit = |c: char| {
            c.to_digit(10).and_then(|d| Credibility::try_from(d).ok()).filter(|d| crate::model::CREDIBILITY.contains(d))
        };
        let grade = match (first, second, rest) {
            (Some(r), None, None) if r.is_ascii_alphabetic() => {
                letter(r).map(|r| Grade { reliability: Some(r), credibility: None })
            }
            (Some(c), None, None) => digit(c).map(|c| Grade { reliability: None, credibility: Some(c) }),
            (Some(r), Some(c), None) => {
                letter(r).zip(digit(c)).map(|(r, c)| Grade { reliability: Some(r), credibility: Some(c) })
            }
            _ => None,
        };
        grade.ok_or_else(|| {
            if text.is_empty() { format!("name a grade: {HELP}") } else { format!("`{text}` is not a grade: {HELP}") }
        })
    }

    /// Whether this grade is `wanted` or better in each half `wanted` names: `B2` is at least
    /// `C3` and at least `B`; a half this grade does not know meets no wanted value.
    pub fn at_least(&self, wanted: &Grade) -> bool {
        let reliability = wanted.reliability.is_none_or(|w| self.reliability.is_some_and(|r| r <= w));
        let credibility = wanted.credibility.is_none_or(|w| self.credibility.is_some_and(|c| c <= w));
        reliability && credibility
    }
}

impl fmt::Display for Grade {
    /// `B2`; `B?` or `?2` when one half is unknown; nothing when both are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.reliability, self.credibility) {
            (None, None) => Ok(()),
            (r, c) => {
                f.write_str(r.map_or("?", Reliability::name))?;
                match c {
                    Some(c) => write!(f, "{c}"),
                    None => f.write_str("?"),
                }
            }
        }
    }
}

/// Whether `grade` is `wanted` or better in both halves `wanted` names.
pub fn at_least(grade: &Grade, wanted: &Grade) -> bool {
    grade.at_least(wanted)
}

/// What a timeline's sources and links tell about each event, made once per timeline.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    /// Per source: the extent of its `published` date, if it has one.
    published: Vec<Option<Extent>>,
    /// Per source: its roots through `derived_from`, sorted, each once.
    roots: Vec<Box<[SourceIx]>>,
    /// Positions in `Timeline::links`, sorted by the link's `to` (then file order).
    incoming: Vec<u32>,
}

/// A report date's extent: from the first instant it may mean to the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Extent {
    possibly: i64,
    surely: i64,
}

impl Knowledge {
    pub fn new(timeline: &Timeline) -> Knowledge {
        let tz = timeline.timezone;
        let published = timeline.sources.iter().map(|s| s.published.as_ref().map(|w| extent(w, tz))).collect();
        let mut incoming: Vec<u32> = (0..timeline.links.len() as u32).collect();
        incoming.sort_by_key(|&i| timeline.links[i as usize].to);
        Knowledge { published, roots: roots(timeline), incoming }
    }

    /// The event's first report: `None` when none of its citations has a date (after the event
    /// started: see the module's documentation).
    pub fn first_report(&self, timeline: &Timeline, ix: EventIx) -> Option<FirstReport> {
        let (possibly, surely) = self.bounds(timeline, ix)?;
        let mut by: Vec<SourceIx> = self
            .reports(timeline, ix)
            .filter(|(_, d)| if surely == i64::MAX { d.possibly == possibly } else { d.surely == surely })
            .map(|(s, _)| s)
            .collect();
        by.sort_unstable();
        by.dedup();
        Some(FirstReport { possibly, surely, by })
    }

    /// The event's first report as (possibly, surely), without naming its sources: what a
    /// filter needs, with no allocation.
    pub fn bounds(&self, timeline: &Timeline, ix: EventIx) -> Option<(i64, i64)> {
        self.reports(timeline, ix).map(|(_, d)| (d.possibly, d.surely)).reduce(|(p, s), (q, t)| (p.min(q), s.min(t)))
    }

    /// The event's dated citations, as (source, extent of the report). A report dated wholly
    /// before the event started cannot be of it (the source is cited for background, or
    /// foretold it) and is left out; one that may have come before is taken to come no sooner
    /// than the start.
    fn reports<'a>(&'a self, timeline: &'a Timeline, ix: EventIx) -> impl Iterator<Item = (SourceIx, Extent)> + 'a {
        let e = &timeline.events[ix];
        let start = e.start;
        e.sources.iter().filter_map(move |c| {
            let d = self.date(timeline, c)?;
            (d.surely >= start).then_some((c.source, Extent { possibly: d.possibly.max(start), surely: d.surely }))
        })
    }

    /// Whether the event was known at `as_of` (Unix seconds).
    pub fn known_at(&self, timeline: &Timeline, ix: EventIx, as_of: i64) -> Known {
        known_between(self.bounds(timeline, ix), as_of)
    }

    /// How long after the event's start its first report came; `None` when it has no first
    /// report or its start is open.
    pub fn lag(&self, timeline: &Timeline, ix: EventIx) -> Option<Lag> {
        let report = self.bounds(timeline, ix)?;
        lag_of(timeline, ix, report)
    }

    /// The event's independent origins: the distinct roots of its citations' sources through
    /// `derived_from`, sorted.
    pub fn origins(&self, timeline: &Timeline, ix: EventIx) -> Vec<SourceIx> {
        let mut out: Vec<SourceIx> =
            timeline.events[ix].sources.iter().flat_map(|c| self.roots_of(c.source).iter().copied()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many independent origins the event has, counting no further than `enough`: what
    /// `origins:N` needs, without allocating for the usual few citations.
    pub fn count_origins(&self, timeline: &Timeline, ix: EventIx, enough: usize) -> usize {
        let citations = &timeline.events[ix].sources;
        if citations.len() > 16 {
            return self.origins(timeline, ix).len().min(enough);
        }
        let mut count = 0;
        for (i, c) in citations.iter().enumerate() {
            for root in self.roots_of(c.source) {
                let seen =
                    citations[..i].iter().any(|earlier| self.roots_of(earlier.source).binary_search(root).is_ok());
                if !seen {
                    count += 1;
                    if count >= enough {
                        return count;
                    }
                }
            }
        }
        count
    }

    /// A source's roots through `derived_from`, sorted: itself when it derives from nothing.
    pub fn roots_of(&self, source: SourceIx) -> &[SourceIx] {
        self.roots.get(source).map_or(&[], |r| r)
    }

    /// The event's links both ways: those written on it (in file order), then those written on
    /// other events that name it (in the order of those events).
    pub fn links<'t>(&'t self, timeline: &'t Timeline, ix: EventIx) -> impl Iterator<Item = Linked<'t>> + 't {
        let links = &timeline.links;
        let out_start = links.partition_point(|l| l.from < ix);
        let out = links[out_start..].iter().take_while(move |l| l.from == ix).map(|l| Linked {
            kind: l.kind,
            direction: Direction::Out,
            other: l.to,
            note: l.note.as_ref(),
        });
        let in_start = self.incoming.partition_point(|&i| links[i as usize].to < ix);
        let incoming =
            self.incoming[in_start..].iter().map(move |&i| &links[i as usize]).take_while(move |l| l.to == ix);
        out.chain(incoming.map(|l| Linked {
            kind: l.kind,
            direction: Direction::In,
            other: l.from,
            note: l.note.as_ref(),
        }))
    }

    /// The date a citation's source had it: the citation's own `reported`, else the source's
    /// `published`.
    fn date(&self, timeline: &Timeline, citation: &Citation) -> Option<Extent> {
        match &citation.reported {
            Some(when) => Some(extent(when, timeline.timezone)),
            None => self.published.get(citation.source).copied().flatten(),
        }
    }
}

/// The event's first report (see `Knowledge::first_report`), for a single look-up.
pub fn first_report(timeline: &Timeline, ix: EventIx) -> Option<FirstReport> {
    Knowledge::new(timeline).first_report(timeline, ix)
}

/// Whether the event was known at `as_of` (see `Knowledge::known_at`), for a single look-up.
pub fn known_at(timeline: &Timeline, ix: EventIx, as_of: i64) -> Known {
    Knowledge::new(timeline).known_at(timeline, ix, as_of)
}

/// The event's independent origins (see `Knowledge::origins`), for a single look-up.
pub fn origins(timeline: &Timeline, ix: EventIx) -> Vec<SourceIx> {
    Knowledge::new(timeline).origins(timeline, ix)
}

/// Whether a first report bounded by (possibly, surely) had come by `as_of`.
pub fn known_between(report: Option<(i64, i64)>, as_of: i64) -> Known {
    match report {
        None => Known::Unknown,
        Some((_, surely)) if surely <= as_of => Known::Known,
        Some((possibly, _)) if possibly <= as_of => Known::Possibly,
        Some(_) => Known::NotYet,
    }
}

fn lag_of(timeline: &Timeline, ix: EventIx, (possibly, surely): (i64, i64)) -> Option<Lag> {
    let tz = timeline.timezone;
    let start = timeline.events[ix].start;
    if start == i64::MIN {
        return None;
    }
    let day = |t: i64| -> Option<i64> {
        let date = DateTime::from_timestamp(t, 0)?.with_timezone(&tz).date_naive();
        Some(i64::from(date.num_days_from_ce()))
    };
    let from = day(start)?;
    let days = |t: i64| (t != i64::MIN && t != i64::MAX).then(|| day(t).map(|d| d - from)).flatten();
    Some(Lag { earliest: days(possibly), latest: days(surely) })
}

impl Lag {
    /// The lag in plain words: "reported the same day", "reported 2 days after", "reported
    /// 3 days before it happened", "reported between 1 and 30 days after".
    pub fn words(&self) -> String {
        match (self.earliest, self.latest) {
            (Some(a), Some(b)) if a == b => match a {
                0 => "reported the same day".into(),
                1 => "reported the next day".into(),
                n if n > 0 => format!("reported {} after", days(n)),
                n => format!("reported {} before it happened", days(-n)),
            },
            (Some(a), Some(b)) if a >= 0 => format!("reported between {a} and {} after", days(b)),
            (Some(a), Some(b)) if b < 0 => format!("reported between {} and {} before it happened", -b, days(-a)),
            (Some(a), Some(b)) => format!("reported between {} before and {} after", days(-a), days(b)),
            (Some(a), None) if a >= 0 => format!("reported no sooner than {} after", days(a)),
            (Some(a), None) => format!("reported no sooner than {} before it happened", days(-a)),
            (None, Some(b)) if b >= 0 => format!("reported within {} after", days(b)),
            (None, Some(b)) => format!("reported at least {} before it happened", days(-b)),
            (None, None) => "reported at an unknown time".into(),
        }
    }
}

fn days(n: i64) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

impl FirstReport {
    /// The report in words, with its lag and its sources by id: "reported 2 days after, by
    /// gpf-colibasanu".
    pub fn words(&self, timeline: &Timeline, ix: EventIx) -> String {
        let lag =
            lag_of(timeline, ix, (self.possibly, self.surely)).map_or_else(|| "reported".to_string(), |l| l.words());
        let by: Vec<&str> = self.by.iter().filter_map(|&s| timeline.sources.get(s)).map(|s| s.id.as_str()).collect();
        if by.is_empty() { lag } else { format!("{lag}, by {}", by.join(", ")) }
    }
}

/// A report date's extent, widened for a qualifier (see the module's documentation).
fn extent(when: &When, tz: FixedOffset) -> Extent {
    match when.span {
        Span::Point(p) => point_extent(&p, tz),
        Span::Interval(from, to) => Extent {
            possibly: bound_extent(from, tz).map_or(i64::MIN, |e| e.possibly),
            surely: bound_extent(to, tz).map_or(i64::MAX, |e| e.surely),
        },
    }
}

fn bound_extent(bound: Bound, tz: FixedOffset) -> Option<Extent> {
    match bound {
        Bound::Known(p) => Some(point_extent(&p, tz)),
        Bound::Open | Bound::Unknown => None,
    }
}

fn point_extent(p: &Point, tz: FixedOffset) -> Extent {
    let (first, last) = (p.first_instant(tz).timestamp(), p.last_instant(tz).timestamp());
    if p.approximate || p.uncertain {
        let length = last - first + 1;
        Extent { possibly: first.saturating_sub(length), surely: last.saturating_add(length) }
    } else {
        Extent { possibly: first, surely: last }
    }
}

/// Per source, its roots through `derived_from`: a source deriving from nothing is its own root.
/// A cycle (which loading refuses) is cut where it closes, so every source has a root.
fn roots(timeline: &Timeline) -> Vec<Box<[SourceIx]>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Visiting,
        Done,
    }
    let sources = &timeline.sources;
    let mut state = vec![State::New; sources.len()];
    let mut roots: Vec<Box<[SourceIx]>> = vec![Box::default(); sources.len()];
    for start in 0..sources.len() {
        if state[start] != State::New {
            continue;
        }
        // Depth first without recursion: a chain of 100,000 sources must not overflow the stack.
        let mut stack = vec![(start, 0usize)];
        state[start] = State::Visiting;
        while let Some(top) = stack.len().checked_sub(1) {
            let (s, next) = stack[top];
            let parents = &sources[s].derived_from;
            if let Some(&parent) = parents.get(next) {
                stack[top].1 += 1;
                if parent < sources.len() && state[parent] == State::New {
                    state[parent] = State::Visiting;
                    stack.push((parent, 0));
                }
                continue;
            }
            let mut found: Vec<SourceIx> = parents
                .iter()
                .filter(|&&p| p < sources.len() && state[p] == State::Done)
                .flat_map(|&p| roots[p].iter().copied())
                .collect();
            if found.is_empty() {
                found.push(s);
            }
            found.sort_unstable();
            found.dedup();
            roots[s] = found.into();
            state[s] = State::Done;
            stack.pop();
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;
    use crate::model::{Link, Status};

    /// A timeline in UTC with sources `a` to `f` (no dates) and events `e0`..`e3` on
    /// 2024-03-22, 23, 24 and 25, each citing the sources named in `cites`.
    fn timeline(cites: [&[&str]; 4]) -> Timeline {
        let sources: String =
            ["a", "b", "c", "d", "e", "f"].iter().map(|s| format!("Source(id: \"{s}\", title: \"{s}\"),")).collect();
        let events: String = cites
            .iter()
            .enumerate()
            .map(|(i, cites)| {
                let cites: String = cites.iter().map(|s| format!("Cite(source: \"{s}\"),")).collect();
                format!("Event(id: \"e{i}\", when: \"2024-03-2{}\", title: \"E{i}\", sources: [{cites}]),", i + 2)
            })
            .collect();
        let text = format!("Timeline(title: \"T\", sources: [{sources}], events: [{events}])");
        let report = load_str(&text, None);
        report.timeline.unwrap_or_else(|| panic!("{:?}", report.diagnostics))
    }

    fn when(text: &str) -> When {
        When::parse(text, FixedOffset::east_opt(0).unwrap()).unwrap()
    }

    fn at(text: &str) -> i64 {
        when(text).start(FixedOffset::east_opt(0).unwrap()).unwrap()
    }

    fn end(text: &str) -> i64 {
        when(text).end(FixedOffset::east_opt(0).unwrap()).unwrap()
    }

    /// Whether `e0`, citing only `a` published `published`, was known at each of `instants`.
    fn known(published: &str, instants: &[i64]) -> Vec<Known> {
        let mut t = timeline([&["a"], &[], &[], &[]]);
        t.sources[0].published = Some(when(published));
        let k = Knowledge::new(&t);
        instants.iter().map(|&i| k.known_at(&t, 0, i)).collect()
    }

    use Known::{Known as K, NotYet as N, Possibly as P};

    #[test]
    fn as_of_a_day_a_month_or_a_year_an_event_is_possibly_known_within_its_first_reports_extent() {
        let day = [at("2024-03-23") - 1, at("2024-03-23"), end("2024-03-23") - 1, end("2024-03-23")];
        assert_eq!(known("2024-03-23", &day), [N, P, P, K]);
        // The event is of 22 March: a coarse report is no sooner than that.
        let month = [at("2024-03") - 1, at("2024-03-10"), at("2024-03-22"), end("2024-03-31"), end("2024-04-01")];
        assert_eq!(known("2024-03", &month), [N, N, P, K, K]);
        let year = [at("2023-12-31"), at("2024-03-21"), at("2024-06"), end("2024-12-31")];
        assert_eq!(known("2024", &year), [N, N, P, K]);
        let minute = [at("2024-03-23T10:04"), end("2024-03-23T10:05") - 59, end("2024-03-23T10:05")];
        assert_eq!(known("2024-03-23T10:05", &minute), [N, P, K]);
    }

    #[test]
    fn an_approximate_or_uncertain_date_is_off_by_up_to_its_own_length_either_way() {
        // The event is of 22 March; its reports come after.
        let around = [end("2024-03-22"), at("2024-03-23"), end("2024-03-25") - 1, end("2024-03-25")];
        assert_eq!(known("2024-03-24~", &around), [N, P, P, K]);
        assert_eq!(known("2024-03-24?", &around), [N, P, P, K]);
        assert_eq!(known("2024-03-24%", &around), [N, P, P, K]);
    }

    #[test]
    fn a_published_interval_runs_from_its_start_to_its_end_and_open_ends_never_settle() {
        let instants = [end("2024-03-22"), at("2024-03-23"), end("2024-03-24"), end("2024-03-25"), end("2099")];
        assert_eq!(known("2024-03-23/2024-03-25", &instants), [N, P, P, K, K]);
        assert_eq!(known("2024-03-23/..", &instants), [N, P, P, P, P], "never surely");
        assert_eq!(known("2024-03-23/", &instants), [N, P, P, P, P]);
        assert_eq!(known("../2024-03-25", &[i64::MIN + 1, at("2024-03-22"), end("2024-03-25")]), [N, P, K]);
        assert_eq!(known("../2024-03-20", &[i64::MAX]), [Known::Unknown], "wholly before: no report of it");
    }

    #[test]
    fn an_event_without_a_dated_citation_has_no_first_report() {
        let t = timeline([&["a"], &[], &[], &[]]);
        let k = Knowledge::new(&t);
        assert_eq!(k.known_at(&t, 0, i64::MAX), Known::Unknown);
        assert_eq!(k.known_at(&t, 1, 0), Known::Unknown, "no citation at all");
        assert_eq!(k.first_report(&t, 0), None);
        assert_eq!(k.lag(&t, 0), None);
    }

    #[test]
    fn the_earliest_source_reports_first_and_a_citations_reported_date_overrides_its_sources() {
        let mut t = timeline([&["a", "b", "c"], &["a"], &[], &[]]);
        t.sources[0].published = Some(when("2024-04")); // a: a month later, coarse
        t.sources[1].published = Some(when("2024-03-25")); // b
        t.sources[2].published = Some(when("2024-03-25")); // c, the same day
        let k = Knowledge::new(&t);
        let first = k.first_report(&t, 0).unwrap();
        assert_eq!(first, FirstReport { possibly: at("2024-03-25"), surely: end("2024-03-25"), by: vec![1, 2] });
        assert_eq!(first.words(&t, 0), "reported 3 days after, by b, c");

        // The live page `a` had it on the day, by the citation's own date.
        t.events[0].sources[0].reported = Some(Box::new(when("2024-03-22")));
        let first = k.first_report(&t, 0).unwrap();
        assert_eq!((first.surely, first.by.clone()), (end("2024-03-22"), vec![0]));
        assert_eq!(first.words(&t, 0), "reported the same day, by a");
        // ...but only for that citation: `e1` cites `a` too and waits for April.
        assert_eq!(k.first_report(&t, 1).unwrap().possibly, at("2024-04"));
        assert_eq!(k.lag(&t, 1), Some(Lag { earliest: Some(9), latest: Some(38) }));
        assert_eq!(k.lag(&t, 1).unwrap().words(), "reported between 9 and 38 days after");
        // A month of which the event is a day: no sooner than the event.
        t.sources[0].published = Some(when("2024-03"));
        assert_eq!(k.first_report(&t, 1).unwrap().possibly, at("2024-04"), "the Knowledge of before");
        let k = Knowledge::new(&t);
        assert_eq!(k.first_report(&t, 1).unwrap().possibly, at("2024-03-23"));
        assert_eq!(k.lag(&t, 1).unwrap().words(), "reported between 0 and 8 days after");
    }

    #[test]
    fn a_lag_is_said_in_plain_words() {
        let words = |earliest, latest| Lag { earliest, latest }.words();
        assert_eq!(words(Some(0), Some(0)), "reported the same day");
        assert_eq!(words(Some(1), Some(1)), "reported the next day");
        assert_eq!(words(Some(2), Some(2)), "reported 2 days after");
        assert_eq!(words(Some(-1), Some(-1)), "reported 1 day before it happened");
        assert_eq!(words(Some(-3), Some(4)), "reported between 3 days before and 4 days after");
        assert_eq!(words(Some(-9), Some(-2)), "reported between 2 and 9 days before it happened");
        assert_eq!(words(Some(2), None), "reported no sooner than 2 days after");
        assert_eq!(words(None, Some(5)), "reported within 5 days after");
    }

    #[test]
    fn a_source_dated_before_the_event_is_no_report_of_it() {
        let mut t = timeline([&[], &[], &[], &["a", "b"]]);
        t.sources[0].published = Some(when("2024-03-07")); // cited for background
        t.sources[1].published = Some(when("2024-03-26"));
        let k = Knowledge::new(&t);
        let first = k.first_report(&t, 3).unwrap();
        assert_eq!((first.possibly, first.by.clone()), (at("2024-03-26"), vec![1]));
        assert_eq!(first.words(&t, 3), "reported the next day, by b");
        t.sources[1].published = None;
        assert_eq!(Knowledge::new(&t).first_report(&t, 3), None);
    }

    #[test]
    fn origins_are_the_distinct_roots_through_chains_and_diamonds_of_derived_from() {
        // f ← e ← d (a chain); c ← a, c ← b, a ← f, b ← f (a diamond over the chain's root).
        let mut t = timeline([&["d"], &["c"], &["a", "b", "e"], &["c", "f"]]);
        t.sources[3].derived_from = vec![4];
        t.sources[4].derived_from = vec![5];
        t.sources[2].derived_from = vec![0, 1];
        t.sources[0].derived_from = vec![5];
        t.sources[1].derived_from = vec![5];
        let k = Knowledge::new(&t);
        assert_eq!(k.roots_of(3), [5]);
        assert_eq!(k.roots_of(2), [5], "a diamond has one root");
        assert_eq!(k.origins(&t, 0), [5]);
        assert_eq!(k.origins(&t, 2), [5], "three outlets repeating one wire are one origin");
        assert_eq!(k.origins(&t, 3), [5]);
        // Cut `b` loose: the diamond now has two roots.
        t.sources[1].derived_from = vec![];
        let k = Knowledge::new(&t);
        assert_eq!(k.roots_of(2), [1, 5]);
        assert_eq!(k.origins(&t, 1), [1, 5]);
        assert_eq!(k.origins(&t, 2), [1, 5]);
        for ix in 0..4 {
            for enough in 1..4 {
                assert_eq!(k.count_origins(&t, ix, enough), k.origins(&t, ix).len().min(enough), "e{ix} {enough}");
            }
        }
        assert_eq!(origins(&t, 1), [1, 5]);
    }

    #[test]
    fn a_cycle_in_derived_from_still_leaves_every_source_a_root() {
        let mut t = timeline([&["a"], &["b"], &[], &[]]);
        t.sources[0].derived_from = vec![1];
        t.sources[1].derived_from = vec![0];
        t.sources[2].derived_from = vec![2];
        let k = Knowledge::new(&t);
        assert!(!k.roots_of(0).is_empty() && !k.roots_of(1).is_empty());
        assert_eq!(k.roots_of(2), [2]);
    }

    #[test]
    fn links_show_on_both_their_events_in_words_that_read_from_each() {
        let mut t = timeline([&[], &[], &[], &[]]);
        let link = |from, kind, to, note: Option<&str>| Link { from, kind, to, note: note.map(Text::from) };
        t.links = vec![
            link(0, LinkKind::Contradicts, 2, Some("the toll")),
            link(0, LinkKind::Follows, 1, None),
            link(1, LinkKind::SameAs, 3, None),
            link(3, LinkKind::Supersedes, 0, None),
        ];
        let k = Knowledge::new(&t);
        let shown = |ix| -> Vec<(String, EventIx, Option<&str>)> {
            k.links(&t, ix).map(|l| (l.phrase().to_string(), l.other, l.note.map(|n| n.as_str()))).collect()
        };
        let row = |p: &str, o, n: Option<&'static str>| (p.to_string(), o, n);
        assert_eq!(
            shown(0),
            [row("contradicts", 2, Some("the toll")), row("led to", 1, None), row("superseded by", 3, None)]
        );
        assert_eq!(shown(1), [row("same event as", 3, None), row("follows", 0, None)]);
        assert_eq!(shown(2), [row("contradicted by", 0, Some("the toll"))]);
        assert_eq!(shown(3), [row("supersedes", 0, None), row("same event as", 1, None)]);
        assert_eq!(phrase(LinkKind::Corroborates, Direction::In), "corroborated by");
        assert_eq!(k.links(&t, 2).next().unwrap().direction, Direction::In);
    }

    #[test]
    fn grades_show_as_the_admiralty_system_writes_them_and_better_is_earlier() {
        let g = |r: Option<Reliability>, c: Option<u8>| Grade { reliability: r, credibility: c };
        assert_eq!(g(Some(Reliability::B), Some(2)).to_string(), "B2");
        assert_eq!(g(Some(Reliability::B), None).to_string(), "B?");
        assert_eq!(g(None, Some(2)).to_string(), "?2");
        assert_eq!(g(None, None).to_string(), "");
        assert_eq!(Grade::parse("b2"), Ok(g(Some(Reliability::B), Some(2))));
        assert_eq!(Grade::parse("B"), Ok(g(Some(Reliability::B), None)));
        assert_eq!(Grade::parse("3"), Ok(g(None, Some(3))));
        for bad in ["", "G2", "B7", "B0", "B22", "2B"] {
            assert!(Grade::parse(bad).is_err(), "{bad}");
        }
        let b2 = g(Some(Reliability::B), Some(2));
        assert!(at_least(&b2, &g(Some(Reliability::B), Some(2))));
        assert!(b2.at_least(&g(Some(Reliability::C), Some(3))));
        assert!(b2.at_least(&g(Some(Reliability::B), None)));
        assert!(!b2.at_least(&g(Some(Reliability::A), None)));
        assert!(!b2.at_least(&g(None, Some(1))));
        assert!(!g(None, Some(1)).at_least(&g(Some(Reliability::F), None)), "an unknown half meets nothing");
        assert!(b2.at_least(&Grade::default()), "nothing wanted");

        let mut t = timeline([&["a"], &[], &[], &[]]);
        t.sources[0].reliability = Some(Reliability::C);
        t.events[0].sources[0].credibility = Some(4);
        assert_eq!(Grade::of(&t, &t.events[0].sources[0]).to_string(), "C4");
        assert_eq!(t.events[0].status, Status::Reported);
    }
}
