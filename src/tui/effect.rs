//! Side effects that `update` asks for, as values, and how the ones outside the browser are done.

use super::lanes_view::LanesView;
use super::state::{Data, Timescale};
use crate::export::Options;
use crate::export::write::{WriteError, write_atomic_with};
use crate::export::{Format, render_to};
use crate::load::regular::Stamp;
use crate::model::{EventIx, SourceIx};
use crate::query::Filter;
use crate::sources::Target;
use ratatui::crossterm::execute;
use std::fmt;
use std::process::{Command, Stdio};

/// A program to open URLs and files with instead of the system's opener; tests point it at a
/// script that records its argument.
pub const OPENER: &str = "TIMELINE_OPENER";

/// Work `update` asks for. The runner performs the background work (`Filter`, `LayOutLanes`, `Write`,
/// `ReadFile`, `ReadArchive`, `Settle`) and sends what came of it back as a `Msg`; the loop
/// performs what needs the terminal or the desktop (`Quit`, `Suspend`, `Edit`, `Copy`, `Open`).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// End the browser, once the exports being written are finished.
    Quit,
    /// Give the terminal back and stop, as Ctrl-z does in a shell; take it back when continued.
    Suspend,
    /// Open the timeline file in the user's editor at this 1-based line.
    Edit { line: u32 },
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Open a checked URL or file.
    Open(Target),
    /// Work out what filter number `generation` shows, on another thread.
    Filter { generation: u64, filter: Box<Filter> },
    /// Lay the `shown` events out in `view`'s lanes on another thread, as request `ask`, and
    /// draw the screenful around the cursor's event (a position in `shown`) in a pane `area`
    /// on the axis `timescale` gives.
    LayOutLanes { ask: u64, lanes: Box<LaneJob> },
    /// Write an export of `events`, atomically; replace an existing file only with `overwrite`.
    /// The export is made as it is written, so a million events are never one string.
    Write { path: String, events: Vec<EventIx>, format: Format, options: Options, overwrite: bool },
    /// Read the timeline file again, unless its size and time are still `unless`.
    ReadFile { unless: Option<Stamp> },
    /// Read a source's local copy.
    ReadArchive(SourceIx),
    /// Send `Msg::Settled(change)` once the file has been quiet for a moment: editors write a
    /// file in several steps.
    Settle(u64),
    /// Read this timeline's marks from the user's state folder (`marks::file_for`).
    ReadMarks { file: std::path::PathBuf },
    /// Keep these marks of the timeline at `timeline` in `file`, atomically.
    SaveMarks {
        file: std::path::PathBuf,
        timeline: std::path::PathBuf,
        marks: std::collections::BTreeMap<char, String>,
    },
    /// Make the word search ready on another thread while the user reads, so that the first
    /// query only scans (`SearchIndex::prepare`).
    PrepareSearch,
    /// Write the event form's edit into the timeline file, atomically.
    SaveEvent(Box<super::form_state::Save>),
    /// Write the timeline file back as it was before a save, atomically.
    Undo(Box<super::form_state::Undo>),
}

/// What laying out lanes in the background needs: a copy of what the browser had when asked.
impl Effect {
    /// `PrepareSearch`, for a timeline large enough to be filtered in the background: on a
    /// small one the first query prepares the search within the key press.
    pub fn prepare_search(data: &Data) -> Option<Effect> {
        (data.timeline.events.len() >= data.background_from).then_some(Effect::PrepareSearch)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneJob {
    pub view: LanesView,
    pub shown: Vec<EventIx>,
    pub cursor: usize,
    pub area: ratatui::layout::Rect,
    pub timescale: Timescale,
}

impl LaneJob {
    /// The lanes laid out and the screenful drawn, as `update` would within a key press.
    pub fn run(self, data: &Data) -> LanesView {
        let LaneJob { mut view, shown, cursor, area, timescale } = self;
        let names = (&data.timeline, &data.short_names[..]);
        super::lanes_view::settle(&mut view, names, (&shown, cursor), area, |width| timescale.axis_at(width));
        view
    }
}

/// What came of an effect, for `update` to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Written { path: String, events: usize },
    Exists,
    Failed(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Url(url) => f.write_str(url),
            Target::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Writes an export and says what came of it.
pub fn write(
    data: &Data,
    path: &str,
    events: &[EventIx],
    format: Format,
    options: &Options,
    overwrite: bool,
) -> Outcome {
    let render = |out: &mut dyn std::io::Write| render_to(out, &data.timeline, events, format, options);
    match write_atomic_with(std::path::Path::new(path), overwrite, render) {
        Ok(()) => Outcome::Written { path: path.to_string(), events: events.len() },
        Err(WriteError::Exists) => Outcome::Exists,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Puts `text` on the clipboard of the terminal (and of the terminal's terminal, over ssh).
pub fn copy(text: &str) -> Result<(), String> {
    let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes());
    execute!(std::io::stdout(), copy).map_err(|e| format!("Could not copy: {e}"))
}

/// Opens a URL or file with the system's opener (or `$TIMELINE_OPENER`).
pub fn open(target: &Target) -> Result<(), String> {
    open_with_opener(target).map_err(|e| format!("Could not open {target}: {e}"))
}

/// The target goes to the opener as a single argument; no shell ever sees it.
fn open_with_opener(target: &Target) -> std::io::Result<()> {
    let argument = match target {
        Target::Url(url) => std::ffi::OsString::from(url),
        Target::File(path) => as_argument(path).into_os_string(),
    };
    match std::env::var_os(OPENER).filter(|v| !v.is_empty()) {
        Some(program) => Command::new(program)
            .arg(&argument)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop),
        None => open::that_detached(&argument),
    }
}

/// A path to hand to another program, which no program can take for an option or a command:
/// given `+!touch x` vim runs it, and `-c!cmd` is an option to most. A relative path gets `./`.
pub fn as_argument(path: &std::path::Path) -> std::path::PathBuf {
    match path.components().next() {
        Some(std::path::Component::Normal(_)) => std::path::Path::new(".").join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::as_argument;
    use std::path::Path;

    #[test]
    fn a_path_never_reaches_a_program_as_an_option() {
        for (path, argument) in
            [("-c!cmd", "./-c!cmd"), ("+!touch x", "./+!touch x"), ("a/b.ron", "./a/b.ron"), ("/a/-b", "/a/-b")]
        {
            assert_eq!(as_argument(Path::new(path)), Path::new(argument));
        }
        for unchanged in ["./x.ron", "../x.ron"] {
            assert_eq!(as_argument(Path::new(unchanged)), Path::new(unchanged));
        }
    }
}
