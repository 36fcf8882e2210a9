//! Hostile timelines: text that tries to drive the terminal, controls of every kind, bidi tricks,
//! NUL bytes, and files built to exhaust (a 10 MB summary, 100,000 actors in one event, 10,000
//! levels of nesting, a 5 MB line). `check` gives a clear verdict on each, nothing panics, and no
//! control character from a file reaches standard output. The browser's side is in tests/e2e.rs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn timeline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(dir)
        .env("TIMELINE_CACHE", "off")
        .output()
        .expect("run timeline")
}

fn fixtures(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".ron").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Output bytes that a terminal could act on: every control but newline, and C1 controls.
fn controls(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| c != '\n' && (c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// `tests/fixtures/invalid/` is pinned by tests/cli.rs; these are the others.
#[test]
fn every_other_fixture_prints_exactly_its_expected_check_output_and_exit_code() {
    for kind in ["valid", "sources", "hostile", "regressions"] {
        let dir = fixtures(kind);
        for name in names(&dir) {
            let expected = fs::read_to_string(dir.join(format!("{name}.expected")))
                .unwrap_or_else(|_| panic!("{kind}/{name}.ron has no {name}.expected"));
            let out = timeline(&dir, &["check", &format!("{name}.ron")]);
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{kind}/{name}");
            let errors = !expected.lines().last().unwrap_or("").contains(" 0 errors");
            assert_eq!(out.status.code(), Some(if errors { 1 } else { 0 }), "{kind}/{name}: exit code");
        }
    }
}

#[test]
fn no_control_character_from_a_hostile_file_reaches_the_output_of_any_command() {
    let dir = fixtures("hostile");
    for name in names(&dir) {
        let file = format!("{name}.ron");
        for args in [
            vec!["check", file.as_str()],
            vec!["list", file.as_str()],
            vec!["list", "--json", file.as_str()],
            vec!["export", file.as_str()],
            vec!["sources", file.as_str()],
        ] {
            let out = timeline(&dir, &args);
            assert_eq!(controls(&out.stdout), Vec::<String>::new(), "{args:?}: standard output");
            assert_eq!(controls(&out.stderr), Vec::<String>::new(), "{args:?}: standard error");
            assert!(out.status.code().is_some_and(|c| c <= 2), "{args:?}: {:?}", out.status);
        }
    }
}

#[test]
fn json_keeps_the_text_exactly_and_escapes_it() {
    // Machine-readable output is for other programs: the text is kept as written, escaped by JSON.
    let out = timeline(&fixtures("hostile"), &["list", "--json", "escapes.ron"]);
    let first: serde_json::Value = serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["title"], "Moves \u{1b}[10;10H the cursor \u{1b}[2K and beeps \u{7}");
}

/// Files too large to keep in the repository, made here.
fn generated(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timeline-hostile-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), text).unwrap();
    dir
}

fn check_generated(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = generated(name, text);
    let out = timeline(&dir, &["check", name]);
    assert_eq!(controls(&out.stdout), Vec::<String>::new(), "{name}");
    let longest = String::from_utf8_lossy(&out.stdout).lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "{name}: a line of {longest} characters; long lines must be cut around the caret");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_ten_megabyte_summary_loads_and_exports() {
    let summary = "word ".repeat(2 << 20);
    let text = format!(
        "Timeline(title: \"huge\", events: [Event(id: \"a\", when: \"2024\", title: \"t\", summary: \"{summary}\", sources: [])])"
    );
    let (code, out) = check_generated("huge-summary.ron", &text);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with("huge-summary.ron: 1 event, 0 actors, 0 sources; 0 errors, 1 warning\n"), "{out}");
}

#[test]
fn an_event_with_100000_actors_is_checked_without_a_panic() {
    let actors: Vec<String> = (0..100_000).map(|i| format!("Actor(id: \"a{i}\", name: \"A {i}\")")).collect();
    let refs: Vec<String> = (0..100_000).map(|i| format!("\"a{i}\"")).collect();
    let text = format!(
        "Timeline(title: \"many\", actors: [{}], events: [Event(id: \"e\", when: \"2024\", title: \"t\", actors: [{}], sources: [])])",
        actors.join(", "),
        refs.join(", ")
    );
    let (code, out) = check_generated("many-actors.ron", &text);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("1 event, 100000 actors"), "{out}");
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_crash() {
    let n = 10_000;
    for (name, text) in [
        ("deep-lists.ron", format!("Timeline(title: \"d\", events: {}{})", "[".repeat(n), "]".repeat(n))),
        ("deep-unclosed.ron", format!("Timeline(title: \"d\", events: {}", "[".repeat(n))),
        (
            "deep-some.ron",
            format!(
                "Timeline(title: \"d\", events: [Event(id: \"a\", when: \"2024\", title: \"t\", summary: {}\"x\"{})])",
                "Some(".repeat(n),
                ")".repeat(n)
            ),
        ),
        ("deep-structs.ron", format!("Timeline(title: \"d\", description: {}{})", "A(x: ".repeat(n), ")".repeat(n))),
    ] {
        let (code, out) = check_generated(name, &text);
        assert_eq!(code, Some(1), "{name}: {out}");
        assert!(out.contains(": error: "), "{name}: {out}");
    }
}

#[test]
fn a_five_megabyte_line_gets_diagnostics_cut_around_the_caret() {
    let events: Vec<String> = (0..50_000)
        .map(|i| format!("Event(id: \"e{i}\", when: \"2024-03-{:02}\", title: \"Event {i} on one long line\", sources: [Cite(source: \"s\")])", 1 + i % 28))
        .collect();
    let text = format!(
        "Timeline(title: \"long\", sources: [Source(id: \"s\", title: \"S\")], events: [{}, Event(id: \"bad\", when: \"2024-02-30\", title: \"x\")])",
        events.join(", ")
    );
    assert!(text.len() > 5 << 20);
    let (code, out) = check_generated("long-line.ron", &text);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("error: invalid date `2024-02-30`: day 30 is impossible"), "{out}");
    assert!(out.contains("1 | …"), "the line is shown from near the caret: {out}");
}
