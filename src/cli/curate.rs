//! The commands that change a timeline file: `fmt` (and `add`), through the core's writer.

use super::{CommandError, Status, default_file};
use crate::load::SourceFile;
use crate::text::clean_path;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files to format [default: ./timeline.ron]
    pub files: Vec<PathBuf>,
    /// Change nothing: list the files that would change, and fail (exit 1) if any would
    #[arg(long)]
    pub check: bool,
}

/// `timeline fmt`: each file laid out canonically and written over atomically, or with
/// `--check` named if it would change. A file that cannot be formatted is said and skipped.
pub fn fmt(args: &FmtArgs) -> Result<Status, CommandError> {
    let files = if args.files.is_empty() { vec![default_file(None)] } else { args.files.clone() };
    let mut out = io::stdout().lock();
    let mut status = Status::Success;
    for path in &files {
        let text = match crate::load::regular::read(path, u64::MAX) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| CommandError::NotText { path: path.clone() }),
            Err(error) => Err(CommandError::Unreadable { path: path.clone(), error }),
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                sayln!("{e}");
                status = status.max(Status::Unusable);
                continue;
            }
        };
        let formatted = match crate::edit::formatted(&text) {
            Ok(formatted) => formatted,
            Err(problem) => {
                let name = path.display().to_string();
                sayln!("{}", SourceFile::new(&name, &text).render(&problem));
                sayln!("`{}` was left as it is", clean_path(path));
                status = status.max(Status::Failed);
                continue;
            }
        };
        let Some(formatted) = formatted else { continue };
        if args.check {
            writeln!(out, "{}", clean_path(path))?;
            status = status.max(Status::Failed);
            continue;
        }
        crate::export::write::write_atomic(path, formatted.as_bytes(), true)
            .map_err(|error| CommandError::NotWritten { path: path.clone(), error, what: "formatted" })?;
        sayln!("formatted {}", clean_path(path));
    }
    Ok(status)
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The timeline [default: ./timeline.ron], then the event in one line: `DATE TITLE... @ACTOR
    /// #TAG status:STATUS by:ACTOR cite:SOURCE:LOCATOR` (DATE in EDTF, or today, yesterday, now)
    #[arg(value_name = "[FILE] TEXT", num_args = 0..=2)]
    pub words: Vec<String>,
    /// The date (EDTF, or today, yesterday, now in the timeline's zone)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub when: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// An actor involved: id, name or alias (repeat for several)
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// A tag (repeat for several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Confirmed, Reported, Claimed (with --by) or Disputed
    #[arg(long)]
    pub status: Option<String>,
    /// An actor who claims it (repeat for several)
    #[arg(long, value_name = "ACTOR")]
    pub by: Vec<String>,
    #[arg(long)]
    pub place: Option<String>,
    /// A citation: a source id, and where in it (repeat for several)
    #[arg(long, value_name = "SOURCE:LOCATOR")]
    pub cite: Vec<String>,
    /// The source's own words, for the last citation
    #[arg(long)]
    pub quote: Option<String>,
    /// The summary; `-` reads it from standard input
    #[arg(long, value_name = "TEXT|-")]
    pub summary: Option<String>,
    /// Make a new actor of this name, and name it in the event (repeat for several)
    #[arg(long, value_name = "NAME")]
    pub new_actor: Vec<String>,
    /// Use this tag although no event has it yet and one that does is spelled much alike
    #[arg(long, value_name = "TAG")]
    pub new_tag: Vec<String>,
}

/// `timeline add`: the event from the text and the flags, checked, written in time order.
pub fn add(args: &AddArgs) -> Result<Status, CommandError> {
    use crate::edit::add::{Draft, add_event, citation};
    use crate::edit::{Document, SaveError};
    let (path, line) = file_and_text(&args.words);
    let mut draft = Draft {
        when: args.when.clone(),
        title: args.title.clone(),
        actors: args.actor.clone(),
        new_actors: args.new_actor.clone(),
        tags: args.tag.clone(),
        new_tags: args.new_tag.clone(),
        status: args.status.clone(),
        by: args.by.clone(),
        place: args.place.clone(),
        cites: args.cite.iter().map(|c| citation(c)).collect(),
        quote: args.quote.clone(),
        summary: match args.summary.as_deref() {
            Some("-") => Some(io::read_to_string(io::stdin())?.trim_end().to_string()),
            other => other.map(str::to_string),
        },
    };
    if let Some(line) = &line {
        draft.read_line(line).map_err(CommandError::usage)?;
    }
    let loaded =
        crate::load::load_file(&path).map_err(|error| CommandError::Unreadable { path: path.clone(), error })?;
    let Some(timeline) = loaded.report.timeline.as_ref() else {
        let name = path.display().to_string();
        return Err(CommandError::Invalid(Box::new(super::Invalid { name, text: loaded.text, report: loaded.report })));
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut doc = Document::open(&loaded.text).map_err(|mut e| CommandError::usage(e.remove(0)))?.in_folder(folder);
    let now = chrono::Utc::now().timestamp();
    let added = add_event(&mut doc, timeline, &draft, now).map_err(CommandError::usage)?;
    let name = path.display().to_string();
    match doc.save(&path) {
        Ok(_) => {}
        Err(SaveError::Refused(problems)) => {
            let shown = format!("{name} (as it would be)");
            for problem in &problems {
                sayln!("{}", SourceFile::new(&shown, doc.text()).render(problem));
            }
            sayln!("error: the event would make the timeline invalid; nothing was written");
            return Ok(Status::Failed);
        }
        Err(SaveError::Write(error)) => return Err(CommandError::NotWritten { path, error, what: "written" }),
        Err(SaveError::Unreadable(error)) => return Err(CommandError::Unreadable { path, error }),
        Err(e @ SaveError::Changed) => {
            sayln!("error: {e}; nothing was written");
            return Ok(Status::Failed);
        }
    }
    let line = doc.text()[..added.at].matches('\n').count() + 1;
    let mut out = io::stdout().lock();
    for actor in &added.new_actors {
        writeln!(out, "added actor {actor}")?;
    }
    writeln!(out, "added event {} at {}:{line}", added.id, clean_path(&path))?;
    if draft.cites.is_empty() {
        sayln!("note: the event cites no source yet (`timeline check` warns of it); --cite SOURCE:LOCATOR adds one");
    }
    Ok(Status::Success)
}

/// `[FILE] TEXT`: one word is the text, unless it names a `.ron` file that exists.
fn file_and_text(words: &[String]) -> (PathBuf, Option<String>) {
    match words {
        [file, text] => (PathBuf::from(file), Some(text.clone())),
        [one] if one.ends_with(".ron") && std::path::Path::new(one).is_file() => (PathBuf::from(one), None),
        [text] => (default_file(None), Some(text.clone())),
        _ => (default_file(None), None),
    }
}
