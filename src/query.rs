//! Which events to show: the filter shared by the command line and the browser.

use crate::load::ranked;
use crate::model::{ActorIx, Event, Timeline};
use crate::when::When;

/// Events pass when they involve any of the actors (as actor or claimant; if any are given),
/// carry any of the tags (if any), and overlap the date range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub actors: Vec<ActorIx>,
    /// Lowercase.
    pub tags: Vec<String>,
    /// Earliest instant kept (Unix seconds).
    pub from: Option<i64>,
    /// Latest instant kept (Unix seconds).
    pub to: Option<i64>,
}

/// A filter term that matches nothing, with what the user may have meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub help: Option<String>,
}

impl Filter {
    pub fn matches(&self, e: &Event) -> bool {
        (self.actors.is_empty() || e.actors.iter().chain(&e.claimed_by).any(|a| self.actors.contains(a)))
            && (self.tags.is_empty() || e.tags.iter().any(|t| self.tags.iter().any(|w| t.eq_ignore_ascii_case(w))))
            && e.overlaps(self.from, self.to)
    }

    pub fn apply<'t>(&self, timeline: &'t Timeline) -> impl Iterator<Item = &'t Event> {
        timeline.events.iter().filter(|e| self.matches(e))
    }
}

/// The actors whose id, name or alias is `text`, ignoring case.
pub fn find_actors(timeline: &Timeline, text: &str) -> Result<Vec<ActorIx>, QueryError> {
    let found: Vec<ActorIx> =
        timeline.actors.iter().enumerate().filter(|(_, a)| a.answers_to(text)).map(|(i, _)| i).collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let handles = timeline.actors.iter().flat_map(|a| a.handles());
    let mut near: Vec<String> = Vec::new();
    for handle in ranked(text, handles) {
        let Some(actor) = timeline.actors.iter().find(|a| a.handles().any(|h| h == handle)) else { continue };
        let shown = format!("`{}` ({})", actor.id, crate::text::clean_line(&actor.name));
        if !near.contains(&shown) {
            near.push(shown);
        }
    }
    near.truncate(3);
    let help = if near.is_empty() {
        "`timeline list --json | jq` shows every actor id; names and aliases work too".to_string()
    } else {
        format!("the closest are {}", near.join(", "))
    };
    Err(QueryError { message: format!("no actor is called `{text}`"), help: Some(help) })
}

/// The tag `text` as used in the timeline, ignoring case.
pub fn find_tag(timeline: &Timeline, text: &str) -> Result<String, QueryError> {
    let mut tags: Vec<&str> = timeline.events.iter().flat_map(|e| e.tags.iter().map(String::as_str)).collect();
    tags.sort_unstable();
    tags.dedup();
    if tags.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        return Ok(text.to_lowercase());
    }
    let near: Vec<String> = ranked(text, tags.iter().copied()).into_iter().take(3).map(|t| format!("`{t}`")).collect();
    let help = (!near.is_empty()).then(|| format!("the closest are {}", near.join(", ")));
    Err(QueryError { message: format!("no event has the tag `{text}`"), help })
}

/// Which end of a date a range bound takes: `--from 2024-03` starts on 1 March, `--to 2024-03`
/// ends on 31 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    First,
    Last,
}

pub fn date_bound(timeline: &Timeline, text: &str, end: End) -> Result<i64, QueryError> {
    let when = When::parse(text, timeline.timezone)
        .map_err(|e| QueryError { message: format!("invalid date `{text}`: {}", e.message), help: e.help })?;
    let instant = match end {
        End::First => when.start(timeline.timezone),
        End::Last => when.end(timeline.timezone),
    };
    instant.ok_or_else(|| QueryError { message: format!("`{text}` is open at that end"), help: None })
}
