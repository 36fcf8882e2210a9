//! Values to write, and how each is written: canonical RON, strings with the fewest escapes.

use std::fmt::Write;

/// A value to write into the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text, written as a string: `"sources/x.txt"`.
    Text(String),
    /// A bare word: `Confirmed`, `Person`, `B`.
    Word(String),
    /// A whole number: `credibility: 2`.
    Number(i64),
    /// `["a", "b"]`.
    List(Vec<Value>),
    /// A record of the format, `Cite(source: "x", at: "¶4")`: its name and fields.
    Record(String, Vec<(String, Value)>),
    /// For `set_fields`: leave the field out (remove it where it is written).
    Absent,
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub fn word(word: impl Into<String>) -> Value {
        Value::Word(word.into())
    }

    /// A list of texts: `["a", "b"]`.
    pub fn texts<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> Value {
        Value::List(texts.into_iter().map(|t| Value::text(t.as_ref())).collect())
    }

    /// Refuses a word, a record's name or a field's name that is not a bare word of RON, which
    /// would change the file's syntax rather than write a value.
    pub fn check(&self) -> Result<(), crate::load::Diagnostic> {
        match self {
            Value::Word(word) => bare_word(word),
            Value::List(items) => items.iter().try_for_each(Value::check),
            Value::Record(name, fields) => {
                bare_word(name)?;
                fields.iter().try_for_each(|(field, value)| bare_word(field).and_then(|_| value.check()))
            }
            Value::Text(_) | Value::Number(_) | Value::Absent => Ok(()),
        }
    }

    /// The value on one line, as RON.
    pub fn to_ron(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Text(text) => out.push_str(&string(text)),
            Value::Word(word) => out.push_str(word),
            Value::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Record(name, fields) => {
                out.push_str(name);
                out.push('(');
                for (i, (field, value)) in fields.iter().filter(|(_, v)| *v != Value::Absent).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(field);
                    out.push_str(": ");
                    value.write(out);
                }
                out.push(')');
            }
            Value::Absent => out.push_str("None"),
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::text(text)
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

/// A name such as `archive` or `Confirmed`: an ASCII letter or `_`, then letters, digits, `_`.
pub fn bare_word(name: &str) -> Result<(), crate::load::Diagnostic> {
    let mut chars = name.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(crate::load::Diagnostic::error(format!("`{name}` is not a bare word"))
            .help("field names, statuses and kinds are words such as `archive` or `Confirmed`"))
    }
}

/// `text` as a RON string with the fewest escapes: quoted, escaping only `\`, `"` and control
/// characters; or, when it holds `"` or `\` and no control character, a raw string
/// (`r#"He said "no""#`), which needs none.
pub fn string(text: &str) -> String {
    let needs_escape = text.contains(['"', '\\']);
    let control = text.chars().any(char::is_control);
    if needs_escape && !control {
        return raw(text);
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `r#"…"#` with one `#` more than the longest run of them after a `"` in the text.
fn raw(text: &str) -> String {
    let mut hashes = 1;
    for (at, _) in text.match_indices('"') {
        let run = text[at + 1..].bytes().take_while(|&b| b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(ron: &str) -> String {
        ron::from_str::<String>(ron).unwrap()
    }

    #[test]
    fn strings_are_written_with_the_fewest_escapes_and_read_back() {
        assert_eq!(string("plain ¶4 — text"), "\"plain ¶4 — text\"");
        assert_eq!(string("He said \"no\""), "r#\"He said \"no\"\"#");
        assert_eq!(string("a \"# b"), "r##\"a \"# b\"##");
        assert_eq!(string("two\nlines \"q\""), "\"two\\nlines \\\"q\\\"\"");
        for text in ["", "a\\b", "\"", "\"#\"##", "tab\there", "bell\u{7}", "it's", "\u{85}x", "end\\"] {
            assert_eq!(read_back(&string(text)), text, "{text:?} as {}", string(text));
        }
    }

    #[test]
    fn values_are_written_on_one_line() {
        let cite = Value::Record(
            "Cite".into(),
            vec![
                ("source".into(), "gpf".into()),
                ("at".into(), Value::Absent),
                ("credibility".into(), Value::Number(2)),
            ],
        );
        assert_eq!(cite.to_ron(), "Cite(source: \"gpf\", credibility: 2)");
        assert_eq!(Value::texts(["a", "b"]).to_ron(), "[\"a\", \"b\"]");
    }
}
