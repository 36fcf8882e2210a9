//! `timeline verify` and `timeline capture`: the command line of `evidence` and `capture`.

use super::{CommandError, Status, default_file};
use crate::evidence::{self, CitationCheck, Finding, Integrity, Outcome, Places};
use crate::load::{self, Diagnostic, SourceFile};
use crate::model::Timeline;
use crate::text::clean_line;
use clap::Args;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The timeline [default: ./timeline.ron]
    pub file: Option<PathBuf>,
    /// Print one JSON object with every citation and copy checked, for scripts
    #[arg(long)]
    pub json: bool,
}

/// One problem found, where it is in the file.
struct Problem {
    at: Option<usize>,
    message: String,
}

pub fn verify(args: &VerifyArgs) -> Result<Status, CommandError> {
    let path = default_file(args.file.as_ref());
    let load::Loaded { text, mut report } =
        load::load_file(&path).map_err(|error| CommandError::Unreadable { path: path.clone(), error })?;
    let name = path.display().to_string();
    let Some(timeline) = report.timeline.take() else {
        return Err(CommandError::Invalid(Box::new(super::Invalid { name, text, report })));
    };
    let folder = folder_of(&path);
    let found = evidence::verify(&timeline, &folder);
    let problems = problems(&timeline, &text, &found);
    let file = SourceFile::new(&name, &text);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        writeln!(out, "{}", as_json(&name, &timeline, (&text, &file), &found, &problems))?;
    } else {
        for p in &problems {
            let (line, col) = p.at.map_or((1, 1), |at| file.position(at));
            writeln!(out, "{}:{line}:{col}: error: {}", clean_line(&name), clean_line(&p.message))?;
        }
        writeln!(out, "{}", found.counts().summary())?;
    }
    out.flush()?;
    Ok(if found.has_problems() { Status::Failed } else { Status::Success })
}

/// The folder of the timeline file, where its copies are.
pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Every problem, in the order of the report: citations in time order, then copies; a copy that
/// cannot be read is said once, at its first citation.
fn problems(timeline: &Timeline, text: &str, found: &evidence::Report) -> Vec<Problem> {
    let mut places = Places::new(text);
    let mut out = Vec::new();
    let mut unreadable_said = vec![false; timeline.sources.len()];
    for c in &found.citations {
        let at = places.citation(timeline, c);
        match &c.outcome {
            Outcome::Unreadable(why) if !unreadable_said[c.source] => {
                unreadable_said[c.source] = true;
                let at = places.source_field(c.source, &["archive"]).or(at);
                out.push(Problem { at, message: why.clone() });
            }
            Outcome::Checked(finding) => {
                if let Some(message) = citation_message(timeline, c, finding) {
                    out.push(Problem { at, message });
                }
            }
            _ => {}
        }
    }
    for copy in &found.copies {
        let s = &timeline.sources[copy.source];
        let (field, message) = match &copy.integrity {
            Integrity::Altered { now } => (
                "sha256",
                format!(
                    "the original of source `{}` has changed since it was captured: its sha256 is now {now}, not {}",
                    s.id,
                    s.sha256.as_deref().unwrap_or("")
                ),
            ),
            Integrity::Unreadable(why) => ("original", format!("source `{}`: {why}", s.id)),
            Integrity::Intact | Integrity::Unhashed => continue,
        };
        let at = places.source_field(copy.source, &[field]);
        out.push(Problem { at, message });
    }
    out
}

/// What is wrong with a citation, in words, or `None`.
fn citation_message(timeline: &Timeline, c: &CitationCheck, finding: &Finding) -> Option<String> {
    let cite = &timeline.events[c.event].sources[c.citation];
    let (source, event) = (&timeline.sources[c.source].id, &timeline.events[c.event].id);
    let cited = cite.at.as_deref().unwrap_or("");
    Some(match finding {
        Finding::Misplaced { found } => format!(
            "quote found at {}, cited as {cited} (source `{source}`, event `{event}`)",
            evidence::locator(found)
        ),
        Finding::NotFound => {
            format!("quote not found in the copy of source `{source}` (cited as {cited}, event `{event}`)")
        }
        Finding::Beyond { last, found } => {
            let mut m = format!(
                "{cited} is beyond the last paragraph (¶{last}) of the copy of source `{source}` (event `{event}`)"
            );
            if let Some(found) = found {
                m.push_str(&format!("; the quote is found at {}", evidence::locator(found)));
            }
            m
        }
        Finding::BadLocator => format!(
            "{cited} names no paragraph of source `{source}` (event `{event}`): paragraphs count from ¶1, a range \
             as ¶4–5"
        ),
        Finding::Verified | Finding::NoQuote => return None,
    })
}

fn as_json(
    name: &str,
    timeline: &Timeline,
    (text, file): (&str, &SourceFile),
    found: &evidence::Report,
    problems: &[Problem],
) -> Value {
    let mut places = Places::new(text);
    let citations: Vec<Value> = found
        .citations
        .iter()
        .map(|c| {
            let cite = &timeline.events[c.event].sources[c.citation];
            let (result, found_at) = match &c.outcome {
                Outcome::Checked(Finding::Verified) => ("verified", None),
                Outcome::Checked(Finding::Misplaced { found }) => ("misplaced", Some(evidence::locator(found))),
                Outcome::Checked(Finding::NotFound) => ("not-found", None),
                Outcome::Checked(Finding::Beyond { found, .. }) => ("beyond", found.as_ref().map(evidence::locator)),
                Outcome::Checked(Finding::NoQuote) => ("no-quote", None),
                Outcome::Checked(Finding::BadLocator) => ("bad-locator", None),
                Outcome::NoCopy => ("no-copy", None),
                Outcome::Unreadable(_) => ("unreadable", None),
            };
            let (line, column) = places.citation(timeline, c).map_or((None, None), |at| {
                let (l, c) = file.position(at);
                (Some(l), Some(c))
            });
            let message = match &c.outcome {
                Outcome::Checked(f) => citation_message(timeline, c, f),
                Outcome::Unreadable(why) => Some(why.clone()),
                Outcome::NoCopy => None,
            };
            json!({
                "event": timeline.events[c.event].id.as_str(),
                "citation": c.citation + 1,
                "source": timeline.sources[c.source].id,
                "at": cite.at.as_deref(),
                "quote": cite.quote.as_deref(),
                "result": result,
                "found_at": found_at,
                "line": line,
                "column": column,
                "message": message,
            })
        })
        .collect();
    let copies: Vec<Value> = found
        .copies
        .iter()
        .map(|c| {
            let s = &timeline.sources[c.source];
            let (result, now, why) = match &c.integrity {
                Integrity::Intact => ("intact", s.sha256.clone(), None),
                Integrity::Altered { now } => ("altered", Some(now.clone()), None),
                Integrity::Unreadable(why) => ("unreadable", None, Some(why.clone())),
                Integrity::Unhashed => ("unhashed", None, None),
            };
            let line = places.source_field(c.source, &["sha256", "original"]).map(|at| file.position(at).0);
            json!({
                "source": s.id,
                "original": s.original,
                "result": result,
                "sha256": s.sha256,
                "sha256_now": now,
                "captured": s.captured,
                "captured_from": s.captured_from,
                "line": line,
                "message": why,
            })
        })
        .collect();
    let n = found.counts();
    json!({
        "file": name,
        "problems": problems.len(),
        "citations": citations,
        "copies": copies,
        "summary": {
            "citations": n.citations,
            "verified": n.verified,
            "misplaced": n.misplaced,
            "not_found": n.not_found,
            "without_quote": n.without_quote,
            "without_copy": n.without_copy,
            "copy_unreadable": n.copy_unreadable,
            "bad_locator": n.bad_locator,
            "intact": n.intact,
            "altered": n.altered,
            "originals_unreadable": n.originals_unreadable,
            "unhashed": n.unhashed,
            "line": n.summary(),
        },
    })
}

#[derive(Args, Debug)]
pub struct CaptureArgs {
    /// The id of the source the copy is of
    pub source: String,
    /// A file (text, Markdown, HTML, PDF) or an http(s) URL
    #[arg(allow_hyphen_values = true)]
    pub input: String,
    /// The timeline [default: ./timeline.ron]
    pub file: Option<PathBuf>,
    /// Replace the copy the source has
    #[arg(long)]
    pub force: bool,
    /// Give a URL this long to answer, whole
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Refuse a URL or file larger than this
    #[arg(long, value_name = "MEGABYTES", default_value_t = 64)]
    pub limit: u64,
}

pub fn capture(args: &CaptureArgs) -> Result<Status, CommandError> {
    use crate::capture::{self, Input, Settings};
    let path = default_file(args.file.as_ref());
    let loaded = load::load_file(&path).map_err(|error| CommandError::Unreadable { path: path.clone(), error })?;
    let Some(timeline) = loaded.report.timeline.as_ref() else {
        let name = path.display().to_string();
        return Err(CommandError::Invalid(Box::new(super::Invalid { name, text: loaded.text, report: loaded.report })));
    };
    let Some(source) = timeline.sources.iter().find(|s| s.id == args.source) else {
        let help = load::did_you_mean(&args.source, timeline.sources.iter().map(|s| s.id.as_str()))
            .unwrap_or_else(|| "`timeline sources` lists the sources and their ids".into());
        let message = format!("no source `{}` in {}", args.source, path.display());
        return Err(CommandError::usage(Diagnostic::error(message).help(help)));
    };
    if !args.force && (source.original.is_some() || source.captured.is_some()) {
        let message = format!("source `{}` has a captured copy already", source.id);
        return Err(CommandError::usage(Diagnostic::error(message).help("--force replaces it")));
    }
    let input = Input::parse(&args.input).map_err(|e| CommandError::usage(Diagnostic::error(e.to_string())))?;
    let settings = Settings {
        timeout: std::time::Duration::try_from_secs_f64(args.timeout).unwrap_or(Settings::default().timeout),
        limit: args.limit.saturating_mul(1 << 20),
        ..Settings::default()
    };
    let folder = folder_of(&path);
    // Read before anything is captured: a file whose layout cannot be edited is said first.
    let doc = crate::edit::Document::open(&loaded.text)
        .map_err(|mut problems| CommandError::usage(problems.remove(0)))?
        .in_folder(&folder);
    let captured = capture::capture(&folder, &source.id, &input, &settings, args.force).map_err(|e| {
        let help = match e {
            capture::CaptureError::Exists(_) => "--force replaces it",
            _ => "nothing was written",
        };
        CommandError::usage(Diagnostic::error(e.to_string()).help(help))
    })?;
    let mut err = io::stderr().lock();
    if !captured.redirects.is_empty() {
        let chain: Vec<String> = captured.redirects.iter().map(|u| clean_line(u).into_owned()).collect();
        let _ = writeln!(err, "redirected: {}", chain.join(" → "));
    }
    let _ = writeln!(
        err,
        "captured `{}` from {}: {} (sha256 {}), {} {} in {}",
        source.id,
        clean_line(&captured.captured_from),
        captured.original,
        captured.sha256,
        captured.paragraphs,
        if captured.paragraphs == 1 { "paragraph" } else { "paragraphs" },
        captured.archive
    );
    record(doc, &path, &source.id, &captured)
}

/// Records the capture in the timeline file, in place: only the source's five fields change,
/// every other byte and comment stays. If it cannot be, the copy stays (it is found by
/// convention) and the fields are printed for the user to add.
fn record(
    mut doc: crate::edit::Document,
    path: &Path,
    id: &str,
    captured: &crate::capture::Capture,
) -> Result<Status, CommandError> {
    use crate::edit::{Kind, SaveError, Value};
    let fields: Vec<(&str, Value)> = captured.fields().map(|(f, v)| (f, Value::Text(v.to_string()))).to_vec();
    let name = clean_line(&path.display().to_string()).into_owned();
    let why = match doc.set_fields(Kind::Source, id, &fields) {
        Err(problem) => problem.message,
        Ok(()) => match doc.save(path) {
            Ok(_) => {
                writeln!(io::stdout().lock(), "recorded the copy of `{id}` in {name}")?;
                return Ok(Status::Success);
            }
            Err(SaveError::Refused(problems)) => {
                problems.first().map_or_else(|| "it would not load".into(), |p| p.message.clone())
            }
            Err(e) => e.to_string(),
        },
    };
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "error: the copy is kept, but {name} was not changed: {}", clean_line(&why));
    let _ = writeln!(err, "  = help: add these fields to source `{id}` by hand:");
    for (field, value) in captured.fields() {
        let value = ron::to_string(value).unwrap_or_default();
        let _ = writeln!(err, "    {field}: {},", clean_line(&value));
    }
    Ok(Status::Failed)
}
