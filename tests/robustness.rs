//! Broken input never panics: every prefix of a valid file, and every single-byte deletion, loads
//! to a report whose diagnostics all render, with a place when the problem has one.

use timeline::load::{SourceFile, load_bytes};

const VALID: &[u8] = include_bytes!("fixtures/valid/every-form.ron");

fn load_and_render(bytes: &[u8]) -> usize {
    let loaded = load_bytes(bytes, None);
    let file = SourceFile::new("t.ron", &loaded.text);
    for d in &loaded.report.diagnostics {
        let text = file.render(d);
        assert!(text.starts_with("t.ron:"), "{text}");
    }
    loaded.report.errors()
}

#[test]
fn every_truncation_of_a_valid_file_is_an_error_and_never_a_panic() {
    let end = VALID.len() - VALID.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    let last = VALID[..end].iter().rposition(|&b| b == b')').unwrap();
    for cut in 0..last {
        assert!(load_and_render(&VALID[..cut]) > 0, "cut at byte {cut} was accepted");
    }
}

#[test]
fn deleting_any_one_byte_never_panics() {
    for i in 0..VALID.len() {
        let mut bytes = VALID.to_vec();
        bytes.remove(i);
        load_and_render(&bytes);
    }
}

#[test]
fn replacing_any_byte_with_a_quote_or_bracket_never_panics() {
    for i in (0..VALID.len()).step_by(3) {
        for b in [b'"', b'(', b']', 0xff, b'/'] {
            let mut bytes = VALID.to_vec();
            bytes[i] = b;
            load_and_render(&bytes);
        }
    }
}

#[test]
fn an_actor_named_twice_in_a_list_is_kept_once_and_named_actors_lists_each_once() {
    let text = r#"Timeline(title: "t", actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B"), Actor(id: "c", name: "C")],
        events: [Event(id: "e", when: "2024", title: "t", actors: ["a", "b", "a"], status: Claimed, claimed_by: ["c", "b", "c"], sources: [])])"#;
    let timeline = timeline::load::load_str(text, None).timeline.expect("valid");
    let e = &timeline.events[0];
    assert_eq!(&*e.actors, &[0, 1]);
    assert_eq!(&*e.claimed_by, &[2, 1]);
    assert_eq!(e.named_actors().collect::<Vec<_>>(), vec![0, 1, 2]);
}

#[test]
fn named_actors_agrees_with_a_plain_dedup_when_lists_are_long() {
    // Past the size where a set is used, the result is the same as for short lists.
    let n = 3000;
    let actors: Vec<String> = (0..n).map(|i| format!("Actor(id: \"a{i}\", name: \"A {i}\")")).collect();
    let refs = |range: std::ops::Range<usize>| range.map(|i| format!("\"a{i}\"")).collect::<Vec<_>>().join(", ");
    let text = format!(
        "Timeline(title: \"t\", actors: [{}], events: [Event(id: \"e\", when: \"2024\", title: \"t\", actors: [{}], status: Claimed, claimed_by: [{}], sources: [])])",
        actors.join(", "),
        refs(0..2000),
        refs(1000..3000)
    );
    let timeline = timeline::load::load_str(&text, None).timeline.expect("valid");
    let named: Vec<usize> = timeline.events[0].named_actors().collect();
    assert_eq!(named, (0..3000).collect::<Vec<_>>());
}
