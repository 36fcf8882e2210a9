//! Pure functions from a timeline and some of its events to text.

pub mod json;
pub mod markdown;
pub mod text;
pub mod write;

use crate::model::{EventIx, Timeline};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Markdown,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

/// The export of `events`: the one function behind `timeline export` and the browser's `x` and `Y`,
/// so that both give the same bytes.
pub fn render(timeline: &Timeline, events: &[EventIx], format: Format, options: &markdown::Options) -> String {
    match format {
        Format::Markdown => markdown::markdown(timeline, events, options),
        Format::Json => json::document(timeline, events, options),
    }
}

/// The name an export gives as its origin: the file's name without its folder.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
