//! docs/FORMAT.md is the contract with users: its complete example must load cleanly.

use timeline::load::load_str;

#[test]
fn the_annotated_example_in_format_md_loads_without_errors_or_warnings() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let start = doc.find("```ron\n").expect("FORMAT.md has a ```ron block") + "```ron\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let report = load_str(example, None);
    assert_eq!(report.diagnostics, vec![], "the example must be clean");
    let timeline = report.timeline.unwrap();
    assert_eq!(timeline.events.len(), 2);
    assert_eq!(timeline.anchor, Some(0));
}

#[test]
fn format_md_names_every_field_of_every_record_and_every_word_of_the_new_kinds() {
    use timeline::load::outline::Shape;
    use timeline::model::{LinkKind, Reliability};
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    for shape in [Shape::Timeline, Shape::Actor, Shape::Source, Shape::Event, Shape::Cite, Shape::Link] {
        assert!(doc.contains(&format!("{}(", shape.name())), "`{}(` in FORMAT.md", shape.name());
        for field in shape.fields() {
            assert!(doc.contains(&format!("{field}:")), "`{field}` of `{}` in FORMAT.md", shape.name());
        }
    }
    for word in LinkKind::NAMES.iter().chain(Reliability::NAMES) {
        assert!(doc.contains(&format!("| `{word}` |")), "`{word}` in a table of FORMAT.md");
    }
    for digit in timeline::model::CREDIBILITY {
        assert!(doc.contains(&format!("| `{digit}` |")), "credibility `{digit}` in FORMAT.md");
    }
}
