//! timeline: browse, filter and export research timelines kept in hand-edited RON files.
//!
//! Layering: the core (`model` with its dates in `model::when`, `suggest`, `load`, `query`,
//! `knowledge`, `sources`, `evidence`, `capture`, `axis`, `lanes`, `export`, `import`, `edit`, `text`) knows
//! nothing of terminals and never
//! depends on ratatui or crossterm;
//! the command line (`cli`) and the browser (`tui`) call the same core functions, so their results
//! are identical. `tests/architecture.rs` checks it.

pub mod axis;
pub mod capture;
pub mod cli;
pub mod edit;
pub mod evidence;
pub mod export;
pub mod import;
pub mod knowledge;
pub mod lanes;
pub mod load;
pub mod memory;
pub mod model;
pub mod query;
pub mod sources;
pub(crate) mod suggest;
pub mod text;
pub mod tui;
