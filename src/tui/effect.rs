//! Side effects that `update` asks for, as values, and the one place that performs them.

use super::state::Data;
use crate::export::Options;
use crate::export::write::{WriteError, write_atomic_with};
use crate::export::{Format, render_to};
use crate::model::EventIx;
use crate::sources::Target;
use ratatui::crossterm::execute;
use std::fmt;
use std::process::{Command, Stdio};

/// A program to open URLs and files with instead of the system's opener; tests point it at a
/// script that records its argument.
pub const OPENER: &str = "TIMELINE_OPENER";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Open a checked URL or file.
    Open(Target),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Write an export of `events`, atomically; replace an existing file only with `overwrite`.
    /// The export is made as it is written, so a million events are never one string.
    Write {
        path: String,
        events: Vec<EventIx>,
        format: Format,
        options: Options,
        overwrite: bool,
    },
    /// Read the timeline file again.
    Reload,
    /// Open the timeline file in the user's editor at this 1-based line, then read it again.
    Edit {
        line: u32,
    },
    /// Give the terminal back and stop, as Ctrl-z does in a shell; take it back when continued.
    Suspend,
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

/// Performs an effect and says what came of it, when there is something to say.
pub fn perform(effect: &Effect, data: &Data) -> Option<Outcome> {
    match effect {
        // The event loop performs these: they change the terminal or the data itself.
        Effect::Quit | Effect::Reload | Effect::Edit { .. } | Effect::Suspend => None,
        Effect::Open(target) => open(target).err().map(|e| Outcome::Failed(format!("Could not open {target}: {e}"))),
        Effect::Copy(text) => {
            let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes());
            execute!(std::io::stdout(), copy).err().map(|e| Outcome::Failed(format!("Could not copy: {e}")))
        }
        Effect::Write { path, events, format, options, overwrite } => {
            let render = |out: &mut dyn std::io::Write| render_to(out, &data.timeline, events, *format, options);
            Some(match write_atomic_with(std::path::Path::new(path), *overwrite, render) {
                Ok(()) => Outcome::Written { path: path.clone(), events: events.len() },
                Err(WriteError::Exists) => Outcome::Exists,
                Err(e) => Outcome::Failed(e.to_string()),
            })
        }
    }
}

/// The target goes to the opener as a single argument; no shell ever sees it.
fn open(target: &Target) -> std::io::Result<()> {
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
