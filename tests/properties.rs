//! Properties over the entry points that the fuzzers (fuzz/) exercise, so that `cargo test` checks
//! them on every run: nothing panics on any input, filtering is exact, exports keep every event.

mod common;

use proptest::prelude::*;
use timeline::export::{self, Format, Options};
use timeline::load::{SourceFile, load_bytes};
use timeline::model::when::When;
use timeline::query::{Filter, Query};

const VALID: &[u8] = include_bytes!("fixtures/valid/every-form.ron");

fn utc() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(0).unwrap()
}

/// Loads and renders every diagnostic: the whole path a file takes through `timeline check`.
fn check(bytes: &[u8]) {
    let loaded = load_bytes(bytes, None);
    let file = SourceFile::new("p.ron", &loaded.text);
    for d in &loaded.report.diagnostics {
        let _ = file.render(d);
    }
}

/// `bytes` with each (position, byte, how) edit made: 0 replaces, 1 inserts, 2 deletes.
fn edited(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    for &(at, byte, how) in edits {
        let at = at % bytes.len().max(1);
        match how {
            _ if bytes.is_empty() => bytes.push(byte),
            0 => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// Query text from pieces that mean something and pieces that do not.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("fsb".to_string()),
        Just("attack".to_string()),
        Just("\"two words\"".to_string()),
        Just("@f".to_string()),
        Just("@".to_string()),
        Just("#claim".to_string()),
        Just("#".to_string()),
        Just("from:2024-03".to_string()),
        Just("to:2024-03-22T20:00".to_string()),
        Just("status:claimed".to_string()),
        Just("source:".to_string()),
        Just("frm:2024".to_string()),
        "[a-z@#:\"-]{1,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec((any::<bool>(), piece), 0..5).prop_map(|terms| {
        terms.into_iter().map(|(negate, t)| if negate { format!("-{t}") } else { t }).collect::<Vec<_>>().join(" ")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_load_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn a_valid_file_with_bytes_changed_loads_without_a_panic(
        edits in prop::collection::vec((0..VALID.len(), any::<u8>(), 0..3u8), 1..6)
    ) {
        check(&edited(VALID.to_vec(), &edits));
    }

    #[test]
    fn a_crlf_file_with_long_lines_and_bytes_changed_loads_without_a_panic(
        edits in prop::collection::vec((0..4000usize, any::<u8>(), 0..3u8), 1..6)
    ) {
        // Long lines are cut around the caret in diagnostics, and CRLF ends lines with a `\r`:
        // the fuzzer found a panic where the two meet (its input is pinned in
        // tests/fixtures/regressions); this keeps such files in the properties' reach.
        let text = String::from_utf8_lossy(VALID).replace("\n        Event(", " Event(").replace('\n', "\r\n");
        check(&edited(text.into_bytes(), &edits));
    }

    #[test]
    fn any_date_text_parses_or_is_refused_and_a_parsed_date_is_in_order(
        text in prop_oneof!["[0-9X?~%/.:TZ+-]{0,24}", "\\PC{0,12}", "[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2})?)?)?[~?%]?(/[0-9.]{0,10})?"]
    ) {
        if let Ok(when) = When::parse(&text, utc()) {
            let _ = when.describe(utc());
            if let (Some(start), Some(end)) = (when.start(utc()), when.end(utc())) {
                prop_assert!(start <= end, "{text}");
            }
        }
    }

    #[test]
    fn filtering_shows_exactly_the_events_that_pass_the_filter(text in query_text()) {
        let data = common::data();
        let filter = Filter { query: Query::parse(&text, &data.timeline, &data.index), ..Filter::default() };
        let prepared = filter.prepare(&data.timeline, &data.index);
        let shown = prepared.apply();
        let expected: Vec<usize> = (0..data.timeline.events.len()).filter(|&ix| prepared.matches(ix)).collect();
        prop_assert_eq!(shown, expected);
    }

    #[test]
    fn a_word_matches_exactly_the_events_whose_lowercased_text_contains_it(
        texts in prop::collection::vec("[aAeEéÉдДİıiIς Σσ“”k\u{212A}]{0,12}", 1..24),
        word in "[aAeEéÉдДİıiIσΣk\u{212A}]{1,3}",
    ) {
        // Text with and without case beyond ASCII: most events are searched in place ignoring
        // ASCII case, the rest in lowercased copies; both must agree with lowercasing everything.
        let events: String = texts
            .iter()
            .enumerate()
            .map(|(i, t)| format!("Event(id: \"e{i}\", when: \"2024\", title: \"T {t}\", summary: \"{t} S\", tags: [\"{t}\"], sources: [Cite(source: \"s\")]),"))
            .collect();
        let text = format!("Timeline(title: \"P\", sources: [Source(id: \"s\", title: \"S\")], events: [{events}])");
        let timeline = timeline::load::load_str(&text, None).timeline.expect("valid");
        let index = timeline::query::SearchIndex::new(&timeline);
        let filter = Filter { query: Query::parse(&word, &timeline, &index), ..Filter::default() };
        let prepared = filter.prepare(&timeline, &index);
        let needle = word.to_lowercase();
        for (ix, e) in timeline.events.iter().enumerate() {
            let expected = timeline::query::index::fields(e).any(|f| f.to_lowercase().contains(&needle));
            prop_assert_eq!(prepared.matches(ix), expected, "{:?} in {:?}", needle, e.title);
        }
    }

    #[test]
    fn an_export_keeps_every_event_it_was_given(
        picks in prop::collection::vec(any::<bool>(), 0..64),
        json in any::<bool>(),
    ) {
        let data = common::data();
        let events: Vec<usize> =
            (0..data.timeline.events.len()).filter(|&ix| picks.get(ix).copied().unwrap_or(true)).collect();
        let options = Options { html_anchors: true, ..Options::new("every-form.ron", Vec::new()) };
        let ids: Vec<&str> = events.iter().map(|&ix| data.timeline.events[ix].id.as_str()).collect();
        if json {
            let text = export::render(&data.timeline, &events, Format::Json, &options);
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let exported: Vec<&str> =
                doc["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
            prop_assert_eq!(exported, ids);
        } else {
            let text = export::render(&data.timeline, &events, Format::Markdown, &options);
            let anchors: Vec<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("### <a id=\""))
                .map(|rest| &rest[..rest.find('"').unwrap()])
                .collect();
            prop_assert_eq!(anchors, ids);
        }
    }
}

#[test]
fn resizing_from_one_cell_to_400_by_120_and_back_never_panics_in_any_mode() {
    // Up the diagonal in steps and back down, in every mode; then every pairing of the widths and
    // heights where the layout changes, on the main screen.
    let walk: Vec<(u16, u16)> = (1..=400u16).step_by(3).map(|w| (w, 1 + (w - 1) * 119 / 399)).collect();
    let there_and_back: Vec<(u16, u16)> = walk.iter().chain(walk.iter().rev()).copied().collect();
    let widths = [1, 2, 5, 10, 20, 29, 30, 31, 40, 60, 80, 99, 100, 101, 120, 200, 400];
    let heights = [1, 2, 5, 9, 10, 11, 12, 20, 24, 40, 80, 120];
    let grid: Vec<(u16, u16)> = widths.iter().flat_map(|&w| heights.iter().map(move |&h| (w, h))).collect();
    for (keys, sizes) in [
        ("", &grid),
        ("", &there_and_back),
        ("?", &there_and_back),
        ("a", &there_and_back),
        ("/fsb", &there_and_back),
        ("s", &there_and_back),
        ("S", &there_and_back),
        ("x", &there_and_back),
        ("vj", &there_and_back),
    ] {
        let mut b = common::browser(80, 24);
        b.press(keys);
        for &(w, h) in sizes.iter() {
            let resize = timeline::tui::action::Action::Resize { width: w, height: h };
            b.send(timeline::tui::msg::Msg::Action(resize));
            let _ = b.render(w, h);
        }
    }
}

/// Text of wide, combining and joined characters, with spaces now and then: CJK, emoji with
/// variation selectors and joiners, flags, accents written as combining marks.
fn wide_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "莫斯科",
        "音乐厅",
        "恐怖袭击事件",
        "テスト",
        "한국어",
        "👩\u{200D}👩\u{200D}👧\u{200D}👦",
        "☃\u{FE0F}",
        "🇺🇦",
        "e\u{301}",
        "a\u{20DD}",
        "x",
        " ",
        "ab",
        "\u{301}",
        "中",
    ]);
    prop::collection::vec(piece, 1..70).prop_map(|pieces| pieces.concat())
}

/// A timeline whose every shown field is `texts`' text.
fn wide_timeline(t: &[String]) -> String {
    format!(
        r#"Timeline(title: "W{0}", actors: [Actor(id: "a", name: "N{1}", aliases: ["{2}"]), Actor(id: "b", name: "M{2}", short: "S")],
  sources: [Source(id: "s", title: "S{3}", publisher: "{4}")],
  events: [
    Event(id: "one", when: "2024-03-22", title: "T{0}", summary: "{1}", actors: ["a", "b"], place: "{2}", tags: ["{3}"], status: Claimed, claimed_by: ["a"], sources: [Cite(source: "s", at: "{4}", quote: "{0}")]),
    Event(id: "two", when: "2024-03-22T20:02/2024-03-25", title: "U{1}{0}", summary: "{0}{0}", actors: ["b"], sources: [Cite(source: "s")]),
    Event(id: "three", when: "2024-03-23", title: "V{2}", status: Disputed, claimed_by: ["b"], sources: [Cite(source: "s")]),
  ])"#,
        t[0], t[1], t[2], t[3], t[4]
    )
}

/// Every wide character on screen has its second column, inside the screen and blank: else the
/// terminal wraps the line, or a pane's neighbour is drawn over.
fn wide_characters_fit(screen: &ratatui::buffer::Buffer) -> Result<(), String> {
    use unicode_width::UnicodeWidthStr;
    let area = screen.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = screen[(x, y)].symbol();
            for d in 1..symbol.width() as u16 {
                let next = (x + d < area.right()).then(|| screen[(x + d, y)].symbol());
                if next != Some(" ") {
                    return Err(format!("`{symbol}` at {x},{y} is followed by {next:?}"));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn wide_and_combining_characters_stay_inside_their_pane_at_every_size(
        texts in prop::collection::vec(wide_text(), 5),
        width in 30u16..170,
        height in 10u16..50,
        keys in prop::sample::select(vec!["", "j", "z", "w", "wj", "zw", "<tab>", "?", "a", "t", "S", "s", "x", "/中", "vj"]),
    ) {
        let text = wide_timeline(&texts);
        let timeline = timeline::load::load_str(&text, None).timeline.expect("a valid timeline");
        let data = timeline::tui::state::Data::new(timeline, std::path::Path::new("wide.ron"));
        let mut b = common::Browser::new(data, width, height);
        b.press(keys);
        let screen = b.screen();
        prop_assert_eq!(wide_characters_fit(screen.buffer()), Ok(()), "{}", screen);
    }
}
