//! An event from one line of text and a few flags, as `timeline add` takes it:
//!
//! `2024-03-26T14:00~ Investigators search a flat @fsb #investigation status:claimed by:fsb cite:gpf-colibasanu:¶5`
//!
//! The date comes first (or `today`, `yesterday`, `now`, in the timeline's zone); `@` names an
//! actor (id, name or alias), `#` a tag, `status:`, `by:` and `cite:SOURCE:LOCATOR` what they
//! say; the other words are the title. Names are checked against the timeline, with the closest
//! ones suggested, before anything is written.

use super::{Document, Kind, Value};
use crate::load::{Diagnostic, did_you_mean, kebab};
use crate::model::Timeline;
use crate::model::when::When;
use crate::query;

/// An event as given, not yet checked against a timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub when: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Actors as typed: ids, names or aliases.
    pub actors: Vec<String>,
    /// Names of actors to create and name.
    pub new_actors: Vec<String>,
    pub tags: Vec<String>,
    /// Tags to use although no event has them yet and one that does is spelled much alike.
    pub new_tags: Vec<String>,
    pub status: Option<String>,
    pub by: Vec<String>,
    pub place: Option<String>,
    /// (source id, locator).
    pub cites: Vec<(String, Option<String>)>,
    /// The words of the last citation.
    pub quote: Option<String>,
}

/// What was added: the event's id, and the ids of the actors made for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    pub new_actors: Vec<String>,
    /// Where the event starts in the document's text.
    pub at: usize,
}

impl Draft {
    /// Adds what one line says to the draft: the first word is the date if it reads as one.
    pub fn read_line(&mut self, line: &str) -> Result<(), Diagnostic> {
        let mut title = Vec::new();
        for (i, word) in line.split_whitespace().enumerate() {
            if i == 0 && looks_like_a_date(word) {
                set_once(&mut self.when, word, "the date")?;
                continue;
            }
            if let Some(actor) = word.strip_prefix('@').filter(|a| !a.is_empty()) {
                self.actors.push(actor.to_string());
            } else if let Some(tag) = word.strip_prefix('#').filter(|t| !t.is_empty()) {
                self.tags.push(tag.to_string());
            } else if let Some(status) = word.strip_prefix("status:") {
                set_once(&mut self.status, status, "the status")?;
            } else if let Some(by) = word.strip_prefix("by:") {
                self.by.push(by.to_string());
            } else if let Some(cite) = word.strip_prefix("cite:") {
                self.cites.push(citation(cite));
            } else {
                title.push(word);
            }
        }
        if !title.is_empty() {
            set_once(&mut self.title, &title.join(" "), "the title")?;
        }
        Ok(())
    }
}

/// `SOURCE:LOCATOR` or `SOURCE`.
pub fn citation(text: &str) -> (String, Option<String>) {
    match text.split_once(':') {
        Some((source, at)) if !at.is_empty() => (source.to_string(), Some(at.to_string())),
        Some((source, _)) => (source.to_string(), None),
        None => (text.to_string(), None),
    }
}

fn set_once(field: &mut Option<String>, value: &str, what: &str) -> Result<(), Diagnostic> {
    if let Some(old) = field {
        return Err(Diagnostic::error(format!("{what} is given twice: `{old}` and `{value}`")).help("give it once"));
    }
    *field = Some(value.to_string());
    Ok(())
}

/// A word that starts as a date does (a digit, a sign, `..`, `Y`) or is a day's name.
fn looks_like_a_date(word: &str) -> bool {
    matches!(word, "today" | "yesterday" | "now")
        || word.starts_with(|c: char| c.is_ascii_digit())
        || word.starts_with("..")
        || (word.starts_with(['-', 'Y', '/']) && word[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// The date `text` means: `today`, `yesterday` and `now` at `now` (Unix seconds) in the
/// timeline's zone; anything else as EDTF, checked.
pub fn resolve_when(text: &str, timeline: &Timeline, now: i64) -> Result<String, Diagnostic> {
    let tz = timeline.timezone;
    let at = |seconds: i64| chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.with_timezone(&tz));
    let resolved = match text {
        "today" => at(now).map(|t| t.format("%Y-%m-%d").to_string()),
        "yesterday" => at(now - 86_400).map(|t| t.format("%Y-%m-%d").to_string()),
        "now" => at(now).map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
        _ => Some(text.to_string()),
    };
    let resolved = resolved.ok_or_else(|| Diagnostic::error("the system clock gives no date"))?;
    When::parse(&resolved, tz).map_err(|e| {
        Diagnostic::error(format!("the date `{text}` cannot be read: {}", e.message))
            .help(e.help.unwrap_or_else(|| "write an EDTF date such as 2024-03-26 or 2024-03-26T14:00~".into()))
    })?;
    Ok(resolved)
}

/// Adds the event `draft` describes to `doc`, whose timeline is `timeline` (loaded from the
/// same text), with its id made from its title.
pub fn add_event(doc: &mut Document, timeline: &Timeline, draft: &Draft, now: i64) -> Result<Added, Diagnostic> {
    let when = draft.when.as_deref().ok_or_else(|| {
        Diagnostic::error("the event has no date")
            .help("start the text with one (2024-03-26, today, now) or give --when")
    })?;
    let when = resolve_when(when, timeline, now)?;
    let title =
        draft.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
            Diagnostic::error("the event has no title").help("write it after the date, or give --title")
        })?;
    let mut actors = actor_ids(timeline, &draft.actors)?;
    let claimants = actor_ids(timeline, &draft.by)?;
    let tags = tags(timeline, &draft.tags, &draft.new_tags)?;
    let status = draft.status.as_deref().map(status).transpose()?;
    if status == Some("Claimed") && claimants.is_empty() {
        return Err(Diagnostic::error("a claimed event needs the actors who claim it")
            .help("add by:ACTOR to the text, or --by ACTOR"));
    }
    let cites = citations(timeline, draft)?;
    let mut new_actors = Vec::new();
    for name in &draft.new_actors {
        // An actor the timeline has under that name, short label, alias or id is not made twice.
        let same = |a: &crate::model::Actor| {
            let n = name.trim();
            a.id == *n
                || a.name.eq_ignore_ascii_case(n)
                || a.short.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(n))
                || a.aliases.iter().any(|al| al.eq_ignore_ascii_case(n))
        };
        if let Some(known) = timeline.actors.iter().find(|a| same(a)) {
            return Err(Diagnostic::error(format!(
                "the timeline already has `{}` as the actor `{}`",
                name.trim(),
                known.id
            ))
            .help(format!("write @{} (or --actor {}) instead of --new-actor", known.id, known.id)));
        }
        let id = unique(&kebab(&deunicode::deunicode(name)), "actor", |id| {
            timeline.actors.iter().any(|a| a.id == id) || new_actors.iter().any(|n| n == id)
        });
        doc.insert(Kind::Actor, &[("id", Value::text(&id)), ("name", Value::text(name.trim()))])?;
        actors.push(id.clone());
        new_actors.push(id);
    }
    let id = unique(&id_of(title), "event", |id| timeline.events.iter().any(|e| &*e.id == id));
    let mut fields: Vec<(&str, Value)> =
        vec![("id", Value::text(&id)), ("when", Value::text(when)), ("title", Value::text(title))];
    let mut optional = |name, value: Value, empty: bool| {
        if !empty {
            fields.push((name, value));
        }
    };
    optional("summary", Value::text(draft.summary.clone().unwrap_or_default()), draft.summary.is_none());
    optional("actors", Value::texts(&actors), actors.is_empty());
    optional("place", Value::text(draft.place.clone().unwrap_or_default()), draft.place.is_none());
    optional("tags", Value::texts(&tags), tags.is_empty());
    optional("status", Value::word(status.unwrap_or("")), status.is_none());
    optional("claimed_by", Value::texts(&claimants), claimants.is_empty());
    optional("sources", Value::List(cites.clone()), cites.is_empty());
    let at = doc.insert(Kind::Event, &fields)?;
    Ok(Added { id, new_actors, at })
}

/// The first words of the title, kebab-case, at most 48 characters cut at a hyphen.
fn id_of(title: &str) -> String {
    let full = kebab(&deunicode::deunicode(title));
    let mut id = String::new();
    for part in full.split('-') {
        if !id.is_empty() && id.len() + 1 + part.len() > 48 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(part);
    }
    if id.is_empty() { "event".to_string() } else { id }
}

/// `base`, or `base-2`, `base-3`… the first that `taken` refuses not.
fn unique(base: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { fallback } else { base };
    (1..)
        .map(|n| if n == 1 { base.to_string() } else { format!("{base}-{n}") })
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

/// Each actor as typed, by its id: one actor must answer to it.
fn actor_ids(timeline: &Timeline, typed: &[String]) -> Result<Vec<String>, Diagnostic> {
    let mut ids: Vec<String> = Vec::new();
    for text in typed {
        let found = query::find_actors(timeline, text).map_err(|e| {
            Diagnostic::error(e.message).help(format!(
                "{}; --new-actor \"Name\" makes a new one",
                e.help.unwrap_or_else(|| "`timeline check` lists the actors".into())
            ))
        })?;
        let [ix] = found[..] else {
            let names: Vec<String> = found.iter().map(|&i| format!("`{}`", timeline.actors[i].id)).collect();
            return Err(Diagnostic::error(format!("`{text}` names several actors: {}", names.join(", ")))
                .help("give the id of the one you mean"));
        };
        let id = timeline.actors[ix].id.to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Tags as the timeline spells them; a new tag is refused when one in use is spelled much
/// alike (a typo), unless it is in `new`.
fn tags(timeline: &Timeline, typed: &[String], new: &[String]) -> Result<Vec<String>, Diagnostic> {
    let mut out: Vec<String> = Vec::new();
    for tag in typed.iter().chain(new) {
        let chosen = match query::find_tag(timeline, tag) {
            Ok(found) => found,
            Err(_) if new.contains(tag) => tag.clone(),
            Err(e) => match e.help {
                Some(near) => {
                    return Err(Diagnostic::error(format!("no event has the tag `{tag}` yet"))
                        .help(format!("{near}; --new-tag {tag} uses it all the same")));
                }
                None => tag.clone(),
            },
        };
        if !out.contains(&chosen) {
            out.push(chosen);
        }
    }
    Ok(out)
}

fn status(text: &str) -> Result<&'static str, Diagnostic> {
    let names = crate::model::Status::NAMES;
    names.iter().find(|n| n.eq_ignore_ascii_case(text)).copied().ok_or_else(|| {
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let near = did_you_mean(&text.to_lowercase(), lower.iter().map(String::as_str));
        Diagnostic::error(format!("`{text}` is not a status"))
            .help(near.unwrap_or_else(|| format!("the statuses are {}", names.join(", "))))
    })
}

fn citations(timeline: &Timeline, draft: &Draft) -> Result<Vec<Value>, Diagnostic> {
    if draft.quote.is_some() && draft.cites.is_empty() {
        return Err(Diagnostic::error("a quote needs a citation").help("give the source with --cite SOURCE:LOCATOR"));
    }
    let mut out = Vec::new();
    for (i, (source, at)) in draft.cites.iter().enumerate() {
        query::find_source(timeline, source).map_err(|e| Diagnostic::error(e.message).help_opt(e.help))?;
        let mut fields = vec![("source".to_string(), Value::text(source))];
        if let Some(at) = at {
            fields.push(("at".into(), Value::text(at)));
        }
        if let Some(quote) = draft.quote.as_ref().filter(|_| i + 1 == draft.cites.len()) {
            fields.push(("quote".into(), Value::text(quote)));
        }
        out.push(Value::Record("Cite".into(), fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"Timeline(
    title: "T",
    timezone: "+03:00",
    actors: [
        Actor(id: "fsb", name: "Federal Security Service", aliases: ["FSB"]),
        Actor(id: "putin", name: "Vladimir Putin"),
    ],
    sources: [
        Source(id: "gpf-colibasanu", title: "G"),
    ],
    events: [
        Event(id: "a", when: "2024-03-22", title: "A", tags: ["investigation"], sources: [Cite(source: "gpf-colibasanu")]),
        Event(id: "b", when: "2024-03-28", title: "B", sources: [Cite(source: "gpf-colibasanu")]),
    ],
)
"#;

    fn add(line: &str, more: impl FnOnce(&mut Draft)) -> Result<(String, Added), Diagnostic> {
        let timeline = crate::load::load_str(FILE, None).timeline.unwrap();
        let mut draft = Draft::default();
        draft.read_line(line)?;
        more(&mut draft);
        let mut doc = Document::open(FILE).unwrap();
        // 2024-03-26T23:30Z: already the 27th at +03:00.
        let added = add_event(&mut doc, &timeline, &draft, 1_711_495_800)?;
        let text = doc.finish().map_err(|mut e| e.remove(0))?;
        Ok((text, added))
    }

    #[test]
    fn one_line_gives_an_event_in_time_order() {
        let line = "2024-03-26T14:00~ Investigators search a flat in Moscow @fsb #investigation status:claimed by:FSB cite:gpf-colibasanu:¶5";
        let (text, added) = add(line, |_| {}).unwrap();
        assert_eq!(added.id, "investigators-search-a-flat-in-moscow");
        let event = r#"        Event(
            id: "investigators-search-a-flat-in-moscow",
            when: "2024-03-26T14:00~",
            title: "Investigators search a flat in Moscow",
            actors: ["fsb"],
            tags: ["investigation"],
            status: Claimed,
            claimed_by: ["fsb"],
            sources: [
                Cite(source: "gpf-colibasanu", at: "¶5"),
            ],
        ),
        Event(id: "b""#;
        assert!(text.contains(event), "{text}");
        assert!(text[added.at..].starts_with("Event(\n            id: \"investigators"));
    }

    #[test]
    fn today_is_the_timelines_day_and_names_are_checked() {
        let (text, _) = add("today Something", |d| d.new_actors.push("Zoë Näher".into())).unwrap();
        assert!(text.contains("when: \"2024-03-27\""), "{text}");
        assert!(
            text.contains("Actor(\n            id: \"zoe-naher\",\n            name: \"Zoë Näher\",\n        ),"),
            "{text}"
        );
        assert!(text.contains("actors: [\"zoe-naher\"]"), "{text}");
        let typo = add("2024 X #investigaton", |_| {}).unwrap_err();
        assert!(typo.help.as_deref().unwrap_or("").contains("`investigation`"), "{typo:?}");
        assert!(add("2024 X #investigaton", |d| d.new_tags.push("investigaton".into())).is_ok());
        assert!(add("2024 X #brandnew", |_| {}).is_ok(), "a tag spelled like none is new");
        let twice = add("2024 X", |d| d.new_actors.push("fsb".into())).unwrap_err();
        assert_eq!(twice.message, "the timeline already has `fsb` as the actor `fsb`");
        let by_name = add("2024 X", |d| d.new_actors.push("vladimir putin".into())).unwrap_err();
        assert!(by_name.help.as_deref().unwrap_or("").contains("@putin"), "{by_name:?}");
        let actor = add("2024 X @putn", |_| {}).unwrap_err();
        assert!(actor.help.as_deref().unwrap_or("").contains("`putin`"), "{actor:?}");
        let status = add("2024 X status:claimd", |_| {}).unwrap_err();
        assert_eq!(status.help.as_deref(), Some("did you mean `claimed`?"));
        let source = add("2024 X cite:gpf", |_| {}).unwrap_err();
        assert!(source.message.contains("`gpf`"), "{source:?}");
        assert!(add("2024-02-30 X", |_| {}).unwrap_err().message.contains("29 days"));
        assert!(add("Only a title", |_| {}).unwrap_err().message.contains("no date"));
        assert!(add("2024", |_| {}).unwrap_err().message.contains("no title"));
        let claimed = add("2024 X status:claimed", |_| {}).unwrap_err();
        assert!(claimed.help.as_deref().unwrap_or("").contains("by:ACTOR"), "{claimed:?}");
    }

    #[test]
    fn ids_are_unique_and_short() {
        let (_, added) = add("2024 A", |_| {}).unwrap();
        assert_eq!(added.id, "a-2");
        assert_eq!(
            id_of("The long title of an event that goes on and on and on about many things"),
            "the-long-title-of-an-event-that-goes-on-and-on"
        );
        assert_eq!(id_of("«»"), "event");
    }
}
