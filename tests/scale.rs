//! What changes with size: the chunked parallel loader, exports written in chunks, and filtering
//! in the background. Timings live in benches/; these tests check that the fast paths give
//! exactly what the simple ones do.

mod common;

use common::Browser;
use std::sync::Arc;
use timeline::export::{self, Format, Options};
use timeline::load::{Severity, SourceFile, load_str};
use timeline::model::Timeline;
use timeline::query::Query;
use timeline::tui::effect::Effect;
use timeline::tui::msg::Msg;
use timeline::tui::runner::Runner;
use timeline::tui::state::{Data, State};

/// A valid timeline of `n` events in shuffled date order, spread over many days, some on the same
/// day, some citing two sources: enough for several parallel chunks (512 events each).
fn generated(n: usize) -> String {
    let mut text = String::from(
        "Timeline(\n  title: \"Scale\",\n  actors: [\n    Actor(id: \"ann\", name: \"Ann\"),\n    Actor(id: \"bob\", name: \"Bob Ferry\"),\n  ],\n  sources: [\n    Source(id: \"s1\", title: \"One\"),\n    Source(id: \"s2\", title: \"Two\"),\n  ],\n  events: [\n",
    );
    for i in 0..n {
        let day = (i * 7919) % 900;
        let (month, day) = (1 + day / 30 % 12, 1 + day % 28);
        let who = if i % 3 == 0 { "\"ann\", \"bob\"" } else { "\"ann\"" };
        let word = if i % 10 == 0 { "harbour" } else { "station" };
        let cites =
            if i % 4 == 0 { "Cite(source: \"s1\", at: \"¶1\"), Cite(source: \"s2\")" } else { "Cite(source: \"s2\")" };
        text.push_str(&format!(
            "    Event(id: \"e{i}\", when: \"20{:02}-{month:02}-{day:02}\", title: \"Event {i} at the {word}\", actors: [{who}], sources: [{cites}]),\n",
            10 + i % 5
        ));
    }
    text.push_str("  ],\n)\n");
    text
}

fn ids(timeline: &Timeline) -> Vec<&str> {
    timeline.events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn the_parallel_loader_gives_the_same_timeline_as_one_piece_parsing() {
    let text = generated(5_000);
    let fast = load_str(&text, None).timeline.expect("valid");
    // A leading attribute sends the file down the one-piece path (see load/parallel.rs).
    let slow_text = format!("#![enable(implicit_some)]\n{text}");
    let slow = load_str(&slow_text, None).timeline.expect("valid");
    assert_eq!(fast.events.len(), 5_000);
    assert_eq!(ids(&fast), ids(&slow), "the same events in the same order");
    let lines = |t: &Timeline| t.events.iter().map(|e| e.line).collect::<Vec<_>>();
    assert_eq!(lines(&fast).iter().map(|l| l + 1).collect::<Vec<_>>(), lines(&slow), "lines shift by the attribute");
    assert!(fast.events.windows(2).all(|w| w[0].sort_instant() <= w[1].sort_instant()), "sorted by time");
    let e4001 = fast.events.iter().find(|e| e.id == "e4001").unwrap();
    assert_eq!(e4001.line, 4001 + 12, "line numbers count from the file's top across chunks");
}

#[test]
fn events_read_from_a_file_share_its_text_and_escaped_text_is_decoded() {
    let text = generated(2_000)
        .replace("title: \"Event 1234 at the station\"", "title: \"Event 1234 at the \\\"station\\\"\"");
    for (path, timeline) in [
        ("fast", load_str(&text, None).timeline.expect("valid")),
        ("one piece", load_str(&format!("#![enable(implicit_some)]\n{text}"), None).timeline.expect("valid")),
    ] {
        let escaped = timeline.events.iter().find(|e| e.id == "e1234").unwrap();
        assert_eq!(escaped.title, "Event 1234 at the \"station\"", "{path}");
        assert!(!escaped.title.is_shared(), "{path}: decoded text is a copy");
        let others = timeline.events.iter().filter(|e| e.id != "e1234");
        let fields = |e: &timeline::model::Event| {
            let cites = e.sources.iter().filter_map(|c| c.at.clone());
            [e.id.clone(), e.title.clone(), e.when.text.clone()].into_iter().chain(cites).collect::<Vec<_>>()
        };
        assert!(others.flat_map(fields).all(|t| t.is_shared()), "{path}: every other text is a span of the file");
    }
}

#[test]
fn an_error_deep_in_a_large_file_is_reported_where_it_is() {
    let text = generated(5_000).replace("Event(id: \"e4321\",", "Event(id: \"e4321\", status: Rumoured,");
    let report = load_str(&text, None);
    assert!(report.timeline.is_none());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let rendered = SourceFile::new("big.ron", &text).render(errors[0]);
    assert!(rendered.starts_with(&format!("big.ron:{}:", 4321 + 12)), "{rendered}");
    assert!(rendered.contains("unknown status `Rumoured`"), "{rendered}");
}

#[test]
fn a_syntax_error_deep_in_a_large_file_falls_back_to_the_exact_position() {
    let text = generated(5_000).replace("title: \"Event 3000 at", "title: Event 3000 at");
    let report = load_str(&text, None);
    let rendered = SourceFile::new("big.ron", &text).render(&report.diagnostics[0]);
    assert!(rendered.starts_with(&format!("big.ron:{}:", 3000 + 12)), "{rendered}");
}

#[test]
fn a_markdown_export_written_in_chunks_numbers_every_footnote_once_and_in_order() {
    let timeline = load_str(&generated(3_000), None).timeline.expect("valid");
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    let text = export::render(&timeline, &all, Format::Markdown, &Options::new("scale.ron", Vec::new()));
    let mut pairs: Vec<(usize, Option<&str>)> =
        timeline.events.iter().flat_map(|e| &e.sources).map(|c| (c.source, c.at.as_deref())).collect();
    pairs.sort();
    pairs.dedup();
    let definitions: Vec<&str> = text.lines().filter(|l| l.starts_with("[^")).collect();
    assert_eq!(definitions.len(), pairs.len(), "one footnote per distinct (source, locator)");
    for (n, line) in definitions.iter().enumerate() {
        assert!(line.starts_with(&format!("[^{}]: ", n + 1)), "{line}");
        let mark = format!("[^{}]", n + 1);
        assert!(text.matches(&mark).count() >= 2, "{mark} is used and defined");
    }
    // Numbered in reading order: each mark's first use comes after the previous one's.
    let first = |n: usize| text.find(&format!("[^{n}]")).unwrap();
    assert!((2..=definitions.len()).all(|n| first(n - 1) < first(n)));
    // A date heading appears once per day, also where a chunk of 1,024 events ends mid-day.
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ") && *l != "## Sources").collect();
    let mut days: Vec<&str> = timeline.events.iter().map(|e| &e.when.text[..]).collect();
    days.dedup();
    assert_eq!(headings.len(), days.len());
}

fn big_data(threshold: usize) -> Data {
    let timeline = load_str(&generated(3_000), None).timeline.expect("valid");
    let mut data = Data::new(timeline, std::path::Path::new("scale.ron"));
    data.background_from = threshold;
    data
}

/// The browser on `data`, its background work left for the test to `complete`.
fn stepped(data: Data) -> Browser {
    Browser::stepped(data, 120, 40)
}

/// The filters asked for among `effects`.
fn filters(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::Filter { .. })).count()
}

#[test]
fn on_a_large_timeline_typing_a_query_filters_in_the_background_and_keys_keep_working() {
    let mut b = stepped(big_data(1_000));
    let all = b.state().shown.clone();
    let typed = b.press("/harbour");
    assert_eq!(filters(&typed), 1, "one filter at a time: the rest wait for its result");
    assert!(b.state().counting(), "the filter has not been applied yet");
    assert_eq!(b.state().shown, all, "the list is as it was until the result comes");
    assert!(format!("{:?}", b.screen()).contains("counting…"), "the header says it is counting");
    // Keys still move the cursor meanwhile.
    let before = b.state().cursor;
    b.press("<esc>/harbour<enter>j");
    assert_ne!(b.state().cursor, before);
    // The runner filters on another thread; each result asks for the filter typed since.
    b.complete(typed);
    assert!(!b.state().counting());
    assert_eq!(b.state().shown.len(), 300, "every tenth event mentions the harbour");
    assert!(!format!("{:?}", b.screen()).contains("counting…"));
}

#[test]
fn a_first_letter_typed_on_a_large_timeline_waits_for_the_next_or_for_enter() {
    let mut b = stepped(big_data(1_000));
    assert_eq!(filters(&b.press("/h")), 0, "one letter matches nearly every event: no pass for it");
    assert!(b.state().counting(), "the header says the list is not counted yet");
    let second = b.press("a");
    assert_eq!(filters(&second), 1, "the second letter is counted");
    b.complete(second);
    assert_eq!(filters(&b.press("<bs>")), 0);
    let enter = b.press("<enter>");
    assert_eq!(filters(&enter), 1, "Enter counts a word of one letter");
    b.complete(enter);
    assert!(!b.state().counting());
    assert_eq!(b.state().filter.query.text, "h");
}

#[test]
fn a_background_result_for_an_older_filter_is_ignored() {
    let mut b = stepped(big_data(1_000));
    let harbour = b.press("/harbour");
    b.complete(harbour.clone());
    let station = b.press("<C-u>station");
    assert_eq!(filters(&station), 1);
    b.complete(station);
    assert_eq!(b.state().shown.len(), 2_700);
    // The older filter's result arrives late: it must not replace the newer one.
    b.complete(harbour);
    assert_eq!(b.state().shown.len(), 2_700);
    assert!(!b.state().counting());
}

/// Keys typed straight into `runner`, as the event loop hands them on; the effects asked for.
fn typed_into(runner: &mut Runner, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in common::keys(text) {
        for msg in timeline::tui::input::messages(&runner.state, ratatui::crossterm::event::Event::Key(k)) {
            effects.extend(runner.update(msg));
        }
    }
    effects
}

/// The next result of a background filter, other results handed to `update` on the way.
fn filter_result(runner: &mut Runner) -> Msg {
    loop {
        match runner.wait_for_result().expect("the pass reports back") {
            msg @ Msg::Filtered { .. } => return msg,
            other => assert_eq!(filters(&runner.update(other)), 0),
        }
    }
}

#[test]
fn a_background_pass_for_a_query_typed_on_since_is_given_up_and_the_newest_one_runs() {
    let data = big_data(1_000);
    let mut runner = Runner::new(State::new(&data, (120, 40)), Arc::new(data));
    let harbour = typed_into(&mut runner, "/harbour");
    assert_eq!(filters(&harbour), 1);
    assert_eq!(filters(&typed_into(&mut runner, " ferry")), 0, "one pass at a time");
    for effect in harbour {
        assert!(runner.perform(effect).is_none(), "the runner does the filtering");
    }
    let given_up = filter_result(&mut runner);
    assert!(matches!(given_up, Msg::Filtered { result: None, .. }), "the query changed since: {given_up:?}");
    let next = runner.update(given_up);
    assert_eq!(filters(&next), 1, "the pass for the query as it is now starts at once");
    for effect in next {
        runner.perform(effect);
    }
    let done = filter_result(&mut runner);
    assert!(matches!(done, Msg::Filtered { result: Some(_), .. }), "nothing was typed since: {done:?}");
    runner.update(done);
    assert!(!runner.state.counting());
    // Every tenth event is at the harbour, and every third of those names Bob Ferry.
    assert_eq!(runner.state.shown.len(), 100);
}

#[test]
fn a_small_timeline_filters_within_the_keypress() {
    let mut b = stepped(big_data(usize::MAX));
    assert_eq!(filters(&b.press("/harbour")), 0);
    assert!(!b.state().counting());
    assert_eq!(b.state().shown.len(), 300);
    assert_eq!(b.state().filter.query, Query::parse("harbour", &b.data().timeline, &b.data().index));
}

#[test]
fn every_way_of_changing_the_filter_of_a_large_timeline_filters_in_the_background() {
    // `f` in the source list, `c` in the browser, and Esc in the query bar restoring the query.
    for (before, keys) in [("S", "f"), ("/harbour<enter>", "c"), ("/harbour", "<esc>")] {
        let mut b = stepped(big_data(1_000));
        let effects = b.press(before);
        b.complete(effects);
        let effects = b.press(keys);
        assert_eq!(filters(&effects), 1, "`{keys}` filters in the background");
        b.complete(effects);
        assert!(!b.state().counting(), "`{keys}`");
    }
}

#[test]
fn the_loading_screen_shows_the_stage_the_bytes_and_how_to_quit() {
    let backend = ratatui::backend::TestBackend::new(80, 12);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = timeline::tui::view::Theme { color: false, ..Default::default() };
    terminal
        .draw(|f| {
            timeline::tui::view::loading(f, "big\u{1b}[2J.ron", ("parsing", 441_000_000, 883_000_000), "q", &theme)
        })
        .unwrap();
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_state_built_on_a_large_timeline_starts_filtered() {
    let b = stepped(big_data(1_000));
    assert!(!b.state().counting(), "the first filter is made before the first frame");
    assert_eq!(b.state().shown.len(), 3_000);
}

mod cache {
    use super::generated;
    use timeline::load::{Progress, load_file_cached};

    fn folder(name: &str) -> tempfile::TempDir {
        super::common::scratch(&format!("cache-{name}"))
    }

    fn ids(loaded: &timeline::load::Loaded) -> Vec<String> {
        loaded.report.timeline.as_ref().unwrap().events.iter().map(|e| e.id.to_string()).collect()
    }

    /// Loads `file` with `cache`, and whether the report came from the cache (the last stage).
    fn load(file: &std::path::Path, cache: &std::path::Path) -> (timeline::load::Loaded, bool) {
        let progress = Progress::default();
        let loaded = load_file_cached(file, &progress, Some(cache)).unwrap();
        (loaded, progress.stage().0 == "reading the cache of")
    }

    #[test]
    fn a_large_file_is_read_from_the_cache_the_second_time_and_never_when_it_changed() {
        let tmp = folder("hit");
        let dir = tmp.path();
        let (file, cache) = (dir.join("big.ron"), dir.join("cache"));
        let text = generated(40_000);
        assert!(text.len() >= timeline::load::cache::FROM_BYTES, "large enough to be cached");
        std::fs::write(&file, &text).unwrap();
        let (first, cached) = load(&file, &cache);
        assert!(!cached);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "one entry, for this file");
        let (second, cached) = load(&file, &cache);
        assert!(cached);
        assert_eq!(ids(&first), ids(&second));
        // The entry keeps spans, not words: the events share the file's text, as when parsed.
        let events = &second.report.timeline.as_ref().unwrap().events;
        assert!(events.iter().all(|e| e.title.span().is_some_and(|(f, _)| std::sync::Arc::ptr_eq(f, &second.text))));
        let titles = |l: &timeline::load::Loaded| {
            l.report.timeline.as_ref().unwrap().events.iter().map(|e| e.title.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(titles(&first), titles(&second));
        let entry = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap().path();
        assert!(std::fs::metadata(entry).unwrap().len() < text.len() as u64 / 2, "the entry is smaller than the file");
        // An edit changes the key: the entry is not used, and is replaced.
        std::fs::write(&file, text.replace("title: \"Event 7 at", "title: \"Edited 7 at")).unwrap();
        let (third, cached) = load(&file, &cache);
        let timeline = third.report.timeline.as_ref().unwrap();
        assert!(timeline.events.iter().any(|e| e.title.starts_with("Edited 7")));
        assert!(!cached, "parsed, not cached");
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "still one entry for the file");
    }

    #[test]
    fn warnings_come_back_from_the_cache_with_the_text_to_show_them() {
        let tmp = folder("warnings");
        let dir = tmp.path();
        let (file, cache) = (dir.join("big.ron"), dir.join("cache"));
        let text = generated(40_000).replace("Cite(source: \"s2\")]),\n  ],", "]),\n  ],");
        std::fs::write(&file, &text).unwrap();
        let (first, _) = load(&file, &cache);
        assert_eq!(first.report.warnings(), 1, "{:?}", first.report.diagnostics);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "kept, warnings and all");
        let (second, cached) = load(&file, &cache);
        assert!(cached);
        assert_eq!(second.report.diagnostics, first.report.diagnostics);
        assert_eq!(*second.text, text);
    }

    #[test]
    fn a_damaged_entry_is_ignored_and_the_file_parsed_again() {
        let tmp = folder("damaged");
        let dir = tmp.path();
        let (file, cache) = (dir.join("big.ron"), dir.join("cache"));
        std::fs::write(&file, generated(40_000)).unwrap();
        let first = load_file_cached(&file, &Progress::default(), Some(&cache)).unwrap();
        let entry = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap().path();
        let bytes = std::fs::read(&entry).unwrap();
        std::fs::write(&entry, &bytes[..bytes.len() / 2]).unwrap();
        let (second, cached) = load(&file, &cache);
        assert_eq!(ids(&first), ids(&second));
        assert!(!cached, "parsed again");
    }

    #[test]
    fn small_files_and_files_with_errors_are_never_cached() {
        let tmp = folder("small");
        let dir = tmp.path();
        let (small, broken, cache) = (dir.join("small.ron"), dir.join("broken.ron"), dir.join("cache"));
        std::fs::write(&small, generated(100)).unwrap();
        std::fs::write(&broken, generated(40_000).replace("Event(id: \"e9\",", "Event(id: \"E9\",")).unwrap();
        for file in [&small, &broken] {
            load_file_cached(file, &Progress::default(), Some(&cache)).unwrap();
        }
        assert!(std::fs::read_dir(&cache).map_or(0, |d| d.count()) == 0);
    }
}

#[test]
fn a_missing_comma_between_events_is_an_error_in_a_large_file_too() {
    let text = generated(5_000).replacen(
        "sources: [Cite(source: \"s2\")]),\n    Event(id: \"e4000\"",
        "sources: [Cite(source: \"s2\")])\n    Event(id: \"e4000\"",
        1,
    );
    assert!(text.contains("])\n    Event(id: \"e4000\""));
    let report = load_str(&text, None);
    assert!(report.timeline.is_none(), "ron refuses it, so the fast path must too");
    let rendered = SourceFile::new("big.ron", &text).render(&report.diagnostics[0]);
    assert!(rendered.contains("error"), "{rendered}");
    let doubled = generated(5_000).replacen("]),\n    Event(id: \"e4000\"", "]),,\n    Event(id: \"e4000\"", 1);
    assert!(load_str(&doubled, None).timeline.is_none(), "two commas in a row");
}

#[test]
fn exporting_waits_until_the_background_filter_has_counted() {
    let mut b = stepped(big_data(1_000));
    b.press("/harbour<enter>");
    assert!(b.state().counting());
    assert!(b.press("x").is_empty());
    assert!(b.state().overlay.is_none(), "no dialog for a list that is about to change");
    assert!(b.state().status.as_deref().unwrap_or("").starts_with("Still counting"));
    assert!(b.press("Y").is_empty());
}

#[test]
fn check_builds_no_timeline_but_finds_the_same_problems() {
    let dir = common::scratch("check-only");
    let path = dir.path().join("big.ron");
    // An anchor naming an event whose date is invalid: that event is not made, so the anchor
    // names no event, whether the timeline is kept or not.
    let text = generated(5_000)
        .replacen("Timeline(\n  title: \"Scale\",", "Timeline(\n  title: \"Scale\",\n  anchor: \"e4500\",", 1)
        .replace("Event(id: \"e4500\", when: \"20", "Event(id: \"e4500\", when: \"19");
    let text = text.replacen(
        "Event(id: \"e4500\", when: \"19",
        "Event(id: \"e4500\", when: \"2024-02-30\", title: \"x\", sources: []), Event(id: \"e4500x\", when: \"19",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let full = timeline::load::load_file(&path).unwrap();
    let checked = timeline::load::check_file(&path).unwrap();
    assert!(checked.report.timeline.is_none());
    assert_eq!(checked.report.diagnostics, full.report.diagnostics);
    assert_eq!(checked.report.counts, full.report.counts);
    assert!(
        full.report.diagnostics.iter().any(|d| d.message == "anchor `e4500` names no event"),
        "{:?}",
        full.report.diagnostics
    );
}

/// The lanes asked for among `effects`.
fn layouts(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::LayOutLanes { .. })).count()
}

#[test]
fn on_a_large_timeline_the_lanes_are_laid_out_in_the_background_and_keys_keep_working() {
    let mut b = stepped(big_data(1_000));
    let asked = b.press("L");
    assert_eq!(layouts(&asked), 1);
    assert!(format!("{:?}", b.screen()).contains("Laying out the lanes by actor of 3000 events"));
    // Keys still work meanwhile: the cursor moves, and moving between lanes that are not there
    // yet does nothing.
    let before = b.state().cursor;
    assert_eq!(layouts(&b.press("ljk")), 0, "one request at a time");
    assert_eq!(b.state().cursor, before + 1);
    b.complete(asked);
    let view = b.state().lanes.as_ref().expect("lanes");
    assert!(!view.lanes.is_empty() && view.asked.is_none());
    assert!(!format!("{:?}", b.screen()).contains("Laying out"));
    // The same lanes as laid out within the keypress on a small timeline.
    let mut small = stepped(big_data(usize::MAX));
    assert_eq!(layouts(&small.press("Ll")), 0);
    assert_eq!(small.state().lanes.as_ref().unwrap().lanes, view.lanes);
}

#[test]
fn lanes_laid_out_for_events_no_longer_shown_are_not_used() {
    let mut b = stepped(big_data(1_000));
    let first = b.press("L");
    // The filter changes before the lanes come: they are of the old events.
    let typed = b.press("/harbour<enter>");
    b.complete(typed);
    b.complete(first);
    let view = b.state().lanes.as_ref().expect("lanes");
    let every: usize = view.lanes.iter().map(|l| l.entries.len()).sum();
    assert!(view.lanes.iter().all(|l| l.entries.iter().all(|e| b.state().shown.binary_search(&e.event).is_ok())));
    assert!((300..3_000).contains(&every), "{every}");
}
