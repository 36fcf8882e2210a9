//! Text prepared once per timeline so that searching is a substring test, not a re-read.

use crate::model::{Event, Timeline};
use rayon::prelude::*;
use std::sync::OnceLock;

pub struct SearchIndex {
    /// Per event, in timeline order: title, summary, place and tags, lowercased and joined by
    /// newlines. Actors' names are not repeated here: a query term checks them once per actor.
    /// Made on first use (`prepare`): listing, exporting and filtering by actor never need it.
    haystacks: OnceLock<Vec<String>>,
    /// Per actor: id, name and aliases, lowercased.
    pub(crate) actor_handles: Vec<Vec<String>>,
    /// Every tag in use, lowercased, sorted, once.
    pub tags: Vec<String>,
}

impl SearchIndex {
    pub fn new(timeline: &Timeline) -> SearchIndex {
        let actor_handles = timeline.actors.iter().map(|a| a.handles().map(str::to_lowercase).collect()).collect();
        SearchIndex { haystacks: OnceLock::new(), actor_handles, tags: super::all_tags(timeline) }
    }

    /// Makes the searchable text, once; `Query::parse` calls it for any query that searches text.
    pub fn prepare(&self, timeline: &Timeline) {
        self.haystacks.get_or_init(|| timeline.events.par_iter().map(haystack).collect());
    }

    /// The lowercased searchable text of event `ix`.
    pub fn haystack(&self, ix: usize) -> &str {
        self.haystacks.get().map_or("", |h| &h[ix])
    }
}

/// The text a word query searches: title, summary, place and tags (actors are checked apart).
pub fn fields(e: &Event) -> impl Iterator<Item = &str> {
    [Some(&e.title), e.summary.as_ref(), e.place.as_ref()].into_iter().flatten().chain(&e.tags).map(|t| t.as_str())
}

fn haystack(e: &Event) -> String {
    let mut text = String::with_capacity(e.title.len() + e.summary.as_deref().map_or(0, str::len) + 32);
    for field in fields(e) {
        text.push_str(&field.to_lowercase());
        text.push('\n');
    }
    text.shrink_to_fit();
    text
}
