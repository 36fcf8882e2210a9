//! Side effects that `update` asks for, as values, and the one place that performs them.

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
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Url(url) => f.write_str(url),
            Target::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Performs an effect; returns a message for the status line when it failed.
pub fn perform(effect: &Effect) -> Option<String> {
    match effect {
        Effect::Quit => None,
        Effect::Open(target) => open(target).err().map(|e| format!("Could not open {target}: {e}")),
        Effect::Copy(text) => {
            let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes());
            execute!(std::io::stdout(), copy).err().map(|e| format!("Could not copy: {e}"))
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
