//! Evidence checked against the local copies of sources: whether each citation's quote is in
//! the copy at the paragraphs its locator names, and whether each captured original still has
//! the hash it was captured with. `timeline verify` prints it; the source view marks each
//! citation with it. Nothing here touches a terminal.
//!
//! Quotes are compared as a reader would: ignoring case, runs of whitespace and the typographic
//! forms of quotation marks and apostrophes, which copy-and-paste and HTML both change.

use crate::load::outline::{Outline, Step, locate};
use crate::model::{EventIx, SourceIx, Timeline};
use crate::sources::archive::{ArchiveText, Archives};
pub use crate::sources::archive::{Integrity, integrity, sha256_file, sha256_hex};
use crate::sources::paragraphs;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;

/// `text` as quotes are compared: lowercase, whitespace runs as one space, typographic quotes
/// as straight ones, and the invisible characters of web text (soft hyphens, zero-width
/// spaces, byte-order marks) left out.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A copy's paragraphs (its non-empty lines, as `¶N` counts them) normalized and joined by
/// spaces, so that a quote running over the end of a paragraph is found too.
#[derive(Debug)]
pub struct Paragraphs {
    joined: String,
    /// Where each paragraph starts in `joined`.
    starts: Vec<usize>,
}

impl Paragraphs {
    pub fn new(text: &str) -> Paragraphs {
        let mut joined = String::with_capacity(text.len());
        let mut starts = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.push_str(&normalize(line));
        }
        Paragraphs { joined, starts }
    }

    /// How many paragraphs the copy has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The paragraph (1-based) that holds byte `at` of `joined`.
    fn paragraph_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }

    /// The paragraphs (1-based) of each place the normalized `quote` occurs, in order.
    fn places(&self, quote: &str) -> Vec<RangeInclusive<usize>> {
        self.joined
            .match_indices(quote)
            .map(|(at, q)| self.paragraph_at(at)..=self.paragraph_at(at + q.len().saturating_sub(1)))
            .collect()
    }
}

/// What a citation's quote and locator came to against its source's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The quote is at the cited paragraphs (or, with no paragraph locator, in the copy).
    Verified,
    /// The quote is in the copy, but not at the cited paragraphs: at `found`, the place
    /// nearest to them.
    Misplaced { found: RangeInclusive<usize> },
    /// The quote is nowhere in the copy.
    NotFound,
    /// The locator names paragraphs past the copy's last (`last`); the quote, if any, is at
    /// `found`.
    Beyond { last: usize, found: Option<RangeInclusive<usize>> },
    /// No quote to look for: the citation cannot be checked (not a failure).
    NoQuote,
    /// A paragraph locator that names no paragraph (`¶0`, `¶5–3`, a number too large to be one):
    /// whatever the quote, it cannot be where the citation says.
    BadLocator,
}

impl Finding {
    /// Whether it is a problem `verify` reports.
    pub fn is_problem(&self) -> bool {
        matches!(self, Finding::Misplaced { .. } | Finding::NotFound | Finding::Beyond { .. } | Finding::BadLocator)
    }
}

/// Checks one citation's `quote` at its locator `at` against a copy's paragraphs.
pub fn check(copy: &Paragraphs, at: Option<&str>, quote: Option<&str>) -> Finding {
    let cited = at.and_then(paragraphs);
    if at.is_some_and(crate::sources::names_no_paragraph) {
        return Finding::BadLocator;
    }
    let quote = quote.map(normalize).filter(|q| !q.is_empty());
    let places = quote.as_deref().map_or_else(Vec::new, |q| copy.places(q));
    if let Some(cited) = &cited
        && *cited.end() > copy.len()
    {
        return Finding::Beyond { last: copy.len(), found: nearest(&places, cited) };
    }
    if quote.is_none() {
        return Finding::NoQuote;
    }
    let Some(cited) = cited else {
        return if places.is_empty() { Finding::NotFound } else { Finding::Verified };
    };
    let overlaps = |p: &RangeInclusive<usize>| p.start() <= cited.end() && cited.start() <= p.end();
    match places.iter().any(overlaps) {
        true => Finding::Verified,
        false => nearest(&places, &cited).map_or(Finding::NotFound, |found| Finding::Misplaced { found }),
    }
}

/// The place nearest to the cited paragraphs: a reader who finds a quote elsewhere wants the
/// one the locator most likely meant.
fn nearest(places: &[RangeInclusive<usize>], cited: &RangeInclusive<usize>) -> Option<RangeInclusive<usize>> {
    places.iter().min_by_key(|p| p.start().abs_diff(*cited.start())).cloned()
}

/// `¶7` or `¶7–8`.
pub fn locator(range: &RangeInclusive<usize>) -> String {
    match range.start() == range.end() {
        true => format!("¶{}", range.start()),
        false => format!("¶{}–{}", range.start(), range.end()),
    }
}

/// What one citation came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Checked(Finding),
    /// Its source has no local copy (not a failure: there is nothing to check against).
    NoCopy,
    /// Its source's copy cannot be read, and why.
    Unreadable(String),
}

impl Outcome {
    pub fn is_problem(&self) -> bool {
        match self {
            Outcome::Checked(f) => f.is_problem(),
            Outcome::NoCopy => false,
            Outcome::Unreadable(_) => true,
        }
    }
}

/// One citation, checked.
#[derive(Clone, Debug)]
pub struct CitationCheck {
    pub event: EventIx,
    /// Which of the event's citations (0-based).
    pub citation: usize,
    pub source: SourceIx,
    /// Whether it has a quote (a locator past the copy's end is a problem either way).
    pub quoted: bool,
    pub outcome: Outcome,
}

/// One source's original, checked.
#[derive(Clone, Debug)]
pub struct CopyCheck {
    pub source: SourceIx,
    pub integrity: Integrity,
}

/// Everything `verify` found.
#[derive(Debug, Default)]
pub struct Report {
    pub citations: Vec<CitationCheck>,
    pub copies: Vec<CopyCheck>,
}

/// How many of each, for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub citations: usize,
    pub verified: usize,
    pub misplaced: usize,
    pub not_found: usize,
    pub without_quote: usize,
    pub without_copy: usize,
    pub copy_unreadable: usize,
    pub bad_locator: usize,
    pub intact: usize,
    pub altered: usize,
    pub originals_unreadable: usize,
    pub unhashed: usize,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut n = Counts { citations: self.citations.len(), ..Counts::default() };
        for c in &self.citations {
            match &c.outcome {
                Outcome::Checked(Finding::Verified) => n.verified += 1,
                Outcome::Checked(Finding::Misplaced { .. } | Finding::Beyond { found: Some(_), .. }) => {
                    n.misplaced += 1
                }
                Outcome::Checked(Finding::NotFound) => n.not_found += 1,
                // Past the last paragraph and nowhere else: not found, if it had a quote.
                Outcome::Checked(Finding::Beyond { found: None, .. }) => match c.quoted {
                    true => n.not_found += 1,
                    false => n.without_quote += 1,
                },
                Outcome::Checked(Finding::NoQuote) => n.without_quote += 1,
                Outcome::Checked(Finding::BadLocator) => n.bad_locator += 1,
                Outcome::NoCopy => n.without_copy += 1,
                Outcome::Unreadable(_) => n.copy_unreadable += 1,
            }
        }
        for c in &self.copies {
            match c.integrity {
                Integrity::Intact => n.intact += 1,
                Integrity::Altered { .. } => n.altered += 1,
                Integrity::Unreadable(_) => n.originals_unreadable += 1,
                Integrity::Unhashed => n.unhashed += 1,
            }
        }
        n
    }

    /// Whether anything is wrong: `verify` exits 1.
    pub fn has_problems(&self) -> bool {
        self.citations.iter().any(|c| c.outcome.is_problem()) || self.copies.iter().any(|c| c.integrity.is_problem())
    }
}

impl Counts {
    /// `52 citations: 40 verified, 3 misplaced, 1 not found, 8 without a quote; 5 copies intact`,
    /// with the rarer counts (citations without a copy, unreadable copies, altered or unhashed
    /// originals) only when there are some.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "{}: {} verified, {} misplaced, {} not found, {} without a quote",
            plural(self.citations, "citation", "citations"),
            self.verified,
            self.misplaced,
            self.not_found,
            self.without_quote
        );
        if self.without_copy > 0 {
            line.push_str(&format!(", {} without a copy", self.without_copy));
        }
        if self.copy_unreadable > 0 {
            line.push_str(&format!(", {} with an unreadable copy", self.copy_unreadable));
        }
        if self.bad_locator > 0 {
            line.push_str(&format!(", {} with a locator that names no paragraph", self.bad_locator));
        }
        line.push_str(&format!("; {} intact", plural(self.intact, "copy", "copies")));
        for (n, what) in
            [(self.altered, "altered"), (self.originals_unreadable, "unreadable"), (self.unhashed, "without a hash")]
        {
            if n > 0 {
                line.push_str(&format!(", {n} {what}"));
            }
        }
        line
    }
}

/// Checks every citation of `timeline` against its source's copy (read once per file, only for
/// the sources cited) and every original against its hash. `folder` holds the timeline file.
pub fn verify(timeline: &Timeline, folder: &Path) -> Report {
    let archives = Archives::new(timeline, folder);
    // Per source, its copy's paragraphs once a citation asked for them.
    let mut copies: Vec<Option<Option<Result<Paragraphs, String>>>> =
        std::iter::repeat_with(|| None).take(timeline.sources.len()).collect();
    let mut report = Report::default();
    for (event, e) in timeline.events.iter().enumerate() {
        for (citation, c) in e.sources.iter().enumerate() {
            let copy = copies[c.source].get_or_insert_with(|| paragraphs_of(&archives, c.source));
            let outcome = match copy {
                None => Outcome::NoCopy,
                Some(Err(why)) => Outcome::Unreadable(why.clone()),
                Some(Ok(copy)) => Outcome::Checked(check(copy, c.at.as_deref(), c.quote.as_deref())),
            };
            let quoted = c.quote.as_deref().is_some_and(|q| !normalize(q).is_empty());
            report.citations.push(CitationCheck { event, citation, source: c.source, quoted, outcome });
        }
    }
    for (source, s) in timeline.sources.iter().enumerate() {
        if let Some(integrity) = integrity(s, folder) {
            report.copies.push(CopyCheck { source, integrity });
        }
    }
    report
}

/// The paragraphs of a source's copy; `None` when it has none.
fn paragraphs_of(archives: &Archives, source: SourceIx) -> Option<Result<Paragraphs, String>> {
    let read: &Result<Arc<ArchiveText>, _> = archives.read(source)?;
    Some(read.as_ref().map(|text| Paragraphs::new(text.text())).map_err(|e| e.to_string()))
}

/// Where in the timeline file's `text` a problem is shown: a citation at its quote (else its
/// locator, else its event's id); a source's copy at its `sha256` (else `original`).
pub struct Places<'t> {
    text: &'t str,
    outline: Option<Outline>,
}

impl<'t> Places<'t> {
    pub fn new(text: &'t str) -> Places<'t> {
        Places { text, outline: None }
    }

    /// The byte offset of citation `c` in the file, if it can be found.
    pub fn citation(&self, timeline: &Timeline, c: &CitationCheck) -> Option<usize> {
        let e = &timeline.events[c.event];
        let cite = &e.sources[c.citation];
        let span = |t: Option<&crate::model::Text>| t.and_then(|t| t.span()).map(|(_, r)| r.start);
        // A string's span is its characters: the caret goes on its opening quotation mark.
        let start = span(cite.quote.as_ref()).or_else(|| span(cite.at.as_ref())).map(|s| s.saturating_sub(1));
        start.or_else(|| span(Some(&e.id)).map(|s| s.saturating_sub(1)))
    }

    /// The byte offset of source `source`'s `field`, if it can be found; the outline is made
    /// on the first call.
    pub fn source_field(&mut self, source: SourceIx, fields: &[&str]) -> Option<usize> {
        let outline = self.outline.get_or_insert_with(|| Outline::of(self.text));
        let start = *outline.sources.get(source)?;
        fields
            .iter()
            .find_map(|f| locate(self.text, start, &[Step::Field(f)]))
            .or_else(|| locate(self.text, start, &[]))
            .map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_compare_without_case_whitespace_or_typographic_marks() {
        assert_eq!(normalize("  “We had\u{a0}no\tchoice,”  he said’s\u{ad} "), "\"we had no choice,\" he said's");
        assert_eq!(normalize("«Non»"), "\"non\"");
    }

    #[test]
    fn a_quote_is_verified_misplaced_missing_or_beyond_the_copy() {
        let copy = Paragraphs::new("Title\n\nOne two three.\n\nFour five.\nSix seven.\n");
        assert_eq!(copy.len(), 4);
        assert_eq!(check(&copy, Some("¶2"), Some("TWO  three")), Finding::Verified);
        assert_eq!(check(&copy, Some("¶2–3"), Some("three. four")), Finding::Verified, "over a paragraph's end");
        assert_eq!(check(&copy, Some("¶2"), Some("six")), Finding::Misplaced { found: 4..=4 });
        assert_eq!(check(&copy, Some("¶2"), Some("eight")), Finding::NotFound);
        assert_eq!(check(&copy, Some("¶7"), Some("five")), Finding::Beyond { last: 4, found: Some(3..=3) });
        assert_eq!(check(&copy, Some("¶7"), None), Finding::Beyond { last: 4, found: None });
        assert_eq!(check(&copy, Some("¶2"), None), Finding::NoQuote);
        assert_eq!(check(&copy, None, Some("seven")), Finding::Verified, "no locator: anywhere");
        assert_eq!(check(&copy, Some("¶1"), Some("  ")), Finding::NoQuote);
        for bad in ["¶0", "¶-1", "¶5–3", "¶99999999999999999999999"] {
            assert_eq!(check(&copy, Some(bad), Some("two")), Finding::BadLocator, "{bad}");
        }
        assert_eq!(check(&copy, Some("p. 2"), Some("two")), Finding::Verified, "not a paragraph locator");
    }

    #[test]
    fn the_nearest_place_is_the_one_named() {
        let copy = Paragraphs::new("a x\nb\nc\nd x\ne\nf\ng x\n");
        assert_eq!(check(&copy, Some("¶6"), Some("x")), Finding::Misplaced { found: 7..=7 });
        assert_eq!(check(&copy, Some("¶2"), Some("x")), Finding::Misplaced { found: 1..=1 });
    }

    #[test]
    fn hashes_are_those_sha256sum_prints() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
