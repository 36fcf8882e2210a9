//! The commands that change a timeline file: `fmt` (and `add`), through the core's writer.

use super::{CommandError, Status, default_file};
use crate::load::SourceFile;
use crate::text::clean_path;
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    use crate::edit::Document;
    use crate::edit::add::{Draft, add_event, citation};
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
    // The check before writing loads the file again: one timeline in memory at a time.
    drop(loaded);
    if !save(&doc, &path, "the event")? {
        return Ok(Status::Failed);
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

/// Writes the changed document over `path`, atomically. `false` when the change was refused (the
/// file changed meanwhile, or the change would add an error): said on standard error, with each
/// problem where it would be, and nothing written.
fn save(doc: &crate::edit::Document, path: &Path, what: &str) -> Result<bool, CommandError> {
    use crate::edit::SaveError;
    let name = path.display().to_string();
    match doc.save(path) {
        Ok(_) => Ok(true),
        Err(SaveError::Refused(problems)) => {
            let shown = format!("{name} (as it would be)");
            for problem in &problems {
                sayln!("{}", SourceFile::new(&shown, doc.text()).render(problem));
            }
            sayln!("error: {what} would make the timeline invalid; nothing was written");
            Ok(false)
        }
        Err(SaveError::Write(error)) => {
            Err(CommandError::NotWritten { path: path.to_path_buf(), error, what: "written" })
        }
        Err(SaveError::Unreadable(error)) => Err(CommandError::Unreadable { path: path.to_path_buf(), error }),
        Err(e @ SaveError::Changed) => {
            sayln!("error: {e}; nothing was written");
            Ok(false)
        }
    }
}

/// `timeline import --sources BIB [FILE]`: each work of a BibTeX or CSL JSON bibliography added
/// to the timeline's sources under its key, or the source with that id updated where the
/// bibliography says otherwise (fields it does not give, such as `archive`, stay).
pub fn import_sources(bib: &Path, file: Option<&Path>) -> Result<Status, CommandError> {
    use crate::edit::{Document, Kind};
    use crate::import::bib::{self, Change};
    let path = file.map_or_else(|| default_file(None), Path::to_path_buf);
    let bytes = crate::load::regular::read(bib, u64::MAX)
        .map_err(|error| CommandError::Unreadable { path: bib.to_path_buf(), error })?;
    let text = String::from_utf8(bytes).map_err(|_| CommandError::NotText { path: bib.to_path_buf() })?;
    let bib_name = bib.display().to_string();
    let references = match bib::read(&text) {
        Ok(references) => references,
        Err(problem) => {
            sayln!("{}", SourceFile::new(&bib_name, &text).render(&problem));
            return Ok(Status::Failed);
        }
    };
    for warning in &references.warnings {
        sayln!("{}", SourceFile::new(&bib_name, &text).render(warning));
    }
    if references.works.is_empty() {
        let why = if references.warnings.is_empty() {
            "no BibTeX entry or CSL JSON item"
        } else {
            "no work that can be used"
        };
        sayln!(
            "error: {bib_name} holds {why}; nothing was written\n  = help: export the bibliography from the reference manager as BibTeX or CSL JSON"
        );
        return Ok(Status::Failed);
    }
    let loaded =
        crate::load::load_file(&path).map_err(|error| CommandError::Unreadable { path: path.clone(), error })?;
    let Some(timeline) = loaded.report.timeline.as_ref() else {
        let name = path.display().to_string();
        return Err(CommandError::Invalid(Box::new(super::Invalid { name, text: loaded.text, report: loaded.report })));
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut doc = Document::open(&loaded.text).map_err(|mut e| CommandError::usage(e.remove(0)))?.in_folder(folder);
    let mut said = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let (mut added, mut updated, mut same) = (0, 0, 0);
    for work in &references.works {
        let Some(id) = bib::id_of(work) else {
            sayln!("warning: `{}` makes no id (it has no letter or digit); left out", work.key);
            continue;
        };
        if !seen.insert(id.clone()) {
            sayln!("warning: two works of {bib_name} give the id `{id}`; the second is left out");
            continue;
        }
        if id != work.key {
            said.push(format!("note: the key `{}` is the id `{id}`", work.key));
        }
        match bib::plan(timeline, work, &id) {
            Change::Add(fields) => {
                let same_url = timeline.sources.iter().find(|s| s.url.is_some() && s.url == work.url);
                if let Some(other) = same_url {
                    sayln!(
                        "warning: {id} has the address of the source {}; to update that one instead, give the entry the key `{}`",
                        other.id,
                        other.id
                    );
                }
                doc.insert(Kind::Source, &fields[..]).map_err(CommandError::usage)?;
                said.push(format!("added source {id}"));
                added += 1;
            }
            Change::Update(fields) => {
                doc.set_fields(Kind::Source, &id, &fields[..]).map_err(CommandError::usage)?;
                let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
                said.push(format!("updated source {id}: {}", names.join(", ")));
                updated += 1;
            }
            Change::Same => same += 1,
        }
    }
    drop(loaded);
    if added + updated > 0 && !save(&doc, &path, "the bibliography")? {
        return Ok(Status::Failed);
    }
    let mut out = io::stdout().lock();
    for line in &said {
        writeln!(out, "{}", crate::text::clean_line(line))?;
    }
    let written = if added + updated > 0 { "written" } else { "unchanged" };
    writeln!(
        out,
        "{}: {added} added, {updated} updated, {same} already the same; {} {written}",
        clean_path(bib),
        clean_path(&path)
    )?;
    Ok(Status::Success)
}
