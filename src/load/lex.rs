//! Where RON's tokens end, for the two scanners that read a file's layout without parsing it:
//! the outline (`load::outline`, which finds items fast) and the writer's (`edit`, which keeps
//! comments). Each function takes the text and where a token starts, and says where it ends
//! (the text's end when it is never closed).

/// After a `"…"` string that starts at `start`. Jumps from quote to backslash to quote: text is
/// most of a timeline, and a string's ordinary characters need not be looked at one by one.
pub fn string_end(src: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    while let Some(i) = memchr::memchr2(b'"', b'\\', src.get(pos..).unwrap_or_default()) {
        let at = pos + i;
        if src[at] == b'"' {
            return at + 1;
        }
        pos = at + 2;
    }
    src.len()
}

/// After a `'c'` character that starts at `start`.
pub fn char_end(src: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    // An escaped character, `'\''` included, is skipped whole.
    if src.get(pos) == Some(&b'\\') {
        pos += 2;
    }
    while pos < src.len() && src[pos] != b'\'' {
        pos += 1;
    }
    (pos + 1).min(src.len())
}

/// After `r"…"`, `r#"…"#`, `b"…"` or `br#"…"#`, if one starts at `start`.
pub fn raw_or_byte_string_end(src: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut i = start;
    if at(i) == b'b' {
        i += 1;
        if at(i) == b'"' {
            return Some(string_end(src, i));
        }
    }
    if at(i) != b'r' {
        return None;
    }
    i += 1;
    let hashes = src.get(i..).unwrap_or_default().iter().take_while(|&&c| c == b'#').count();
    if at(i + hashes) != b'"' {
        return None;
    }
    let mut pos = i + hashes + 1;
    while let Some(q) = memchr::memchr(b'"', src.get(pos..).unwrap_or_default()) {
        let quote = pos + q;
        let closing = src.get(quote + 1..quote + 1 + hashes).is_some_and(|h| h.iter().all(|&c| c == b'#'));
        if closing {
            return Some(quote + 1 + hashes);
        }
        pos = quote + 1;
    }
    Some(src.len())
}

/// After a word (an identifier, `r#` included) that starts at `start`.
pub fn word_end(src: &[u8], start: usize) -> usize {
    let mut pos = start;
    if src.get(pos) == Some(&b'r') && src.get(pos + 1) == Some(&b'#') {
        pos += 2;
    }
    while src.get(pos).is_some_and(|&c| c == b'_' || c.is_ascii_alphanumeric()) {
        pos += 1;
    }
    pos
}

/// After a `/* … */` comment, nested as RON nests them, that starts at `start`.
pub fn block_comment_end(src: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut pos = start;
    while pos < src.len() {
        match (src[pos], src.get(pos + 1).copied().unwrap_or(0)) {
            (b'/', b'*') => {
                depth += 1;
                pos += 2;
            }
            (b'*', b'/') => {
                depth = depth.saturating_sub(1);
                pos += 2;
                if depth == 0 {
                    return pos;
                }
            }
            _ => pos += 1,
        }
    }
    src.len()
}

/// What a value token that starts at `start` is, and where it ends: a word (a name or a bare
/// variant, `Claimed`), or anything else that is one value (a string of any kind, a character,
/// a number). Punctuation and comments are the scanner's own.
pub fn value(src: &[u8], start: usize) -> (usize, bool) {
    let word = |end| (end, true);
    match src.get(start).copied().unwrap_or(0) {
        b'"' => (string_end(src, start), false),
        b'\'' => (char_end(src, start), false),
        c if c == b'_' || c.is_ascii_alphabetic() => match raw_or_byte_string_end(src, start) {
            Some(end) => (end, false),
            None => word(word_end(src, start)),
        },
        _ => (other_end(src, start), false),
    }
}

/// After anything else (a number, a sign), up to the next space or punctuation.
pub fn other_end(src: &[u8], start: usize) -> usize {
    let rest = src.get(start + 1..).unwrap_or_default();
    let len = rest.iter().position(|c| c.is_ascii_whitespace() || b"()[]{}:,\"'/".contains(c)).unwrap_or(rest.len());
    (start + 1 + len).min(src.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_end_where_ron_ends_them() {
        assert_eq!(string_end(br#""a\"b" x"#, 0), 6);
        assert_eq!(string_end(br#""open"#, 0), 5);
        assert_eq!(char_end(br"'\'' x", 0), 4);
        assert_eq!(raw_or_byte_string_end(br##"r#"a "quoted" b"# x"##, 0), Some(17));
        assert_eq!(raw_or_byte_string_end(br#"b"x" y"#, 0), Some(4));
        assert_eq!(raw_or_byte_string_end(b"rest", 0), None);
        assert_eq!(raw_or_byte_string_end(br##"r#"never"##, 0), Some(8));
        assert_eq!(word_end(b"r#type: x", 0), 6);
        assert_eq!(block_comment_end(b"/* a /* b */ c */ d", 0), 17);
        assert_eq!(other_end(b"-12.5, x", 0), 5);
        assert_eq!(value(b"Claimed,", 0), (7, true));
        assert_eq!(value(br#"r"x" y"#, 0), (4, false));
        assert_eq!(value(b"'a',", 0), (3, false));
    }
}
