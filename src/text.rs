//! Text from a timeline file is untrusted: it must never reach a terminal as a control sequence.

use std::borrow::Cow;

/// True for characters that a terminal could act on or that reorder text: C0 and C1 controls,
/// DEL, and the Unicode bidirectional overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// One line of display text: line breaks and tabs become spaces, other unsafe characters go.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
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
    }
}
