//! The first screen of a large file before its load ends. Once the outline is known, every
//! event's `when` is read and the events are put in the order the loaded timeline will have
//! (`validate::sort_events`' key: time, precision, place in the file); the events a screen shows
//! are then read on demand, a window at a time, as a small timeline of their own with the file's
//! header (its zone, actors and sources). Nothing here is trusted more than a preview: the load
//! goes on, and its timeline, or its errors, replace what this shows.

use super::outline::Outline;
use crate::model::Timeline;
use crate::model::when::{Precision, When, sort_key};
use chrono::FixedOffset;
use std::ops::Range;
use std::sync::Arc;

/// Events in time order, each read when a screen needs it.
pub struct Preview {
    text: Arc<String>,
    /// The file before its first event and after its last, which every window repeats.
    head: (Range<usize>, Range<usize>),
    /// Where each event starts and ends in the text, in file order.
    spans: Vec<(usize, usize)>,
    /// Event numbers (in file order) in time order.
    order: Vec<u32>,
    /// Lines counted so far: (byte offset, the line it is on), sorted. Lines are counted
    /// from the nearest of these when a window needs them, not for every event before the first
    /// screen.
    lines: std::sync::Mutex<Vec<(usize, u32)>>,
    /// The place in `order` of the anchor's event, when the file names one and it was found.
    anchor: Option<(usize, u32)>,
}

/// Events a preview is worth making for: below this, the whole load takes about as long.
pub const FROM_EVENTS: usize = 20_000;

impl std::fmt::Debug for Preview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Preview({} events)", self.order.len())
    }
}

impl Preview {
    /// The preview of a file whose outline is `outline`, or `None` when the outline cannot
    /// give one (the events are not one well-formed list).
    pub fn new(text: &Arc<String>, outline: &Outline) -> Option<Preview> {
        let (open, close) = outline.events_list?;
        if outline.event_ends.len() != outline.events.len() || outline.event_whens.len() != outline.events.len() {
            return None;
        }
        let start = super::text_start(text);
        let head = (start..open + 1, close..text.len());
        let header_text = format!("{}{}", &text[head.0.clone()], &text[head.1.clone()]);
        let header: super::raw::RawTimeline = super::ron_options().from_str(&header_text).ok()?;
        let tz = header.timezone.as_deref().and_then(crate::model::when::parse_offset).unwrap_or(utc());
        let spans: Vec<(usize, usize)> =
            outline.events.iter().copied().zip(outline.event_ends.iter().copied()).collect();
        let order = order(text, &outline.event_whens, tz);
        if order.len() != spans.len() {
            return None;
        }
        let lines = std::sync::Mutex::new(vec![(0, 1)]);
        let mut preview = Preview { text: Arc::clone(text), head, spans, order, lines, anchor: None };
        preview.anchor = header.anchor.as_deref().and_then(|id| preview.find(id));
        Some(preview)
    }

    /// How many events the file has.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The place in time order of the file's anchor, when it names one.
    pub fn anchor(&self) -> Option<usize> {
        self.anchor.map(|(at, _)| at)
    }

    /// The events at places `range` of the time order, as a timeline of their own (with the
    /// anchor's event too, so that times from it read as they will), and where each of them is
    /// in its events. `None` when they do not load: the load will say why.
    pub fn window(&self, range: Range<usize>) -> Option<(Timeline, Vec<usize>)> {
        self.window_with(range, true)
    }

    /// `window`, with each event's line left 0 (unknown) unless `counted`: counting the lines of
    /// events far into a large file is a pass over it, which the very first screen need not wait for.
    pub fn window_with(&self, range: Range<usize>, counted: bool) -> Option<(Timeline, Vec<usize>)> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        let mut items: Vec<u32> = self.order[range].to_vec();
        let anchor = self.anchor.map(|(_, item)| item).filter(|a| !items.contains(a));
        items.extend(anchor);
        // In file order, so that events of the same time and precision sort as in the file.
        let mut by_place = items.clone();
        by_place.sort_unstable();
        let mut text = String::from(&self.text[self.head.0.clone()]);
        let mut lines = Vec::with_capacity(by_place.len());
        let mut line = 1 + memchr::memchr_iter(b'\n', text.as_bytes()).count() as u32;
        for &item in &by_place {
            text.push('\n');
            line += 1;
            lines.push((line, item));
            let (start, end) = self.spans[item as usize];
            let event = &self.text[start..end];
            line += memchr::memchr_iter(b'\n', event.as_bytes()).count() as u32;
            text.push_str(&without_links(event));
            text.push(',');
        }
        text.push('\n');
        text.push_str(&self.text[self.head.1.clone()]);
        let mut timeline = super::load_str(&text, None).timeline?;
        // Each event's line in the small text says which of the file's events it is.
        let place_of = |item: u32| {
            let line = lines.iter().find(|(_, i)| *i == item).map(|(l, _)| *l)?;
            timeline.events.iter().position(|e| e.line == line)
        };
        let places: Vec<usize> = items.iter().map(|&i| place_of(i)).collect::<Option<_>>()?;
        // In file order, so that each line is counted from the one before.
        let mut in_file: Vec<(u32, usize)> = items.iter().copied().zip(places.iter().copied()).collect();
        in_file.sort_unstable();
        for (item, place) in in_file {
            timeline.events[place].line = if counted { self.line(self.spans[item as usize].0) } else { 0 };
        }
        let shown = places[..places.len() - anchor.iter().len()].to_vec();
        Some((timeline, shown))
    }

    /// The preview as bytes, to be kept beside the file's cache entry (`load::cache`), so that
    /// the next open of the unchanged file shows its first screen without an outline. Every
    /// event's line is counted for it. `None` for a text of 4 GiB or more.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let n = self.spans.len();
        let mut out = Vec::with_capacity(64 + 16 * n);
        let (a, b) = &self.head;
        for at in [a.start, a.end, b.start, b.end, n] {
            out.extend_from_slice(&(at as u64).to_le_bytes());
        }
        let (place, item) = self.anchor.map_or((u64::MAX, u64::MAX), |(p, i)| (p as u64, u64::from(i)));
        out.extend_from_slice(&place.to_le_bytes());
        out.extend_from_slice(&item.to_le_bytes());
        for &(start, end) in &self.spans {
            out.extend_from_slice(&u32::try_from(start).ok()?.to_le_bytes());
            out.extend_from_slice(&u32::try_from(end).ok()?.to_le_bytes());
        }
        for &item in &self.order {
            out.extend_from_slice(&item.to_le_bytes());
        }
        let (mut at, mut line) = (0, 1);
        for &(start, _) in &self.spans {
            line += newlines(&self.text.as_bytes()[at..start]);
            at = start;
            out.extend_from_slice(&line.to_le_bytes());
        }
        Some(out)
    }

    /// The preview `to_bytes` wrote for `text`, or `None` if the bytes are not one (damaged,
    /// or for another text): every span must lie within the text, on character boundaries and
    /// in file order, and the order must name events that exist.
    pub fn from_bytes(text: &Arc<String>, bytes: &[u8]) -> Option<Preview> {
        let mut read = Reader(bytes);
        let [a0, a1, b0, b1, n] = [(); 5].map(|_| read.u64().map(|v| v as usize));
        let (head, n) = ((a0?..a1?, b0?..b1?), n?);
        let (place, item) = (read.u64()?, read.u64()?);
        let within = |at: usize| at <= text.len() && text.is_char_boundary(at);
        let fits = |r: &Range<usize>| r.start <= r.end && within(r.start) && within(r.end);
        if !(fits(&head.0) && fits(&head.1)) {
            return None;
        }
        // Checked: a damaged count must not wrap round to the right length.
        if n.checked_mul(16).and_then(|events| events.checked_add(7 * 8)) != Some(bytes.len()) {
            return None;
        }
        let mut spans = Vec::with_capacity(n);
        for _ in 0..n {
            let (start, end) = (read.u32()? as usize, read.u32()? as usize);
            let after_last = spans.last().is_none_or(|&(_, last_end)| last_end <= start);
            if !(start <= end && within(start) && within(end) && after_last) {
                return None;
            }
            spans.push((start, end));
        }
        let order: Vec<u32> = (0..n).map(|_| read.u32()).collect::<Option<_>>()?;
        if order.iter().any(|&i| i as usize >= n) {
            return None;
        }
        let lines = spans.iter().map(|&(start, _)| Some((start, read.u32()?))).collect::<Option<Vec<_>>>()?;
        let anchor = (place != u64::MAX).then_some((place as usize, item as u32));
        if anchor.is_some_and(|(p, i)| order.get(p) != Some(&i)) {
            return None;
        }
        let lines = std::sync::Mutex::new([(0, 1)].into_iter().chain(lines).collect());
        Some(Preview { text: Arc::clone(text), head, spans, order, lines, anchor })
    }

    /// The line of the text that byte `at` is on.
    fn line(&self, at: usize) -> u32 {
        let mut lines = self.lines.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let k = lines.partition_point(|&(offset, _)| offset <= at) - 1;
        let (from, line) = lines[k];
        let line = line + newlines(&self.text.as_bytes()[from..at]);
        lines.insert(k + 1, (at, line));
        line
    }

    /// The place in time order of the event whose id is `id`: each quoted occurrence of the id
    /// is checked to be the `id` of the event it stands in.
    fn find(&self, id: &str) -> Option<(usize, u32)> {
        let quoted = format!("\"{id}\"");
        let text = self.text.as_bytes();
        let item = memchr::memmem::find_iter(text, quoted.as_bytes()).find_map(|at| {
            let item = self.spans.partition_point(|&(start, _)| start <= at).checked_sub(1)?;
            let (start, end) = self.spans[item];
            let event = super::fast::event(&self.text[start..end])
                .or_else(|| super::ron_options().from_str(&self.text[start..end]).ok())?;
            (event.id.as_deref() == Some(id)).then_some(item as u32)
        })?;
        Some((self.order.iter().position(|&i| i == item)?, item))
    }
}

/// Little-endian numbers read in turn.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (first, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*first)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
}

/// An event's text with its links emptied: a window holds few of the events they lead to. The
/// list and its rows do not show links; the loaded timeline does.
fn without_links(event: &str) -> std::borrow::Cow<'_, str> {
    use super::outline::{Step, locate};
    match memchr::memmem::find(event.as_bytes(), b"links").and_then(|_| locate(event, 0, &[Step::Field("links")])) {
        Some((start, end)) => format!("{}[]{}", &event[..start], &event[end..]).into(),
        None => event.into(),
    }
}

/// The newlines in `bytes`, counted on every core when there are many.
fn newlines(bytes: &[u8]) -> u32 {
    let count = |part: &[u8]| memchr::memchr_iter(b'\n', part).count() as u32;
    if bytes.len() < 4 << 20 {
        return count(bytes);
    }
    // Asked only here: the answer reads the control group's files.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    std::thread::scope(|scope| {
        let parts: Vec<_> =
            bytes.chunks(bytes.len().div_ceil(threads)).map(|p| (p, scope.spawn(move || count(p)))).collect();
        parts.into_iter().map(|(part, counted)| counted.join().unwrap_or_else(|_| count(part))).sum()
    })
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset")
}

/// Event numbers in the order `validate::sort_events` gives the loaded events: by the instant
/// an event sorts at, its precision, and its place in the file. An event whose `when` cannot be
/// read goes last (the load will refuse it). The dates are read on every core, each taking a
/// run of the events.
fn order(text: &str, whens: &[Option<(usize, usize)>], tz: FixedOffset) -> Vec<u32> {
    let key = |(i, when): (usize, &Option<(usize, usize)>)| {
        let when = when.and_then(|(s, e)| date_text(&text[s..e])).and_then(|t| When::parse(&t, tz).ok());
        // As the loaded events will sort: `Event::sort_key`.
        let key = |w: When| sort_key(w.start(tz).unwrap_or(i64::MIN), w.end(tz).unwrap_or(i64::MAX), w.precision());
        (when.map_or((i64::MAX, Precision::Year), key), i as u32)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let part = whens.len().div_ceil(threads).max(1);
    let mut keys: Vec<((i64, Precision), u32)> = std::thread::scope(|scope| {
        let runs: Vec<_> = whens
            .chunks(part)
            .enumerate()
            .map(|(k, run)| {
                scope.spawn(move || run.iter().enumerate().map(|(i, w)| key((k * part + i, w))).collect::<Vec<_>>())
            })
            .collect();
        // A run that failed leaves the order short, and the caller makes no preview.
        runs.into_iter().flat_map(|run| run.join().unwrap_or_default()).collect()
    });
    keys.sort_unstable();
    keys.into_iter().map(|(_, i)| i).collect()
}

/// The characters of a `when` written as a plain string, or as any string ron reads.
fn date_text(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    match token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(plain) if !plain.contains('\\') => Some(plain.into()),
        _ => ron::from_str::<String>(token).ok().map(Into::into),
    }
}
