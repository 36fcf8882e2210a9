//! The timeline file an import writes, serialised by ron so that every string is escaped right.

use serde::Serialize;

#[derive(Serialize, Default)]
#[serde(rename = "Timeline")]
pub struct Timeline {
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
}

#[derive(Serialize)]
#[serde(rename = "Actor")]
pub struct Actor {
    pub id: String,
    pub name: String,
}

#[derive(Serialize)]
#[serde(rename = "Source")]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Serialize)]
#[serde(rename = "Event")]
pub struct Event {
    pub id: String,
    pub when: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "bare")]
    pub status: Option<crate::model::Status>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claimed_by: Vec<String>,
    pub sources: Vec<Cite>,
}

#[derive(Serialize, PartialEq, Eq)]
#[serde(rename = "Cite")]
pub struct Cite {
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

/// An optional value written bare (`status: Claimed`), as a person writes it, not `Some(Claimed)`.
fn bare<T: Serialize, S: serde::Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => value.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

pub fn to_text(timeline: &Timeline) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true).indentor("    ").depth_limit(3);
    let body = ron::ser::to_string_pretty(timeline, config).unwrap_or_default();
    format!("// Imported by `timeline import`; see docs/FORMAT.md for the format.\n{body}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Its field names are the format's only if the loader reads back every one it writes: a
    /// name the format lacks is an error, and a value that lands elsewhere differs below.
    #[test]
    fn every_field_written_is_read_back_by_the_loader() {
        let out = Timeline {
            title: "Title".into(),
            description: "Description".into(),
            actors: vec![Actor { id: "actor".into(), name: "Name".into() }],
            sources: vec![Source { id: "source".into(), title: "Source title".into(), url: "https://x.org".into() }],
            events: vec![Event {
                id: "event".into(),
                when: "2024-03".into(),
                title: "Event title".into(),
                summary: "Summary".into(),
                actors: vec!["actor".into()],
                tags: vec!["tag".into()],
                status: Some(crate::model::Status::Claimed),
                claimed_by: vec!["actor".into()],
                sources: vec![Cite { source: "source".into(), at: "¶4".into(), quote: "Words".into() }],
            }],
        };
        let report = crate::load::load_str(&to_text(&out), None);
        assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
        let t = report.timeline.unwrap();
        let (actor, source, event) = (&t.actors[0], &t.sources[0], &t.events[0]);
        assert_eq!((t.title.as_str(), t.description.as_deref()), ("Title", Some("Description")));
        assert_eq!((actor.id.as_str(), actor.name.as_str()), ("actor", "Name"));
        assert_eq!(
            (source.id.as_str(), source.title.as_str(), source.url.as_deref()),
            ("source", "Source title", Some("https://x.org"))
        );
        assert_eq!((&*event.id, &*event.when.text, &*event.title), ("event", "2024-03", "Event title"));
        assert_eq!(event.summary.as_deref(), Some("Summary"));
        assert_eq!((&*event.actors, &*event.tags[0], event.sources[0].source), (&[0][..], "tag", 0));
        assert_eq!((event.status, &*event.claimed_by), (crate::model::Status::Claimed, &[0][..]));
        let cite = &event.sources[0];
        assert_eq!((cite.at.as_deref(), cite.quote.as_deref()), (Some("¶4"), Some("Words")));
    }
}
