//! Our own exports read back: RON → `export --format json` → `import` → RON, and the same through
//! CSV, give the same timeline, compared through the model (both files loaded), not as text.

use std::path::{Path, PathBuf};
use std::process::Command;
use timeline::load::load_str;
use timeline::model::{Event, Timeline};

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).output().expect("run timeline")
}

fn load(path: &Path) -> Timeline {
    let text = std::fs::read_to_string(path).unwrap();
    let report = load_str(&text, path.parent());
    assert_eq!(report.errors(), 0, "{}: {:?}", path.display(), report.diagnostics);
    report.timeline.unwrap()
}

/// The file exported in `format` and imported again, loaded; and the export's text.
fn round_trip(file: &Path, format: &str) -> (Timeline, String) {
    let dir = tempfile::TempDir::with_prefix("timeline-round-trip-").unwrap();
    let exported = dir.path().join(format!("export.{format}"));
    let out = run(&["export", "--format", format, file.to_str().unwrap(), "-o", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let ron = dir.path().join("again.ron");
    let out = run(&["import", exported.to_str().unwrap(), "-o", ron.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    (load(&ron), std::fs::read_to_string(&exported).unwrap())
}

fn files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("timeline.ron"),
        root.join("tests/fixtures/valid/every-form.ron"),
        // Negative years, which the CSV guards as it guards formulas (`'-0489-09`).
        root.join("tests/fixtures/valid/before-common-era.ron"),
    ]
}

/// An event with every reference by id, and its links with their notes.
fn event_fields(t: &Timeline, e: &Event) -> String {
    let actors = |ixs: &[usize]| ixs.iter().map(|&a| t.actors[a].id.clone()).collect::<Vec<_>>();
    let cites: Vec<String> = e
        .sources
        .iter()
        .map(|c| {
            format!(
                "{} at={:?} quote={:?} reported={:?} credibility={:?}",
                t.sources[c.source].id,
                c.at.as_deref(),
                c.quote.as_deref(),
                c.reported.as_ref().map(|w| w.text.to_string()),
                c.credibility
            )
        })
        .collect();
    let ix = t.events.iter().position(|x| x.id == e.id).unwrap();
    let links: Vec<String> = t
        .links_from(ix)
        .iter()
        .map(|l| format!("{} {} {:?}", l.kind.name(), t.events[l.to].id, l.note.as_deref()))
        .collect();
    format!(
        "when={} title={} summary={:?} actors={:?} place={:?} tags={:?} status={} claimed_by={:?} cites={cites:?} links={links:?}",
        e.when.text,
        e.title,
        e.summary.as_deref(),
        actors(&e.actors),
        e.place.as_deref(),
        e.tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        e.status.name(),
        actors(&e.claimed_by),
    )
}

fn same_events(before: &Timeline, after: &Timeline, how: &str) {
    assert_eq!(after.events.len(), before.events.len(), "{how}");
    for e in &before.events {
        let again = after.events.iter().find(|x| x.id == e.id).unwrap_or_else(|| panic!("{how}: no event {}", e.id));
        assert_eq!(event_fields(after, again), event_fields(before, e), "{how}: event {}", e.id);
        // The same instants: the time zone came through.
        assert_eq!(again.when.start(after.timezone), e.when.start(before.timezone), "{how}: {}", e.id);
    }
    // In the same order, as the same dates sort the same way.
    let ids = |t: &Timeline| t.events.iter().map(|e| e.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(after), ids(before), "{how}");
}

/// Every actor and source that an event refers to (directly or through `derived_from`), every field.
fn same_actors_and_sources(before: &Timeline, after: &Timeline, how: &str, actor_records: bool) {
    for a in &before.actors {
        let Some(again) = after.actors.iter().find(|x| x.id == a.id) else {
            assert!(
                !before.events.iter().any(|e| e.named_actors().any(|x| before.actors[x].id == a.id)),
                "{how}: actor {} is lost",
                a.id
            );
            continue;
        };
        if actor_records {
            let fields = |a: &timeline::model::Actor| {
                format!("{} {:?} {} {:?} {:?}", a.name, a.short, a.kind.name(), a.aliases, a.note)
            };
            assert_eq!(fields(again), fields(a), "{how}: actor {}", a.id);
        }
    }
    for s in &before.sources {
        let again =
            after.sources.iter().find(|x| x.id == s.id).unwrap_or_else(|| panic!("{how}: source {} is lost", s.id));
        let fields = |t: &Timeline, s: &timeline::model::Source| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                s.title,
                s.authors,
                s.publisher,
                s.published.as_ref().map(|w| w.text.to_string()),
                s.url,
                s.archive,
                s.note,
                s.derived_from.iter().map(|&d| t.sources[d].id.clone()).collect::<Vec<_>>(),
                s.reliability.map(|r| r.name()),
            )
        };
        assert_eq!(fields(after, again), fields(before, s), "{how}: source {}", s.id);
    }
    assert_eq!(after.sources.len(), before.sources.len(), "{how}");
}

#[test]
fn json_export_imports_back_to_the_same_timeline() {
    for file in files() {
        let before = load(&file);
        let (after, json) = round_trip(&file, "json");
        let how = format!("{} through JSON", file.display());
        same_events(&before, &after, &how);
        // Exports made before the JSON carried an actors table name actors by id alone; with the
        // table (issue 20), every field of every actor comes through.
        let table = serde_json::from_str::<serde_json::Value>(&json).unwrap().get("actors").is_some();
        same_actors_and_sources(&before, &after, &how, table);
        assert_eq!(after.title, before.title, "{how}");
        assert_eq!(after.timezone, before.timezone, "{how}");
        assert_eq!(after.description, before.description, "{how}");
        let anchor = |t: &Timeline| t.anchor.map(|a| t.events[a].id.to_string());
        assert_eq!(anchor(&after), anchor(&before), "{how}");
    }
}

#[test]
fn csv_export_imports_back_to_the_same_timeline() {
    for file in files() {
        let before = load(&file);
        let (after, _) = round_trip(&file, "csv");
        let how = format!("{} through CSV", file.display());
        same_events(&before, &after, &how);
        same_actors_and_sources(&before, &after, &how, true);
        assert_eq!(after.timezone, before.timezone, "{how}: read from the starts");
    }
}

#[test]
fn a_csv_export_undoes_its_formula_guard_and_keeps_escaped_lists_and_line_breaks() {
    let dir = tempfile::TempDir::with_prefix("timeline-round-trip-").unwrap();
    let file = dir.path().join("hostile.ron");
    std::fs::write(
        &file,
        r#"Timeline(title: "Guards", sources: [Source(id: "s", title: "=HYPERLINK(1)")], events: [
            Event(id: "a", when: "2024-03-22", title: "=1+1", summary: "-one\ntwo; three", tags: ["a;b", "@c", "'=d"], place: "+44", sources: [Cite(source: "s", quote: "=SUM(A1)")]),
            Event(id: "b", when: "2024", title: "-12.5", summary: "'90s", sources: [Cite(source: "s")]),
        ])"#,
    )
    .unwrap();
    let before = load(&file);
    let (after, csv) = round_trip(&file, "csv");
    assert!(csv.contains("'=1+1"), "the export still guards: {csv}");
    same_events(&before, &after, "guarded cells");
    same_actors_and_sources(&before, &after, "guarded cells", true);
}

#[test]
fn a_csv_export_guards_years_before_the_common_era_and_imports_them_back_as_written() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/before-common-era.ron");
    let before = load(&file);
    let (after, csv) = round_trip(&file, "csv");
    // A negative year that is not a whole number would run as a formula; one that is stays bare.
    for guarded in ["marathon,'-0489-09,'-0489-09-01T00:00:00+02:00", "caesar,'-0043-03-15,", "'+13727-01-01T"] {
        assert!(csv.contains(guarded), "{guarded} in {csv}");
    }
    let whens = |t: &Timeline| t.events.iter().map(|e| e.when.text.to_string()).collect::<Vec<_>>();
    assert_eq!(whens(&after), ["Y-12000~/-9999", "-0489-09", "-0043-03-15", "-0026/0014-08-19", "0000", "Y13727?"]);
    assert_eq!(whens(&after), whens(&before));
    let (again, _) = round_trip(&file, "json");
    assert_eq!(whens(&again), whens(&before), "through JSON");
}

/// A source's captured copy (`timeline capture`'s five fields) comes back through the JSON export.
#[test]
fn a_captured_copy_comes_back_through_json() {
    let dir = tempfile::TempDir::with_prefix("timeline-round-trip-").unwrap();
    let folder = dir.path();
    std::fs::create_dir(folder.join("sources")).unwrap();
    std::fs::write(folder.join("sources/s.txt"), "Title\nThe text.\n").unwrap();
    std::fs::write(folder.join("sources/s.html"), "<p>The text.</p>").unwrap();
    let sha = "0f".repeat(32);
    let ron = format!(
        r#"Timeline(
    title: "T",
    sources: [
        Source(id: "s", title: "S", url: "https://example.org/s", archive: "sources/s.txt",
            original: "sources/s.html", sha256: "{sha}", captured: "2026-11-29T14:00:00Z",
            captured_from: "https://example.org/s"),
    ],
    events: [
        Event(id: "e", when: "2024-03-22", title: "E", sources: [Cite(source: "s", at: "¶2")]),
    ],
)
"#
    );
    std::fs::write(folder.join("t.ron"), ron).unwrap();
    let before = load(&folder.join("t.ron"));
    let json = folder.join("t.json");
    let out =
        run(&["export", "--format", "json", folder.join("t.ron").to_str().unwrap(), "-o", json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let again = folder.join("again.ron");
    let out = run(&["import", json.to_str().unwrap(), "-o", again.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let after = load(&again);
    let capture = |t: &Timeline| {
        let s = &t.sources[0];
        (s.archive.clone(), s.original.clone(), s.sha256.clone(), s.captured.clone(), s.captured_from.clone())
    };
    assert_eq!(capture(&after), capture(&before));
    assert_eq!(capture(&after).2.as_deref(), Some(sha.as_str()));
}
