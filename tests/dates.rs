//! Dates before the common era and beyond year 9999 (EDTF's `-0300`, `Y12000`, `Y-12000`) through
//! every output and input: the list, `list --json`, the exports, the imports and the browser.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};
use timeline::load::load_str;

const FIXTURE: &str = include_str!("fixtures/valid/before-common-era.ron");

fn fixture() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/before-common-era.ron").display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).output().expect("run timeline")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn export(format: &str) -> String {
    stdout(&["export", &fixture(), "--format", format])
}

#[test]
fn events_before_the_common_era_sort_in_time_order() {
    let list = stdout(&["list", &fixture()]);
    let ids: Vec<&str> = list.lines().map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(ids, ["last-glacial", "marathon", "caesar", "augustus", "year-zero", "vega"]);
}

#[test]
fn list_json_gives_iso_8601_expanded_years_and_the_edtf_as_written() {
    let lines: Vec<serde_json::Value> =
        stdout(&["list", "--json", &fixture()]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let when = |id: &str| lines.iter().find(|e| e["id"] == id).map(|e| e["when"].clone()).unwrap();
    assert_eq!(when("marathon")["text"], "-0489-09");
    assert_eq!(when("marathon")["start"], "-0489-09-01T00:00:00+02:00");
    assert_eq!(when("last-glacial")["start"], "-12000-01-01T00:00:00+02:00");
    assert_eq!(when("year-zero")["end"], "0000-12-31T23:59:59+02:00");
    assert_eq!(when("vega")["text"], "Y13727?");
    assert_eq!(when("vega")["end"], "+13727-12-31T23:59:59+02:00");
}

#[test]
fn markdown_names_years_as_readers_count_them_and_says_how_edtf_counts() {
    let text = export("markdown");
    assert!(text.contains(", 12001 BCE to 13727; no filters."), "{text}");
    assert!(text.contains("## September 490 BCE"), "{text}");
    assert!(text.contains("- **When:** 1 BCE\n"), "{text}");
    assert!(text.contains("from 27 BCE to Tuesday 19 August 14"), "{text}");
}

#[test]
fn timelinejs_takes_the_astronomical_year_as_its_number() {
    // TimelineJS makes its dates with JavaScript's, whose years are astronomical (year 0 is
    // 1 BCE): EDTF's -0489 is its -489, the same year.
    let doc: serde_json::Value = serde_json::from_str(&export("timelinejs")).unwrap();
    let event = |id: &str| doc["events"].as_array().unwrap().iter().find(|e| e["unique_id"] == id).unwrap().clone();
    assert_eq!(event("marathon")["start_date"]["year"], -489);
    assert_eq!(event("caesar")["start_date"]["year"], -43);
    assert_eq!(event("year-zero")["start_date"]["year"], 0);
    assert_eq!(event("last-glacial")["start_date"]["year"], -12000);
    assert_eq!(event("vega")["start_date"]["year"], 13727);
}

#[test]
fn csv_export_keeps_the_edtf_and_the_instants() {
    let text = export("csv");
    let caesar = text.lines().find(|l| l.starts_with("caesar,")).unwrap();
    // A cell starting with `-` is guarded against spreadsheets' formulas (`-0043-03-15` would be
    // computed as a sum); the guard is the CSV export's, undone by its import.
    assert!(caesar.contains("-0043-03-15,") && caesar.contains("-0043-03-15T00:00:00+02:00"), "{caesar}");
}

#[test]
fn timelinejs_json_with_negative_and_long_years_imports() {
    let dir = common::scratch("bce-import");
    let input = dir.path().join("cosmic.json");
    std::fs::write(
        &input,
        r#"{"events": [
            {"start_date": {"year": -300}, "text": {"headline": "A year BCE"}},
            {"start_date": {"year": "-43", "month": "3", "day": "15"}, "text": {"headline": "The Ides"}},
            {"start_date": {"year": -12000}, "end_date": {"year": -9999}, "text": {"headline": "Long ago"}},
            {"start_date": {"year": 0}, "text": {"headline": "Year zero"}},
            {"start_date": {"year": -13800000000}, "text": {"headline": "Big Bang"}}
        ]}"#,
    )
    .unwrap();
    let out = dir.path().join("out.ron");
    let result = run(&["import", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Y-13800000000") && stderr.contains("beyond the years timeline can place"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let t = load_str(&text, None).timeline.expect("the import loads");
    let whens: Vec<&str> = t.events.iter().map(|e| e.when.text.as_str()).collect();
    assert_eq!(whens, ["Y-12000/-9999", "-0300", "-0043-03-15", "0000"]);
}

#[test]
fn a_csv_with_edtf_years_before_the_common_era_imports() {
    let dir = common::scratch("bce-csv");
    let input = dir.path().join("ancient.csv");
    std::fs::write(&input, "date,what\n-0489-09,Marathon\nY-12000,Long ago\n0014-08-19,Augustus dies\n").unwrap();
    let out = dir.path().join("out.ron");
    let result =
        run(&["import", input.to_str().unwrap(), "--date", "date", "--title", "what", "-o", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    let t = load_str(&std::fs::read_to_string(&out).unwrap(), None).timeline.expect("the import loads");
    let whens: Vec<&str> = t.events.iter().map(|e| e.when.text.as_str()).collect();
    assert_eq!(whens, ["Y-12000", "-0489-09", "0014-08-19"]);
}

#[test]
fn the_browser_shows_years_before_the_common_era_in_the_detail_and_on_the_axis() {
    let data = timeline::tui::state::Data::new(
        load_str(FIXTURE, None).timeline.expect("valid fixture"),
        std::path::Path::new("before-common-era.ron"),
    );
    let mut b = common::Browser::new(data, 120, 40);
    b.press("jj");
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains("15 March 44 BCE"), "{screen}");
    assert!(screen.contains("1 BCE  (year; written 0000; EDTF"), "{screen}");
    b.press("L");
    let screen = format!("{:?}", b.screen());
    assert!(screen.contains(" BCE"), "the lanes' axis names BCE years: {screen}");
    assert!(!screen.contains("-499"), "no astronomical numbers on the axis: {screen}");
}
