//! The fast path: the outline already knows where each event starts and ends, so the events are
//! parsed (by `load::fast`, else ron) and checked in chunks on every core, each chunk by the
//! worker that parsed it as far as it can be checked alone; this thread takes the checked
//! chunks in file order as they arrive and does what needs them all (`Validation::merge`).
//! Serde's copy of the events and the checked copy never coexist whole.
//!
//! Any parse error abandons this path and the caller parses the file again in one piece, so
//! that a broken file gets ron's exact error and the same diagnostics as before.

use super::outline::Outline;
use super::raw::{RawEvent, RawTimeline};
use super::validate::{Checked, Validation};
use super::{Progress, Report};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Condvar, Mutex, mpsc};

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

    /// The lines of chunk `k`'s events, counted from the line of its first event, which the
    /// chunk before gave (`starts`); gives the next chunk the line of its first event in turn.
    fn lines(&self, k: usize, starts: &Starts) -> Vec<u32> {
        let (o, bytes) = (self.outline, self.text.as_bytes());
        let range = self.range(k);
        let (mut at, mut line) = (o.events[range.start], starts.wait(k));
        let mut lines = Vec::with_capacity(range.len());
        for &start in &o.events[range.clone()] {
            line += memchr::memchr_iter(b'\n', &bytes[at..start]).count();
            at = start;
            lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        }
        if let Some(&next) = o.events.get(range.end) {
            starts.set(k + 1, line + memchr::memchr_iter(b'\n', &bytes[at..next]).count());
        }
        lines
    }

    /// Workers take chunks in turn, parse and check them; this thread takes them back in order.
    fn in_parallel(&self, validation: &mut Validation, progress: &Progress) -> bool {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(self.count());
        let (next, failed) = (&AtomicUsize::new(0), &AtomicBool::new(false));
        let first_line = super::SourceFile::new("", self.text).line(self.outline.events[0]) as usize;
        let starts = &Starts::new(self.count(), first_line);
        // Bounded, so that workers far ahead of the merge wait instead of filling memory.
        let (tx, rx) = mpsc::sync_channel::<(usize, Checked)>(workers * 2);
        let checkers: Vec<_> = (0..workers).map(|_| validation.checker()).collect();
        let mut merged = 0;
        std::thread::scope(|scope| {
            let mut handles = Vec::with_capacity(workers);
            for mut checker in checkers {
                let tx = tx.clone();
                handles.push(scope.spawn(move || {
                    loop {
                        let k = next.fetch_add(1, Relaxed);
                        if k >= self.count() {
                            break;
                        }
                        // Counted before anything can stop this worker: the next chunk waits for it.
                        let lines = self.lines(k, starts);
                        if failed.load(Relaxed) {
                            break;
                        }
                        let Some(events) = self.parse(k) else {
                            failed.store(true, Relaxed);
                            break;
                        };
                        if tx.send((k, checker.check(k * CHUNK, lines, events))).is_err() {
                            break;
                        }
                    }
                    checker.done()
                }));
            }
            drop(tx);
            let mut waiting = BTreeMap::new();
            for (k, checked) in rx {
                waiting.insert(k, checked);
                while let Some(checked) = waiting.remove(&merged) {
                    validation.merge(checked);
                    let last = self.range(merged).end - 1;
                    progress.at(self.outline.event_ends[last]);
                    merged += 1;
                }
            }
            for handle in handles {
                match handle.join() {
                    Ok(used) => validation.used(used),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        !failed.load(Relaxed) && merged == self.count()
    }
}

/// The line of each chunk's first event, each known once the chunk before has been counted.
struct Starts {
    lines: Mutex<Vec<Option<usize>>>,
    known: Condvar,
}

impl Starts {
    fn new(chunks: usize, first: usize) -> Starts {
        let mut lines = vec![None; chunks];
        lines[0] = Some(first);
        Starts { lines: Mutex::new(lines), known: Condvar::new() }
    }

    fn wait(&self, k: usize) -> usize {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(line) = lines[k] {
                return line;
            }
            lines = self.known.wait(lines).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn set(&self, k: usize, line: usize) {
        self.lines.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(line);
        self.known.notify_all();
    }
}
