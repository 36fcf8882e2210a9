//! The interactive browser. The loop reads a terminal event, turns it into messages through the
//! key map, hands each to `update` through the runner, performs the effects that need the
//! terminal or the desktop, and draws. The terminal is restored on every way out: quit, Ctrl-c,
//! SIGINT, SIGTERM, SIGHUP, an error, and a panic (restored first, then the panic message
//! printed); and before every stop: Ctrl-z and SIGTSTP, after which SIGCONT (`fg`) takes it back
//! and redraws it all.

pub mod action;
mod claims;
pub mod detail;
mod editor;
pub mod effect;
pub(crate) mod exporting;
pub mod find;
pub mod form;
pub mod form_check;
pub mod form_edit;
pub mod form_state;
pub mod form_write;
pub mod goto;
pub mod help;
pub mod input;
pub mod keymap;
pub mod lanes_view;
pub mod layout;
mod loading;
pub mod marks;
pub mod msg;
pub mod reload;
pub mod replay;
pub mod runner;
pub mod settings;
pub(crate) mod shown;
mod signals;
pub(crate) mod source_view;
pub mod state;
mod terminal;
pub mod theme;
mod timescale;
pub mod update;
pub mod view;
mod watch;

use crate::load::Progress;
use effect::Effect;
use msg::Msg;
use ratatui::crossterm::event;
use runner::Runner;
use settings::Settings;
use signals::Asked;
use state::{Data, State};
use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};
use terminal::Screen;
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

/// Runs the browser on the data `loading` makes, with these settings, showing the load's
/// `progress` while it takes longer than a blink, until the user quits.
pub fn run(loading: Loading, progress: &Progress, path: &std::path::Path, settings: Settings) -> io::Result<Exit> {
    let name = &path.display().to_string();
    let asked = Arc::new(Asked::default());
    signals::watch(&asked, terminal::leave)?;
    terminal::install_panic_hook();
    let _abandon = terminal::Abandon;
    let theme = Theme::new(settings.colors);
    let started = Instant::now();
    while !loading.is_finished() && started.elapsed() < QUIET_LOAD {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut screen = None;
    let mut early = loading::Early::default();
    if !loading.is_finished() {
        let mut entered = terminal::enter()?;
        let waited =
            loading::wait_for(&mut entered, &loading, progress, (name, path), (&settings.keymap, &theme), &asked);
        screen = Some(entered);
        match waited {
            Ok(loading::Waited::Loaded(then)) => early = *then,
            Ok(loading::Waited::Exit(exit)) => {
                terminal::leave();
                return Ok(exit);
            }
            Err(e) => return Ok(failed(format!("error: {e}\n"), 1)),
        }
    }
    let data = match loading.join() {
        Ok(Ok(data)) => data,
        Ok(Err((message, code))) => {
            if let Some(entered) = screen.as_mut() {
                loading::failed(entered, &mut early, &message, (&settings.keymap, &theme))?;
            }
            return Ok(failed(message, code));
        }
        Err(_) => return Ok(failed("error: loading the timeline failed unexpectedly\n".into(), 1)),
    };
    let mut screen = match screen {
        Some(s) => s,
        None => terminal::enter()?,
    };
    let size = screen.size()?;
    let mut state = State {
        keymap: settings.keymap,
        export_style: settings.citation_style,
        ..State::new(&data, (size.width, size.height))
    };
    if let Some(spot) = early.spot() {
        carry_on(&mut state, &data, spot);
    }
    progress.forget_preview();
    let keys = std::mem::take(&mut early.keys);
    drop(early);
    let prepare = Effect::prepare_search(&data);
    let mut runner = Runner::new(state, Arc::new(data));
    prepare.and_then(|e| runner.perform(e));
    let result = event_loop(&mut screen, &mut runner, &theme, &asked, keys.into());
    terminal::leave();
    result?;
    // The data is dropped by the operating system with the process: freeing a million events
    // one by one would only delay the exit.
    std::mem::forget(runner);
    Ok(asked.stop().map_or(Exit::Quit, Exit::Signal))
}

/// Puts the cursor where the first screen had it, by the event's id; the first row shown
/// too, when the loaded order agrees with the first screen's, as it does unless the file
/// changed meanwhile.
fn carry_on(state: &mut State, data: &Data, (id, cursor, offset): (String, usize, usize)) {
    let same = state.shown.get(cursor).is_some_and(|&ix| data.event(ix).id.as_str() == id);
    let found = if same { Some(cursor) } else { state.shown.iter().position(|&ix| data.event(ix).id.as_str() == id) };
    if let Some(at) = found {
        state.cursor = at;
        // Out of view unless the order agrees: the first update scrolls it into view.
        state.offset = if same { offset } else { at + 1 };
    }
}

fn failed(message: String, code: u8) -> Exit {
    terminal::leave();
    Exit::Failed(message, code)
}

/// `typed`: keys typed while the file loaded, done first, each in the mode the ones before it
/// leave.
fn event_loop(
    screen: &mut Screen,
    runner: &mut Runner,
    theme: &Theme,
    asked: &Asked,
    mut typed: VecDeque<event::Event>,
) -> io::Result<()> {
    let path = runner.data.path.clone();
    // Kept alive for as long as the loop runs; without it, `r` still reads the file again.
    let _watcher = match watch::watch(&path, runner.sender()) {
        Ok(watcher) => Some(watcher),
        Err(e) => {
            let r = runner.state.keymap.label(keymap::Mode::List, action::Action::Reload);
            runner.send(Msg::NotWatching(format!("Not watching the file for changes ({e}); {r} reads it again")));
            None
        }
    };
    let mut messages = VecDeque::from([resize(screen)?]);
    loop {
        while let Some(msg) = messages.pop_front() {
            for effect in runner.send(msg) {
                match perform(screen, runner, effect, asked) {
                    Some(Ok(msg)) => messages.push_back(msg),
                    Some(Err(Quit)) => return Ok(()),
                    None => {}
                }
            }
        }
        if terminal::attend(screen, asked)? {
            // The window may have changed size while the shell had it.
            messages.push_back(resize(screen)?);
            continue;
        }
        screen.draw(|frame| view::draw(frame, &runner.state, &runner.data, theme))?;
        panic_if_asked();
        if asked.stop().is_some() {
            return Ok(());
        }
        while messages.is_empty() && !asked.any() {
            if let Some(input) = typed.pop_front() {
                messages.extend(input::messages(&runner.state, input));
            } else if let Some(msg) = runner.ready() {
                messages.push_back(msg);
            } else if event::poll(runner.wait())? {
                messages.extend(input::messages(&runner.state, event::read()?));
            }
        }
    }
}

/// The user asked to quit.
struct Quit;

/// Performs an effect that needs the terminal or the desktop; the message it results in, if
/// any, or `Quit`.
fn perform(screen: &mut Screen, runner: &mut Runner, effect: Effect, asked: &Asked) -> Option<Result<Msg, Quit>> {
    match effect {
        Effect::Quit => {
            runner.finish_writing();
            return Some(Err(Quit));
        }
        Effect::Suspend => asked.ask_suspend(),
        Effect::Edit { line } => return Some(Ok(Msg::EditorDone(editor::edit(screen, &runner.data.path, line)))),
        Effect::Copy(text) => return effect::copy(&text).err().map(|why| Ok(Msg::Failed(why))),
        Effect::Open(target) => return effect::open(&target).err().map(|why| Ok(Msg::Failed(why))),
        // The runner performs the rest.
        _ => {}
    }
    None
}

fn resize(screen: &Screen) -> io::Result<Msg> {
    let size = screen.size()?;
    Ok(Msg::Action(action::Action::Resize { width: size.width, height: size.height }))
}

fn panic_if_asked() {
    let Ok(how) = std::env::var(PANIC_SWITCH) else { return };
    let message = "is set: panicking on purpose to test terminal restoration";
    match how.as_str() {
        "thread" => drop(std::thread::spawn(move || panic!("{PANIC_SWITCH} {message}"))),
        _ => panic!("{PANIC_SWITCH} {message}"),
    }
}
