//! The parallel loader checks each chunk of events on the worker that parsed it and merges the
//! chunks in order: its diagnostics must be exactly those of the one-piece path, whatever they
//! are and wherever in the file, with the timeline kept (`load_str`) or not (`check_file`).

use timeline::load::{Diagnostic, SourceFile, check_file, load_str};

/// A file of `n` events (a few chunks of 512) with problems of every kind, many of them across
/// chunks: ids repeated far apart, links forward and back, actors and sources left unused.
fn troubled(n: usize, comment: &str) -> String {
    let mut text = format!(
        "{comment}Timeline(\n  title: \"Checks\",\n  anchor: \"e{}\",\n  actors: [\n    Actor(id: \"ann\", name: \"Ann\"),\n    \
         Actor(id: \"bob\", name: \"Bob\"),\n    Actor(id: \"idle\", name: \"Idle\"),\n  ],\n  sources: [\n    \
         Source(id: \"s1\", title: \"One\"),\n    Source(id: \"s2\", title: \"Two\"),\n    Source(id: \"s3\", title: \"Three\"),\n  ],\n  events: [\n",
        n - 3
    );
    for i in 0..n {
        let id = match i % 997 {
            5 => "\n      id: \"e7\"".to_string(),
            11 => "title: \"No id\"".to_string(),
            13 => "id: \"Not Kebab\"".to_string(),
            _ => format!("id: \"e{i}\""),
        };
        let id = if i == 1900 { "id: \"e3\"".to_string() } else { id };
        let when = match i % 311 {
            7 => "".to_string(),
            8 => ", when: \"2024-13-01\"".to_string(),
            _ => format!(", when: \"20{:02}-0{}-1{}\"", 10 + i % 7, 1 + i % 9, i % 10),
        };
        let actors = match i % 401 {
            3 => ", actors: [\"ann\", \"nobody\"]",
            4 => ", actors: [\"bob\", \"bob\"], claimed_by: [\"ann\"]",
            5 => ", status: Claimed",
            6 => ", status: Rumoured",
            _ => ", actors: [\"ann\"]",
        };
        let sources = match i % 503 {
            2 => "".to_string(),
            3 => ", sources: [Cite(source: \"s4\")]".to_string(),
            4 => ", sources: [Cite(at: \"p. 2\")]".to_string(),
            5 => ", sources: [Cite(source: \"s1\", credibility: 9, at: \"¶0\")]".to_string(),
            6 => ", sources: [Cite(source: \"s1\", reported: \"2024-02-30\")]".to_string(),
            _ => format!(", sources: [Cite(source: \"s{}\")]", 1 + i % 2),
        };
        let links = match i % 601 {
            1 => format!(", links: [Link(kind: Supersedes, to: \"e{}\")]", (i + 700) % n),
            2 => format!(", links: [Link(kind: Supersedes, to: \"e{}\")]", (i + n - 1) % n),
            3 => ", links: [Link(kind: Follows, to: \"e999999\"), Link(to: \"e0\")]".to_string(),
            4 => format!(", links: [Link(kind: Contradicts, to: \"e{i}\")]"),
            _ => String::new(),
        };
        // Supersedes links round a cycle across chunks.
        let links = match i {
            1500 => ", links: [Link(kind: Supersedes, to: \"e2500\")]".to_string(),
            2500 => ", links: [Link(kind: Supersedes, to: \"e1700\")]".to_string(),
            1700 => ", links: [Link(kind: Supersedes, to: \"e1500\")]".to_string(),
            _ => links,
        };
        let title = if i % 997 == 11 { String::new() } else { format!(", title: \"Event {i}\"") };
        text.push_str(&format!("    Event({id}{when}{title}{actors}{sources}{links}),\n"));
    }
    text.push_str("  ],\n)\n");
    text
}

fn rendered(text: &str, diagnostics: &[Diagnostic]) -> String {
    let file = SourceFile::new("t.ron", text);
    diagnostics.iter().map(|d| file.render(d)).collect::<Vec<_>>().join("\n")
}

#[test]
fn chunks_checked_on_the_workers_say_what_one_piece_says() {
    for n in [600, 3_000] {
        // The same length before `Timeline(`, so that every span and line is the same; `#!`
        // sends the file down the one-piece path (see load/parallel.rs).
        let (parallel, one) = (troubled(n, "/* ## */"), troubled(n, "/* #! */"));
        let (fast, slow) = (load_str(&parallel, None), load_str(&one, None));
        assert!(fast.diagnostics.len() > 20, "{n}: {}", rendered(&parallel, &fast.diagnostics));
        assert_eq!(rendered(&parallel, &fast.diagnostics), rendered(&one, &slow.diagnostics), "{n}");
        assert_eq!(fast.diagnostics, slow.diagnostics, "{n}");
        assert_eq!(fast.counts, slow.counts);
        let said = |what: &str| fast.diagnostics.iter().any(|d| d.message.contains(what));
        assert!(
            said("duplicate event id `e7`") && (n < 2_500 || said("cycle") && said("duplicate event id `e3`")),
            "{n}"
        );

        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("t.ron");
        std::fs::write(&path, &parallel).unwrap();
        let checked = check_file(&path).unwrap();
        assert!(checked.report.timeline.is_none());
        let (file, expected) = (folder.path().join("one.ron"), {
            std::fs::write(folder.path().join("one.ron"), &one).unwrap();
            check_file(&folder.path().join("one.ron")).unwrap()
        });
        drop(file);
        assert_eq!(checked.report.diagnostics, expected.report.diagnostics, "{n}, checked");
    }
}

#[test]
fn a_file_checked_in_chunks_has_only_its_unused_items_and_every_line_right() {
    let text = troubled(3_000, "").lines().filter(|l| !l.contains("Event")).collect::<Vec<_>>().join("\n");
    let mut text = text.replace("  anchor: \"e2997\",\n", "").replace("  ],\n)", "");
    for i in 0..3_000 {
        let lines = if i % 3 == 0 { "\n\n" } else { "\n" };
        text.push_str(&format!(
            "    Event(id: \"e{i}\",{lines} when: \"2024\", title: \"E\", actors: [\"ann\", \"bob\"], sources: [Cite(source: \"s{}\")]),\n",
            1 + i % 2
        ));
    }
    text.push_str("  ],\n)\n");
    let report = load_str(&text, None);
    let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["actor `idle` is never used", "source `s3` is never cited"]);
    let timeline = report.timeline.unwrap();
    let file = SourceFile::new("", &text);
    for e in &timeline.events {
        let at = text.find(&format!("Event(id: \"{}\",", e.id)).unwrap();
        assert_eq!(e.line, file.line(at), "{}", e.id);
    }
}
