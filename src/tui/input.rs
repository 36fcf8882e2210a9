//! What a terminal event asks for, in the mode the browser is in, as messages.

use super::action::Action;
use super::keymap::Mode;
use super::msg::Msg;
use super::state::State;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};

pub fn messages(state: &State, event: Event) -> Vec<Msg> {
    let actions: Vec<Action> = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            state.keymap.action(state.mode(), &key).into_iter().collect()
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => vec![Action::ScrollDown],
            MouseEventKind::ScrollUp => vec![Action::ScrollUp],
            MouseEventKind::Down(_) => vec![Action::Click { column: mouse.column, row: mouse.row }],
            _ => vec![],
        },
        Event::Resize(width, height) => vec![Action::Resize { width, height }],
        // Pasted text is typed into the open input, never interpreted as keys.
        // In the form a line break is kept: the summary takes several lines. Terminals paste a
        // line break as a carriage return (tmux, most emulators), sometimes as CR LF.
        Event::Paste(text) if state.mode() == Mode::Form => {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            text.chars().filter(|&c| c == '\n' || !crate::text::is_unsafe(c)).map(Action::Insert).collect()
        }
        Event::Paste(text) if matches!(state.mode(), Mode::Query | Mode::Picker) => {
            text.chars().filter(|c| !crate::text::is_unsafe(*c)).map(Action::Insert).collect()
        }
        _ => vec![],
    };
    actions.into_iter().map(Msg::Action).collect()
}
