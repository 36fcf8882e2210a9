//! Side effects that `update` asks for, as values, and the one place that performs them.

use crate::export::write::{WriteError, write_atomic};
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
    /// Write an export, atomically; replace an existing file only with `overwrite`.
    Write {
        path: String,
        bytes: String,
        overwrite: bool,
        events: usize,
    },
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
pub fn perform(effect: &Effect) -> Option<Outcome> {
    match effect {
        Effect::Quit => None,
        Effect::Open(target) => open(target).err().map(|e| Outcome::Failed(format!("Could not open {target}: {e}"))),
        Effect::Copy(text) => {
            let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes());
            execute!(std::io::stdout(), copy).err().map(|e| Outcome::Failed(format!("Could not copy: {e}")))
        }
        Effect::Write { path, bytes, overwrite, events } => {
            Some(match write_atomic(std::path::Path::new(path), bytes.as_bytes(), *overwrite) {
                Ok(()) => Outcome::Written { path: path.clone(), events: *events },
                Err(WriteError::Exists) => Outcome::Exists,
                Err(WriteError::Failed(why)) => Outcome::Failed(why),
            })
        }
    }
}

/// The target goes to the opener as a single argument; no shell ever sees it.
fn open(target: &Target) -> std::io::Result<()> {
    let argument = match target {
        Target::Url(url) => std::ffi::OsString::from(url),
        Target::File(path) => path.clone().into_os_string(),
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
