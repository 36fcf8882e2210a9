//! What an export holds besides its events, the same for every format.

/// Where the events come from, the filters that chose them, and which parts to include.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The file the events come from, as the user named it.
    pub file: String,
    /// The active filters in words (`Filter::describe`).
    pub filters: Vec<String>,
    pub summaries: bool,
    /// A Sources section with full references; without it, each footnote carries the reference.
    pub sources: bool,
    /// The stretch of time the filters keep (`Filter::window`): a picture is drawn over it
    /// rather than over every year the kept events touch.
    pub window: (Option<i64>, Option<i64>),
}

impl Options {
    pub fn new(file: &str, filters: Vec<String>) -> Options {
        Options { file: file.to_string(), filters, summaries: true, sources: true, window: (None, None) }
    }
}
