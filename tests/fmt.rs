//! `timeline fmt`: one canonical layout, comments kept, idempotent; `--check` for CI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn timeline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).current_dir(dir).output().expect("run timeline")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch() -> tempfile::TempDir {
    tempfile::TempDir::with_prefix("timeline-fmt-").unwrap()
}

const MESSY: &str = "// The header.\nTimeline(title: \"T\", events: [ /* the first */ (when: \"2024\", id: \"e\",\n  title: \"Say \\\"hi\\\"\", sources: [Cite(source: \"s\")]), ], sources: [Source(id: \"s\", title: \"S\")], // sources\n)\n";

#[test]
fn check_lists_the_files_that_would_change_and_fails_and_fmt_then_makes_them_pass() {
    let tmp = scratch();
    let dir = tmp.path();
    fs::write(dir.join("messy.ron"), MESSY).unwrap();
    fs::copy(root().join("timeline.ron"), dir.join("bundled.ron")).unwrap();
    let out = timeline(dir, &["fmt", "--check", "bundled.ron", "messy.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "messy.ron\n", "the bundled timeline is kept formatted");
    assert_eq!(fs::read_to_string(dir.join("messy.ron")).unwrap(), MESSY, "--check changes nothing");
    let out = timeline(dir, &["fmt", "messy.ron"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let formatted = fs::read_to_string(dir.join("messy.ron")).unwrap();
    assert_eq!(
        formatted,
        r##"// The header.
Timeline(
    title: "T",
    sources: [
        Source(
            id: "s",
            title: "S",
        ),
    ], // sources
    events: [
        /* the first */
        Event(
            id: "e",
            when: "2024",
            title: r#"Say "hi""#,
            sources: [
                Cite(source: "s"),
            ],
        ),
    ],
)
"##
    );
    let out = timeline(dir, &["fmt", "--check", "messy.ron"]);
    assert_eq!(out.status.code(), Some(0), "idempotent");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_that_cannot_be_read_as_ron_is_said_with_its_place_and_left_alone() {
    let tmp = scratch();
    let dir = tmp.path();
    let broken = "Timeline(\n    title: \"T\"\n    events: [],\n)\n";
    fs::write(dir.join("broken.ron"), broken).unwrap();
    let out = timeline(dir, &["fmt", "broken.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("broken.ron:3:5: error:"), "{err}");
    assert!(err.contains("was left as it is"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("broken.ron")).unwrap(), broken);
    // A comma missing between an event's fields, on one line: the layout could be redone, but
    // the file would still not read, with the mistake moved.
    let inline = "Timeline(title: \"x\", events: [Event(id: \"a\", when: \"2024-01-01\" title: \"A\")])";
    fs::write(dir.join("inline.ron"), inline).unwrap();
    let out = timeline(dir, &["fmt", "inline.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("inline.ron:1:65: error:"));
    assert_eq!(fs::read_to_string(dir.join("inline.ron")).unwrap(), inline);
    let out = timeline(dir, &["fmt", "--check", "missing.ron"]);
    assert_eq!(out.status.code(), Some(2));
}
