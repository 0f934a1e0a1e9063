//! Text primitives shared by every layer: offset conversion between bytes and
//! code points, grapheme-safe span boundaries, and escaping untrusted text before
//! it reaches a terminal.

pub mod escape;
pub mod excerpt;
pub mod offsets;

pub use escape::{escape, escape_char, is_unsafe_char};
pub use excerpt::Excerpt;
pub use offsets::{OffsetIndex, ceil_grapheme, floor_grapheme};
