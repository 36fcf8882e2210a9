//! `cargo bench`: load, filter, draw, move and export at 10k, 100k and 1M generated events.
//! The targets and this machine's figures are in BENCHMARKS.md. A single size runs with a filter,
//! e.g. `cargo bench -- 100000`.

#[path = "../examples/generate/synth.rs"]
#[allow(dead_code, reason = "the CSV and log forms are for benches/compare.sh")]
mod synth;

use divan::Bencher;
use divan::counter::BytesCount;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use timeline::export::{self, Options};
use timeline::lanes::{LaneBy, lanes};
use timeline::load::load_str;
use timeline::query::{Filter, Query};
use timeline::tui::action::Action;
use timeline::tui::effect::{Effect, LaneJob};
use timeline::tui::msg::Msg;
use timeline::tui::state::{Data, Filtered, State};
use timeline::tui::update::update;
use timeline::tui::view::{Theme, draw};

// The allocator the binary uses (src/main.rs), so that the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: &[usize] = &[10_000, 100_000, 1_000_000];

fn main() {
    divan::main();
}

/// The generated file of `events` events, made once per run.
fn text(events: usize) -> &'static str {
    static TEXTS: OnceLock<Mutex<HashMap<usize, &'static str>>> = OnceLock::new();
    let mut texts = TEXTS.get_or_init(Default::default).lock().unwrap();
    texts.entry(events).or_insert_with(|| {
        let mut out = Vec::new();
        synth::write(&mut out, events, 500, 200, 1).unwrap();
        String::from_utf8(out).unwrap().leak()
    })
}

/// The browser's data for the generated file, loaded once per run.
fn data(events: usize) -> Arc<Data> {
    static DATA: OnceLock<Mutex<HashMap<usize, Arc<Data>>>> = OnceLock::new();
    let text = text(events);
    let mut data = DATA.get_or_init(Default::default).lock().unwrap();
    let data = data.entry(events).or_insert_with(|| {
        let timeline = load_str(text, None).timeline.expect("the generated timeline is valid");
        Arc::new(Data::new(timeline, Path::new("generated.ron")))
    });
    Arc::clone(data)
}

/// A 200×50 browser with the cursor in the middle of the timeline.
fn browser(data: &Arc<Data>) -> State {
    let mut data = Arc::clone(data);
    let mut state = State::new(&data, (200, 50));
    update(&mut state, &mut data, Msg::Action(Action::Resize { width: 200, height: 50 }));
    state.cursor = state.shown.len() / 2;
    update(&mut state, &mut data, Msg::Action(Action::MoveDown));
    state
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_and_validate(bencher: Bencher, events: usize) {
    let text = text(events);
    bencher.counter(BytesCount::new(text.len())).bench(|| load_str(text, None));
}

/// What the browser's first screen of a large file waits for once the text is read: the
/// outline, every event's date in time order (`load::preview`), and the events of a screen
/// around the anchor read, with their lines.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn first_screen(bencher: Bencher, events: usize) {
    let text = Arc::new(text(events).to_string());
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let outline = timeline::load::outline::Outline::of(&text);
        let preview = timeline::load::preview::Preview::new(&text, &outline).expect("a preview");
        let at = preview.anchor().unwrap_or(0);
        preview.window(at.saturating_sub(30)..at + 30).expect("a window").1.len()
    });
}

/// Re-filtering as the browser does it: the shown events and the density strip.
fn refilter(bencher: Bencher, events: usize, filter: impl Fn(&Data) -> Filter) {
    let data = data(events);
    let filter = filter(&data);
    bencher.bench_local(|| Filtered::compute(&filter, &data).shown.len());
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn filter_by_actor(bencher: Bencher, events: usize) {
    refilter(bencher, events, |data| {
        let mut filter = Filter::default();
        let include = timeline::query::find_actors(&data.timeline, "actor-7").unwrap();
        filter.choose_actors(timeline::query::Selection::any_of(include));
        filter
    });
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn filter_by_word(bencher: Bencher, events: usize) {
    refilter(bencher, events, |data| Filter { query: query(data, "ceasefire"), ..Filter::default() });
}

/// One pass of the word search, as each word typed in the query bar costs once the search is
/// prepared: the query is made anew each time, so that nothing found before is kept.
#[divan::bench(args = SIZES, sample_count = 10)]
fn search_a_new_word(bencher: Bencher, events: usize) {
    let data = data(events);
    data.index.prepare(&data.timeline);
    bencher.bench_local(|| {
        let filter = Filter { query: query(&data, "embassy"), ..Filter::default() };
        Filtered::compute(&filter, &data).shown.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn filter_combined(bencher: Bencher, events: usize) {
    refilter(bencher, events, |data| Filter {
        query: query(data, "\"border crossing\" -ferry #arrest from:2000 status:reported"),
        ..Filter::default()
    });
}

fn query(data: &Data, text: &str) -> Query {
    let query = Query::parse(text, &data.timeline, &data.index);
    assert!(query.problems.is_empty(), "{:?}", query.problems);
    query
}

#[divan::bench(args = SIZES, sample_count = 50)]
fn draw_frame(bencher: Bencher, events: usize) {
    let data = data(events);
    let state = browser(&data);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let theme = Theme { color: true, ..Default::default() };
    bencher.bench_local(|| terminal.draw(|f| draw(f, &state, &data, &theme)).map(|_| ()).unwrap());
}

#[divan::bench(args = SIZES, sample_count = 50)]
fn move_cursor(bencher: Bencher, events: usize) {
    let mut data = data(events);
    let mut state = browser(&data);
    let mut down = true;
    bencher.bench_local(|| {
        update(&mut state, &mut data, Msg::Action(if down { Action::MoveDown } else { Action::MoveUp }));
        down = !down;
    });
}

/// Laying the time axis out for every shown event: what a filter result or a resize costs.
#[divan::bench(args = SIZES, sample_count = 10)]
fn axis_layout(bencher: Bencher, events: usize) {
    let data = data(events);
    let mut state = browser(&data);
    bencher.bench_local(|| state.measure_time());
}

/// A step of zoom in and out on the time axis, as `+` and `-` make it.
#[divan::bench(args = SIZES, sample_count = 10)]
fn zoom_step(bencher: Bencher, events: usize) {
    let mut data = data(events);
    let mut state = browser(&data);
    let mut zoom_in = true;
    bencher.bench_local(|| {
        update(&mut state, &mut data, Msg::Action(if zoom_in { Action::ZoomIn } else { Action::ZoomOut }));
        zoom_in = !zoom_in;
    });
}

/// `L` from the list to the lanes by actor, and back through the other kinds of lane to the
/// list: what a key press costs. From 100,000 events the lanes are laid out in the background
/// (`lanes_make_1m`, `lanes_arrive_1m`); below, within the key press.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn lanes_switch(bencher: Bencher, events: usize) {
    let mut data = data(events);
    let mut state = browser(&data);
    bencher.bench_local(|| {
        for _ in 0..5 {
            update(&mut state, &mut data, Msg::Action(Action::SwitchLanes));
        }
    });
}

/// Lanes laid out in the background for the 1M-event browser, the screenful around the cursor
/// drawn there too (a lane by status holds a quarter of a million events), and then what their
/// arrival costs the key thread.
#[divan::bench(args = [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source], sample_count = 5, sample_size = 1)]
fn lanes_background_1m(bencher: Bencher, by: LaneBy) {
    let data = data(1_000_000);
    bencher.with_inputs(|| lane_job(&data, by)).bench_local_values(|(_, _, _, job)| job.run(&data));
}

#[divan::bench(args = [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source], sample_count = 5, sample_size = 1)]
fn lanes_arrive_1m(bencher: Bencher, by: LaneBy) {
    let data = data(1_000_000);
    let (_, _, _, job) = lane_job(&data, by);
    let view = Box::new(job.run(&data));
    bencher.with_inputs(|| lane_job(&data, by)).bench_local_values(|(mut state, mut data, ask, _)| {
        update(&mut state, &mut data, Msg::LanesLaidOut { ask, view: view.clone() })
    });
}

/// A 1M-event browser switched to lanes `by`, waiting for the lanes it asked for.
fn lane_job(data: &Arc<Data>, by: LaneBy) -> (State, Arc<Data>, u64, Box<LaneJob>) {
    let mut data = Arc::clone(data);
    let mut state = browser(&data);
    let kinds = [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source];
    let mut asked = None;
    for _ in 0..=kinds.iter().position(|&b| b == by).unwrap() {
        for effect in update(&mut state, &mut data, Msg::Action(Action::SwitchLanes)) {
            if let Effect::LayOutLanes { ask, lanes } = effect {
                asked = Some((ask, lanes));
            }
        }
    }
    let (ask, job) = asked.expect("laid out in the background");
    (state, data, ask, job)
}

/// The lanes of every event of the 1M-event file, by each kind: the core of the first `L`.
#[divan::bench(args = [LaneBy::Actor, LaneBy::Tag, LaneBy::Status, LaneBy::Source], sample_count = 5, sample_size = 1)]
fn lanes_make_1m(bencher: Bencher, by: LaneBy) {
    let data = data(1_000_000);
    let all: Vec<usize> = (0..data.timeline.events.len()).collect();
    bencher.bench(|| lanes(&data.timeline, &all, by).len());
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5, sample_size = 1)]
fn export_markdown(bencher: Bencher, events: usize) {
    let data = data(events);
    let all: Vec<usize> = (0..data.timeline.events.len()).collect();
    let options = Options::new("generated.ron", Vec::new());
    bencher.bench(|| export::render(&data.timeline, &all, export::Format::Markdown, &options));
}

/// A word filter on a file whose one event names 100,000 actors and as many claimants: the
/// actors' names are searched per event, which must stay linear in the event's actors.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn filter_by_word_one_event_with_100k_actors(bencher: Bencher) {
    const N: usize = 100_000;
    let actors: Vec<String> = (0..N).map(|i| format!("Actor(id: \"a{i}\", name: \"A {i}\")")).collect();
    let refs = |from: usize| (from..from + N / 2).map(|i| format!("\"a{i}\"")).collect::<Vec<_>>().join(", ");
    let text = format!(
        "Timeline(title: \"many\", actors: [{}], events: [Event(id: \"e\", when: \"2024\", title: \"t\", actors: [{}, {}], status: Claimed, claimed_by: [{}, {}], sources: [])])",
        actors.join(", "),
        refs(0),
        refs(N / 2),
        refs(N / 2),
        refs(0)
    );
    // The search index keeps what it found, so every sample starts from a freshly loaded file.
    bencher
        .with_inputs(|| {
            let data = Data::new(load_str(&text, None).timeline.expect("valid"), Path::new("many.ron"));
            let filter = Filter { query: query(&data, "zzz"), ..Filter::default() };
            (data, filter)
        })
        .bench_local_values(|(data, filter)| Filtered::compute(&filter, &data).shown.len());
}

/// A frame of the browser on a file whose every short field is huge (a 100 MB title, 10 MB
/// place, actor name, tag, source title and quote), with the detail pane and a word search on:
/// fields are cut before they are laid out, so this costs what an ordinary frame does.
#[divan::bench(sample_count = 50)]
fn draw_frame_huge_fields(bencher: Bencher) {
    static DATA: OnceLock<Arc<Data>> = OnceLock::new();
    let data = DATA.get_or_init(|| {
        let big = |n: usize| "word ".repeat(n / 5);
        let text = format!(
            "Timeline(title: \"huge\", actors: [Actor(id: \"a\", name: \"{n}\")], sources: [Source(id: \"s\", title: \"{n}\")], events: [Event(id: \"e\", when: \"2024\", title: \"{t}\", place: \"{n}\", tags: [\"{n}\"], actors: [\"a\"], sources: [Cite(source: \"s\", quote: \"{n}\")])])",
            t = big(100 << 20),
            n = big(10 << 20),
        );
        Arc::new(Data::new(load_str(&text, None).timeline.expect("valid"), Path::new("huge.ron")))
    });
    let mut state = browser(data);
    state.filter = Filter { query: query(data, "word"), ..Filter::default() };
    state.filter_changed(data);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let theme = Theme { color: true, ..Default::default() };
    bencher.bench_local(|| terminal.draw(|f| draw(f, &state, data, &theme)).map(|_| ()).unwrap());
}
