//! The timeline file an import writes, serialised by ron so that every string is escaped right.
//! Every field of the format can be written (an import of our own JSON or CSV carries them all);
//! a field left empty is left out, as a person would write the file.

use serde::{Serialize, Serializer};

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Timeline")]
pub struct Timeline {
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// An offset such as `+03:00`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timezone: String,
    /// An event's id.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub anchor: String,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
}

/// A name the format writes as a bare word (`Person`, `Claimed`, `B`, `Follows`), not a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bare(pub &'static str);

impl Bare {
    fn is_none(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Bare {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit_variant("Bare", 0, self.0)
    }
}

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Actor")]
pub struct Actor {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub short: String,
    /// Empty: left out (the format's default, `Other`).
    #[serde(skip_serializing_if = "Bare::is_none")]
    pub kind: Bare,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Source")]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub published: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub archive: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub original: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub captured: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub captured_from: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    #[serde(skip_serializing_if = "Bare::is_none")]
    pub reliability: Bare,
}

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Event")]
pub struct Event {
    pub id: String,
    pub when: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Empty: left out (the format's default, `Reported`).
    #[serde(skip_serializing_if = "Bare::is_none")]
    pub status: Bare,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claimed_by: Vec<String>,
    pub sources: Vec<Cite>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Cite")]
pub struct Cite {
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reported: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "bare_number")]
    pub credibility: Option<u8>,
}

/// `credibility: 2`, as a person writes it, rather than `Some(2)`.
fn bare_number<S: Serializer>(value: &Option<u8>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(n) => serializer.serialize_u8(*n),
        None => serializer.serialize_none(),
    }
}

#[derive(Serialize, Default, Clone, Debug)]
#[serde(rename = "Link")]
pub struct Link {
    pub kind: Bare,
    pub to: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
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
            timezone: "+03:00".into(),
            anchor: "event".into(),
            actors: vec![Actor {
                id: "actor".into(),
                name: "Name".into(),
                short: "N".into(),
                kind: Bare("Person"),
                aliases: vec!["Alias".into()],
                note: "Actor note".into(),
            }],
            sources: vec![
                Source {
                    id: "source".into(),
                    title: "Source title".into(),
                    authors: vec!["A. Writer".into()],
                    publisher: "Publisher".into(),
                    published: "2024-03-02".into(),
                    url: "https://x.org".into(),
                    archive: "copy.txt".into(),
                    original: "copy.html".into(),
                    sha256: "ab".repeat(32),
                    captured: "2026-11-29T14:00:00Z".into(),
                    captured_from: "https://x.org".into(),
                    note: "Source note".into(),
                    derived_from: vec!["wire".into()],
                    reliability: Bare("B"),
                },
                Source { id: "wire".into(), title: "Wire".into(), ..Source::default() },
            ],
            events: vec![
                Event {
                    id: "event".into(),
                    when: "2024-03".into(),
                    title: "Event title".into(),
                    summary: "Summary\non two lines".into(),
                    actors: vec!["actor".into()],
                    place: "Place".into(),
                    tags: vec!["tag".into()],
                    status: Bare("Claimed"),
                    claimed_by: vec!["actor".into()],
                    sources: vec![Cite {
                        source: "source".into(),
                        at: "¶4".into(),
                        quote: "words".into(),
                        reported: "2024-03-03".into(),
                        credibility: Some(2),
                    }],
                    links: vec![Link { kind: Bare("Follows"), to: "other".into(), note: "Link note".into() }],
                },
                Event {
                    id: "other".into(),
                    when: "2024".into(),
                    title: "Other".into(),
                    sources: vec![Cite { source: "wire".into(), ..Cite::default() }],
                    ..Event::default()
                },
            ],
        };
        let report = crate::load::load_str(&to_text(&out), None);
        assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
        let t = report.timeline.unwrap();
        let (actor, source) = (&t.actors[0], &t.sources[0]);
        let event = t.events.iter().find(|e| &*e.id == "event").unwrap();
        assert_eq!((t.title.as_str(), t.description.as_deref()), ("Title", Some("Description")));
        assert_eq!(t.timezone.local_minus_utc(), 3 * 3600);
        assert_eq!(t.anchor.map(|a| &*t.events[a].id), Some("event"));
        assert_eq!((actor.id.as_str(), actor.name.as_str(), actor.short.as_deref()), ("actor", "Name", Some("N")));
        assert_eq!(
            (actor.kind.name(), &*actor.aliases, actor.note.as_deref()),
            ("Person", &["Alias".to_string()][..], Some("Actor note"))
        );
        assert_eq!(
            (source.id.as_str(), source.title.as_str(), source.url.as_deref()),
            ("source", "Source title", Some("https://x.org"))
        );
        assert_eq!(
            (&*source.authors, source.publisher.as_deref()),
            (&["A. Writer".to_string()][..], Some("Publisher"))
        );
        assert_eq!(source.published.as_ref().map(|w| &*w.text), Some("2024-03-02"));
        assert_eq!((source.archive.as_deref(), source.note.as_deref()), (Some("copy.txt"), Some("Source note")));
        assert_eq!(
            (source.original.as_deref(), source.captured.as_deref()),
            (Some("copy.html"), Some("2026-11-29T14:00:00Z"))
        );
        assert_eq!(source.sha256.as_deref().map(str::len), Some(64));
        assert_eq!((&*source.derived_from, source.reliability.map(|r| r.name())), (&[1][..], Some("B")));
        assert_eq!((&*event.id, &*event.when.text, &*event.title), ("event", "2024-03", "Event title"));
        assert_eq!((event.summary.as_deref(), event.place.as_deref()), (Some("Summary\non two lines"), Some("Place")));
        assert_eq!((&*event.actors, &*event.tags[0], event.sources[0].source), (&[0][..], "tag", 0));
        assert_eq!((event.status.name(), &*event.claimed_by), ("Claimed", &[0][..]));
        let cite = &event.sources[0];
        assert_eq!((cite.at.as_deref(), cite.quote.as_deref(), cite.credibility), (Some("¶4"), Some("words"), Some(2)));
        assert_eq!(cite.reported.as_ref().map(|w| &*w.text), Some("2024-03-03"));
        let link = &t.links[0];
        assert_eq!(
            (link.kind.name(), &*t.events[link.to].id, link.note.as_deref()),
            ("Follows", "other", Some("Link note"))
        );
    }
}
