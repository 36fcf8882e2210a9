//! Capturing a local copy of a source (`timeline capture`): the bytes of a file or of an
//! http(s) page are kept as the original, reduced to text one paragraph per line (so that a
//! locator `¶N` names the same words for as long as the copy is kept), and described by what a
//! chain of custody needs: the original's SHA-256, when, and from where. The network is used
//! here only, and only for a URL given on the command line (`fetch`).
//!
//! `capture` writes the two files and gives the five fields to record in the timeline; recording
//! them is the caller's, one call at the end.

pub mod extract;
pub mod fetch;

use crate::export::write::{WriteError, write_atomic};
use crate::sources::archive;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use extract::Kind;

/// What to capture: a file or an http(s) URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Url(String),
}

impl Input {
    /// An argument as given: `http://` and `https://` are URLs, any other `scheme://` is refused
    /// (`capture` reads nothing else from a network), everything else is a file's path.
    pub fn parse(argument: &str) -> Result<Input, CaptureError> {
        let lower = argument.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = crate::sources::safe_url(argument).map_err(|e| CaptureError::Input(e.to_string()))?;
            return Ok(Input::Url(url));
        }
        if let Some((scheme, _)) = argument.split_once("://")
            && !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(CaptureError::Input(format!(
                "only http and https addresses are captured, not `{}:`",
                crate::text::clean_line(scheme)
            )));
        }
        Ok(Input::File(PathBuf::from(argument)))
    }
}

/// How a URL is fetched: at most `limit` bytes, within `timeout` for the whole exchange, after
/// at most `redirects` redirects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub timeout: Duration,
    pub limit: u64,
    pub redirects: u32,
}

impl Default for Settings {
    fn default() -> Self {
        // The limit is the one the browser reads archives up to: a larger copy could not be read.
        Settings { timeout: Duration::from_secs(30), limit: archive::LIMIT, redirects: 5 }
    }
}

/// What was captured, as the five fields of the source to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    /// The text, `sources/ID.txt`, relative to the timeline's folder.
    pub archive: String,
    /// The bytes as captured, `sources/ID.html` (`.pdf`, `.md`, `.original.txt`).
    pub original: String,
    pub sha256: String,
    /// UTC, to the second: `2024-03-26T09:12:44Z`.
    pub captured: String,
    /// The URL the bytes came from (after redirects), or the file's name.
    pub captured_from: String,
    /// The redirects followed, each address in turn, to report.
    pub redirects: Vec<String>,
    /// How many paragraphs the text has.
    pub paragraphs: usize,
}

impl Capture {
    /// The fields as `(name, text)`, in the order the format lists them.
    pub fn fields(&self) -> [(&'static str, &str); 5] {
        [
            ("archive", &self.archive),
            ("original", &self.original),
            ("sha256", &self.sha256),
            ("captured", &self.captured),
            ("captured_from", &self.captured_from),
        ]
    }
}

/// Why nothing was captured.
#[derive(Debug)]
pub enum CaptureError {
    /// The input argument itself.
    Input(String),
    /// The file to capture cannot be read.
    File { path: PathBuf, error: std::io::Error },
    /// The URL could not be fetched, and why.
    Fetch(String),
    /// What came cannot be made text.
    Extract(String),
    /// A copy is there already and `--force` was not given.
    Exists(String),
    /// The copy could not be written.
    Write { path: String, error: String },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Input(why) | CaptureError::Fetch(why) | CaptureError::Extract(why) => f.write_str(why),
            CaptureError::File { path, error } => write!(f, "cannot read `{}`: {error}", path.display()),
            CaptureError::Exists(path) => write!(f, "`{path}` exists: a copy was captured before"),
            CaptureError::Write { path, error } => write!(f, "cannot write `{path}`: {error}"),
        }
    }
}

impl std::error::Error for CaptureError {}

/// The bytes to keep and what they are.
#[derive(Debug)]
pub struct Got {
    pub bytes: Vec<u8>,
    pub kind: Kind,
    /// The character encoding the server declared, if any.
    pub charset: Option<String>,
    /// The URL after redirects, or the file's name.
    pub from: String,
    pub redirects: Vec<String>,
}

/// Reads `input`: a regular file of at most `settings.limit` bytes, its kind by its name and
/// contents, or a URL through `fetch`.
pub fn get(input: &Input, settings: &Settings) -> Result<Got, CaptureError> {
    match input {
        Input::Url(url) => fetch::get(url, settings),
        Input::File(path) => {
            let bytes = crate::load::regular::read(path, settings.limit)
                .map_err(|error| CaptureError::File { path: path.clone(), error })?;
            let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            let kind = Kind::of_file(path, &bytes);
            Ok(Got { bytes, kind, charset: None, from: name, redirects: Vec::new() })
        }
    }
}

/// Captures `input` as source `id`'s copy in `folder` (the timeline's): the original and the
/// text in `folder/sources/`, neither replaced unless `force`. `id` is a checked kebab-case id,
/// so it makes a plain file name. Nothing is written if either file exists without `force`, or
/// if the input cannot be read or made text.
pub fn capture(
    folder: &Path,
    id: &str,
    input: &Input,
    settings: &Settings,
    force: bool,
) -> Result<Capture, CaptureError> {
    let got = get(input, settings)?;
    let text = extract::paragraphs(&got.bytes, got.kind, &got.from, got.charset.as_deref())?;
    let archive = archive::conventional(id);
    let original = format!("{}/{id}.{}", archive::FOLDER, got.kind.extension());
    store(folder, &[(&original, &got.bytes), (&archive, text.as_bytes())], force)?;
    Ok(Capture {
        archive,
        original,
        sha256: crate::evidence::sha256_hex(&got.bytes),
        captured: now(),
        captured_from: got.from,
        redirects: got.redirects,
        paragraphs: text.lines().count(),
    })
}

/// Writes each (path relative to `folder`, bytes) atomically, after making sure that none is
/// there unless `force`, and that the `sources` folder is inside `folder`.
fn store(folder: &Path, files: &[(&str, &[u8])], force: bool) -> Result<(), CaptureError> {
    let dir = folder.join(archive::FOLDER);
    let failed = |path: &str, error: String| CaptureError::Write { path: path.to_string(), error };
    std::fs::create_dir_all(&dir).map_err(|e| failed(archive::FOLDER, e.to_string()))?;
    // A `sources` that is a link to elsewhere would put the copy outside the timeline's folder.
    let (root, inside) = (folder.canonicalize(), dir.canonicalize());
    if !matches!((&root, &inside), (Ok(r), Ok(d)) if d.starts_with(r)) {
        return Err(failed(archive::FOLDER, "it leads outside the timeline's folder".into()));
    }
    if !force && let Some((path, _)) = files.iter().find(|(p, _)| folder.join(p).symlink_metadata().is_ok()) {
        return Err(CaptureError::Exists(path.to_string()));
    }
    for (path, bytes) in files {
        write_atomic(&folder.join(path), bytes, force).map_err(|e| match e {
            WriteError::Exists => CaptureError::Exists(path.to_string()),
            e => failed(path, e.to_string()),
        })?;
    }
    Ok(())
}

/// Now, in UTC, to the second, as `captured` is written.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_http_urls_or_files() {
        assert_eq!(Input::parse("https://example.org/a").unwrap(), Input::Url("https://example.org/a".into()));
        assert_eq!(Input::parse("article.html").unwrap(), Input::File("article.html".into()));
        assert_eq!(Input::parse("-rf").unwrap(), Input::File("-rf".into()), "a path, never an option");
        let refused = Input::parse("ftp://example.org/a").unwrap_err().to_string();
        assert_eq!(refused, "only http and https addresses are captured, not `ftp:`");
        assert!(Input::parse("https://exa mple.org").is_err());
    }

    #[test]
    fn the_fields_are_in_the_formats_order() {
        let c = Capture {
            archive: "sources/a.txt".into(),
            original: "sources/a.html".into(),
            sha256: "ab".into(),
            captured: "2024-03-26T09:12:44Z".into(),
            captured_from: "https://example.org/\"x\"".into(),
            redirects: Vec::new(),
            paragraphs: 1,
        };
        assert_eq!(c.fields()[4], ("captured_from", "https://example.org/\"x\""));
    }
}
