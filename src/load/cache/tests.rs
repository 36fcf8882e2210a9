//! A damaged or forged entry is never shown: the file is parsed instead, and the entry replaced.
//! These call the cache directly, since files small enough for thousands of tries are never
//! cached by `load_file`.

use super::*;
use crate::export::{self, Format, Options};
use crate::load::{Diagnostic, Progress, SourceFile, load_cached, load_str_with};
use crate::model::Text;
use crate::model::when::{Point, Span};

/// A fixture, with what it lacks here: text with escapes (kept as a copy, not a span), a
/// character of two bytes in an event's text, and a warning.
fn sample() -> Arc<String> {
    let text = include_str!("../../../tests/fixtures/valid/every-form.ron")
        .replace("summary: \"Every field is set on this one.\"", "summary: \"Every field is set on \\\"this\\\" one.\"")
        .replace("title: \"A second\", actors: [\"fsb\"], sources: [Cite(source: \"report\")]", "title: \"A second\"");
    Arc::new(text)
}

fn parse(text: &Arc<String>) -> Report {
    load_str_with(text, None, &Progress::default(), true)
}

/// Equal for equal reports, whether their text is spans or copies.
fn shown(report: &Report) -> String {
    format!("{report:?}")
}

struct Cache {
    _folder: tempfile::TempDir,
    entry: PathBuf,
    text: Arc<String>,
    key: [u8; 32],
    fresh: Report,
}

impl Cache {
    fn new() -> Cache {
        let folder = tempfile::tempdir().unwrap();
        let entry = folder.path().join("entry.bin");
        let text = sample();
        let fresh = parse(&text);
        assert_eq!((fresh.errors(), fresh.warnings()), (0, 1), "{:?}", fresh.diagnostics);
        Cache { key: key(text.as_bytes(), |_| {}), _folder: folder, entry, text, fresh }
    }

    fn read(&self) -> Option<Report> {
        read(&self.entry, &self.key, &self.text, |_| {})
    }

    /// Reads `bytes` as the entry, from memory: thousands of tries take a while on disk.
    fn read_bytes(&self, bytes: &[u8]) -> Option<Report> {
        read_from(std::io::Cursor::new(bytes), &self.key, &self.text, |_| {})
    }

    /// The bytes of a good entry.
    fn good(&self) -> Vec<u8> {
        write(&self.entry, self.key, &self.text, &self.fresh);
        std::fs::read(&self.entry).unwrap()
    }

    /// Writes the fresh report, changed by `change`, as an entry whose body matches its hash.
    fn forge(&self, change: &dyn Fn(&mut Report, &mut Timeline)) {
        let mut timeline = self.fresh.timeline.clone().unwrap();
        let mut report =
            Report { timeline: None, diagnostics: self.fresh.diagnostics.clone(), counts: self.fresh.counts };
        change(&mut report, &mut timeline);
        let body = BodyRef { timeline: &timeline, diagnostics: &report.diagnostics, counts: report.counts };
        store(&self.entry, self.key, &body);
    }

    /// Loads the file through the cache, and whether the report came from the entry.
    fn load(&self) -> (Report, bool) {
        let progress = Progress::default();
        // As `load_file_as` does: the key is taken as the file is read if there is an entry.
        let key = self.entry.exists().then_some(self.key);
        let report = load_cached(&self.text, None, &progress, true, &self.entry, key);
        (report, progress.stage().0 == "reading the cache of")
    }
}

/// Gives the body of `entry` the hash it would be written with.
fn rehash(entry: &mut [u8]) {
    let sum = blake3::hash(&entry[HEADER as usize..]);
    entry[32..HEADER as usize].copy_from_slice(sum.as_bytes());
}

/// Everything that shows a timeline reads all of it: every export of every event, and every
/// diagnostic against the text.
fn show_all(report: &Report, text: &str) {
    let timeline = report.timeline.as_ref().unwrap();
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    for format in Format::ALL {
        export::render(timeline, &all, format, &Options::new("sample.ron", Vec::new()));
    }
    for d in &report.diagnostics {
        SourceFile::new("sample.ron", text).render(d);
    }
}

#[test]
fn an_entry_reads_back_as_the_file_parses() {
    let cache = Cache::new();
    let (first, cached) = cache.load();
    assert!(!cached);
    let (second, cached) = cache.load();
    assert!(cached);
    assert_eq!(shown(&second), shown(&first));
    assert_eq!(shown(&second), shown(&cache.fresh));
    let events = &second.timeline.as_ref().unwrap().events;
    assert!(events.iter().any(|e| e.summary.as_ref().is_some_and(|s| !s.is_shared())), "a copy");
    assert!(events.iter().any(|e| e.sources.iter().any(|c| c.at.as_ref().is_some_and(|at| at == "¶4"))));
}

#[test]
fn the_fields_of_issue_19_read_back_from_an_entry() {
    let cache = Cache::new();
    cache.load();
    let (report, cached) = cache.load();
    assert!(cached);
    let t = report.timeline.unwrap();
    let report_source = t.sources.iter().find(|s| s.id == "report").unwrap();
    assert_eq!(report_source.derived_from.iter().map(|&d| t.sources[d].id.as_str()).collect::<Vec<_>>(), ["wire"]);
    assert_eq!(report_source.reliability, Some(crate::model::Reliability::B));
    let cited = t.events.iter().flat_map(|e| e.sources.iter());
    let graded: Vec<_> = cited.filter_map(|c| Some((c.reported.as_ref()?.text.as_str(), c.credibility?))).collect();
    assert_eq!(graded, [("2024-03-23T09:00", 2)]);
    let links: Vec<_> = t
        .links
        .iter()
        .map(|l| (t.events[l.from].id.as_str(), l.kind.name(), t.events[l.to].id.as_str(), l.note.as_deref()))
        .collect();
    assert_eq!(links.len(), 5);
    assert!(links.contains(&("day-again", "Contradicts", "day", Some("They disagree on who was there."))));
    assert!(links.contains(&("open-start", "SameAs", "open-end", Some("A merge left two entries."))));
}

#[test]
fn a_report_whose_text_is_of_another_copy_of_the_file_is_not_kept() {
    // Its spans would be read back as places in this text, which need not hold the same words.
    let cache = Cache::new();
    write(&cache.entry, cache.key, &Arc::new(cache.text.to_string()), &cache.fresh);
    assert!(!cache.entry.exists());
    write(&cache.entry, cache.key, &cache.text, &cache.fresh);
    assert!(cache.read().is_some_and(|r| r.timeline.unwrap().events.iter().any(|e| e.id.is_shared())));
}

#[test]
fn every_timeline_in_the_repository_is_read_back_from_its_entry() {
    // A check stricter than the loader would refuse good entries, and nothing else would say so.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("timeline.ron")];
    let mut folders = vec![root.join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    let folder = tempfile::tempdir().unwrap();
    let entry = folder.path().join("entry.bin");
    let mut kept = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let text = Arc::new(text);
        let report = parse(&text);
        let key = key(text.as_bytes(), |_| {});
        let _ = std::fs::remove_file(&entry);
        write(&entry, key, &text, &report);
        if entry.exists() {
            let back = read(&entry, &key, &text, |_| {});
            assert_eq!(back.map(|r| shown(&r)), Some(shown(&report)), "{}", file.display());
            kept += 1;
        }
    }
    assert!(kept >= 10, "{kept} kept");
}

#[test]
fn every_damaged_byte_falls_back_to_parsing() {
    let cache = Cache::new();
    let good = cache.good();
    let fresh = shown(&cache.fresh);
    assert_eq!(cache.read_bytes(&good).map(|r| shown(&r)).as_ref(), Some(&fresh));
    for at in 0..good.len() {
        for flip in [0xff, 1 << (at % 8)] {
            let mut bytes = good.clone();
            bytes[at] ^= flip;
            if let Some(report) = cache.read_bytes(&bytes) {
                assert_eq!(shown(&report), fresh, "byte {at} of {} flipped by {flip:#04x}", good.len());
            }
        }
    }
}

#[test]
fn a_forged_byte_never_panics_and_never_breaks_what_shows_the_timeline() {
    let cache = Cache::new();
    let good = cache.good();
    let mut refused = 0;
    for at in HEADER as usize..good.len() {
        for flip in [0xff, 1 << (at % 8)] {
            let mut bytes = good.clone();
            bytes[at] ^= flip;
            rehash(&mut bytes);
            match cache.read_bytes(&bytes) {
                Some(report) => show_all(&report, &cache.text),
                None => refused += 1,
            }
        }
    }
    // Most bytes are structure: an index, a length, a span, a date, a count.
    let tries = 2 * (good.len() - HEADER as usize);
    assert!(refused * 2 > tries, "{refused} of {tries} refused");
}

#[test]
fn forged_entries_that_break_the_rules_are_refused_parsed_and_replaced() {
    let cache = Cache::new();
    let end = cache.text.len();
    let wide = cache.text.find('¶').unwrap() as u32;
    let span = |start, len| Some(Text::span_unchecked(&cache.text, start, len));
    type Change<'a> = Box<dyn Fn(&mut Report, &mut Timeline) + 'a>;
    let cases: Vec<(&str, Change)> = vec![
        ("an actor out of range", Box::new(|_, t| t.events[0].actors = Box::new([t.actors.len()]))),
        ("a claimant out of range", Box::new(|_, t| t.events[0].claimed_by = Box::new([t.actors.len()]))),
        ("a source out of range", Box::new(|_, t| cite(t, |c, sources| c.source = sources))),
        ("an anchor past the events", Box::new(|_, t| t.anchor = Some(t.events.len()))),
        ("a span off a character's edge", Box::new(|_, t| t.events[0].summary = span(wide + 1, 2))),
        ("a span past the end", Box::new(|_, t| t.events[0].summary = span(end as u32 - 2, 4))),
        ("text injected as an id", Box::new(|_, t| t.events[0].id = Text::from("Injected text"))),
        ("an id given twice", Box::new(|_, t| t.events[1].id = t.events[0].id.clone())),
        ("an actor id not in kebab-case", Box::new(|_, t| t.actors[0].id = "FSB".into())),
        ("an actor id given twice", Box::new(|_, t| t.actors[1].id = t.actors[0].id.clone())),
        ("a blank title", Box::new(|_, t| t.title = " ".into())),
        ("an actor without a name", Box::new(|_, t| t.actors[0].name = String::new())),
        ("a source without a title", Box::new(|_, t| t.sources[0].title = String::new())),
        ("an event without a title", Box::new(|_, t| t.events[0].title = Text::default())),
        ("a publication no text gives", Box::new(|_, t| published(t).span = Span::Point(last_day()))),
        ("an archive", Box::new(|_, t| t.sources[0].archive = Some("copy.html".into()))),
        ("a source deriving from itself", Box::new(|_, t| t.sources[0].derived_from = vec![0])),
        ("a source derived from one out of range", Box::new(|_, t| t.sources[0].derived_from = vec![t.sources.len()])),
        ("sources deriving from each other", Box::new(|_, t| t.sources[1].derived_from = vec![0])),
        ("a credibility of 7", Box::new(|_, t| cite(t, |c, _| c.credibility = Some(7)))),
        ("a reported date no text gives", Box::new(|_, t| reported(t).span = Span::Point(last_day()))),
        ("a link to an event out of range", Box::new(|_, t| t.links[0].to = t.events.len())),
        ("a link from an event to itself", Box::new(|_, t| t.links[0].to = t.links[0].from)),
        ("links out of order", Box::new(|_, t| t.links.reverse())),
        ("a link note past the end", Box::new(|_, t| t.links[0].note = span(end as u32 - 2, 4))),
        ("a cycle of Supersedes", Box::new(|_, t| supersede_back(t))),
        ("events out of order", Box::new(|_, t| t.events.swap(0, 1))),
        ("a start its date does not give", Box::new(|_, t| t.events[0].start += 1)),
        ("an end its date does not give", Box::new(|_, t| t.events[0].end -= 1)),
        ("a date no text gives", Box::new(|_, t| forge_date(t, Span::Point(last_day())))),
        ("a date its text does not mean", Box::new(|_, t| forge_date(t, approximate(t.events[0].when.span)))),
        ("a claim without a claimant", Box::new(|_, t| claimed(t).claimed_by = Box::new([]))),
        ("an event too many for the counts", Box::new(|_, t| t.events.push(t.events.last().unwrap().clone()))),
        ("no counts", Box::new(|r, _| r.counts = None)),
        ("an error", Box::new(|r, _| r.diagnostics.insert(0, Diagnostic::error("forged")))),
        ("a warning past the end", Box::new(move |r, _| r.diagnostics[0].span = Some((end, end + 1)))),
        ("warnings out of order", Box::new(|r, _| r.diagnostics.push(Diagnostic::warning("forged").at(Some((0, 1)))))),
    ];
    let fresh = shown(&cache.fresh);
    for (case, change) in cases {
        cache.forge(&*change);
        assert!(cache.read().is_none(), "{case}: refused");
        let (report, cached) = cache.load();
        assert!(!cached, "{case}: parsed");
        assert_eq!(shown(&report), fresh, "{case}: as parsed");
        assert_eq!(cache.read().map(|r| shown(&r)).as_ref(), Some(&fresh), "{case}: replaced by a good entry");
    }
}

#[test]
fn bytes_after_the_body_are_refused() {
    let cache = Cache::new();
    let mut bytes = cache.good();
    bytes.push(0);
    rehash(&mut bytes);
    assert!(cache.read_bytes(&bytes).is_none());
}

/// A day past the end of chrono's calendar.
fn last_day() -> Point {
    Point {
        year: i32::MAX,
        month: Some(12),
        day: Some(31),
        time: None,
        second: None,
        offset: None,
        approximate: false,
        uncertain: false,
    }
}

fn approximate(span: Span) -> Span {
    match span {
        Span::Point(p) => Span::Point(Point { approximate: !p.approximate, ..p }),
        Span::Interval(..) => Span::Point(Point { approximate: true, ..last_day() }),
    }
}

/// Gives the first event `span`, with the instants it means: only its text disagrees.
fn forge_date(t: &mut Timeline, span: Span) {
    let (tz, e) = (t.timezone, &mut t.events[0]);
    e.when.span = span;
    (e.start, e.end) = (e.when.start(tz).unwrap(), e.when.end(tz).unwrap());
}

/// Changes the first event's first citation; `change` also gets the number of sources.
fn cite(t: &mut Timeline, change: impl Fn(&mut crate::model::Citation, usize)) {
    let mut sources = t.events[0].sources.to_vec();
    change(&mut sources[0], t.sources.len());
    t.events[0].sources = sources.into();
}

/// The first citation that has a reported date.
fn reported(t: &mut Timeline) -> &mut crate::model::when::When {
    let e = t.events.iter_mut().find(|e| e.sources.iter().any(|c| c.reported.is_some())).unwrap();
    e.sources.iter_mut().find_map(|c| c.reported.as_mut()).unwrap()
}

/// Adds the link back along the first `Supersedes`: the two then supersede each other.
fn supersede_back(t: &mut Timeline) {
    let l = t.links.iter().find(|l| l.kind == crate::model::LinkKind::Supersedes).unwrap().clone();
    t.links.push(crate::model::Link { from: l.to, to: l.from, ..l });
    t.links.sort_by_key(|l| l.from);
}

fn published(t: &mut Timeline) -> &mut crate::model::when::When {
    t.sources[0].published.as_mut().unwrap()
}

fn claimed(t: &mut Timeline) -> &mut crate::model::Event {
    t.events.iter_mut().find(|e| e.status == crate::model::Status::Claimed).unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_an_entry_is_passed_over_without_waiting_for_a_writer() {
    let cache = Cache::new();
    assert!(std::process::Command::new("mkfifo").arg(&cache.entry).status().unwrap().success());
    let (done, wait) = std::sync::mpsc::channel();
    let entry = cache.entry.clone();
    let (key, text) = (cache.key, Arc::clone(&cache.text));
    std::thread::spawn(move || done.send(read(&entry, &key, &text, |_| {}).is_none()).unwrap());
    let passed_over = wait.recv_timeout(std::time::Duration::from_secs(10)).expect("the read returned");
    assert!(passed_over);
}

#[test]
fn the_key_covers_every_module_of_the_model() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
    for path in std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()) {
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(SCHEMA.contains(&source.as_str()), "{} is not in cache::SCHEMA", path.display());
    }
}

#[test]
fn a_preview_is_kept_beside_its_entry_for_its_key_only_and_whole() {
    let cache = Cache::new();
    let outline = crate::load::outline::Outline::of(&cache.text);
    let preview = crate::load::preview::Preview::new(&cache.text, &outline).expect("a preview");
    write_preview(&cache.entry, cache.key, &preview);
    let back = read_preview(&cache.entry, &cache.key, &cache.text).expect("read back");
    assert_eq!((back.len(), back.anchor()), (preview.len(), preview.anchor()));
    assert!(read_preview(&cache.entry, &[7; 32], &cache.text).is_none(), "another file's key");
    let path = preview_path(&cache.entry);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(read_preview(&cache.entry, &cache.key, &cache.text).is_none(), "a flipped bit");
}

#[test]
fn the_browsers_first_open_keeps_its_preview_and_the_next_reads_it_before_the_entry() {
    let events: String = (0..crate::load::preview::FROM_EVENTS)
        .map(|i| format!("Event(id: \"e{i}\", when: \"2024-01-{:02}\", title: \"E\"),\n", 1 + i % 28))
        .collect();
    let text = Arc::new(format!("Timeline(title: \"T\", events: [\n{events}])\n"));
    let folder = tempfile::tempdir().unwrap();
    let entry = folder.path().join("entry.bin");
    let open = || {
        let progress = Progress::default();
        progress.want_preview();
        let listed = entry.exists().then(|| key(text.as_bytes(), |_| {}));
        let report = load_cached(&text, None, &progress, true, &entry, listed);
        assert!(report.timeline.is_some());
        assert_eq!(progress.stage().0 == "reading the cache of", listed.is_some(), "the entry is read if there is one");
        progress.preview().map(|p| p.len())
    };
    assert_eq!(open(), Some(crate::load::preview::FROM_EVENTS), "made from the outline");
    assert!(preview_path(&entry).exists());
    std::fs::remove_file(&entry).unwrap();
    assert_eq!(open(), Some(crate::load::preview::FROM_EVENTS), "made again with the entry");
    assert_eq!(open(), Some(crate::load::preview::FROM_EVENTS), "read from beside the entry");
}

#[test]
fn the_key_taken_as_the_file_is_read_is_the_key_of_its_bytes() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("big.ron");
    // Past the size the cache takes, and not a whole number of the reader's blocks.
    let bytes: Vec<u8> = (0..FROM_BYTES * 2 + 12_345).map(|i| b"abc\n"[i % 4]).collect();
    std::fs::write(&path, &bytes).unwrap();
    let (read, taken) = crate::load::read::text_of(&path, &Progress::default(), true).unwrap();
    assert_eq!(read.unwrap().as_bytes(), bytes);
    assert_eq!(taken, Some(key(&bytes, |_| {})));
    let (read, none) = crate::load::read::text_of(&path, &Progress::default(), false).unwrap();
    assert_eq!((read.unwrap().as_bytes(), none), (&bytes[..], None), "read in parts, not hashed");
}

#[test]
fn a_temporary_file_left_behind_by_a_stopped_write_is_removed_by_the_next_write() {
    let cache = Cache::new();
    let folder = cache.entry.parent().unwrap();
    let partial = |name: &str, age: u64| {
        let path = folder.join(format!("{PARTIAL}{name}"));
        let file = std::fs::File::create(&path).unwrap();
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age)).unwrap();
        path
    };
    let (old, recent) = (partial("old", 2 * 3600), partial("recent", 60));
    let theirs = folder.join("notes.txt");
    std::fs::write(&theirs, "kept").unwrap();
    cache.good();
    assert!(!old.exists(), "left behind an hour ago and more: removed");
    assert!(recent.exists(), "perhaps another program's write under way: kept");
    assert!(theirs.exists(), "only the cache's temporary files are touched");
    let names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|f| f.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.iter().filter(|n| n.starts_with(PARTIAL)).count(), 1, "the write's own was renamed: {names:?}");
}

#[test]
fn an_entry_older_than_its_file_is_not_looked_up_and_one_newer_is() {
    let folder = tempfile::tempdir().unwrap();
    let (file, entry) = (folder.path().join("t.ron"), folder.path().join("entry.bin"));
    assert!(!may_hold(&entry, &file), "no entry");
    let at = |path: &Path, seconds_ago: u64| {
        let handle = std::fs::File::create(path).unwrap();
        handle.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(seconds_ago)).unwrap();
    };
    at(&file, 60);
    at(&entry, 30);
    assert!(may_hold(&entry, &file), "written after the file last changed");
    at(&file, 10);
    assert!(!may_hold(&entry, &file), "the file was edited since the entry was written");
}
