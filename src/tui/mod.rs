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

use crate::load::Progress;
use action::Action;
use effect::Effect;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::{cursor, execute, terminal};
use state::{Data, Filtered, State};
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;
use view::Theme;

/// Set in tests to check that a panic leaves the terminal usable.
const PANIC_SWITCH: &str = "TIMELINE_TEST_PANIC";

/// How the browser ended.
#[derive(Debug)]
pub enum Exit {
    /// The user quit (also while the file was loading).
    Quit,
    /// A signal stopped it.
    Signal(i32),
    /// The file could not be opened: the message to print and the exit code.
    Failed(String, u8),
}

/// What the loading thread hands over: the browser's data, or a message and an exit code.
pub type Loading = std::thread::JoinHandle<Result<Data, (String, u8)>>;

/// A load this quick shows no progress screen: the browser simply appears.
const QUIET_LOAD: Duration = Duration::from_millis(100);

/// Runs the browser on the data `loading` makes, showing its `progress` while it takes longer
/// than a blink, until the user quits.
pub fn run(loading: Loading, progress: &Progress, name: &str) -> io::Result<Exit> {
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
            // The loop sees the flag within a poll. If it does not end soon, it is stuck: reading
            // from a terminal that has gone away (SIGHUP) can spin inside the terminal library.
            std::thread::sleep(Duration::from_secs(2));
            leave();
            std::process::exit(128 + signal);
        }
    });
    install_panic_hook();
    let started = std::time::Instant::now();
    while !loading.is_finished() && started.elapsed() < QUIET_LOAD {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut terminal = None;
    if !loading.is_finished() {
        let mut screen = enter()?;
        let waited = wait_for(&mut screen, &loading, progress, name, &stop);
        terminal = Some(screen);
        if let Some(exit) = waited.unwrap_or_else(|e| Some(Exit::Failed(e.to_string(), 1))) {
            leave();
            return Ok(exit);
        }
    }
    let data = match loading.join() {
        Ok(Ok(data)) => data,
        Ok(Err((message, code))) => {
            leave();
            return Ok(Exit::Failed(message, code));
        }
        Err(_) => {
            leave();
            return Ok(Exit::Failed("error: loading the timeline failed unexpectedly".into(), 1));
        }
    };
    let mut terminal = match terminal {
        Some(t) => t,
        None => enter()?,
    };
    let result = event_loop(&mut terminal, &data, &stop);
    leave();
    result?;
    // The data is dropped by the operating system with the process: freeing a million events
    // one by one would only delay the exit.
    std::mem::forget(data);
    Ok(match stop.load(Ordering::Relaxed) {
        0 => Exit::Quit,
        signal => Exit::Signal(signal),
    })
}

/// Shows the loading progress until the data is ready (`None`) or the user quits or a signal
/// comes (`Some`). Quitting does not wait for the load: the process ends with it.
fn wait_for(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    loading: &Loading,
    progress: &Progress,
    name: &str,
    stop: &AtomicI32,
) -> io::Result<Option<Exit>> {
    let theme = Theme::from_env();
    while !loading.is_finished() {
        terminal.draw(|frame| view::loading(frame, name, progress.stage(), &theme))?;
        let signal = stop.load(Ordering::Relaxed);
        if signal != 0 {
            return Ok(Some(Exit::Signal(signal)));
        }
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
            && keymap::action(keymap::Mode::List, &key) == Some(Action::Quit)
        {
            return Ok(Some(Exit::Quit));
        }
    }
    Ok(None)
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
    let (finished, results) = mpsc::channel::<Done>();
    // Work that could take longer than a frame runs on scoped threads while keys keep working:
    // filtering a large timeline (one filter at a time; a filter changed meanwhile runs when the
    // current one is done, so typing fast never piles up work) and writing an export.
    std::thread::scope(|scope| {
        let mut filtering = false;
        let mut writing = 0;
        loop {
            terminal.draw(|frame| view::draw(frame, &state, data, &theme))?;
            if panic_requested {
                panic!("{PANIC_SWITCH} is set: panicking on purpose to test terminal restoration");
            }
            if state.counting() && !filtering {
                let (generation, filter, finished) = (state.generation, state.filter.clone(), finished.clone());
                scope.spawn(move || finished.send(Done::Filtered(generation, Filtered::compute(&filter, data))));
                filtering = true;
            }
            let actions = match next_input(&state, stop, &results, filtering || writing > 0)? {
                Input::Stop => return Ok(()),
                Input::Done(Done::Filtered(generation, result)) => {
                    filtering = false;
                    state.filtered(data, generation, result);
                    continue;
                }
                Input::Done(Done::Outcome(outcome)) => {
                    writing -= 1;
                    update::outcome(&mut state, outcome);
                    continue;
                }
                Input::Actions(actions) => actions,
            };
            for action in actions {
                for effect in update::update(&mut state, data, action) {
                    match effect {
                        Effect::Quit => return Ok(()),
                        Effect::Write { .. } => {
                            let finished = finished.clone();
                            scope
                                .spawn(move || effect::perform(&effect, data).map(|o| finished.send(Done::Outcome(o))));
                            writing += 1;
                        }
                        _ => {
                            if let Some(outcome) = effect::perform(&effect, data) {
                                update::outcome(&mut state, outcome);
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Work finished on another thread.
enum Done {
    Filtered(u64, Filtered),
    Outcome(effect::Outcome),
}

enum Input {
    Actions(Vec<Action>),
    Done(Done),
    Stop,
}

/// Waits for keys, work finished on another thread, or a signal.
fn next_input(state: &State, stop: &AtomicI32, results: &mpsc::Receiver<Done>, busy: bool) -> io::Result<Input> {
    let wait = Duration::from_millis(if busy { 10 } else { 200 });
    loop {
        if stop.load(Ordering::Relaxed) != 0 {
            return Ok(Input::Stop);
        }
        if let Ok(done) = results.try_recv() {
            return Ok(Input::Done(done));
        }
        if !event::poll(wait)? {
            continue;
        }
        if let Some(actions) = actions(state, event::read()?) {
            return Ok(Input::Actions(actions));
        }
    }
}

/// What a terminal event asks for in the current mode, if anything.
fn actions(state: &State, event: Event) -> Option<Vec<Action>> {
    let actions: Vec<Action> = match event {
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
    (!actions.is_empty()).then_some(actions)
}
