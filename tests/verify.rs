//! `timeline verify`: every quote at its locator in the source's copy, every original at its
//! hash, one line per problem at its place in the file, a summary, exit 1 on any problem.

mod common;

use common::timeline_within_seconds;
use std::path::Path;

fn fixture() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/verify"))
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exact_moved_missing_and_altered_quotes_and_a_tampered_copy() {
    let out = timeline_within_seconds(fixture(), &["verify", "timeline.ron"]);
    assert_eq!(
        stdout(&out),
        "timeline.ron:40:57: error: quote found at ¶4, cited as ¶2 (source `report`, event `ships-wait`)\n\
         timeline.ron:41:57: error: quote not found in the copy of source `report` (cited as ¶5, event `ships-wait`)\n\
         timeline.ron:49:57: error: ¶9 is beyond the last paragraph (¶5) of the copy of source `report` \
         (event `harbour-reopens`); the quote is found at ¶5\n\
         timeline.ron:19:21: error: the original of source `wire` has changed since it was captured: its sha256 is \
         now e72d6fea54501ae88cedfc94d4ed5436bfe06156872cd2216a55ac8715463f36, not \
         e72d6fea54501ae88cedfc94d4ed5436bfe06156872cd2216a55ac8715463f00\n\
         8 citations: 3 verified, 2 misplaced, 1 not found, 1 without a quote, 1 without a copy; 1 copy intact, 1 altered\n"
    );
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    // `check` finds nothing wrong: the new fields are well formed, and the copies are there.
    let check = timeline_within_seconds(fixture(), &["check", "timeline.ron"]);
    assert!(stdout(&check).ends_with("0 errors, 0 warnings\n"), "{}", stdout(&check));
}

#[test]
fn json_lists_every_citation_and_copy_for_scripts() {
    let out = timeline_within_seconds(fixture(), &["verify", "--json", "timeline.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let results: Vec<&str> = v["citations"].as_array().unwrap().iter().map(|c| c["result"].as_str().unwrap()).collect();
    assert_eq!(
        results,
        ["verified", "verified", "misplaced", "not-found", "beyond", "no-quote", "verified", "no-copy"]
    );
    assert_eq!(v["citations"][2]["found_at"], "¶4");
    assert_eq!(v["citations"][2]["line"], 40);
    assert_eq!(v["copies"][0]["result"], "intact");
    assert_eq!(v["copies"][1]["result"], "altered");
    assert_eq!(v["summary"]["verified"], 3);
    assert_eq!(v["problems"], 4);
}

#[test]
fn a_timeline_whose_evidence_holds_exits_0() {
    let dir = tempfile::TempDir::with_prefix("timeline-verify-clean-").unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("sources/a.txt"), "Title\n\nThe first line.\nThe ‘second’ line.\n").unwrap();
    std::fs::write(
        dir.path().join("timeline.ron"),
        r#"Timeline(title: "T", sources: [Source(id: "a", title: "A")], events: [
            Event(id: "e", when: "2024", title: "E", sources: [
                Cite(source: "a", at: "¶3", quote: "the 'SECOND' line"),
                Cite(source: "a", at: "¶2–3", quote: "first line. the"),
                Cite(source: "a"),
            ]),
        ])"#,
    )
    .unwrap();
    let out = timeline_within_seconds(dir.path(), &["verify"]);
    assert_eq!(stdout(&out), "3 citations: 2 verified, 0 misplaced, 0 not found, 1 without a quote; 0 copies intact\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_and_verify_refuse_the_same_originals() {
    let dir = tempfile::TempDir::with_prefix("timeline-verify-outside-").unwrap();
    std::fs::write(
        dir.path().join("timeline.ron"),
        r#"Timeline(title: "T", sources: [
            Source(id: "a", title: "A", original: "../elsewhere.html", sha256: "ab08c4efa926508d2a585ec1c90ed223728f0cb7aa5ecb8d7cf2363891647f27"),
        ], events: [Event(id: "e", when: "2024", title: "E", sources: [Cite(source: "a")])])"#,
    )
    .unwrap();
    let check = stdout(&timeline_within_seconds(dir.path(), &["check", "timeline.ron"]));
    assert!(check.contains("warning: the original of source `a` is outside the timeline's folder"), "{check}");
    let out = timeline_within_seconds(dir.path(), &["verify", "timeline.ron"]);
    assert_eq!(
        stdout(&out),
        "timeline.ron:2:51: error: source `a`: the original path leaves the timeline's folder\n\
         1 citation: 0 verified, 0 misplaced, 0 not found, 0 without a quote, 1 without a copy; 0 copies intact, 1 unreadable\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_broken_timeline_is_reported_as_check_would() {
    let dir = tempfile::TempDir::with_prefix("timeline-verify-broken-").unwrap();
    std::fs::write(dir.path().join("timeline.ron"), "Timeline(title: \"T\", events: [Event(id: \"e\")])").unwrap();
    let out = timeline_within_seconds(dir.path(), &["verify", "timeline.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error"), "{out:?}");
}

#[test]
fn a_copy_that_cannot_be_read_is_one_problem_and_hostile_text_is_cleaned() {
    let dir = tempfile::TempDir::with_prefix("timeline-verify-unreadable-").unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("sources/a.txt"), b"Latin-1 \xe9t\xe9\n").unwrap();
    std::fs::write(dir.path().join("sources/b.txt"), "One.\nTwo.\n").unwrap();
    std::fs::write(
        dir.path().join("timeline.ron"),
        "Timeline(title: \"T\", sources: [Source(id: \"a\", title: \"A\"), Source(id: \"b\", title: \"B\")], events: [\n\
         Event(id: \"e\", when: \"2024\", title: \"E\", sources: [\n\
         Cite(source: \"a\", at: \"¶1\", quote: \"été\"), Cite(source: \"a\", at: \"¶1\", quote: \"x\"),\n\
         Cite(source: \"b\", at: \"¶\\u{1b}[2J9\", quote: \"three\"),\n\
         ]),\n])\n",
    )
    .unwrap();
    let out = timeline_within_seconds(dir.path(), &["verify"]);
    let printed = stdout(&out);
    assert!(!printed.contains('\u{1b}'), "no escape reaches the terminal: {printed:?}");
    assert_eq!(
        printed.lines().filter(|l| l.contains("cannot be read: it is not UTF-8 text")).count(),
        1,
        "said once for its two citations: {printed}"
    );
    // A locator with an escape in it names no paragraph, and says so, cleaned.
    assert!(printed.contains("¶[2J9 names no paragraph of source `b`"), "{printed}");
    assert!(printed.ends_with(
        "3 citations: 0 verified, 0 misplaced, 0 not found, 0 without a quote, 2 with an unreadable copy, \
         1 with a locator that names no paragraph; 0 copies intact\n"
    ));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_warns_of_a_paragraph_locator_that_verify_refuses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("timeline.ron"),
        "Timeline(title: \"T\", sources: [Source(id: \"s\", title: \"S\")], events: [Event(id: \"e\", when: \"2024\", \
         title: \"E\", sources: [Cite(source: \"s\", at: \"¶0\"), Cite(source: \"s\", at: \"p. 4\")])])\n",
    )
    .unwrap();
    let out = timeline_within_seconds(dir.path(), &["check"]);
    let printed = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
    assert!(printed.contains("warning: the locator `¶0` names no paragraph"), "{printed}");
    assert!(!printed.contains("`p. 4`"), "a locator of the writer's own is left alone: {printed}");
    assert!(printed.contains("0 errors, 1 warning"), "{printed}");
}
