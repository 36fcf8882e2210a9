//! Text from a timeline file is untrusted: it must never reach a terminal as a control sequence.

use std::borrow::Cow;

/// True for characters that a terminal could act on or that reorder text: C0 and C1 controls,
/// DEL, and the Unicode bidirectional controls (embeddings, overrides, isolates and the three
/// marks: left-to-right, right-to-left and the Arabic letter mark); also the Unicode line and
/// paragraph separators, which some programs take for line breaks.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
        )
}

/// One line of display text: line breaks and tabs become spaces, other unsafe characters go.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// A file's name for a message: on one line and cleaned, whatever bytes the name holds.
pub fn clean_path(path: &std::path::Path) -> String {
    clean_line(&path.display().to_string()).into_owned()
}

/// Text of several lines, for messages: each line cleaned as by `clean_line`, the breaks kept.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.split('\n').map(clean_line).collect::<Vec<_>>().join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_removed() {
        assert_eq!(clean_line("a\u{1b}]52;c;aGk=\u{7}b"), "a]52;c;aGk=b");
        assert_eq!(clean_line("x\u{9b}2Jy\u{202E}z"), "x2Jyz");
        assert_eq!(clean_line("two\nlines\tand tab"), "two lines and tab");
        assert!(matches!(clean_line("plain ¶4 – text"), Cow::Borrowed(_)));
        assert_eq!(clean_line("a\u{061C}b\u{200F}c"), "abc");
        assert_eq!(clean_line("line\u{2028}and\u{2029}paragraph"), "line and paragraph");
    }

    #[test]
    fn messages_keep_their_line_breaks_and_lose_everything_else() {
        assert_eq!(clean_lines("error: `a\u{1b}]0;x\u{7}`\n  = help: b\r\n"), "error: `a]0;x`\n  = help: b \n");
        assert!(matches!(clean_lines("one\ntwo\n"), Cow::Borrowed(_)));
    }
}
