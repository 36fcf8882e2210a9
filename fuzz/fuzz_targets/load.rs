//! Any bytes as a timeline file: loading never panics or hangs, every diagnostic renders, and a
//! timeline that loads exports to Markdown and JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timeline::export::{self, Format, Options};
use timeline::load::{SourceFile, load_bytes};

fuzz_target!(|data: &[u8]| {
    let loaded = load_bytes(data, None);
    let file = SourceFile::new("fuzz.ron", &loaded.text);
    for d in &loaded.report.diagnostics {
        let _ = file.render(d);
    }
    if let Some(timeline) = &loaded.report.timeline {
        let all: Vec<usize> = (0..timeline.events.len()).collect();
        let options = Options::new("fuzz.ron", Vec::new());
        let _ = export::render(timeline, &all, Format::Markdown, &options);
        let _ = export::render(timeline, &all, Format::Json, &options);
    }
});
