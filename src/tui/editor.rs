//! Handing the terminal to the user's editor and taking it back.

use super::effect::as_argument;
use super::terminal::{self, Screen};
use std::path::Path;

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on the file at `line`, with the terminal given back
/// to it meanwhile; why it could not start, if it could not. The command is split like a shell
/// would split it, but no shell runs it.
pub fn edit(screen: &mut Screen, path: &Path, line: u32) -> Option<String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let words = shell_words::split(&editor).unwrap_or_else(|_| vec![editor.clone()]);
    let (program, args) = words.split_first()?;
    terminal::leave();
    let status = std::process::Command::new(program).args(args).arg(format!("+{line}")).arg(as_argument(path)).status();
    let resumed = terminal::resume(screen);
    status.and(resumed).err().map(|e| e.to_string())
}
