//! The event list: date headings and one row per event.

use super::Theme;
use crate::model::when::{Precision, relative};
use crate::model::{Event, Status};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::shown::{fit, highlighted, pad};
use crate::tui::state::{Data, Focus, Row, State, heading, rows};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    if state.shown.is_empty() {
        frame.render_widget(no_results(state, data, theme), area);
        return;
    }
    let words = state.highlights();
    let rows = rows(data, &state.shown, state.offset, area.height as usize);
    // As wide as the longest time on screen, so that interval ends are never cut.
    let time_w = rows
        .iter()
        .filter_map(|r| match r {
            Row::Event(i) => Some(crate::tui::shown::width(&time_text(data.event(state.shown[*i]), data))),
            Row::Heading(_) => None,
        })
        .max()
        .unwrap_or(0)
        .min(area.width as usize / 3);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| match row {
            Row::Heading(label) => Line::styled(fit(&label, area.width as usize), theme.heading()),
            Row::Event(i) => event_row(data, state, i, (area.width as usize, time_w), &words, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn no_results<'a>(state: &State, data: &Data, theme: &Theme) -> Paragraph<'a> {
    let chips = super::chrome::chips(state, data).join("  ");
    Paragraph::new(vec![
        Line::from(""),
        Line::styled("No events match the active filters:", theme.title()),
        Line::styled(format!("  {chips}"), theme.chip()),
        Line::from(""),
        Line::from({
            let key = |action| state.keymap.label(Mode::List, action);
            let (c, a, t, q) =
                (key(Action::ClearFilters), key(Action::ActorPicker), key(Action::TagPicker), key(Action::QueryBar));
            format!("Press {c} to clear every filter, or {a}, {t} or {q} to change them.")
        }),
    ])
    .wrap(ratatui::widgets::Wrap { trim: false })
}

/// The part of `when` not already said by the heading: `20:02`, `~`, `→ 2024-03-25`.
fn time_text(e: &Event, data: &Data) -> String {
    let (_, label) = heading(e, data.timeline.timezone);
    if label.starts_with("until") {
        return e.when.text.to_string();
    }
    let said = match e.when.precision() {
        _ if e.when.text.starts_with('/') || e.when.text.starts_with("..") => 0,
        Precision::Year => 4,
        Precision::Month if !e.when.is_interval() => 7,
        _ if e.when.text.len() >= 10
            && e.when.text.as_bytes()[4] == b'-'
            && e.when.text.as_bytes().get(7) == Some(&b'-') =>
        {
            10
        }
        _ => 7.min(e.when.text.len()),
    };
    let rest = e.when.text.get(said..).unwrap_or("").trim_start_matches('T');
    match rest.strip_prefix('/') {
        Some(end) => format!("→ {end}"),
        None => rest.to_string(),
    }
}

fn marker<'a>(e: &Event, theme: &Theme) -> Span<'a> {
    match e.status {
        Status::Claimed => Span::styled("C ", theme.claim()),
        Status::Disputed => Span::styled("D ", theme.disputed()),
        Status::Confirmed | Status::Reported => Span::raw("  "),
    }
}

fn relative_to_anchor(e: &Event, data: &Data) -> String {
    let Some(anchor) = data.timeline.anchor.map(|a| data.event(a)) else { return String::new() };
    if std::ptr::eq(anchor, e) {
        return "T".into();
    }
    if e.sort_instant() == i64::MIN || e.sort_instant() == i64::MAX {
        return String::new();
    }
    relative(
        e.sort_instant() - anchor.sort_instant(),
        e.when.precision().min(anchor.when.precision().max(Precision::Day)),
    )
}

/// The column before the time: the event's mark letter, or `›` on a match of the find.
fn lead<'a>(state: &State, e: &Event, i: usize, theme: &Theme) -> Span<'a> {
    if let Some((letter, _)) = state.marks.letters.iter().find(|(_, id)| id.as_str() == e.id.as_str()) {
        return Span::styled(letter.to_string(), theme.key());
    }
    if crate::tui::find::is_hit(state, i) {
        return Span::styled("›", theme.matched());
    }
    Span::raw(" ")
}

fn event_row<'a>(
    data: &Data,
    state: &State,
    i: usize,
    (columns, time_w): (usize, usize),
    words: &[&str],
    theme: &Theme,
) -> Line<'a> {
    let e = data.event(state.shown[i]);
    let time = time_text(e, data);
    let rel = relative_to_anchor(e, data);
    let rel_w = if columns < 50 { 0 } else { 6 };
    // The column holds a few names at most; an event may name thousands.
    let mut actors: Vec<&str> = e.actors.iter().take(8).map(|&a| data.short_names[a].as_str()).collect();
    if e.actors.len() > actors.len() {
        actors.push("…");
    }
    let actors = actors.join(", ");
    let actors_w = if columns < 70 { 0 } else { (columns / 5).min(28) };
    let title_w = columns.saturating_sub(1 + time_w + 1 + 2 + actors_w + rel_w + 1);
    let title = pad(&e.title, title_w);
    let selected = state.selected().is_some_and(|r| r.contains(&i));
    let lead = if selected { Span::styled("┃", theme.chip()) } else { lead(state, e, i, theme) };
    let mut spans = vec![lead, Span::raw(format!("{} ", pad(&time, time_w))), marker(e, theme)];
    spans.extend(highlighted(title, words, ratatui::style::Style::new(), theme.matched()));
    if actors_w > 0 {
        spans.push(Span::styled(format!(" {}", pad(&actors, actors_w.saturating_sub(1))), theme.dim()));
    }
    if rel_w > 0 {
        spans.push(Span::styled(format!("{rel:>w$}", w = rel_w + 1), theme.dim()));
    }
    let line = Line::from(spans);
    if i == state.cursor {
        let style = if state.focus == Focus::List {
            theme.selected()
        } else {
            theme.selected().add_modifier(ratatui::style::Modifier::DIM)
        };
        line.style(style)
    } else {
        line
    }
}
