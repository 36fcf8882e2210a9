//! serde types that mirror the file. Every field is optional here and names such as `status`
//! are read as plain words, so that one run can report every missing field and every unknown
//! name with its place, instead of stopping at the first one.

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};
use std::fmt;

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Timeline")]
pub struct RawTimeline {
    pub title: Option<String>,
    pub description: Option<String>,
    pub timezone: Option<String>,
    pub anchor: Option<String>,
    #[serde(default)]
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Actor")]
pub struct RawActor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<Word>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Source")]
pub struct RawSource {
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub archive: Option<String>,
    pub note: Option<String>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Event")]
pub struct RawEvent {
    pub id: Option<String>,
    pub when: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub status: Option<Word>,
    #[serde(default)]
    pub claimed_by: Vec<String>,
    #[serde(default)]
    pub sources: Vec<RawCite>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Cite")]
pub struct RawCite {
    pub source: Option<String>,
    pub at: Option<String>,
    pub quote: Option<String>,
}

/// A bare word such as `Claimed`, checked against the known names during validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word(pub String);

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WordVisitor;
        impl Visitor<'_> for WordVisitor {
            type Value = Word;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bare word such as `Confirmed`")
            }
            fn visit_str<E>(self, v: &str) -> Result<Word, E> {
                Ok(Word(v.to_string()))
            }
        }
        deserializer.deserialize_identifier(WordVisitor)
    }
}
