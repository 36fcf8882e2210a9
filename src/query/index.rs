//! What a timeline needs prepared so that a word query is quick, and the search itself.
//!
//! Events read from a file are searched where their text is, in the file's text: it is scanned
//! once per query for all its words, a block at a time lowercased (in ASCII) into a small buffer, and each
//! match is traced to the event and field it falls in. Nothing the size of the timeline is copied:
//! a lowercase copy of every event's text, as before, added two thirds of the file's size to the
//! browser's memory. Events that cannot be searched this way keep a lowercase copy (`folded`).

use super::Stop;
use crate::model::{Event, Text, Timeline};
use rayon::prelude::*;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub struct SearchIndex {
    /// Made on the first word query (`find`): listing, exporting and filtering by actor never
    /// need it.
    prepared: OnceLock<Prepared>,
    /// Per actor: id, name and aliases, lowercased.
    pub(crate) actor_handles: Vec<Vec<String>>,
    /// Every tag in use, lowercased, sorted: made when first asked for (a `#` term, the tag
    /// picker), since lowercasing every tag of a million events would delay every open.
    tags: OnceLock<Vec<String>>,
}

struct Prepared {
    /// The file's text that the events searched in place are spans of.
    text: Option<Arc<String>>,
    /// The searched fields of the events searched in place, as (start, end, event) in the file's
    /// text, in the order of the text: matches, found in that order, are traced to their field by
    /// walking this list once, never by visiting events.
    fields: Vec<(u32, u32, u32)>,
    /// The other events (text copied from escapes, from the cache or an import, or text whose
    /// case changes beyond ASCII, as `É` or `Д` do), with their fields lowercased and joined by
    /// newlines, in timeline order.
    folded: Vec<(usize, Box<str>)>,
    /// Per actor, the events that name it (as an actor or a claimant), in timeline order: a word
    /// in an actor's names matches these without any event's list being read.
    by_actor: Vec<Vec<u32>>,
}

/// Bytes lowercased at a time while scanning: small enough to stay in the cache. (Tiny in unit
/// tests, so that matches fall across every kind of edge.)
const WINDOW: usize = if cfg!(test) { 61 } else { 64 << 10 };
/// Bytes of the text per parallel task.
const PIECE: usize = if cfg!(test) { 1000 } else { 1 << 20 };

/// A word to look for, lowercase, and its search.
pub type Word<'a> = (&'a str, &'a memchr::memmem::Finder<'a>);

impl SearchIndex {
    pub fn new(timeline: &Timeline) -> SearchIndex {
        let actor_handles = timeline.actors.iter().map(|a| a.handles().map(str::to_lowercase).collect()).collect();
        SearchIndex { prepared: OnceLock::new(), actor_handles, tags: OnceLock::new() }
    }

    /// Prepares the word search now, for a caller that can spare the time (the browser, in the
    /// background once a large timeline has opened), so that the first query does not wait for it.
    pub fn prepare(&self, timeline: &Timeline) {
        self.prepared.get_or_init(|| Prepared::of(timeline));
    }

    /// Every tag of `timeline` (the one the index was made for), lowercased and sorted.
    pub fn tags(&self, timeline: &Timeline) -> &[String] {
        self.tags.get_or_init(|| super::all_tags(timeline))
    }

    /// For each word, the events whose searched text contains it, as bits by event. The file's
    /// text is scanned once for all the words.
    /// `actors`: per word, per actor, whether the actor's names contain it; the events that name
    /// such an actor are found too.
    /// The first call sorts the events into those searched in place and those searched in a copy.
    /// `None` if `stop` said so before the search was done: the scan gives up within a piece.
    pub fn find(
        &self,
        timeline: &Timeline,
        words: &[Word],
        actors: &[&[bool]],
        stop: &Stop<'_>,
    ) -> Option<Vec<Vec<u64>>> {
        let prepared = self.prepared.get_or_init(|| Prepared::of(timeline));
        let in_place = prepared.in_place(words, stop);
        if stop() {
            return None;
        }
        let mut found = vec![vec![0u64; timeline.events.len().div_ceil(64)]; words.len()];
        let mut set = |w: usize, ix: usize| found[w][ix / 64] |= 1 << (ix % 64);
        for (w, ix) in in_place.into_iter().chain(prepared.in_copies(timeline, words)) {
            set(w, ix);
        }
        for (w, named) in actors.iter().enumerate() {
            let events = named.iter().zip(&prepared.by_actor).filter(|(named, _)| **named).flat_map(|(_, ixs)| ixs);
            for &ix in events {
                set(w, ix as usize);
            }
        }
        Some(found)
    }
}

impl Prepared {
    fn of(timeline: &Timeline) -> Prepared {
        let mut by_actor = vec![Vec::new(); timeline.actors.len()];
        for (ix, e) in timeline.events.iter().enumerate() {
            for a in e.named_actors() {
                by_actor[a].push(ix as u32);
            }
        }
        let text = timeline.events.iter().find_map(|e| e.title.span()).map(|(text, _)| Arc::clone(text));
        let Some(text) = text else {
            let folded = timeline.events.iter().map(folded).enumerate().collect();
            return Prepared { text, fields: Vec::new(), folded, by_actor };
        };
        // A field as (start, end, event), if it is a span of the text that can be searched there.
        let span = |ix: usize, f: &Text| {
            let range = within(f, &text).filter(|_| !changes_case(f))?;
            Some((u32::try_from(range.start).ok()?, u32::try_from(range.end).ok()?, u32::try_from(ix).ok()?))
        };
        let in_place: Vec<bool> =
            timeline.events.par_iter().enumerate().map(|(ix, e)| fields(e).all(|f| span(ix, f).is_some())).collect();
        // The fields of an event searched in place passed `span` above: their case is not looked
        // at again, which was a second pass over every character of the text searched.
        let place = |ix: usize, f: &Text| within(f, &text).map(|r| (r.start as u32, r.end as u32, ix as u32));
        // Made at its full length at once, in order: collecting in parallel would hold it twice.
        let here = || timeline.events.iter().enumerate().filter(|(ix, _)| in_place[*ix]);
        let count = here().map(|(_, e)| fields(e).count()).sum();
        let mut fields: Vec<(u32, u32, u32)> = Vec::with_capacity(count);
        fields.extend(here().flat_map(|(ix, e)| self::fields(e).filter_map(move |f| place(ix, f))));
        fields.par_sort_unstable();
        let copied = timeline.events.par_iter().enumerate().filter(|(ix, _)| !in_place[*ix]);
        let folded = copied.map(|(ix, e)| (ix, folded(e))).collect();
        Prepared { text: Some(text), fields, folded, by_actor }
    }

    /// (word, event) for the events searched in place, scanning the text on every core; pieces
    /// left once `stop` says so are skipped.
    fn in_place(&self, words: &[Word], stop: &Stop<'_>) -> Vec<(usize, usize)> {
        let (Some(text), Some(&(first, ..))) = (&self.text, self.fields.first()) else { return Vec::new() };
        let end = self.fields.iter().map(|f| f.1).max().unwrap_or(first) as usize;
        let pieces: Vec<Range<usize>> =
            (first as usize..end).step_by(PIECE).map(|at| at..(at + PIECE).min(end)).collect();
        let longest = words.iter().map(|(w, _)| w.len()).max().unwrap_or(1).max(1);
        let scan = |piece: Range<usize>| match stop() {
            true => Vec::new(),
            false => self.scan(text.as_bytes(), piece, longest, words),
        };
        pieces.into_par_iter().flat_map_iter(scan).collect()
    }

    /// (word, event) for the matches starting within `piece`; `longest` is the longest word's length.
    fn scan(&self, text: &[u8], piece: Range<usize>, longest: usize, words: &[Word]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut lowered = Vec::with_capacity(WINDOW + longest);
        for at in (piece.start..piece.end).step_by(WINDOW) {
            let ends = (at + WINDOW).min(piece.end);
            // Reaching past the window by a word's length, so a match across its end is found.
            lowered.clear();
            // Copied, then lowered in place: std lowers a slice many bytes at a time, where a
            // byte-by-byte map through `extend` took half of every query's time at 1M.
            lowered.extend_from_slice(&text[at..(ends + longest - 1).min(text.len())]);
            lowered.make_ascii_lowercase();
            for (w, (word, finder)) in words.iter().enumerate() {
                // The first field that could hold a match at or after the window: matches come in
                // order, so the walk through the fields goes only forwards.
                let mut next = self.fields.partition_point(|f| (f.1 as usize) < at + word.len());
                let mut last = None;
                for hit in finder.find_iter(&lowered).map(|i| at + i).take_while(|&hit| hit < ends) {
                    while next < self.fields.len() && (self.fields[next].1 as usize) < hit + word.len() {
                        next += 1;
                    }
                    match self.fields.get(next) {
                        Some(&(start, _, ix)) if start as usize <= hit && last != Some(ix) => {
                            last = Some(ix);
                            found.push((w, ix as usize));
                        }
                        _ => {}
                    }
                }
            }
        }
        found
    }

    /// (word, event) for the events searched in their lowercase copies.
    fn in_copies(&self, timeline: &Timeline, words: &[Word]) -> Vec<(usize, usize)> {
        let found = |&(ix, ref text): &(usize, Box<str>)| {
            let hits = words.iter().enumerate().filter(move |(_, (word, finder))| match word.contains('\n') {
                false => finder.find(text.as_bytes()).is_some(),
                // A word with a line break could match across the copy's joins: such words (only
                // a quoted phrase holds one) are looked for field by field.
                true => fields_contain(&timeline.events[ix], finder),
            });
            hits.map(move |(w, _)| (w, ix)).collect::<Vec<_>>()
        };
        self.folded.par_iter().flat_map_iter(found).collect()
    }
}

/// The byte range of `field` in `text`, when it is a span of it.
fn within(field: &Text, text: &Arc<String>) -> Option<Range<usize>> {
    field.span().filter(|(file, _)| Arc::ptr_eq(file, text)).map(|(_, range)| range)
}

/// The text a word query searches: title, summary, place and tags (actors are checked apart).
pub fn fields(e: &Event) -> impl Iterator<Item = &Text> {
    [Some(&e.title), e.summary.as_ref(), e.place.as_ref()].into_iter().flatten().chain(&e.tags)
}

/// True when one of the event's searched fields, lowercased, contains the finder's word: the
/// slow way, for what the scan and the copies cannot answer.
pub fn fields_contain(e: &Event, finder: &memchr::memmem::Finder) -> bool {
    fields(e).any(|f| finder.find(f.to_lowercase().as_bytes()).is_some())
}

/// True when lowercasing changes more than ASCII letters, so that lowercasing ASCII is not enough.
fn changes_case(text: &Text) -> bool {
    !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && !c.to_lowercase().eq(std::iter::once(c)))
}

fn folded(e: &Event) -> Box<str> {
    let mut text = String::new();
    for field in fields(e) {
        text.push_str(&field.to_lowercase());
        text.push('\n');
    }
    text.into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_with_case_beyond_ascii_needs_a_copy() {
        assert!(!changes_case(&"Crocus City Hall".into()));
        assert!(!changes_case(&"“quoted” ¶4 — Zoë’s café".into()), "lowercase and caseless characters");
        assert!(changes_case(&"ÉTÉ".into()));
        assert!(changes_case(&"Крокус".into()));
        assert!(changes_case(&"İstanbul".into()), "lowercases to two characters");
    }

    #[test]
    fn a_word_is_found_in_exactly_the_events_whose_searched_text_contains_it() {
        // Words everywhere: across the scan's windows and pieces, next to field edges, in fields
        // that are not searched (ids, places' neighbours), in escapes and in case beyond ASCII.
        let pieces = ["Fire", "cease", "CEASEFIRE", "été", "border", " ", "ire", "Ceasefire"];
        // Escapes and case beyond ASCII make an event be searched in a copy.
        let copied = ["ceas\\u{65}fire", "Éte", "x\\\"y"];
        let mut events = String::new();
        for i in 0..400usize {
            let pick = |k: usize| pieces[(i * 7 + k * 13 + i / 3) % pieces.len()];
            let mut summary: String = (0..i % 9).map(&pick).collect();
            if i % 5 == 0 {
                summary.push_str(copied[i % 3]);
            }
            events.push_str(&format!(
                "Event(id: \"ceasefire-{i}\", when: \"2024\", title: \"{}{}\", summary: \"{summary}\", place: \"{}\", tags: [\"{}\"], sources: [Cite(source: \"s\", at: \"ceasefire\")]),\n",
                pick(1),
                pick(2),
                pick(3),
                pick(4),
            ));
        }
        let text = format!("Timeline(title: \"T\", sources: [Source(id: \"s\", title: \"S\")], events: [\n{events}])");
        let timeline = crate::load::load_str(&text, None).timeline.expect("valid");
        let index = SearchIndex::new(&timeline);
        for word in ["ceasefire", "fire", "firecease", "été", "x\"y", "border", "e", "ire\nb", "ceasefire-1"] {
            let finder = memchr::memmem::Finder::new(word);
            let words = [("e", &memchr::memmem::Finder::new("e")), (word, &finder)];
            let found = &index.find(&timeline, &words, &[&[], &[]], &|| false).expect("not stopped")[1];
            for (ix, e) in timeline.events.iter().enumerate() {
                let expected = fields(e).any(|f| f.to_lowercase().contains(word));
                assert_eq!(found[ix / 64] >> (ix % 64) & 1 == 1, expected, "{word:?} in {:?}", e.title);
            }
        }
        let prepared = index.prepared.get().unwrap();
        let in_place = prepared.fields.iter().map(|f| f.2).collect::<std::collections::HashSet<_>>().len();
        let copied = prepared.folded.len();
        assert!(in_place > 50 && copied > 50, "both ways are tested: {in_place} in place, {copied} copied");
    }
}
