//! What stops a command, typed, with its words and its exit code: the core returns these facts,
//! and the command line words them here, and prints them through `sayln!`, which cleans them.

use crate::export::write::WriteError;
use crate::load::{Diagnostic, Report, SourceFile};
use crate::text::{clean_line, clean_path};
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// Exit codes: 0 fine, 1 the timeline has errors, 2 unreadable file or wrong arguments.
const FAILED: u8 = 1;
const UNUSABLE: u8 = 2;

/// How a command that ran to its end went, as its exit code tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Success,
    /// What was checked has problems, all printed (`check`, `config --check`).
    Failed,
    /// Some files could not be read; the others were checked.
    Unusable,
    /// A signal stopped the browser (its number).
    Signal(i32),
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Failed => FAILED,
            Status::Unusable => UNUSABLE,
            // As a shell reports it: 128 + the signal's number.
            Status::Signal(s) => (128 + s).clamp(0, 255) as u8,
        }
    }
}

/// Why a command stopped before its end.
#[derive(Debug)]
pub enum CommandError {
    /// The command line as clap found it wrong; clap words it and chooses the code.
    Arguments(clap::Error),
    /// Arguments that name nothing, or a place the command cannot run in (no terminal, no
    /// settings folder).
    Usage(Box<Diagnostic>),
    Unreadable {
        path: PathBuf,
        error: io::Error,
    },
    /// A file to import that is not UTF-8 text.
    NotText {
        path: PathBuf,
    },
    /// A settings file's problems, as the settings module renders them.
    Settings(String),
    /// The timeline has errors.
    Invalid(Box<Invalid>),
    /// A file to import that cannot be read as its format.
    Import {
        path: PathBuf,
        problem: Box<Diagnostic>,
    },
    /// What an import made does not load: a bug in the import, never the user's.
    ImportBroken {
        ron: String,
        report: Box<Report>,
    },
    /// The output file was not made; `what` was not: written, imported.
    NotWritten {
        path: PathBuf,
        error: WriteError,
        what: &'static str,
    },
    /// What the browser stopped on, as it words it.
    Browser {
        message: String,
        code: u8,
    },
    /// Standard output cannot be written.
    Io(io::Error),
}

/// A timeline with errors: the file's name as given, its text and what loading found.
#[derive(Debug)]
pub struct Invalid {
    pub name: String,
    pub text: Arc<String>,
    pub report: Report,
}

impl CommandError {
    pub fn usage(problem: Diagnostic) -> Self {
        CommandError::Usage(Box::new(problem))
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Arguments(e) => u8::try_from(e.exit_code()).unwrap_or(UNUSABLE),
            CommandError::Browser { code, .. } => *code,
            CommandError::Invalid(_)
            | CommandError::Import { .. }
            | CommandError::ImportBroken { .. }
            | CommandError::NotWritten { .. } => FAILED,
            CommandError::Usage(_)
            | CommandError::Unreadable { .. }
            | CommandError::NotText { .. }
            | CommandError::Settings(_)
            | CommandError::Io(_) => UNUSABLE,
        }
    }

    /// A reader that took what it wanted and went (`list | head`), as with `yes | head`: not a
    /// failure, and nothing to say.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CommandError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        CommandError::Io(e)
    }
}

impl From<crate::query::QueryError> for CommandError {
    fn from(e: crate::query::QueryError) -> Self {
        CommandError::usage(Diagnostic::error(e.message).help_opt(e.help))
    }
}

/// The message, lines apart, without a last line break: the one who prints it ends the line.
/// Not cleaned of control characters but for file names and quoted file text, which are cleaned
/// as single lines: `sayln!` cleans the rest.
impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Arguments(e) => f.write_str(last_line_open(&e.render().to_string())),
            CommandError::Usage(d) => d.fmt(f),
            CommandError::Unreadable { path, error } => {
                write!(f, "error: cannot read `{}`: {}", clean_path(path), why_unreadable(error))
            }
            CommandError::NotText { path } => write!(
                f,
                "error: `{}` is not UTF-8 text\n  = help: save it as UTF-8 (in a spreadsheet: CSV UTF-8)",
                clean_path(path)
            ),
            CommandError::Settings(problems) => f.write_str(last_line_open(problems)),
            CommandError::Invalid(invalid) => invalid.fmt(f),
            CommandError::Import { path, problem } => (**problem).clone().of(&clean_path(path)).fmt(f),
            CommandError::ImportBroken { ron, report } => {
                let file = SourceFile::new("(import)", ron);
                for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                    writeln!(f, "{}", file.render(d))?;
                }
                f.write_str("error: the imported timeline does not check; nothing was written (please report this)")
            }
            CommandError::NotWritten { path, error: WriteError::Exists, what } => write!(
                f,
                "error: `{}` exists; nothing was {what}\n  = help: add --force to replace it, or choose another path with -o",
                clean_path(path)
            ),
            // One line, whatever the path in it holds.
            CommandError::NotWritten { error, what, .. } => {
                write!(f, "error: {}; nothing was {what}", clean_line(&error.to_string()))
            }
            CommandError::Browser { message, .. } => f.write_str(last_line_open(message)),
            CommandError::Io(e) => write!(f, "error: {e}"),
        }
    }
}

impl std::error::Error for CommandError {}

/// The errors of a timeline, its summary, and where to see every problem.
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = SourceFile::new(&self.name, &self.text);
        for d in self.report.diagnostics.iter().filter(|d| d.is_error()) {
            writeln!(f, "{}", file.render(d))?;
        }
        writeln!(f, "{}", super::summary(&self.name, &self.report))?;
        write!(f, "`timeline check {}` lists every problem.", clean_line(&self.name))
    }
}

/// Text rendered whole by someone else, which ends its last line: without that line break.
fn last_line_open(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

fn why_unreadable(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::IsADirectory => "it is a folder".to_string(),
        // A file of /proc or /sys that says it is regular but has nothing to read yet: files
        // are opened without waiting, so the read says "try again" rather than hang.
        io::ErrorKind::WouldBlock => "it has nothing to read without waiting (a special file?)".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_would_wait_says_so_in_words() {
        let e = CommandError::Unreadable { path: "/proc/kmsg".into(), error: io::ErrorKind::WouldBlock.into() };
        assert_eq!(
            e.to_string(),
            "error: cannot read `/proc/kmsg`: it has nothing to read without waiting (a special file?)"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_signal_exits_as_a_shell_reports_it() {
        assert_eq!(Status::Signal(15).code(), 143);
        assert_eq!(Status::Signal(200).code(), 255);
        assert_eq!(Status::Success.max(Status::Unusable).max(Status::Failed), Status::Unusable);
    }
}
