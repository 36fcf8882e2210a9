//! A Markdown report's footnotes and Sources entries in a CSL citation style, formatted by
//! hayagriva: Chicago author-date by default, APA, MLA, Harvard, any other style hayagriva
//! ships, or a `.csl` file. Every piece of text the style puts out is escaped as the rest of the
//! report is, so a title from the file can no more change the document here than anywhere else.

use super::inline::{escape_inline, line_start, url_text};
use crate::model::when::{Bound, Point, Span, When};
use crate::model::{Source, SourceIx, Timeline};
use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::types::{ChunkKind, Date, EntryType, FormatString, Person, QualifiedUrl, StringChunk};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren, Entry,
    LocatorPayload, SpecificLocator,
};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// The styles offered by name, the default first: the names users type, and hayagriva's styles.
pub const STYLES: [(&str, ArchivedStyle); 4] = [
    ("chicago-author-date", ArchivedStyle::ChicagoAuthorDate),
    ("apa", ArchivedStyle::AmericanPsychologicalAssociation),
    ("mla", ArchivedStyle::ModernLanguageAssociation),
    ("harvard", ArchivedStyle::HarvardCiteThemRight),
];

/// A CSL file is a few dozen kilobytes; anything past this is not one.
const MAX_CSL_BYTES: u64 = 4 << 20;

/// A citation style, read and checked once, by the name or path it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitationStyle {
    name: String,
    csl: Arc<IndependentStyle>,
}

impl Default for CitationStyle {
    /// Chicago author-date, made once: every export's options start from it.
    fn default() -> Self {
        static DEFAULT: OnceLock<CitationStyle> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let (name, style) = STYLES[0];
                archived(name, style).expect("hayagriva's own Chicago style is independent")
            })
            .clone()
    }
}

impl CitationStyle {
    /// The style `text` names: one of `STYLES`, a path to a `.csl` file, or the name of another
    /// style hayagriva ships (`chicago-notes`, `ieee`). The error says what to give instead.
    pub fn named(text: &str) -> Result<CitationStyle, String> {
        if let Some(&(name, style)) = STYLES.iter().find(|(name, _)| *name == text) {
            return archived(name, style);
        }
        if text.ends_with(".csl") || text.contains(['/', std::path::MAIN_SEPARATOR]) {
            return from_file(Path::new(text));
        }
        match ArchivedStyle::by_name(text) {
            Some(style) => archived(text, style),
            None => Err(format!(
                "there is no citation style `{text}`; the styles are {}, or give the path of a .csl file",
                names()
            )),
        }
    }

    /// The style at `place` in `STYLES`, as the export dialog offers them; the default past them.
    pub fn offered(place: usize) -> CitationStyle {
        STYLES.get(place).and_then(|(name, _)| Self::named(name).ok()).unwrap_or_default()
    }

    /// The name or path it was given by.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// `chicago-author-date (the default), apa, mla or harvard`.
pub fn names() -> String {
    let mut names: Vec<String> = STYLES.iter().map(|(name, _)| name.to_string()).collect();
    names[0].push_str(" (the default)");
    let last = names.pop().unwrap_or_default();
    format!("{} or {last}", names.join(", "))
}

fn archived(name: &str, style: ArchivedStyle) -> Result<CitationStyle, String> {
    let csl = independent(style.get()).map_err(|why| format!("the citation style `{name}` {why}"))?;
    Ok(CitationStyle { name: name.to_string(), csl: Arc::new(csl) })
}

/// A style from a file: the path is the user's, the text is untrusted.
fn from_file(path: &Path) -> Result<CitationStyle, String> {
    let shown = crate::text::clean_path(path);
    let bytes = crate::load::regular::read(path, MAX_CSL_BYTES)
        .map_err(|e| format!("cannot read the citation style {shown}: {e}; give a CSL style file (.csl)"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown} is not a CSL style: it is not UTF-8 text; give a CSL style file (.csl)"))?;
    let style = Style::from_xml(&text).map_err(|e| {
        let why = crate::text::clean_line(&e.to_string()).into_owned();
        format!("{shown} is not a CSL style ({why}); give a CSL style file (.csl)")
    })?;
    let csl = independent(style).map_err(|why| format!("the citation style {shown} {why}"))?;
    Ok(CitationStyle { name: path.display().to_string(), csl: Arc::new(csl) })
}

/// The style itself; a dependent style (a journal's name for another style) is its parent, when
/// hayagriva ships the parent.
fn independent(style: Style) -> Result<IndependentStyle, String> {
    match style {
        Style::Independent(csl) => Ok(csl),
        Style::Dependent(dependent) => {
            let parent = &dependent.parent_link.href;
            match ArchivedStyle::by_id(parent).map(ArchivedStyle::get) {
                Some(Style::Independent(csl)) => Ok(csl),
                _ => Err(format!(
                    "depends on the style {}, which is not one timeline knows; give that style's .csl file",
                    crate::text::clean_line(parent)
                )),
            }
        }
    }
}

/// The CSL locales (terms such as "para." and month names) that a style of `csl`'s language
/// can use: those of its language, and American English, which hayagriva falls back to last.
/// Read once per language. The others are decoded one at a time and let go: hayagriva's
/// `locales()` holds all 64 at once, and they added megabytes to a large export's peak memory.
fn locale_files(csl: &IndependentStyle) -> &'static [Locale] {
    static READ: Mutex<Vec<(String, &'static [Locale])>> = Mutex::new(Vec::new());
    let style_language = csl.default_locale.as_ref().map_or("en", |code| language(&code.0)).to_string();
    let mut read = READ.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, files)) = read.iter().find(|(l, _)| *l == style_language) {
        return files;
    }
    let wanted = |code: &str| code == "en-US" || language(code) == style_language;
    let files: Vec<Locale> = LOCALES
        .iter()
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .filter(|locale| locale.lang.as_ref().is_some_and(|code| wanted(&code.0)))
        .collect();
    // Kept for the program's life, as hayagriva's requests borrow them: one per language used.
    let files: &'static [Locale] = Box::leak(files.into_boxed_slice());
    read.push((style_language, files));
    files
}

/// The language of a locale code: `de` of `de-AT`.
fn language(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// What the style makes of a report's footnotes and sources, as Markdown.
pub(crate) struct Styled {
    /// Each note's citation, without the brackets the style puts round one in running text.
    pub notes: Vec<String>,
    /// The bibliography's entries, in the style's order; `None` for a style without one.
    pub sources: Option<Vec<(SourceIx, String)>>,
}

/// Formats the notes, one per distinct (source, locator) in reading order, and the bibliography
/// of the sources they cite.
///
/// hayagriva's driver tells two works of one author and year apart (`2024a`, `2024b`) only when
/// it sees them all, but its time grows faster than the citations do (in a debug build, a minute for
/// the 7,000 notes of 10,000 generated events). So it is given each source once, without a place, and each
/// note's place is rendered on its own (on every core) and joined to its source's citation.
pub(crate) fn style(timeline: &Timeline, notes: &[(SourceIx, Option<&str>)], style: &CitationStyle) -> Styled {
    use rayon::prelude::*;
    let mut by_source: HashMap<SourceIx, usize> = HashMap::new();
    let mut entries = Vec::new();
    for &(source, _) in notes {
        by_source.entry(source).or_insert_with(|| {
            entries.push(entry(&timeline.sources[source]));
            entries.len() - 1
        });
    }
    let pairs: Vec<(usize, Option<(Locator, &str)>)> =
        notes.iter().map(|&(source, at)| (by_source[&source], at.and_then(locator))).collect();
    let csl = &*style.csl;
    let mut driver = BibliographyDriver::new();
    for (n, entry) in entries.iter().enumerate() {
        let item = CitationItem::with_entry(entry);
        driver.citation(CitationRequest::new(vec![item], csl, None, locale_files(csl), Some(n + 1)));
    }
    let rendered = driver.finish(BibliographyRequest::new(csl, None, locale_files(csl)));
    let affixes = (csl.citation.layout.prefix.as_deref(), csl.citation.layout.suffix.as_deref());
    let cited: Vec<String> = rendered.citations.iter().map(|c| unbracketed(&markdown(&c.citation), affixes)).collect();
    let unplaced: Vec<String> =
        entries.par_iter().map(|e| unbracketed(&markdown(&alone(e, None, csl)), affixes)).collect();
    // The tail a place adds to each source's citation (`, para. 918273`), rendered once per
    // source, kind and number of places, then filled in for every note: thousands of notes take
    // as many renderings as their sources do.
    let shapes: std::collections::HashSet<(usize, Locator, bool)> = notes
        .iter()
        .filter_map(|&(source, at)| at.and_then(locator).map(|(kind, text)| (by_source[&source], kind, is_range(text))))
        .collect();
    let shapes: Vec<_> = shapes.into_iter().collect();
    let tails: HashMap<(usize, Locator, bool), Option<String>> = shapes
        .par_iter()
        .map(|&(i, kind, range)| {
            let sample = if range { SAMPLE_RANGE } else { SAMPLE };
            let placed = placed(&entries[i], kind, sample, csl, affixes);
            let tail = placed.strip_prefix(unplaced[i].as_str()).filter(|_| !unplaced[i].is_empty());
            ((i, kind, range), tail.filter(|t| t.matches(sample).count() == 1).map(str::to_string))
        })
        .collect();
    let mut notes: Vec<Option<String>> = notes
        .par_iter()
        .map(|&(source, at)| {
            let i = by_source[&source];
            let base = cited.get(i).map_or("", String::as_str);
            match at.map(|at| (at, locator(at))) {
                None => Some(base.to_string()),
                // A locator the style has no term for is kept as written, after the citation.
                Some((at, None)) => Some(format!("{base}, {}", escape_inline(at.trim()))),
                Some((_, Some((kind, text)))) => {
                    let range = is_range(text);
                    let sample = if range { SAMPLE_RANGE } else { SAMPLE };
                    let tail = tails.get(&(i, kind, range)).and_then(Option::as_deref);
                    let simple = text.chars().all(|c| c.is_ascii_digit() || c == '–');
                    tail.filter(|_| simple).map(|tail| format!("{base}{}", tail.replace(sample, text)))
                }
            }
        })
        .collect();
    whole(&mut notes, &pairs, &entries, csl, affixes);
    let notes = notes.into_iter().map(Option::unwrap_or_default).collect();
    let ix_of: HashMap<&str, SourceIx> = by_source.keys().map(|&s| (timeline.sources[s].id.as_str(), s)).collect();
    let sources = rendered.bibliography.map(|b| {
        b.items
            .iter()
            .filter_map(|item| {
                let mut text = item.first_field.as_ref().map(|f| markdown_of(f) + " ").unwrap_or_default();
                text.push_str(&markdown(&item.content));
                Some((*ix_of.get(item.key.as_str())?, line_start(text)))
            })
            .collect()
    });
    Styled { notes, sources }
}

/// Renders the notes still missing (`None`) whole, through a driver that has first seen every
/// source once, unseen: a numeric style then numbers them as the bibliography does, and a note
/// style writes its short form. These are the citations whose place is not at their end.
fn whole(
    notes: &mut [Option<String>],
    pairs: &[(usize, Option<(Locator, &str)>)],
    entries: &[Entry],
    csl: &IndependentStyle,
    affixes: (Option<&str>, Option<&str>),
) {
    let missing: Vec<usize> = (0..notes.len()).filter(|&n| notes[n].is_none()).collect();
    if missing.is_empty() {
        return;
    }
    let mut driver = BibliographyDriver::new();
    for entry in entries {
        let item = CitationItem::new(entry, None, None, true, None);
        driver.citation(CitationRequest::new(vec![item], csl, None, locale_files(csl), None));
    }
    for (k, &n) in missing.iter().enumerate() {
        let (i, place) = pairs[n];
        let place = place.map(|(kind, text)| SpecificLocator(kind, LocatorPayload::Str(text)));
        let item = CitationItem::with_locator(&entries[i], place);
        let number = Some(entries.len() + k + 1);
        driver.citation(CitationRequest::new(vec![item], csl, None, locale_files(csl), number));
    }
    let rendered = driver.finish(BibliographyRequest::new(csl, None, locale_files(csl)));
    for (&n, citation) in missing.iter().zip(rendered.citations.iter().skip(entries.len())) {
        notes[n] = Some(unbracketed(&markdown(&citation.citation), affixes));
    }
}

/// Numbers no real place is, to find where the style puts one.
const SAMPLE: &str = "918273";
const SAMPLE_RANGE: &str = "918273–918274";

fn is_range(text: &str) -> bool {
    text.contains(['–', '-', '—', ',', ' '])
}

/// A source's citation by itself at a place, without the brackets of running text.
fn placed(
    entry: &Entry,
    kind: Locator,
    text: &str,
    csl: &IndependentStyle,
    affixes: (Option<&str>, Option<&str>),
) -> String {
    let place = SpecificLocator(kind, LocatorPayload::Str(text));
    unbracketed(&markdown(&alone(entry, Some(place), csl)), affixes)
}

/// One source's citation by itself, at `place`.
fn alone(entry: &Entry, place: Option<SpecificLocator>, csl: &IndependentStyle) -> ElemChildren {
    let item = CitationItem::with_locator(entry, place);
    hayagriva::standalone_citation(CitationRequest::new(vec![item], csl, None, locale_files(csl), None))
}

/// `¶5` and `¶5–7` are paragraphs, `p. 12` and `pp. 12–13` pages; anything else has no term.
fn locator(at: &str) -> Option<(Locator, &str)> {
    let at = at.trim();
    let (kind, rest) = if let Some(rest) = at.strip_prefix('¶') {
        (Locator::Paragraph, rest)
    } else if let Some(rest) = at.strip_prefix("pp.").or_else(|| at.strip_prefix("p.")) {
        (Locator::Page, rest)
    } else {
        return None;
    };
    let rest = rest.trim();
    let numbers = rest.split(['–', '-', '—', ',', ' ']).filter(|part| !part.is_empty());
    let plain = numbers.into_iter().all(|n| n.chars().all(|c| c.is_ascii_digit()));
    let ends = rest.starts_with(|c: char| c.is_ascii_digit()) && rest.ends_with(|c: char| c.is_ascii_digit());
    (plain && ends).then_some((kind, rest))
}

/// One source as a bibliographic entry: an article in its publisher's publication (a newspaper,
/// a magazine, a site: the styles print them alike, the publication's name in italics), or a page
/// on the web or a document when the file names no publisher.
fn entry(s: &Source) -> Entry {
    let url =
        s.url.as_deref().and_then(|u| crate::sources::safe_url(u).ok()).and_then(|u| u.parse::<QualifiedUrl>().ok());
    let publisher = s.publisher.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let kind = match (publisher, &url) {
        (Some(_), _) => EntryType::Article,
        (None, Some(_)) => EntryType::Web,
        (None, None) => EntryType::Misc,
    };
    let mut entry = Entry::new(&s.id, kind);
    entry.set_title(as_written(&s.title));
    if !s.authors.is_empty() {
        entry.set_authors(s.authors.iter().map(|a| person(a)).collect());
    }
    if let Some(publisher) = publisher {
        let mut publication = Entry::new(&format!("{}-in", s.id), EntryType::Newspaper);
        publication.set_title(as_written(publisher));
        entry.set_parents(vec![publication]);
    }
    if let Some(date) = s.published.as_ref().and_then(issued) {
        entry.set_date(date);
    }
    if let Some(url) = url {
        entry.set_url(url);
    }
    entry
}

/// Text the style prints as the file writes it. A style's title case would need each title's
/// language (many are not English) and breaks names: `TF1 Info` became `Tf1 Info`, `i (iNews)`
/// `I (Inews)`.
fn as_written(text: &str) -> FormatString {
    StringChunk::new(text.trim(), ChunkKind::Verbatim).into()
}

/// A name split into family and given only where the file splits it (`Family, Given`), as the
/// pandoc export does; anything else is one name, never a guessed split.
fn person(author: &str) -> Person {
    let author = author.trim();
    let (name, given) = match author.split_once(", ") {
        Some((family, given)) if !family.trim().is_empty() && !given.trim().is_empty() && !given.contains(',') => {
            (family.trim(), Some(given.trim().to_string()))
        }
        _ => (author, None),
    };
    Person { name: name.to_string(), given_name: given, prefix: None, suffix: None, comma_suffix: false, alias: None }
}

/// The date a style prints for a publication date. An interval gives what its ends share (both
/// in March 2024: March 2024); an end that is unknown or open gives the other end's year,
/// approximate: "after 24 March 2024" is about 2024, not 24 March.
fn issued(when: &When) -> Option<Date> {
    match when.span {
        Span::Point(p) => Some(date(&p, 3, p.approximate)),
        Span::Interval(Bound::Known(a), Bound::Known(b)) => {
            let shared = if a.year != b.year {
                0
            } else if a.month != b.month {
                1
            } else if a.day != b.day {
                2
            } else {
                3
            };
            Some(if shared == 0 { date(&a, 1, true) } else { date(&a, shared, a.approximate || b.approximate) })
        }
        Span::Interval(Bound::Known(p), _) | Span::Interval(_, Bound::Known(p)) => Some(date(&p, 1, true)),
        Span::Interval(..) => None,
    }
}

/// The first `parts` of a point (1: year, 2: and month, 3: and day); hayagriva counts months and
/// days from 0.
fn date(p: &Point, parts: u8, approximate: bool) -> Date {
    let month = p.month.filter(|_| parts >= 2).map(|m| m.saturating_sub(1));
    let day = p.day.filter(|_| parts >= 3 && month.is_some()).map(|d| d.saturating_sub(1));
    Date { year: p.year, month, day, approximate, season: None }
}

/// `(Al Raffie 2024, para. 10)` without the style's brackets: a footnote is not running text.
fn unbracketed(text: &str, (prefix, suffix): (Option<&str>, Option<&str>)) -> String {
    let (prefix, suffix) = (escape_inline(prefix.unwrap_or("")), escape_inline(suffix.unwrap_or("")));
    match text.strip_prefix(prefix.as_str()).and_then(|t| t.strip_suffix(suffix.as_str())) {
        Some(inner) if !inner.trim().is_empty() => line_start(inner.trim().to_string()),
        _ => text.to_string(),
    }
}

/// Text with its emphasis, as hayagriva lays it out, gathered into runs of one emphasis.
#[derive(Default)]
struct Runs(Vec<(String, Emphasis)>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Emphasis {
    None,
    Italic,
    Bold,
    Both,
}

impl Runs {
    fn push(&mut self, text: String, emphasis: Emphasis) {
        match self.0.last_mut() {
            Some((last, e)) if *e == emphasis => last.push_str(&text),
            _ => self.0.push((text, emphasis)),
        }
    }

    fn gather(&mut self, children: &ElemChildren) {
        for child in &children.0 {
            self.child(child);
        }
    }

    fn child(&mut self, child: &ElemChild) {
        match child {
            ElemChild::Text(t) => self.push(escape_inline(&t.text), emphasis(&t.formatting)),
            ElemChild::Elem(e) => self.gather(&e.children),
            ElemChild::Markup(m) => self.push(escape_inline(m), Emphasis::None),
            // The URL is the file's, so it goes through the one check every exported URL does.
            ElemChild::Link { text, url } if text.text == *url => self.push(url_text(url), emphasis(&text.formatting)),
            ElemChild::Link { text, .. } => self.push(escape_inline(&text.text), emphasis(&text.formatting)),
            ElemChild::Transparent { .. } => {}
        }
    }

    /// The runs as Markdown: `*…*` round italics, `**…**` round bold, where a reader will see
    /// them as such; elsewhere the text plain.
    fn markdown(&self) -> String {
        let mut out = String::new();
        for (i, (text, emphasis)) in self.0.iter().enumerate() {
            let marker = match emphasis {
                Emphasis::None => "",
                Emphasis::Italic => "*",
                Emphasis::Bold => "**",
                Emphasis::Both => "***",
            };
            let core = text.trim();
            let after = self.0.get(i + 1).and_then(|(t, _)| t.chars().next());
            let before = out.chars().last();
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let (before, after) =
                (if lead.is_empty() { before } else { Some(' ') }, if trail.is_empty() { after } else { Some(' ') });
            if marker.is_empty() || core.is_empty() || !emphasis_holds(before, core, after) {
                out.push_str(text);
            } else {
                out.push_str(&format!("{lead}{marker}{core}{marker}{trail}"));
            }
        }
        out
    }
}

fn emphasis(f: &hayagriva::Formatting) -> Emphasis {
    use hayagriva::citationberg::{FontStyle, FontWeight};
    match (f.font_style == FontStyle::Italic, f.font_weight == FontWeight::Bold) {
        (false, false) => Emphasis::None,
        (true, false) => Emphasis::Italic,
        (false, true) => Emphasis::Bold,
        (true, true) => Emphasis::Both,
    }
}

/// Whether `*` round `core`, between the characters `before` and `after`, opens and closes
/// emphasis by CommonMark's flanking rules: `*Title.*` before a space does, `*Title.*` before a
/// letter does not, and is then left plain rather than printed with stray stars.
fn emphasis_holds(before: Option<char>, core: &str, after: Option<char>) -> bool {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace()));
    let (first, last) = (core.chars().next(), core.chars().last());
    let opens = !space(first) && (!punct(first) || space(before) || punct(before));
    let closes = !space(last) && (!punct(last) || space(after) || punct(after));
    opens && closes
}

fn markdown(children: &ElemChildren) -> String {
    let mut runs = Runs::default();
    runs.gather(children);
    tidy(runs.markdown())
}

fn markdown_of(child: &ElemChild) -> String {
    let mut runs = Runs::default();
    runs.child(child);
    tidy(runs.markdown())
}

/// hayagriva 0.10 keeps the comma before a date's month and day when there are none (a date
/// known to the year): Chicago's `*CEPA*,.`, APA's `(2024,)`.
fn tidy(text: String) -> String {
    if text.contains(',') { text.replace(",.", ".").replace(",)", ")") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn when(text: &str) -> When {
        When::parse(text, FixedOffset::east_opt(0).unwrap()).unwrap()
    }

    fn day(year: i32, month: Option<u8>, day: Option<u8>, approximate: bool) -> Option<Date> {
        Some(Date { year, month, day, approximate, season: None })
    }

    #[test]
    fn every_shipped_style_cites_alike_with_its_languages_locales_as_with_all_of_them() {
        let timeline = crate::load::load_str(include_str!("../../timeline.ron"), None).timeline.expect("valid");
        let all = hayagriva::archive::locales();
        let cited = |csl: &IndependentStyle, locales: &[Locale], paged: bool| {
            let entries: Vec<Entry> = timeline.sources.iter().map(entry).collect();
            let place = || paged.then(|| SpecificLocator(Locator::Page, LocatorPayload::Str("12")));
            let items = entries.iter().map(|e| CitationItem::with_locator(e, place())).collect();
            format!("{:?}", hayagriva::standalone_citation(CitationRequest::new(items, csl, None, locales, None)))
        };
        let mut languages = std::collections::HashSet::new();
        for style in ArchivedStyle::all() {
            let Style::Independent(csl) = style.get() else { continue };
            languages.insert(csl.default_locale.as_ref().map(|c| language(&c.0).to_string()));
            for paged in [false, true] {
                assert_eq!(cited(&csl, locale_files(&csl), paged), cited(&csl, &all, paged), "{style:?}");
            }
        }
        assert!(languages.len() > 3, "styles of several languages: {languages:?}");
    }

    #[test]
    fn a_publication_date_is_what_its_edtf_is_sure_of() {
        assert_eq!(issued(&when("2024-03-25")), day(2024, Some(2), Some(24), false));
        assert_eq!(issued(&when("2024-03")), day(2024, Some(2), None, false));
        assert_eq!(issued(&when("2024-03-28~")), day(2024, Some(2), Some(27), true));
        // After 24 March 2024, end unknown: about 2024, not 24 March.
        assert_eq!(issued(&when("2024-03-24/")), day(2024, None, None, true));
        assert_eq!(issued(&when("2024-03-20/2024-03-28")), day(2024, Some(2), None, false));
        assert_eq!(issued(&when("2023-12/2024-01")), day(2023, None, None, true));
        assert_eq!(issued(&when("-0300")), day(-300, None, None, false), "EDTF and hayagriva count 1 BCE as 0");
    }

    #[test]
    fn paragraph_and_page_locators_get_the_styles_terms_and_others_none() {
        assert_eq!(locator("¶5"), Some((Locator::Paragraph, "5")));
        assert_eq!(locator(" ¶5–7 "), Some((Locator::Paragraph, "5–7")));
        assert_eq!(locator("p. 12"), Some((Locator::Page, "12")));
        assert_eq!(locator("pp. 12-13"), Some((Locator::Page, "12-13")));
        assert_eq!(locator("fig. 2"), None);
        assert_eq!(locator("¶ intro"), None);
        assert_eq!(locator("¶"), None);
        assert_eq!(locator("¶1-"), None);
        assert_eq!(locator("¶–"), None);
    }

    #[test]
    fn names_are_split_only_where_the_file_splits_them() {
        assert_eq!(
            (person("Colibasanu, Antonia").name, person("Colibasanu, Antonia").given_name),
            ("Colibasanu".into(), Some("Antonia".into()))
        );
        assert_eq!(
            (person("Antonia Colibasanu").name, person("Antonia Colibasanu").given_name),
            ("Antonia Colibasanu".into(), None)
        );
        assert_eq!(person("Reuters").name, "Reuters");
    }

    #[test]
    fn styles_are_named_as_users_type_them_and_unknown_ones_listed() {
        assert_eq!(CitationStyle::default().name(), "chicago-author-date");
        for (name, _) in STYLES {
            assert_eq!(CitationStyle::named(name).unwrap().name(), name);
        }
        assert_eq!(CitationStyle::offered(1), CitationStyle::named("apa").unwrap());
        assert_eq!(CitationStyle::offered(99), CitationStyle::default());
        assert!(CitationStyle::named("ieee").is_ok(), "another style hayagriva ships");
        let error = CitationStyle::named("turabian-9").unwrap_err();
        assert!(error.contains("`turabian-9`") && error.contains("apa, mla or harvard"), "{error}");
        let error = CitationStyle::named("/nonexistent/style.csl").unwrap_err();
        assert!(error.contains("/nonexistent/style.csl"), "{error}");
    }

    #[test]
    fn emphasis_is_written_only_where_a_reader_will_see_it() {
        assert!(emphasis_holds(Some(' '), "Geopolitical Futures", Some(',')));
        assert!(emphasis_holds(Some(' '), "\\[Title\\]", Some('.')));
        assert!(!emphasis_holds(Some('a'), ".x", Some(' ')), "opening after a letter before punctuation");
        assert!(!emphasis_holds(Some(' '), "x.", Some('a')), "closing after punctuation before a letter");
        let mut runs = Runs::default();
        runs.push("Al Raffie. ".into(), Emphasis::None);
        runs.push("CEPA ".into(), Emphasis::Italic);
        runs.push("2024.".into(), Emphasis::None);
        assert_eq!(runs.markdown(), "Al Raffie. *CEPA* 2024.");
    }

    #[test]
    fn a_year_only_date_leaves_no_stray_comma() {
        assert_eq!(tidy("*CEPA, Europe's Edge*,.".into()), "*CEPA, Europe's Edge*.");
        assert_eq!(tidy("(ca. 2024,)".into()), "(ca. 2024)");
        assert_eq!(tidy("A, B. 2024.".into()), "A, B. 2024.");
    }
}
