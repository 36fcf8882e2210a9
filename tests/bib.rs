//! `timeline import --sources`: a reference manager's bibliography into a timeline's sources,
//! the file changed in place and nowhere else.

use std::path::{Path, PathBuf};
use std::process::Output;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_timeline")).current_dir(dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with a copy of the bundled timeline.
fn scratch() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(root().join("timeline.ron")).unwrap();
    std::fs::write(dir.path().join("timeline.ron"), &original).unwrap();
    (dir, original)
}

/// The bundled timeline's text with `blocks` put at the end of its sources, as the writer puts
/// a new source.
fn with_sources_added(original: &str, blocks: &str) -> String {
    let end_of_sources = "    ],\n\n    events: [";
    assert_eq!(original.matches(end_of_sources).count(), 1);
    original.replacen(end_of_sources, &format!("{blocks}{end_of_sources}"), 1)
}

#[test]
fn a_zotero_bibtex_export_adds_sources_under_their_keys_and_changes_nothing_else() {
    let (dir, original) = scratch();
    let bib = root().join("tests/fixtures/bib/zotero.bib");
    let out = run(dir.path(), &["import", "--sources", bib.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("added source sonne-why-2024"), "{stdout}");
    assert!(stdout.contains("2 added, 0 updated, 0 already the same"), "{stdout}");
    // The entry with gpf-colibasanu's address is added under its own key, and said so.
    assert!(text(&out.stderr).contains("has the address of the source gpf-colibasanu"), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(dir.path().join("timeline.ron")).unwrap();
    let expected = with_sources_added(
        &original,
        r#"        Source(
            id: "colibasanu-fallout-2024",
            title: "Fallout From the Attack in Russia",
            authors: ["Colibasanu, Antonia"],
            publisher: "Geopolitical Futures",
            published: "2024-03",
            url: "https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/",
        ),
        Source(
            id: "sonne-why-2024",
            title: "Why Russia's Vast Security Services Fell Short on Deadly Attack",
            authors: ["Sonne, Paul", "Schmitt, Eric", "Schwirtz, Michael"],
            publisher: "The New York Times",
            published: "2024-03",
        ),
"#,
    );
    assert_eq!(after, expected);
    assert_eq!(run(dir.path(), &["check"]).status.code(), Some(0));
    // A second import finds every work the same and writes nothing.
    let again = run(dir.path(), &["import", "--sources", bib.to_str().unwrap()]);
    assert!(text(&again.stdout).contains("0 added, 0 updated, 2 already the same; timeline.ron unchanged"));
    assert_eq!(std::fs::read_to_string(dir.path().join("timeline.ron")).unwrap(), after);
}

#[test]
fn csl_json_updates_a_source_by_its_id_and_keeps_the_fields_it_does_not_give() {
    let (dir, original) = scratch();
    let json = root().join("tests/fixtures/bib/zotero.json");
    let out = run(dir.path(), &["import", "--sources", json.to_str().unwrap(), "timeline.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("updated source gpf-colibasanu: title"), "{stdout}");
    // Zotero keys an item by its address in the library: the id is a citation key instead.
    assert!(stdout.contains("added source sonne-2024-why"), "{stdout}");
    let after = std::fs::read_to_string(dir.path().join("timeline.ron")).unwrap();
    // Only the title, which the library writes in sentence case; its other fields, and the
    // fields the library does not give (the note), stay.
    let old_title = "            title: \"Fallout From the Attack in Russia\",\n";
    assert_eq!(original.matches(old_title).count(), 1);
    let expected = with_sources_added(
        &original.replacen(old_title, "            title: \"Fallout from the attack in Russia\",\n", 1),
        r#"        Source(
            id: "sonne-2024-why",
            title: "Why Russia's Vast Security Services Fell Short on Deadly Attack",
            authors: ["Sonne, Paul", "Schmitt, Eric", "Schwirtz, Michael"],
            publisher: "The New York Times",
            published: "2024-03-28",
        ),
"#,
    );
    assert_eq!(after, expected);
}

#[test]
fn the_pandoc_bibliography_of_a_timeline_imports_back_as_the_same_sources() {
    let (dir, original) = scratch();
    let out = run(dir.path(), &["export", "--format", "pandoc", "-o", "report.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let back = run(dir.path(), &["import", "--sources", "report.bib.json"]);
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
    assert!(text(&back.stdout).contains(" 0 added, 0 updated, "), "{}", text(&back.stdout));
    assert_eq!(std::fs::read_to_string(dir.path().join("timeline.ron")).unwrap(), original);
}

#[test]
fn a_broken_bibliography_says_where_and_writes_nothing() {
    let (dir, original) = scratch();
    std::fs::write(
        dir.path().join("refs.bib"),
        "@article{ok, title = {Fine}}\n\n@book{broken, title = {never closed\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "--sources", "refs.bib"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("refs.bib:3:1: error: this entry is not closed"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("timeline.ron")).unwrap(), original);
    // A file with no entry at all is not an empty bibliography but a mistake.
    std::fs::write(dir.path().join("notes.txt"), "random words\n").unwrap();
    let none = run(dir.path(), &["import", "--sources", "notes.txt"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stderr).contains("notes.txt holds no BibTeX entry or CSL JSON item"), "{}", text(&none.stderr));
    // Without --sources, import still wants its input and output.
    let usage = run(dir.path(), &["import"]);
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage.stderr));
}
