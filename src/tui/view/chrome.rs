//! Header with filter chips, the density strip, and the footer with keys and status.

use super::Theme;
use crate::query::TermKind;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::shown::{fit, width};
use crate::tui::state::{Data, Density, State, bucket, bucket_label};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// The active filters in words: `@FSB`, `-@CIA`, `#arrest`, `from 2024-03-20`, `"word"`.
pub fn chips(state: &State, data: &Data) -> Vec<String> {
    let f = &state.filter;
    let mut out: Vec<String> = Vec::new();
    // What is included reads as one chip, each exclusion as one.
    for clause in f.clauses(&data.timeline, |a| data.short_names[a].clone()) {
        let terms = clause.names.iter().map(|n| clause.term(n));
        match clause.negated {
            false => out.push(format!("{}{}", terms.collect::<Vec<_>>().join(" "), clause.joiner())),
            true => out.extend(terms),
        }
    }
    // Plain words and phrases read as one chip, the other terms one chip each.
    let mut words: Vec<&str> = Vec::new();
    for term in &f.query.terms {
        let raw = f.query.typed(term);
        match &term.kind {
            TermKind::Text(_) => words.push(raw),
            TermKind::From(_) | TermKind::To(_) => out.push(raw.replacen(':', " ", 1)),
            _ => out.push(raw.to_string()),
        }
    }
    if !words.is_empty() {
        out.push(format!("“{}”", words.join(" ")));
    }
    out.into_iter().map(|c| fit(&c, 40)).collect()
}

pub fn header(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    // The count and the filters matter more than the title on a narrow screen: the title gets
    // what is left, down to a few letters.
    let mut count = format!("{}/{} events", state.shown.len(), data.timeline.events.len());
    if state.counting() {
        count.push_str(" · counting…");
    }
    // Only the selection's two ends are read: a frame never walks the selection itself.
    if let Some(range) = state.selected() {
        let _ = write!(count, "  {} selected", range.end() - range.start() + 1);
        let ends = [state.shown[*range.start()], state.shown[*range.end()]];
        if let Some((first, last)) = crate::export::markdown::range(&data.timeline, &ends) {
            let _ = write!(count, " · {first} → {last}");
        }
    }
    let chips = chips(state, data);
    let chips_w: usize = chips.iter().map(|c| width(c) + 2).sum();
    let title_w = (area.width as usize).saturating_sub(width(&count) + 2 + chips_w).clamp(8, 60);
    let mut spans = vec![
        Span::styled(fit(&data.timeline.title, title_w), theme.title()),
        Span::styled(format!("  {count}"), theme.dim()),
    ];
    for chip in chips {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(chip, theme.chip()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Columns of the strip mapped to buckets: column `c` sums buckets `ranges[c]`.
fn columns(density: &Density, width: usize) -> Vec<(usize, usize)> {
    let n = density.counts.len();
    (0..width).map(|c| (c * n / width, ((c + 1) * n / width).max(c * n / width + 1).min(n))).collect()
}

pub fn density(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    let d = &state.density;
    let width = area.width as usize;
    if d.counts.is_empty() || width == 0 {
        return;
    }
    let cols = columns(d, width);
    let sums: Vec<u32> = cols.iter().map(|&(a, b)| d.counts[a..b].iter().sum()).collect();
    let max = sums.iter().copied().max().unwrap_or(1).max(1);
    let cursor_bucket = state
        .current()
        .map(|ix| data.event(ix).sort_instant())
        .filter(|&t| t != i64::MIN && t != i64::MAX)
        .map(|t| bucket(t, d.unit, data.timeline.timezone) - d.first);
    let column_of = |b: i64| cols.iter().position(|&(a, e)| (a as i64..e as i64).contains(&b));
    let cursor_col = cursor_bucket.and_then(column_of);
    let tz = data.timeline.timezone;
    let selected_cols = state.selected().and_then(|range| {
        let instant = |pos: usize| data.event(state.shown[pos]).sort_instant();
        let (a, b) = (instant(*range.start()), instant(*range.end()));
        let known = |t: i64| (t != i64::MIN && t != i64::MAX).then(|| bucket(t, d.unit, tz) - d.first);
        Some(column_of(known(a).unwrap_or(0))?..=column_of(known(b).unwrap_or(d.counts.len() as i64 - 1))?)
    });
    let bars: Vec<Span> = sums
        .iter()
        .enumerate()
        .map(|(c, &s)| {
            let level = if s == 0 { 0 } else { 1 + (s as usize * 7).div_ceil(max as usize).min(7) };
            let style = if Some(c) == cursor_col {
                theme.selected()
            } else if selected_cols.as_ref().is_some_and(|r| r.contains(&c)) {
                theme.chip().add_modifier(ratatui::style::Modifier::UNDERLINED)
            } else {
                theme.heading()
            };
            Span::styled(BARS[level.min(8)].to_string(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(bars)), Rect { height: 1, ..area });
    if area.height > 1 {
        let axis = axis(d, width, cursor_col);
        frame.render_widget(Paragraph::new(Line::styled(axis, theme.dim())), Rect { y: area.y + 1, height: 1, ..area });
    }
}

/// The line under the bars: first and last bucket, and `▲` under the cursor.
fn axis(d: &Density, width: usize, cursor: Option<usize>) -> String {
    let first = bucket_label(d.first, d.unit);
    let last = bucket_label(d.first + d.counts.len() as i64 - 1, d.unit);
    let mut line: Vec<char> = vec![' '; width];
    let mut put = |at: usize, s: &str| {
        for (i, c) in s.chars().enumerate() {
            if let Some(slot) = line.get_mut(at + i) {
                *slot = c;
            }
        }
    };
    // The first and last bucket are always labelled; the cursor's `▲` goes only where it covers
    // no label (its bar above is marked too).
    put(0, &first);
    let last_at = width.saturating_sub(last.len());
    if last != first && last_at > first.len() + 1 {
        put(last_at, &last);
    }
    if let Some(c) = cursor.filter(|&c| c < width && line[c] == ' ') {
        line[c] = '▲';
    }
    line.into_iter().collect()
}

pub fn footer(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let (hints_in_order, kept) = state.keymap.footer(state.mode());
    frame.render_widget(Paragraph::new(hints(&hints_in_order, kept, area.width as usize, theme)), area);
}

/// Key hints in `width` columns: as many of the first as fit, then always the last `kept`
/// (quit, `? more`), so that a narrow screen still says how to leave and where the rest is.
pub fn hints<'a>(hints: &[(String, &str)], kept: usize, columns: usize, theme: &Theme) -> Line<'a> {
    let cost = |(key, word): &(String, &str)| width(key) + 1 + width(word) + 2;
    let (first, last) = hints.split_at(hints.len().saturating_sub(kept));
    let mut room = columns.saturating_sub(last.iter().map(cost).sum());
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for hint in first {
        if cost(hint) > room {
            break;
        }
        room -= cost(hint);
        shown.push(hint);
    }
    let spans = shown
        .into_iter()
        .chain(last)
        .flat_map(|(key, word)| [Span::styled(key.clone(), theme.key()), Span::raw(format!(" {word}  "))]);
    Line::from(spans.collect::<Vec<_>>())
}

pub fn status(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    let text = match &state.status {
        Some(message) => message.clone(),
        None if data.timeline.events.is_empty() => "The file has no events yet".to_string(),
        None if state.shown.is_empty() => {
            format!(
                "No events match: press {} to clear every filter",
                state.keymap.label(Mode::List, Action::ClearFilters)
            )
        }
        None => {
            let position = format!("{}/{}", state.cursor + 1, state.shown.len());
            match state.current() {
                Some(ix) => format!("{position}  {}", data.event(ix).id),
                None => position,
            }
        }
    };
    frame.render_widget(Paragraph::new(Line::styled(fit(&text, area.width as usize), theme.dim())), area);
}
