//! Views only draw: each reads `State` and `Data` and writes into the frame.

mod chrome;
mod detail;
mod list;
mod overlays;
mod source;
mod text;
mod theme;

pub use detail::max_scroll as detail_max_scroll;
pub use theme::Theme;

use super::layout::{self, WIDE};
use super::state::{Data, Overlay, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, state: &State, data: &Data, theme: &Theme) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area);
        return;
    }
    let a = layout::areas(area);
    chrome::header(frame, a.header, state, data, theme);
    chrome::density(frame, a.density, state, data, theme);
    list::draw(frame, a.list, state, data, theme);
    detail::draw(frame, a.detail, state, data, theme, area.width >= WIDE);
    chrome::footer(frame, a.footer, state, theme);
    chrome::status(frame, a.status, state, data, theme);
    match &state.overlay {
        Some(Overlay::Help { scroll, .. }) => overlays::help(frame, area, *scroll, theme),
        Some(Overlay::Picker(p)) => overlays::picker(frame, area, p, theme),
        Some(Overlay::Query(input)) => overlays::query(frame, a.status, a.footer, input, state, theme),
        Some(Overlay::Source(view)) => source::view(frame, area, view, state, data, theme),
        Some(Overlay::Sources(cursor)) => source::list(frame, area, *cursor, data, theme),
        Some(Overlay::Export(dialog)) => overlays::export(frame, area, dialog, theme),
        None => {}
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
    frame.render_widget(Paragraph::new(Line::from(message)).wrap(Wrap { trim: true }), area);
}
