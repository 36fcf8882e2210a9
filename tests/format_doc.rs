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
