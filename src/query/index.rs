//! Text prepared once per timeline so that searching is a substring test, not a re-read.

use crate::model::Timeline;

pub struct SearchIndex {
    /// Per event, in timeline order: title, summary, place, tags, and every name of its actors
    /// and claimants, lowercased and joined by newlines.
    haystacks: Vec<String>,
    /// Per actor: id, name and aliases, lowercased.
    pub(crate) actor_handles: Vec<Vec<String>>,
    /// Every tag in use, lowercased, sorted, once.
    pub tags: Vec<String>,
}

impl SearchIndex {
    pub fn new(timeline: &Timeline) -> SearchIndex {
        let actor_handles: Vec<Vec<String>> =
            timeline.actors.iter().map(|a| a.handles().map(str::to_lowercase).collect()).collect();
        let haystacks = timeline
            .events
            .iter()
            .map(|e| {
                let mut text = String::with_capacity(e.title.len() + e.summary.as_ref().map_or(0, String::len) + 64);
                for part in [Some(&e.title), e.summary.as_ref(), e.place.as_ref()].into_iter().flatten() {
                    text.push_str(&part.to_lowercase());
                    text.push('\n');
                }
                for tag in &e.tags {
                    text.push_str(&tag.to_lowercase());
                    text.push('\n');
                }
                for &a in e.actors.iter().chain(&e.claimed_by) {
                    for handle in &actor_handles[a] {
                        text.push_str(handle);
                        text.push('\n');
                    }
                }
                text
            })
            .collect();
        SearchIndex { haystacks, actor_handles, tags: super::all_tags(timeline) }
    }

    /// The lowercased searchable text of event `ix`.
    pub fn haystack(&self, ix: usize) -> &str {
        &self.haystacks[ix]
    }
}
