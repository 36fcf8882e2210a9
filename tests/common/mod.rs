//! Helpers shared by the browser's tests: the fixture timeline and key strings.
#![allow(dead_code)]

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use timeline::load::load_str;
use timeline::tui::effect::Effect;
use timeline::tui::msg::Msg;
use timeline::tui::runner::Runner;
use timeline::tui::state::{Data, State};

pub const FIXTURE: &str = include_str!("../fixtures/valid/every-form.ron");

pub fn data() -> Data {
    Data::new(load_str(FIXTURE, None).timeline.expect("valid fixture"), std::path::Path::new("every-form.ron"))
}

/// The browser as the event loop drives it, with a `TestBackend` for a terminal: keys go in
/// through the key map, messages through `update`, and the work `update` asks for is done by
/// the runner, as in the real loop. By default the harness waits for that work and feeds its
/// results back before a key returns; a `stepped` one leaves it undone, for a test to look at
/// the state meanwhile and then `complete` it (or to `send` made-up results instead).
pub struct Browser {
    runner: Runner,
    size: (u16, u16),
    stepped: bool,
}

impl Browser {
    pub fn new(data: Data, width: u16, height: u16) -> Browser {
        let state = State::new(&data, (width, height));
        let mut browser = Browser { runner: Runner::new(state, Arc::new(data)), size: (width, height), stepped: false };
        browser.send(Msg::Action(timeline::tui::action::Action::Resize { width, height }));
        browser
    }

    /// A browser whose background work waits for `complete`.
    pub fn stepped(data: Data, width: u16, height: u16) -> Browser {
        Browser { stepped: true, ..Browser::new(data, width, height) }
    }

    pub fn state(&self) -> &State {
        &self.runner.state
    }

    pub fn data(&self) -> &Data {
        &self.runner.data
    }

    /// Types a key string; every effect `update` asked for meanwhile, done or not.
    pub fn press(&mut self, text: &str) -> Vec<Effect> {
        let mut effects = Vec::new();
        for key in keys(text) {
            for msg in timeline::tui::input::messages(&self.runner.state, Event::Key(key)) {
                effects.extend(self.send(msg));
            }
        }
        effects
    }

    /// Hands a message to `update`, as the loop does; every effect asked for, done or not.
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = self.runner.update(msg);
        if !self.stepped {
            self.complete(effects.clone());
        }
        effects
    }

    /// Does the work among `effects` and waits until every result is back and handled.
    pub fn complete(&mut self, effects: Vec<Effect>) {
        let mut edge = Vec::new();
        for effect in effects {
            edge.extend(self.runner.perform(effect));
        }
        while let Some(msg) = self.runner.wait_for_result() {
            for effect in self.runner.update(msg) {
                edge.extend(self.runner.perform(effect));
            }
        }
    }

    /// The screen at the browser's size, without colour.
    pub fn screen(&self) -> ratatui::backend::TestBackend {
        self.render(self.size.0, self.size.1)
    }

    /// The screen drawn at another size (the state keeps its own).
    pub fn render(&self, width: u16, height: u16) -> ratatui::backend::TestBackend {
        render(self.state(), self.data(), width, height)
    }

    /// Ids of the shown events.
    pub fn shown(&self) -> Vec<String> {
        shown(self.state(), self.data())
    }

    /// Id of the event under the cursor.
    pub fn current(&self) -> Option<String> {
        current(self.state(), self.data())
    }
}

/// The browser on the every-form fixture.
pub fn browser(width: u16, height: u16) -> Browser {
    Browser::new(data(), width, height)
}

/// Parses a key string: characters are typed; `<esc>`, `<enter>`, `<tab>`, `<btab>` (Shift-Tab), `<down>`, `<up>`, `<left>`, `<right>`,
/// `<pgdn>`, `<pgup>`, `<home>`, `<end>`, `<bs>` and `<C-x>` (Ctrl) name other keys.
pub fn keys(text: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            let (code, mods) = match name {
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "btab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "pgdn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "home" => (KeyCode::Home, KeyModifiers::NONE),
                "end" => (KeyCode::End, KeyModifiers::NONE),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                ctrl if ctrl.starts_with("C-") => {
                    (KeyCode::Char(ctrl.chars().nth(2).expect("a key after C-")), KeyModifiers::CONTROL)
                }
                other => panic!("unknown key <{other}>"),
            };
            out.push(KeyEvent::new(code, mods));
            rest = &rest[end + 1..];
            continue;
        }
        out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The screen as the browser draws it, without colour.
pub fn render(state: &State, data: &Data, width: u16, height: u16) -> ratatui::backend::TestBackend {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = timeline::tui::view::Theme { color: false, ..Default::default() };
    terminal.draw(|f| timeline::tui::view::draw(f, state, data, &theme)).unwrap();
    terminal.backend().clone()
}

/// Ids of the shown events.
pub fn shown(state: &State, data: &Data) -> Vec<String> {
    state.shown.iter().map(|&ix| data.event(ix).id.to_string()).collect()
}

/// Id of the event under the cursor.
pub fn current(state: &State, data: &Data) -> Option<String> {
    state.current().map(|ix| data.event(ix).id.to_string())
}

/// The fixture with a local copy, a missing copy and a hostile URL, archives read from disk.
pub fn sources_data() -> Data {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sources");
    let loaded = timeline::load::load_file(&dir.join("timeline.ron")).expect("read the fixture");
    let timeline = loaded.report.timeline.expect("valid fixture");
    Data::new(timeline, &dir.join("timeline.ron"))
}

/// A fresh, empty folder for one test, named after it, removed when dropped.
pub fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("timeline-test-{name}-")).tempdir().unwrap()
}

/// A scratch folder holding a copy of the every-form fixture as `timeline.ron`.
pub fn scratch_copy(name: &str) -> tempfile::TempDir {
    let dir = scratch(name);
    std::fs::write(dir.path().join("timeline.ron"), FIXTURE).unwrap();
    dir
}

/// `timeline` with `args`, which must end within ten seconds: a read that blocks fails the test
/// instead of hanging it.
pub fn timeline_within_seconds(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run timeline");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("`timeline {}` still runs after ten seconds", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A valid timeline of `n` events with long summaries, in `dir` as `big.ron`: a JSON export of
/// 20,000 takes seconds in a debug build, long enough to interrupt it.
pub fn big_timeline(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let summary = "word ".repeat(40);
    let events: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "    Event(id: \"e{i}\", when: \"2024-01-{:02}\", title: \"Event {i}\", summary: \"{summary}\", sources: [Cite(source: \"s1\")]),",
                1 + i % 28
            )
        })
        .collect();
    let text = format!(
        "Timeline(\n  title: \"Big\",\n  sources: [Source(id: \"s1\", title: \"One\")],\n  events: [\n{}\n  ],\n)\n",
        events.join("\n")
    );
    let path = dir.join("big.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// The names in `dir` that the atomic writer's temporary files have.
pub fn temporaries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".timeline-export-"))
        .collect()
}

/// Waits until an export being written shows as a temporary file in `dir`.
pub fn wait_for_temporary(dir: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while temporaries(dir).is_empty() {
        assert!(std::time::Instant::now() < deadline, "no export started in {}", dir.display());
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// The screen's text, a line per row.
pub fn text(backend: &ratatui::backend::TestBackend) -> String {
    let buffer = backend.buffer();
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| (area.left()..area.right()).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with each (position, piece, how) edit made: 0 replaces a character, 1 inserts, 2
/// deletes. Edits that would split a character are moved to the next character's start, so the
/// text stays text. For the property tests that hold a fast reader to a slow one.
pub fn edited<P: AsRef<str>>(text: &str, edits: &[(usize, P, u8)]) -> String {
    let mut text = text.to_string();
    for (at, piece, how) in edits {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
        match how {
            0 if at < text.len() => {
                let old = text[at..].chars().next().map_or(0, char::len_utf8);
                text.replace_range(at..at + old, piece.as_ref());
            }
            2 if at < text.len() => {
                text.remove(at);
            }
            _ => text.insert_str(at, piece.as_ref()),
        }
    }
    text
}
