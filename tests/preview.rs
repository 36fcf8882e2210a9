//! The browser's first screen of a large file (`load::preview`): the events in the order the
//! load will give them, read a window at a time.

use proptest::prelude::*;
use std::sync::Arc;
use timeline::load::outline::Outline;
use timeline::load::preview::Preview;

/// A timeline whose events have the given `when`s, in file order, with ids `e0`, `e1`, ….
fn file(whens: &[&str], anchor: Option<usize>) -> String {
    let mut text = String::from("Timeline(\n    title: \"T\",\n    timezone: \"+03:00\",\n");
    if let Some(a) = anchor {
        text.push_str(&format!("    anchor: \"e{a}\",\n"));
    }
    text.push_str("    actors: [Actor(id: \"a\", name: \"A\")],\n    events: [\n");
    for (i, when) in whens.iter().enumerate() {
        // Some events spread over lines, some with the id later than the when: both as written.
        if i % 3 == 0 {
            text.push_str(&format!(
                "        Event(when: \"{when}\", id: \"e{i}\", title: \"when: \\\"1999\\\"\", actors: [\"a\"]),\n"
            ));
        } else {
            let links =
                if i > 0 { format!("links: [Link(to: \"e{}\", kind: Follows)],", i - 1) } else { String::new() };
            text.push_str(&format!("        Event(\n            id: \"e{i}\",\n            when: \"{when}\",\n            title: \"Title {i}\", {links}\n        ),\n"));
        }
    }
    text.push_str("    ],\n)\n");
    text
}

fn ids(timeline: &timeline::model::Timeline, places: &[usize]) -> Vec<String> {
    places.iter().map(|&p| timeline.events[p].id.to_string()).collect()
}

fn preview_of(text: &str) -> (Arc<String>, Preview) {
    let text = Arc::new(text.to_string());
    let preview = Preview::new(&text, &Outline::of(&text)).expect("a preview");
    (text, preview)
}

const WHENS: [&str; 12] = [
    "2024",
    "2024-03-22",
    "2024-03-22T20:00",
    "2023~",
    "2024-03",
    "2024-03-22",
    "2024-03-21/2024-03-25",
    "../2024-03-20",
    "2024-03-24/..",
    "2024-03-22T19:58:00Z",
    "1999?",
    "2024-03-22",
];

#[test]
fn the_windows_together_are_the_loaded_order() {
    let text = file(&WHENS, Some(4));
    let loaded = timeline::load::load_str(&text, None).timeline.expect("loads");
    let expected: Vec<String> = loaded.events.iter().map(|e| e.id.to_string()).collect();
    let (_, preview) = preview_of(&text);
    assert_eq!(preview.len(), WHENS.len());
    let mut seen = Vec::new();
    for start in (0..preview.len()).step_by(5) {
        let (window, places) = preview.window(start..start + 5).expect("a window");
        seen.extend(ids(&window, &places));
        assert_eq!(window.anchor.map(|a| window.events[a].id.to_string()), Some("e4".to_string()));
    }
    assert_eq!(seen, expected);
    assert_eq!(preview.anchor(), expected.iter().position(|id| id == "e4"));
}

#[test]
fn a_window_keeps_each_events_line_in_the_file() {
    let text = file(&WHENS, None);
    let loaded = timeline::load::load_str(&text, None).timeline.expect("loads");
    let (_, preview) = preview_of(&text);
    let (window, places) = preview.window(3..8).expect("a window");
    let lines: Vec<u32> = places.iter().map(|&p| window.events[p].line).collect();
    let expected: Vec<u32> = loaded.events[3..8].iter().map(|e| e.line).collect();
    assert_eq!(lines, expected);
}

#[test]
fn an_event_that_does_not_load_leaves_its_window_empty_not_wrong() {
    let text = file(&["2024", "not a date", "2023"], None);
    let (_, preview) = preview_of(&text);
    assert_eq!(preview.len(), 3);
    assert!(preview.window(0..3).is_none(), "the load says what is wrong, not the preview");
    let (window, places) = preview.window(0..2).expect("the two good events");
    assert_eq!(ids(&window, &places), ["e2", "e0"]);
}

#[test]
fn a_preview_kept_as_bytes_reads_back_the_same_with_every_line_counted() {
    let text = file(&WHENS, Some(4));
    let (text, preview) = preview_of(&text);
    let bytes = preview.to_bytes().expect("bytes");
    let back = Preview::from_bytes(&text, &bytes).expect("read back");
    assert_eq!(back.len(), preview.len());
    assert_eq!(back.anchor(), preview.anchor());
    let (a, a_places) = preview.window(2..9).expect("a window");
    let (b, b_places) = back.window(2..9).expect("the same window");
    let rows = |t: &timeline::model::Timeline, places: &[usize]| -> Vec<(String, u32)> {
        places.iter().map(|&p| (t.events[p].id.to_string(), t.events[p].line)).collect()
    };
    assert_eq!(rows(&a, &a_places), rows(&b, &b_places));
}

#[test]
fn bytes_that_are_not_a_preview_of_this_text_are_refused() {
    let text = file(&WHENS, Some(4));
    let (text, preview) = preview_of(&text);
    let bytes = preview.to_bytes().expect("bytes");
    assert!(Preview::from_bytes(&text, &bytes[..bytes.len() - 1]).is_none(), "cut short");
    let shorter = Arc::new(text[..text.len() / 2].to_string());
    assert!(Preview::from_bytes(&shorter, &bytes).is_none(), "spans beyond the text");
    let mut swapped = bytes.clone();
    // The first event's start, made to lie after its end.
    swapped[56..60].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(Preview::from_bytes(&text, &swapped).is_none(), "a span out of order");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_dates_come_in_the_loaded_order(picks in proptest::collection::vec(0..WHENS.len(), 1..40), size in 1usize..9) {
        let whens: Vec<&str> = picks.iter().map(|&p| WHENS[p]).collect();
        let text = file(&whens, None);
        let loaded = timeline::load::load_str(&text, None).timeline.expect("loads");
        let expected: Vec<(String, u32)> = loaded.events.iter().map(|e| (e.id.to_string(), e.line)).collect();
        let (_, preview) = preview_of(&text);
        let mut seen = Vec::new();
        for start in (0..preview.len()).step_by(size) {
            let (window, places) = preview.window(start..start + size).expect("a window");
            seen.extend(places.iter().map(|&p| (window.events[p].id.to_string(), window.events[p].line)));
        }
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn damaged_bytes_never_make_a_window_panic(at in 0usize..4096, byte in any::<u8>()) {
        let text = file(&WHENS, Some(4));
        let (text, preview) = preview_of(&text);
        let mut bytes = preview.to_bytes().expect("bytes");
        let at = at % bytes.len();
        bytes[at] = byte;
        if let Some(damaged) = Preview::from_bytes(&text, &bytes) {
            for start in 0..damaged.len() {
                let _ = damaged.window(start..start + 3);
            }
        }
    }
}
