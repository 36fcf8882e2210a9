//! The real binary, run as a user runs it: `check` and `list` on fixtures and the bundled timeline.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn timeline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).current_dir(dir).output().expect("run timeline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures(kind: &str) -> PathBuf {
    root().join("tests/fixtures").join(kind)
}

fn valid() -> String {
    fixtures("valid").join("every-form.ron").display().to_string()
}

#[test]
fn every_invalid_fixture_prints_exactly_its_expected_diagnostics() {
    let dir = fixtures("invalid");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".ron").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "expected one fixture per diagnostic, found {}", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let expected = fs::read_to_string(dir.join(format!("{name}.expected")))
            .unwrap_or_else(|_| panic!("{name}.ron has no {name}.expected"));
        let out = timeline(&dir, &["check", &format!("{name}.ron")]);
        let has_errors = !expected.lines().last().unwrap_or("").contains(" 0 errors");
        if stdout(&out) != expected {
            failures.push(format!("--- {name}.expected\n{expected}+++ actual\n{}", stdout(&out)));
        }
        assert_eq!(out.status.code(), Some(if has_errors { 1 } else { 0 }), "{name}: exit code");
        let strict = timeline(&dir, &["check", "--deny-warnings", &format!("{name}.ron")]);
        assert_eq!(strict.status.code(), Some(1), "{name}: --deny-warnings must fail on any diagnostic");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_belongs_to_a_fixture() {
    for entry in fs::read_dir(fixtures("invalid")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            assert!(path.with_extension("ron").exists(), "{} has no fixture", path.display());
        }
    }
}

#[test]
fn the_bundled_timeline_checks_with_no_errors_and_no_warnings() {
    let out = timeline(&root(), &["check", "--deny-warnings"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("timeline.ron: ") && text.trim_end().ends_with("; 0 errors, 0 warnings"), "{text}");
}

#[test]
fn check_exits_2_when_a_file_cannot_be_read() {
    let out = timeline(&root(), &["check", "no-such-timeline.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: cannot read `no-such-timeline.ron`: no such file\n");
}

#[cfg(unix)]
#[test]
fn check_reads_only_regular_files_and_never_blocks_on_a_fifo_or_a_device() {
    let tmp = tempfile::TempDir::with_prefix("timeline-cli-not-regular-").unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("folder.ron")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("fifo.ron")).status().expect("run mkfifo");
    assert!(made.success());
    for (file, kind) in [("/dev/zero", "a device"), ("fifo.ron", "a FIFO")] {
        let out = common::timeline_within_seconds(dir, &["check", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let expected = format!(
            "error: cannot read `{file}`: it is not a regular file ({kind}); timeline reads only regular files\n"
        );
        assert_eq!(stderr(&out), expected);
    }
    let out = common::timeline_within_seconds(dir, &["check", "folder.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: cannot read `folder.ron`: it is a folder\n");
    let out = common::timeline_within_seconds(dir, &["list", "fifo.ron"]);
    assert_eq!(out.status.code(), Some(2), "every command reads the same way");
}

#[test]
fn check_reports_every_file_and_fails_when_any_fails() {
    let bad = fixtures("invalid").join("unknown-status.ron").display().to_string();
    let out = timeline(&root(), &["check", &valid(), &bad]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("every-form.ron: 14 events, 3 actors, 2 sources; 0 errors, 0 warnings"), "{text}");
    assert!(text.contains("unknown-status.ron: 2 events, 2 actors, 1 source; 1 error, 0 warnings"), "{text}");
}

#[test]
fn wrong_arguments_exit_2() {
    assert_eq!(timeline(&root(), &["list", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(timeline(&root(), &["list", &valid(), "--from", "2024-13"]).status.code(), Some(2));
}

fn list(args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--json"];
    let file = valid();
    all.push(&file);
    all.extend_from_slice(args);
    let out = timeline(&root(), &all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_orders_by_start_then_precision_then_file_order() {
    assert_eq!(
        list(&[]),
        [
            "uncertain",
            "both",
            "approximate",
            "year",
            "month",
            "open-start",
            "interval",
            "day",
            "day-again",
            "utc",
            "minute",
            "second",
            "unknown-end",
            "open-end"
        ]
    );
}

#[test]
fn list_json_carries_every_field() {
    let out = timeline(&root(), &["list", &valid(), "--json", "--actor", "putin", "--tag", "attack"]);
    let line = stdout(&out);
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let expected = serde_json::json!({
        "id": "day",
        "when": {
            "text": "2024-03-22",
            "start": "2024-03-22T00:00:00+03:00",
            "end": "2024-03-22T23:59:59+03:00",
            "precision": "day",
            "approximate": false,
            "uncertain": false,
            "interval": false
        },
        "title": "A day",
        "summary": "Every field is set on this one.",
        "actors": ["isis-k", "fsb"],
        "place": "Krasnogorsk",
        "tags": ["attack", "background"],
        "status": "Claimed",
        "claimed_by": ["putin"],
        "sources": [
            {
                "source": "report", "at": "¶4", "quote": "a short quote",
                "reported": "2024-03-23T09:00", "credibility": 2, "grade": "B2"
            },
            { "source": "report", "at": "¶5", "quote": null }
        ],
        "linked_from": [
            { "kind": "Corroborates", "from": "interval", "note": null },
            { "kind": "Contradicts", "from": "day-again", "note": "They disagree on who was there." }
        ],
        "line": 26
    });
    assert_eq!(value, expected);
}

#[test]
fn list_json_marks_open_ends_and_qualifiers() {
    let out = timeline(&root(), &["list", &valid(), "--json"]);
    let events: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let find = |id: &str| events.iter().find(|e| e["id"] == id).unwrap()["when"].clone();
    assert_eq!(find("open-end")["end"], serde_json::Value::Null);
    assert_eq!(find("open-start")["start"], serde_json::Value::Null);
    assert_eq!(find("interval")["interval"], true);
    assert_eq!((find("both")["approximate"].clone(), find("both")["uncertain"].clone()), (true.into(), true.into()));
    assert_eq!(find("utc")["start"], "2024-03-22T20:00:00+03:00");
}

#[test]
fn actor_matches_id_name_or_alias_in_any_case_and_several_mean_any() {
    assert_eq!(list(&["--actor", "FSB"]), ["day", "second"]);
    assert_eq!(list(&["--actor", "siloviki"]), ["day", "second"]);
    assert_eq!(list(&["--actor", "daesh khorasan"]), ["day"]);
    assert_eq!(list(&["--actor", "Vladimir Putin"]), ["month", "day"], "a claimant counts as involved");
    assert_eq!(list(&["--actor", "putin", "--actor", "iskp"]), ["month", "day"]);
}

#[test]
fn an_actor_that_matches_nothing_is_an_error_listing_the_closest_names() {
    let out = timeline(&root(), &["list", &valid(), "--actor", "fbs"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no actor is called `fbs`\n  = help: the closest are `fsb` (Federal Security Service)\n"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn tags_match_in_any_case_and_unknown_tags_are_errors() {
    assert_eq!(list(&["--tag", "election"]), ["month"]);
    let out = timeline(&root(), &["list", &valid(), "--tag", "atack"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean") || stderr(&out).contains("`attack`"), "{}", stderr(&out));
}

#[test]
fn from_and_to_keep_events_that_overlap_the_range() {
    assert_eq!(list(&["--from", "2024-03-23", "--to", "2024-03-25"]), ["year", "month", "interval", "unknown-end"]);
    assert_eq!(list(&["--from", "2024-03-26"]), ["year", "month", "unknown-end", "open-end"]);
    assert_eq!(list(&["--to", "2015"]), ["uncertain", "open-start"]);
}

#[test]
fn list_prints_date_id_status_title_and_actors_in_columns() {
    let out = timeline(&root(), &["list", &valid(), "--actor", "fsb"]);
    assert_eq!(
        stdout(&out),
        "2024-03-22           day     Claimed    A day  @isis-k @fsb\n2024-03-22T20:02:07  second  Reported   A second  @fsb\n"
    );
}

#[test]
fn list_refuses_a_timeline_with_errors_and_says_where() {
    let dir = fixtures("invalid");
    let out = timeline(&dir, &["list", "unknown-status.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("unknown-status.ron:25:21: error: unknown status `Confirmd`"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn query_terms_filter_like_the_browsers_query_bar() {
    assert_eq!(list(&["--query", "@fsb"]), ["day", "second"]);
    assert_eq!(list(&["--query", "@Vlad"]), ["month", "day"], "an actor by name prefix, claimants included");
    assert_eq!(list(&["--query", "#attack"]), ["day"]);
    assert_eq!(list(&["--query", "status:claimed"]), ["day"]);
    assert_eq!(list(&["--query", "from:2024-03-23 to:2024-03-25"]), ["year", "month", "interval", "unknown-end"]);
    assert_eq!(list(&["--query", "siloviki"]), ["day", "second"], "plain words search actor aliases");
    assert_eq!(list(&["--query", "SAME later"]), ["day-again"], "every word must match, in any case");
    assert_eq!(list(&["--query", "\"same day, later\""]), ["day-again"]);
    assert_eq!(list(&["--query", "same nothing"]), Vec::<String>::new());
    assert_eq!(
        list(&["--query", "-@fsb from:2024-03-22 to:2024-03-22"]).len(),
        6,
        "8 overlap the day, 2 involve the FSB"
    );
    assert_eq!(list(&["--query", "source:rep"]).len(), 14);
}

#[test]
fn a_query_that_cannot_be_understood_is_an_error_saying_which_part() {
    let out = timeline(&root(), &["list", &valid(), "--query", "attack @nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: cannot use `@nobody` in the query: no actor's name starts with `nobody`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_browser_refuses_to_start_when_stdout_is_not_a_terminal() {
    let out = timeline(&root(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: standard output is not a terminal, so the browser cannot start\n  = help: `timeline list` prints the events as text\n"
    );
}

#[test]
fn sources_lists_each_source_with_its_citation_count() {
    let out = timeline(&root(), &["sources", &valid()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "  15  report  A report — A publisher, 2024-03-28  https://example.org/report\n   0  wire    A wire story — An agency, 2024-03-22\n",
        "14 events, one of which cites the report twice"
    );
}

#[test]
fn list_source_keeps_the_events_citing_it_and_an_unknown_id_is_an_error() {
    assert_eq!(list(&["--source", "report"]).len(), 14);
    let bundled = timeline(&root(), &["list", "--json", "--source", "fas-duty-to-warn"]);
    let ids: Vec<String> = stdout(&bundled)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["icd-191-duty-to-warn"]);
    let out = timeline(&root(), &["list", &valid(), "--source", "reprt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: no source has the id `reprt`\n  = help: the closest are `report`\n");
}

#[test]
fn completions_and_man_pages_come_from_the_command_line_definitions() {
    let bash = timeline(&root(), &["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    for word in ["_timeline()", "check", "list", "export", "--actor", "--deny-warnings"] {
        assert!(stdout(&bash).contains(word), "bash completion lacks {word}");
    }
    let fish = timeline(&root(), &["completions", "fish"]);
    assert!(stdout(&fish).contains("complete -c timeline"), "{}", stdout(&fish));
    let man = timeline(&root(), &["man"]);
    assert!(stdout(&man).contains(".TH timeline 1"), "{}", stdout(&man));
    let list = timeline(&root(), &["man", "list"]);
    assert!(stdout(&list).contains(".TH timeline-list 1"), "{}", stdout(&list));
    assert!(stdout(&list).contains("actor"), "the options are documented");
    let unknown = timeline(&root(), &["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("there is no command `nope`"));
}

/// A timeline with `n` errors (and as many warnings): far more output than a pipe holds.
/// In `dir`.
fn many_errors(dir: &Path, n: usize) -> PathBuf {
    let events: Vec<String> = (0..n)
        .map(|i| format!("    Event(id: \"e{i}\", when: \"2024-13-45\", title: \"t{i}\", sources: [])"))
        .collect();
    let path = dir.join("manyerr.ron");
    fs::write(&path, format!("Timeline(\n  title: \"x\",\n  events: [\n{}\n  ],\n)\n", events.join(",\n"))).unwrap();
    path
}

/// Runs timeline with its standard output a pipe whose reader reads `lines` lines, then goes
/// away (as `| head -N` does); the exit code.
fn with_reader_gone_after(lines: usize, args: &[&str]) -> Option<i32> {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run timeline");
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        reader.read_line(&mut String::new()).unwrap();
    }
    drop(reader);
    child.wait().unwrap().code()
}

#[test]
fn a_broken_pipe_never_turns_a_failing_check_into_a_passing_one() {
    let tmp = tempfile::TempDir::with_prefix("timeline-cli-pipe-").unwrap();
    let dir = tmp.path();
    let bad = many_errors(dir, 2000).display().to_string();
    assert_eq!(with_reader_gone_after(1, &["check", &bad]), Some(1), "check | head -1");
    // The pipe breaks on the first, valid, file: the second is still checked.
    assert_eq!(with_reader_gone_after(0, &["check", &valid(), &bad]), Some(1), "check valid bad | head -0");
    assert_eq!(with_reader_gone_after(0, &["check", &valid()]), Some(0));
    assert_eq!(with_reader_gone_after(0, &["check", "no-such-timeline.ron"]), Some(2));
    // Listing has done its work when the reader has what it wants, as `yes | head` has.
    assert_eq!(with_reader_gone_after(1, &["list", &root().join("timeline.ron").display().to_string()]), Some(0));
    // A settings check fails as it would have, without a panic.
    fs::write(dir.join("bad.ron"), "Config(keys: {\"Qit\": [\"q\"]})").unwrap();
    let settings = dir.join("bad.ron").display().to_string();
    assert_eq!(with_reader_gone_after(0, &["config", "--check", &settings]), Some(1), "config --check | head -0");
}

/// A timeline for what was known when: `wire` published 7 March, `monthly` some time in March,
/// `daily` on 23 March, `undated` never; `warning` of 7 March cites the wire, `attack` of
/// 22 March the wire (for background: no report of it), the monthly and the daily, `rumour`
/// of 10 March the undated source.
const KNOWING: &str = r#"Timeline(title: "Knowing", timezone: "Z",
    sources: [
        Source(id: "wire", title: "Wire", published: "2024-03-07"),
        Source(id: "monthly", title: "Monthly", published: "2024-03"),
        Source(id: "undated", title: "Undated"),
        Source(id: "daily", title: "Daily", published: "2024-03-23"),
    ],
    events: [
        Event(id: "warning", when: "2024-03-07", title: "Embassy warns", status: Confirmed, sources: [Cite(source: "wire")]),
        Event(id: "rumour", when: "2024-03-10", title: "A rumour", sources: [Cite(source: "undated")]),
        Event(id: "attack", when: "2024-03-22", title: "The attack", status: Confirmed, sources: [Cite(source: "wire"), Cite(source: "monthly"), Cite(source: "daily")]),
        Event(id: "arrests", when: "2024-03-23", title: "Arrests", status: Confirmed, sources: [Cite(source: "monthly"), Cite(source: "undated")]),
    ],
)"#;

fn knowing() -> tempfile::TempDir {
    let tmp = tempfile::TempDir::with_prefix("timeline-cli-knowing-").unwrap();
    fs::write(tmp.path().join("timeline.ron"), KNOWING).unwrap();
    tmp
}

fn ids(out: &Output) -> Vec<String> {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    stdout(out).lines().map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string()).collect()
}

#[test]
fn as_of_keeps_what_was_known_by_the_end_of_the_date_and_marks_the_undated() {
    let tmp = knowing();
    let dir = tmp.path();
    assert_eq!(ids(&timeline(dir, &["list", "--as-of", "2024-03-07"])), ["warning", "rumour"]);
    let text = stdout(&timeline(dir, &["list", "--as-of", "2024-03-07"]));
    assert!(text.lines().next().unwrap().ends_with("Embassy warns"), "known: no mark\n{text}");
    assert!(text.lines().nth(1).unwrap().ends_with("A rumour  [first report unknown]"), "{text}");
    assert_eq!(ids(&timeline(dir, &["list", "--as-of", "2024-03-07", "--as-of-strict"])), ["warning"]);
    // The monthly had the arrests of the 23rd possibly by the 25th, surely by the end of March.
    let text = stdout(&timeline(dir, &["list", "--as-of", "2024-03-25", "--as-of-strict"]));
    assert_eq!(
        text.lines().map(|l| l.split_whitespace().nth(1).unwrap()).collect::<Vec<_>>(),
        ["warning", "attack", "arrests"],
        "{text}"
    );
    assert!(text.lines().nth(2).unwrap().ends_with("[possibly known]"), "{text}");
    assert!(!text.lines().nth(1).unwrap().contains('['), "the daily had the attack: surely known\n{text}");
    assert_eq!(ids(&timeline(dir, &["list", "--as-of", "2024-03"])).len(), 4);
    // The same as the query term.
    assert_eq!(
        stdout(&timeline(dir, &["list", "--as-of", "2024-03-07", "--as-of-strict"])),
        stdout(&timeline(dir, &["list", "-q", "known:2024-03-07 -known:undated"]))
    );
}

#[test]
fn list_json_says_how_each_event_was_known_as_of_the_date() {
    let tmp = knowing();
    let out = timeline(tmp.path(), &["list", "--json", "--as-of", "2024-03-25"]);
    let known: Vec<(String, String)> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| (v["id"].as_str().unwrap().to_string(), v["known_as_of"].as_str().unwrap().to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = known.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(pairs, [("warning", "known"), ("rumour", "unknown"), ("attack", "known"), ("arrests", "possibly")]);
    let plain = stdout(&timeline(tmp.path(), &["list", "--json"]));
    assert!(!plain.contains("known_as_of"), "only with --as-of");
}

#[test]
fn export_takes_the_as_of_date_and_says_so() {
    let tmp = knowing();
    let out = timeline(tmp.path(), &["export", "--as-of", "2024-03-07", "--as-of-strict"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        text.contains("1 of 4 events") && text.contains("known by 2024-03-07 (events with no dated report left out)")
    );
    assert!(text.contains("Embassy warns") && !text.contains("A rumour"), "{text}");
}

#[test]
fn a_bad_as_of_date_is_an_error_and_strict_needs_a_date() {
    let tmp = knowing();
    let out = timeline(tmp.path(), &["list", "--as-of", "7 March"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("invalid as-of date `7 March`"), "{}", stderr(&out));
    let out = timeline(tmp.path(), &["list", "--as-of-strict"]);
    assert_eq!(out.status.code(), Some(2));
    let help = stdout(&timeline(tmp.path(), &["list", "--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("--as-of <DATE>") && help.contains("are kept and marked"), "{help}");
    assert!(help.contains("--as-of-strict With --as-of: leave out the events whose first report is unknown"), "{help}");
}

#[test]
fn check_corroboration_reports_confirmed_events_on_one_origin_without_failing() {
    let tmp = knowing();
    let out = timeline(tmp.path(), &["check", "--corroboration"]);
    assert_eq!(out.status.code(), Some(0), "a report, not a failure");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("timeline.ron: 4 events"), "the usual check first\n{text}");
    assert_eq!(lines[1], "  warning  Embassy warns  — one origin: wire");
    assert_eq!(lines[2], "timeline.ron: 1 confirmed event of 3 rest on a single independent origin", "{text}");
    assert_eq!(lines.len(), 3, "{text}");
    let plain = stdout(&timeline(tmp.path(), &["check"]));
    assert_eq!(plain.lines().count(), 1, "only when asked");
}
