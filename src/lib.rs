//! `margin`: review the quotes and claims in news articles.
//!
//! The layers, each unaware of the ones above it:
//! - [`text`]: offsets (bytes <-> code points), grapheme boundaries, escaping;
//! - [`article`]: reading an article file strictly;
//! - [`detect`]: a pure function from text to candidate quotes and claims;
//! - [`sidecar`]: the annotations file: model, load/save, merge, re-anchor, lock;
//! - [`interchange`]: export, import, compare, stats;
//! - [`app`]: the review screen's state, actions, keymap and pure `update`;
//! - [`ui`]: drawing that state (reads it, never changes it);
//! - [`runtime`]: the terminal loop that runs effects, signals and saving;
//! - [`cli`]: the command line.

pub mod app;
pub mod article;
pub mod cli;
pub mod detect;
pub mod interchange;
pub mod runtime;
pub mod sidecar;
pub mod text;
pub mod ui;
