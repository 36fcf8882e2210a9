//! Pure functions from a timeline and some of its events to text.

pub(crate) mod cite;
pub(crate) mod csv;
mod inline;
pub(crate) mod json;
pub(crate) mod listing;
pub(crate) mod markdown;
mod options;
pub(crate) mod pandoc;
pub(crate) mod svg;
pub(crate) mod timelinejs;
pub(crate) mod write;

pub use cite::CitationStyle;
pub use options::{GroupBy, Options};

use crate::model::{EventIx, Timeline};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Markdown,
    Json,
    /// TimelineJS (Knight Lab) JSON, to publish on the web.
    TimelineJs,
    /// A flat table for spreadsheets.
    Csv,
    /// A picture: lanes by actor on a time axis.
    Svg,
    /// Markdown for pandoc: `[@source, para 4]` citations and a CSL-JSON bibliography.
    Pandoc,
}

impl Format {
    pub const ALL: [Format; 6] =
        [Format::Markdown, Format::Json, Format::TimelineJs, Format::Csv, Format::Svg, Format::Pandoc];

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
            Format::TimelineJs => "TimelineJS",
            Format::Csv => "CSV",
            Format::Svg => "SVG",
            Format::Pandoc => "Pandoc Markdown",
        }
    }

    /// The next format, round again after the last.
    pub fn next(self) -> Format {
        Format::ALL[(Format::ALL.iter().position(|&f| f == self).unwrap_or(0) + 1) % Format::ALL.len()]
    }

    /// `path` with its export extension, if it has one, changed to this format's.
    pub fn with_extension(self, path: &str) -> String {
        let known = Format::ALL.map(Format::extension);
        let mut by_length = known.to_vec();
        by_length.sort_by_key(|e| std::cmp::Reverse(e.len()));
        match by_length.iter().find_map(|e| path.strip_suffix(&format!(".{e}")[..])) {
            Some(stem) => format!("{stem}.{}", self.extension()),
            None => path.to_string(),
        }
    }

    /// The format's name on the command line: `--format timelinejs`.
    pub fn flag(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::TimelineJs => "timelinejs",
            Format::Csv => "csv",
            Format::Svg => "svg",
            Format::Pandoc => "pandoc",
        }
    }

    /// What the format is for, where its name does not say it.
    pub fn about(self) -> Option<&'static str> {
        match self {
            Format::TimelineJs => Some("TimelineJS (Knight Lab) JSON, to publish on the web"),
            Format::Csv => Some("A table for spreadsheets"),
            Format::Svg => Some("A picture for reports: lanes by actor on a time axis"),
            Format::Pandoc => Some(
                "Markdown with [@source] citations and a CSL-JSON bibliography beside it (OUTPUT.bib.json), \
                 for pandoc --citeproc",
            ),
            Format::Markdown | Format::Json => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::TimelineJs => "timeline.json",
            Format::Csv => "csv",
            Format::Svg => "svg",
            Format::Pandoc => "pandoc.md",
        }
    }
}

/// The export of `events`: the one function behind `timeline export`, the browser's `x` and `Y`,
/// so that both give the same bytes.
pub fn render(timeline: &Timeline, events: &[EventIx], format: Format, options: &Options) -> String {
    let mut out = Vec::new();
    render_to(&mut out, timeline, events, format, options).expect("writing to memory does not fail");
    String::from_utf8(out).expect("exports are text")
}

/// `render`, written to `out` as it is made.
pub fn render_to(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    format: Format,
    options: &Options,
) -> std::io::Result<()> {
    match format {
        Format::Markdown => markdown::write_markdown(out, timeline, events, options),
        Format::Json => json::write_document(out, timeline, events, options),
        Format::TimelineJs => timelinejs::write_document(out, timeline, events, options),
        Format::Csv => csv::write_table(out, timeline, events, options),
        Format::Svg => svg::write_svg(out, timeline, events, options),
        Format::Pandoc => markdown::write_flavor(out, timeline, events, options, markdown::Flavor::Pandoc),
    }
}

/// The name an export gives as its origin: the file's name without its folder.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Renders `items` in chunks of `size` on every core and writes the chunks in order, a few at a
/// time, so that only the chunks in flight are held. `render` gets a chunk's offset in `items`
/// and an empty buffer to write the chunk's text into.
pub(crate) fn in_order<T: Sync>(
    out: &mut dyn std::io::Write,
    items: &[T],
    size: usize,
    render: impl Fn(usize, &[T], &mut String) + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let chunks: Vec<(usize, &[T])> = items.chunks(size).enumerate().map(|(k, c)| (k * size, c)).collect();
    // The buffers serve every group in turn. A new text per chunk, made on a worker thread and
    // freed on this one, was taken back by the allocator only later: the export's peak memory
    // grew by megabytes as it went.
    let mut texts = vec![String::new(); rayon::current_num_threads() * 2];
    for group in chunks.chunks(texts.len()) {
        texts.par_iter_mut().zip(group).for_each(|(text, &(start, chunk))| {
            text.clear();
            render(start, chunk, text);
        });
        for text in &texts[..group.len()] {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}
