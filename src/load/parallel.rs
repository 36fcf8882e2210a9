//! The fast path: the outline already knows where each event starts and ends, so ron parses the
//! events in chunks on every core while this thread validates the chunks in file order as they
//! arrive and drops them. Serde's copy of the events and the checked copy never coexist whole.
//!
//! Any parse error abandons this path and the caller parses the file again in one piece, so
//! that a broken file gets ron's exact error and the same diagnostics as before.

use super::outline::Outline;
use super::raw::{RawEvent, RawTimeline};
use super::validate::Validation;
use super::{Progress, Report};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, mpsc};

/// Events per chunk: large enough that handing a chunk over costs nothing, small enough that
/// the chunks in flight are a sliver of the file. Measured: 2,048 held 10 MB more at the peak
/// of a 100k-event load and was slower; 256 was slower still.
const CHUNK: usize = 512;

pub fn load(
    file: &Arc<String>,
    outline: &Outline,
    folder: Option<&Path>,
    options: &ron::Options,
    progress: &Progress,
    keep: bool,
) -> Option<Report> {
    let text = file.as_str();
    let (open, close) = outline.events_list?;
    // `#![enable(...)]` would apply to the whole file, not to events parsed one by one.
    if outline.event_ends.len() != outline.events.len() || text[..outline.top].contains("#!") {
        return None;
    }
    let head = format!("{}{}", &text[super::text_start(text)..=open], &text[close..]);
    let raw: RawTimeline = options.from_str(&head).ok()?;
    let counts = (outline.events.len(), raw.actors.len(), raw.sources.len());
    let (mut validation, _) = Validation::begin(raw, outline, file, folder);
    validation.keep = keep;
    let parsed = Chunks { text, outline, options };
    let complete = if parsed.count() <= 1 {
        parsed.one(&mut validation, progress)
    } else {
        parsed.in_parallel(&mut validation, progress)
    };
    if !complete {
        return None;
    }
    let (timeline, diagnostics) = validation.finish();
    Some(Report { timeline, diagnostics, counts: Some(counts) })
}

struct Chunks<'a> {
    text: &'a str,
    outline: &'a Outline,
    options: &'a ron::Options,
}

impl<'a> Chunks<'a> {
    fn count(&self) -> usize {
        self.outline.events.len().div_ceil(CHUNK)
    }

    fn range(&self, k: usize) -> Range<usize> {
        k * CHUNK..((k + 1) * CHUNK).min(self.outline.events.len())
    }

    /// The events of chunk `k`: each written as the format writes it by the fast parser, the
    /// others by ron. `None` if ron refuses one.
    fn parse(&self, k: usize) -> Option<Vec<RawEvent<'a>>> {
        let o = self.outline;
        let one = |text: &'a str| super::fast::event(text).or_else(|| self.options.from_str(text).ok());
        self.range(k).map(|i| one(&self.text[o.events[i]..o.event_ends[i]])).collect()
    }

    fn one(&self, validation: &mut Validation, progress: &Progress) -> bool {
        let Some(events) = self.parse(0) else { return false };
        validation.add(0, events);
        progress.at(self.text.len());
        true
    }

    /// Workers take chunks in turn; this thread puts them back in order and validates them.
    fn in_parallel(&self, validation: &mut Validation, progress: &Progress) -> bool {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(self.count());
        let (next, failed) = (&AtomicUsize::new(0), &AtomicBool::new(false));
        // Bounded, so that workers far ahead of validation wait instead of filling memory.
        let (tx, rx) = mpsc::sync_channel::<(usize, Vec<RawEvent>)>(workers * 2);
        let mut validated = 0;
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let tx = tx.clone();
                scope.spawn(move || {
                    loop {
                        let k = next.fetch_add(1, Relaxed);
                        if k >= self.count() || failed.load(Relaxed) {
                            return;
                        }
                        let Some(events) = self.parse(k) else {
                            failed.store(true, Relaxed);
                            return;
                        };
                        if tx.send((k, events)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(tx);
            let mut waiting = BTreeMap::new();
            for (k, events) in rx {
                waiting.insert(k, events);
                while let Some(events) = waiting.remove(&validated) {
                    validation.add(validated * CHUNK, events);
                    let last = self.range(validated).end - 1;
                    progress.at(self.outline.event_ends[last]);
                    validated += 1;
                }
            }
        });
        !failed.load(Relaxed) && validated == self.count()
    }
}
