//! The relationship views' renderers, one file per view, mirroring `app/views/`: each draws its
//! view's state inside the frame `frame.rs` draws. They only read the state.

pub(super) mod compare;
pub(crate) mod cycles;
mod frame;
pub(super) mod neighbourhood;
pub(super) mod overview;
pub(super) mod paths;
pub(super) mod timeline;
