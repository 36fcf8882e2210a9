//! The lanes view (`L`): a header line with the axis's ticks, breaks, the cursor's column and
//! the selection, then one row per lane on screen, its label on the left. The cells of each
//! lane were made with the lanes (`lanes_view`); a frame copies those on screen and draws the
//! cursor's event over them, reversed, in every lane it is in.

use super::Theme;
use crate::model::Status;
use crate::tui::lanes_view::{self, Cell, Ink, LanesView};
use crate::tui::shown::{fit, pad};
use crate::tui::state::{Data, Focus, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Data, view: &LanesView, theme: &Theme) {
    let label_w = lanes_view::label_width(area.width);
    let width = (area.width as usize).saturating_sub(label_w + 1);
    let mut lines = vec![header(state, data, view, (label_w, width), theme)];
    let current = state.current();
    let rows = (area.height as usize).saturating_sub(1);
    if view.asked.is_some() {
        let waiting = format!("Laying out the lanes by {} of {} events…", view.by.name(), state.shown.len());
        lines.push(Line::from(Span::styled(waiting, theme.dim())));
    }
    for lane in (view.top..view.lanes.len()).take(rows) {
        // `update` made the cells of every lane on screen.
        let mut cells: Vec<Cell> = view.rows[lane].clone().unwrap_or_default();
        cells.resize(width, (' ', Ink::Empty));
        let mut reversed = vec![false; width];
        if let Some(ix) = current {
            let entry = lanes_view::entry(&view.lanes[lane], ix);
            for (column, cell) in entry.map(|e| lanes_view::cells(&data.timeline, &view.axis, e)).unwrap_or_default() {
                if column < width {
                    cells[column] = cell;
                    reversed[column] = true;
                }
            }
        }
        let label_style = if lane == view.lane { theme.title() } else { theme.dim() };
        let mut spans =
            vec![Span::styled(format!("{} ", pad(&fit(&view.labels[lane], label_w), label_w)), label_style)];
        spans.extend(runs(&cells, &reversed, cursor_style(state, theme), theme));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The cursor's event is reversed, dimmer while the detail pane has the keys.
fn cursor_style(state: &State, theme: &Theme) -> Style {
    if state.focus == Focus::List {
        theme.selected()
    } else {
        theme.selected().add_modifier(ratatui::style::Modifier::DIM)
    }
}

/// Cells as spans, a span per run of one style.
fn runs(cells: &[Cell], reversed: &[bool], cursor: Style, theme: &Theme) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = Style::new();
    for (&(c, ink), &rev) in cells.iter().zip(reversed) {
        let s = if rev { ink_style(ink, theme).patch(cursor) } else { ink_style(ink, theme) };
        if s != style && !text.is_empty() {
            out.push(Span::styled(std::mem::take(&mut text), style));
        }
        style = s;
        text.push(c);
    }
    if !text.is_empty() {
        out.push(Span::styled(text, style));
    }
    out
}

fn ink_style(ink: Ink, theme: &Theme) -> Style {
    match ink {
        Ink::Empty | Ink::Qualifier => Style::new(),
        Ink::Break => theme.dim(),
        Ink::Claim => theme.claim(),
        Ink::Bar(status) | Ink::Head(status) => status_style(status, theme),
    }
}

fn status_style(status: Status, theme: &Theme) -> Style {
    match status {
        Status::Confirmed => Style::new(),
        Status::Reported => theme.dim(),
        Status::Claimed => theme.claim(),
        Status::Disputed => theme.disputed(),
    }
}

/// The header: what the lanes are of and the cursor's lane among them, then the axis's tick
/// labels, `≈` for each break, `─` under the selection and the cursor's column reversed.
fn header(
    state: &State,
    data: &Data,
    view: &LanesView,
    (label_w, width): (usize, usize),
    theme: &Theme,
) -> Line<'static> {
    let what = match view.asked {
        Some(_) => format!("by {} …", view.by.name()),
        None => format!("by {} {}/{}", view.by.name(), view.lane + 1, view.lanes.len()),
    };
    let mut cells: Vec<(char, Style)> = vec![(' ', Style::new()); width];
    let axis = &view.axis;
    for b in axis.breaks() {
        if let Some(cell) = cells.get_mut(b.column) {
            *cell = ('≈', theme.dim());
        }
    }
    // Labels go over the breaks' marks: a year one column wide is named only that way, and the
    // lanes below still show each break.
    for tick in axis.ticks(data.timeline.timezone) {
        let room = tick.column..tick.column + tick.label.chars().count();
        if cells.get(room.clone()).is_some_and(|r| r.iter().all(|c| matches!(c.0, ' ' | '≈'))) {
            for (cell, c) in cells[room].iter_mut().zip(tick.label.chars()) {
                *cell = (c, theme.heading());
            }
        }
    }
    let column = |pos: usize| lanes_view::column_of(&data.timeline, axis, state.shown[pos]);
    if let Some(range) = state.selected() {
        for cell in cells.iter_mut().take(column(*range.end()) + 1).skip(column(*range.start())) {
            if cell.0 == ' ' {
                *cell = ('─', theme.chip());
            }
        }
    }
    if state.current().is_some()
        && let Some(cell) = cells.get_mut(column(state.cursor))
    {
        *cell = (if cell.0 == ' ' { '▼' } else { cell.0 }, theme.selected());
    }
    let mut spans = vec![Span::styled(format!("{} ", pad(&fit(&what, label_w), label_w)), theme.heading())];
    let mut run = String::new();
    let mut style = Style::new();
    for (c, s) in cells {
        if s != style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        style = s;
        run.push(c);
    }
    spans.push(Span::styled(run, style));
    Line::from(spans)
}
