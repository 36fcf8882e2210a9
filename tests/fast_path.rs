//! The fast path for canonical events (`load::fast`) against ron, the reference: on any input it
//! reads the same event as ron or declines. The fuzz target `fast_path` checks the same property.

#[path = "../examples/generate/synth.rs"]
#[allow(dead_code, reason = "only the RON form is used here")]
mod synth;

mod common;
use proptest::prelude::*;
use timeline::load::fast::agrees_with_ron;
use timeline::load::outline::Outline;

const VALID: &str = include_str!("fixtures/valid/every-form.ron");

/// Each event of a file, as the parallel loader cuts it out.
fn events(text: &str) -> Vec<&str> {
    let outline = Outline::of(text);
    outline.events.iter().zip(&outline.event_ends).map(|(&s, &e)| &text[s..e]).collect()
}

fn generated() -> String {
    let mut out = Vec::new();
    synth::write(&mut out, 300, 20, 10, 7).unwrap();
    String::from_utf8(out).unwrap()
}

/// Characters that mean something to RON, and some that do not.
fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '"', '\\', '(', ')', '[', ']', ',', ':', '/', '*', '#', 'r', 'b', 'u', '{', '}', 'n', 't', '0', '1', '9',
            '-', '_', '.', 'e', ' ', '\n', '\t', '\r', '\u{b}', '\u{2028}', 'é', 'S', 'N',
        ]),
        any::<char>(),
    ]
}

/// Pieces of events, correct and not, to be put together at random.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Event(",
            "(",
            ")",
            "Cite(",
            "Link(",
            "[",
            "]",
            ",",
            ", ",
            " ",
            "\n",
            "// note\n",
            "/* c */",
            "id: ",
            "when: ",
            "title: ",
            "summary: ",
            "place: ",
            "actors: ",
            "tags: ",
            "status: ",
            "claimed_by: ",
            "sources: ",
            "links: ",
            "source: ",
            "at: ",
            "quote: ",
            "reported: ",
            "credibility: ",
            "kind: ",
            "to: ",
            "note: ",
            "\"a\"",
            "\"é \\\" x\"",
            "\"\\n\\t\\\\\"",
            "\"\\u{41}\"",
            "r\"raw\"",
            "Some(\"s\")",
            "None",
            "Some",
            "Claimed",
            "Follows",
            "3",
            "-1",
            "0",
            "007",
            "1_0",
            "2.5",
            "99999999999",
            "r#id: ",
            "Event (",
            "id : ",
            "true",
            "colour: ",
        ])
        .prop_map(str::to_string),
        "[a-z_:\",()\\[\\] \\\\0-9-]{1,6}",
    ]
}

/// A value of any field, well-formed or not, of the right type or not.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "\"a\"",
            "\"\"",
            "\"é ¶ \\\" \\\\ \\n\"",
            "\"\\u{41}\"",
            "\"\\x41\"",
            "\"\\\n  a\"",
            "\"\\q\"",
            "\"a\nb\"",
            "r\"raw\"",
            "r#\"raw\"#",
            "b\"b\"",
            "'c'",
            "Some(\"s\")",
            "Some( \"s\" ,)",
            "None",
            "Some",
            "Claimed",
            "Confirmed",
            "Nonesuch",
            "r#Claimed",
            "true",
            "3",
            "-1",
            "0",
            "-0",
            "007",
            "1_0",
            "2.5",
            "3e2",
            "0x1",
            "99999999999",
            "+3",
            "()",
            "[]",
            "[,]",
            "Cite()",
            "Link()",
            "Event()",
        ])
        .prop_map(str::to_string),
        "\"[^\"\\\\]{0,4}\"",
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            (prop::sample::select(vec!["Cite(", "Link(", "(", "Event("]), prop::collection::vec((name(), inner), 0..3))
                .prop_map(|(open, fields)| {
                    let fields: Vec<String> = fields.into_iter().map(|(n, v)| format!("{n}: {v}")).collect();
                    format!("{open}{})", fields.join(", "))
                }),
        ]
    })
}

/// A field's name: the format's, and others.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "id",
        "when",
        "title",
        "summary",
        "place",
        "actors",
        "tags",
        "status",
        "claimed_by",
        "sources",
        "links",
        "source",
        "at",
        "quote",
        "reported",
        "credibility",
        "kind",
        "to",
        "note",
        "colour",
        "r#id",
        "Id",
        "id ",
    ])
    .prop_map(str::to_string)
}

/// An event of fields with any names and values, between separators of any kind; mostly the
/// kinds the fast path takes, so that it is compared with ron often.
fn any_event() -> impl Strategy<Value = String> {
    let separator = prop_oneof![
        4 => prop::sample::select(vec![", ", ",", ",\n  ", " , ", ", // c\n"]),
        1 => prop::sample::select(vec![",,", " ", ", /* c */ ", ",\u{2028}"]),
    ];
    let head = prop_oneof![4 => prop::sample::select(vec!["Event(", "("]), 1 => prop::sample::select(vec!["Event (", "Evnt(", "Cite("])];
    let tail = prop_oneof![4 => prop::sample::select(vec![")", ",)", "\n)"]), 1 => prop::sample::select(vec![") x", "", "))"])];
    (head, prop::collection::vec((name(), value(), separator), 0..4), tail).prop_map(|(head, fields, tail)| {
        let mut text = head.to_string();
        for (i, (name, value, separator)) in fields.iter().enumerate() {
            if i > 0 {
                text.push_str(separator);
            }
            text.push_str(&format!("{name}: {value}"));
        }
        text + tail
    })
}

/// An event written the canonical way, with any of its fields and any text in its strings.
fn canonical() -> impl Strategy<Value = String> {
    let text = "[a-zé ¶\"\\\\-]{0,8}".prop_map(|s| {
        // Quotes and backslashes escaped, as a writer would.
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    });
    let list = prop::collection::vec(text.clone(), 0..3).prop_map(|items| format!("[{}]", items.join(", ")));
    let cite = (text.clone(), text.clone(), 0..8i64)
        .prop_map(|(s, at, c)| format!("Cite(source: {s}, at: {at}, credibility: {c})"));
    let link =
        (text.clone(), text.clone()).prop_map(|(to, note)| format!("Link(kind: Follows, to: {to}, note: {note})"));
    let field = prop_oneof![
        text.clone().prop_map(|t| format!("id: {t}")),
        text.clone().prop_map(|t| format!("when: {t}")),
        text.clone().prop_map(|t| format!("title: {t}")),
        text.clone().prop_map(|t| format!("summary: {t}")),
        text.clone().prop_map(|t| format!("place: {t}")),
        list.clone().prop_map(|l| format!("actors: {l}")),
        list.clone().prop_map(|l| format!("tags: {l}")),
        list.prop_map(|l| format!("claimed_by: {l}")),
        prop::sample::select(vec!["Reported", "Claimed", "Confirmed"]).prop_map(|s| format!("status: {s}")),
        prop::collection::vec(cite, 0..3).prop_map(|c| format!("sources: [{}]", c.join(", "))),
        prop::collection::vec(link, 0..2).prop_map(|l| format!("links: [{}]", l.join(", "))),
    ];
    (prop::collection::vec(field, 0..8), any::<bool>()).prop_map(|(mut fields, named)| {
        // A field is given once.
        let mut seen = std::collections::HashSet::new();
        fields.retain(|f| seen.insert(f.split(':').next().unwrap_or_default().to_string()));
        let name = if named { "Event" } else { "" };
        let fields: String = fields.iter().map(|f| format!("\n    {f},")).collect();
        format!("{name}({fields}\n)")
    })
}

#[test]
fn every_generated_event_takes_the_fast_path_and_reads_as_ron_reads_it() {
    let text = generated();
    let events = events(&text);
    assert_eq!(events.len(), 300);
    for event in events {
        assert!(timeline::load::fast::takes(event), "declined:\n{event}");
        assert_eq!(agrees_with_ron(event), Ok(()), "{event}");
    }
}

#[test]
fn the_random_events_are_often_taken_and_often_declined() {
    // Else the property below would hold without testing anything.
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = any_event();
    let taken =
        (0..2000).filter(|_| timeline::load::fast::takes(&strategy.new_tree(&mut runner).unwrap().current())).count();
    assert!((100..1900).contains(&taken), "{taken} of 2,000 taken");
}

#[test]
fn every_event_of_the_fixture_reads_as_ron_reads_it_or_is_declined() {
    for event in events(VALID) {
        assert_eq!(agrees_with_ron(event), Ok(()), "{event}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn pieces_put_together_at_random_read_as_ron_reads_them_or_are_declined(
        pieces in prop::collection::vec(piece(), 0..24)
    ) {
        let text = pieces.concat();
        prop_assert_eq!(agrees_with_ron(&text), Ok(()), "{}", text);
    }

    #[test]
    fn events_of_any_fields_and_values_read_as_ron_reads_them_or_are_declined(text in any_event()) {
        prop_assert_eq!(agrees_with_ron(&text), Ok(()), "{}", text);
    }

    #[test]
    fn a_canonical_event_takes_the_fast_path(text in canonical()) {
        prop_assert!(timeline::load::fast::takes(&text), "declined:\n{}", text);
        prop_assert_eq!(agrees_with_ron(&text), Ok(()), "{}", text);
    }

    #[test]
    fn a_canonical_event_with_characters_changed_reads_as_ron_reads_it_or_is_declined(
        text in canonical(),
        edits in prop::collection::vec((any::<usize>(), a_char().prop_map(String::from), 0..3u8), 1..4),
    ) {
        let text = common::edited(&text, &edits);
        prop_assert_eq!(agrees_with_ron(&text), Ok(()), "{}", text);
    }

    #[test]
    fn a_generated_event_with_characters_changed_reads_as_ron_reads_it_or_is_declined(
        pick in 0..300usize,
        edits in prop::collection::vec((any::<usize>(), a_char().prop_map(String::from), 0..3u8), 1..4),
    ) {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let text = TEXT.get_or_init(generated);
        let text = common::edited(events(text)[pick], &edits);
        prop_assert_eq!(agrees_with_ron(&text), Ok(()), "{}", text);
    }
}
