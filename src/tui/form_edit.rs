//! What the event form (`i`, `E`) holds, as plain values, and the one function that turns it into
//! an edit of the file: a new event's fields, or the fields of an existing one that changed. The
//! edit is data, in the writer's own values; the file's writer (`crate::edit`) applies it at the
//! edge, in the runner (`form_write`).

pub use crate::edit::Value;
use crate::load::kebab;
use crate::model::{Event, Status, Timeline};

/// A list of texts.
fn texts(texts: &[String]) -> Value {
    Value::texts(texts)
}

/// Text, or `Absent` when blank: an empty optional field is left out of the file.
fn optional(text: &str) -> Value {
    if text.trim().is_empty() { Value::Absent } else { Value::Text(text.to_string()) }
}

/// One citation as the form shows it, with what the form does not show (`reported`,
/// `credibility`) carried along, so that editing an event never drops them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CiteValues {
    pub source: String,
    pub at: String,
    pub quote: String,
    pub reported: Option<String>,
    pub credibility: Option<u8>,
}

impl CiteValues {
    /// Nothing typed in it: the form's spare last citation, left out of the file.
    pub fn is_blank(&self) -> bool {
        self.source.trim().is_empty() && self.at.trim().is_empty() && self.quote.trim().is_empty()
    }

    fn record(&self) -> Value {
        let mut fields = vec![("source".to_string(), Value::Text(self.source.trim().to_string()))];
        fields.push(("at".into(), optional(&self.at)));
        fields.push(("quote".into(), optional(&self.quote)));
        if let Some(reported) = &self.reported {
            fields.push(("reported".into(), Value::Text(reported.clone())));
        }
        if let Some(credibility) = self.credibility {
            fields.push(("credibility".into(), Value::Number(credibility.into())));
        }
        fields.retain(|(_, v)| *v != Value::Absent);
        Value::Record("Cite".into(), fields)
    }
}

/// Every field of the form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    pub when: String,
    pub title: String,
    /// Actor ids, in the order chosen.
    pub actors: Vec<String>,
    pub claimed_by: Vec<String>,
    pub status: Status,
    /// As typed: tags separated by commas.
    pub tags: String,
    pub place: String,
    pub summary: String,
    pub citations: Vec<CiteValues>,
}

impl Values {
    /// The form filled with `event`, every reference by its id.
    pub fn of(event: &Event, timeline: &Timeline) -> Values {
        let actor = |&ix: &usize| timeline.actors[ix].id.clone();
        let citations = event
            .sources
            .iter()
            .map(|c| CiteValues {
                source: timeline.sources[c.source].id.clone(),
                at: c.at.as_deref().unwrap_or_default().to_string(),
                quote: c.quote.as_deref().unwrap_or_default().to_string(),
                reported: c.reported.as_ref().map(|w| w.text.to_string()),
                credibility: c.credibility,
            })
            .collect();
        Values {
            when: event.when.text.to_string(),
            title: event.title.to_string(),
            actors: event.actors.iter().map(actor).collect(),
            claimed_by: event.claimed_by.iter().map(actor).collect(),
            status: event.status,
            tags: event.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
            place: event.place.as_deref().unwrap_or_default().to_string(),
            summary: event.summary.as_deref().unwrap_or_default().to_string(),
            citations,
        }
    }

    /// The tags typed, each trimmed, blanks left out.
    pub fn tag_list(&self) -> Vec<String> {
        self.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
    }

    /// The citations that are not blank.
    pub fn cited(&self) -> Vec<&CiteValues> {
        self.citations.iter().filter(|c| !c.is_blank()).collect()
    }

    /// Every field the file has for an event but `id`, in the order FORMAT.md gives, with its
    /// value to write (`Absent` for an optional field left blank).
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let sources: Vec<Value> = self.cited().into_iter().map(CiteValues::record).collect();
        let list = |v: Value| if v == Value::List(Vec::new()) { Value::Absent } else { v };
        vec![
            ("when", Value::Text(self.when.trim().to_string())),
            ("title", Value::Text(self.title.trim().to_string())),
            ("summary", optional(self.summary.trim_end())),
            ("actors", list(texts(&self.actors))),
            ("place", optional(self.place.trim())),
            ("tags", list(texts(&self.tag_list()))),
            ("status", Value::Word(self.status.name().to_string())),
            ("claimed_by", list(texts(&self.claimed_by))),
            ("sources", list(Value::List(sources))),
        ]
    }
}

/// An actor the form creates ("create" in the actor chooser): its id and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewActor {
    pub id: String,
    pub name: String,
}

impl NewActor {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![("id", Value::Text(self.id.clone())), ("name", Value::Text(self.name.clone()))]
    }
}

/// What saving the form does to the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Insert a new event with these fields (`id` first).
    Insert(Vec<(&'static str, Value)>),
    /// Replace these fields of the event `id`.
    Set { id: String, fields: Vec<(&'static str, Value)> },
}

/// The whole edit: the actors the form created, then the event's change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventEdit {
    pub actors: Vec<NewActor>,
    pub change: Change,
}

/// The edit that saving the form makes: a new event (`original` is `None`; `id` is its new id)
/// with every field that is not blank, or, for the event `id` as it was (`original`), only the
/// fields that changed. `None` when nothing changed.
pub fn edit(values: &Values, original: Option<&Values>, id: &str, actors: &[NewActor]) -> Option<EventEdit> {
    let now = values.fields();
    let change = match original {
        None => {
            let mut fields = vec![("id", Value::Text(id.to_string()))];
            // Reported is the default: a new event says so by leaving it out, as `timeline add` does.
            let reported = Value::Word(Status::Reported.name().to_string());
            fields
                .extend(now.into_iter().filter(|(name, v)| *v != Value::Absent && (*name, v) != ("status", &reported)));
            Change::Insert(fields)
        }
        Some(before) => {
            let before = before.fields();
            // The status is written only when it changed: an event that leaves it out (Reported)
            // keeps leaving it out.
            let fields: Vec<_> = now.into_iter().zip(before).filter(|(n, b)| n.1 != b.1).map(|(n, _)| n).collect();
            if fields.is_empty() {
                return None;
            }
            Change::Set { id: id.to_string(), fields }
        }
    };
    // Only the created actors the event still names are written.
    let named = |a: &&NewActor| values.actors.contains(&a.id) || values.claimed_by.contains(&a.id);
    Some(EventEdit { actors: actors.iter().filter(named).cloned().collect(), change })
}

/// A new id made from `text` (kebab-case), unique among `taken`: `-2`, `-3`… after a repeat.
pub fn unique_id(text: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    // As `timeline import` makes ids from names in any script: `Zoë` becomes `zoe`.
    let mut stem = kebab(&deunicode::deunicode(text));
    if stem.is_empty() {
        stem = fallback.to_string();
    }
    // An id that reads well in a file: the first words of a long title.
    if stem.len() > 48 {
        let cut = stem[..48].rfind('-').unwrap_or(48);
        stem.truncate(cut);
    }
    let stem = kebab(&stem);
    (1..).map(|n| if n == 1 { stem.clone() } else { format!("{stem}-{n}") }).find(|id| !taken(id)).unwrap_or(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Value {
        Value::Text(t.into())
    }

    fn filled() -> Values {
        Values {
            when: "2024-03-26T14:00~".into(),
            title: "Investigators search a flat".into(),
            actors: vec!["fsb".into()],
            claimed_by: vec![],
            status: Status::Reported,
            tags: "investigation, , moscow ".into(),
            place: "".into(),
            summary: "First line\nsecond line\n".into(),
            citations: vec![
                CiteValues { source: "gpf".into(), at: "¶5".into(), ..Default::default() },
                CiteValues::default(),
            ],
        }
    }

    #[test]
    fn a_new_event_has_its_id_first_and_leaves_blank_fields_out() {
        let edit = edit(&filled(), None, "investigators-search-a-flat", &[]).unwrap();
        let Change::Insert(fields) = edit.change else { panic!("an insert") };
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["id", "when", "title", "summary", "actors", "tags", "sources"], "Reported is the default");
        assert_eq!(fields[0].1, text("investigators-search-a-flat"));
        assert_eq!(fields[3].1, text("First line\nsecond line"), "a summary's last line break is dropped");
        assert_eq!(fields[5].1, Value::List(vec![text("investigation"), text("moscow")]));
        let cite = Value::Record("Cite".into(), vec![("source".into(), text("gpf")), ("at".into(), text("¶5"))]);
        assert_eq!(fields[6].1, Value::List(vec![cite]), "the spare blank citation is not written");
    }

    #[test]
    fn an_edited_event_sets_only_what_changed() {
        let before = filled();
        assert_eq!(edit(&before, Some(&before), "x", &[]), None, "nothing changed");
        let mut after = before.clone();
        after.title = "Investigators search a flat in Moscow".into();
        after.place = "".into();
        after.summary = "".into();
        let edit = edit(&after, Some(&before), "x", &[]).unwrap();
        let expected = vec![("title", text("Investigators search a flat in Moscow")), ("summary", Value::Absent)];
        assert_eq!(edit.change, Change::Set { id: "x".into(), fields: expected });
    }

    #[test]
    fn a_citation_keeps_what_the_form_does_not_show() {
        let mut before = filled();
        before.citations[0].reported = Some("2024-03-25".into());
        before.citations[0].credibility = Some(3);
        let mut after = before.clone();
        after.citations[0].quote = "a flat".into();
        let edit = edit(&after, Some(&before), "x", &[]).unwrap();
        let Change::Set { fields, .. } = edit.change else { panic!("a set") };
        let Value::List(cites) = &fields[0].1 else { panic!("a list") };
        let Value::Record(_, cite) = &cites[0] else { panic!("a record") };
        let names: Vec<&str> = cite.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["source", "at", "quote", "reported", "credibility"]);
        assert_eq!(cite[4].1, Value::Number(3));
    }

    #[test]
    fn the_status_is_a_word_and_created_actors_are_written_only_if_still_named() {
        let mut values = filled();
        values.status = Status::Claimed;
        values.claimed_by = vec!["new-one".into()];
        let actors = [
            NewActor { id: "new-one".into(), name: "New One".into() },
            NewActor { id: "dropped".into(), name: "Dropped".into() },
        ];
        let edit = edit(&values, None, "x", &actors).unwrap();
        assert_eq!(edit.actors, [actors[0].clone()]);
        let Change::Insert(fields) = edit.change else { panic!("an insert") };
        assert!(fields.contains(&("status", Value::Word("Claimed".into()))));
        assert!(fields.contains(&("claimed_by", Value::List(vec![text("new-one")]))));
    }

    #[test]
    fn ids_are_kebab_case_and_unique() {
        let taken = |id: &str| ["zoe-arrives", "zoe-arrives-2"].contains(&id);
        assert_eq!(unique_id("Zoë arrives!", "event", taken), "zoe-arrives-3");
        assert_eq!(unique_id("  ", "event", taken), "event");
        let long = unique_id(&"word ".repeat(30), "event", |_| false);
        assert!(long.len() <= 48 && !long.ends_with('-'), "{long}");
    }
}
