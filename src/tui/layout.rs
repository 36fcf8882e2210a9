//! Where each pane goes for a terminal size. Pure, so that `update` (page size, mouse clicks)
//! and the views agree without the views reporting back.

use ratatui::layout::{Constraint, Layout, Rect};

pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, list and detail sit side by side.
pub const WIDE: u16 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub density: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn areas(area: Rect) -> Areas {
    let density_rows = if area.height < 16 { 1 } else { 2 };
    let [header, density, body, footer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(density_rows),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [list, detail] = if area.width >= WIDE {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    };
    Areas { header, density, list, detail, footer, status }
}

/// Lines of the list pane that hold rows.
pub fn list_height(size: (u16, u16)) -> usize {
    areas(Rect::new(0, 0, size.0, size.1)).list.height as usize
}
