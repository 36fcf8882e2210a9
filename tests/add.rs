//! `timeline add`: one line becomes one event, in time order, and nothing else in the file moves.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn timeline(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run timeline");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn bundled(dir: &Path) -> String {
    let text = fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("timeline.ron")).unwrap();
    fs::write(dir.join("timeline.ron"), &text).unwrap();
    text
}

#[test]
fn one_line_adds_one_event_in_time_order_and_changes_nothing_else() {
    let tmp = tempfile::TempDir::with_prefix("timeline-add-").unwrap();
    let dir = tmp.path();
    let before = bundled(dir);
    let line = "2024-03-26T14:00~ Investigators search a flat in Moscow @fsb #investigation status:claimed by:fsb cite:gpf-colibasanu:¶5";
    let out = timeline(dir, &["add", line], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let after = fs::read_to_string(dir.join("timeline.ron")).unwrap();
    let at: usize = said.trim().rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(said, format!("added event investigators-search-a-flat-in-moscow at timeline.ron:{at}\n"));
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines[at - 1].trim(), "Event(");
    assert_eq!(lines[at].trim(), "id: \"investigators-search-a-flat-in-moscow\",");
    // The file is the old one with the event's twelve lines added, and still formatted.
    let mut without: Vec<&str> = lines.clone();
    without.drain(at - 1..at + 11);
    assert_eq!(without.join("\n") + "\n", before);
    assert!(timeline(dir, &["fmt", "--check"], "").status.success());
    let list = timeline(dir, &["list", "--from", "2024-03-26", "--to", "2024-03-26"], "");
    assert!(String::from_utf8_lossy(&list.stdout).contains("Investigators search a flat in Moscow"));
}

#[test]
fn flags_a_summary_from_standard_input_and_names_that_match_nothing() {
    let tmp = tempfile::TempDir::with_prefix("timeline-add-").unwrap();
    let dir = tmp.path();
    let before = bundled(dir);
    let out = timeline(dir, &["add", "2024-03-26 A visit @fsbb"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no actor is called `fsbb`") && err.contains("`fsb`"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("timeline.ron")).unwrap(), before, "nothing was written");
    let args = [
        "add",
        "timeline.ron",
        "--when",
        "2024-03-27",
        "--title",
        "Mourners gather",
        "--new-actor",
        "Moscow residents",
        "--cite",
        "inews-mustaffa:¶2",
        "--quote",
        "said \"yesterday\"",
        "--summary",
        "-",
    ];
    let out = timeline(dir, &args, "Flowers at the hall.\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = fs::read_to_string(dir.join("timeline.ron")).unwrap();
    assert!(
        after.contains("            summary: \"Flowers at the hall.\",\n            actors: [\"moscow-residents\"],\n")
    );
    assert!(after.contains("Cite(source: \"inews-mustaffa\", at: \"¶2\", quote: r#\"said \"yesterday\"\"#),"));
    assert!(after.contains(
        "        Actor(\n            id: \"moscow-residents\",\n            name: \"Moscow residents\",\n        ),\n"
    ));
}
