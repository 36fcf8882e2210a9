//! Markdown text within a line: the escaping every export of Markdown shares (`markdown` for the
//! file's text, `cite` for what a citation style makes of it), in a leaf both can use.

use crate::text::clean_line;

/// Escapes text that goes inside a line (after other text): every markup character, but not the
/// start of a line, which `line_start` guards once the line is whole.
pub(crate) fn escape_inline(text: &str) -> String {
    let clean = clean_line(text);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        if is_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line of escaped text that cannot begin a block: at the start of a line, `-`, `+`, `=` and
/// `1.` / `1)` would begin a list or a heading rule.
pub(crate) fn line_start(mut out: String) -> String {
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

pub(crate) fn is_markup(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '$' | '^')
}

/// An http(s) URL as an autolink; anything else as escaped text.
pub(crate) fn url_text(url: &str) -> String {
    match crate::sources::safe_url(url).ok().filter(|u| !u.contains(['<', '>'])) {
        Some(url) => format!("<{url}>"),
        None => escape_inline(url),
    }
}
