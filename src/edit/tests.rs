use super::*;

const FILE: &str = r#"// A timeline to edit.
Timeline(
    title: "T",
    timezone: "+03:00",

    actors: [
        Actor(id: "a", name: "A"),
    ],

    sources: [
        // ---- Articles
        Source(
            id: "s",    // the first
            title: "S", // its title
        ),
        Source(id: "t", title: "T2"),
    ],

    events: [
        Event(
            id: "e1",
            when: "2024-03-01",
            title: "One",
            actors: ["a"],
            sources: [Cite(source: "s")],
        ),
        // Later on.
        Event(id: "e3", when: "2024-03-03", title: "Three", sources: [Cite(source: "t")]),
    ],
)
"#;

fn doc() -> Document {
    Document::open(FILE).unwrap()
}

#[test]
fn set_fields_adds_fields_in_the_items_layout_and_keeps_its_comments() {
    let mut d = doc();
    d.set_fields(Kind::Source, "s", &[("archive", "sources/s.txt".into()), ("url", "https://x.org".into())]).unwrap();
    d.set_fields(Kind::Source, "t", &[("archive", "sources/t.txt".into())]).unwrap();
    let out = d.finish().unwrap();
    assert!(
        out.contains(
            "            id: \"s\",    // the first\n            title: \"S\", // its title\n            url: \"https://x.org\",\n            archive: \"sources/s.txt\",\n        ),"
        ),
        "{out}"
    );
    assert!(out.contains("Source(id: \"t\", title: \"T2\", archive: \"sources/t.txt\"),"), "{out}");
    // Nothing else changed.
    let rest = out.replace("            url: \"https://x.org\",\n            archive: \"sources/s.txt\",\n", "");
    assert_eq!(rest.replace(", archive: \"sources/t.txt\"", ""), FILE);
}

#[test]
fn set_fields_replaces_a_value_in_place_and_removes_a_field() {
    let mut d = doc();
    d.set_fields(Kind::Source, "s", &[("title", Value::text("New \"title\""))]).unwrap();
    d.set_fields(Kind::Event, "e1", &[("actors", Value::Absent), ("status", Value::word("Confirmed"))]).unwrap();
    let out = d.finish().unwrap();
    assert!(out.contains("title: r#\"New \"title\"\"#, // its title"), "{out}");
    assert!(!out.contains("actors: [\"a\"]"), "{out}");
    assert!(out.contains("            title: \"One\",\n            status: Confirmed,\n"), "{out}");
}

#[test]
fn an_unknown_field_or_a_broken_reference_is_refused_with_the_loaders_words() {
    let mut d = doc();
    d.set_fields(Kind::Source, "s", &[("archve", "x".into())]).unwrap();
    let problems = d.finish().unwrap_err();
    assert!(problems[0].message.contains("archve"), "{problems:?}");
    let mut d = doc();
    d.set_fields(Kind::Event, "e1", &[("actors", Value::texts(["nobody"]))]).unwrap();
    assert!(d.finish().is_err());
    assert!(doc().set_fields(Kind::Source, "nope", &[("title", "x".into())]).is_err());
    assert!(doc().set_fields(Kind::Source, "s", &[("a b", "x".into())]).is_err());
}

#[test]
fn insert_puts_an_event_in_time_order_in_the_lists_layout() {
    let mut d = doc();
    let event = |id: &str, when: &str| {
        vec![
            ("id", Value::text(id)),
            ("when", Value::text(when)),
            ("title", Value::text("Two")),
            ("sources", Value::List(vec![Value::Record("Cite".into(), vec![("source".into(), "s".into())])])),
        ]
    };
    d.insert(Kind::Event, &event("e2", "2024-03-02")).unwrap();
    d.insert(Kind::Event, &event("e0", "2024")).unwrap();
    d.insert(Kind::Event, &event("e4", "2025")).unwrap();
    let out = d.finish().unwrap();
    let two = "        Event(\n            id: \"e2\",\n            when: \"2024-03-02\",\n            title: \"Two\",\n            sources: [\n                Cite(source: \"s\"),\n            ],\n        ),\n";
    assert!(
        out.contains(&format!("            sources: [Cite(source: \"s\")],\n        ),\n{two}        // Later on.")),
        "{out}"
    );
    let ids: Vec<usize> =
        ["\"e0\"", "\"e1\"", "\"e2\"", "\"e3\"", "\"e4\""].iter().map(|id| out.find(id).unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(doc().insert(Kind::Event, &event("e1", "2024")).is_err(), "a duplicate id");
}

#[test]
fn insert_adds_a_source_at_the_end_and_a_list_that_is_missing() {
    let mut d = doc();
    d.insert(Kind::Source, &[("id", "u".into()), ("title", "U".into())]).unwrap();
    let out = d.finish().unwrap();
    assert!(out.contains("        Source(id: \"t\", title: \"T2\"),\n        Source(\n            id: \"u\",\n            title: \"U\",\n        ),\n    ],"), "{out}");
    let mut d = Document::open("Timeline(title: \"T\", events: [])").unwrap();
    d.insert(Kind::Source, &[("id", "u".into()), ("title", "U".into())]).unwrap();
    d.insert(Kind::Event, &[("id", "e".into()), ("when", "2024".into()), ("title", "E".into())]).unwrap();
    let out = d.finish().unwrap();
    assert_eq!(
        out,
        "Timeline(title: \"T\", sources: [\n    Source(\n        id: \"u\",\n        title: \"U\",\n    ),\n], events: [\n    Event(\n        id: \"e\",\n        when: \"2024\",\n        title: \"E\",\n    ),\n])"
    );
}

#[test]
fn remove_takes_the_item_and_its_lines_and_leaves_the_comments_above() {
    let mut d = doc();
    d.remove(Kind::Event, "e3").unwrap();
    d.remove(Kind::Source, "t").unwrap();
    let out = d.finish().unwrap();
    assert!(out.contains("            title: \"S\", // its title\n        ),\n    ],"), "{out}");
    assert!(out.contains("        ),\n        // Later on.\n    ],"), "{out}");
    let mut d = Document::open(
        "Timeline(title: \"T\", actors: [Actor(id: \"a\", name: \"A\"), Actor(id: \"b\", name: \"B\")])",
    )
    .unwrap();
    d.remove(Kind::Actor, "b").unwrap();
    assert_eq!(d.text(), "Timeline(title: \"T\", actors: [Actor(id: \"a\", name: \"A\")])");
    d.remove(Kind::Actor, "a").unwrap();
    assert_eq!(d.text(), "Timeline(title: \"T\", actors: [])");
}

#[test]
fn removing_what_others_refer_to_is_refused() {
    let mut d = doc();
    d.remove(Kind::Actor, "a").unwrap();
    let problems = d.finish().unwrap_err();
    assert!(problems.iter().any(|p| p.message.contains("`a`")), "{problems:?}");
}

#[test]
fn save_writes_over_the_file_and_refuses_when_it_changed_meanwhile() {
    let dir = tempfile::TempDir::with_prefix("timeline-edit-").unwrap();
    let path = dir.path().join("t.ron");
    std::fs::write(&path, FILE).unwrap();
    let mut d = doc();
    d.set_fields(Kind::Source, "t", &[("note", "n".into())]).unwrap();
    d.save(&path).unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("note: \"n\""));
    // `d` was read before that write: a second save would lose it.
    assert!(matches!(d.save(&path), Err(SaveError::Changed)));
}

#[test]
fn a_file_with_windows_line_ends_keeps_them() {
    let text = FILE.replace('\n', "\r\n");
    let mut d = Document::open(&text).unwrap();
    d.set_fields(Kind::Source, "s", &[("url", "https://x.org".into())]).unwrap();
    d.insert(Kind::Event, &[("id", "e2".into()), ("when", "2024-03-02".into()), ("title", "Two".into())]).unwrap();
    d.remove(Kind::Event, "e3").unwrap();
    d.set_fields(Kind::Source, "t", &[("note", "n".into())]).unwrap();
    let out = d.finish().unwrap();
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert!(out.contains("            url: \"https://x.org\",\r\n"), "{out:?}");
    let formatted = formatted(&out).unwrap().unwrap();
    assert!(!formatted.replace("\r\n", "").contains('\n'), "fmt keeps them too: {formatted:?}");
    assert_eq!(super::formatted(&formatted).unwrap(), None);
}

#[test]
fn contains_says_whether_an_item_is_there() {
    let d = doc();
    assert!(d.contains(Kind::Source, "t") && d.contains(Kind::Event, "e3"));
    assert!(!d.contains(Kind::Source, "e3") && !d.contains(Kind::Actor, "s"));
}

#[test]
fn words_and_names_that_would_change_the_syntax_are_refused() {
    let mut d = doc();
    let sneaky = Value::word("Confirmed, summary: \"x\"");
    assert!(d.set_fields(Kind::Event, "e1", &[("status", sneaky)]).is_err());
    let record = Value::Record("Cite(".into(), vec![]);
    assert!(d.set_fields(Kind::Event, "e1", &[("sources", Value::List(vec![record]))]).is_err());
    assert!(d.insert(Kind::Actor, &[("id", "x".into()), ("na me", "X".into())]).is_err());
    assert_eq!(d.text(), FILE);
}

#[test]
fn a_record_whose_first_field_shares_its_line_is_still_written_in_lines() {
    let text = "Timeline(\n    title: \"T\",\n    sources: [\n        Source(id: \"s\",\n            title: \"S\"),\n    ],\n)\n";
    let mut d = Document::open(text).unwrap();
    d.set_fields(Kind::Source, "s", &[("archive", "a.txt".into()), ("authors", Value::texts(["A"]))]).unwrap();
    assert_eq!(
        d.text(),
        "Timeline(\n    title: \"T\",\n    sources: [\n        Source(id: \"s\",\n            title: \"S\",\n            authors: [\"A\"],\n            archive: \"a.txt\",),\n    ],\n)\n"
    );
}

#[test]
fn a_new_id_is_followed_by_the_fields_set_after_it() {
    let mut d = doc();
    d.set_fields(Kind::Source, "t", &[("id", "t2".into()), ("note", "n".into())]).unwrap();
    assert!(d.text().contains("Source(id: \"t2\", title: \"T2\", note: \"n\"),"), "{}", d.text());
    let twice = doc().insert(Kind::Source, &[("id", "t".into()), ("title", "T".into())]).unwrap_err();
    assert_eq!(twice.message, "there is already a source `t`");
}
