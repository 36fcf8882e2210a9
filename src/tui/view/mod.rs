//! Views only draw: each reads `State` and `Data` and writes into the frame.

mod chrome;
mod detail;
mod list;
mod overlays;
mod source;

pub use super::theme::Theme;

use super::action::Action;
use super::keymap::Mode;
use super::layout::{self, WIDE};
use super::state::{Data, Overlay, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, state: &State, data: &Data, theme: &Theme) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area);
        return;
    }
    let a = layout::areas(area, !state.detail_hidden);
    chrome::header(frame, a.header, state, data, theme);
    chrome::density(frame, a.density, state, data, theme);
    list::draw(frame, a.list, state, data, theme);
    if !state.detail_hidden {
        detail::draw(frame, a.detail, state, data, theme, area.width >= WIDE);
    }
    chrome::footer(frame, a.footer, state, theme);
    chrome::status(frame, a.status, state, data, theme);
    if let Some(errors) = &state.banner {
        banner(frame, area, errors, &state.keymap.label(Mode::List, Action::Reload), theme);
    }
    match &state.overlay {
        Some(Overlay::Help { scroll, .. }) => overlays::help(frame, area, *scroll, &state.keymap, theme),
        Some(Overlay::Picker(p)) => overlays::picker(frame, area, p, &state.keymap, theme),
        Some(Overlay::Query(input)) => overlays::query(frame, a.status, a.footer, input, state, theme),
        Some(Overlay::Source(view)) => source::view(frame, area, view, state, data, theme),
        Some(Overlay::Sources(cursor)) => source::list(frame, area, *cursor, state, data, theme),
        Some(Overlay::Export(dialog)) => overlays::export(frame, area, dialog, &state.keymap, theme),
        None => {}
    }
    no_split_wide_characters(frame.buffer_mut());
}

/// A wide character whose second column is outside the screen or was drawn over is blanked: the
/// terminal would otherwise wrap the line or shift the rest of the row. An overlay's left edge
/// that cuts a wide character of the list beneath is the usual case; the panes themselves wrap
/// and cut by display width (`shown`).
fn no_split_wide_characters(buffer: &mut ratatui::buffer::Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let w = crate::tui::shown::width(buffer[(x, y)].symbol());
            let covered = (1..w as u16).all(|d| x + d < area.right() && buffer[(x + d, y)].symbol() == " ");
            if w > 1 && !covered {
                buffer[(x, y)].set_symbol(" ");
            }
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let message = format!(
        "Terminal too small: {}×{}. timeline needs at least {}×{}.",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let lines = crate::tui::shown::wrap_lines(&[Line::from(message)], area.width as usize);
    frame.render_widget(Paragraph::new(lines), area);
}

/// The screen while a large file loads: its name, a bar of the file read and then parsed, and
/// how to quit.
pub fn loading(frame: &mut Frame, name: &str, (stage, done, size): (&str, usize, usize), quit: &str, theme: &Theme) {
    use ratatui::layout::{Constraint, Layout};
    use ratatui::widgets::Gauge;
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(72);
    let [_, middle, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(4), Constraint::Fill(1)]).areas(area);
    let [_, column, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(width), Constraint::Fill(1)]).areas(middle);
    let [title, bar, _, hint] = Layout::vertical([Constraint::Length(1); 4]).areas(column);
    let name = crate::text::clean_line(name);
    frame.render_widget(Paragraph::new(Line::styled(format!("Loading {name}"), theme.heading())), title);
    let ratio = if size == 0 { 0.0 } else { (done as f64 / size as f64).clamp(0.0, 1.0) };
    let mb = |bytes: usize| bytes as f64 / 1e6;
    let label = format!("{:.0}%", ratio * 100.0);
    frame.render_widget(Gauge::default().ratio(ratio).label(label).gauge_style(theme.selected()), bar);
    let what = format!("{stage} {:.0} of {:.0} MB · {quit} quits", mb(done), mb(size));
    frame.render_widget(Paragraph::new(Line::styled(what, theme.dim())), hint);
}

/// The diagnostics of a broken edit, over the lower part of the screen, above the footer.
fn banner(frame: &mut Frame, area: Rect, errors: &[String], reload: &str, theme: &Theme) {
    use ratatui::widgets::{Block, Clear};
    const SHOWN: usize = 6;
    let mut lines: Vec<Line> = errors
        .iter()
        .take(SHOWN)
        .map(|e| Line::styled(crate::text::clean_line(e).into_owned(), theme.error()))
        .collect();
    let lines_w = area.width.saturating_sub(2) as usize;
    if errors.len() > SHOWN {
        lines.push(Line::styled(
            format!("… and {} more: timeline check lists them all", errors.len() - SHOWN),
            theme.dim(),
        ));
    }
    let lines = crate::tui::shown::wrap_lines(&lines, lines_w);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(4));
    let box_area = Rect { x: area.x, y: area.bottom().saturating_sub(height + 2), width: area.width, height };
    let title =
        format!(" The file has errors: this is the last version that loaded (fix it, or {reload} to read it again) ");
    let block = Block::bordered().title(title).border_style(theme.error());
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
