//! The text of an event's fields. A field read from a file is a span of the file's text, which
//! the timeline shares, rather than a copy of its own: a large timeline is then held in little
//! more memory than its file. Text made any other way (escapes decoded, the cache, an import)
//! owns its characters.

use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// Bytes `start..start + len` of a file's text.
    Shared {
        file: Arc<String>,
        start: u32,
        len: u32,
    },
    Owned(Box<str>),
}

impl Text {
    /// `part` as a span of `file` when it lies within it, else as a copy.
    pub fn within(file: &Arc<String>, part: &str) -> Text {
        let base = file.as_ptr() as usize;
        let at = (part.as_ptr() as usize).wrapping_sub(base);
        let inside = at <= file.len() && part.len() <= file.len() - at;
        match (u32::try_from(at), u32::try_from(part.len())) {
            (Ok(start), Ok(len)) if inside => Text(Repr::Shared { file: Arc::clone(file), start, len }),
            _ => Text::from(part),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Added in usize: a span may end past 4 GiB even when it starts below. A span off a
            // character's edge (only a forged cache entry could hold one, and the cache refuses
            // it) reads as empty.
            Repr::Shared { file, start, len } => {
                file.get(*start as usize..*start as usize + *len as usize).unwrap_or("")
            }
            Repr::Owned(text) => text,
        }
    }

    /// Bytes `start..start + len` of `file`, unchecked: the tests forge cache entries with it.
    #[cfg(test)]
    pub(crate) fn span_unchecked(file: &Arc<String>, start: u32, len: u32) -> Text {
        Text(Repr::Shared { file: Arc::clone(file), start, len })
    }

    /// True when the text is a span of a file's text rather than a copy.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }

    /// The file's text this is a span of, and the span's byte range in it.
    pub fn span(&self) -> Option<(&Arc<String>, std::ops::Range<usize>)> {
        match &self.0 {
            Repr::Shared { file, start, len } => Some((file, *start as usize..*start as usize + *len as usize)),
            Repr::Owned(_) => None,
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Owned(Box::default()))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Repr::Owned(text.into()))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Repr::Owned(text.into_boxed_str()))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.as_str().to_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// How a `Text` is written in a binary format: the load cache's, which keeps a timeline's
/// structure and takes its words from the file itself, whose hash is the entry's key.
#[derive(Serialize, Deserialize)]
pub(crate) enum Stored<S> {
    /// Bytes `start..start + len` of the file's text.
    Span(u32, u32),
    Copy(S),
}

/// A string in a format people read (JSON, RON); in a binary one, its place in the file's text
/// when it is a span of it. The format decides, never state elsewhere: the cache writes a
/// timeline made from one file, and reads it back against that file with `Text::from_stored`.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            _ if s.is_human_readable() => s.serialize_str(self.as_str()),
            Repr::Shared { start, len, .. } => Stored::<&str>::Span(*start, *len).serialize(s),
            Repr::Owned(text) => Stored::Copy(&**text).serialize(s),
        }
    }
}

impl Text {
    /// The text that `stored` names in `file`, or `None` for a span past the file's end.
    pub(crate) fn from_stored(stored: Stored<String>, file: &Arc<String>) -> Option<Text> {
        match stored {
            Stored::Copy(text) => Some(Text::from(text)),
            // Only the span's end is checked here: reading its edges at random, one read between
            // each decoding step, more than doubled the time decoding took. The cache checks them
            // after decoding, on every core (see `load::cache`).
            Stored::Span(start, len) => (start as usize + len as usize <= file.len())
                .then(|| Text(Repr::Shared { file: Arc::clone(file), start, len })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_the_file_is_shared_and_reads_the_same() {
        let file = Arc::new("title: \"Crocus City Hall\"".to_string());
        let text = Text::within(&file, &file[8..24]);
        assert!(text.is_shared());
        assert_eq!(text, "Crocus City Hall");
    }

    #[test]
    fn text_from_elsewhere_is_copied() {
        let file = Arc::new("abc".to_string());
        let elsewhere = String::from("abc");
        let text = Text::within(&file, &elsewhere);
        assert!(!text.is_shared());
        assert_eq!(text, "abc");
        // An empty string at the very end of the file is still within it.
        assert!(Text::within(&file, &file[3..]).is_shared());
    }

    #[test]
    fn shared_and_owned_text_compare_hash_and_serialise_alike() {
        use std::collections::HashSet;
        let file = Arc::new("kyiv".to_string());
        let (shared, owned) = (Text::within(&file, &file[..]), Text::from("kyiv"));
        assert_eq!(shared, owned);
        assert_eq!(HashSet::from([shared.clone()]).get("kyiv"), Some(&owned));
        assert_eq!(ron::to_string(&shared).unwrap(), "\"kyiv\"");
        assert_eq!(ron::to_string(&shared).unwrap(), ron::to_string(&owned).unwrap());
    }

    #[test]
    fn in_a_binary_format_text_is_kept_as_a_span_and_read_back_into_the_same_file() {
        let file = Arc::new("Crocus \"City\" Hall".to_string());
        let (shared, copied) = (Text::within(&file, &file[..6]), Text::from("City"));
        let bytes = postcard::to_allocvec(&(shared, copied)).unwrap();
        assert!(bytes.len() < 12, "a span is a few bytes, not its text: {bytes:?}");
        // Read back against another copy of the same text, as the cache is against the file.
        let again = Arc::new(file.to_string());
        let (a, b): (Stored<String>, Stored<String>) = postcard::from_bytes(&bytes).unwrap();
        let (a, b) = (Text::from_stored(a, &again).unwrap(), Text::from_stored(b, &again).unwrap());
        assert_eq!((a.as_str(), b.as_str()), ("Crocus", "City"));
        assert!(a.span().is_some_and(|(f, _)| Arc::ptr_eq(f, &again)) && !b.is_shared());
        // A span that the text cannot hold is refused, not sliced; one off a character's edge
        // (from a forged entry, which the cache then refuses) reads as empty.
        let span = || postcard::from_bytes::<Stored<String>>(&bytes).unwrap();
        assert!(Text::from_stored(span(), &Arc::new("Croc".to_string())).is_none());
        let cut = Text::from_stored(span(), &Arc::new("Crocu¶ City".to_string())).unwrap();
        assert_eq!(cut.as_str(), "", "byte 6 is inside `¶`");
    }
}
