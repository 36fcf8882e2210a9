//! Sources and their evidence: which events cite a source, the formatted reference, the cited
//! passage in a local copy, and what may be opened. Nothing here touches a terminal or runs a
//! program; the browser and the command line decide what to do with the answers.

pub(crate) mod archive;

pub use archive::{ArchiveError, ArchiveText, Archives, archive_of, safe_archive};

use crate::model::{Citation, EventIx, Source, SourceIx, Timeline};
use crate::text::is_unsafe;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

/// One citation of a source: the event and which of its citations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlink {
    pub event: EventIx,
    pub citation: usize,
}

impl Backlink {
    pub fn cite<'t>(&self, timeline: &'t Timeline) -> &'t Citation {
        &timeline.events[self.event].sources[self.citation]
    }
}

/// Every citation of `source`, in the timeline's time order.
pub fn backlinks(timeline: &Timeline, source: SourceIx) -> Vec<Backlink> {
    let mut out = Vec::new();
    for (event, e) in timeline.events.iter().enumerate() {
        for (citation, c) in e.sources.iter().enumerate() {
            if c.source == source {
                out.push(Backlink { event, citation });
            }
        }
    }
    out
}

/// How many citations each source has.
pub fn citation_counts(timeline: &Timeline) -> Vec<usize> {
    let mut counts = vec![0; timeline.sources.len()];
    for c in timeline.events.iter().flat_map(|e| &e.sources) {
        counts[c.source] += 1;
    }
    counts
}

/// A reference to paste into notes: authors, "title", publisher, date, URL, locator.
pub fn reference(timeline: &Timeline, source: SourceIx, at: Option<&str>) -> String {
    reference_of(&timeline.sources[source], at, true)
}

/// The same for one source, with or without its URL.
pub fn reference_of(s: &Source, at: Option<&str>, with_url: bool) -> String {
    let mut parts = Vec::new();
    if !s.authors.is_empty() {
        parts.push(join_names(&s.authors));
    }
    parts.push(format!("\u{201c}{}\u{201d}", s.title));
    parts.extend(s.publisher.clone());
    parts.extend(s.published.as_ref().map(|w| w.text.to_string()));
    parts.extend(s.url.clone().filter(|_| with_url));
    parts.extend(at.map(str::to_string));
    format!("{}.", parts.join(", "))
}

/// Authors as a reader reads a list of them: `A, B and C`; with `; ` between them when a name
/// is written `Family, Given`, whose own comma would otherwise run two people together.
pub fn join_names(names: &[String]) -> String {
    if names.iter().any(|n| n.contains(',')) {
        return names.join("; ");
    }
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The paragraphs a locator names: `¶4` is 4..=4, `¶4–5` (or `¶4-5`) is 4..=5. Paragraphs are the
/// non-empty lines of the text, counted from 1.
pub fn paragraphs(at: &str) -> Option<RangeInclusive<usize>> {
    let rest = at.trim().trim_start_matches('¶').trim_start_matches("p.").trim();
    let (a, b) = match rest.split_once(['–', '-', '—']) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (rest, rest),
    };
    let (a, b): (usize, usize) = (a.parse().ok()?, b.parse().ok()?);
    (a >= 1 && b >= a).then_some(a..=b)
}

/// Whether `at` is written as a paragraph locator (`¶…`) yet names no paragraph (`¶0`, `¶5–3`):
/// `check` warns of it and `verify` counts it a problem, by this one rule.
pub fn names_no_paragraph(at: &str) -> bool {
    at.trim_start().starts_with('¶') && paragraphs(at).is_none()
}

/// The lines (0-based, of `text.lines()`) of the cited passage: the paragraphs of the locator, or
/// else the line where the quote first occurs.
pub fn passage(text: &str, at: Option<&str>, quote: Option<&str>) -> Option<RangeInclusive<usize>> {
    if let Some(range) = at.and_then(paragraphs) {
        let non_empty: Vec<usize> =
            text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i).collect();
        if let (Some(&first), Some(&last)) = (non_empty.get(range.start() - 1), non_empty.get(range.end() - 1)) {
            return Some(first..=last);
        }
    }
    let quote = quote?.trim().to_lowercase();
    if quote.is_empty() {
        return None;
    }
    text.lines().position(|l| l.to_lowercase().contains(&quote)).map(|i| i..=i)
}

/// What may be opened for a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Url(String),
    File(PathBuf),
}

/// Why an address is not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Control characters or spaces, which could pass for something else on a command line.
    Unsafe,
    NoHost,
    /// A scheme other than http and https, as written.
    Scheme(String),
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlProblem::Unsafe => f.write_str("the address holds control characters or spaces"),
            UrlProblem::NoHost => f.write_str("the address names no host"),
            UrlProblem::Scheme(scheme) => {
                write!(f, "only http and https addresses are opened, not `{}:`", crate::text::clean_line(scheme))
            }
        }
    }
}

impl std::error::Error for UrlProblem {}

/// An http or https address with no control characters or spaces, or why not.
pub fn safe_url(url: &str) -> Result<String, UrlProblem> {
    if url.chars().any(|c| is_unsafe(c) || c.is_whitespace()) {
        return Err(UrlProblem::Unsafe);
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(url.to_string()),
        Some(_) => Err(UrlProblem::NoHost),
        None => Err(UrlProblem::Scheme(url.split(':').next().unwrap_or(url).to_string())),
    }
}

/// Why `o` opens nothing for a source.
#[derive(Debug)]
pub enum Refusal {
    Url(UrlProblem),
    Archive(ArchiveError),
    Nothing,
    NoUrl,
    NoCopy,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Url(problem) => problem.fmt(f),
            Refusal::Archive(problem) => problem.fmt(f),
            Refusal::Nothing => f.write_str("this source has neither a URL nor an archive"),
            Refusal::NoUrl => f.write_str("this source has no URL"),
            Refusal::NoCopy => f.write_str("this source has no local copy"),
        }
    }
}

impl std::error::Error for Refusal {}

/// What `o` opens for a source: its URL, else its archive.
pub fn target(timeline: &Timeline, source: SourceIx, folder: &Path) -> Result<Target, Refusal> {
    let s = &timeline.sources[source];
    match (&s.url, archive_of(s, folder)) {
        (Some(url), _) => safe_url(url).map(Target::Url).map_err(Refusal::Url),
        (None, Some(_)) => local_copy(s, folder),
        (None, None) => Err(Refusal::Nothing),
    }
}

/// The local copy of a source to open: its original (the page or PDF as captured) if it has one,
/// else its archive's text.
pub fn local_copy(s: &Source, folder: &Path) -> Result<Target, Refusal> {
    let path = s.original.clone().or_else(|| archive_of(s, folder)).ok_or(Refusal::NoCopy)?;
    safe_archive(folder, &path).map(Target::File).map_err(Refusal::Archive)
}

/// The Wayback Machine's list of captures of a source's URL, if it has a safe one.
pub fn wayback(s: &Source) -> Result<Target, Refusal> {
    let url = s.url.as_deref().ok_or(Refusal::NoUrl)?;
    let url = safe_url(url).map_err(Refusal::Url)?;
    Ok(Target::Url(format!("https://web.archive.org/web/*/{url}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_written_family_first_are_kept_apart() {
        let names = |list: &[&str]| super::join_names(&list.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(
            names(&["Paul Sonne", "Eric Schmitt", "Michael Schwirtz"]),
            "Paul Sonne, Eric Schmitt and Michael Schwirtz"
        );
        assert_eq!(names(&["Sonne, Paul", "Schmitt, Eric"]), "Sonne, Paul; Schmitt, Eric");
        assert_eq!(names(&["Reuters"]), "Reuters");
    }

    use super::*;

    #[test]
    fn locators_name_paragraphs() {
        assert_eq!(paragraphs("¶4"), Some(4..=4));
        assert_eq!(paragraphs("¶4–5"), Some(4..=5));
        assert_eq!(paragraphs("¶ 12-13"), Some(12..=13));
        assert_eq!(paragraphs("¶0"), None);
        assert_eq!(paragraphs("¶5–4"), None);
        assert_eq!(paragraphs("page 4"), None);
    }

    #[test]
    fn the_passage_is_found_by_paragraph_then_by_quote() {
        let text = "Title\n\nFirst paragraph.\n\n\nSecond, with a phrase.\nThird.\n";
        assert_eq!(passage(text, Some("¶2"), None), Some(2..=2));
        assert_eq!(passage(text, Some("¶2–3"), None), Some(2..=5));
        assert_eq!(passage(text, Some("¶9"), Some("A PHRASE")), Some(5..=5));
        assert_eq!(passage(text, None, Some("nowhere")), None);
    }

    #[test]
    fn only_http_and_https_addresses_are_safe() {
        assert!(safe_url("https://example.org/a?b=c").is_ok());
        assert!(safe_url("HTTP://example.org").is_ok());
        assert_eq!(
            safe_url("javascript:alert(1)").unwrap_err().to_string(),
            "only http and https addresses are opened, not `javascript:`"
        );
        assert!(safe_url("file:///etc/passwd").is_err());
        assert!(safe_url("https://ex\u{1b}]52;c;x\u{7}ample.org").is_err());
        assert!(safe_url("https://a.org/x y").is_err());
        assert!(safe_url("https:///etc").is_err());
        assert!(safe_url("-o/tmp/x").is_err(), "nothing that could pass for an option");
    }

    #[test]
    fn names_are_joined_as_in_prose() {
        assert_eq!(join_names(&["A".into()]), "A");
        assert_eq!(join_names(&["A".into(), "B".into(), "C".into()]), "A, B and C");
    }
}
