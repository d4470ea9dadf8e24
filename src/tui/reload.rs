//! Reading the graph file again for the explorer: on `r`, and under `--watch` when the file
//! changes. The watcher polls the file's size and modification time once a tick instead of
//! using inotify (the notify crate): no extra dependency, and it sees editors that save by
//! renaming a new file over the old one, which an inotify watch on the old inode misses.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::app::{App, Source};
use crate::graph::{self, LoadOptions};

/// A change is reloaded once the file has stopped changing for this long, so an editor's
/// truncate-then-write (or a slow copy) is read once, whole.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Reads the app's graph file again and applies it (or the error) to the app.
pub fn reload(app: &mut App) {
    let Source::File(path) = &app.source else {
        app.nothing_to_reload();
        return;
    };
    match graph::load_path(path, LoadOptions::default()) {
        Ok(loaded) => app.apply_reload(loaded.graph),
        Err(e) => app.reload_failed(&e),
    }
}

/// What the file looked like when last seen: a change in either means it was written.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Watches one file for changes (`--watch`).
pub struct Watcher {
    path: PathBuf,
    seen: Stamp,
    /// The newest stamp not yet reloaded, and when it was first seen.
    pending: Option<(Stamp, Instant)>,
}

impl Watcher {
    pub fn new(path: PathBuf) -> Watcher {
        let seen = stamp(&path);
        Watcher {
            path,
            seen,
            pending: None,
        }
    }

    /// The watcher for the app's file, when `--watch` asked for one.
    pub fn for_app(app: &App) -> Option<Watcher> {
        match (&app.source, app.watch) {
            (Source::File(path), true) => Some(Watcher::new(path.clone())),
            _ => None,
        }
    }

    /// True once the file changed and then stayed unchanged for [`DEBOUNCE`].
    pub fn changed(&mut self) -> bool {
        let now = stamp(&self.path);
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
