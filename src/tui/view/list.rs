//! The event list: date headings and one row per event, of one line or (`w`) up to three.

use super::Theme;
use crate::knowledge::Known;
use crate::model::when::{Precision, relative};
use crate::model::{Event, Status};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{self, Columns};
use crate::tui::shown::{fit, highlighted, pad, width};
use crate::tui::state::{Data, Focus, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme) {
    if state.shown.is_empty() {
        let lines = crate::tui::shown::wrap_lines(&no_results(state, data, theme), area.width as usize);
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let words = state.highlights();
    let columns = layout::columns_in(state, data, area);
    let mut titles: Option<(usize, Vec<Line>)> = None;
    let lines: Vec<Line> = layout::list_lines(state, data, &columns, area.height as usize)
        .into_iter()
        .map(|line| match line {
            layout::Line::Heading(label) => Line::styled(fit(&label, area.width as usize), theme.heading()),
            layout::Line::Event { pos, line } => {
                if titles.as_ref().is_none_or(|(p, _)| *p != pos) {
                    let e = data.event(state.shown[pos]);
                    titles = Some((pos, layout::title_lines(e, data, state, &columns, theme.claim())));
                }
                let title = titles.as_ref().and_then(|(_, t)| t.get(line)).cloned().unwrap_or_default();
                event_line(data, state, (pos, line), title, &columns, &words, theme)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// What the list says when it shows nothing: that the timeline is empty, or that the filters
/// leave nothing.
fn no_results<'a>(state: &State, data: &Data, theme: &Theme) -> Vec<Line<'a>> {
    if data.timeline.events.is_empty() {
        let edit = state.keymap.label(Mode::List, Action::Edit);
        return vec![
            Line::from(""),
            Line::styled("This timeline has no events yet.", theme.title()),
            Line::from(""),
            Line::from(format!("Press {edit} to add one in your editor: the list shows it when the file is saved.")),
        ];
    }
    let chips = super::chrome::chips(state, data).join("  ");
    vec![
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
    ]
}

/// The mark of an event's status: every status has its own, so Confirmed and Reported rows
/// differ at a glance. Help's legend (`MARKERS`) says what each means.
fn marker<'a>(e: &Event, theme: &Theme) -> Span<'a> {
    match e.status {
        Status::Confirmed => Span::raw("✓ "),
        Status::Reported => Span::styled("· ", theme.dim()),
        Status::Claimed => Span::styled("C ", theme.claim()),
        Status::Disputed => Span::styled("D ", theme.disputed()),
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

/// The column before the time: the event's mark letter, `›` on a match of the find, or while an
/// as-of date is set, `◌` for an event only possibly known by then and `∅` for one whose first
/// report is unknown.
fn lead<'a>(state: &State, e: &Event, i: usize, known: Option<Known>, theme: &Theme) -> Span<'a> {
    if let Some((letter, _)) = state.marks.letters.iter().find(|(_, id)| id.as_str() == e.id.as_str()) {
        return Span::styled(letter.to_string(), theme.key());
    }
    if crate::tui::find::is_hit(state, i) {
        return Span::styled("›", theme.matched());
    }
    match known {
        Some(Known::Possibly) => Span::styled("◌", theme.dim()),
        Some(Known::Unknown) => Span::styled("∅", theme.dim()),
        _ => Span::raw(" "),
    }
}

/// The event's actors for the actors column, by their short labels.
fn actors(e: &Event, data: &Data) -> String {
    // The column holds a few names at most; an event may name thousands.
    let mut names: Vec<&str> = e.actors.iter().take(8).map(|&a| data.short_names[a].as_str()).collect();
    if e.actors.len() > names.len() {
        names.push("…");
    }
    names.join(", ")
}

/// Line `line` of the row of the event at `pos`: the first carries the time, the mark, the
/// actors and the time from the anchor; the others only the title's next lines.
fn event_line<'a>(
    data: &Data,
    state: &State,
    (pos, line): (usize, usize),
    title: Line<'static>,
    columns: &Columns,
    words: &[&str],
    theme: &Theme,
) -> Line<'a> {
    let e = data.event(state.shown[pos]);
    let known = crate::tui::replay::known(state, data, state.shown[pos]);
    let selected = state.selected().is_some_and(|r| r.contains(&pos));
    let lead = match (selected, line) {
        (true, _) => Span::styled("┃", theme.chip()),
        (false, 0) => lead(state, e, pos, known, theme),
        (false, _) => Span::raw(" "),
    };
    let mut spans = vec![lead];
    if line == 0 {
        spans.push(Span::raw(format!("{} ", pad(&layout::time_text(e, data), columns.time))));
        spans.push(marker(e, theme));
    } else {
        spans.push(Span::raw(" ".repeat(columns.time + 3)));
    }
    let title_w: usize = title.spans.iter().map(|s| width(&s.content)).sum();
    for span in title.spans {
        if span.style == Style::new() {
            spans.extend(highlighted(span.content.into_owned(), words, Style::new(), theme.matched()));
        } else {
            spans.push(span);
        }
    }
    spans.push(Span::raw(" ".repeat(columns.title.saturating_sub(title_w))));
    if line == 0 && columns.actors > 0 {
        spans.push(Span::styled(format!(" {}", pad(&actors(e, data), columns.actors.saturating_sub(1))), theme.dim()));
    }
    if line == 0 && columns.relative > 0 {
        let rel = relative_to_anchor(e, data);
        spans.push(Span::styled(format!("{rel:>w$}", w = columns.relative + 1), theme.dim()));
    }
    let mut row = Line::from(spans);
    // Only possibly known by the as-of date: dimmed, as well as marked.
    if known == Some(Known::Possibly) {
        row = row.patch_style(Style::new().add_modifier(ratatui::style::Modifier::DIM));
    }
    if pos != state.cursor {
        return row;
    }
    let style = if state.focus == Focus::List {
        theme.selected()
    } else {
        theme.selected().add_modifier(ratatui::style::Modifier::DIM)
    };
    row.style(style)
}
