//! Checking the event form as it is typed, by the loader itself: the form's event is written into
//! a small timeline that has the file's time zone, actors and sources, and `load` checks it. So
//! every field gets exactly the message `timeline check` would print (the date parser's, the
//! unknown id with its did-you-mean, a Claimed event without a claimant), and no rule is written
//! twice. Each diagnostic goes to the field whose text it points at.

use super::form_edit::{NewActor, Values};
use crate::load::{Diagnostic, Severity};
use crate::model::Timeline;

/// A place in the form: a field, or a field of the citation numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    When,
    Title,
    Actors,
    ClaimedBy,
    Status,
    Tags,
    Place,
    Summary,
    Source(usize),
    Locator(usize),
    Quote(usize),
}

/// What the check found, at a field of the form (or at none, about the event as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub slot: Option<Slot>,
    pub error: bool,
    pub message: String,
    pub help: Option<String>,
}

/// The file's actors and sources as records of the small timeline, made once per form: a
/// keystroke then costs one parse of them, never a copy of the file.
#[derive(Clone, Debug, Default)]
pub struct Known {
    timezone: String,
    actors: String,
    sources: String,
}

impl Known {
    pub fn of(t: &Timeline) -> Known {
        let actors: String = t.actors.iter().map(|a| actor(&a.id, &a.name)).collect();
        let sources: String = t
            .sources
            .iter()
            .map(|s| format!("Source(id: {}, title: {}),\n", ron_string(&s.id), ron_string(&s.id)))
            .collect();
        Known { timezone: t.timezone.to_string(), actors, sources }
    }
}

fn actor(id: &str, name: &str) -> String {
    format!("Actor(id: {}, name: {}),\n", ron_string(id), ron_string(name))
}

/// A string as RON writes it, escapes and all.
fn ron_string(text: &str) -> String {
    ron::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The small timeline being written, with the byte range of each field of the form in it.
struct Sketch {
    text: String,
    places: Vec<(Slot, std::ops::Range<usize>)>,
}

impl Sketch {
    /// Writes `name: value`, noting where the value is.
    fn field(&mut self, slot: Slot, name: &str, value: &str) {
        self.text.push_str(name);
        self.text.push_str(": ");
        let start = self.text.len();
        self.text.push_str(value);
        self.places.push((slot, start..self.text.len()));
        self.text.push_str(", ");
    }

    fn texts(&mut self, slot: Slot, name: &str, items: &[String]) {
        if !items.is_empty() {
            let list: Vec<String> = items.iter().map(|t| ron_string(t)).collect();
            self.field(slot, name, &format!("[{}]", list.join(", ")));
        }
    }

    fn text(&mut self, slot: Slot, name: &str, text: &str) {
        if !text.trim().is_empty() {
            self.field(slot, name, &ron_string(text.trim()));
        }
    }

    /// The innermost field of the form at byte `at`.
    fn slot_at(&self, at: usize) -> Option<Slot> {
        self.places.iter().filter(|(_, r)| r.contains(&at)).min_by_key(|(_, r)| r.len()).map(|(s, _)| *s)
    }
}

/// Everything the loader says about the form's event `id`, each at its field.
pub fn check(values: &Values, id: &str, created: &[NewActor], known: &Known) -> Vec<Problem> {
    let mut sketch = Sketch { text: String::new(), places: Vec::new() };
    let new_actors: String = created.iter().map(|a| actor(&a.id, &a.name)).collect();
    sketch.text = format!(
        "Timeline(title: \"form\", timezone: {}, actors: [\n{}{new_actors}], sources: [\n{}], events: [\n",
        ron_string(&known.timezone),
        known.actors,
        known.sources
    );
    let event = sketch.text.len();
    write_event(&mut sketch, values, id);
    let end = sketch.text.len();
    sketch.text.push_str("])\n");
    let report = crate::load::load_str(&sketch.text, None);
    let mut problems: Vec<Problem> = report
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|(s, _)| (event..end).contains(&s)))
        .map(|d| problem(d, &sketch, event))
        .collect();
    // Errors first, each field's in the form's order.
    problems.sort_by_key(|p| !p.error);
    problems
}

fn write_event(sketch: &mut Sketch, values: &Values, id: &str) {
    sketch.text.push_str("Event(");
    sketch.text.push_str(&format!("id: {}, ", ron_string(id)));
    sketch.text(Slot::When, "when", &values.when);
    sketch.text(Slot::Title, "title", &values.title);
    sketch.text(Slot::Summary, "summary", &values.summary);
    sketch.texts(Slot::Actors, "actors", &values.actors);
    sketch.text(Slot::Place, "place", &values.place);
    sketch.texts(Slot::Tags, "tags", &values.tag_list());
    sketch.field(Slot::Status, "status", values.status.name());
    sketch.texts(Slot::ClaimedBy, "claimed_by", &values.claimed_by);
    let cited: Vec<usize> = (0..values.citations.len()).filter(|&n| !values.citations[n].is_blank()).collect();
    if !cited.is_empty() {
        sketch.text.push_str("sources: [");
        for n in cited {
            write_cite(sketch, values, n);
        }
        sketch.text.push_str("], ");
    }
    sketch.text.push_str(")\n");
}

fn write_cite(sketch: &mut Sketch, values: &Values, n: usize) {
    let cite = &values.citations[n];
    let start = sketch.text.len();
    sketch.text.push_str("Cite(");
    sketch.text(Slot::Source(n), "source", &cite.source);
    sketch.text(Slot::Locator(n), "at", &cite.at);
    sketch.text(Slot::Quote(n), "quote", &cite.quote);
    if let Some(reported) = &cite.reported {
        sketch.field(Slot::Source(n), "reported", &ron_string(reported));
    }
    if let Some(credibility) = cite.credibility {
        sketch.field(Slot::Source(n), "credibility", &credibility.to_string());
    }
    sketch.text.push_str("), ");
    // A problem with the citation as a whole (no source named) is shown at its source.
    sketch.places.push((Slot::Source(n), start..sketch.text.len()));
}

/// A diagnostic as the form shows it. One about the whole event (a missing `when` or `title`,
/// no citation) goes to the field it names.
fn problem(d: &Diagnostic, sketch: &Sketch, event: usize) -> Problem {
    let at = d.span.map_or(event, |(s, _)| s);
    let named = |field: &str| [&d.message, d.help.as_deref().unwrap_or_default()].iter().any(|t| t.contains(field));
    let slot = if at == event {
        [("`when", Slot::When), ("`title", Slot::Title), ("`sources", Slot::Source(0))]
            .into_iter()
            .find(|(field, _)| named(field))
            .map(|(_, slot)| slot)
    } else {
        sketch.slot_at(at)
    };
    Problem { slot, error: d.severity == Severity::Error, message: d.message.clone(), help: d.help.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form_edit::CiteValues;

    fn known() -> Known {
        Known {
            timezone: "+03:00".into(),
            actors: actor("fsb", "Federal Security Service") + &actor("putin", "Vladimir Putin"),
            sources: "Source(id: \"gpf\", title: \"x\"),\n".into(),
        }
    }

    fn values() -> Values {
        Values {
            when: "2024-03-26".into(),
            title: "A search".into(),
            actors: vec!["fsb".into()],
            citations: vec![CiteValues { source: "gpf".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    fn at(problems: &[Problem], slot: Slot) -> Vec<String> {
        problems.iter().filter(|p| p.slot == Some(slot)).map(|p| p.message.clone()).collect()
    }

    #[test]
    fn a_good_event_has_no_problem() {
        assert_eq!(check(&values(), "a-search", &[], &known()), []);
    }

    #[test]
    fn a_bad_date_gets_the_date_parsers_message() {
        let v = Values { when: "2024-13-01".into(), ..values() };
        let problems = check(&v, "a-search", &[], &known());
        assert_eq!(at(&problems, Slot::When).len(), 1, "{problems:?}");
        assert!(problems[0].message.starts_with("invalid date `2024-13-01`: "), "{problems:?}");
        assert!(problems[0].error);
    }

    #[test]
    fn missing_fields_are_told_at_their_field() {
        let v = Values { when: "".into(), title: " ".into(), citations: vec![CiteValues::default()], ..values() };
        let problems = check(&v, "a-search", &[], &known());
        assert_eq!(at(&problems, Slot::When), ["event `a-search` has no `when`"]);
        assert_eq!(at(&problems, Slot::Title), ["event `a-search` has no `title`"]);
        assert_eq!(at(&problems, Slot::Source(0)), ["event `a-search` cites no source"]);
        assert!(!problems.last().unwrap().error, "the warning comes last");
    }

    #[test]
    fn unknown_ids_get_did_you_mean_at_the_right_field() {
        let mut v = values();
        v.actors = vec!["fsb".into(), "putn".into()];
        v.citations =
            vec![CiteValues::default(), CiteValues { source: "gfp".into(), at: "¶5".into(), ..Default::default() }];
        let problems = check(&v, "a-search", &[], &known());
        let actor = problems.iter().find(|p| p.slot == Some(Slot::Actors)).expect("the actor's problem");
        assert_eq!(actor.message, "unknown actor `putn` in event `a-search`");
        assert!(actor.help.as_deref().unwrap_or_default().contains("putin"), "{actor:?}");
        assert_eq!(at(&problems, Slot::Source(1)), ["unknown source `gfp` in event `a-search`"]);
    }

    #[test]
    fn a_claim_needs_a_claimant_and_a_created_actor_is_known() {
        let mut v = values();
        v.status = crate::model::Status::Claimed;
        let problems = check(&v, "a-search", &[], &known());
        assert_eq!(at(&problems, Slot::Status), ["event `a-search` is Claimed but names no claimant"]);
        v.claimed_by = vec!["gru".into()];
        let created = [NewActor { id: "gru".into(), name: "GRU".into() }];
        assert_eq!(check(&v, "a-search", &created, &known()), []);
    }

    #[test]
    fn text_is_written_as_ron_whatever_it_holds() {
        let v = Values { title: "He said \"no\" \\ then\nleft".into(), place: "r#\"".into(), ..values() };
        assert_eq!(check(&v, "a-search", &[], &known()), []);
    }
}
