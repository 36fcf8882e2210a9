//! Reads an entry's body back. Its text is kept as spans of the file's text (see `Text`'s
//! `Serialize`), so whatever holds text is decoded with that file at hand: a seed, `InFile`,
//! passed down explicitly from the body to each text.

use super::Body;
use crate::model::when::When;
use crate::model::{Citation, Event, Link, Source, Stored, Text, Timeline};
use chrono::FixedOffset;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// Decodes the body of an entry against the file's text.
pub(super) fn body<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Body, D::Error> {
    InFile::<Body>::new(file).deserialize(d)
}

/// Something that holds text, decoded with the file's text at hand.
trait Decode: Sized {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error>;
}

/// The seed that decodes a `T` against `file`.
struct InFile<'f, T> {
    file: &'f Arc<String>,
    of: PhantomData<T>,
}

impl<'f, T> InFile<'f, T> {
    fn new(file: &'f Arc<String>) -> Self {
        InFile { file, of: PhantomData }
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for InFile<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::decode(self.file, d)
    }
}

impl Decode for Text {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
        Text::from_stored(Stored::deserialize(d)?, file)
            .ok_or_else(|| D::Error::custom("a span past the end of the file's text"))
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
        struct Maybe<'f, T>(InFile<'f, T>);
        impl<'de, T: Decode> Visitor<'de> for Maybe<'_, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option")
            }
            fn visit_none<E>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                self.0.deserialize(d).map(Some)
            }
        }
        d.deserialize_option(Maybe(InFile::new(file)))
    }
}

/// A list is made with room for all its items at once: grown by doubling, the events would be
/// held twice over for a moment. The length an entry states is believed only as far as its file
/// could hold that many items (an event takes more than 32 bytes of RON).
impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
        struct Items<'f, T>(InFile<'f, T>);
        impl<'de, T: Decode> Visitor<'de> for Items<'_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let believable = self.0.file.len() / 32;
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(believable));
                while let Some(item) = seq.next_element_seed(InFile::new(self.0.file))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        d.deserialize_seq(Items(InFile::new(file)))
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
        T::decode(file, d).map(Box::new)
    }
}

impl<T: Decode> Decode for Box<[T]> {
    fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
        Vec::decode(file, d).map(Vec::into_boxed_slice)
    }
}

/// The next field, which holds no text.
fn plain<'de, T: Deserialize<'de>, A: SeqAccess<'de>>(seq: &mut A, _: &Arc<String>) -> Result<T, A::Error> {
    seq.next_element()?.ok_or_else(|| A::Error::custom("a field is missing"))
}

/// The next field, which holds text.
fn seeded<'de, T: Decode, A: SeqAccess<'de>>(seq: &mut A, file: &Arc<String>) -> Result<T, A::Error> {
    seq.next_element_seed(InFile::new(file))?.ok_or_else(|| A::Error::custom("a field is missing"))
}

/// The next field, a zone offset kept as seconds east of UTC.
fn offset<'de, A: SeqAccess<'de>>(seq: &mut A, file: &Arc<String>) -> Result<FixedOffset, A::Error> {
    FixedOffset::east_opt(plain(seq, file)?).ok_or_else(|| A::Error::custom("offset out of range"))
}

/// Decodes a struct from its fields, which must be listed in the order the struct declares them:
/// its derived `Serialize` writes them in that order, and a binary format keeps no names.
macro_rules! record {
    ($type:ident { $($field:ident: $how:ident),* $(,)? }) => {
        impl Decode for $type {
            fn decode<'de, D: Deserializer<'de>>(file: &Arc<String>, d: D) -> Result<Self, D::Error> {
                struct Fields<'f>(&'f Arc<String>);
                impl<'de> Visitor<'de> for Fields<'_> {
                    type Value = $type;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(stringify!($type))
                    }
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$type, A::Error> {
                        Ok($type { $($field: $how(&mut seq, self.0)?),* })
                    }
                }
                d.deserialize_tuple([$(stringify!($field)),*].len(), Fields(file))
            }
        }
    };
}

record!(Body { timeline: seeded, diagnostics: plain, counts: plain });

record!(Timeline {
    title: plain,
    description: plain,
    timezone: offset,
    anchor: plain,
    actors: plain,
    sources: seeded,
    events: seeded,
    links: seeded,
});

record!(Source {
    id: plain,
    title: plain,
    authors: plain,
    publisher: plain,
    published: seeded,
    url: plain,
    archive: plain,
    original: plain,
    sha256: plain,
    captured: plain,
    captured_from: plain,
    note: plain,
    derived_from: plain,
    reliability: plain,
});

record!(When { text: seeded, span: plain });

record!(Event {
    id: seeded,
    when: seeded,
    title: seeded,
    summary: seeded,
    actors: plain,
    place: seeded,
    tags: seeded,
    status: plain,
    claimed_by: plain,
    sources: seeded,
    line: plain,
    start: plain,
    end: plain,
});

record!(Citation { source: plain, at: seeded, quote: seeded, reported: seeded, credibility: plain });

record!(Link { from: plain, kind: plain, to: plain, note: seeded });
