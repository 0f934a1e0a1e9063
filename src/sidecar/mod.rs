//! The sidecar file: its model (the version 1 contract), load and save, merging a
//! detector run into it, and re-anchoring when the article changes.

pub mod build;
pub mod io;
pub mod merge;
pub mod model;
pub mod reanchor;
pub mod store;

pub use io::{SidecarError, load, save, sidecar_path_for};
pub use model::{
    Anchor, Annotation, ArticleRef, DetectorInfo, Document, Origin, Original, Status, TextSpan,
};
pub use store::{ReadOnlyReason, Store};
