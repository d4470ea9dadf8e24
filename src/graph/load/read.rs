//! Reading a graph's bytes from a path or standard input, with errors that say what to do:
//! also for a stream (stdin, a FIFO) whose writer stopped early, and for a file that changed
//! while it was being read (an editor or a generator still writing it).

use std::io::Read;
use std::path::Path;

use super::closest::closest;
use crate::graph::error::{LoadError, ProblemKind};

/// The bytes of `path` (`-` for standard input) and the name to use for it in messages.
pub(crate) fn read_input(path: &Path) -> Result<(String, Vec<u8>), LoadError> {
    if path.as_os_str() == "-" {
        let bytes = read_stream(std::io::stdin().lock(), "<stdin>", "standard input")?;
        return Ok(("<stdin>".into(), bytes));
    }
    let origin = path.display().to_string();
    let fail = |message: String, hint: Option<String>| LoadError::Read {
        origin: origin.clone(),
        message,
        hint,
        source: None,
    };
    if path.is_dir() {
        return Err(fail(
            "is a directory, not a graph file".into(),
            Some("give the path of a .json file".into()),
        ));
    }
    let before = file_state(path);
    if before.is_none() && path.exists() {
        // A device or FIFO: it may never end (`/dev/zero`), so its first bytes are checked first.
        let file =
            std::fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}"), None))?;
        return Ok((origin.clone(), read_stream(file, &origin, "it")?));
    }
    match std::fs::read(path) {
        Ok(bytes) => match unchanged(before, file_state(path), bytes.len()) {
            true => Ok((origin, bytes)),
            false => Err(fail(
                "changed while it was being read".into(),
                Some("something is still writing it; try again once it is saved".into()),
            )),
        },
        Err(e) => {
            let error = match e.kind() {
                std::io::ErrorKind::NotFound => fail("no such file".into(), similar_file(path)),
                std::io::ErrorKind::PermissionDenied => fail(
                    "permission denied".into(),
                    Some("check the file's permissions (kgx only needs to read it)".into()),
                ),
                _ => fail(format!("cannot read: {e}"), None),
            };
            Err(match error {
                LoadError::Read {
                    origin,
                    message,
                    hint,
                    ..
                } => LoadError::Read {
                    origin,
                    message,
                    hint,
                    source: Some(e),
                },
                other => other,
            })
        }
    }
}

/// Reads a stream to its end, after checking that its first kilobyte can start a graph: binary
/// data (`/dev/zero`, `/dev/urandom`) is refused before the rest is read.
fn read_stream(mut input: impl Read, origin: &str, what: &str) -> Result<Vec<u8>, LoadError> {
    let fail = |e: std::io::Error| LoadError::Read {
        origin: origin.to_string(),
        message: format!("cannot read {what}: {e}"),
        hint: None,
        source: Some(e),
    };
    let mut bytes = Vec::new();
    let mut head = [0u8; super::import::detect::SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        match input.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(fail(e)),
        }
    }
    if let Err(e) = super::import::sniff(&head[..filled]) {
        return Err(super::not_a_graph(&e, origin, &head[..filled]));
    }
    bytes.extend_from_slice(&head[..filled]);
    input.read_to_end(&mut bytes).map_err(fail)?;
    Ok(bytes)
}

/// "did you mean" for a file name close to one in the same folder.
fn similar_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let names: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .take(10_000)
        .collect();
    let best = closest(name, names.iter().map(String::as_str))?;
    Some(format!("did you mean '{}'?", dir.join(best).display()))
}

/// Size and modification time of a regular file; `None` for a stream (a FIFO, a device), whose
/// size says nothing.
type FileState = Option<(u64, Option<std::time::SystemTime>)>;

fn file_state(path: &Path) -> FileState {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.len(), meta.modified().ok()))
}

/// True when a regular file read as `len` bytes had the same size and time before and after.
fn unchanged(before: FileState, after: FileState, len: usize) -> bool {
    match (before, after) {
        (Some(b), Some(a)) => b == a && a.0 == len as u64,
        (None, None) => true,
        _ => false,
    }
}

/// True when `path` is standard input or not a regular file: input that can stop early because
/// its writer stopped.
pub(crate) fn is_stream(path: &Path) -> bool {
    path.as_os_str() == "-" || std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// A load error for input that ended too early says, for a stream, that the writer stopped.
pub(crate) fn explain_early_end(e: LoadError, path: &Path, len: usize) -> LoadError {
    match e {
        LoadError::Syntax {
            origin,
            location,
            kind,
            ..
        } if matches!(*kind, ProblemKind::EndedEarly { .. }) && is_stream(path) => {
            LoadError::Syntax {
                origin,
                location,
                kind: Box::new(ProblemKind::StreamEndedEarly { bytes: len }),
                hint: Some(
                    "the program or FIFO writing it closed early; run it again once the writer \
                     has finished"
                        .into(),
                ),
            }
        }
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::unchanged;
    use std::time::{Duration, SystemTime};

    #[test]
    fn a_file_that_grew_or_was_touched_while_read_is_not_unchanged() {
        let t = Some(SystemTime::UNIX_EPOCH);
        let later = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1));
        assert!(unchanged(Some((10, t)), Some((10, t)), 10));
        assert!(!unchanged(Some((10, t)), Some((20, t)), 20), "grew");
        assert!(
            !unchanged(Some((10, t)), Some((10, later)), 10),
            "rewritten"
        );
        assert!(!unchanged(Some((10, t)), Some((10, t)), 7), "short read");
        assert!(!unchanged(Some((10, t)), None, 10), "replaced by a stream");
        assert!(unchanged(None, None, 3), "a FIFO has no size to compare");
    }
}
