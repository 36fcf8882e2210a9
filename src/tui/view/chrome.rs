//! Header with filter chips, the time axis, and the footer with keys and status.

use super::Theme;
use crate::query::TermKind;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::shown::{fit, width};
use crate::tui::state::{Data, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// The active filters in words: `@FSB`, `-@CIA`, `#arrest`, `from 2024-03-20`, `"word"`.
pub fn chips(state: &State, data: &Data) -> Vec<String> {
    let f = &state.filter;
    let mut out: Vec<String> = Vec::new();
    // First: a replay is what most changes what the list means.
    if let Some((as_of, strict)) = f.chosen_as_of() {
        out.push(format!("as of {}{}", as_of.date, if strict { " (strict)" } else { "" }));
    }
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
    if let Some(note) = &state.loading {
        count = note.says();
    }
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

/// The time axis: a bar of the shown events per column, a `┆` where a long empty stretch is cut
/// out, the cursor and the selection marked; under it, ticks labelled in the unit the span needs,
/// and the scale of the bars.
pub fn density(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    if let Some(note) = &state.loading {
        let label = format!("{} {:.0}%", note.stage, note.done * 100.0);
        let gauge = ratatui::widgets::Gauge::default().ratio(note.done.clamp(0.0, 1.0)).label(label);
        frame.render_widget(gauge.gauge_style(theme.selected()), Rect { height: 1, ..area });
        return;
    }
    let scale = &state.timescale;
    let width = (area.width as usize).min(scale.counts.len());
    if width == 0 || scale.counts.iter().all(|&c| c == 0) {
        return;
    }
    let max = scale.counts.iter().copied().max().unwrap_or(1).max(1);
    let column_of = |pos: usize| {
        let t = data.event(state.shown[pos]).sort_instant();
        (t != i64::MIN && t != i64::MAX).then(|| scale.axis.nearest_column(t))
    };
    let cursor = state.current().and(column_of(state.cursor));
    let selected = state.selected().and_then(|r| Some(column_of(*r.start())?..=column_of(*r.end())?));
    let breaks: Vec<usize> = scale.axis.breaks().iter().map(|b| b.column).collect();
    let bars: Vec<Span> = (0..width)
        .map(|c| {
            let count = scale.counts[c] as usize;
            let style = if Some(c) == cursor {
                theme.selected()
            } else if selected.as_ref().is_some_and(|r| r.contains(&c)) {
                theme.chip().add_modifier(ratatui::style::Modifier::UNDERLINED)
            } else {
                theme.heading()
            };
            if count == 0 && breaks.contains(&c) {
                return Span::styled("┆", theme.dim());
            }
            let level = if count == 0 { 0 } else { 1 + (count * 7).div_ceil(max as usize).min(7) };
            Span::styled(BARS[level.min(8)].to_string(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(bars)), Rect { height: 1, ..area });
    if area.height > 1 {
        let line = ticks(state, data, width, cursor, max);
        frame.render_widget(Paragraph::new(Line::styled(line, theme.dim())), Rect { y: area.y + 1, height: 1, ..area });
    }
}

/// The line under the bars: the ticks' labels, `▲` under the cursor where no label is, and at
/// the right end how many events the tallest bar stands for.
fn ticks(state: &State, data: &Data, width: usize, cursor: Option<usize>, max: u32) -> String {
    let mut line: Vec<char> = vec![' '; width];
    let scale_note = format!(" █ {max}");
    let room = width.saturating_sub(scale_note.chars().count());
    for tick in state.timescale.axis.ticks(data.timeline.timezone) {
        let label: Vec<char> = tick.label.chars().collect();
        if tick.column + label.len() <= room {
            line[tick.column..tick.column + label.len()].copy_from_slice(&label);
        }
    }
    if let Some(c) = cursor.filter(|&c| c < room && line[c] == ' ') {
        line[c] = '▲';
    }
    if room > 0 {
        line.truncate(room);
        line.extend(scale_note.chars());
    }
    line.into_iter().collect()
}

pub fn footer(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let (hints_in_order, kept) = match &state.loading {
        Some(_) => first_screen_hints(state),
        None => state.keymap.footer(state.mode()),
    };
    frame.render_widget(Paragraph::new(hints(&hints_in_order, kept, area.width as usize, theme)), area);
}

/// The keys that work on the first screen of a large file, before it has loaded: the moves and
/// quitting (every other key waits for the load, as the status line says).
fn first_screen_hints(state: &State) -> (Vec<(String, &'static str)>, usize) {
    let key = |action: Action| state.keymap.label(Mode::List, action);
    let pair = |a: Action, b: Action| format!("{}/{}", key(a), key(b));
    let hints = vec![
        (pair(Action::MoveDown, Action::MoveUp), "move"),
        (pair(Action::PageDown, Action::PageUp), "page"),
        (pair(Action::Top, Action::Bottom), "first/last"),
        (key(Action::Quit), "quit"),
    ];
    (hints, 1)
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
