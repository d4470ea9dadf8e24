//! Where trails are kept: one file per graph in `$XDG_STATE_HOME/kgx/` (else
//! `$HOME/.local/state/kgx/`), named after the graph: `built-in.json`, `stdin.json`, or the
//! file's name with a hash of its canonical path (`graph-1f2e3d4c5b6a7980.json`), so two files of
//! the same name in different folders keep their own trails. Writes go through a temporary file
//! renamed into place, so a crash mid-write never leaves half a trail. What it does not do:
//! decide what a trail holds (`trail.rs`, the app).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Trail, TrailError};

/// A trail file larger than this is refused unread (a full one is well under a megabyte).
const MAX_FILE: u64 = 8 << 20;

/// The graph a trail belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphKey {
    /// The graph built into kgx.
    BuiltIn,
    /// A graph read from standard input.
    Stdin,
    /// A file, by its canonical path (absolute when it cannot be resolved).
    File(PathBuf),
}

impl GraphKey {
    /// The key for a graph opened from `path` (`-`: standard input; none: the built-in graph).
    pub fn of(path: Option<&Path>) -> GraphKey {
        match path {
            None => GraphKey::BuiltIn,
            Some(p) if p.as_os_str() == "-" => GraphKey::Stdin,
            Some(p) => GraphKey::File(
                std::fs::canonicalize(p)
                    .or_else(|_| std::path::absolute(p))
                    .unwrap_or_else(|_| p.to_path_buf()),
            ),
        }
    }

    /// How a trail file names its graph (checked on reading, so a hash collision is no match).
    pub fn label(&self) -> String {
        match self {
            GraphKey::BuiltIn => "<built-in>".into(),
            GraphKey::Stdin => "<stdin>".into(),
            GraphKey::File(p) => p.display().to_string(),
        }
    }

    /// The trail file's name in the state folder.
    fn file_name(&self) -> String {
        match self {
            GraphKey::BuiltIn => "built-in.json".into(),
            GraphKey::Stdin => "stdin.json".into(),
            GraphKey::File(p) => {
                let stem: String = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .take(40)
                    .collect();
                // FNV-1a: the same name on every run and platform, unlike the std hasher.
                let hash = p
                    .as_os_str()
                    .as_encoded_bytes()
                    .iter()
                    .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                    });
                format!("{stem}-{hash:016x}.json")
            }
        }
    }
}

/// The folder trails are kept in, from the values of `XDG_STATE_HOME` and `HOME`: the XDG
/// base-directory rules (a relative `XDG_STATE_HOME` is ignored).
pub fn state_dir_from(
    xdg_state_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| {
        let p = PathBuf::from(v);
        p.is_absolute().then_some(p)
    };
    xdg_state_home
        .and_then(absolute)
        .or_else(|| home.and_then(absolute).map(|h| h.join(".local/state")))
        .map(|dir| dir.join("kgx"))
}

/// The folder trails are kept in, from the environment (`HOME` is read only when
/// `XDG_STATE_HOME` is not set to an absolute path).
pub fn state_dir() -> Result<PathBuf, TrailError> {
    let xdg = std::env::var_os("XDG_STATE_HOME").filter(|v| Path::new(v).is_absolute());
    let home = match xdg {
        Some(_) => None,
        None => std::env::var_os("HOME"),
    };
    state_dir_from(xdg, home).ok_or(TrailError::NoStateDir)
}

/// The trail file of `key` in `dir`.
pub fn trail_path(dir: &Path, key: &GraphKey) -> PathBuf {
    dir.join(key.file_name())
}

/// The trail saved for `key` in `dir`, if there is one for that graph.
pub fn load(dir: &Path, key: &GraphKey) -> Result<Option<Trail>, TrailError> {
    let path = trail_path(dir, key);
    let read_error = |source| TrailError::Read {
        path: path.clone(),
        source,
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_error(e)),
    };
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_FILE {
        return Err(TrailError::TooLarge { path, size });
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|_| TrailError::Invalid {
        path: path.clone(),
        reason: "not UTF-8 text".into(),
    })?;
    let trail = Trail::parse(&text, &path)?;
    // Another graph whose name and hash collide: not this graph's trail.
    Ok((trail.graph == key.label()).then_some(trail))
}

/// Saves `trail` as the trail of `key` in `dir` (created if needed): written to a temporary
/// file in the same folder, then renamed over the old one. Returns the file's path.
pub fn save(dir: &Path, key: &GraphKey, trail: &Trail) -> Result<PathBuf, TrailError> {
    let path = trail_path(dir, key);
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TrailError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let temp = dir.join(format!(".{}.{}.tmp", key.file_name(), std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(trail.to_json().as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, &path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(write_error(&path)(e));
    }
    Ok(path)
}
