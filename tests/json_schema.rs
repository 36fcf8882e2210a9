//! docs/json-schema.json describes the JSON export and the lines of `list --json`: every export
//! of the bundled timeline and of the fixtures is valid against it, and what it promises beyond
//! shapes (ids that resolve, open and unknown ends told apart) holds.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("docs/json-schema.json")).unwrap()).unwrap()
}

/// The part of the schema for one event: its `$defs`, entered at `event`.
fn event_schema() -> Value {
    let mut whole = schema();
    serde_json::json!({
        "$schema": whole["$schema"].take(),
        "$defs": whole["$defs"].take(),
        "$ref": "#/$defs/event",
    })
}

fn timeline(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline")).current_dir(root()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The timelines whose exports are checked: the bundled one and the fixtures with every form.
const FILES: &[&str] =
    &["timeline.ron", "tests/fixtures/valid/every-form.ron", "tests/fixtures/valid/before-common-era.ron"];

fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    jsonschema::meta::validate(&schema()).expect("a valid schema");
}

#[test]
fn every_json_export_is_valid_against_the_schema() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema compiles");
    for file in FILES {
        let doc: Value = serde_json::from_str(&timeline(&["export", file, "--format", "json"])).unwrap();
        assert_eq!(problems(&validator, &doc), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn every_line_of_list_json_is_valid_against_the_event_part_of_the_schema() {
    let validator = jsonschema::draft202012::new(&event_schema()).expect("the schema compiles");
    for file in FILES {
        let lines = timeline(&["list", "--json", file]) + &timeline(&["list", "--json", file, "--as-of", "2024-03-23"]);
        for line in lines.lines() {
            let event: Value = serde_json::from_str(line).unwrap();
            assert_eq!(problems(&validator, &event), Vec::<String>::new(), "{file}: {line}");
        }
    }
}

#[test]
fn the_schema_refuses_what_the_export_must_not_write() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema compiles");
    let mut doc: Value =
        serde_json::from_str(&timeline(&["export", "tests/fixtures/valid/every-form.ron", "--format", "json"]))
            .unwrap();
    assert!(validator.is_valid(&doc));
    // An end without a date must say whether it is open or unknown.
    let open_end = doc["events"].as_array_mut().unwrap().iter_mut().find(|e| e["id"] == "open-end").unwrap();
    open_end["when"].as_object_mut().unwrap().remove("end_bound");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn every_id_in_the_export_resolves_within_it() {
    for file in FILES {
        let doc: Value = serde_json::from_str(&timeline(&["export", file, "--format", "json"])).unwrap();
        let ids = |key: &str| -> Vec<String> {
            doc[key].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
        };
        let (actors, sources) = (ids("actors"), ids("sources"));
        for e in doc["events"].as_array().unwrap() {
            for a in e["actors"].as_array().unwrap().iter().chain(e["claimed_by"].as_array().unwrap()) {
                assert!(actors.contains(&a.as_str().unwrap().to_string()), "{file}: actor {a}");
            }
            for c in e["sources"].as_array().unwrap() {
                assert!(sources.contains(&c["source"].as_str().unwrap().to_string()), "{file}: source {c}");
            }
        }
        for s in doc["sources"].as_array().unwrap() {
            for d in s.get("derived_from").and_then(Value::as_array).into_iter().flatten() {
                assert!(sources.contains(&d.as_str().unwrap().to_string()), "{file}: derived_from {d}");
            }
        }
    }
}

#[test]
fn open_and_unknown_ends_export_apart() {
    let lines = timeline(&["list", "--json", "tests/fixtures/valid/every-form.ron"]);
    let when = |id: &str| -> Value {
        lines.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).find(|e| e["id"] == id).unwrap()["when"]
            .clone()
    };
    assert_eq!(when("open-end")["end_bound"], "open");
    assert_eq!(when("unknown-end")["end_bound"], "unknown");
    assert_eq!(when("open-start")["start_bound"], "open");
    assert!(when("open-end").get("start_bound").is_none(), "a start with a date has no bound");
    assert!(when("interval").get("end_bound").is_none());
    assert!(when("day").get("end_bound").is_none(), "a point has neither");
}
