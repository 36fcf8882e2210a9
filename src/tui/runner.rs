//! The browser's state and data, the one door by which messages reach `update`, and the work
//! that `update` asks for done on other threads, its results sent back as messages. The event
//! loop and the tests' harness both drive the browser through a `Runner`; what needs the
//! terminal or the desktop comes back to them as effects to perform.

use super::effect::{self, Effect};
use super::marks;
use super::msg::{Msg, Reread};
use super::reload;
use super::state::{Data, Filtered, State};
use super::update::update;
use crate::load::regular::{Stamp, stamp};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Editors write a file in several steps: reading it waits until they have been quiet this long.
pub const SETTLE: Duration = Duration::from_millis(150);

pub struct Runner {
    pub state: State,
    /// Shared with the threads working on it; only `update` replaces it, after a reload.
    pub data: Arc<Data>,
    sender: mpsc::Sender<Msg>,
    results: mpsc::Receiver<Msg>,
    /// Exports being written: quitting waits for them.
    writing: usize,
    /// Other work on threads whose result has not come back yet.
    working: usize,
    /// `Msg::Settled` to send when its time comes.
    timers: Vec<(Instant, u64)>,
    /// The filter's generation as of the last `update`: a background filter of an older one
    /// gives up, so that the pass for what is typed now starts at once.
    latest: Arc<AtomicU64>,
}

impl Runner {
    pub fn new(state: State, data: Arc<Data>) -> Runner {
        let (sender, results) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(state.generation));
        Runner { state, data, sender, results, writing: 0, working: 0, timers: Vec::new(), latest }
    }

    /// For others who send messages: the file watcher.
    pub fn sender(&self) -> mpsc::Sender<Msg> {
        self.sender.clone()
    }

    /// Hands `msg` to `update`, starts the work it asks for, and returns the effects that are
    /// the caller's to perform.
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        self.update(msg).into_iter().filter_map(|e| self.perform(e)).collect()
    }

    /// Hands `msg` to `update` and returns every effect it asks for, performing none.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = update(&mut self.state, &mut self.data, msg);
        self.latest.store(self.state.generation, Relaxed);
        effects
    }

    /// Starts `effect` if it is work for another thread or a timer; otherwise gives it back.
    pub fn perform(&mut self, effect: Effect) -> Option<Effect> {
        let (sender, data) = (self.sender.clone(), Arc::clone(&self.data));
        match effect {
            Effect::Filter { generation, filter } => {
                let latest = Arc::clone(&self.latest);
                let stale = move || latest.load(Relaxed) != generation;
                self.spawn(move || Msg::Filtered {
                    generation,
                    result: Filtered::compute_unless(&filter, &data, &stale),
                })
            }
            Effect::LayOutLanes { ask, lanes } => {
                self.spawn(move || Msg::LanesLaidOut { ask, view: Box::new(lanes.run(&data)) })
            }
            Effect::Write { path, events, format, options, overwrite } => {
                self.writing += 1;
                std::thread::spawn(move || {
                    sender.send(Msg::Written(effect::write(&data, &path, &events, format, &options, overwrite)))
                });
            }
            Effect::ReadFile { unless } => self.spawn(move || reread(&data.path, unless)),
            Effect::ReadArchive(source) => self.spawn(move || {
                data.archives.read(source);
                data.archives.check_original(source);
                Msg::ArchiveRead(source)
            }),
            Effect::Settle(change) => self.timers.push((Instant::now() + SETTLE, change)),
            // Nothing comes back: a query waits for the search to be ready, or prepares it.
            Effect::PrepareSearch => drop(std::thread::spawn(move || data.index.prepare(&data.timeline))),
            Effect::ReadMarks { file } => self.spawn(move || Msg::MarksRead(marks::read(&file))),
            // Counted as a write: quitting waits for it, so that a mark made just before is kept.
            Effect::SaveMarks { file, timeline, marks } => {
                self.writing += 1;
                std::thread::spawn(move || sender.send(Msg::MarksSaved(marks::write(&file, &timeline, &marks))));
            }
            // Counted as writes: quitting never leaves the timeline half written.
            Effect::SaveEvent(save) => {
                self.writing += 1;
                std::thread::spawn(move || sender.send(Msg::Saved(Box::new(super::form_write::save(&save)))));
            }
            Effect::Undo(undo) => {
                self.writing += 1;
                std::thread::spawn(move || sender.send(Msg::Undone(Box::new(super::form_write::undo(*undo)))));
            }
            other => return Some(other),
        }
        None
    }

    fn spawn(&mut self, work: impl FnOnce() -> Msg + Send + 'static) {
        let sender = self.sender.clone();
        self.working += 1;
        std::thread::spawn(move || sender.send(work()));
    }

    /// A message that is ready now: a result, or a timer that is due.
    pub fn ready(&mut self) -> Option<Msg> {
        let now = Instant::now();
        if let Some(i) = self.timers.iter().position(|(at, _)| *at <= now) {
            return Some(Msg::Settled(self.timers.remove(i).1));
        }
        self.results.try_recv().ok().map(|msg| self.received(msg))
    }

    /// Waits for the next result or timer; `None` when nothing is running or due.
    pub fn wait_for_result(&mut self) -> Option<Msg> {
        if let Some(msg) = self.ready() {
            return Some(msg);
        }
        if let Some(&(at, change)) = self.timers.iter().min_by_key(|(at, _)| *at) {
            match self.results.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(msg) => return Some(self.received(msg)),
                Err(_) => {
                    self.timers.retain(|(_, c)| *c != change);
                    return Some(Msg::Settled(change));
                }
            }
        }
        if self.writing + self.working == 0 {
            return None;
        }
        self.results.recv().ok().map(|msg| self.received(msg))
    }

    fn received(&mut self, msg: Msg) -> Msg {
        match msg {
            Msg::Written(_) | Msg::MarksSaved(_) | Msg::Saved(_) | Msg::Undone(_) => self.writing -= 1,
            Msg::FileChanged | Msg::NotWatching(_) => {}
            _ => self.working = self.working.saturating_sub(1),
        }
        msg
    }

    /// How long the loop may wait for a key before looking at the work again.
    pub fn wait(&self) -> Duration {
        let busy = if self.writing + self.working > 0 { 10 } else { 200 };
        let timer = self.timers.iter().map(|(at, _)| at.saturating_duration_since(Instant::now())).min();
        timer.unwrap_or(Duration::MAX).min(Duration::from_millis(busy))
    }

    /// Waits for the exports being written: quitting never leaves half a file.
    pub fn finish_writing(&mut self) {
        while self.writing > 0 {
            match self.results.recv() {
                Ok(msg) => drop(self.received(msg)),
                Err(_) => break,
            }
        }
    }
}

/// Reads the file at `path` again, unless it is as it was when last read.
fn reread(path: &std::path::Path, unless: Option<Stamp>) -> Msg {
    let stamp = stamp(path);
    if unless.is_some() && stamp == unless {
        return Msg::Reloaded(Box::new(Reread::Unchanged));
    }
    Msg::Reloaded(Box::new(Reread::Read { stamp, result: reload::load(path) }))
}
