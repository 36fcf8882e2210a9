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
    /// Markdown: the machine notes a report leaves out (a date's precision and text as written).
    pub notes: bool,
    /// Markdown: an HTML anchor (`<a id="event-id">`) in each event's heading and each source's
    /// entry, and links to those; without it, links go to the ids renderers make from headings.
    pub html_anchors: bool,
    /// Markdown: the citation style of the footnotes and the Sources section.
    pub citation_style: super::CitationStyle,
    /// Pandoc: the file name of the CSL-JSON bibliography written beside the document; without
    /// one, the front matter holds the references itself.
    pub bibliography: Option<String>,
    /// TimelineJS: what its rows (groups) are made of.
    pub group_by: GroupBy,
    /// TimelineJS: events with this tag become eras (spans behind the time navigation), not slides.
    pub eras: Option<String>,
    /// TimelineJS: events with this tag are drawn as durations. An interval means "some time
    /// between" its ends unless the file says otherwise, so no other interval is drawn as one.
    pub durations: Option<String>,
}

/// What a TimelineJS slide's group (its row in the time navigation) is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// One row for every slide.
    #[default]
    None,
    /// The event's first actor.
    Actor,
    /// The event's first tag.
    Tag,
    /// The event's status.
    Status,
}

impl GroupBy {
    pub const ALL: [GroupBy; 4] = [GroupBy::None, GroupBy::Actor, GroupBy::Tag, GroupBy::Status];

    /// Its name on the command line: `--group-by actor`.
    pub fn flag(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Actor => "actor",
            GroupBy::Tag => "tag",
            GroupBy::Status => "status",
        }
    }
}

impl Options {
    pub fn new(file: &str, filters: Vec<String>) -> Options {
        Options {
            file: file.to_string(),
            filters,
            summaries: true,
            sources: true,
            window: (None, None),
            notes: false,
            html_anchors: false,
            citation_style: super::CitationStyle::default(),
            bibliography: None,
            group_by: GroupBy::None,
            eras: None,
            durations: None,
        }
    }
}
