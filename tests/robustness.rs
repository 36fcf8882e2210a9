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
