//! Hostile timelines: text that tries to drive the terminal, controls of every kind, bidi tricks,
//! NUL bytes, and files built to exhaust (a 10 MB summary, 100,000 actors in one event, 100,000
//! levels of every kind of nesting in every place, a 5 MB line). `check` gives a clear verdict on
//! each, nothing panics or overflows the stack, and no control character from a file reaches
//! standard output. The browser's side is in tests/e2e.rs.

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
fn generated(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::TempDir::with_prefix("timeline-hostile-").unwrap();
    fs::write(dir.path().join(name), text).unwrap();
    dir
}

fn check_generated(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = generated(name, text);
    let out = timeline(dir.path(), &["check", name]);
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

/// Levels of nesting in the deep files: 50,000 once overflowed the stack.
const DEEP: usize = 100_000;

/// Each way of nesting a value in RON: what opens levels, what closes them, and how many.
const NESTINGS: [(&str, &str, &str, usize); 10] = [
    ("lists", "[", "]", 1),
    ("tuples", "(", ")", 1),
    ("tuples with items", "(0, ", ")", 1),
    ("structs", "A(x: ", ")", 1),
    ("unnamed structs", "(x: ", ")", 1),
    ("Some", "Some(", ")", 1),
    ("named tuples", "A(", ")", 1),
    ("map values", "{\"k\": ", "}", 1),
    ("map keys", "{", ": 1}", 1),
    ("every kind in turn", "[(0, A(x: Some({\"k\": {", ": 1})))]", 6),
];

const EVENT: &str = "Event(id: \"e\", when: \"2024\", title: \"t\"";

/// Every place a value can stand, `@` marking it.
fn places() -> Vec<(&'static str, String)> {
    let many = (0..1200).map(|i| format!("Event(id: \"e{i}\", when: \"2024\", title: \"t\"),")).collect::<String>();
    vec![
        ("the top level", "@".into()),
        ("an attribute", "#![enable(@)]\nTimeline(title: \"t\")".into()),
        ("the title", "Timeline(title: @)".into()),
        ("a field value", "Timeline(title: \"t\", description: @)".into()),
        ("an unknown field", "Timeline(title: \"t\", extra: @)".into()),
        ("an item of the events", "Timeline(title: \"t\", events: [@])".into()),
        ("an event among many", format!("Timeline(title: \"t\", events: [{many} @, {many}])")),
        ("an event field", format!("Timeline(title: \"t\", events: [{EVENT}, summary: @)])")),
        ("an unknown event field", format!("Timeline(title: \"t\", events: [{EVENT}, extra: @)])")),
        ("an event's actor", format!("Timeline(title: \"t\", events: [{EVENT}, actors: [@])])")),
        ("an event's citation", format!("Timeline(title: \"t\", events: [{EVENT}, sources: [@])])")),
        ("a citation's field", format!("Timeline(title: \"t\", events: [{EVENT}, sources: [Cite(source: @)])])")),
        ("an actor field", "Timeline(title: \"t\", actors: [Actor(id: \"a\", name: @)])".into()),
        ("an actor", "Timeline(title: \"t\", actors: [@])".into()),
        ("a source field", "Timeline(title: \"t\", sources: [Source(id: \"s\", title: @)])".into()),
        ("a list item", "Timeline(title: \"t\", description: [1, @])".into()),
        ("a tuple item", "Timeline(title: \"t\", description: (1, @))".into()),
        ("a map key", "Timeline(title: \"t\", description: {@: 1})".into()),
        ("a map value", "Timeline(title: \"t\", description: {\"k\": @})".into()),
        ("inside Some", "Timeline(title: \"t\", description: Some(@))".into()),
    ]
}

/// Runs `f` on a thread with half the default stack of a test or a spawned thread: a recursion
/// bounded only by the stack would overflow it, and an overflow aborts the whole run.
fn on_a_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap();
}

#[test]
fn a_hundred_thousand_levels_of_any_nesting_anywhere_are_an_error_not_a_crash() {
    on_a_small_stack(|| {
        for (nesting, open, close, levels) in NESTINGS {
            let n = DEEP / levels;
            for (place, template) in places() {
                let deep = format!("{}1{}", open.repeat(n), close.repeat(n));
                let cut_short = open.repeat(n);
                for (shape, value) in [("closed", deep), ("cut short", cut_short)] {
                    let text = template.replace('@', &value);
                    let loaded = timeline::load::load_bytes(text.as_bytes(), None);
                    let file = timeline::load::SourceFile::new("deep.ron", &loaded.text);
                    let rendered: String = loaded.report.diagnostics.iter().map(|d| file.render(d)).collect();
                    assert!(loaded.report.errors() > 0, "{nesting} {shape} in {place}: {rendered}");
                }
            }
        }
    });
}

#[test]
fn deep_nesting_is_an_error_from_the_command_line_too() {
    let n = DEEP;
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
