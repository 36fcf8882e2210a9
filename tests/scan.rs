//! The outline's fast scan of events (`load::scan`) against its walker, the reference: on any
//! file, the outline found with the scan is the one the walker alone finds.

#[path = "../examples/generate/synth.rs"]
#[allow(dead_code, reason = "only the RON form is used here")]
mod synth;

mod common;
use proptest::prelude::*;
use timeline::load::outline::Outline;

fn same(text: &str) -> Result<(), TestCaseError> {
    Outline::scan_agrees_with_walker(text).map_err(TestCaseError::fail)
}

fn generated(events: usize) -> String {
    let mut out = Vec::new();
    synth::write(&mut out, events, 20, 10, 7).unwrap();
    String::from_utf8(out).unwrap()
}

/// Pieces of RON that mean something to a scanner, and some that do not.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"",
            "\\",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "::",
            "/",
            "*",
            "#",
            "'",
            "r",
            "b",
            " ",
            "\n",
            "\r\n",
            "\t",
            "é",
            "\u{feff}",
            "\0",
            "// c ( \" [\n",
            "/* a /* b */ ) */",
            "r#\"raw ) \" ]\"#",
            "r\"x\"",
            "b\"y\"",
            "'('",
            "'\\''",
            "'\"'",
            "\"when: \\\"x\\\" ( [\"",
            "when: ",
            "when: \"2024\", ",
            "when: r\"2024\", ",
            "when: 2024, ",
            "Some(",
            "Some(Some(\"x\")), ",
            "colour: 1, ",
            "r#id: ",
            "id : ",
            "Event (",
            "Event(",
            "Cite(",
            "Link(",
            "sorces: [], ",
            "page: 4, ",
            "sources: [Cite(source: \"s\")], ",
            "links: [Link(kind: Follows, to: \"e\", typo: 1)], ",
            "tags: [(when: \"x\")], ",
            "-1",
            "2.5",
            "007",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(String::from),
        "[a-z_:\",()\\[\\] \\\\0-9-]{1,6}",
    ]
}

fn edits() -> impl Strategy<Value = Vec<(usize, String, u8)>> {
    prop::collection::vec((any::<usize>(), piece(), 0u8..3), 1..6)
}

#[test]
fn the_fixtures_outlines_are_the_walkers() {
    let mut seen = 0;
    let mut folders = vec![std::path::PathBuf::from("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                same(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "{seen} fixtures");
}

#[test]
fn a_generated_files_outline_is_the_walkers_and_the_scan_takes_its_events() {
    let text = generated(2_000);
    same(&text).unwrap();
    let outline = Outline::of_in_parts(&text, 3);
    assert_eq!(outline.events.len(), 2_000);
    assert!(outline.event_whens.iter().all(Option::is_some));
}

#[test]
fn tricky_events_are_read_alike() {
    let events = [
        r#"Event(id: "a", when: "2024", title: "x (", tags: ["]", "when: \"1\""])"#,
        r#"(id: "a", when: "2024", when: "2025", title: "y")"#,
        r##"Event(id: "a", title: r#"when: "1""#, when: "2024")"##,
        r#"Event(id: "a", when: "2024", /* ) */ title: "t")"#,
        "Event(id: \"a\",\r\n when: \"2024\", // )\r\n title: 't')",
        r#"Event(id: "a", when: Some("2024"), sources: [Cite(source: "s", pages: 4), Some(Cite(at: "1"))])"#,
        r#"Event(id: "a", when: "2024", links: [Link(kind: Follows, to: "b", why: "c")], extra: {1: [2]})"#,
        r#"Event(id: "a", when: "2024", tags: [(when: "1999")], place: Some(Some("x")))"#,
        r#"Event(id: "a", when: "2024", title: "\"", summary: "\\")"#,
        r#"Event(id: "a", when: "2024", title: "unclosed)"#,
        r#"Event(id: "a", when: "2024", tags: [1, -2.5, (a: b)], status: Claimed)"#,
        r#"Event(id: "a", when: "2024"]"#,
        r#"Evnt(id: "a", when: "2024")"#,
        r#""just a string""#,
    ];
    for event in events {
        for sep in [",\n", ",", "\n,\n"] {
            let text = format!(
                "\u{feff}Timeline(title: \"T\", events: [\n{event}{sep}Event(id: \"b\", when: \"1\"),\n{event}\n], \
                 after: 1)"
            );
            same(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn an_edited_files_outline_is_the_walkers(edits in edits()) {
        static TEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| generated(40));
        same(&common::edited(&TEXT, &edits))?;
    }

    #[test]
    fn events_of_random_pieces_are_read_alike(pieces in prop::collection::vec(piece(), 0..24)) {
        let text = format!("Timeline(title: \"T\", events: [Event(id: \"a\", {}), Event(when: \"1\")])", pieces.concat());
        same(&text)?;
        let text = format!("Timeline(events: [({}\n, (when: \"2\")])", pieces.concat());
        same(&text)?;
    }
}
