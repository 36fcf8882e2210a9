//! Exports for publishing and spreadsheets: TimelineJS JSON and CSV, through `timeline export`.

use std::path::PathBuf;
use std::process::Command;

fn export(fixture: &str, format: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid").join(fixture);
    let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(["export", "--format", format])
        .arg(&file)
        .output()
        .expect("run timeline");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn timelinejs(fixture: &str) -> serde_json::Value {
    serde_json::from_str(&export(fixture, "timelinejs")).expect("valid JSON")
}

fn event<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["events"].as_array().unwrap().iter().find(|e| e["unique_id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn timelinejs_dates_are_as_precise_as_the_events() {
    let doc = timelinejs("every-form.ron");
    assert_eq!(doc["events"].as_array().unwrap().len(), 14);
    assert_eq!(event(&doc, "year")["start_date"], serde_json::json!({"year": 2024}));
    assert_eq!(event(&doc, "month")["start_date"], serde_json::json!({"year": 2024, "month": 3}));
    assert_eq!(
        event(&doc, "minute")["start_date"],
        serde_json::json!({"year": 2024, "month": 3, "day": 22, "hour": 20, "minute": 2})
    );
    assert_eq!(event(&doc, "second")["start_date"]["second"], 7);
    // An interval means "some time between": drawn at its start, its ends in the display date.
    let five = event(&doc, "interval");
    assert_eq!(five["start_date"], serde_json::json!({"year": 2024, "month": 3, "day": 21}));
    assert!(five.get("end_date").is_none(), "{five}");
    assert_eq!(five["display_date"], "between 21 March 2024 and 25 March 2024");
    assert!(event(&doc, "open-end").get("end_date").is_none());
    assert_eq!(event(&doc, "month")["display_date"], "March 2024");
    // TimelineJS needs a start: an interval open at the start begins where it ends.
    assert_eq!(event(&doc, "open-start")["start_date"], serde_json::json!({"year": 2024, "month": 3, "day": 1}));
}

#[test]
fn timelinejs_has_no_groups_unless_asked_and_groups_by_the_first_actor_when_asked() {
    let doc = timelinejs("every-form.ron");
    let second = event(&doc, "second");
    assert!(second.get("group").is_none(), "no groups by default: {second}");
    assert_eq!(second["text"]["headline"], "A second");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/every-form.ron");
    let run = |by: &str| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
            .args(["export", "--format", "timelinejs", "--group-by", by])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let by_actor = run("actor");
    assert_eq!(event(&by_actor, "second")["group"], "Federal Security Service");
    assert!(event(&by_actor, "year").get("group").is_none(), "no actor, no group");
    assert_eq!(event(&run("status"), "year")["group"], "Confirmed");
    assert_eq!(doc["title"]["text"]["headline"], "Every date form");
}

#[test]
fn timelinejs_text_is_escaped_html_and_unsafe_urls_are_not_media() {
    let doc = timelinejs("hostile-markdown.ron");
    let e1 = &doc["events"][0];
    assert!(e1["text"]["text"].as_str().unwrap().contains("&lt;b&gt;html&lt;/b&gt; &amp;amp;"), "{e1}");
    let e3 = event(&doc, "e3");
    assert!(e3.get("media").is_none(), "a javascript: URL is never a link: {e3}");
    let cited = e3["text"]["text"].as_str().unwrap();
    assert!(cited.contains("<cite>Plain</cite>") && !cited.contains("javascript"), "the citation, unlinked: {cited}");
    // An article is a link in the text, never media (TimelineJS would draw it as a broken image).
    let e2 = event(&doc, "e2");
    assert!(e2.get("media").is_none(), "{e2}");
    assert!(e2["text"]["text"].as_str().unwrap().contains("<a href=\"https://example.org/s?a=&lt;b&gt;\">"), "{e2}");
}

#[test]
fn csv_has_a_row_per_event_and_defuses_formulas() {
    let text = export("hostile-markdown.ron", "csv");
    let mut table = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = table.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..6], ["id", "when", "start", "end", "precision", "title"]);
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    let title = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap()[5].to_string();
    assert_eq!(title("e2"), "'+ plus = equals", "a cell a spreadsheet would run gets a leading quote");
    assert_eq!(title("e3"), "Normal");
    let summary = &rows.iter().find(|r| &r[0] == "e3").unwrap()[6];
    assert_eq!(summary, "Line one\nline two", "a summary keeps its line breaks in its quoted cell");
}

#[test]
fn csv_lists_actors_tags_and_sources_in_one_cell_each() {
    let text = export("every-form.ron", "csv");
    let mut table = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 14);
    let second = rows.iter().find(|r| &r[0] == "second").unwrap();
    assert_eq!(&second[1], "2024-03-22T20:02:07");
    assert_eq!(&second[4], "second");
    assert_eq!(&second[7], "Federal Security Service");
    assert_eq!(&second[10], "Reported");
}

#[test]
fn a_time_with_its_own_offset_is_dated_in_the_timelines_zone_and_formulas_are_defused() {
    let dir = tempfile::TempDir::with_prefix("timeline-formats-").unwrap();
    let file = dir.path().join("zone.ron");
    std::fs::write(
        &file,
        r#"Timeline(title: "Zones", timezone: "+03:00", sources: [Source(id: "s", title: "S")], events: [
            Event(id: "late", when: "2024-12-31T23:30-05:00", title: "-2+3+cmd|' /C calc'!A0", sources: [Cite(source: "s")]),
            Event(id: "number", when: "2024", title: "-12.5", sources: [Cite(source: "s")]),
        ])"#,
    )
    .unwrap();
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
            .args(["export", "--format", format])
            .arg(&file)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: serde_json::Value = serde_json::from_str(&run("timelinejs")).unwrap();
    let late = doc["events"].as_array().unwrap().iter().find(|e| e["unique_id"] == "late").unwrap();
    assert_eq!(late["start_date"], serde_json::json!({"year": 2025, "month": 1, "day": 1, "hour": 7, "minute": 30}));
    let csv = run("csv");
    assert!(csv.contains("\"'-2+3+cmd|' /C calc'!A0\"") || csv.contains("'-2+3+cmd|' /C calc'!A0"), "{csv}");
    assert!(csv.contains(",-12.5,"), "a plain number stays a number: {csv}");
}

fn svg(args: &[&str]) -> String {
    let mut all = vec!["export", "--format", "svg"];
    all.extend_from_slice(args);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_timeline")).args(&all).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn bundled() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("timeline.ron").display().to_string()
}

#[test]
fn the_svg_is_xml_with_every_event_in_the_lane_of_each_of_its_actors_and_nothing_outside_it() {
    let text = svg(&[&bundled()]);
    let doc = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let timeline = timeline::load::load_file(std::path::Path::new(&bundled())).unwrap().report.timeline.unwrap();
    // Each event once in each of its actors' lanes (as actor or claimant), or once in `(none)`.
    let expected: usize = timeline.events.iter().map(|e| e.named_actors().count().max(1)).sum();
    let events: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.attribute("class") == Some("event")).collect();
    assert_eq!(events.len(), expected);
    for e in &timeline.events {
        let tips = events.iter().filter(|n| {
            n.children().any(|c| c.has_tag_name("title") && c.text().is_some_and(|t| t.starts_with(e.title.as_str())))
        });
        assert_eq!(tips.count(), e.named_actors().count().max(1), "{}", e.id);
    }
    for forbidden in ["<script", "href", "<image", "<foreignObject", "url(http"] {
        assert!(!text.contains(forbidden), "{forbidden}");
    }
}

#[test]
fn hostile_text_in_an_svg_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    std::fs::write(
        &file,
        "Timeline(title: \"<script>alert(1)</script> & \\u{202E}evil\", actors: [Actor(id: \"a\", name: \"</text><script>x</script>\\u{1b}[2J\")], \
         events: [Event(id: \"e\", when: \"2024-03-22\", title: \"\\\"quoted\\\" <b>bold</b> \\u{7}\", actors: [\"a\"], sources: [])])",
    )
    .unwrap();
    let text = svg(&[file.to_str().unwrap()]);
    let doc = roxmltree::Document::parse(&text).expect("still well-formed");
    assert!(!doc.descendants().any(|n| n.has_tag_name("script") || n.has_tag_name("b")));
    let all: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(all.contains("<script>alert(1)</script> & evil"), "{all}");
    assert!(all.contains("</text><script>x</script>"), "{all}");
    assert!(!all.contains('\u{1b}') && !all.contains('\u{202E}') && !all.contains('\u{7}'));
}

#[test]
fn an_svg_of_a_range_of_days_draws_those_days_not_the_years_its_events_began_in() {
    let text = svg(&["--from", "2024-03-18", "--to", "2024-03-26", &bundled()]);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let labels: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(labels.contains(&"18 Mar") && labels.contains(&"26"), "{labels:?}");
    assert!(!labels.iter().any(|l| *l == "≈" || l.contains("2001")), "no stretch cut, no early year: {labels:?}");
    // Events that began years before still show, running in from the left edge.
    let whole = svg(&[&bundled()]);
    let count = |t: &str| t.matches("class=\"event\"").count();
    assert!(count(&text) < count(&whole) && count(&text) > 0);
}

fn export_with(fixture: &str, args: &[&str]) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid").join(fixture);
    let out = Command::new(env!("CARGO_BIN_EXE_timeline")).arg("export").args(args).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json_event<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["events"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn the_json_export_has_each_link_both_ways_the_grades_and_the_sources_a_source_derives_from() {
    let doc: serde_json::Value = serde_json::from_str(&export("every-form.ron", "json")).unwrap();
    let note = "They disagree on who was there.";
    assert_eq!(
        json_event(&doc, "day-again")["links"],
        serde_json::json!([{"kind": "Contradicts", "to": "day", "note": note}])
    );
    let day = json_event(&doc, "day");
    assert!(day.get("links").is_none(), "no links out of it: {day}");
    assert_eq!(
        day["linked_from"],
        serde_json::json!([
            {"kind": "Corroborates", "from": "interval", "note": null},
            {"kind": "Contradicts", "from": "day-again", "note": note},
        ])
    );
    let cite = &day["sources"][0];
    assert_eq!(
        (&cite["reported"], &cite["credibility"], &cite["grade"]),
        (&"2024-03-23T09:00".into(), &2.into(), &"B2".into())
    );
    assert!(day["sources"][1].get("grade").is_none(), "no grade without a credibility: {}", day["sources"][1]);
    let sources = doc["sources"].as_array().unwrap();
    let report = sources.iter().find(|s| s["id"] == "report").unwrap();
    assert_eq!((&report["derived_from"], &report["reliability"]), (&serde_json::json!(["wire"]), &"B".into()));
    assert!(
        sources.iter().any(|s| s["id"] == "wire"),
        "the source it derives from is listed, though no event cites it"
    );
}

#[test]
fn exports_of_a_timeline_without_the_new_fields_have_none_of_their_keys_or_columns_filled() {
    let json = export("hostile-markdown.ron", "json");
    for key in [
        "\"links\"",
        "\"linked_from\"",
        "\"grade\"",
        "\"credibility\"",
        "\"reported\"",
        "\"derived_from\"",
        "\"reliability\"",
    ] {
        assert!(!json.contains(key), "{key} in {json}");
    }
    let csv = export("hostile-markdown.ron", "csv");
    let mut table = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(table.headers().unwrap().get(14), Some("links"));
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    // Links and their records: none.
    for column in [14, 18] {
        assert!(rows.iter().all(|r| r.get(column) == Some("")), "column {column}");
    }
}

#[test]
fn markdown_links_each_event_to_the_other_ones_anchor_both_ways_and_grades_citations() {
    let text = export("every-form.ron", "markdown");
    // Links go to the ids renderers make from the heading text (GitHub's slugs).
    assert!(text.contains("### The same day, later in the file"));
    assert!(text.contains("- **Contradicts:** [A day](#a-day): They disagree on who was there.\n"), "{text}");
    assert!(text.contains(
        "- **Contradicted by:** [The same day, later in the file](#the-same-day-later-in-the-file): They disagree on who was there.\n"
    ));
    assert!(text.contains("- **Led to:** [A year](#a-year)\n"), "Follows reads one way only");
    assert!(text.contains("- **Follows from:** [A month](#a-month)\n"));
    assert!(text.contains("- **Same as:** [From the 26th on](#from-the-26th-on): A merge left two entries.\n"));
    assert!(
        text.contains("- **Superseded by:** [From about the 23rd, end unknown](#from-about-the-23rd-end-unknown)\n")
    );
    assert!(text.contains(": “a short quote” (B2).\n"), "the grade beside its citation");
    assert!(text.contains(". Derived from “A wire story”. Reliability B (usually reliable).\n"), "{text}");
    // A link to an event left out of the export has no anchor to go to.
    let one_day =
        export_with("every-form.ron", &["--format", "markdown", "--from", "2024-03-23", "--to", "2024-03-23"]);
    assert!(one_day.contains("- **Corroborates:** A day (not in this export)\n"), "{one_day}");
    assert!(one_day.contains("- **Supersedes:** [Five days](#five-days)\n"), "{one_day}");
    let anchored = export_with("every-form.ron", &["--format", "markdown", "--html-anchors"]);
    assert!(anchored.contains("### <a id=\"day-again\"></a>The same day, later in the file"));
    assert!(anchored.contains("- **Contradicts:** [A day](#day): They disagree on who was there.\n"));
}

#[test]
fn csv_lists_an_events_links_in_the_last_column_and_grades_beside_citations() {
    let text = export("every-form.ron", "csv");
    let mut table = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = table.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[12..15], ["sources", "line", "links"], "columns added later come after these");
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert_eq!(&row("day")[12], "report ¶4 (B2); report ¶5");
    assert_eq!((&row("interval")[12], &row("interval")[14]), ("report (B3)", "Corroborates:day"));
    assert_eq!(&row("day")[14], "", "links into an event are in the row of the one they come from");
}

#[test]
fn timelinejs_credits_carry_the_grade() {
    let doc = timelinejs("every-form.ron");
    let text = event(&doc, "day")["text"]["text"].as_str().unwrap().to_string();
    assert!(
        text.contains("<span class=\"timeline-at\">¶4</span>: <q class=\"timeline-quote\">a short quote</q> (B2)</li>"),
        "{text}"
    );
    assert!(text.contains("Claimed by <span class=\"timeline-claimant\">Vladimir Putin</span>"), "{text}");
}
