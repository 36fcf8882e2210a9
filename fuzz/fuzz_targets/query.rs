//! Any text in the query bar: parsing never panics, and every event a query keeps passes it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use timeline::load::load_str;
use timeline::model::Timeline;
use timeline::query::{Filter, Query, SearchIndex};

fn fixture() -> &'static (Timeline, SearchIndex) {
    static FIXTURE: OnceLock<(Timeline, SearchIndex)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let timeline = load_str(include_str!("../../tests/fixtures/valid/every-form.ron"), None).timeline.unwrap();
        let index = SearchIndex::new(&timeline);
        (timeline, index)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (timeline, index) = fixture();
    let filter = Filter { query: Query::parse(text, timeline, index), ..Filter::default() };
    let prepared = filter.prepare(timeline, index);
    for ix in prepared.apply() {
        assert!(prepared.matches(ix));
    }
});
