//! A filter in words, from one place: the browser's header chips and an export's provenance line
//! format these clauses each in their own way, so that they never say different things.

use super::{Facet, Filter, Selection};
use crate::model::{ActorIx, Timeline};

/// The chosen items of one facet and sign, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub facet: Facet,
    /// Events with none of `names`, rather than any (or all) of them.
    pub negated: bool,
    /// The actors' names, the tags or the sources' ids.
    pub names: Vec<String>,
    /// Events need all of `names`, rather than any.
    pub all: bool,
}

impl Clause {
    /// How several names combine, said after them: ` (any of)`, ` (all of)`, or nothing.
    pub fn joiner(&self) -> &'static str {
        match (self.negated, self.names.len() > 1, self.all) {
            (false, true, true) => " (all of)",
            (false, true, false) => " (any of)",
            _ => "",
        }
    }

    /// The facet in prose, said before the names: `actors`, `not tags`, `citing`.
    pub fn noun(&self) -> String {
        let noun = match self.facet {
            Facet::Actors => "actors",
            Facet::Tags => "tags",
            Facet::Sources => "citing",
            Facet::Claimants => "claimed by",
        };
        if self.negated { format!("not {noun}") } else { noun.to_string() }
    }

    /// A name as the query language writes it: `@FSB`, `-#arrest`, `source:report`.
    pub fn term(&self, name: &str) -> String {
        let sign = if self.negated { "-" } else { "" };
        let mark = match self.facet {
            Facet::Actors => "@",
            Facet::Tags => "#",
            Facet::Sources => "source:",
            Facet::Claimants => "by:",
        };
        format!("{sign}{mark}{name}")
    }
}

impl Filter {
    /// The chosen items in words: actors, claimants, tags, then sources, each with what is included before
    /// what is excluded. `name` names an actor (the chips use its shortest name).
    pub fn clauses(&self, timeline: &Timeline, name: impl Fn(ActorIx) -> String) -> Vec<Clause> {
        let mut out = Vec::new();
        let actors = self.actors();
        push(&mut out, Facet::Actors, &actors, |&a| name(a));
        push(&mut out, Facet::Claimants, &self.claimants(), |&a| name(a));
        push(&mut out, Facet::Tags, &self.tags(), String::clone);
        push(&mut out, Facet::Sources, &self.sources(), |&s| timeline.sources[s].id.clone());
        out
    }

    /// The filter in words, for the line of an export that says what it holds. Dates given as
    /// flags are left out: the line gives the range of the events it holds; an as-of date is
    /// said (`known by 2024-03-07 …`).
    pub fn describe(&self, timeline: &Timeline) -> Vec<String> {
        let clauses = self.clauses(timeline, |a| timeline.actors[a].name.clone());
        let mut out: Vec<String> =
            clauses.iter().map(|c| format!("{} {}{}", c.noun(), c.names.join(", "), c.joiner())).collect();
        // Dates chosen by `--from`, `--to` or the browser (typed ones are in the query below).
        let day = |t: i64| crate::model::when::iso_day(t, timeline.timezone);
        for term in self.chosen.iter().filter(|t| !t.negated) {
            match term.kind {
                super::TermKind::From(t) => out.push(format!("from {}", day(t))),
                super::TermKind::To(t) => out.push(format!("to {}", day(t))),
                _ => {}
            }
        }
        if let Some((as_of, strict)) = self.chosen_as_of() {
            let undated = if strict { "left out" } else { "kept" };
            out.push(format!("known by {} (events with no dated report {undated})", as_of.date));
        }
        let typed = self.query.text.trim();
        if !typed.is_empty() {
            out.push(format!("query “{typed}”"));
        }
        out
    }
}

fn push<T>(out: &mut Vec<Clause>, facet: Facet, selection: &Selection<T>, name: impl Fn(&T) -> String) {
    let Selection { include, exclude, all } = selection;
    for (negated, items) in [(false, include), (true, exclude)] {
        if !items.is_empty() {
            out.push(Clause { facet, negated, names: items.iter().map(&name).collect(), all: *all });
        }
    }
}
