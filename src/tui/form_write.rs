//! The edge of the event form: writing a save into the file and writing a file back for `u`,
//! each atomically (a temporary file, then a rename) and on the runner's thread. What came of it
//! goes back to `update` as a message; nothing here panics or leaves half a file.

use super::form_edit::{Change, EventEdit};
use super::form_state::{Save, Saved, Undo, Undone};
use crate::edit::{Document, Kind, SaveError};
use crate::export::write::write_atomic;
use crate::load::Diagnostic;
use std::sync::Arc;

/// Reads the file, makes the form's edit with the file's writer (which checks the result and
/// refuses to add an error), and writes it atomically, unless the file changed meanwhile.
pub fn save(save: &Save) -> Saved {
    let path = &save.path;
    let before = std::fs::read(path).map_err(|e| vec![format!("Could not read {}: {e}", shown_path(path))])?;
    let text = String::from_utf8(before.clone()).map_err(|_| vec!["The file is not UTF-8 text".to_string()])?;
    let mut doc = Document::open(&text).map_err(|problems| words(&problems))?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        doc = doc.in_folder(folder);
    }
    apply(&mut doc, &save.edit).map_err(|d| words(&[d]))?;
    let after = doc.save(path).map_err(|e| match e {
        SaveError::Refused(problems) => words(&problems),
        other => vec![format!("Not saved: {other}")],
    })?;
    Ok(Undo {
        path: path.clone(),
        title: save.title.clone(),
        before: Arc::new(before),
        after: Arc::new(after.into_bytes()),
    })
}

/// Makes the edit in the document: the actors the form created, then the event.
fn apply(doc: &mut Document, edit: &EventEdit) -> Result<(), Diagnostic> {
    for actor in &edit.actors {
        doc.insert(Kind::Actor, &actor.fields())?;
    }
    match &edit.change {
        Change::Insert(fields) => doc.insert(Kind::Event, fields).map(drop),
        Change::Set { id, fields } => doc.set_fields(Kind::Event, id, fields),
    }
}

/// The writer's diagnostics as the form shows them: each message, and its help.
fn words(problems: &[Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    for d in problems {
        out.push(format!("Not saved: {}", d.message));
        if let Some(help) = &d.help {
            out.push(format!("  = help: {help}"));
        }
    }
    out
}

/// Writes the file back as it was before the save, if it is still as the save left it: an
/// undo must never throw away what was written to the file since.
pub fn undo(undo: Undo) -> Undone {
    let now = match std::fs::read(&undo.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let why = format!("Not undone: could not read {}: {e}", shown_path(&undo.path));
            return Err((undo, why));
        }
    };
    if now != *undo.after {
        let why = format!(
            "Not undone: {} changed since the save of “{}”",
            shown_path(&undo.path),
            crate::text::clean_line(&undo.title)
        );
        return Err((undo, why));
    }
    match write_atomic(&undo.path, &undo.before, true) {
        Ok(()) => Ok(undo),
        Err(e) => {
            let why = format!("Not undone: could not write {}: {e}", shown_path(&undo.path));
            Err((undo, why))
        }
    }
}

fn shown_path(path: &std::path::Path) -> String {
    crate::text::clean_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undo_of(dir: &std::path::Path, before: &str, after: &str) -> Undo {
        Undo {
            path: dir.join("t.ron"),
            title: "T".into(),
            before: Arc::new(before.as_bytes().to_vec()),
            after: Arc::new(after.as_bytes().to_vec()),
        }
    }

    #[test]
    fn an_undo_writes_the_old_bytes_back_only_over_what_the_save_wrote() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.ron"), "after").unwrap();
        assert!(undo(undo_of(dir.path(), "before", "after")).is_ok());
        assert_eq!(std::fs::read_to_string(dir.path().join("t.ron")).unwrap(), "before");
        let Err((kept, why)) = undo(undo_of(dir.path(), "older", "after")) else { panic!("refused") };
        assert!(why.contains("changed since the save of “T”"), "{why}");
        assert_eq!(kept.title, "T", "the save can still be undone later");
        assert_eq!(std::fs::read_to_string(dir.path().join("t.ron")).unwrap(), "before", "untouched");
    }
}
