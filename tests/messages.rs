//! Every message built from input is cleaned where it is written: diagnostics, "did you mean"
//! lists, import and settings errors, clap's errors and file names given on the command line.
//! A message may quote the hostile text (cleaned), never send it to the terminal as a sequence.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const ESCAPES: &str = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{9b}2J\u{202E}\u{061C}";

fn timeline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(dir)
        .env("TIMELINE_CACHE", "off")
        .env("TIMELINE_CONFIG", "/nonexistent/timeline-config.ron")
        .output()
        .expect("run timeline")
}

/// Characters a terminal could act on, or that reorder text, in an output.
fn unsafe_chars(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| c != '\n' && timeline::text::is_unsafe(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// Runs a command that must fail, and checks that both outputs are clean and that the message
/// still says `expected` (the hostile text, cleaned, is quoted, not dropped).
fn fails_cleanly(dir: &Path, args: &[&str], expected: &str) {
    let out = timeline(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert_eq!(unsafe_chars(&out.stdout), Vec::<String>::new(), "{args:?}: standard output");
    assert_eq!(unsafe_chars(&out.stderr), Vec::<String>::new(), "{args:?}: standard error");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains(expected), "{args:?}: expected `{expected}` in:\n{all}");
}

fn hostile_timeline(dir: &Path) -> String {
    let text = common::FIXTURE
        .replacen("name: \"Federal Security Service\"", &format!("name: \"Federal {ESCAPES} Service\""), 1)
        .replacen("tags: [\"attack\"", &format!("tags: [\"attack{ESCAPES}\""), 1);
    assert_ne!(text, common::FIXTURE, "the fixture holds the texts replaced");
    fs::write(dir.join("hostile.ron"), text).unwrap();
    "hostile.ron".into()
}

#[test]
fn did_you_mean_lists_quote_actors_tags_and_queries_cleaned() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-suggestions-").unwrap();
    let dir = tmp.path();
    let file = hostile_timeline(dir);
    fails_cleanly(dir, &["list", "--actor", "federal", &file], "(Federal ]0;PWNED]52;c;cHduZWQ=2J Service)");
    fails_cleanly(dir, &["list", "--tag", "attac", &file], "`attack]0;pwned]52;c;chduzwq=2j`");
    fails_cleanly(dir, &["list", "--actor", &format!("fedral{ESCAPES}"), &file], "no actor is called `fedral]0;PWNED");
    fails_cleanly(dir, &["list", "--query", &format!("from:2024-13{ESCAPES}"), &file], "from:2024-13]0;PWNED");
    fails_cleanly(dir, &["list", "--source", &format!("x{ESCAPES}"), &file], "no source has the id `x]0;PWNED");
}

#[test]
fn file_names_holding_escapes_are_cleaned_in_every_message() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-names-").unwrap();
    let dir = tmp.path();
    let name = format!("bad{ESCAPES}.ron");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/unknown-actor.ron"), dir.join(&name))
        .unwrap();
    fails_cleanly(dir, &["check", &name], "bad]0;PWNED]52;c;cHduZWQ=2J.ron:24:22: error: unknown actor `isis-kk`");
    fails_cleanly(dir, &["list", &name], "`timeline check bad]0;PWNED");
    fails_cleanly(dir, &["check", &format!("missing{ESCAPES}.ron")], "cannot read `missing]0;PWNED");
    fails_cleanly(dir, &["export", "-o", &name, &name], "bad]0;PWNED");
}

#[test]
fn clap_errors_quote_arguments_cleaned() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-clap-").unwrap();
    let dir = tmp.path();
    fails_cleanly(dir, &["list", "--format", &format!("x{ESCAPES}")], "--format");
    fails_cleanly(dir, &["export", "--format", &format!("x{ESCAPES}")], "invalid value 'x");
}

#[test]
fn import_errors_quote_columns_cleaned() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-import-").unwrap();
    let dir = tmp.path();
    fs::write(dir.join("in.csv"), format!("Date,Title{ESCAPES}\n2024-03-22,Attack\n")).unwrap();
    fails_cleanly(
        dir,
        &["import", "in.csv", "-o", "out.ron", "--date", "Date", "--title", "Headline"],
        "Title]0;PWNED",
    );
    fails_cleanly(
        dir,
        &["import", "in.csv", "-o", "out.ron", "--date", "Date", "--title", &format!("T{ESCAPES}")],
        "T]0;PWNED",
    );
    assert!(!dir.join("out.ron").exists());
}

#[test]
fn settings_errors_quote_the_file_cleaned() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-settings-").unwrap();
    let dir = tmp.path();
    let settings = dir.join(format!("config{ESCAPES}.ron"));
    fs::write(&settings, format!("Config(keys: {{\"Qit{ESCAPES}\": [\"Q{ESCAPES}\"]}})")).unwrap();
    let settings = settings.to_str().unwrap();
    fails_cleanly(dir, &["config", "--check", settings], "unknown action `Qit]0;PWNED");
    fails_cleanly(dir, &["config", "--check", settings], "config]0;PWNED");
}

#[test]
fn the_arabic_letter_mark_is_kept_out_of_the_terminal_like_the_other_bidi_controls() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-alm-").unwrap();
    let dir = tmp.path();
    let text = common::FIXTURE.replacen("title: \"A second\"", "title: \"A \u{061C}second\"", 1);
    assert_ne!(text, common::FIXTURE);
    fs::write(dir.join("alm.ron"), text).unwrap();
    for args in [&["list", "alm.ron"][..], &["list", "--json", "alm.ron"], &["export", "--format", "csv", "alm.ron"]] {
        let out = timeline(dir, args);
        assert!(out.status.success(), "{args:?}");
        assert_eq!(unsafe_chars(&out.stdout), Vec::<String>::new(), "{args:?}");
    }
    let json = timeline(dir, &["list", "--json", "alm.ron"]);
    assert!(String::from_utf8_lossy(&json.stdout).contains(r#""A \u061csecond""#), "JSON keeps the mark, escaped");
}

#[test]
fn a_file_name_holding_a_line_break_stays_on_its_line_in_messages() {
    let tmp = tempfile::TempDir::with_prefix("timeline-messages-newline-").unwrap();
    let dir = tmp.path();
    fs::write(dir.join("t.ron"), common::FIXTURE).unwrap();
    let name = format!("x\n{ESCAPES}y.md");
    let out = timeline(dir, &["export", "-o", &name, "t.ron"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("to x ]0;PWNED"), "{stderr}");
    assert_eq!(unsafe_chars(&out.stderr), Vec::<String>::new());
    let again = timeline(dir, &["export", "-o", &name, "t.ron"]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.starts_with("error: `x ]0;PWNED") && stderr.lines().count() == 2, "{stderr}");
}
