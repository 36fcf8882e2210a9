//! Fitting untrusted text into columns: cleaned of control characters, measured by display
//! width (wide and combining characters included), cut with an ellipsis.

use crate::text::clean_line;
use ratatui::style::Style;
use ratatui::text::Span;
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Bytes of one field (a title, a place, a name, a tag, a quote) that views lay out. Views are
/// drawn anew on every key, so a field of 100 MB must cost what its first screenful does.
pub const FIELD_SHOWN: usize = 4096;

/// A field's text for display: cleaned, and cut after `FIELD_SHOWN` bytes with `…`.
pub fn shown(s: &str) -> Cow<'_, str> {
    shown_up_to(s, FIELD_SHOWN)
}

/// `s` cleaned, and cut after `max` bytes with `…`.
pub fn shown_up_to(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return clean_line(s);
    }
    Cow::Owned(format!("{}…", clean_line(&s[..s.floor_char_boundary(max)])))
}

/// `s` cleaned and cut to at most `max` columns.
pub fn fit(s: &str, max: usize) -> String {
    let clean = shown(s);
    if width(&clean) <= max {
        return clean.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    // By grapheme, as ratatui draws: `☃` then U+FE0F is one cluster two columns wide, though
    // each character alone measures one and zero.
    for g in clean.graphemes(true) {
        let w = width(g);
        if used + w + 1 > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` cleaned, cut and padded to exactly `columns` columns.
pub fn pad(s: &str, columns: usize) -> String {
    let mut out = fit(s, columns);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}

/// Spans of `text` with every case-insensitive occurrence of the `words` in `matched`.
pub fn highlighted<'a>(text: String, words: &[&str], base: Style, matched: Style) -> Vec<Span<'a>> {
    let lower = text.to_lowercase();
    if words.is_empty() || lower.len() != text.len() {
        return vec![Span::styled(text, base)];
    }
    let mut marks = vec![false; text.len()];
    for w in words.iter().filter(|w| !w.is_empty()) {
        for (at, _) in lower.match_indices(*w) {
            marks[at..at + w.len()].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, _) in text.char_indices().skip(1).chain(std::iter::once((text.len(), ' '))) {
        if i == text.len() || marks[i] != marks[start] {
            let style = if marks[start] { matched } else { base };
            spans.push(Span::styled(text[start..i].to_string(), style));
            start = i;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_characters_by_display_width() {
        assert_eq!(fit("莫斯科音乐厅", 7), "莫斯科…");
        assert_eq!(width(&pad("莫斯", 6)), 6);
        assert_eq!(fit("abc\u{1b}[2Jdef", 20), "abc[2Jdef");
        assert_eq!(fit("short", 10), "short");
    }

    #[test]
    fn fits_by_grapheme_as_the_screen_draws_it() {
        let snowmen = "☃\u{FE0F}".repeat(10);
        assert_eq!(width(&snowmen), 20);
        assert_eq!(fit(&snowmen, 7), "☃\u{FE0F}☃\u{FE0F}☃\u{FE0F}…");
        let family = "👩\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(fit(&format!("{family}{family}{family}"), 5), format!("{family}{family}…"));
    }

    #[test]
    fn a_huge_field_is_cut_before_it_is_cleaned_or_measured() {
        let huge = format!("{}\u{1b}é", "é".repeat(FIELD_SHOWN));
        let cut = shown(&huge);
        assert_eq!(cut.len(), FIELD_SHOWN + "…".len());
        assert!(cut.ends_with("é…"));
        assert_eq!(fit(&huge, 3), "éé…");
    }

    #[test]
    fn highlights_every_match_ignoring_case() {
        let spans = highlighted("Attack at Crocus; attackers".into(), &["attack"], Style::new(), Style::new().bold());
        let parts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, vec!["Attack", " at Crocus; ", "attack", "ers"]);
    }
}
