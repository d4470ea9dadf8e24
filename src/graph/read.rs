//! Reading a graph's bytes from a path or standard input, with errors that say what to do.

use std::io::Read;
use std::path::Path;

use super::build::closest;
use super::error::LoadError;

/// The bytes of `path` (`-` for standard input) and the name to use for it in messages.
pub fn read_input(path: &Path) -> Result<(String, Vec<u8>), LoadError> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::Read {
                origin: "<stdin>".into(),
                message: format!("cannot read standard input: {e}"),
                hint: None,
            })?;
        return Ok(("<stdin>".into(), bytes));
    }
    let origin = path.display().to_string();
    let fail = |message: String, hint: Option<String>| LoadError::Read {
        origin: origin.clone(),
        message,
        hint,
    };
    if path.is_dir() {
        return Err(fail(
            "is a directory, not a graph file".into(),
            Some("give the path of a .json file".into()),
        ));
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok((origin, bytes)),
        Err(e) => Err(match e.kind() {
            std::io::ErrorKind::NotFound => fail("no such file".into(), similar_file(path)),
            std::io::ErrorKind::PermissionDenied => fail(
                "permission denied".into(),
                Some("check the file's permissions (kgx only needs to read it)".into()),
            ),
            _ => fail(format!("cannot read: {e}"), None),
        }),
    }
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
