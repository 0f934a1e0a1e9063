//! The sidecar file: its model (the version 1 contract), load and save, merging a
//! detector run into it, re-anchoring when the article changes, and the store
//! that makes saving safe (lock, durable replace, journal, conflicts, recovery).

pub mod build;
pub mod conflict;
pub mod durable;
pub mod io;
pub mod journal;
pub mod lock;
pub mod merge;
pub mod model;
pub mod reanchor;
pub mod sharing;
pub mod store;
pub mod validate;

pub use conflict::{MergeByIdReport, merge_by_id};
pub use io::{SidecarError, load, save, sidecar_path_for};
pub use journal::{Edit, journal_path_for};
pub use merge::{MergeReport, merge_candidates};
pub use model::{
    Anchor, Annotation, ArticleRef, DetectorInfo, Document, Extra, Origin, Original, Review,
    Status, TextSpan, sort_annotations,
};
pub use reanchor::{ReanchorReport, reanchor};
pub use store::{Opened, ReadOnlyReason, Store};
