//! The command line: argument definitions and the commands that run on the core.

mod error;
mod evidence;

pub use error::{CommandError, Invalid, Status};

use crate::export::{self, write::WriteError};
use crate::knowledge::{Knowledge, Known};
use crate::load::{self, Diagnostic, SourceFile};
use crate::model::Timeline;
use crate::query::{self, End, Filter, Query, QueryError, SearchIndex, Selection};
use crate::text::{clean_line, clean_lines, clean_path};
use crate::tui::Exit;
use crate::tui::settings;
use clap::{Args, Parser, Subcommand};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Messages on standard error quote file names, arguments and file text, so each is cleaned
/// here, where messages are written, like diagnostics are where they are rendered.
/// A message that cannot be written (standard error closed, or a pipe whose reader went) is
/// dropped: it must not panic, nor change the exit status.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), "{}", crate::text::clean_lines(&format!($($arg)*)));
    }};
}

/// The commands that change a timeline file; after `sayln!`, which they use.
mod curate;

const DEFAULT_FILE: &str = "timeline.ron";

/// The browser's keys and the environment, for `--help` and the manual page.
const ENVIRONMENT: &str = "\
In the browser, ? lists every key of every mode; the footer shows the main ones.

Environment:
  VISUAL, EDITOR     the editor that `e` opens at the event under the cursor (else vi)
  TIMELINE_CONFIG    the settings file (else $XDG_CONFIG_HOME/timeline/config.ron)
  TIMELINE_CACHE     the folder of the cache of large timelines, or `off`
  TIMELINE_OPENER    a program to open URLs and files with, instead of the system's opener
  NO_COLOR           any value turns colour off";

#[derive(Parser, Debug)]
#[command(name = "timeline", version, about = "Browse, filter and export research timelines kept in RON files")]
#[command(args_conflicts_with_subcommands = true)]
#[command(after_long_help = ENVIRONMENT)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The timeline to open [default: ./timeline.ron]
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check timeline files and print every problem with its place
    Check(CheckArgs),
    /// Print events in time order, one per line
    List(ListArgs),
    /// Print the sources with how often each is cited
    Sources(SourcesArgs),
    /// Check every citation's quote against its source's local copy at its paragraph, and every
    /// captured original against its sha256; exit 1 on any problem
    Verify(evidence::VerifyArgs),
    /// Keep a local copy of a source, from a file (text, Markdown, HTML, PDF) or an http(s) URL:
    /// the original and its text in sources/ beside the timeline, with its sha256 and capture time
    Capture(evidence::CaptureArgs),
    /// Export events as Markdown (with footnoted citations), Markdown for pandoc (with a CSL-JSON
    /// bibliography), JSON, TimelineJS JSON, CSV or SVG
    Export(ExportArgs),
    /// Lay timeline files out in one canonical layout, keeping their comments
    Fmt(curate::FmtArgs),
    /// Add an event from one line (`2024-03-26 Title @actor #tag cite:source:¶5`) and flags
    Add(curate::AddArgs),
    /// Make a timeline from TimelineJS JSON, TimelineJS's spreadsheet CSV, or any CSV
    Import(ImportArgs),
    /// Print a complete default settings file, or check one
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of timeline or of one of its commands, for `man`
    Man {
        /// The command (check, list, export, add…); none: timeline itself
        command: Option<String>,
    },
}

/// `--format` takes the export formats by their flags, so that a format added to the core is
/// a value here without a word written in this file.
impl clap::ValueEnum for export::Format {
    fn value_variants<'a>() -> &'a [Self] {
        &export::Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let value = clap::builder::PossibleValue::new(self.flag());
        Some(match self.about() {
            Some(about) => value.help(about),
            None => value,
        })
    }
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The format of the export
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: export::Format,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace PATH if it exists
    #[arg(long)]
    pub force: bool,
    /// Leave out the events' summaries
    #[arg(long)]
    pub no_summaries: bool,
    /// Leave out the Sources section (footnotes then carry full references)
    #[arg(long)]
    pub no_sources: bool,
    /// Markdown: keep the machine notes (each date's precision and its text as written)
    #[arg(long)]
    pub notes: bool,
    /// Markdown: put an HTML anchor in each heading and link to it (for renderers that keep raw
    /// HTML); without it, links go to the ids GitHub and pandoc make from the heading text
    #[arg(long)]
    pub html_anchors: bool,
    /// Markdown: the citation style of the footnotes and the Sources section:
    /// chicago-author-date, apa, mla, harvard (or another style hayagriva ships), or the path of
    /// a .csl file
    #[arg(long, value_name = "STYLE", default_value = "chicago-author-date")]
    pub citation_style: String,
    /// TimelineJS: the rows of its time navigation, by the events' first actor, first tag or status
    #[arg(long, value_enum, default_value = "none", value_name = "BY")]
    pub group_by: export::GroupBy,
    /// TimelineJS: events with this tag become eras (spans behind the events) rather than slides
    #[arg(long, value_name = "TAG")]
    pub eras: Option<String>,
    /// TimelineJS: events with this tag are drawn as durations; other intervals mean "some time
    /// between" and are drawn at their start
    #[arg(long, value_name = "TAG")]
    pub durations: Option<String>,
}

/// `--group-by` takes the groupings by their flags.
impl clap::ValueEnum for export::GroupBy {
    fn value_variants<'a>() -> &'a [Self] {
        &export::GroupBy::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.flag()))
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// TimelineJS's JSON (`{"events": [...]}`)
    Timelinejs,
    /// CSV in the columns of TimelineJS's spreadsheet template (Year, Month, Day, ..., Headline, Text, ...)
    TimelinejsCsv,
    /// Any CSV, with --date and --title (and more) naming its columns, or --preset
    Csv,
    /// The JSON of `timeline export --format json`, read back whole
    Json,
    /// The CSV of `timeline export --format csv`, read back whole
    TimelineCsv,
}

/// Datasets whose columns `timeline import` knows.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportPreset {
    /// ACLED's event exports: event_date (with time_precision), actor1 and actor2, notes, source,
    /// location, event_id_cnty; titled by event_type, sub_event_type and location
    Acled,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file to import; with --sources, the timeline to add them to [default: ./timeline.ron]
    #[arg(required_unless_present = "sources")]
    pub input: Option<PathBuf>,
    /// The timeline file to write
    #[arg(short, long, value_name = "OUTPUT.ron", required_unless_present = "sources")]
    pub output: Option<PathBuf>,
    /// Add or update the timeline's sources from a bibliography (BibTeX, BibLaTeX or CSL JSON, as
    /// Zotero exports them), by key; the timeline is changed in place
    #[arg(long, value_name = "BIBLIOGRAPHY", conflicts_with_all = ["output", "format", "force", "preset"])]
    pub sources: Option<PathBuf>,
    /// What INPUT is [default: from its extension and header]
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Replace OUTPUT if it exists
    #[arg(long)]
    pub force: bool,
    /// CSV: a dataset's own columns (flags below name other columns)
    #[arg(long, value_enum)]
    pub preset: Option<ImportPreset>,
    /// CSV: the column (header or number) with each event's date (EDTF, `2024-03-22 20:02`,
    /// `2024-03-22T17:00:00Z`, `18/04/2001`, `16 May 2025`, `May 16, 2025`)
    #[arg(long, value_name = "COLUMN")]
    pub date: Option<String>,
    /// CSV: the form of every date of the column, in strftime's terms (`%d.%m.%Y %H:%M`)
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,
    /// The offset of times written without one (`+03:00`, `-05:30`, `Z`)
    #[arg(long, value_name = "OFFSET")]
    pub timezone: Option<String>,
    /// CSV: the column with each event's title
    #[arg(long, value_name = "COLUMN")]
    pub title: Option<String>,
    /// CSV: the column with each event's summary
    #[arg(long, value_name = "COLUMN")]
    pub summary: Option<String>,
    /// CSV: a column with each event's actors, separated by `;` (repeat for several columns)
    #[arg(long, value_name = "COLUMN")]
    pub actors: Vec<String>,
    /// CSV: the column with the URL of each event's source
    #[arg(long, value_name = "COLUMN")]
    pub source_url: Option<String>,
    /// CSV: the column with the name of each event's source (several separated by `;`)
    #[arg(long, value_name = "COLUMN")]
    pub source_name: Option<String>,
    /// CSV: a column with each event's tags, separated by `;` or `,` (repeat for several columns)
    #[arg(long, value_name = "COLUMN")]
    pub tags: Vec<String>,
    /// CSV: the column with each event's id (made kebab-case and unique)
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    /// CSV: the column with each event's place
    #[arg(long, value_name = "COLUMN")]
    pub place: Option<String>,
    /// CSV: the column with each event's status (Confirmed, Reported, Claimed, Disputed)
    #[arg(long, value_name = "COLUMN")]
    pub status: Option<String>,
    /// CSV: the column with the actors whose claim each event is, separated by `;`
    #[arg(long, value_name = "COLUMN")]
    pub claimed_by: Option<String>,
    /// CSV: the character between cells (`,`, `;`, `tab`) [default: from the header row]
    #[arg(long, value_name = "CHAR", value_parser = delimiter)]
    pub delimiter: Option<u8>,
}

/// `--delimiter`: one ASCII character, or `tab`.
fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" => Ok(t.as_bytes()[0]),
        t => Err(format!("`{t}` is not one character such as `,`, `;` or `tab`")),
    }
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// Print a complete settings file with every action's default keys and every colour, commented
    #[arg(long)]
    pub default: bool,
    /// Check a settings file [default: the one in use]
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub check: Option<Option<PathBuf>>,
}

#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// The timeline [default: ./timeline.ron]
    pub file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check [default: ./timeline.ron]
    pub files: Vec<PathBuf>,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// After the check, list the Confirmed events that rest on a single independent origin
    /// (their sources all derive from one): a report that never changes the exit status
    #[arg(long)]
    pub corroboration: bool,
}

/// The flags that choose events, shared by `list` and `export`.
#[derive(Args, Debug)]
pub struct FilterArgs {
    /// The timeline [default: ./timeline.ron]
    pub file: Option<PathBuf>,
    /// Keep events involving this actor (id, name or alias; repeat for any of several)
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// Keep events claimed by this actor (id, name or alias; repeat for any of several)
    #[arg(long, value_name = "ACTOR")]
    pub by: Vec<String>,
    /// Keep events with this tag (repeat for any of several)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
    #[arg(help = format!("Keep events matching a query: {}", query::SYNTAX))]
    pub query: Option<String>,
    /// Keep events citing this source id (repeat for any of several)
    #[arg(long, value_name = "ID")]
    pub source: Vec<String>,
    /// Keep events that end on or after this EDTF date
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Keep events that start on or before this EDTF date
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Keep what was known, or may have been known, by the end of this EDTF date: events first
    /// reported by then (`known:DATE` in a query). Events whose first report is unknown (no
    /// citation dated) are kept and marked (`list`: `[first report unknown]`, JSON
    /// `"known_as_of"`), unless --as-of-strict
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// With --as-of: leave out the events whose first report is unknown
    #[arg(long, requires = "as_of")]
    pub as_of_strict: bool,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON Lines, one object per event with every field
    #[arg(long)]
    pub json: bool,
}

/// The command line. clap's messages quote the arguments, which may be file names holding
/// anything (`timeline check *`), so they are cleaned like every other message.
pub fn parse() -> Result<Cli, CommandError> {
    Cli::try_parse().map_err(|e| {
        if !e.use_stderr() {
            e.exit(); // --help and --version: our own text, printed as clap prints it
        }
        CommandError::Arguments(e)
    })
}

pub fn run(cli: Cli) -> Result<Status, CommandError> {
    match cli.command {
        Some(Command::Check(args)) => check(&args),
        Some(Command::List(args)) => list(&args),
        Some(Command::Sources(args)) => sources(&args),
        Some(Command::Verify(args)) => evidence::verify(&args),
        Some(Command::Capture(args)) => evidence::capture(&args),
        Some(Command::Export(args)) => export(&args),
        Some(Command::Import(args)) => import(&args),
        Some(Command::Fmt(args)) => curate::fmt(&args),
        Some(Command::Add(args)) => curate::add(&args),
        Some(Command::Config(args)) => config(&args),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man { command }) => man(command.as_deref()),
        None => browse(&default_file(cli.file.as_ref())),
    }
}

/// Says what stopped the command, if anything, and gives the exit code.
pub fn report(result: Result<Status, CommandError>) -> ExitCode {
    match result {
        Ok(status) => ExitCode::from(status.code()),
        // `check` never ends here on a broken pipe: its exit status is its result, so it keeps
        // checking.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            sayln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn default_file(file: Option<&PathBuf>) -> PathBuf {
    file.cloned().unwrap_or_else(|| PathBuf::from(DEFAULT_FILE))
}

fn check(args: &CheckArgs) -> Result<Status, CommandError> {
    let files = if args.files.is_empty() { vec![default_file(None)] } else { args.files.clone() };
    let mut out = io::stdout().lock();
    let mut status = Status::Success;
    for path in &files {
        let loaded = match load::check_file(path) {
            Ok(loaded) => loaded,
            Err(error) => {
                // Said in its place among the files' reports; the other files are still checked.
                sayln!("{}", CommandError::Unreadable { path: path.clone(), error });
                status = status.max(Status::Unusable);
                continue;
            }
        };
        let name = path.display().to_string();
        let file = SourceFile::new(&name, &loaded.text);
        let report = &loaded.report;
        let printed = report.diagnostics.iter().try_for_each(|d| writeln!(out, "{}", file.render(d)));
        match printed.and_then(|_| writeln!(out, "{}", summary(&name, report))) {
            // The reader has stopped (`| head`): the rest goes unprinted, but every file is still
            // checked, so that the exit status is the one the whole check would have had.
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => {}
        }
        if report.errors() > 0 || (args.deny_warnings && report.warnings() > 0) {
            status = status.max(Status::Failed);
        }
        // The check builds no timeline (a file of any size is checked in little memory): the
        // report loads it, only when asked and only when it is usable.
        if args.corroboration
            && report.errors() == 0
            && let Ok(timeline) = open(path)
        {
            match corroboration(&mut out, &name, &timeline) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
        }
        if path == files.last().unwrap_or(path) {
            exit_without_freeing(loaded);
        }
    }
    Ok(status)
}

/// `check --corroboration`: the Confirmed events that rest on one independent origin, each
/// with the origin, then a count. Events citing no source are the check's warning already.
fn corroboration(out: &mut impl Write, name: &str, timeline: &Timeline) -> io::Result<()> {
    use crate::model::Status as Said;
    let knowledge = Knowledge::new(timeline);
    let mut single = Vec::new();
    for (ix, e) in timeline.events.iter().enumerate().filter(|(_, e)| e.status == Said::Confirmed) {
        if let [origin] = knowledge.origins(timeline, ix)[..] {
            single.push((e, origin));
        }
    }
    let id_width = single.iter().map(|(e, _)| e.id.chars().count()).max().unwrap_or(0);
    for (e, origin) in &single {
        let origin = &timeline.sources[*origin].id;
        writeln!(out, "  {:id_width$}  {}  — one origin: {origin}", e.id, clean_line(&e.title))?;
    }
    let confirmed = timeline.events.iter().filter(|e| e.status == Said::Confirmed).count();
    writeln!(
        out,
        "{}: {} of {} rest on a single independent origin",
        clean_line(name),
        plural(single.len(), "confirmed event"),
        confirmed
    )
}

/// Leaves a large value for the operating system to reclaim with the process: freeing a million
/// events one by one would only delay the exit by a second. Call it on the way out.
fn exit_without_freeing<T>(value: T) {
    std::mem::forget(value);
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `timeline.ron: 41 events, 28 actors, 5 sources; 0 errors, 0 warnings`
pub fn summary(name: &str, report: &load::Report) -> String {
    let problems = format!("{}, {}", plural(report.errors(), "error"), plural(report.warnings(), "warning"));
    let name = clean_line(name);
    match report.counts {
        Some((events, actors, sources)) => format!(
            "{name}: {}, {}, {}; {problems}",
            plural(events, "event"),
            plural(actors, "actor"),
            plural(sources, "source")
        ),
        None => format!("{name}: {problems}"),
    }
}

/// Loads a timeline for a command that needs a valid one.
fn open(path: &Path) -> Result<Timeline, CommandError> {
    open_with(path, &load::Progress::default())
}

fn open_with(path: &Path, progress: &load::Progress) -> Result<Timeline, CommandError> {
    let load::Loaded { text, mut report } = load::load_file_with(path, progress)
        .map_err(|error| CommandError::Unreadable { path: path.to_path_buf(), error })?;
    // What the commands do next (an export above all) then fits in the memory the load used.
    crate::memory::give_back();
    match report.timeline.take() {
        Some(timeline) => Ok(timeline),
        None => Err(CommandError::Invalid(Box::new(Invalid { name: path.display().to_string(), text, report }))),
    }
}

/// Opens the browser; it needs a terminal to draw on. The file loads on another thread, so
/// that a large one shows its progress and can be quit.
fn browse(path: &Path) -> Result<Status, CommandError> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        let problem = Diagnostic::error("standard output is not a terminal, so the browser cannot start")
            .help("`timeline list` prints the events as text");
        return Err(CommandError::usage(problem));
    }
    let found = settings::path().map_or(Ok(Default::default()), |p| settings::load(&p));
    let settings = found.map_err(CommandError::Settings)?;
    let progress = std::sync::Arc::new(load::Progress::default());
    progress.want_preview();
    let loading = {
        let (path, progress) = (path.to_path_buf(), std::sync::Arc::clone(&progress));
        std::thread::spawn(move || {
            // Taken before reading, so that a change made while a large file loads is seen.
            let stamp = load::regular::stamp(&path);
            // The browser prints what stopped the load as it is given it, after leaving the screen.
            let timeline = open_with(&path, &progress).map_err(|e| (format!("{e}\n"), e.exit_code()))?;
            Ok(crate::tui::state::Data { stamp, ..crate::tui::state::Data::new(timeline, &path) })
        })
    };
    match crate::tui::run(loading, &progress, path, settings)? {
        Exit::Quit => Ok(Status::Success),
        Exit::Signal(s) => Ok(Status::Signal(s)),
        Exit::Failed(message, code) => Err(CommandError::Browser { message, code }),
    }
}

/// The filter the flags give: each repeated flag any of its values, like a picker's choice.
fn filter(timeline: &Timeline, index: &SearchIndex, args: &FilterArgs) -> Result<Filter, QueryError> {
    let mut filter = Filter::default();
    let actors: Vec<Vec<_>> = args.actor.iter().map(|a| query::find_actors(timeline, a)).collect::<Result<_, _>>()?;
    filter.choose_actors(Selection::any_of(actors.concat()));
    let claimants: Vec<Vec<_>> = args.by.iter().map(|a| query::find_actors(timeline, a)).collect::<Result<_, _>>()?;
    filter.choose_claimants(Selection::any_of(claimants.concat()));
    let tags = args.tag.iter().map(|t| query::find_tag(timeline, t)).collect::<Result<_, _>>()?;
    filter.choose_tags(Selection::any_of(tags));
    let sources = args.source.iter().map(|s| query::find_source(timeline, s)).collect::<Result<_, _>>()?;
    filter.choose_sources(Selection::any_of(sources));
    if let Some(text) = &args.query {
        filter.query = Query::parse(text, timeline, index);
        if let Some(problem) = filter.query.problems.first() {
            return Err(QueryError {
                message: format!("cannot use `{}` in the query: {}", &text[problem.span.clone()], problem.reason),
                help: Some("see `timeline list --help` for the query language".into()),
            });
        }
    }
    for (date, end) in [(&args.from, End::First), (&args.to, End::Last)] {
        if let Some(date) = date {
            filter.bound(end, query::date_bound(timeline, date, end)?);
        }
    }
    if let Some(date) = &args.as_of {
        filter.as_of(timeline, date, args.as_of_strict)?;
    }
    Ok(filter)
}

/// `  12  inews-mustaffa  Moscow attack investigators … — i (iNews), 2024-03-28  http://…`
fn sources(args: &SourcesArgs) -> Result<Status, CommandError> {
    let timeline = open(&default_file(args.file.as_ref()))?;
    let counts = crate::sources::citation_counts(&timeline);
    let id_width = timeline.sources.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (s, count) in timeline.sources.iter().zip(counts) {
        let mut line = format!("{count:>4}  {:id_width$}  {}", s.id, clean_line(&s.title));
        let about: Vec<&str> =
            [s.publisher.as_deref(), s.published.as_ref().map(|w| w.text.as_str())].into_iter().flatten().collect();
        if !about.is_empty() {
            line.push_str(&format!(" — {}", clean_line(&about.join(", "))));
        }
        if let Some(url) = &s.url {
            line.push_str(&format!("  {}", clean_line(url)));
        }
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(Status::Success)
}

/// The events a command's filter flags select.
fn selected(args: &FilterArgs) -> Result<(Timeline, Filter, Vec<usize>), CommandError> {
    let timeline = open(&default_file(args.file.as_ref()))?;
    let index = SearchIndex::new(&timeline);
    let filter = filter(&timeline, &index, args)?;
    let shown = filter.prepare(&timeline, &index).apply();
    Ok((timeline, filter, shown))
}

fn export(args: &ExportArgs) -> Result<Status, CommandError> {
    let (timeline, filter, events) = selected(&args.filter)?;
    let file = default_file(args.filter.file.as_ref());
    let mut options = export::Options::new(&export::file_name(&file), filter.describe(&timeline));
    options.summaries = !args.no_summaries;
    options.sources = !args.no_sources;
    options.group_by = args.group_by;
    options.eras = args.eras.clone();
    options.durations = args.durations.clone();
    options.window = filter.window();
    options.notes = args.notes;
    options.html_anchors = args.html_anchors;
    options.citation_style =
        export::CitationStyle::named(&args.citation_style).map_err(|e| CommandError::usage(Diagnostic::error(e)))?;
    let format = args.format;
    // Pandoc's bibliography goes beside the document, and its front matter names it; on standard
    // output the front matter holds the references themselves.
    let bibliography = match (&args.output, format) {
        (Some(path), export::Format::Pandoc) => Some(export::pandoc::bibliography_path(path)),
        _ => None,
    };
    options.bibliography = bibliography.as_ref().map(|p| export::file_name(p));
    let render = |out: &mut dyn Write| export::render_to(out, &timeline, &events, format, &options);
    let Some(path) = &args.output else {
        let mut out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
        render(&mut out)?;
        out.flush()?;
        return Ok(Status::Success);
    };
    export::write::abandon_on_signals()?;
    if let Some(bib) = &bibliography {
        let text = export::pandoc::bibliography(&timeline, &events);
        export::write::write_atomic(bib, text.as_bytes(), args.force).map_err(|error| CommandError::NotWritten {
            path: bib.clone(),
            error,
            what: "written",
        })?;
    }
    let written = export::write::write_atomic_with(path, args.force, render);
    exit_without_freeing(timeline);
    written.map_err(|error| CommandError::NotWritten { path: path.clone(), error, what: "written" })?;
    sayln!("Exported {} to {}", export::markdown::events_count(events.len()), clean_path(path));
    Ok(Status::Success)
}

fn list(args: &ListArgs) -> Result<Status, CommandError> {
    let (timeline, filter, shown) = selected(&args.filter)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let events = || shown.iter().map(|&ix| &timeline.events[ix]);
    // With an as-of date, each event says whether it was known then.
    let knowledge = filter.chosen_as_of().map(|(as_of, _)| (Knowledge::new(&timeline), as_of.instant));
    let known = |ix: usize| knowledge.as_ref().map(|(k, instant)| k.known_at(&timeline, ix, *instant));
    if args.json {
        for &ix in &shown {
            let line = export::json::event_line(&timeline, &timeline.events[ix]);
            match known(ix) {
                Some(known) => writeln!(out, "{}", with_known(&line, known))?,
                None => writeln!(out, "{line}")?,
            }
        }
    } else {
        let cols = export::listing::Columns::fit(events());
        for &ix in &shown {
            let line = export::listing::event_line(&timeline, &timeline.events[ix], &cols);
            match known(ix) {
                Some(known @ (Known::Possibly | Known::Unknown)) => writeln!(out, "{line}  [{}]", known.words())?,
                _ => writeln!(out, "{line}")?,
            }
        }
    }
    out.flush()?;
    exit_without_freeing(timeline);
    Ok(Status::Success)
}

/// An event's JSON line with `"known_as_of"` added last: `"known"`, `"possibly"` or
/// `"unknown"` (an event not yet known is not listed).
fn with_known(line: &str, known: Known) -> String {
    let word = match known {
        Known::Known => "known",
        Known::Possibly => "possibly",
        Known::NotYet => "not yet",
        Known::Unknown => "unknown",
    };
    match line.strip_suffix('}') {
        Some(open) if open.len() > 1 => format!("{open},\"known_as_of\":\"{word}\"}}"),
        Some(open) => format!("{open}\"known_as_of\":\"{word}\"}}"),
        None => line.to_string(),
    }
}

/// The completion script for `shell`, generated from these definitions so it never goes stale.
fn completions(shell: clap_complete::Shell) -> Result<Status, CommandError> {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "timeline", &mut io::stdout().lock());
    Ok(Status::Success)
}

/// A manual page generated from these definitions: timeline(1), or timeline-COMMAND(1).
fn man(command: Option<&str>) -> Result<Status, CommandError> {
    use clap::CommandFactory;
    let top = Cli::command();
    let page = match command {
        None => top,
        Some(name) => match top.find_subcommand(name) {
            Some(sub) => {
                // The page's name is `timeline-list`; it lives as long as this one-shot command.
                let title: &'static str = format!("timeline-{name}").leak();
                sub.clone().name(title).display_name(title).version(env!("CARGO_PKG_VERSION"))
            }
            None => {
                // Said from the command line's own list, so that a command added is named here.
                let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
                return Err(CommandError::usage(Diagnostic::error(format!(
                    "there is no command `{name}`; the commands are {}",
                    names.join(", ")
                ))));
            }
        },
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush()?;
    Ok(Status::Success)
}

/// `timeline import`: reads, converts, checks the result, and writes it atomically.
fn import(args: &ImportArgs) -> Result<Status, CommandError> {
    use crate::import::{self, Input, Mapping};
    if let Some(bibliography) = &args.sources {
        return curate::import_sources(bibliography, args.input.as_deref());
    }
    // Both are required unless --sources is given, which clap checks.
    let (Some(from), Some(output)) = (&args.input, &args.output) else {
        return Err(CommandError::usage(Diagnostic::error("give the file to import and -o OUTPUT.ron")));
    };
    let name = clean_path(from);
    if output.is_dir() {
        return Err(CommandError::NotWritten {
            path: output.clone(),
            error: WriteError::Folder(output.clone()),
            what: "imported",
        });
    }
    if output.exists() && !args.force {
        return Err(CommandError::NotWritten { path: output.clone(), error: WriteError::Exists, what: "imported" });
    }
    let bytes =
        load::regular::read(from, u64::MAX).map_err(|error| CommandError::Unreadable { path: from.clone(), error })?;
    let text = String::from_utf8(bytes).map_err(|_| CommandError::NotText { path: from.clone() })?;
    let input = match args.format {
        Some(ImportFormat::Timelinejs) => Input::TimelineJsJson,
        Some(ImportFormat::TimelinejsCsv) => Input::TimelineJsCsv,
        Some(ImportFormat::Csv) => Input::Csv,
        Some(ImportFormat::Json) => Input::OwnJson,
        Some(ImportFormat::TimelineCsv) => Input::OwnCsv,
        // A preset or a mapping says the table is the user's, whatever its header.
        None if args.preset.is_some() || args.date.is_some() => Input::Csv,
        None => import::detect(&name, &text),
    };
    let timezone = match &args.timezone {
        None => None,
        Some(zone) => match crate::model::when::parse_offset(zone.trim()) {
            Some(offset) if offset.local_minus_utc() == 0 => None,
            Some(offset) => Some(offset.to_string()),
            None => {
                return Err(CommandError::usage(
                    Diagnostic::error(format!("--timezone `{zone}` is not an offset"))
                        .help("give the offset from UTC, such as +03:00, -05:30 or Z (names such as Europe/Kyiv are not known)"),
                ));
            }
        },
    };
    let mapping = Mapping {
        preset: args.preset.map(|ImportPreset::Acled| import::Preset::Acled),
        date: args.date.clone(),
        date_format: args.date_format.clone(),
        title: args.title.clone(),
        summary: args.summary.clone(),
        actors: args.actors.clone(),
        source_url: args.source_url.clone(),
        source_name: args.source_name.clone(),
        tags: args.tags.clone(),
        id: args.id.clone(),
        place: args.place.clone(),
        status: args.status.clone(),
        claimed_by: args.claimed_by.clone(),
        delimiter: args.delimiter,
    };
    let mut imported = import::read(&text, input, &mapping)
        .map_err(|problem| CommandError::Import { path: from.clone(), problem: Box::new(problem) })?;
    if timezone.is_some() {
        imported.timezone = timezone;
    }
    let row = if input == Input::TimelineJsJson { "event" } else { "row" };
    for (number, why) in &imported.warnings {
        sayln!("{name}: {row} {number}: warning: left out: {}", clean_line(&why.message));
        if let Some(help) = &why.help {
            sayln!("  = help: {}", clean_line(help));
        }
    }
    if imported.is_empty() {
        let why =
            if imported.warnings.is_empty() { "it holds no events" } else { "every one was left out (see above)" };
        return Err(CommandError::Import {
            path: from.clone(),
            problem: Box::new(Diagnostic::error(format!("nothing to import: {why}; nothing was written"))),
        });
    }
    let stem = output.file_stem().map_or("Imported timeline".into(), |s| s.to_string_lossy().into_owned());
    let ron = import::write(&imported, &stem);
    // What is written must load: a problem here is a bug in the import, never the user's.
    let folder = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let report = load::load_str(&ron, Some(folder));
    if report.errors() > 0 {
        return Err(CommandError::ImportBroken { ron, report: Box::new(report) });
    }
    export::write::abandon_on_signals()?;
    export::write::write_atomic(output, ron.as_bytes(), args.force).map_err(|error| CommandError::NotWritten {
        path: output.clone(),
        error,
        what: "written",
    })?;
    let (events, actors, sources) = report.counts.unwrap_or_default();
    let left_out = imported.warnings.len();
    sayln!(
        "Imported {} ({}, {}) to {}{}",
        plural(events, "event"),
        plural(actors, "actor"),
        plural(sources, "source"),
        clean_path(output),
        if left_out > 0 { format!("; {} left out (see above)", plural(left_out, row)) } else { String::new() }
    );
    if report.warnings() > 0 {
        sayln!("`timeline check {}` lists {}.", clean_path(output), plural(report.warnings(), "warning"));
    }
    Ok(Status::Success)
}

/// `timeline config`: the default settings, or a check of a settings file.
fn config(args: &ConfigArgs) -> Result<Status, CommandError> {
    if args.default {
        io::stdout().lock().write_all(settings::default_text().as_bytes())?;
        return Ok(Status::Success);
    }
    let no_folder = || Diagnostic::error("there is no settings folder on this system; name a file: --check FILE");
    let path = args.check.clone().flatten().or_else(settings::path).ok_or_else(|| CommandError::usage(no_folder()))?;
    if args.check.as_ref().is_some_and(Option::is_some) && !path.exists() {
        return Err(CommandError::Unreadable { path, error: io::ErrorKind::NotFound.into() });
    }
    let mut out = io::stdout().lock();
    match settings::load(&path) {
        Ok(_) if !path.exists() => writeln!(out, "{}: no settings file; the defaults are in use", clean_path(&path))?,
        Ok(_) => writeln!(out, "{}: the settings are valid", clean_path(&path))?,
        Err(problems) => {
            // Like `check`: a reader that stops early does not turn the verdict into a pass.
            let _ = write!(out, "{}", clean_lines(&problems));
            return Ok(Status::Failed);
        }
    }
    Ok(Status::Success)
}
