//! A UTF-8 byte order mark at the start of a file, as Windows editors and Excel write it: a
//! timeline loads as without it, its diagnostics keep their lines and columns, and imports read
//! the first column's header and JSON as they are.

mod common;

use std::process::Command;
use timeline::import::{self, Input, Mapping};
use timeline::load::{Loaded, SourceFile, load_bytes};

const BOM: &str = "\u{feff}";

fn with_bom(text: &str) -> Vec<u8> {
    format!("{BOM}{text}").into_bytes()
}

/// What a user sees of a load: each event's id, title, date and line, and the rendered diagnostics.
fn seen(loaded: &Loaded) -> (Vec<String>, Vec<String>) {
    let events = loaded.report.timeline.as_ref().map_or(Vec::new(), |t| {
        t.events.iter().map(|e| format!("{} {} {} {}", e.id, e.title, e.when.text, e.line)).collect()
    });
    let file = SourceFile::new("t.ron", &loaded.text);
    (events, loaded.report.diagnostics.iter().map(|d| file.render(d)).collect())
}

#[test]
fn a_timeline_with_a_byte_order_mark_loads_with_the_same_events() {
    let plain = load_bytes(common::FIXTURE.as_bytes(), None);
    let marked = load_bytes(&with_bom(common::FIXTURE), None);
    assert_eq!(marked.report.errors(), 0, "{:?}", marked.report.diagnostics);
    assert_eq!(seen(&marked), seen(&plain));
    assert_eq!(marked.report.counts, plain.report.counts);
}

#[test]
fn a_large_timeline_with_a_byte_order_mark_loads_in_parallel_chunks_the_same() {
    let events: String = (0..3000)
        .map(|i| format!("    Event(id: \"e{i}\", when: \"2024-03-{:02}\", title: \"Event {i}\"),\n", 1 + i % 28))
        .collect();
    let text = format!("Timeline(\n  title: \"t\",\n  events: [\n{events}  ],\n)\n");
    let plain = load_bytes(text.as_bytes(), None);
    let marked = load_bytes(&with_bom(&text), None);
    assert_eq!(marked.report.timeline.as_ref().map(|t| t.events.len()), Some(3000));
    assert_eq!(seen(&marked), seen(&plain));
}

#[test]
fn diagnostics_on_the_first_line_keep_their_columns_and_the_files_byte_offsets() {
    let event = "Event(id: \"a\", when: \"2024-02-30\", title: \"x\", sources: [])";
    for text in [
        format!("Timeline(title: \"t\", events: [{event}])\n"),
        format!("Timeline(title: \"t\", colour: 1, events: [{event}])\n"),
        format!("Timeline(title: \"t\" events: [{event}])\n"),
        format!("Timeline(events: [{event}])\n"),
        "Timeline(title: \"t\", events: [".to_string(),
        "[1, 2]".to_string(),
        "Timelin(title: \"t\")".to_string(),
    ] {
        let plain = load_bytes(text.as_bytes(), None);
        let marked = load_bytes(&with_bom(&text), None);
        assert!(!plain.report.diagnostics.is_empty(), "{text}");
        assert_eq!(seen(&marked), seen(&plain), "{text}");
        for (p, m) in plain.report.diagnostics.iter().zip(&marked.report.diagnostics) {
            let shifted = p.span.map(|(s, e)| (s + BOM.len(), e + BOM.len()));
            // A span at the file's very start points at the mark itself, and is shown on `T`.
            let at_start = p.span.is_some_and(|(s, _)| s == 0) && m.span == p.span;
            assert!(m.span == shifted || at_start, "{text}: {:?} against {:?}", m.span, p.span);
        }
    }
    let first = &seen(&load_bytes(&with_bom(&format!("Timeline(title: \"t\", events: [{event}])")), None)).1;
    assert!(first.iter().any(|d| d.starts_with("t.ron:1:61: error: invalid date `2024-02-30`")), "{first:?}");
}

#[test]
fn check_prints_the_same_with_and_without_a_byte_order_mark() {
    let tmp = tempfile::TempDir::with_prefix("timeline-bom-check-").unwrap();
    let dir = tmp.path();
    let text = "Timeline(title: \"t\", events: [Event(id: \"a\", when: \"2024-02-30\", title: \"x\", sources: [])])\n";
    std::fs::write(dir.join("t.ron"), text).unwrap();
    let plain = Command::new(env!("CARGO_BIN_EXE_timeline")).args(["check", "t.ron"]).current_dir(dir).output();
    std::fs::write(dir.join("t.ron"), with_bom(text)).unwrap();
    let marked = Command::new(env!("CARGO_BIN_EXE_timeline")).args(["check", "t.ron"]).current_dir(dir).output();
    let (plain, marked) = (plain.unwrap(), marked.unwrap());
    assert_eq!(String::from_utf8_lossy(&marked.stdout), String::from_utf8_lossy(&plain.stdout));
    assert!(String::from_utf8_lossy(&marked.stdout).contains("t.ron:1:61: error"));
    assert_eq!(marked.status.code(), Some(1));
}

fn rows(name: &str, text: &str, mapping: &Mapping) -> Vec<import::Row> {
    let input = import::detect(name, text);
    import::read(text, input, mapping).expect("imports").rows
}

#[test]
fn imports_read_a_file_with_a_byte_order_mark_as_without_it() {
    let fixture = |name: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name),
        )
        .unwrap()
    };
    // The first header of each is the date's column: `Year` and `when`.
    let mapping = Mapping { date: Some("when".into()), title: Some("what".into()), ..Mapping::default() };
    for (name, text) in [
        ("timelinejs.csv", fixture("timelinejs.csv")),
        ("plain.csv", fixture("plain.csv")),
        ("data", fixture("timelinejs.json")),
    ] {
        let marked = format!("{BOM}{text}");
        assert_eq!(import::detect(name, &marked), import::detect(name, &text), "{name}");
        let expected = rows(name, &text, &mapping);
        assert!(!expected.is_empty(), "{name}");
        assert_eq!(rows(name, &marked, &mapping), expected, "{name}");
    }
    assert_eq!(import::detect("data", &format!("{BOM}{}", fixture("timelinejs.json"))), Input::TimelineJsJson);
}
