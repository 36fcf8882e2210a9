//! serde types that mirror the file. Every field is optional here and names such as `status`
//! are read as plain words, so that one run can report every missing field and every unknown
//! name with its place, instead of stopping at the first one.
//!
//! These types are where the file's schema is written: the names of its records and of their
//! fields are read from them (`record`) wherever else they are needed.

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};
use std::fmt;
use std::ops::Deref;

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Timeline")]
pub struct RawTimeline<'a> {
    pub title: Option<String>,
    pub description: Option<String>,
    pub timezone: Option<String>,
    pub anchor: Option<String>,
    #[serde(default)]
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default, borrow)]
    pub events: Vec<RawEvent<'a>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Actor")]
pub struct RawActor {
    pub id: Option<String>,
    pub name: Option<String>,
    /// A label for narrow places (list rows, chips, lanes), where the name would be cut.
    pub short: Option<String>,
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
    /// The captured bytes the archive's text was made from (a page, a PDF), its hash, when and
    /// from where it was captured: written by `timeline capture`, checked by `timeline verify`.
    pub original: Option<String>,
    pub sha256: Option<String>,
    pub captured: Option<String>,
    pub captured_from: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub derived_from: Vec<String>,
    pub reliability: Option<Word>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Event")]
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Option<RawText<'a>>,
    #[serde(borrow)]
    pub when: Option<RawText<'a>>,
    #[serde(borrow)]
    pub title: Option<RawText<'a>>,
    #[serde(borrow)]
    pub summary: Option<RawText<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<RawText<'a>>,
    #[serde(borrow)]
    pub place: Option<RawText<'a>>,
    #[serde(default, borrow)]
    pub tags: Vec<RawText<'a>>,
    pub status: Option<Word>,
    #[serde(default, borrow)]
    pub claimed_by: Vec<RawText<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<RawCite<'a>>,
    #[serde(default, borrow)]
    pub links: Vec<RawLink<'a>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Cite")]
pub struct RawCite<'a> {
    #[serde(borrow)]
    pub source: Option<RawText<'a>>,
    #[serde(borrow)]
    pub at: Option<RawText<'a>>,
    #[serde(borrow)]
    pub quote: Option<RawText<'a>>,
    #[serde(borrow)]
    pub reported: Option<RawText<'a>>,
    pub credibility: Option<Number>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename = "Link")]
pub struct RawLink<'a> {
    pub kind: Option<Word>,
    #[serde(borrow)]
    pub to: Option<RawText<'a>>,
    #[serde(borrow)]
    pub note: Option<RawText<'a>>,
}

/// A string as ron read it: a slice of the file when it held no escapes, else decoded. Slices
/// become spans of the file's text in the timeline (see `model::Text`), never copies.
#[derive(Debug)]
pub enum RawText<'a> {
    Slice(&'a str),
    Decoded(String),
}

impl Deref for RawText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            RawText::Slice(s) => s,
            RawText::Decoded(s) => s,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<RawText<'de>, E> {
                Ok(RawText::Slice(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawText<'de>, E> {
                Ok(RawText::Decoded(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawText<'de>, E> {
                Ok(RawText::Decoded(v))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
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

/// A whole number as written, of any sign, so that `credibility: 9` or `credibility: -1` gets
/// the format's own message (the accepted values) rather than ron's about integer types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number(pub i64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number such as `2`")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Number, E> {
                Ok(Number(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// A kind of record of the file: its name and its fields' names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

/// The record that `T` reads, as serde's derive declares it: the names are the ones `T`'s
/// `Deserialize` asks the parser for, so they cannot differ from what is read. A type that is
/// not a struct has no fields.
pub fn record<T: Deserialize<'static>>() -> Record {
    match T::deserialize(Introspect) {
        Err(Found(Some(record))) => record,
        _ => Record { name: "value", fields: &[] },
    }
}

/// A deserializer that reads nothing: it stops at the struct asked for, and keeps its names.
struct Introspect;

#[derive(Debug)]
struct Found(Option<Record>);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("only a struct's names are read")
    }
}

impl std::error::Error for Found {}

impl serde::de::Error for Found {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Found(None)
    }
}

impl<'de> Deserializer<'de> for Introspect {
    type Error = Found;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
        Err(Found(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found(Some(Record { name, fields })))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}
