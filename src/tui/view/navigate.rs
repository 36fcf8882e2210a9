//! The go-to and find prompts, the list of marks, and the side the actor picker chooses.

use super::Theme;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::shown::{fit, pad, width};
use crate::tui::state::{Data, Picker, PickerKind, Prompt, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// A one-line prompt in the status line, with what it says back (or how to use it) in the footer.
pub fn prompt(frame: &mut Frame, (status, footer): (Rect, Rect), sigil: &str, p: &Prompt, hint: &str, theme: &Theme) {
    let text = crate::text::clean_line(&p.text);
    // The end of a long text stays in view: that is where the typing is.
    let room = (status.width as usize).saturating_sub(width(sigil) + 1);
    let shown = tail(&text, room);
    let line = Line::from(vec![Span::styled(sigil.to_string(), theme.key()), Span::raw(shown.clone())]);
    frame.render_widget(Clear, status);
    frame.render_widget(Paragraph::new(line), status);
    frame.set_cursor_position(Position {
        x: status.x + (width(sigil) + width(&shown)).min(status.width.saturating_sub(1) as usize) as u16,
        y: status.y,
    });
    let note = match &p.note {
        Some(note) => Line::styled(fit(note, footer.width as usize), theme.disputed()),
        None => Line::styled(fit(hint, footer.width as usize), theme.dim()),
    };
    frame.render_widget(Clear, footer);
    frame.render_widget(Paragraph::new(note), footer);
}

/// The last characters of `text` that fit in `room` columns.
fn tail(text: &str, room: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().rev().collect()
}

pub fn go_to(frame: &mut Frame, areas: (Rect, Rect), p: &Prompt, state: &State, theme: &Theme) {
    let key = |action| state.keymap.label(Mode::GoTo, action);
    let hint = format!(
        "a date (2024-03-22), an event id ({} completes) or a time from the anchor (T-2w) · {} go · {} cancel",
        key(Action::Complete),
        key(Action::Apply),
        key(Action::Close)
    );
    prompt(frame, areas, ":", p, &hint, theme);
}

pub fn find(frame: &mut Frame, areas: (Rect, Rect), p: &Prompt, state: &State, theme: &Theme) {
    let key = |action| state.keymap.label(Mode::Find, action);
    let (n, prev) =
        (state.keymap.label(Mode::List, Action::FindNext), state.keymap.label(Mode::List, Action::FindPrevious));
    let hint = format!(
        "words, @actor, by:actor, #tag… · {} keep ({n}/{prev} move) · {} go back",
        key(Action::Apply),
        key(Action::Close)
    );
    prompt(frame, areas, "find: ", p, &hint, theme);
}

pub fn as_of(frame: &mut Frame, areas: (Rect, Rect), p: &Prompt, state: &State, theme: &Theme) {
    let key = |action| state.keymap.label(Mode::AsOf, action);
    let list = |action| state.keymap.label(Mode::List, action);
    let now = match state.filter.chosen_as_of() {
        Some((as_of, _)) => format!(" · now {}", as_of.date),
        None => String::new(),
    };
    let hint = format!(
        "what was known by a date (2024-03-10, 2024-03), or off{now} · {} and {} step it · {} set · {} cancel",
        list(Action::AsOfEarlier),
        list(Action::AsOfLater),
        key(Action::Apply),
        key(Action::Close),
    );
    prompt(frame, areas, "as of: ", p, &hint, theme);
}

/// The list of marks: letter, date and title of each marked event.
pub fn marks(frame: &mut Frame, area: Rect, cursor: usize, state: &State, data: &Data, theme: &Theme) {
    let listed = crate::tui::goto::listed(state);
    let height = (listed.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let box_area = centered(area, 72, height);
    let key = |action| state.keymap.label(Mode::Marks, action);
    let title = format!(
        " Marks · {} go · {} forget · {} close ",
        key(Action::Apply),
        key(Action::DeleteMark),
        key(Action::Close)
    );
    let block =
        Block::bordered().title(fit(&title, box_area.width.saturating_sub(2) as usize)).border_style(theme.dim());
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let rows = inner.height as usize;
    let first = cursor.saturating_sub(rows.saturating_sub(1));
    let w = inner.width as usize;
    let lines: Vec<Line> = listed
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(row, (letter, id))| {
            let event = data.timeline.events.iter().find(|e| e.id.as_str() == *id);
            let (when, title) = match event {
                Some(e) => (e.when.text.to_string(), e.title.to_string()),
                None => (String::new(), format!("{id} (no longer in the file)")),
            };
            let line = Line::from(vec![
                Span::styled(format!(" {letter}  "), theme.key()),
                Span::styled(format!("{} ", pad(&when, 21)), theme.dim()),
                Span::raw(fit(&title, w.saturating_sub(26))),
            ]);
            if row == cursor { line.style(theme.selected()) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// On the actor picker's lower edge: which side it chooses, and the key that switches.
pub fn picker_side(frame: &mut Frame, area: Rect, p: &Picker, state: &State, theme: &Theme) {
    if p.kind != PickerKind::Actors {
        return;
    }
    // The picker's box, as `overlays::picker` places it.
    let box_area = centered(area, 80, area.height.saturating_sub(2).max(6));
    let key = state.keymap.label(Mode::Picker, Action::SwitchClaims);
    let label = if p.claims {
        format!(" who claims the event (by:) · {key}: who takes part ")
    } else {
        format!(" who takes part · {key}: who claims the event (by:) ")
    };
    let label = fit(&label, box_area.width.saturating_sub(4) as usize);
    let at = Rect { x: box_area.x + 2, y: box_area.bottom().saturating_sub(1), width: width(&label) as u16, height: 1 };
    if box_area.height >= 3 && at.right() <= box_area.right() {
        frame.render_widget(Paragraph::new(Line::styled(label, theme.chip())), at);
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}
