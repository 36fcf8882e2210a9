//! The terminal while the browser has it: raw mode, the alternate screen, the mouse and pasting,
//! taken on entering and given back on every way out (quit, an error, a panic, a stop).

use super::signals;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use std::io::{self, Stdout};

pub type Screen = Terminal<CrosstermBackend<Stdout>>;

/// Takes the terminal.
pub fn enter() -> io::Result<Screen> {
    if let Err(e) = take() {
        leave();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

fn take() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    signals::terminal_ours(true);
    Ok(())
}

/// Puts the terminal back as it was. Safe to call more than once, and from a signal's thread.
pub fn leave() {
    signals::terminal_ours(false);
    let _ = execute!(
        io::stdout(),
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Takes the terminal back after a program that used it, and redraws everything.
pub fn resume(screen: &mut Screen) -> io::Result<()> {
    take()?;
    // Clears the screen and forgets what was drawn, so that all of it is drawn again. Not
    // `clear`: it asks the terminal where its cursor is, and fails if no answer comes in time.
    let size = screen.size()?;
    screen.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Ctrl-z and SIGTSTP: gives the terminal back as the shell left it, stops the job, and takes
/// the terminal back when continued.
pub fn suspend(screen: &mut Screen) -> io::Result<()> {
    leave();
    signals::stop_job(true);
    resume(screen)
}

/// Acts on a stop or a continue asked for by a signal; whether the screen must be drawn again.
pub fn attend(screen: &mut Screen, asked: &signals::Asked) -> io::Result<bool> {
    if asked.take_suspend() {
        suspend(screen)?;
        return Ok(true);
    }
    if asked.take_redraw() {
        resume(screen)?;
        return Ok(true);
    }
    Ok(false)
}

/// A panic on any thread gives the terminal back before its message is printed, and ends the
/// process: a panic on another thread (a filter, a writer, the loader) would otherwise leave the
/// loop drawing on a restored terminal and waiting for a result that never comes.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
        crate::export::write::abandon_unfinished();
        std::process::exit(101);
    }));
}

/// Removes the files of exports still being written when the browser ends by an error, which
/// does not wait for them (a panic ends in the panic hook, which removes them itself).
pub struct Abandon;

impl Drop for Abandon {
    fn drop(&mut self) {
        crate::export::write::abandon_unfinished();
    }
}
