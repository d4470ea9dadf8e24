//! The loader's side of reading the relations ahead: the part-by-part reader (`parts`) asks, at
//! each top-level key, whether it is the relations array the read-ahead thread (`ahead`) is
//! already reading, so the parse can stop there and take the relations read ahead.
//!
//! Only the handshake: starting the thread and using what it read is the loader's.

use std::borrow::Cow;
use std::sync::mpsc::Receiver;

use super::text::Text;

/// The loader's side of reading the relations ahead.
pub(super) struct Handover {
    /// The address of the text, to tell where a borrowed key is.
    pub(super) base: usize,
    /// Where the other thread found the relations key, once it knows.
    pub(super) found: Receiver<Option<usize>>,
    pub(super) key_at: Option<Option<usize>>,
    /// The parse stopped at the relations key, to take the relations read ahead.
    pub(super) taken: bool,
}

impl Handover {
    /// Whether the top-level key `key` is the relations key the other thread is reading after.
    pub(super) fn is_ahead(&mut self, key: &Text<'_>) -> bool {
        let Cow::Borrowed(k) = key.0 else {
            return false;
        };
        // The key's text starts after its opening quote.
        let at = (k.as_ptr() as usize).wrapping_sub(self.base + 1);
        let found = &self.found;
        *self
            .key_at
            .get_or_insert_with(|| found.recv().ok().flatten())
            == Some(at)
    }
}
