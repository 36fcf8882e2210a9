//! The interactive browser. The loop: terminal event -> key map -> action -> update -> effects ->
//! draw. The terminal is restored on every way out: quit, Ctrl-c, SIGINT, SIGTERM, SIGHUP, an
//! error, and a panic (restored first, then the panic message printed); and before every stop:
//! Ctrl-z and SIGTSTP, after which SIGCONT (`fg`) takes it back and redraws it all.

pub mod action;
pub mod effect;
pub mod exporting;
pub mod jump;
pub mod keymap;
pub mod layout;
pub mod reload;
pub mod settings;
mod signals;
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
use signals::Asked;
use state::{Data, Filtered, State};
use std::io::{self, Stdout};
use std::sync::{Arc, mpsc};
use std::time::Duration;
use std::time::Instant;
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
    let asked = Arc::new(Asked::default());
    signals::watch(&asked, leave)?;
    install_panic_hook();
    let _abandon = Abandon;
    let started = std::time::Instant::now();
    while !loading.is_finished() && started.elapsed() < QUIET_LOAD {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut terminal = None;
    if !loading.is_finished() {
        let mut screen = enter()?;
        let waited = wait_for(&mut screen, &loading, progress, name, &asked);
        terminal = Some(screen);
        if let Some(exit) = waited.unwrap_or_else(|e| Some(Exit::Failed(format!("error: {e}\n"), 1))) {
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
            return Ok(Exit::Failed("error: loading the timeline failed unexpectedly\n".into(), 1));
        }
    };
    let mut terminal = match terminal {
        Some(t) => t,
        None => enter()?,
    };
    let mut data = Arc::new(data);
    let result = event_loop(&mut terminal, &mut data, &asked);
    leave();
    result?;
    // The data is dropped by the operating system with the process: freeing a million events
    // one by one would only delay the exit.
    std::mem::forget(data);
    Ok(asked.stop().map_or(Exit::Quit, Exit::Signal))
}

/// Removes the files of exports still being written when the browser ends by an error, which
/// does not wait for them (a panic ends in the panic hook, which removes them itself).
struct Abandon;

impl Drop for Abandon {
    fn drop(&mut self) {
        crate::export::write::abandon_unfinished();
    }
}

/// Shows the loading progress until the data is ready (`None`) or the user quits or a signal
/// comes (`Some`). Quitting does not wait for the load: the process ends with it.
fn wait_for(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    loading: &Loading,
    progress: &Progress,
    name: &str,
    asked: &Asked,
) -> io::Result<Option<Exit>> {
    let theme = Theme::from_env();
    while !loading.is_finished() {
        attend(terminal, asked)?;
        terminal.draw(|frame| view::loading(frame, name, progress.stage(), &theme))?;
        if let Some(signal) = asked.stop() {
            return Ok(Some(Exit::Signal(signal)));
        }
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
        {
            match keymap::action(keymap::Mode::List, &key) {
                Some(Action::Quit) => return Ok(Some(Exit::Quit)),
                Some(Action::Suspend) => suspend(terminal)?,
                _ => {}
            }
        }
    }
    Ok(None)
}

/// Acts on Ctrl-z, SIGTSTP and SIGCONT; whether the screen was cleared and must be drawn again.
fn attend(terminal: &mut Terminal<CrosstermBackend<Stdout>>, asked: &Asked) -> io::Result<bool> {
    if asked.take_suspend() {
        suspend(terminal)?;
        return Ok(true);
    }
    if asked.take_redraw() {
        resume(terminal)?;
        return Ok(true);
    }
    Ok(false)
}

/// Ctrl-z and SIGTSTP: gives the terminal back as the shell left it, stops the job, and takes
/// the terminal back when continued.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> io::Result<()> {
    leave();
    signals::stop_job(true);
    resume(terminal)
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
    signals::terminal_ours(true);
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Puts the terminal back as it was. Safe to call more than once.
fn leave() {
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

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
        // A panic on another thread (a filter, a writer, the loader) would leave the loop
        // drawing on a restored terminal and waiting for a result that never comes: end here,
        // with an export's temporary file removed, as a panic on the loop's own thread would.
        crate::export::write::abandon_unfinished();
        std::process::exit(101);
    }));
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    data: &mut Arc<Data>,
    asked: &Asked,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut state = State::new(data, (size.width, size.height));
    update::update(&mut state, data, Action::Resize { width: size.width, height: size.height });
    let theme = Theme::from_env();
    let panic_requested = std::env::var_os(PANIC_SWITCH).is_some();
    let path = std::path::PathBuf::from(&data.path);
    let (finished, results) = mpsc::channel::<Done>();
    // Kept alive for as long as the loop runs; without it, `r` still reloads.
    let _watcher = match watch(&path, finished.clone()) {
        Ok(watcher) => Some(watcher),
        Err(e) => {
            state.status = Some(format!("Not watching the file for changes ({e}); r reads it again"));
            None
        }
    };
    // Work that could take longer than a frame runs on other threads while keys keep working:
    // filtering a large timeline (one filter at a time; a filter changed meanwhile runs when the
    // current one is done, so typing fast never piles up work), writing an export, and reading
    // the file again after it changed (once the changes have settled for a moment).
    let mut work = Work { stamp: data.stamp, ..Work::default() };
    let mut dirty = true;
    loop {
        if attend(terminal, asked)? {
            // The window may have changed size while the shell had it.
            let size = terminal.size()?;
            update::update(&mut state, data, Action::Resize { width: size.width, height: size.height });
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| view::draw(frame, &state, data, &theme))?;
            dirty = false;
        }
        if panic_requested {
            let message = "is set: panicking on purpose to test terminal restoration";
            match std::env::var(PANIC_SWITCH).as_deref() {
                Ok("thread") => drop(std::thread::spawn(move || panic!("{PANIC_SWITCH} {message}"))),
                _ => panic!("{PANIC_SWITCH} {message}"),
            }
        }
        if state.counting() && !work.filtering {
            let (generation, filter, finished, data) =
                (state.generation, state.filter.clone(), finished.clone(), Arc::clone(data));
            std::thread::spawn(move || finished.send(Done::Filtered(generation, Filtered::compute(&filter, &data))));
            work.filtering = true;
        }
        if work.reload_at.is_some_and(|at| Instant::now() >= at) && !work.reloading {
            let (path, finished, last) = (path.clone(), finished.clone(), work.stamp);
            std::thread::spawn(move || {
                // Touched but not changed (or changed back): nothing to read.
                let stamp = reload::stamp(&path);
                let done = if stamp.is_some() && stamp == last {
                    Done::Unchanged
                } else {
                    Done::Reloaded(stamp, Box::new(reload::load(&path)))
                };
                finished.send(done)
            });
            work.reload_at = None;
            work.reloading = true;
        }
        let actions = match next_input(&state, asked, &results, work.wait())? {
            Input::Stop => return Ok(()),
            Input::Idle => continue,
            Input::Done(done) => {
                dirty = true;
                match done {
                    Done::Filtered(generation, result) => {
                        work.filtering = false;
                        state.filtered(data, generation, result);
                    }
                    Done::Outcome(outcome) => {
                        work.writing -= 1;
                        update::outcome(&mut state, outcome);
                    }
                    Done::Changed => work.reload_soon(),
                    Done::Unchanged => work.reloading = false,
                    Done::Reloaded(stamp, result) => {
                        work.reloading = false;
                        work.stamp = stamp;
                        match *result {
                            Ok(new) => {
                                reload::carry_over(&mut state, data, &new);
                                *data = Arc::new(new);
                            }
                            Err(errors) => reload::failed(&mut state, errors),
                        }
                    }
                }
                continue;
            }
            Input::Actions(actions) => actions,
        };
        dirty = true;
        for action in actions {
            for effect in update::update(&mut state, data, action) {
                match effect {
                    Effect::Quit => {
                        // An export being written is finished first: quitting never leaves half a file.
                        while work.writing > 0 {
                            match results.recv() {
                                Ok(Done::Outcome(_)) => work.writing -= 1,
                                Ok(_) => {}
                                Err(_) => break,
                            }
                        }
                        return Ok(());
                    }
                    Effect::Reload => {
                        // Asked for by hand: read again even if the file looks unchanged.
                        work.stamp = None;
                        work.reload_at = Some(Instant::now());
                    }
                    Effect::Suspend => asked.ask_suspend(),
                    Effect::Edit { line } => {
                        if let Err(e) = edit(terminal, &path, line) {
                            state.status = Some(format!("Could not start the editor: {e}"));
                        }
                        work.reload_at = Some(Instant::now());
                    }
                    Effect::Write { .. } => {
                        let (finished, data) = (finished.clone(), Arc::clone(data));
                        std::thread::spawn(move || {
                            effect::perform(&effect, &data).map(|o| finished.send(Done::Outcome(o)))
                        });
                        work.writing += 1;
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
}

/// What is running on other threads, and when to read the file again.
#[derive(Default)]
struct Work {
    filtering: bool,
    writing: usize,
    reloading: bool,
    reload_at: Option<Instant>,
    /// The size and modification time of the file as last read.
    stamp: Option<reload::Stamp>,
}

/// Editors write a file in several steps: reading it waits until they have been quiet this long.
const SETTLE: Duration = Duration::from_millis(150);

impl Work {
    fn reload_soon(&mut self) {
        self.reload_at = Some(Instant::now() + SETTLE);
    }

    /// How long to wait for a key before looking at the work again.
    fn wait(&self) -> Duration {
        if let Some(at) = self.reload_at.filter(|_| !self.reloading) {
            return at.saturating_duration_since(Instant::now()).min(Duration::from_millis(200));
        }
        let busy = self.filtering || self.writing > 0 || self.reloading;
        Duration::from_millis(if busy { 10 } else { 200 })
    }
}

/// Watches the folder of the timeline (editors often replace a file rather than write it) and
/// reports changes to the file itself.
fn watch(path: &std::path::Path, finished: mpsc::Sender<Done>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{EventKind, Watcher};
    let name = path.file_name().map(|n| n.to_os_string());
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only writes, creations, renames and removals: reading the file (this program does,
        // and so may others) is not a change.
        let ours = event.is_ok_and(|e| {
            let change = matches!(e.kind, EventKind::Modify(_) | EventKind::Create(_) | EventKind::Remove(_));
            change && e.paths.iter().any(|p| p.file_name().map(|n| n.to_os_string()) == name)
        });
        if ours {
            let _ = finished.send(Done::Changed);
        }
    })?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    watcher.watch(folder, notify::RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on the file at `line`, with the terminal given back
/// to it meanwhile. The command is split like a shell would split it, but no shell runs it.
fn edit(terminal: &mut Terminal<CrosstermBackend<Stdout>>, path: &std::path::Path, line: u32) -> io::Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let words = shell_words::split(&editor).unwrap_or_else(|_| vec![editor.clone()]);
    let Some((program, args)) = words.split_first() else { return Ok(()) };
    leave();
    let status =
        std::process::Command::new(program).args(args).arg(format!("+{line}")).arg(effect::as_argument(path)).status();
    resume(terminal)?;
    status.map(drop)
}

/// Takes the terminal back after a program that used it, and redraws everything.
fn resume(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    signals::terminal_ours(true);
    // Clears the screen and forgets what was drawn, so that all of it is drawn again. Not
    // `clear`: it asks the terminal where its cursor is, and fails if no answer comes in time.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Work finished on another thread.
enum Done {
    Filtered(u64, Filtered),
    Outcome(effect::Outcome),
    /// The timeline file changed on disk.
    Changed,
    /// A reload found the file as it was last read.
    Unchanged,
    Reloaded(Option<reload::Stamp>, Box<Result<Data, Vec<String>>>),
}

enum Input {
    Actions(Vec<Action>),
    Done(Done),
    /// Nothing happened for a while.
    Idle,
    Stop,
}

/// Waits up to `wait` for keys, work finished on another thread, or a signal.
fn next_input(state: &State, asked: &Asked, results: &mpsc::Receiver<Done>, wait: Duration) -> io::Result<Input> {
    if asked.stop().is_some() {
        return Ok(Input::Stop);
    }
    if let Ok(done) = results.try_recv() {
        return Ok(Input::Done(done));
    }
    if !event::poll(wait)? {
        return Ok(Input::Idle);
    }
    Ok(actions(state, event::read()?).map_or(Input::Idle, Input::Actions))
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
