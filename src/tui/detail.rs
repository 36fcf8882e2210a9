//! What the detail pane says about an event: its lines, and how far they scroll at a size.
//! Apart from the view, so that `update` can know where scrolling ends without calling a view.

use super::layout;
use super::shown::{highlighted, shown, wrap_lines};
use super::state::{Data, State};
use super::theme::Theme;
use crate::model::Status;
use crate::model::when::iso_day as day;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// How much of a summary the detail pane wraps and shows.
pub const SUMMARY_SHOWN: usize = 64 * 1024;

/// How many of an event's actors, tags or citations the detail pane lays out: it is wrapped
/// anew every frame, so an event naming thousands shows the first of them.
const NAMES_SHOWN: usize = 200;

/// The first `NAMES_SHOWN` items, then `and N more`.
fn first_of<T>(items: &[T], item: impl Fn(&T) -> String) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(NAMES_SHOWN).map(item).collect();
    if items.len() > NAMES_SHOWN {
        out.push(format!("and {} more", items.len() - NAMES_SHOWN));
    }
    out
}

/// The detail pane's lines, wrapped to `columns`.
pub fn wrapped(state: &State, data: &Data, theme: &Theme, columns: usize) -> Vec<Line<'static>> {
    let lines = match state.current() {
        Some(ix) => lines(ix, data, &state.highlights(), theme, (state.citation(), state.link())).0,
        None => vec![Line::from("")],
    };
    wrap_lines(&lines, columns)
}

/// Where the detail pane's text goes: under its title, and right of its border beside the list.
pub fn text_area(pane: Rect, side_by_side: bool) -> Rect {
    let left = u16::from(side_by_side).min(pane.width);
    let top = 1.min(pane.height);
    Rect { x: pane.x + left, y: pane.y + top, width: pane.width - left, height: pane.height - top }
}

/// The furthest the detail pane can scroll with its last line still on screen.
pub fn max_scroll(state: &State, data: &Data) -> u16 {
    let area = text_area(layout::of(state).detail, state.size.0 >= layout::WIDE);
    let total = wrapped(state, data, &Theme { color: false, ..Default::default() }, area.width as usize).len();
    (total as u16).saturating_sub(area.height)
}

/// The scroll that shows the line under the detail pane's cursor (a citation or a link),
/// changed as little as it can be from `scroll`.
pub fn scroll_to_citation(state: &State, data: &Data, scroll: u16) -> u16 {
    let Some(ix) = state.current() else { return scroll };
    let theme = Theme { color: false, ..Default::default() };
    let (all, at) = lines(ix, data, &[], &theme, (state.citation(), state.link()));
    let Some(at) = at else { return scroll };
    let area = text_area(layout::of(state).detail, state.size.0 >= layout::WIDE);
    let height = area.height;
    let wrapped = |lines: &[Line<'static>]| wrap_lines(lines, area.width as usize).len();
    let (top, bottom) = (wrapped(&all[..at]) as u16, wrapped(&all[..=at]) as u16);
    if top < scroll {
        top
    } else if bottom > scroll + height {
        bottom.saturating_sub(height).min(top)
    } else {
        scroll
    }
}

/// Source ids, the first few of them.
fn source_ids(data: &Data, sources: &[usize]) -> String {
    let mut out: Vec<String> =
        sources.iter().take(4).map(|&s| shown(&data.timeline.sources[s].id).into_owned()).collect();
    if sources.len() > 4 {
        out.push(format!("and {} more", sources.len() - 4));
    }
    out.join(", ")
}

/// When the event was first reported, how long after, and by which sources: "first reported
/// 2024-03-25, 3 days after, by gpf-colibasanu"; "possibly" where the report's date is coarse.
pub fn first_report(data: &Data, ix: usize) -> String {
    let (k, t) = (&data.knowledge, &data.timeline);
    let Some(report) = k.first_report(t, ix) else {
        return "first report unknown: none of its sources has a date".into();
    };
    let tz = t.timezone;
    let when = match (report.possibly, report.surely) {
        (_, i64::MAX) => format!("possibly from {}, never surely", day(report.possibly, tz)),
        (i64::MIN, surely) => format!("by {}", day(surely, tz)),
        (possibly, surely) if day(possibly, tz) == day(surely, tz) => day(surely, tz),
        (possibly, surely) => format!("possibly from {}, surely by {}", day(possibly, tz), day(surely, tz)),
    };
    let lag = k.lag(t, ix).map(|l| l.words());
    let lag = lag.as_deref().map(|l| l.strip_prefix("reported ").unwrap_or(l));
    let by = source_ids(data, &report.by);
    match lag {
        Some(lag) => format!("first reported {when}, {lag}, by {by}"),
        None => format!("first reported {when}, by {by}"),
    }
}

fn field<'a>(name: &'static str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{name:<8}"), theme.dim()), Span::raw(value)])
}

/// The detail pane's lines for event `ix`, and which of them is under the cursor of `]` and `[`
/// (a citation or a link).
fn lines<'a>(
    ix: usize,
    data: &Data,
    words: &[&str],
    theme: &Theme,
    (citation, link): (Option<usize>, Option<usize>),
) -> (Vec<Line<'a>>, Option<usize>) {
    let timeline = &data.timeline;
    let e = data.event(ix);
    let mut at = None;
    let names = |ixs: &[usize]| first_of(ixs, |&a| shown(&timeline.actors[a].name).into_owned()).join(", ");
    let mut out = vec![Line::from(highlighted(shown(&e.title).into_owned(), words, theme.title(), theme.matched()))];
    out.push(Line::from(""));
    out.push(field("When", e.when.describe(timeline.timezone), theme));
    if let Some(place) = &e.place {
        out.push(field("Place", shown(place).into_owned(), theme));
    }
    if !e.actors.is_empty() {
        out.push(field("Actors", names(&e.actors), theme));
    }
    let status = match (e.status, e.claimed_by.is_empty()) {
        (Status::Claimed, _) => format!("Claimed by {}", names(&e.claimed_by)),
        (Status::Disputed, false) => format!("Disputed; asserted by {}", names(&e.claimed_by)),
        (s, _) => s.name().to_string(),
    };
    let status_style = match e.status {
        Status::Claimed => theme.claim(),
        Status::Disputed => theme.disputed(),
        _ => ratatui::style::Style::new(),
    };
    out.push(Line::from(vec![
        Span::styled(format!("{:<8}", "Status"), theme.dim()),
        Span::styled(status, status_style),
    ]));
    if !e.tags.is_empty() {
        out.push(field("Tags", first_of(&e.tags, |t| format!("#{}", shown(t))).join(" "), theme));
    }
    out.push(field("Known", first_report(data, ix), theme));
    if !e.sources.is_empty() {
        let origins = data.knowledge.origins(timeline, ix);
        let n = origins.len();
        let plural = if n == 1 { "" } else { "s" };
        out.push(field("Origins", format!("{n} independent origin{plural}: {}", source_ids(data, &origins)), theme));
    }
    if let Some(summary) = &e.summary {
        out.push(Line::from(""));
        // Wrapping is redone every frame: a summary of megabytes would make every key slow.
        let shown = &summary[..summary.floor_char_boundary(SUMMARY_SHOWN)];
        out.push(Line::from(highlighted(
            crate::text::clean_line(shown).into_owned(),
            words,
            ratatui::style::Style::new(),
            theme.matched(),
        )));
        if shown.len() < summary.len() {
            let note = format!(
                "(the summary goes on for {} KB more; export it to read it whole)",
                (summary.len() - shown.len()) / 1000
            );
            out.push(Line::styled(note, theme.dim()));
        }
    }
    if !e.sources.is_empty() {
        out.push(Line::from(""));
        out.push(Line::styled("Sources", theme.dim()));
    }
    for (n, c) in e.sources.iter().enumerate().take(NAMES_SHOWN) {
        let s = &timeline.sources[c.source];
        let grade = crate::knowledge::Grade::of(timeline, c);
        let grade = if grade.is_empty() { String::new() } else { format!("{grade} ") };
        let mut text = format!("[{}] {grade}{}", n + 1, shown(&s.title));
        for part in [s.publisher.as_deref(), s.published.as_ref().map(|w| w.text.as_str()), c.at.as_deref()]
            .into_iter()
            .flatten()
        {
            text.push_str(" · ");
            text.push_str(&shown(part));
        }
        if let Some(q) = &c.quote {
            text.push_str(&format!(" “{}”", shown(q)));
        }
        let line = Line::from(text);
        if citation == Some(n) {
            at = Some(out.len());
            out.push(line.style(theme.selected()));
        } else {
            out.push(line);
        }
    }
    if e.sources.len() > NAMES_SHOWN {
        out.push(Line::styled(format!("and {} more", e.sources.len() - NAMES_SHOWN), theme.dim()));
    }
    let mut links = data.knowledge.links(timeline, ix).take(NAMES_SHOWN).enumerate().peekable();
    if links.peek().is_some() {
        out.push(Line::from(""));
        out.push(Line::styled("Links", theme.dim()));
    }
    for (n, linked) in links {
        let other = data.event(linked.other);
        let mut spans = vec![
            Span::styled(format!("{} ", linked.phrase()), theme.key()),
            Span::raw(format!("“{}”", shown(&other.title))),
            Span::styled(format!(" {}", shown(&other.when.text)), theme.dim()),
        ];
        if let Some(note) = linked.note {
            spans.push(Span::raw(format!(" — {}", shown(note))));
        }
        let line = Line::from(spans);
        if link == Some(n) {
            at = Some(out.len());
            out.push(line.style(theme.selected()));
        } else {
            out.push(line);
        }
    }
    out.push(Line::from(""));
    // Line 0: not counted yet, on the first screen of a large file.
    let line = if e.line == 0 { String::new() } else { format!(" · line {}", e.line) };
    out.push(Line::styled(format!("{}{line}", shown(&e.id)), theme.dim()));
    (out, at)
}
