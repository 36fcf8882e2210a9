//! Views only draw: each reads `State` and `Data` and writes into the frame.

mod chrome;
mod detail;
mod form;
mod lanes;
mod list;
mod navigate;
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
    match &state.lanes {
        Some(view) if !state.shown.is_empty() => lanes::draw(frame, a.list, state, data, view, theme),
        _ => list::draw(frame, a.list, state, data, theme),
    }
    if !state.detail_hidden {
        detail::draw(frame, a.detail, state, data, theme, area.width >= WIDE);
    }
    chrome::footer(frame, a.footer, state, theme);
    chrome::status(frame, a.status, state, data, theme);
    if let Some(errors) = &state.banner {
        let body = Rect { y: a.list.y, height: a.footer.y.saturating_sub(a.list.y), ..area };
        banner(frame, body, cursor_row(state, data, a.list), errors, state, theme);
    }
    match &state.overlay {
        Some(Overlay::Help { scroll, .. }) => overlays::help(frame, area, *scroll, &state.keymap, theme),
        Some(Overlay::Picker(p)) => {
            overlays::picker(frame, area, p, &state.keymap, theme);
            navigate::picker_side(frame, area, p, state, theme);
        }
        Some(Overlay::Query(input)) => overlays::query(frame, a.status, a.footer, input, state, theme),
        Some(Overlay::Source(view)) => source::view(frame, area, view, state, data, theme),
        Some(Overlay::Sources(cursor)) => source::list(frame, area, *cursor, state, data, theme),
        Some(Overlay::Export(dialog)) => overlays::export(frame, area, dialog, &state.keymap, theme),
        Some(Overlay::Diagnostics(scroll)) => diagnostics(frame, area, *scroll, state, theme),
        Some(Overlay::GoTo(p)) => navigate::go_to(frame, (a.status, a.footer), p, state, theme),
        Some(Overlay::Find(p)) => navigate::find(frame, (a.status, a.footer), p, state, theme),
        Some(Overlay::Marks(cursor)) => navigate::marks(frame, area, *cursor, state, data, theme),
        Some(Overlay::AsOf(p)) => navigate::as_of(frame, (a.status, a.footer), p, state, theme),
        Some(Overlay::Form(f)) => form::draw(frame, area, f, state, data, theme),
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

/// The screen row of the list's cursor, if it is on screen.
fn cursor_row(state: &State, data: &Data, list: Rect) -> Option<u16> {
    let columns = layout::columns_in(state, data, list);
    let at = layout::cursor_line(state, data, &columns, state.offset).filter(|&at| at < list.height as usize)?;
    Some(list.y + at as u16)
}

/// The first error of a broken edit and its help, over the part of `body` (the rows between
/// the density strip and the footer) that leaves the cursor's row in sight: below it if there
/// is room, else above.
fn banner(frame: &mut Frame, body: Rect, cursor: Option<u16>, errors: &[String], state: &State, theme: &Theme) {
    use ratatui::widgets::{Block, Clear};
    let Some(first) = errors.first() else { return };
    let mut lines: Vec<Line> = first
        .lines()
        .enumerate()
        .filter(|(i, line)| *i == 0 || line.trim_start().starts_with("= "))
        .map(|(_, line)| Line::styled(crate::text::clean_line(line.trim_start()).into_owned(), theme.error()))
        .collect();
    let key = |action| state.keymap.label(Mode::List, action);
    // The first screen of a load that ended in errors: nothing loaded to keep, nothing to list.
    let first_screen = state.loading.as_ref().is_some_and(|note| note.failed);
    let more = match errors.len() {
        _ if first_screen => format!("{} quits and prints them all", key(Action::Quit)),
        1 => format!("{} shows it whole · {} reads the file again", key(Action::Diagnostics), key(Action::Reload)),
        n => format!("{} lists all {n} · {} reads the file again", key(Action::Diagnostics), key(Action::Reload)),
    };
    lines.push(Line::styled(more, theme.dim()));
    let lines = crate::tui::shown::wrap_lines(&lines, body.width.saturating_sub(2).max(1) as usize);
    let wanted = lines.len() as u16 + 2;
    let (top, bottom) = (body.y, body.bottom());
    let (above, below) = match cursor {
        Some(row) => (row.saturating_sub(top), bottom.saturating_sub(row + 1)),
        None => (0, body.height),
    };
    let box_area = if below >= wanted.min(above.max(below)) {
        let height = wanted.min(below);
        Rect { y: bottom - height, height, ..body }
    } else {
        Rect { y: top, height: wanted.min(above), ..body }
    };
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let title = match first_screen {
        true => " The file has errors: the browser cannot open it ".to_string(),
        false => format!(" The file has errors ({count}): this is the last version that loaded "),
    };
    let block = Block::bordered().title(title).border_style(theme.error());
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

/// `!`: every error of the file as `timeline check` prints it, unwrapped so that carets stay
/// under what they point at, scrolled, with the place in the border.
fn diagnostics(frame: &mut Frame, area: Rect, scroll: u16, state: &State, theme: &Theme) {
    use ratatui::widgets::{Block, Clear};
    let errors = state.banner.as_deref().unwrap_or_default();
    let all = super::reload::diagnostic_lines(errors);
    let box_area = super::help::area(area);
    let height = box_area.height.saturating_sub(2);
    let total = all.len() as u16;
    let scroll = scroll.min(total.saturating_sub(height));
    let lines: Vec<Line> = all
        .iter()
        .skip(scroll as usize)
        .take(height as usize)
        .map(|line| {
            let style = if line.contains(": error: ") { theme.error() } else { ratatui::style::Style::new() };
            Line::styled(crate::text::clean_line(line).into_owned(), style)
        })
        .collect();
    let close = state.keymap.label(Mode::Diagnostics, Action::Close);
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let title = format!(" {count} in the file, as `timeline check` prints them — {close} closes ");
    let position = format!(" {}/{} ", (scroll + height).min(total), total);
    let block =
        Block::bordered().title(title).title_bottom(Line::from(position).right_aligned()).border_style(theme.error());
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
