//! Reading the graph file again for the explorer: on `r`, and under `--watch` when the file
//! changes. File-system events (the notify crate) say when to look; the file's size and
//! modification time say whether it really changed and when it has settled. The watch is on the
//! file's folder, not the file, so editors that save by renaming a new file over the old one are
//! seen too (a watch on the old inode would miss them). Where no watch can be set up (no inotify
//! instances left, an exotic file system), the watcher falls back to checking the stamp every tick.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher as _};

use crate::app::{App, Source};
use crate::graph;

/// A change is reloaded once the file has stopped changing for this long, so an editor's
/// truncate-then-write (or a slow copy) is read once, whole.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Reads the app's graph file again and applies it (or the error) to the app.
pub fn reload(app: &mut App) {
    let Source::File(path) = &app.options.source else {
        app.nothing_to_reload();
        return;
    };
    match graph::load_path(path, app.options.load.clone()) {
        Ok(loaded) => app.apply_reload(loaded.graph),
        Err(e) => app.reload_failed(&e),
    }
}

/// What the file looked like when last seen: a change in either means it was written.
type FileVersion = Option<(SystemTime, u64)>;

fn file_version(path: &Path) -> FileVersion {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Watches one file for changes (`--watch`).
pub struct Watcher {
    path: PathBuf,
    seen: FileVersion,
    /// The newest stamp not yet reloaded, and when it was first seen.
    pending: Option<(FileVersion, Instant)>,
    /// File-system events about the file; `None` when no watch could be set up (poll instead).
    events: Option<(notify::RecommendedWatcher, Receiver<()>)>,
}

impl Watcher {
    /// Watches `path` for changes.
    pub fn new(path: PathBuf) -> Watcher {
        let seen = file_version(&path);
        let events = watch_folder_of(&path);
        Watcher {
            path,
            seen,
            pending: None,
            events,
        }
    }

    /// The watcher for the app's file, when `--watch` asked for one.
    pub(crate) fn for_app(app: &App) -> Option<Watcher> {
        match (&app.options.source, app.options.watch) {
            (Source::File(path), true) => Some(Watcher::new(path.clone())),
            _ => None,
        }
    }

    /// True once the file changed and then stayed unchanged for [`DEBOUNCE`].
    pub fn changed(&mut self) -> bool {
        if let Some((_, rx)) = &self.events {
            let event = rx.try_iter().count() > 0;
            // Nothing happened to the file and nothing is settling: no need to look at it.
            if !event && self.pending.is_none() {
                return false;
            }
        }
        let now = file_version(&self.path);
        if now == self.seen {
            self.pending = None;
            return false;
        }
        match self.pending {
            Some((pending, since)) if pending == now => {
                if since.elapsed() < DEBOUNCE {
                    return false;
                }
                self.seen = now;
                self.pending = None;
                // A file that vanished (mid-rename) is not reloaded; its return will be.
                now.is_some()
            }
            _ => {
                self.pending = Some((now, Instant::now()));
                false
            }
        }
    }
}

/// Starts a watch on the folder holding `path`; events about other files are dropped.
fn watch_folder_of(path: &Path) -> Option<(notify::RecommendedWatcher, Receiver<()>)> {
    let name = path.file_name()?.to_os_string();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let about_file = match &event {
            Ok(e) => e
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str())),
            // An error (a dropped event queue) may hide a change: look at the file.
            Err(_) => true,
        };
        if about_file {
            let _ = tx.send(());
        }
    })
    .ok()?;
    watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
    Some((watcher, rx))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `changed` for up to 5 s (a generous bound for a loaded machine, not a speed claim).
    fn becomes_changed(w: &mut Watcher) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if w.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn sees_writes_and_rename_saves_through_file_system_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        std::fs::write(&path, "{}").unwrap();
        let mut w = Watcher::new(path.clone());
        assert!(w.events.is_some(), "a folder watch can be set up here");
        assert!(!w.changed());
        std::fs::write(&path, "{\"entities\": []}").unwrap();
        assert!(becomes_changed(&mut w), "an in-place write");
        assert!(!w.changed(), "one change, one reload");
        let tmp = dir.path().join("g.json.tmp");
        std::fs::write(&tmp, "{\"entities\": [], \"title\": \"renamed\"}").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert!(becomes_changed(&mut w), "a save by rename");
        std::fs::write(dir.path().join("other.json"), "x").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(!w.changed(), "other files in the folder are ignored");
    }
}
