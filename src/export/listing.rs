//! The plain one-line-per-event listing of `timeline list`.

use crate::model::{Event, Timeline};
use crate::text::clean_line;

/// Column widths for a set of events, so that dates and ids line up.
pub struct Columns {
    when: usize,
    id: usize,
}

impl Columns {
    pub fn fit<'e>(events: impl IntoIterator<Item = &'e Event>) -> Columns {
        let mut cols = Columns { when: 0, id: 0 };
        for e in events {
            cols.when = cols.when.max(e.when.text.chars().count());
            cols.id = cols.id.max(e.id.chars().count());
        }
        cols
    }
}

/// The status column is as wide as the longest status name, `Confirmed`.
const STATUS: usize = 9;

/// `2024-03-22  crocus-city-hall-attack  Confirmed  Gunmen attack …  @isis-k @tajik-gunmen`
pub fn event_line(timeline: &Timeline, e: &Event, cols: &Columns) -> String {
    let actors: Vec<String> = e.actors.iter().map(|&a| format!("@{}", timeline.actors[a].id)).collect();
    let line = format!(
        "{:w$}  {:i$}  {:STATUS$}  {}  {}",
        e.when.text,
        e.id,
        e.status.name(),
        clean_line(&e.title),
        actors.join(" "),
        w = cols.when,
        i = cols.id
    );
    line.trim_end().to_string()
}
