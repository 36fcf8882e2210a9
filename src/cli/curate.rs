//! The commands that change a timeline file: `fmt` (and `add`), through the core's writer.

use super::{CommandError, Status, default_file};
use crate::load::SourceFile;
use crate::text::clean_path;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files to format [default: ./timeline.ron]
    pub files: Vec<PathBuf>,
    /// Change nothing: list the files that would change, and fail (exit 1) if any would
    #[arg(long)]
    pub check: bool,
}

/// `timeline fmt`: each file laid out canonically and written over atomically, or with
/// `--check` named if it would change. A file that cannot be formatted is said and skipped.
pub fn fmt(args: &FmtArgs) -> Result<Status, CommandError> {
    let files = if args.files.is_empty() { vec![default_file(None)] } else { args.files.clone() };
    let mut out = io::stdout().lock();
    let mut status = Status::Success;
    for path in &files {
        let text = match crate::load::regular::read(path, u64::MAX) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| CommandError::NotText { path: path.clone() }),
            Err(error) => Err(CommandError::Unreadable { path: path.clone(), error }),
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                sayln!("{e}");
                status = status.max(Status::Unusable);
                continue;
            }
        };
        let formatted = match crate::edit::formatted(&text) {
            Ok(formatted) => formatted,
            Err(problem) => {
                let name = path.display().to_string();
                sayln!("{}", SourceFile::new(&name, &text).render(&problem));
                sayln!("`{}` was left as it is", clean_path(path));
                status = status.max(Status::Failed);
                continue;
            }
        };
        let Some(formatted) = formatted else { continue };
        if args.check {
            writeln!(out, "{}", clean_path(path))?;
            status = status.max(Status::Failed);
            continue;
        }
        crate::export::write::write_atomic(path, formatted.as_bytes(), true)
            .map_err(|error| CommandError::NotWritten { path: path.clone(), error, what: "formatted" })?;
        sayln!("formatted {}", clean_path(path));
    }
    Ok(status)
}
