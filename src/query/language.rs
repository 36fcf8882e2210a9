//! The query language of `timeline list --query` and the browser's `/` bar, and the terms every
//! filter is made of.
//!
//! Terms are separated by spaces and must all match: plain words (searched in title, summary,
//! place, tags and actor names), `"a quoted phrase"`, `@actor` (id, name or alias prefix), `#tag`,
//! `from:DATE`, `to:DATE`, `status:claimed`, `source:ID`, `by:ACTOR` (claimed by the actor, named
//! as `@` names one), `mark:a` (an event marked with that letter in the browser),
//! `known:DATE` (first reported, surely or possibly, by the end of DATE; events with no dated
//! report are kept too, and `known:undated` names them), `origins:N` (at least N independent
//! origins), `link:KIND` (a link of that kind, either way; `link:any`) and `grade:B2` (a citation
//! graded that or better; `grade:B`, `grade:2` for one half); a comma inside
//! any of these but dates and numbers means "any of" (`status:claimed,disputed`, `@fsb,putin`); a leading `-`
//! excludes. A term that
//! cannot be understood becomes a `Problem` with its place and is left out: typing never fails.

use super::SearchIndex;
use crate::knowledge::Grade;
use crate::model::when::When;
use crate::model::{ActorIx, LinkKind, SourceIx, Status, Timeline};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The language in a line, for `--help`.
pub const SYNTAX: &str = "words, \"a phrase\", @actor, #tag, from:DATE, to:DATE, status:claimed, source:ID, by:ACTOR, mark:a, known:2024-03-07, known:undated, origins:2, link:contradicts, grade:B2; a,b is any of; -term excludes";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermKind {
    Text(Box<TextTerm>),
    /// Any of these actors.
    Actor(Vec<ActorIx>),
    /// Any of these lowercase tags.
    Tag(Vec<String>),
    From(i64),
    To(i64),
    /// Any of these statuses.
    Status(Vec<Status>),
    /// Any of these sources.
    Source(Vec<SourceIx>),
    /// Claimed by any of these actors.
    Claimant(Vec<ActorIx>),
    /// Marked with any of these letters (the browser keeps the marks: `Filter::marks`).
    Mark(Vec<char>),
    /// First reported, surely or possibly, by this instant, or with no dated report at all
    /// (`known:DATE`, `--as-of DATE`): what was or may have been known then.
    Known(AsOf),
    /// None of the event's citations has a date, so when it became known cannot be said
    /// (`known:undated`; `--as-of-strict` leaves these out).
    Undated,
    /// At least this many independent origins (`origins:N`).
    Origins(usize),
    /// A link of any of these kinds, either way (`link:contradicts`).
    Link(Vec<LinkKind>),
    /// A citation graded any of these or better (`grade:B2`).
    Grade(Vec<Grade>),
}

/// An as-of date: the instant a `known:` term compares first reports with (the last second of
/// the date's extent), and the date as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsOf {
    pub instant: i64,
    pub date: String,
}

impl AsOf {
    /// Reads an EDTF date as an as-of date: `2024-03` means by the end of March.
    pub fn parse(value: &str, timeline: &Timeline) -> Result<AsOf, String> {
        if value.is_empty() {
            return Err("name a date after `known:`, as `known:2024-03-07`, or write `known:undated`".into());
        }
        let when = When::parse(value, timeline.timezone).map_err(|e| e.message)?;
        let instant = when
            .end(timeline.timezone)
            .ok_or_else(|| format!("`{value}` has no end: an as-of date needs one, as `2024-03-07`"))?;
        Ok(AsOf { instant, date: value.to_string() })
    }
}

/// Lowercase text, searched for in an event's own text and in the names of its actors.
#[derive(Clone, Debug)]
pub struct TextTerm {
    pub text: String,
    /// A SIMD substring search, built once per query instead of once per event.
    finder: memchr::memmem::Finder<'static>,
    /// Per actor, whether one of its names contains the text: checked once here, so that the
    /// per-event text need not repeat every actor's names.
    actors: Vec<bool>,
    /// Whether any actor's names contain it (most words name none).
    names_an_actor: bool,
    /// The events whose own text or actors' names contain it, as bits: found for all events at
    /// once by `Filter::prepare`, which scans the file's text rather than each event's, and kept
    /// for the next time the same filter is prepared (a picker's counts, an export). Shared by
    /// the term's clones, so that what a background filter found reaches the browser's query,
    /// and by the same word in the query as it is typed on (`Query::keep_found`).
    found: Arc<OnceLock<Vec<u64>>>,
}

impl TextTerm {
    fn new(text: String, index: &SearchIndex) -> TextTerm {
        let finder = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        let actors: Vec<bool> =
            index.actor_handles.iter().map(|handles| handles.iter().any(|h| h.contains(&text))).collect();
        let names_an_actor = actors.contains(&true);
        TextTerm { text, finder, actors, names_an_actor, found: Arc::default() }
    }

    /// Finds the events that `texts` match, for all events at once (in one scan of the file's
    /// text), unless found before.
    /// Nothing is kept if `stop` ended the search early.
    pub(super) fn find_all(texts: &[&TextTerm], timeline: &Timeline, index: &SearchIndex, stop: &super::Stop<'_>) {
        let missing: Vec<&TextTerm> = texts.iter().copied().filter(|t| t.found.get().is_none()).collect();
        if missing.is_empty() {
            return;
        }
        let words: Vec<_> = missing.iter().map(|t| (t.text.as_str(), &t.finder)).collect();
        let actors: Vec<&[bool]> = missing.iter().map(|t| if t.names_an_actor { &t.actors[..] } else { &[] }).collect();
        let Some(found) = index.find(timeline, &words, &actors, stop) else { return };
        for (text, found) in missing.iter().zip(found) {
            let _ = text.found.set(found);
        }
    }

    /// The events found by `find_all`, as bits.
    pub(super) fn found(&self) -> &[u64] {
        self.found.get().map_or(&[], Vec::as_slice)
    }
}

impl PartialEq for TextTerm {
    fn eq(&self, other: &TextTerm) -> bool {
        self.text == other.text
    }
}

impl Eq for TextTerm {}

/// One condition an event must meet (or, `negated`, must not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub negated: bool,
    pub origin: Origin,
}

/// How a term was made: it decides how the term is described and which picker owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Typed in the query bar or `--query`: this byte range of its text.
    Typed(Range<usize>),
    /// Chosen from a list: in a picker, or named by a flag of the command line.
    Chosen,
}

/// A part of the query that was not understood, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub terms: Vec<Term>,
    pub problems: Vec<Problem>,
}

impl Query {
    pub const MAX_TERMS: usize = 256;

    /// Takes over what `previous` (a query over the same timeline, as typed a key before) found
    /// for the words the two have in common: typing a second word then searches for that word
    /// alone.
    pub fn keep_found(&mut self, previous: &Query) {
        for term in self.terms.iter_mut() {
            let TermKind::Text(text) = &mut term.kind else { continue };
            let before = previous.terms.iter().find_map(|t| match &t.kind {
                TermKind::Text(old) if old.text == text.text => Some(old),
                _ => None,
            });
            if let Some(old) = before {
                text.found = Arc::clone(&old.found);
            }
        }
    }

    pub fn parse(text: &str, timeline: &Timeline, index: &SearchIndex) -> Query {
        let mut query = Query { text: text.to_string(), ..Query::default() };
        for (n, (span, raw)) in tokens(text).into_iter().enumerate() {
            // Each term costs a pass over the actors (names, suggestions) and a check per event:
            // a pasted wall of text must not make every key take minutes.
            if n == Self::MAX_TERMS {
                let reason = format!("a query holds at most {} terms; this one is cut here", Self::MAX_TERMS);
                query.problems.push(Problem { span: span.start..text.len(), reason });
                break;
            }
            let (negated, body, body_start) = match raw.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest, span.start + 1),
                _ => (false, raw, span.start),
            };
            // A suggestion searches every actor's names; the first few problems get one.
            let suggest = query.problems.len() < SUGGESTED;
            match term(body, timeline, index, suggest) {
                Ok(Some(kind)) => query.terms.push(Term { kind, negated, origin: Origin::Typed(span.clone()) }),
                Ok(None) => {}
                Err(reason) => query.problems.push(Problem { span: body_start..span.end, reason }),
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The text of a typed term, as typed.
    pub fn typed(&self, term: &Term) -> &str {
        match &term.origin {
            Origin::Typed(span) => self.text.get(span.clone()).unwrap_or_default(),
            Origin::Chosen => "",
        }
    }

    /// The positive text terms, for highlighting matches.
    pub fn highlights(&self) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| !t.negated)
            .filter_map(|t| match &t.kind {
                TermKind::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Splits on spaces, keeping `"quoted phrases"` (and `-"excluded phrases"`) whole.
fn tokens(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut in_quote = false;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c == '"' {
                in_quote = !in_quote;
            } else if c.is_whitespace() && !in_quote {
                end = i;
                break;
            }
            chars.next();
        }
        out.push((start..end, &text[start..end]));
    }
    out
}

/// How many of a query's problems get a "did you mean".
const SUGGESTED: usize = 3;

fn term(body: &str, timeline: &Timeline, index: &SearchIndex, suggest: bool) -> Result<Option<TermKind>, String> {
    if let Some(name) = body.strip_prefix('@') {
        return any_of(name, |n| actor(n, index, suggest)).map(TermKind::Actor).map(Some);
    }
    if let Some(tag) = body.strip_prefix('#') {
        return any_of(tag, |t| self::tag(t, index.tags(timeline))).map(TermKind::Tag).map(Some);
    }
    if let Some((key, value)) = body.split_once(':') {
        if let Some(kind) = keyed(key, value, timeline, index, suggest) {
            return kind.map(Some);
        }
        // `frm:2024` is a misspelt key, not a word to search for; `https://…` stays a word.
        if key.chars().all(|c| c.is_ascii_alphabetic())
            && let Some(near) = crate::suggest::closest(key, KEYS.iter().copied())
        {
            return Err(format!("unknown term `{key}:`; did you mean `{near}:`?"));
        }
    }
    phrase(body, index)
}

const KEYS: &[&str] = &["from", "to", "status", "source", "by", "mark", "known", "origins", "link", "grade"];

fn keyed(
    key: &str,
    value: &str,
    timeline: &Timeline,
    index: &SearchIndex,
    suggest: bool,
) -> Option<Result<TermKind, String>> {
    let kind = match key.to_ascii_lowercase().as_str() {
        "by" => any_of(value, |v| claimants(v, index, suggest)).map(TermKind::Claimant),
        "from" => date(value, timeline, true).map(TermKind::From),
        "to" => date(value, timeline, false).map(TermKind::To),
        "status" => any_of(value, |v| status(v).map(|s| vec![s])).map(TermKind::Status),
        "source" => any_of(value, |v| source(v, timeline).map(|s| vec![s])).map(TermKind::Source),
        "mark" => any_of(value, mark).map(TermKind::Mark),
        "known" if value.eq_ignore_ascii_case("undated") => Ok(TermKind::Undated),
        "known" => AsOf::parse(value, timeline).map(TermKind::Known),
        "origins" => origins(value).map(TermKind::Origins),
        "link" => any_of(value, links).map(TermKind::Link),
        "grade" => any_of(value, |v| Grade::parse(v).map(|g| vec![g])).map(TermKind::Grade),
        _ => return None,
    };
    Some(kind)
}

/// `origins:N`: a whole number, at least 1.
fn origins(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ if value.is_empty() => Err("name a number after `origins:`, as `origins:2`".into()),
        _ => Err(format!("`{value}` is not a number of origins: write a whole number of at least 1, as `origins:2`")),
    }
}

/// A link kind by name, ignoring case, hyphens and underscores (`sameas`, `same-as`), or `any`.
fn links(value: &str) -> Result<Vec<LinkKind>, String> {
    let folded = |name: &str| name.to_ascii_lowercase().replace(['-', '_'], "");
    let wanted = folded(value);
    if wanted == "any" {
        return Ok(LinkKind::NAMES.iter().filter_map(|n| LinkKind::from_name(n)).collect());
    }
    if let Some(name) = LinkKind::NAMES.iter().find(|n| folded(n) == wanted) {
        return Ok(LinkKind::from_name(name).into_iter().collect());
    }
    let names: Vec<String> = LinkKind::NAMES.iter().map(|n| n.to_ascii_lowercase()).collect();
    let all = format!("{} or any", names.join(", "));
    if value.is_empty() {
        return Err(format!("name a kind of link after `link:`: {all}"));
    }
    Err(match crate::suggest::closest(&wanted, names.iter().map(String::as_str)) {
        Some(near) => format!("no kind of link is called `{value}`; did you mean `link:{near}`?"),
        None => format!("no kind of link is called `{value}`: the kinds are {all}"),
    })
}

fn phrase(body: &str, index: &SearchIndex) -> Result<Option<TermKind>, String> {
    let text = |t: &str| TermKind::Text(Box::new(TextTerm::new(t.to_lowercase(), index)));
    let Some(inner) = body.strip_prefix('"') else {
        return Ok(Some(text(body)));
    };
    let Some(inner) = inner.strip_suffix('"') else {
        return Err("the phrase needs a closing `\"`".into());
    };
    Ok((!inner.trim().is_empty()).then(|| text(inner)))
}

/// What each of a term's comma-separated values gives, together and without repeats: a term
/// with several values keeps an event that any of them would. Commas inside quotes belong to the
/// value (`@"Ministry of Defence, Russia"`), and empty values are left out, so that a comma
/// just typed does not mark the term as wrong.
fn any_of<T: PartialEq>(value: &str, each: impl Fn(&str) -> Result<Vec<T>, String>) -> Result<Vec<T>, String> {
    let values = alternatives(value);
    if values.is_empty() {
        return each("");
    }
    let mut out = Vec::new();
    for value in values {
        for item in each(value)? {
            if !out.contains(&item) {
                out.push(item);
            }
        }
    }
    Ok(out)
}

/// The non-empty parts of `value` between commas outside quotes.
fn alternatives(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut in_quote) = (0, false);
    for (i, c) in value.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            ',' if !in_quote => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out.retain(|v| !v.is_empty());
    out
}

fn actor(name: &str, index: &SearchIndex, suggest: bool) -> Result<Vec<ActorIx>, String> {
    if name.is_empty() {
        return Err("name an actor after `@`".into());
    }
    actors(name, index, suggest)
}

fn claimants(name: &str, index: &SearchIndex, suggest: bool) -> Result<Vec<ActorIx>, String> {
    if name.is_empty() {
        return Err("name an actor after `by:`".into());
    }
    actors(name, index, suggest)
}

/// A mark's letter: `a` to `z` or `A` to `Z`, as the browser's `m` takes them.
fn mark(value: &str) -> Result<Vec<char>, String> {
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(vec![c]),
        (None, _) => Err("name a mark after `mark:`: a letter".into()),
        _ => Err("a mark is one letter, `a` to `z` or `A` to `Z`".into()),
    }
}

/// The actors whose id, name or an alias starts with `name`.
fn actors(name: &str, index: &SearchIndex, suggest: bool) -> Result<Vec<ActorIx>, String> {
    let name = name.trim_matches('"').to_lowercase();
    let found: Vec<ActorIx> = (0..index.actor_handles.len())
        .filter(|&a| index.actor_handles[a].iter().any(|h| h.starts_with(&name)))
        .collect();
    if found.is_empty() {
        let near =
            suggest.then(|| crate::suggest::closest(&name, index.actor_handles.iter().flatten().map(String::as_str)));
        let near = near.flatten();
        return Err(match near {
            Some(near) => format!("no actor's name starts with `{name}`; did you mean `@{near}`?"),
            None => format!("no actor's name starts with `{name}`"),
        });
    }
    Ok(found)
}

fn tag(tag: &str, tags: &[String]) -> Result<Vec<String>, String> {
    if tag.is_empty() {
        return Err("name a tag after `#`".into());
    }
    let lower = tag.to_lowercase();
    if tags.binary_search(&lower).is_ok() {
        return Ok(vec![lower]);
    }
    let found: Vec<String> = tags.iter().filter(|t| t.starts_with(&lower)).cloned().collect();
    if found.is_empty() {
        return Err(format!("no tag starts with `{lower}`"));
    }
    Ok(found)
}

fn date(value: &str, timeline: &Timeline, first: bool) -> Result<i64, String> {
    let when = When::parse(value, timeline.timezone).map_err(|e| e.message)?;
    let instant = if first { when.start(timeline.timezone) } else { when.end(timeline.timezone) };
    instant.ok_or_else(|| "that end of the date is open".into())
}

fn status(value: &str) -> Result<Status, String> {
    let lower = value.to_lowercase();
    let found: Vec<&&str> =
        Status::NAMES.iter().filter(|n| !lower.is_empty() && n.to_lowercase().starts_with(&lower)).collect();
    match found.as_slice() {
        [one] => Ok(Status::from_name(one).unwrap_or_default()),
        _ => Err("status is confirmed, reported, claimed or disputed".into()),
    }
}

fn source(value: &str, timeline: &Timeline) -> Result<SourceIx, String> {
    if value.is_empty() {
        return Err("name a source id after `source:`".into());
    }
    if let Some(ix) = timeline.sources.iter().position(|s| s.id == value) {
        return Ok(ix);
    }
    let found: Vec<usize> =
        (0..timeline.sources.len()).filter(|&i| timeline.sources[i].id.starts_with(value)).collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no source id starts with `{value}`")),
        _ => Err(format!("several source ids start with `{value}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn timeline() -> Timeline {
        let text = include_str!("../../tests/fixtures/valid/every-form.ron");
        load_str(text, None).timeline.expect("valid fixture")
    }

    fn parse(text: &str) -> Query {
        let t = timeline();
        let index = SearchIndex::new(&t);
        Query::parse(text, &t, &index)
    }

    #[test]
    fn a_query_is_cut_after_its_256th_term_and_only_the_first_problems_get_suggestions() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let q = parse(&words.join(" "));
        assert_eq!(q.terms.len(), Query::MAX_TERMS);
        assert_eq!(q.problems.len(), 1);
        assert!(q.problems[0].reason.contains("at most 256 terms"), "{:?}", q.problems);
        assert_eq!(&q.text[q.problems[0].span.clone()], words[256..].join(" "));
        let q = parse("@fbs @fbs @fbs @fbs");
        let suggested = q.problems.iter().filter(|p| p.reason.contains("did you mean")).count();
        assert_eq!((q.problems.len(), suggested), (4, SUGGESTED));
    }

    #[test]
    fn an_actor_term_matches_events_naming_any_of_its_actors() {
        let t = timeline();
        let index = SearchIndex::new(&t);
        for name in ["@f", "@i", "@p", "@d"] {
            let filter = super::super::Filter { query: Query::parse(name, &t, &index), ..Default::default() };
            let TermKind::Actor(actors) = &filter.query.terms[0].kind else { panic!("an actor term") };
            assert!(actors.is_sorted() && !actors.is_empty(), "{actors:?}");
            let prepared = filter.prepare(&t, &index);
            for (ix, e) in t.events.iter().enumerate() {
                let names = e.actors.iter().chain(&e.claimed_by).any(|a| actors.contains(a));
                assert_eq!(prepared.matches(ix), names, "{name} {}", e.id);
            }
        }
    }

    /// The ids of the fixture's events that `text` keeps, in order, separated by spaces.
    fn ids_for(text: &str) -> String {
        let t = timeline();
        let index = SearchIndex::new(&t);
        let filter = super::super::Filter { query: Query::parse(text, &t, &index), ..Default::default() };
        assert_eq!(filter.query.problems, vec![], "{text}");
        let ids: Vec<&str> = filter.prepare(&t, &index).apply().iter().map(|&ix| t.events[ix].id.as_str()).collect();
        ids.join(" ")
    }

    #[test]
    fn a_by_term_keeps_the_events_its_actors_claim_and_not_those_they_take_part_in() {
        let shown = ids_for;
        assert_eq!(shown("by:putin"), "day", "Putin claims `day`");
        assert_eq!(shown("by:vlad"), "day", "an alias, as `@` takes one");
        assert!(!shown("-by:putin").split(' ').any(|id| id == "day"));
        assert_eq!(shown("by:fsb"), "", "the FSB takes part in events but claims none");
        let q = parse("by:nobody-at-all by:");
        assert!(q.problems[0].reason.starts_with("no actor's name starts with `nobody-at-all`"), "{:?}", q.problems);
        assert_eq!(q.problems[1].reason, "name an actor after `by:`");
        assert!(parse("bye:putin").problems[0].reason.contains("did you mean `by:`"));
    }

    #[test]
    fn a_comma_in_a_keyed_term_means_any_of_its_values() {
        let t = timeline();
        let shown = ids_for;
        assert_eq!(shown("status:claimed,disputed"), "approximate day");
        assert_eq!(shown("status:claimed status:disputed"), "", "two terms are still all of");
        assert_eq!(shown("@fsb,putin"), "month day second");
        let union = |a: &str, b: &str| {
            let (a, b) = (shown(a), shown(b));
            let ids: Vec<&str> = t
                .events
                .iter()
                .map(|e| e.id.as_str())
                .filter(|id| a.split(' ').chain(b.split(' ')).any(|x| x == *id))
                .collect();
            ids.join(" ")
        };
        assert_eq!(shown("#attack,election"), union("#attack", "#election"));
        assert_eq!(shown("by:putin,fsb"), "day");
        assert_eq!(shown("source:report,report"), shown("source:report"));
        assert_eq!(shown("-status:claimed,disputed").split(' ').count(), t.events.len() - 2);
        assert_eq!(shown("status:claimed,"), "day", "a comma just typed is no problem");
        assert!(matches!(&parse(r#"@"Vladimir Putin, x""#).problems[0].reason, r if r.contains("`vladimir putin, x`")));
        let q = parse("status:claimed,nonsense by:putin,nobody-at-all");
        let reasons: Vec<&str> = q.problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons[0], "status is confirmed, reported, claimed or disputed");
        assert!(reasons[1].starts_with("no actor's name starts with `nobody-at-all`"), "{reasons:?}");
    }

    #[test]
    fn a_mark_term_keeps_the_events_marked_with_its_letters() {
        let t = timeline();
        let index = SearchIndex::new(&t);
        let mut filter = super::super::Filter { query: Query::parse("mark:a,B", &t, &index), ..Default::default() };
        assert_eq!(filter.query.terms[0].kind, TermKind::Mark(vec!['a', 'B']));
        let ids = |filter: &super::super::Filter| -> Vec<String> {
            filter.prepare(&t, &index).apply().iter().map(|&ix| t.events[ix].id.to_string()).collect()
        };
        assert_eq!(ids(&filter), Vec::<String>::new(), "no marks yet");
        filter.marks.insert('a', "month".into());
        filter.marks.insert('B', "second".into());
        filter.marks.insert('c', "year".into());
        assert_eq!(ids(&filter), ["month", "second"]);
        assert!(filter.uses_marks());
        let q = parse("mark: mark:ab mark:1");
        let reasons: Vec<&str> = q.problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "name a mark after `mark:`: a letter",
                "a mark is one letter, `a` to `z` or `A` to `Z`",
                "a mark is one letter, `a` to `z` or `A` to `Z`"
            ]
        );
    }

    #[test]
    fn each_kind_of_term_is_recognised() {
        let q = parse(r#"word "two words" @fsb #attack from:2024 to:2024-03 status:disp source:report -x"#);
        assert_eq!(q.problems, vec![]);
        let kinds: Vec<&TermKind> = q.terms.iter().map(|t| &t.kind).collect();
        assert!(matches!(kinds[0], TermKind::Text(t) if t.text == "word"));
        assert!(matches!(kinds[1], TermKind::Text(t) if t.text == "two words"));
        assert!(matches!(kinds[2], TermKind::Actor(a) if a == &vec![0]));
        assert!(matches!(kinds[3], TermKind::Tag(t) if t == &vec!["attack".to_string()]));
        assert!(matches!(kinds[4], TermKind::From(_)));
        assert!(matches!(kinds[5], TermKind::To(_)));
        assert!(matches!(kinds[6], TermKind::Status(s) if s == &vec![Status::Disputed]));
        assert!(matches!(kinds[7], TermKind::Source(s) if s == &vec![0]));
        assert!(q.terms[8].negated && !q.terms[0].negated);
        assert_eq!(q.highlights(), vec!["word", "two words"]);
    }

    #[test]
    fn problems_carry_their_place_and_a_reason_and_the_rest_still_applies() {
        let q = parse(r#"ok @ #zz from:2024-13 status:x source: "open"#);
        let found: Vec<(&str, &str)> =
            q.problems.iter().map(|p| (&q.text[p.span.clone()], p.reason.as_str())).collect();
        assert_eq!(
            found,
            vec![
                ("@", "name an actor after `@`"),
                ("#zz", "no tag starts with `zz`"),
                ("from:2024-13", "month 13 is impossible: months run from 01 to 12"),
                ("status:x", "status is confirmed, reported, claimed or disputed"),
                ("source:", "name a source id after `source:`"),
                ("\"open", "the phrase needs a closing `\"`"),
            ]
        );
        assert_eq!(q.terms.len(), 1, "`ok` still applies");
    }

    #[test]
    fn misspelt_keys_and_actors_get_a_suggestion() {
        let q = parse("frm:2024-03-20 @putn");
        let reasons: Vec<&str> = q.problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec![
                "unknown term `frm:`; did you mean `from:`?",
                "no actor's name starts with `putn`; did you mean `@putin`?"
            ]
        );
    }

    #[test]
    fn urls_and_unknown_keys_are_plain_words() {
        let q = parse("https://example.org fruit:apple");
        assert_eq!(q.problems, vec![]);
        assert!(matches!(&q.terms[0].kind, TermKind::Text(t) if t.text == "https://example.org"));
        assert!(matches!(&q.terms[1].kind, TermKind::Text(t) if t.text == "fruit:apple"));
    }
}
