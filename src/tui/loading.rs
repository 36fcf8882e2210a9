//! The screen while a large file loads. First its progress; then, as soon as the load has put
//! the events in order (`load::preview`), the list itself, drawn by the browser's own views
//! from a window of events read on demand, in which the user can read and move at once. Keys
//! for anything that needs the whole timeline (filters, search, exports, the pickers) wait for
//! the load, the status line says so, and the browser does them in the order they were typed.
//! If the load ends in errors, the first screen stays under a banner of them.

use super::action::Action;
use super::keymap::{Keymap, Mode};
use super::layout;
use super::signals::Asked;
use super::state::{Data, LoadNote, State};
use super::terminal::{self, Screen};
use super::view::{self, Theme};
use super::{Exit, Loading};
use crate::load::Progress;
use crate::load::preview::Preview;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How waiting for the load ended.
pub enum Waited {
    /// The user quit, or a signal came.
    Exit(Exit),
    /// The load is done; what the user did meanwhile.
    Loaded(Box<Early>),
}

/// What the user did on the first screen, for the browser to carry on from.
#[derive(Default)]
pub struct Early {
    /// Keys typed for what needs the whole timeline, in the order typed.
    pub keys: Vec<Event>,
    peek: Option<Peek>,
}

impl Early {
    /// Where the first screen was: the id of the event under the cursor, its place and the
    /// first place shown, in time order.
    pub fn spot(&self) -> Option<(String, usize, usize)> {
        let peek = self.peek.as_ref()?;
        Some((peek.id_at_cursor()?, peek.cursor, peek.offset))
    }
}

/// Shows the load's progress, then its first screen, until the data is ready or the user quits.
/// Quitting does not wait for the load: the process ends with it.
pub fn wait_for(
    screen: &mut Screen,
    loading: &Loading,
    progress: &Progress,
    (name, path): (&str, &Path),
    (keymap, theme): (&Keymap, &Theme),
    asked: &Asked,
) -> io::Result<Waited> {
    let quit = keymap.label(Mode::List, Action::Quit);
    let mut early = Early::default();
    while !loading.is_finished() {
        terminal::attend(screen, asked)?;
        let size = screen.size()?;
        let size = (size.width, size.height);
        if early.peek.is_none()
            && let Some(preview) = progress.preview()
        {
            early.peek = Some(Peek::new(preview, path, size));
            // Keys typed before there was a screen to move in: the moves now move it.
            for input in std::mem::take(&mut early.keys) {
                act(&mut early, keymap, &input, size);
            }
        }
        let note = note(progress, &early);
        match early.peek.as_mut().and_then(|peek| peek.state(size, keymap, note.clone(), status(&early.keys, keymap))) {
            Some((state, data)) => screen.draw(|frame| view::draw(frame, &state, data, theme))?,
            None => screen.draw(|frame| view::loading(frame, name, progress.stage(), &quit, theme))?,
        };
        if let Some(signal) = asked.stop() {
            return Ok(Waited::Exit(Exit::Signal(signal)));
        }
        // Looked at often until the first screen is there: it shows as soon as it can.
        let wait = if early.peek.is_none() { 15 } else { 50 };
        if !event::poll(Duration::from_millis(wait))? {
            if let Some(peek) = early.peek.as_mut() {
                peek.count_lines();
            }
            continue;
        }
        let input = event::read()?;
        match act(&mut early, keymap, &input, size) {
            Some(Action::Quit) => return Ok(Waited::Exit(Exit::Quit)),
            Some(Action::Suspend) => terminal::suspend(screen)?,
            _ => {}
        }
    }
    Ok(Waited::Loaded(Box::new(early)))
}

/// The load ended in `errors`: the first screen stays, under a banner of them, until the user
/// quits; then they are printed whole. Without a first screen they are printed at once.
pub fn failed(
    screen: &mut Screen,
    early: &mut Early,
    errors: &str,
    (keymap, theme): (&Keymap, &Theme),
) -> io::Result<()> {
    let Some(peek) = early.peek.as_mut() else { return Ok(()) };
    let quit = keymap.label(Mode::List, Action::Quit);
    let status = format!("You can still read and move here; {quit} quits and prints the errors");
    loop {
        let size = screen.size()?;
        let size = (size.width, size.height);
        let note = LoadNote { events: peek.preview.len(), stage: "stopped", done: 1.0, failed: true };
        let Some((mut state, data)) = peek.state(size, keymap, Some(note), Some(status.clone())) else { return Ok(()) };
        state.banner = Some(vec![errors.trim_end().to_string()]);
        screen.draw(|frame| view::draw(frame, &state, data, theme))?;
        let Event::Key(key) = event::read()? else { continue };
        match keymap.action(Mode::List, &key).and_then(|a| movement(a, peek, size)) {
            Some(Action::Quit) => return Ok(()),
            Some(Action::Suspend) => terminal::suspend(screen)?,
            _ => {}
        }
    }
}

/// Does what an input asks on the first screen: moves, or keeps the key for after the load.
/// Gives the action back when the caller has to do it (quit, suspend).
fn act(early: &mut Early, keymap: &Keymap, input: &Event, size: (u16, u16)) -> Option<Action> {
    match input {
        Event::Key(key) if key.kind == KeyEventKind::Release => None,
        Event::Key(key) => {
            let action = keymap.action(Mode::List, key);
            let control = key.modifiers.contains(ratatui::crossterm::event::KeyModifiers::CONTROL);
            if matches!(action, Some(Action::Quit | Action::Suspend)) && (early.keys.is_empty() || control) {
                return action;
            }
            // Esc takes back what was typed for after the load.
            if key.code == KeyCode::Esc && !early.keys.is_empty() {
                early.keys.clear();
                return None;
            }
            let waiting = !early.keys.is_empty();
            let moved = match (action, early.peek.as_mut()) {
                (Some(action), Some(peek)) if !waiting => movement(action, peek, size).is_none(),
                _ => false,
            };
            if !moved {
                early.keys.push(input.clone());
            }
            None
        }
        Event::Paste(_) => {
            early.keys.push(input.clone());
            None
        }
        _ => None,
    }
}

/// Moves the first screen's cursor for a moving action; gives back any other.
fn movement(action: Action, peek: &mut Peek, size: (u16, u16)) -> Option<Action> {
    let page = layout::list_height(size).saturating_sub(1).max(1);
    let last = peek.preview.len().saturating_sub(1);
    let cursor = peek.cursor;
    peek.cursor = match action {
        Action::MoveDown | Action::ScrollDown => (cursor + 1).min(last),
        Action::MoveUp | Action::ScrollUp => cursor.saturating_sub(1),
        Action::PageDown => (cursor + page).min(last),
        Action::PageUp => cursor.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        other => return Some(other),
    };
    peek.settle(size);
    None
}

fn note(progress: &Progress, early: &Early) -> Option<LoadNote> {
    let events = early.peek.as_ref()?.preview.len();
    let (stage, done, size) = progress.stage();
    let done = if size == 0 { 0.0 } else { done as f64 / size as f64 };
    Some(LoadNote { events, stage, done, failed: false })
}

/// The status line while the first screen shows: what waits for the load, if anything.
fn status(keys: &[Event], keymap: &Keymap) -> Option<String> {
    let typed: String = keys
        .iter()
        .filter_map(|k| match k {
            Event::Key(key) => Some(match key.code {
                KeyCode::Char(c) => c.to_string(),
                KeyCode::Enter => "⏎".to_string(),
                other => format!("<{other}>"),
            }),
            Event::Paste(_) => Some("<paste>".to_string()),
            _ => None,
        })
        .collect();
    let quit = keymap.label(Mode::List, Action::Quit);
    if typed.is_empty() {
        return Some(format!("Loading: move and read now; search, filters and exports wait for it · {quit} quits"));
    }
    let typed = crate::text::clean_line(&typed);
    Some(format!("loading… `{typed}` waits for the load (Esc takes it back)"))
}

/// The first screen: where its cursor is, in the events' time order, and the window of events
/// read around it.
struct Peek {
    preview: Arc<Preview>,
    path: PathBuf,
    cursor: usize,
    /// The place of the first event shown.
    offset: usize,
    window: Option<Window>,
}

/// Events at places `range` of the time order, as the browser's data, and where each of them
/// is in it.
struct Window {
    range: Range<usize>,
    data: Data,
    places: Vec<usize>,
    /// Whether its events' lines are counted: not on the very first screen.
    lines: bool,
}

impl Peek {
    /// On the anchor, in the middle of the screen, as the browser opens; else on the first event.
    fn new(preview: Arc<Preview>, path: &Path, size: (u16, u16)) -> Peek {
        let cursor = preview.anchor().unwrap_or(0);
        let offset = cursor.saturating_sub(layout::list_height(size) / 2);
        let mut peek = Peek { preview, path: path.to_path_buf(), cursor, offset, window: None };
        peek.settle(size);
        peek
    }

    fn id_at_cursor(&self) -> Option<String> {
        let window = self.window.as_ref()?;
        let place = window.places.get(self.cursor.checked_sub(window.range.start)?)?;
        Some(window.data.event(*place).id.to_string())
    }

    /// Reads the events around the screen if they are not read yet.
    fn read(&mut self, size: (u16, u16)) {
        let height = layout::list_height(size);
        let wanted = self.offset..(self.offset + height + 1).min(self.preview.len());
        let held = self.window.as_ref().is_some_and(|w| w.range.start <= wanted.start && wanted.end <= w.range.end);
        if held {
            return;
        }
        // A screen either side, so that moving seldom reads. The first screen shows before its
        // lines are counted (`count_lines`).
        let range = self.offset.saturating_sub(height)..(self.offset + 2 * height + 1).min(self.preview.len());
        self.window = self.make(range, self.window.is_some());
    }

    fn make(&self, range: Range<usize>, lines: bool) -> Option<Window> {
        self.preview.window_with(range.clone(), lines).map(|(timeline, places)| Window {
            range,
            data: Data::new(timeline, &self.path),
            places,
            lines,
        })
    }

    /// Counts the lines of the window's events, once it has been shown without them.
    fn count_lines(&mut self) {
        if let Some(window) = self.window.as_ref().filter(|w| !w.lines) {
            let range = window.range.clone();
            self.window = self.make(range, true).or(self.window.take());
        }
    }

    /// Scrolls so that the cursor's row is on screen, and reads what the screen needs. Near the
    /// end of the list, earlier events show rather than blank lines, as in the browser.
    fn settle(&mut self, size: (u16, u16)) {
        let height = layout::list_height(size);
        if self.cursor < self.offset || self.cursor >= self.offset + height {
            self.offset = self.cursor.saturating_sub(height / 2);
        }
        // Date headings take rows too: step down until the cursor's row shows.
        for _ in 0..height {
            match self.shows(size) {
                Some((last, _)) if self.cursor > last && self.offset < self.cursor => self.offset += 1,
                _ => break,
            }
        }
        for _ in 0..height {
            if self.offset == 0 || !matches!(self.shows(size), Some((_, lines)) if lines < height) {
                break;
            }
            self.offset -= 1;
            if self.shows(size).is_none_or(|(last, _)| self.cursor > last) {
                self.offset += 1;
                self.read(size);
                break;
            }
        }
    }

    /// The place of the last event whose row begins on screen, and the lines the list fills.
    fn shows(&mut self, size: (u16, u16)) -> Option<(usize, usize)> {
        self.read(size);
        let (state, data) = self.state(size, &Keymap::default(), None, None)?;
        let lines = layout::list_lines(&state, data, &layout::columns(&state, data), layout::list_height(size));
        let last = lines.iter().rev().find_map(|line| match line {
            layout::Line::Event { pos, line: 0 } => Some(*pos),
            _ => None,
        })?;
        Some((last + self.window.as_ref()?.range.start, lines.len()))
    }

    /// The browser's state and data for the screen as it stands, or `None` when the events
    /// around it could not be read.
    fn state(
        &self,
        size: (u16, u16),
        keymap: &Keymap,
        note: Option<LoadNote>,
        status: Option<String>,
    ) -> Option<(State, &Data)> {
        let window = self.window.as_ref()?;
        let data = &window.data;
        let mut state = State { keymap: keymap.clone(), ..State::new(data, size) };
        state.shown = window.places.clone();
        state.cursor = self.cursor.checked_sub(window.range.start)?.min(state.shown.len().saturating_sub(1));
        state.offset = self.offset.saturating_sub(window.range.start);
        state.loading = note;
        state.status = status;
        Some((state, data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::outline::Outline;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// A file of `n` events, one every five hours, written in reverse time order.
    fn file(n: usize) -> Arc<String> {
        let mut text = String::from("Timeline(title: \"T\", events: [\n");
        for i in (0..n).rev() {
            let (day, hour) = (1 + i * 5 / 24, i * 5 % 24);
            let when = format!("2024-{:02}-{:02}T{hour:02}:00", 1 + (day - 1) / 28, 1 + (day - 1) % 28);
            text.push_str(&format!("Event(id: \"e{i}\", when: \"{when}\", title: \"Event {i}\"),\n"));
        }
        text.push_str("])\n");
        Arc::new(text)
    }

    fn screen(peek: &Peek, size: (u16, u16)) -> String {
        screen_with(peek, size, None, None)
    }

    fn screen_with(peek: &Peek, size: (u16, u16), note: Option<LoadNote>, status: Option<String>) -> String {
        let (state, data) = peek.state(size, &Keymap::default(), note, status).expect("a screen");
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        terminal.draw(|frame| view::draw(frame, &state, data, &Theme::new(Default::default()))).unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..size.1)
            .map(|y| {
                (0..size.0).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn key(c: char) -> Event {
        use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn moves_are_done_at_once_and_other_keys_wait_in_order_until_esc() {
        let text = file(300);
        let preview = Arc::new(Preview::new(&text, &Outline::of(&text)).expect("a preview"));
        let size = (80, 24);
        let keymap = Keymap::default();
        let mut early = Early { peek: Some(Peek::new(preview, Path::new("t.ron"), size)), ..Early::default() };
        for c in ['j', 'j'] {
            assert_eq!(act(&mut early, &keymap, &key(c), size), None);
        }
        assert_eq!(early.spot().map(|(id, cursor, _)| (id, cursor)), Some(("e2".to_string(), 2)));
        for c in ['/', 'q', 'j'] {
            assert_eq!(act(&mut early, &keymap, &key(c), size), None, "{c} is typed into what waits");
        }
        assert_eq!(early.keys, vec![key('/'), key('q'), key('j')]);
        assert_eq!(early.spot().map(|(_, cursor, _)| cursor), Some(2), "a move after a waiting key waits too");
        assert_eq!(
            status(&early.keys, &keymap).as_deref(),
            Some("loading… `/qj` waits for the load (Esc takes it back)")
        );
        let esc = Event::Key(ratatui::crossterm::event::KeyEvent::from(KeyCode::Esc));
        act(&mut early, &keymap, &esc, size);
        assert!(early.keys.is_empty());
        assert_eq!(act(&mut early, &keymap, &key('q'), size), Some(Action::Quit));
    }

    #[test]
    fn the_end_of_the_list_fills_the_screen() {
        let text = file(300);
        let preview = Arc::new(Preview::new(&text, &Outline::of(&text)).expect("a preview"));
        let size = (80, 24);
        let mut peek = Peek::new(preview, Path::new("t.ron"), size);
        assert!(screen(&peek, size).contains("· Event 0\n"), "{}", screen(&peek, size));
        movement(Action::Bottom, &mut peek, size);
        movement(Action::MoveUp, &mut peek, size);
        let shown = screen(&peek, size);
        assert!(shown.contains("Event 299\n") && shown.contains("Event 291\n"), "{shown}");
        assert_eq!(peek.id_at_cursor().as_deref(), Some("e298"));
    }

    #[test]
    fn the_header_the_axis_row_the_footer_and_the_status_line_say_how_far_the_load_is() {
        let text = file(300);
        let preview = Arc::new(Preview::new(&text, &Outline::of(&text)).expect("a preview"));
        let size = (80, 24);
        let peek = Peek::new(preview, Path::new("t.ron"), size);
        let note = LoadNote { events: 300, stage: "parsing", done: 0.43, failed: false };
        let shown = screen_with(&peek, size, Some(note), status(&[], &Keymap::default()));
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with("T  300 events · loading 43%"), "{shown}");
        assert!(lines[1].contains("parsing 43%"), "{shown}");
        assert_eq!(lines[23], "Loading: move and read now; search, filters and exports wait for it · q quits");
        assert_eq!(lines[22].trim_end(), "j/k move  PgDn/PgUp page  g/G first/last  q quit", "only keys that work now");
    }
}
