//! Reading a timeline file: bytes -> text -> serde types (ron) -> validation -> `Timeline`,
//! collecting every problem on the way as a `Diagnostic` with its place in the file.

pub mod cache;
mod diagnostic;
#[doc(hidden)]
pub mod fast;
pub mod lex;
pub mod outline;
mod parallel;
pub mod preview;
mod raw;
mod read;
pub(crate) mod regular;
mod scan;
mod validate;

pub use diagnostic::{Diagnostic, Severity, SourceFile, did_you_mean};
pub use validate::kebab;

use crate::model::Timeline;
use outline::Outline;
use raw::RawTimeline;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// What loading found: the timeline if there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Report {
    pub timeline: Option<Timeline>,
    pub diagnostics: Vec<Diagnostic>,
    /// Item counts as written, when the file could be parsed: (events, actors, sources).
    pub counts: Option<(usize, usize, usize)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    fn fatal(diagnostic: Diagnostic) -> Report {
        Report { timeline: None, diagnostics: vec![diagnostic], counts: None }
    }
}

/// A file's text and what loading it found. The text is kept to render diagnostics, and the
/// timeline's events are spans of it.
pub struct Loaded {
    pub text: Arc<String>,
    pub report: Report,
}

/// How far loading has come, for a progress bar: the stage (reading, scanning, parsing) and
/// how many of the file's bytes it has done. Shared with the thread that draws it.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicUsize,
    done: AtomicUsize,
    size: AtomicUsize,
    /// Whether a preview is wanted (the browser's first screen), and the preview once made.
    wants_preview: std::sync::atomic::AtomicBool,
    preview: std::sync::Mutex<Option<Arc<preview::Preview>>>,
}

const STAGES: [&str; 6] = ["reading", "scanning", "parsing", "hashing", "reading the cache of", "caching"];
const HASHING: usize = 3;
const READING_CACHE: usize = 4;
const CACHING: usize = 5;

impl Progress {
    /// (stage, bytes done, the file's size).
    pub fn stage(&self) -> (&'static str, usize, usize) {
        let stage = STAGES[self.stage.load(Relaxed).min(STAGES.len() - 1)];
        (stage, self.done.load(Relaxed), self.size.load(Relaxed))
    }

    fn begin(&self, stage: usize, size: usize) {
        self.done.store(0, Relaxed);
        self.size.store(size, Relaxed);
        self.stage.store(stage, Relaxed);
    }

    pub(crate) fn at(&self, bytes: usize) {
        self.done.store(bytes, Relaxed);
    }

    /// Asks the load to make a `Preview` of a large file as soon as it can, before the events
    /// are parsed.
    pub fn want_preview(&self) {
        self.wants_preview.store(true, Relaxed);
    }

    /// The preview, once the load has made one.
    pub fn preview(&self) -> Option<Arc<preview::Preview>> {
        self.preview.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Lets the preview go, once the timeline it stood for is there.
    pub fn forget_preview(&self) {
        self.preview.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    }

    fn set_preview(&self, preview: preview::Preview) {
        *self.preview.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(preview));
    }

    fn offer_preview(&self, file: &Arc<String>, outline: &Outline) {
        if self.wants_preview.load(Relaxed)
            && outline.events.len() >= preview::FROM_EVENTS
            && let Some(made) = preview::Preview::new(file, outline)
        {
            self.set_preview(made);
        }
    }
}

/// Reads and checks a timeline file. Only failing to read the file at all is an `Err`.
pub fn load_file(path: &Path) -> std::io::Result<Loaded> {
    load_file_with(path, &Progress::default())
}

/// `load_file`, reporting its progress as it goes. A large file is looked up in the cache
/// (see `cache`) by a hash read in blocks, so that a cached file is never held in memory whole.
pub fn load_file_with(path: &Path, progress: &Progress) -> std::io::Result<Loaded> {
    load_file_cached(path, progress, cache::folder().as_deref())
}

/// `load_file_with`, keeping large files' reports in `cache` (a folder; `None`: no cache).
pub fn load_file_cached(path: &Path, progress: &Progress, cache: Option<&Path>) -> std::io::Result<Loaded> {
    load_file_as(path, progress, cache, true)
}

/// Checks a timeline file for `timeline check`: the report has the diagnostics and counts but
/// no timeline, which is never built, so that a file of any size is checked in little more
/// memory than its text. A cached report is used when there is one.
pub fn check_file(path: &Path) -> std::io::Result<Loaded> {
    load_file_as(path, &Progress::default(), cache::folder().as_deref(), false)
}

fn load_file_as(path: &Path, progress: &Progress, cache: Option<&Path>, keep: bool) -> std::io::Result<Loaded> {
    let folder = path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
    // Copies found by convention in `sources/` make warnings that depend on other files than
    // this one: a timeline beside such a folder is not cached.
    let copies = folder.is_some_and(|f| f.join(crate::sources::archive::FOLDER).exists());
    let entry = cache.filter(|_| !copies).and_then(|folder| cache::entry_path(folder, path));
    // Hashed as it is read only if there is an entry that may hold it: a file not yet cached, or
    // edited since, is read on every core instead, for the first screen's sake, and hashed once
    // it is parsed.
    let listed = entry.as_ref().is_some_and(|entry| cache::may_hold(entry, path));
    let (text, key) = read::text_of(path, progress, listed)?;
    // Moved, not copied, into the text: a large file is held once.
    let text = match text {
        Ok(text) => Arc::new(text),
        Err(e) => return Ok(load_bytes(e.as_bytes(), folder)),
    };
    let report = match entry.filter(|_| text.len() >= cache::FROM_BYTES) {
        Some(entry) => load_cached(&text, folder, progress, keep, &entry, key),
        None => load_str_with(&text, folder, progress, keep),
    };
    Ok(Loaded { text, report })
}

/// The report of `text` from its cache entry `entry`, or parsed and kept there. `key`: the
/// file's key if it was taken as the file was read, which it is when there is an entry.
fn load_cached(
    text: &Arc<String>,
    folder: Option<&Path>,
    progress: &Progress,
    keep: bool,
    entry: &Path,
    key: Option<[u8; 32]>,
) -> Report {
    if let Some(key) = key
        && let Some(report) = from_entry(text, progress, entry, key)
    {
        return report;
    }
    let report = load_str_with(text, folder, progress, keep);
    let size = text.len();
    let key = key.unwrap_or_else(|| {
        progress.begin(HASHING, size);
        cache::key(text.as_bytes(), |done| progress.at(done))
    });
    progress.begin(CACHING, size);
    cache::write(entry, key, text, &report);
    if let Some(preview) = progress.preview().filter(|_| report.timeline.is_some()) {
        cache::write_preview(entry, key, &preview);
    }
    report
}

/// The report kept in `entry` under `key`, if it is there, and the first screen's preview
/// beside it if the load wants one.
fn from_entry(text: &Arc<String>, progress: &Progress, entry: &Path, key: [u8; 32]) -> Option<Report> {
    let size = text.len();
    progress.begin(READING_CACHE, size);
    // The entry is smaller than the file; reading it is half the work and decoding the other
    // half: the bar shows the share of that done.
    let reads = std::fs::metadata(entry).map_or(1, |m| 2 * m.len().max(1) as usize);
    let wants_preview = progress.wants_preview.load(Relaxed);
    if wants_preview && let Some(preview) = cache::read_preview(entry, &key, text) {
        progress.set_preview(preview);
    }
    let report = cache::read(entry, &key, text, |done| progress.at(done * size / reads))?;
    if wants_preview && progress.preview().is_none() {
        keep_preview_later(text, entry, key);
    }
    Some(report)
}

/// An entry written by a command that wanted no first screen (`check`, `list`): the preview is
/// made and kept in the background, for the browser's next open of the unchanged file.
fn keep_preview_later(text: &Arc<String>, entry: &Path, key: [u8; 32]) {
    let (text, entry) = (Arc::clone(text), entry.to_path_buf());
    std::thread::spawn(move || {
        if let Some(preview) = preview::Preview::new(&text, &Outline::of(&text)) {
            cache::write_preview(&entry, key, &preview);
        }
    });
}

/// Checks a timeline given as bytes; `folder` is where relative `archive` paths point.
pub fn load_bytes(bytes: &[u8], folder: Option<&Path>) -> Loaded {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let text = Arc::new(text.to_string());
            Loaded { report: load_str_with(&text, folder, &Progress::default(), true), text }
        }
        Err(e) => {
            let at = e.valid_up_to();
            // The lossy text shows the bad byte as U+FFFD, three bytes long.
            let diagnostic = Diagnostic::error(format!("the file is not UTF-8 text (byte 0x{:02x})", bytes[at]))
                .at(Some((at, at + '\u{fffd}'.len_utf8())))
                .help("save the timeline as UTF-8");
            Loaded { text: Arc::new(String::from_utf8_lossy(bytes).into_owned()), report: Report::fatal(diagnostic) }
        }
    }
}

/// Checks a timeline given as text. The timeline's events hold a copy of the text.
pub fn load_str(text: &str, folder: Option<&Path>) -> Report {
    load_str_with(&Arc::new(text.to_string()), folder, &Progress::default(), true)
}

fn load_str_with(file: &Arc<String>, folder: Option<&Path>, progress: &Progress, keep: bool) -> Report {
    let text = file.as_str();
    if let Some(problem) = not_a_timeline(text) {
        return Report::fatal(problem);
    }
    let options = ron_options();
    progress.begin(1, text.len());
    let outline = Outline::of_with(text, progress);
    progress.offer_preview(file, &outline);
    progress.begin(2, text.len());
    if let Some(report) = parallel::load(file, &outline, folder, &options, progress, keep) {
        return report;
    }
    let raw: RawTimeline = match options.from_str(&text[text_start(text)..]) {
        Ok(raw) => raw,
        Err(e) => return Report::fatal(syntax_error(text, &e)),
    };
    let counts = Some((raw.events.len(), raw.actors.len(), raw.sources.len()));
    let (timeline, diagnostics) = validate::validate(raw, &outline, file, folder, keep);
    Report { timeline, diagnostics, counts }
}

/// ron as the loader uses it: `title: "x"` is read as `Some("x")`.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Where a file's text begins: after a UTF-8 byte order mark, which Windows editors write. The
/// mark stays in the text, so that spans are the file's byte offsets; line 1 begins after it.
pub(crate) fn text_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

const START: &str = "a timeline file starts with `Timeline(`; see docs/FORMAT.md for the format";

/// One clear error for files that are empty or plainly not RON, before ron tries them.
fn not_a_timeline(text: &str) -> Option<Diagnostic> {
    let body = strip_leading_trivia(text);
    let at = text.len() - body.len();
    let Some(first) = body.chars().next() else {
        return Some(Diagnostic::error("the file is empty").help(START));
    };
    if first == '(' || first == '#' || first == '/' || first.is_alphabetic() {
        return None;
    }
    let what = match first {
        '{' => "this looks like JSON, not a RON timeline",
        '<' => "this looks like HTML or XML, not a RON timeline",
        _ => "this is not a RON timeline",
    };
    Some(Diagnostic::error(what).at(Some((at, at + first.len_utf8()))).help(START))
}

fn strip_leading_trivia(text: &str) -> &str {
    let mut rest = text[text_start(text)..].trim_start();
    while let Some(after) = rest.strip_prefix("//") {
        rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    rest
}

/// Turns ron's error into a diagnostic that says what to do.
fn syntax_error(text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let file = SourceFile::new("", text);
    let start = file.offset(e.span.start.line, e.span.start.col);
    let end = file.offset(e.span.end.line, e.span.end.col).max(start + 1);
    let here = Some((start, end));
    if let Some(c) = text[start..].chars().next().filter(|c| c.is_control() && !c.is_whitespace()) {
        return Diagnostic::error(format!("a control character (U+{:04X}) stands outside any text", c as u32))
            .at(Some((start, start + c.len_utf8())))
            .help("remove it: a timeline file is plain text, and control characters belong nowhere in it");
    }
    match &e.code {
        E::TrailingCharacters => {
            let extra = start + (text.len() - start - strip_leading_trivia(&text[start..]).len());
            Diagnostic::error("unexpected text after the end of the timeline")
                .at(Some((extra, extra + 1)))
                .help("the timeline ends at its closing `)`")
        }
        _ if end >= text.trim_end().len() => match outline::unclosed_bracket(text) {
            Some((at, c)) => Diagnostic::error(format!("the file ends before this `{c}` is closed"))
                .at(Some((at, at + 1)))
                .help(format!("add the missing `{}`; a file cut short often ends like this", closing(c))),
            None => Diagnostic::error("unexpected end of file").at(here).help("the file seems cut short"),
        },
        E::ExpectedMapColon if struct_name_before(text, start).is_some() => {
            let (at, name) = struct_name_before(text, start).unwrap_or((start, ""));
            let mut d =
                Diagnostic::error(format!("`{name}(` cannot stand here: is the previous item's closing `)` missing?"))
                    .at(Some((at, at + name.len() + 1)))
                    .help("close the item above with `),` before this one starts");
            if let Some((open, _)) = outline::unclosed_bracket(&text[..at]) {
                d = d.note(format!("the `(` still open here is at line {}", file.position(open).0));
            }
            d
        }
        E::ExpectedComma if outline::string_before(text, start).is_some_and(|(s, e)| text[s..e].contains('\n')) => {
            let (s, _) = outline::string_before(text, start).unwrap_or((start, end));
            Diagnostic::error("this string runs on over several lines: is its closing `\"` missing?")
                .at(Some((s, s + 1)))
                .help("close the string on the line where it starts")
        }
        E::ExpectedComma => Diagnostic::error("expected `,` or a closing bracket")
            .at(here)
            .help("items and fields are separated by commas: is one missing at the end of the previous value?"),
        E::ExpectedDifferentStructName { expected, found } => {
            Diagnostic::error(format!("expected `{expected}(`, found `{found}(`"))
                .at(here)
                .help(format!("write `{expected}(`"))
        }
        E::ExpectedNamedStructLike(name) if start == text.len() - strip_leading_trivia(text).len() => {
            Diagnostic::error(format!("expected `{name}(` at the start of the file")).at(here).help(START)
        }
        E::ExpectedNamedStructLike(name) => Diagnostic::error(format!("expected `{name}( ... )`")).at(here),
        E::ExpectedString | E::ExpectedStringEnd if text[start..].trim_start().starts_with(['“', '”', '«', '„']) =>
        {
            let quote = start + (text[start..].len() - text[start..].trim_start().len());
            Diagnostic::error("curly quotes do not delimit text in RON")
                .at(Some((quote, quote + 1)))
                .help("use straight double quotes: \"...\" (a word processor may have replaced them)")
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            Diagnostic::error("expected a string in double quotes").at(here).help("write text as \"...\"")
        }
        E::ExpectedIdentifier => Diagnostic::error("expected a bare word such as `Confirmed`")
            .at(here)
            .help("write names like the status without quotes: `status: Claimed`"),
        E::ExpectedArray => {
            Diagnostic::error("expected a list in `[ ]`").at(here).help("write a list as `[\"a\", \"b\"]`")
        }
        E::DuplicateStructField { field, outer } => {
            Diagnostic::error(format!("field `{field}` appears twice in `{}`", outer.as_deref().unwrap_or("this item")))
                .at(here)
                .help("keep one of them")
        }
        E::UnclosedBlockComment => {
            Diagnostic::error("a `/*` comment is never closed").at(here).help("close it with `*/`")
        }
        E::ExceededRecursionLimit => Diagnostic::error("values are nested too deeply").at(here),
        E::Message(message) => Diagnostic::error(message.clone()).at(here),
        other => Diagnostic::error(lowercase_first(&other.to_string())).at(here),
    }
}

/// `Name(` at or just before `at`: the start of `Name` and the name.
fn struct_name_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let after = text[at..].trim_start_matches(is_ident);
    let end = text.len() - after.len();
    let start = text[..end].trim_end_matches(is_ident).len();
    let name = &text[start..end];
    (after.starts_with('(') && name.starts_with(|c: char| c.is_alphabetic())).then_some((start, name))
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}
