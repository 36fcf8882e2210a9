//! The detail pane: what `tui::detail` says about the event under the cursor, in its frame.

use super::Theme;

use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::{Data, Focus, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, data: &Data, theme: &Theme, side_by_side: bool) {
    let borders = if side_by_side { Borders::LEFT } else { Borders::TOP };
    let focused = state.focus == Focus::Detail;
    let title = if focused {
        let key = |action| state.keymap.label(Mode::Detail, action);
        let (down, up, tab) = (key(Action::MoveDown), key(Action::MoveUp), key(Action::SwitchFocus));
        format!(" Detail (focused: {down}/{up} scroll, {tab} back) ")
    } else {
        " Detail ".to_string()
    };
    let title_style = if focused { theme.heading() } else { theme.dim() };
    let block = Block::new().borders(borders).border_style(theme.dim()).title(Span::styled(title, title_style));
    frame.render_widget(block, area);
    let text = crate::tui::detail::text_area(area, side_by_side);
    let lines = crate::tui::detail::wrapped(state, data, theme, text.width as usize);
    let shown: Vec<_> = lines.into_iter().skip(state.detail_scroll as usize).take(text.height as usize).collect();
    frame.render_widget(Paragraph::new(shown), text);
}
