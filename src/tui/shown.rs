//! Fitting untrusted text into columns: cleaned of control characters, measured by display
//! width (wide and combining characters included), cut with an ellipsis.

use crate::text::clean_line;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
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
        // `became a…`, not `became a …`.
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

/// Styled text, already cleaned, cut to at most `max` columns with `…`, as `fit` cuts plain text.
pub fn fit_spans(spans: &[Span<'_>], max: usize) -> Vec<Span<'static>> {
    let owned = |s: &Span| Span::styled(s.content.to_string(), s.style);
    if spans.iter().map(|s| width(&s.content)).sum::<usize>() <= max {
        return spans.iter().map(owned).collect();
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    'spans: for span in spans {
        let mut text = String::new();
        for g in span.content.graphemes(true) {
            if used + width(g) + 1 > max {
                out.push(Span::styled(text, span.style));
                break 'spans;
            }
            text.push_str(g);
            used += width(g);
        }
        out.push(Span::styled(text, span.style));
    }
    out.retain(|s| !s.content.is_empty());
    if max > 0 {
        match out.last_mut() {
            Some(last) => last.content = format!("{}…", last.content.trim_end()).into(),
            None => out.push(Span::raw("…")),
        }
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

/// Styled text broken into lines of at most `width` columns: at a space where it can, within a
/// word where it must, never through a grapheme. Lines start without the space they broke at.
/// Ours rather than ratatui's `Wrap`, which can put a wide character in a line's last column
/// (half of it then lands in the next pane, or wraps the terminal's line).
pub fn wrap_spans(spans: &[Span<'_>], columns: usize) -> Vec<Line<'static>> {
    let cells: Vec<(&str, Style)> = spans
        .iter()
        .flat_map(|span| span.content.graphemes(true).map(move |g| (g, span.style)))
        .filter(|(g, _)| !g.chars().any(char::is_control))
        // Wider than the whole column: it can never be shown there.
        .filter(|(g, _)| width(g) <= columns)
        .collect();
    breaks(&cells, columns).into_iter().map(|range| line_of(&cells[range])).collect()
}

/// A line wrapped as `wrap_spans` does, its own style kept on every piece.
pub fn wrap_line(line: &Line<'_>, columns: usize) -> Vec<Line<'static>> {
    let spans: Vec<Span> =
        line.spans.iter().map(|s| Span::styled(s.content.as_ref(), line.style.patch(s.style))).collect();
    wrap_spans(&spans, columns)
}

/// Lines wrapped to `columns`, for a `Paragraph` that must not wrap them again.
pub fn wrap_lines(lines: &[Line<'_>], columns: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap_line(l, columns)).collect()
}

/// Where the lines of `cells` start and end.
fn breaks(cells: &[(&str, Style)], columns: usize) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    if columns == 0 {
        return lines;
    }
    let (mut start, mut used, mut space) = (0, 0, None);
    let mut i = 0;
    while i < cells.len() {
        let (g, _) = cells[i];
        let w = width(g);
        if used == 0 && g == " " && !lines.is_empty() {
            // The space a line broke at does not start the next.
            start = i + 1;
        } else if used + w > columns {
            let end = space.filter(|&s| s > start).unwrap_or(i);
            lines.push(start..end);
            (start, used, space, i) = (end, 0, None, end);
            continue;
        } else {
            if g == " " {
                space = Some(i);
            }
            used += w;
        }
        i += 1;
    }
    if start < cells.len() || lines.is_empty() {
        lines.push(start..cells.len());
    }
    lines
}

/// Cells of one style as one span.
fn line_of(cells: &[(&str, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for &(g, style) in cells {
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(g),
            _ => spans.push(Span::styled(g.to_string(), style)),
        }
    }
    Line::from(spans)
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

    /// `s` wrapped into at most `max` lines, the last cut with `…`, as the list's titles are.
    fn wrap(s: &str, columns: usize, max: usize) -> Vec<String> {
        let mut lines = wrap_spans(&[Span::raw(s)], columns);
        if lines.len() > max {
            let rest: Vec<String> = lines.drain(max - 1..).map(|l| l.to_string()).collect();
            lines.push(Line::from(fit_spans(&[Span::raw(rest.join(" "))], columns)));
        }
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_never_past_the_width() {
        assert_eq!(wrap("the four gunmen became a group", 10, 3), vec!["the four", "gunmen", "became a…"]);
        assert_eq!(wrap("abcdefghij", 4, 5), vec!["abcd", "efgh", "ij"]);
        let cjk = "莫斯科克罗库斯城市大厅音乐会恐怖袭击事件发生在二零二四年三月二十二日晚上有枪手进入大厅开枪射击造成";
        for columns in 1..60 {
            for line in wrap(cjk, columns, 100) {
                assert!(width(&line) <= columns, "{line} in {columns}");
            }
        }
        assert_eq!(wrap(cjk, 49, 5)[1].chars().count(), 24);
        assert_eq!(wrap("", 10, 3), vec![""]);
    }

    #[test]
    fn highlights_every_match_ignoring_case() {
        let spans = highlighted("Attack at Crocus; attackers".into(), &["attack"], Style::new(), Style::new().bold());
        let parts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, vec!["Attack", " at Crocus; ", "attack", "ers"]);
    }
}
