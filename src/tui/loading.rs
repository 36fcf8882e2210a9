//! The screen while a large file loads: its progress, until the data is ready or the user quits.

use super::action::Action;
use super::keymap::{Keymap, Mode};
use super::signals::Asked;
use super::terminal::{self, Screen};
use super::view::{self, Theme};
use super::{Exit, Loading};
use crate::load::Progress;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::io;
use std::time::Duration;

/// Shows the loading progress until the data is ready (`None`) or the user quits or a signal
/// comes (`Some`). Quitting does not wait for the load: the process ends with it.
pub fn wait_for(
    screen: &mut Screen,
    loading: &Loading,
    progress: &Progress,
    name: &str,
    (keymap, theme): (&Keymap, &Theme),
    asked: &Asked,
) -> io::Result<Option<Exit>> {
    let quit = keymap.label(Mode::List, Action::Quit);
    while !loading.is_finished() {
        terminal::attend(screen, asked)?;
        screen.draw(|frame| view::loading(frame, name, progress.stage(), &quit, theme))?;
        if let Some(signal) = asked.stop() {
            return Ok(Some(Exit::Signal(signal)));
        }
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
        {
            match keymap.action(Mode::List, &key) {
                Some(Action::Quit) => return Ok(Some(Exit::Quit)),
                Some(Action::Suspend) => terminal::suspend(screen)?,
                _ => {}
            }
        }
    }
    Ok(None)
}
