//! Reading graphs written by other tools (node-link JSON from networkx and D3, Cytoscape.js).

use super::build::Loaded;
use super::error::LoadError;
use super::load::LoadOptions;

/// True when `text` is not in kgx's native format but in a format this module imports.
pub(crate) fn looks_foreign(_text: &str) -> bool {
    false
}

pub(crate) fn load_foreign(
    _text: &str,
    origin: &str,
    _opts: LoadOptions,
) -> Result<Loaded, LoadError> {
    Err(LoadError::Read {
        origin: origin.to_string(),
        message: "import is not supported yet".into(),
        hint: None,
    })
}
