//! Where the browser keeps its marks (`m` then a letter), and reading and writing them. Marks are
//! the user's, not the timeline's: they live in the user's state folder
//! (`$TIMELINE_STATE`, else `$XDG_STATE_HOME/timeline`, else `~/.local/state/timeline`), one file
//! per timeline, named by a hash of the timeline's canonical path, and name events by id so that
//! they outlive reloads and edits that move the events.
//!
//! The runner does the reading and writing (`Effect::ReadMarks`, `Effect::SaveMarks`); `update`
//! only holds `Marks`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Overrides the state folder: tests, and users who keep their state elsewhere.
pub const STATE: &str = "TIMELINE_STATE";

/// The marks of one timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Letter to event id.
    pub letters: BTreeMap<char, String>,
    /// The marks file has been asked for: once, at start.
    pub asked: bool,
}

/// What a marks file holds. The timeline's path is there for a person looking at the folder.
#[derive(Serialize, Deserialize)]
struct Stored {
    file: String,
    marks: BTreeMap<char, String>,
}

/// The folder of the user's state for timeline.
pub fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STATE).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let state = dirs::state_dir().or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")));
    state.map(|s| s.join("timeline"))
}

/// The marks file of the timeline at `timeline`: the same file however the timeline is named
/// (`./t.ron`, `../x/t.ron`, a link to it).
pub fn file_for(timeline: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(timeline).or_else(|_| std::path::absolute(timeline)).ok()?;
    let hash = blake3::hash(canonical.as_os_str().as_encoded_bytes()).to_hex();
    Some(folder()?.join("marks").join(format!("{}.ron", &hash[..32])))
}

/// The marks kept in `file`: none if there is no file yet. Marks that are not a letter and an
/// id are left out: the file is the user's to edit, and may be anything.
pub fn read(file: &Path) -> Result<BTreeMap<char, String>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("Could not read the marks in {}: {e}", file.display())),
    };
    let stored: Stored =
        ron::from_str(&text).map_err(|e| format!("Could not read the marks in {}: {e}", file.display()))?;
    let mut marks = stored.marks;
    marks.retain(|letter, id| letter.is_ascii_alphabetic() && !id.is_empty());
    Ok(marks)
}

/// Writes `marks` to `file` atomically, making its folder if need be.
pub fn write(file: &Path, timeline: &Path, marks: &BTreeMap<char, String>) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("Could not keep the marks in {}: {e}", file.display());
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(&e))?;
    }
    let named = std::fs::canonicalize(timeline).unwrap_or_else(|_| timeline.to_path_buf());
    let stored = Stored { file: named.display().to_string(), marks: marks.clone() };
    let text = ron::ser::to_string_pretty(&stored, ron::ser::PrettyConfig::default()).map_err(|e| fail(&e))?;
    crate::export::write::write_atomic_with(file, true, |out| out.write_all(text.as_bytes())).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_written_are_read_back_and_a_missing_file_is_no_marks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("marks").join("x.ron");
        assert_eq!(read(&file), Ok(BTreeMap::new()));
        let marks = BTreeMap::from([('a', "day".to_string()), ('Z', "a \"quoted\" id".to_string())]);
        write(&file, Path::new("/t.ron"), &marks).unwrap();
        assert_eq!(read(&file), Ok(marks));
        std::fs::write(&file, "(file: \"\", marks: {'1': \"x\", 'b': \"\", 'c': \"ok\"})").unwrap();
        assert_eq!(read(&file), Ok(BTreeMap::from([('c', "ok".to_string())])));
        std::fs::write(&file, "not ron").unwrap();
        assert!(read(&file).unwrap_err().starts_with("Could not read the marks"));
    }

    #[test]
    fn a_timeline_named_two_ways_has_one_marks_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.ron"), "").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let direct = file_for(&dir.path().join("t.ron"));
        assert!(direct.is_some());
        assert_eq!(direct, file_for(&dir.path().join("sub").join("..").join("t.ron")));
        assert_ne!(direct, file_for(&dir.path().join("other.ron")));
    }
}
