//! Watching the timeline file: a change to it becomes `Msg::FileChanged`.

use super::msg::Msg;
use std::path::Path;
use std::sync::mpsc::Sender;

/// Watches the folder of the timeline (editors often replace a file rather than write it) and
/// reports changes to the file itself. Dropping the watcher stops it.
pub fn watch(path: &Path, sender: Sender<Msg>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{EventKind, Watcher};
    let name = path.file_name().map(|n| n.to_os_string());
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only writes, creations, renames and removals: reading the file (this program does,
        // and so may others) is not a change.
        let ours = event.is_ok_and(|e| {
            let change = matches!(e.kind, EventKind::Modify(_) | EventKind::Create(_) | EventKind::Remove(_));
            change && e.paths.iter().any(|p| p.file_name().map(|n| n.to_os_string()) == name)
        });
        if ours {
            let _ = sender.send(Msg::FileChanged);
        }
    })?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    watcher.watch(folder, notify::RecursiveMode::NonRecursive)?;
    Ok(watcher)
}
