//! Which events to show: the filter shared by the command line and the browser.
//!
//! A `Filter` is a list of terms of one language (`language`): those typed in the query bar or
//! given as `--query`, and those chosen in a picker or named by a flag (`--actor`, `--tag`,
//! `--source`, `--from`, `--to`). Only its prepared form (`Filter::prepare`) matches, so that the
//! text terms are always searched for first. Matching reads only precomputed data
//! (`SearchIndex`), so re-filtering on every keystroke costs one pass over the events and never
//! re-reads the timeline. `words` says what a filter keeps, for every place that shows it.

pub mod index;
mod language;
mod prepared;
mod words;

pub use index::SearchIndex;
pub use language::{AsOf, Origin, Problem, Query, SYNTAX, Term, TermKind};
pub use prepared::Prepared;
pub use words::Clause;

/// Asked now and then during a long search: true once its result is no longer wanted (the
/// query changed meanwhile). It must stay true once it is.
pub type Stop<'a> = dyn Fn() -> bool + Sync + 'a;

use crate::model::when::When;
use crate::model::{ActorIx, SourceIx, Timeline};
use crate::suggest::ranked;
use std::collections::BTreeMap;

/// What a picker, or a flag that names items, chooses from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    Actors,
    Tags,
    Sources,
    /// The actors who claim an event (`by:`), chosen in the actor picker's "claims" mode.
    Claimants,
}

impl Facet {
    /// The facet a chosen term belongs to: none for typed terms and chosen dates.
    pub fn of(term: &Term) -> Option<Facet> {
        if term.origin != Origin::Chosen {
            return None;
        }
        match term.kind {
            TermKind::Actor(_) => Some(Facet::Actors),
            TermKind::Tag(_) => Some(Facet::Tags),
            TermKind::Source(_) => Some(Facet::Sources),
            TermKind::Claimant(_) => Some(Facet::Claimants),
            _ => None,
        }
    }
}

/// Chosen items of one facet, as a picker shows them: events must have any (or all) of
/// `include` and none of `exclude`.
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

impl<T> Selection<T> {
    /// Events with any of `items`.
    pub fn any_of(items: Vec<T>) -> Selection<T> {
        Selection { include: items, ..Selection::default() }
    }

    /// The selection with each item replaced by what `f` makes of it, or left out for `None`.
    pub fn filter_map<U>(&self, f: impl Fn(&T) -> Option<U>) -> Selection<U> {
        let map = |items: &[T]| items.iter().filter_map(&f).collect();
        Selection { include: map(&self.include), exclude: map(&self.exclude), all: self.all }
    }
}

/// Everything that decides whether an event is shown: terms that must all pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Terms chosen in a picker or named by a flag (`Origin::Chosen`).
    pub chosen: Vec<Term>,
    /// The typed query: the browser's bar or `--query`.
    pub query: Query,
    /// The browser's marks, letter to event id, for `mark:` terms: kept here so that a filter
    /// sent to another thread matches as the one on screen.
    pub marks: BTreeMap<char, String>,
}

/// A filter term that matches nothing, with what the user may have meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub help: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty() && self.query.is_empty()
    }

    /// Whether a term needs the marks: only then does a change of marks change what is shown.
    pub fn uses_marks(&self) -> bool {
        self.terms().any(|t| matches!(t.kind, TermKind::Mark(_)))
    }

    /// Every term, the chosen before the typed.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.chosen.iter().chain(&self.query.terms)
    }

    /// The chosen actors, for the actor picker.
    pub fn actors(&self) -> Selection<ActorIx> {
        self.selection(Facet::Actors, |kind| match kind {
            TermKind::Actor(actors) => actors,
            _ => &[],
        })
    }

    /// The chosen claimants, for the actor picker in its "claims" mode.
    pub fn claimants(&self) -> Selection<ActorIx> {
        self.selection(Facet::Claimants, |kind| match kind {
            TermKind::Claimant(actors) => actors,
            _ => &[],
        })
    }

    /// The chosen tags (lowercase), for the tag picker.
    pub fn tags(&self) -> Selection<String> {
        self.selection(Facet::Tags, |kind| match kind {
            TermKind::Tag(tags) => tags,
            _ => &[],
        })
    }

    /// The chosen sources.
    pub fn sources(&self) -> Selection<SourceIx> {
        self.selection(Facet::Sources, |kind| match kind {
            TermKind::Source(sources) => sources,
            _ => &[],
        })
    }

    pub fn choose_actors(&mut self, selection: Selection<ActorIx>) {
        self.choose(Facet::Actors, selection, TermKind::Actor);
    }

    pub fn choose_claimants(&mut self, selection: Selection<ActorIx>) {
        self.choose(Facet::Claimants, selection, TermKind::Claimant);
    }

    pub fn choose_tags(&mut self, selection: Selection<String>) {
        self.choose(Facet::Tags, selection, TermKind::Tag);
    }

    pub fn choose_sources(&mut self, selection: Selection<SourceIx>) {
        self.choose(Facet::Sources, selection, TermKind::Source);
    }

    /// The stretch of time the filter's dates keep (`from:`, `to:`, `--from`, `--to`), each end
    /// `None` when no date bounds it: a picture of the events is drawn over this stretch.
    pub fn window(&self) -> (Option<i64>, Option<i64>) {
        let (mut first, mut last) = (None, None);
        for term in self.terms().filter(|t| !t.negated) {
            match term.kind {
                TermKind::From(t) => first = Some(first.map_or(t, |f: i64| f.max(t))),
                TermKind::To(t) => last = Some(last.map_or(t, |l: i64| l.min(t))),
                _ => {}
            }
        }
        (first, last)
    }

    /// Keeps only the events that end on or after (`End::First`) or start on or before
    /// (`End::Last`) `instant`.
    pub fn bound(&mut self, end: End, instant: i64) {
        let kind = match end {
            End::First => TermKind::From(instant),
            End::Last => TermKind::To(instant),
        };
        self.chosen.push(Term { kind, negated: false, origin: Origin::Chosen });
    }

    /// Keeps only what was known, or may have been known, by the end of `date` (an EDTF date):
    /// the same as `known:DATE` in the query. Events with no dated report are kept, unless
    /// `strict` (then it is also `-known:undated`). Replaces an as-of date chosen before.
    pub fn as_of(&mut self, timeline: &Timeline, date: &str, strict: bool) -> Result<(), QueryError> {
        let as_of = AsOf::parse(date, timeline)
            .map_err(|reason| QueryError { message: format!("invalid as-of date `{date}`: {reason}"), help: None })?;
        self.clear_as_of();
        self.chosen.push(Term { kind: TermKind::Known(as_of), negated: false, origin: Origin::Chosen });
        if strict {
            self.chosen.push(Term { kind: TermKind::Undated, negated: true, origin: Origin::Chosen });
        }
        Ok(())
    }

    /// Forgets the chosen as-of date (and its strictness); typed `known:` terms stay.
    pub fn clear_as_of(&mut self) {
        self.chosen.retain(|t| !matches!(t.kind, TermKind::Known(_) | TermKind::Undated));
    }

    /// The chosen as-of date, and whether it leaves out events with no dated report.
    pub fn chosen_as_of(&self) -> Option<(&AsOf, bool)> {
        let as_of = self.chosen.iter().find_map(|t| match &t.kind {
            TermKind::Known(as_of) if !t.negated => Some(as_of),
            _ => None,
        })?;
        let strict = self.chosen.iter().any(|t| t.negated && t.kind == TermKind::Undated);
        Some((as_of, strict))
    }

    /// Reads a facet's chosen terms back: one term holds "any of" its items, several terms
    /// "all of" theirs, a negated term "none of".
    fn selection<'f, T: Clone + 'f>(&'f self, facet: Facet, items: impl Fn(&'f TermKind) -> &'f [T]) -> Selection<T> {
        let mut selection = Selection::default();
        let mut included = 0;
        for term in self.chosen.iter().filter(|t| Facet::of(t) == Some(facet)) {
            if term.negated {
                selection.exclude.extend_from_slice(items(&term.kind));
            } else {
                included += 1;
                selection.include.extend_from_slice(items(&term.kind));
            }
        }
        selection.all = included > 1;
        selection
    }

    /// Replaces a facet's chosen terms, in the form `selection` reads back.
    fn choose<T>(&mut self, facet: Facet, selection: Selection<T>, kind: fn(Vec<T>) -> TermKind) {
        self.chosen.retain(|t| Facet::of(t) != Some(facet));
        let term = |items: Vec<T>, negated: bool| Term { kind: kind(items), negated, origin: Origin::Chosen };
        let Selection { include, exclude, all } = selection;
        if all {
            self.chosen.extend(include.into_iter().map(|item| term(vec![item], false)));
        } else if !include.is_empty() {
            self.chosen.push(term(include, false));
        }
        if !exclude.is_empty() {
            self.chosen.push(term(exclude, true));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn timeline() -> (Timeline, SearchIndex) {
        let text = include_str!("../../tests/fixtures/valid/every-form.ron");
        let timeline = load_str(text, None).timeline.expect("valid fixture");
        let index = SearchIndex::new(&timeline);
        (timeline, index)
    }

    fn shown(filter: &Filter, timeline: &Timeline, index: &SearchIndex) -> Vec<String> {
        filter.prepare(timeline, index).apply().into_iter().map(|ix| timeline.events[ix].id.to_string()).collect()
    }

    fn typed(text: &str, timeline: &Timeline, index: &SearchIndex) -> Filter {
        let query = Query::parse(text, timeline, index);
        assert_eq!(query.problems, vec![], "{text}");
        Filter { query, ..Filter::default() }
    }

    fn actors(include: &[ActorIx], exclude: &[ActorIx], all: bool) -> Selection<ActorIx> {
        Selection { include: include.to_vec(), exclude: exclude.to_vec(), all }
    }

    #[test]
    fn picked_flagged_and_typed_terms_keep_the_same_events() {
        let (t, index) = timeline();
        let (fsb, putin) = (0, 2);
        let chosen = |selection: Selection<ActorIx>| {
            let mut filter = Filter::default();
            filter.choose_actors(selection);
            shown(&filter, &t, &index)
        };
        let query = |text: &str| shown(&typed(text, &t, &index), &t, &index);
        assert_eq!(chosen(actors(&[fsb], &[], false)), query("@fsb"));
        assert_eq!(chosen(actors(&[fsb, putin], &[], true)), query("@fsb @putin"));
        assert_eq!(chosen(actors(&[], &[fsb, putin], false)), query("-@fsb -@putin"));
        assert_eq!(chosen(actors(&[fsb, putin], &[], false)), ["month", "day", "second"], "any of");

        let mut claims = Filter::default();
        claims.choose_claimants(Selection::any_of(vec![putin, fsb]));
        assert_eq!(shown(&claims, &t, &index), query("by:putin,fsb"));
        assert_eq!(claims.describe(&t), ["claimed by Vladimir Putin, Federal Security Service (any of)"]);
        assert_eq!(claims.clauses(&t, |a| t.actors[a].id.clone())[0].term("putin"), "by:putin");
        let mut tags = Filter::default();
        tags.choose_tags(Selection::any_of(vec!["election".into()]));
        assert_eq!(shown(&tags, &t, &index), query("#ELECTION"));
        let mut sources = Filter::default();
        sources.choose_sources(Selection::any_of(vec![find_source(&t, "report").unwrap()]));
        assert_eq!(shown(&sources, &t, &index), query("source:report"));
        let mut dates = Filter::default();
        dates.bound(End::First, date_bound(&t, "2024-03-23", End::First).unwrap());
        dates.bound(End::Last, date_bound(&t, "2024-03-25", End::Last).unwrap());
        assert_eq!(shown(&dates, &t, &index), query("from:2024-03-23 to:2024-03-25"));
    }

    #[test]
    fn a_selection_reads_back_as_it_was_chosen_and_leaves_the_other_facets_alone() {
        let (t, index) = timeline();
        let mut filter = typed("@putin", &t, &index);
        filter.choose_tags(Selection { exclude: vec!["attack".into()], ..Selection::default() });
        for selection in [actors(&[2, 0], &[1], false), actors(&[0, 2], &[], true), actors(&[], &[1], false)] {
            filter.choose_actors(selection.clone());
            assert_eq!(filter.actors(), selection);
        }
        assert_eq!(filter.tags().exclude, ["attack"]);
        assert_eq!(filter.query.terms.len(), 1, "typed terms are not the picker's");
        filter.choose_actors(Selection::default());
        filter.choose_tags(Selection::default());
        assert!(!filter.is_empty() && filter.chosen.is_empty());
    }

    #[test]
    fn a_word_search_given_up_keeps_nothing_and_is_done_whole_next_time() {
        let (t, index) = timeline();
        let filter = typed("month", &t, &index);
        let expected = shown(&typed("month", &t, &index), &t, &index);
        assert!(!expected.is_empty() && expected.len() < t.events.len());
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let stop_at_once = || {
            asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            true
        };
        filter.prepare_unless(&t, &index, &stop_at_once);
        assert!(asked.into_inner() > 0, "the search asked whether to go on");
        assert_eq!(shown(&filter, &t, &index), expected, "the given-up search left no half result behind");
    }

    #[test]
    fn a_word_kept_from_the_query_typed_a_key_before_is_not_searched_again() {
        let (t, index) = timeline();
        let before = typed("month", &t, &index);
        shown(&before, &t, &index);
        let mut query = Query::parse("month second", &t, &index);
        query.keep_found(&before.query);
        let found = |q: &Query| -> Vec<bool> {
            q.terms
                .iter()
                .filter_map(|term| match &term.kind {
                    TermKind::Text(text) => Some(!text.found().is_empty()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(found(&query), [true, false], "`month` was found for the query before; `second` is new");
        let kept = Filter { query, ..Filter::default() };
        assert_eq!(shown(&kept, &t, &index), shown(&typed("month second", &t, &index), &t, &index));
        let mut other = Query::parse("second", &t, &index);
        other.keep_found(&before.query);
        assert_eq!(found(&other), [false], "nothing in common, nothing kept");
    }

    #[test]
    fn a_pickers_counts_leave_out_its_own_choice_but_not_typed_terms() {
        let (t, index) = timeline();
        let mut filter = typed("@putin", &t, &index);
        filter.choose_actors(actors(&[0], &[], false));
        let prepared = filter.prepare(&t, &index);
        let without: Vec<String> = (0..t.events.len())
            .filter(|&ix| prepared.matches_without(Facet::Actors, ix))
            .map(|ix| t.events[ix].id.to_string())
            .collect();
        assert_eq!(without, shown(&typed("@putin", &t, &index), &t, &index));
        assert!((0..t.events.len()).all(|ix| prepared.matches_without(Facet::Tags, ix) == prepared.matches(ix)));
    }

    #[test]
    fn the_chips_and_the_provenance_line_say_the_same_things() {
        let (t, index) = timeline();
        let mut filter = typed(" word  #attack ", &t, &index);
        filter.choose_actors(actors(&[0, 2], &[1], false));
        filter.choose_tags(Selection { include: vec!["attack".into(), "election".into()], all: true, exclude: vec![] });
        filter.choose_sources(Selection::any_of(vec![0]));
        filter.bound(End::First, 0);
        assert_eq!(
            filter.describe(&t),
            [
                "actors Federal Security Service, Vladimir Putin (any of)",
                "not actors Islamic State Khorasan Province",
                "tags attack, election (all of)",
                "citing report",
                "from 1970-01-01",
                "query “word  #attack”",
            ]
        );
        let terms: Vec<Vec<String>> = filter
            .clauses(&t, |a| t.actors[a].id.clone())
            .iter()
            .map(|c| c.names.iter().map(|n| c.term(n)).collect())
            .collect();
        assert_eq!(
            terms,
            [vec!["@fsb", "@putin"], vec!["-@isis-k"], vec!["#attack", "#election"], vec!["source:report"]]
        );
    }

    /// A small timeline in UTC with what issue 19 added set in code: `wire` (graded A,
    /// published 7 March), `outlet` (graded C, repeating the wire, published "2024-03") and
    /// `blog` (no date); `one` contradicts `two`.
    fn knowing() -> (Timeline, SearchIndex) {
        use crate::model::{Link, LinkKind, Reliability};
        let text = r#"Timeline(title: "T",
            sources: [Source(id: "wire", title: "W"), Source(id: "outlet", title: "O"), Source(id: "blog", title: "B")],
            events: [
                Event(id: "one", when: "2024-03-05", title: "One", status: Confirmed, sources: [Cite(source: "wire"), Cite(source: "outlet")]),
                Event(id: "two", when: "2024-03-06", title: "Two", status: Confirmed, sources: [Cite(source: "outlet"), Cite(source: "blog")]),
                Event(id: "three", when: "2024-03-08", title: "Three", sources: [Cite(source: "blog")]),
                Event(id: "four", when: "2024-03-09", title: "Four", sources: [Cite(source: "wire")]),
            ])"#;
        let mut t = load_str(text, None).timeline.expect("valid");
        let tz = t.timezone;
        t.sources[0].published = Some(When::parse("2024-03-07", tz).unwrap());
        t.sources[1].published = Some(When::parse("2024-03", tz).unwrap());
        t.sources[1].derived_from = vec![0];
        t.sources[0].reliability = Some(Reliability::A);
        t.sources[1].reliability = Some(Reliability::C);
        t.events[0].sources[0].credibility = Some(2);
        t.events[1].sources[0].credibility = Some(3);
        t.events[3].sources[0].reported = Some(Box::new(When::parse("2024-03-10", tz).unwrap()));
        t.links = vec![Link { from: 0, kind: LinkKind::Contradicts, to: 1, note: None }];
        let index = SearchIndex::new(&t);
        (t, index)
    }

    fn kept(text: &str) -> String {
        let (t, index) = knowing();
        let filter = typed(text, &t, &index);
        shown(&filter, &t, &index).join(" ")
    }

    fn problems(text: &str) -> Vec<String> {
        let (t, index) = knowing();
        Query::parse(text, &t, &index).problems.into_iter().map(|p| p.reason).collect()
    }

    #[test]
    fn known_keeps_what_was_or_may_have_been_known_by_the_end_of_its_date_and_the_undated() {
        assert_eq!(kept("known:2024-03-06"), "one two three", "`outlet` (March) may have had both; `blog` is undated");
        assert_eq!(kept("known:2024-02"), "three", "only the undated");
        assert_eq!(
            kept("known:2024-03-09"),
            "one two three",
            "`four` was reported on the 10th, its source's own date aside"
        );
        assert_eq!(kept("known:2024-03"), "one two three four", "the end of March");
        assert_eq!(kept("known:undated"), "three");
        assert_eq!(kept("known:2024-03-09 -known:undated"), "one two");
        assert_eq!(kept("-known:2024-03-09"), "four", "what was not yet known");
        assert!(problems("known:2024-13")[0].contains("month 13"));
        assert_eq!(
            problems("known:")[0],
            "name a date after `known:`, as `known:2024-03-07`, or write `known:undated`"
        );
        assert!(problems("known:2024-03-01/..")[0].contains("has no end"));
        assert_eq!(problems("knwn:2024"), ["unknown term `knwn:`; did you mean `known:`?"]);
    }

    #[test]
    fn an_as_of_date_chosen_by_a_flag_is_the_known_term() {
        let (t, index) = knowing();
        let mut filter = Filter::default();
        filter.as_of(&t, "2024-03-09", false).unwrap();
        assert_eq!(shown(&filter, &t, &index), ["one", "two", "three"]);
        assert_eq!(filter.describe(&t), ["known by 2024-03-09 (events with no dated report kept)"]);
        filter.as_of(&t, "2024-03-09", true).unwrap();
        assert_eq!(shown(&filter, &t, &index), ["one", "two"]);
        assert_eq!(filter.chosen_as_of().map(|(a, strict)| (a.date.as_str(), strict)), Some(("2024-03-09", true)));
        filter.as_of(&t, "2024-04", false).unwrap();
        assert_eq!(shown(&filter, &t, &index), ["one", "two", "three", "four"], "the last date replaces the first");
        filter.clear_as_of();
        assert!(filter.is_empty());
        assert!(filter.as_of(&t, "7 March", false).unwrap_err().message.starts_with("invalid as-of date `7 March`"));
    }

    #[test]
    fn origins_counts_the_roots_of_the_sources_cited() {
        assert_eq!(kept("origins:1"), "one two three four");
        assert_eq!(kept("origins:2"), "two", "`one` cites the wire and an outlet repeating it");
        assert_eq!(kept("status:confirmed -origins:2"), "one", "confirmed on one origin");
        assert_eq!(kept("origins:3"), "");
        assert_eq!(
            problems("origins:0 origins:x origins:"),
            [
                "`0` is not a number of origins: write a whole number of at least 1, as `origins:2`",
                "`x` is not a number of origins: write a whole number of at least 1, as `origins:2`",
                "name a number after `origins:`, as `origins:2`",
            ]
        );
    }

    #[test]
    fn link_keeps_both_ends_of_a_link_of_its_kind() {
        assert_eq!(kept("link:contradicts"), "one two");
        assert_eq!(kept("link:Contradicts,supersedes"), "one two");
        assert_eq!(kept("link:any"), "one two");
        assert_eq!(kept("link:supersedes"), "");
        assert_eq!(kept("-link:any"), "three four");
        assert_eq!(kept("link:same-as"), "");
        assert_eq!(
            problems("link:contradict link: link:zzzzzz"),
            [
                "no kind of link is called `contradict`; did you mean `link:contradicts`?",
                "name a kind of link after `link:`: contradicts, corroborates, supersedes, follows, sameas or any",
                "no kind of link is called `zzzzzz`: the kinds are contradicts, corroborates, supersedes, follows, sameas or any",
            ]
        );
    }

    #[test]
    fn grade_keeps_events_with_a_citation_graded_that_or_better() {
        assert_eq!(kept("grade:A2"), "one");
        assert_eq!(kept("grade:C3"), "one two");
        assert_eq!(kept("grade:b"), "one four", "reliability alone: the wire is A, the outlet C");
        assert_eq!(kept("grade:2"), "one", "credibility alone");
        assert_eq!(kept("grade:A1,D4"), "one two", "any of");
        assert_eq!(kept("-grade:F"), "three", "no graded source");
        assert_eq!(
            problems("grade:B9"),
            ["`B9` is not a grade: a grade is a reliability `A`–`F` and a credibility `1`–`6`: `B2`, `B` or `2`"]
        );
    }
}
