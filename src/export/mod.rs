//! Pure functions from a timeline and some of its events to text.

pub mod json;
pub mod markdown;
pub mod text;
pub mod write;
