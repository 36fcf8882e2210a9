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
    pub sources: Vec<Cite>,
}

#[derive(Serialize)]
#[serde(rename = "Cite")]
pub struct Cite {
    pub source: String,
}

pub fn to_text(timeline: &Timeline) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true).indentor("    ").depth_limit(3);
    let body = ron::ser::to_string_pretty(timeline, config).unwrap_or_default();
    format!("// Imported by `timeline import`; see docs/FORMAT.md for the format.\n{body}\n")
}
