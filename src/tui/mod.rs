//! The interactive browser. The loop: terminal event -> key map -> action -> update -> effects ->
//! draw. The terminal is restored on every way out: quit, Ctrl-c, SIGINT, SIGTERM, SIGHUP, an
//! error, and a panic (restored first, then the panic message printed).

pub mod action;
pub mod effect;
pub mod exporting;
pub mod jump;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod update;
pub mod view;

use action::Action;
use effect::Effect;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::{cursor, execute, terminal};
use state::{Data, State};
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;
use view::Theme;

/// Set in tests to check that a panic leaves the terminal usable.
const PANIC_SWITCH: &str = "TIMELINE_TEST_PANIC";

/// Runs the browser until the user quits; returns the signal that stopped it, if one did.
pub fn run(data: Data) -> io::Result<Option<i32>> {
    let stop = Arc::new(AtomicI32::new(0));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            flag.store(signal, Ordering::Relaxed);
        }
    });
    install_panic_hook();
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, &data, &stop);
    leave();
    result?;
    Ok(Some(stop.load(Ordering::Relaxed)).filter(|&s| s != 0))
}

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(
        stdout,
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    ) {
        leave();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Puts the terminal back as it was. Safe to call more than once.
fn leave() {
    let _ = execute!(
        io::stdout(),
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, data: &Data, stop: &AtomicI32) -> io::Result<()> {
    let size = terminal.size()?;
    let mut state = State::new(data, (size.width, size.height));
    update::update(&mut state, data, Action::Resize { width: size.width, height: size.height });
    let theme = Theme::from_env();
    let panic_requested = std::env::var_os(PANIC_SWITCH).is_some();
    loop {
        terminal.draw(|frame| view::draw(frame, &state, data, &theme))?;
        if panic_requested {
            panic!("{PANIC_SWITCH} is set: panicking on purpose to test terminal restoration");
        }
        let Some(actions) = next_actions(&state, stop)? else {
            return Ok(());
        };
        for action in actions {
            for effect in update::update(&mut state, data, action) {
                if effect == Effect::Quit {
                    return Ok(());
                }
                if let Some(outcome) = effect::perform(&effect) {
                    update::outcome(&mut state, outcome);
                }
            }
        }
    }
}

/// Waits for the next actions; `None` when a signal asks the program to stop.
fn next_actions(state: &State, stop: &AtomicI32) -> io::Result<Option<Vec<Action>>> {
    loop {
        if stop.load(Ordering::Relaxed) != 0 {
            return Ok(None);
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let actions: Vec<Action> = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keymap::action(state.mode(), &key).into_iter().collect()
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => vec![Action::ScrollDown],
                MouseEventKind::ScrollUp => vec![Action::ScrollUp],
                MouseEventKind::Down(_) => vec![Action::Click { column: mouse.column, row: mouse.row }],
                _ => vec![],
            },
            Event::Resize(width, height) => vec![Action::Resize { width, height }],
            // Pasted text is typed into the open input, never interpreted as keys.
            Event::Paste(text) if matches!(state.mode(), keymap::Mode::Query | keymap::Mode::Picker) => {
                text.chars().filter(|c| !crate::text::is_unsafe(*c)).map(Action::Insert).collect()
            }
            _ => vec![],
        };
        if !actions.is_empty() {
            return Ok(Some(actions));
        }
    }
}
