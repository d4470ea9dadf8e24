//! Reading a graph's bytes from a path or standard input, with errors that say what to do:
//! also for a stream (stdin, a FIFO) whose writer stopped early, and for a file that changed
//! while it was being read (an editor or a generator still writing it). A large regular file
//! is paged (`paged.rs`: mapped, not copied) when it can be, else read into memory.

use std::io::Read;
use std::path::Path;

use super::closest::closest;
use crate::graph::error::{LoadError, ProblemKind};

use super::paged::PagedText;

/// From this size on, a regular file is paged rather than read into memory.
pub(crate) const PAGED_MIN_BYTES: usize = 1 << 20;

/// A graph file's bytes: read into memory, or paged.
pub(crate) enum Contents {
    /// Read into memory (standard input, a FIFO, a small file, or paging declined).
    Read(Vec<u8>),
    /// Paged, checked to be UTF-8, with the file's state when it was opened.
    Paged(PagedText, FileState),
}

/// The contents of the graph file `path` (`-` for standard input) and the name to use for it in
/// messages: paged when it is a regular file of at least `page_from` bytes and a read lease can
/// be taken; else read as [`read_input`] does. After loading from paged contents,
/// [`check_unchanged`] says whether the file stayed the same.
pub(crate) fn read_graph(
    path: &Path,
    page_from: Option<usize>,
) -> Result<(String, Contents), LoadError> {
    let before = file_state(path);
    if path.as_os_str() != "-"
        && let (Some(from), Some((size, _))) = (page_from, before)
        && size >= from as u64
    {
        // Not paged (not UTF-8 among others): the plain read gives the messages.
        if let Some(paged) = PagedText::open(path) {
            return Ok((path.display().to_string(), Contents::Paged(paged, before)));
        }
    }
    let (origin, bytes) = read_input(path)?;
    Ok((origin, Contents::Read(bytes)))
}

impl Contents {
    /// The number of bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Contents::Read(bytes) => bytes.len(),
            Contents::Paged(paged, _) => paged.text().len(),
        }
    }
}

/// After loading from paged contents: an error if the file changed since it was opened (the
/// lease keeps writers waiting, so this only happens past the lease-break time).
pub(crate) fn check_unchanged(
    path: &Path,
    origin: &str,
    contents: &Contents,
) -> Result<(), LoadError> {
    match contents {
        Contents::Paged(paged, before)
            if !unchanged(*before, file_state(path), paged.text().len()) =>
        {
            Err(changed_while_read(origin))
        }
        _ => Ok(()),
    }
}

fn changed_while_read(origin: &str) -> LoadError {
    LoadError::Read {
        origin: origin.to_string(),
        message: "changed while it was being read".into(),
        hint: Some("something is still writing it; try again once it is saved".into()),
        source: None,
    }
}

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
            false => Err(changed_while_read(&origin)),
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
pub(crate) type FileState = Option<(u64, Option<std::time::SystemTime>)>;

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
