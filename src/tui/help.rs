//! What the help overlay says and how far it scrolls: its lines are made here, apart from the
//! view, so that `update` knows where scrolling ends without calling a view.

use super::action::Action;
use super::keymap::{self, Keymap, Mode};
use super::state::{Overlay, State};
use super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const MARKERS: &str = "Rows: ✓ confirmed, · reported, C claimed, D disputed (a claim names who makes it: \
                       `Putin: …`); in times ~ approximate, ? uncertain, % both, → the end of an \
                       interval, .. open-ended; T−15d is the time from the anchor event. [Bracketed] source \
                       titles are known only from the page's address. The time axis over the list: a bar \
                       per column (█ N at its right end: what the tallest bar counts), ┆ where a long \
                       stretch without events is cut out (| switches to a plain scale), ▲ the cursor. \
                       With an as-of date (A; ( and ) step it): ◌ and dimmed, only possibly known by then \
                       (its first report's date is coarser than the day); ∅ no source of it has a date.";

const LANES: &str = "Lanes (L): ● confirmed, ○ reported, ◆ claimed, ◇ disputed, at a day or a moment; \
                     ━ a month, a year or an interval (┅ approximate, ╍ uncertain); after a mark ~ approximate, \
                     ? uncertain, % both; ◀ ▶ runs on past the edge; ⚑ claimed by the lane's actor; \
                     ┆ and ≈ time left out of the axis.";

/// An example of each part of the query language, by the part's key in `SYNTAX`: what to type,
/// and what it keeps.
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("words", "crocus gunmen", "events with every word in their title, summary, place, tags or actors"),
    ("\"", "\"city hall\"", "the words together, as written"),
    ("@", "@fsb", "events an actor takes part in (its id, or the start of its name or an alias)"),
    ("#", "#warning", "events with a tag"),
    ("from:", "from:2024-03-22", "events on or after a date (a year, a month or a day)"),
    ("to:", "to:2024-03", "events on or before a date"),
    ("status:", "status:claimed", "confirmed, reported, claimed or disputed"),
    ("source:", "source:newsam", "events citing a source (its id, or the start of it)"),
    ("by:", "by:putin", "events an actor claims (named as @ names one)"),
    ("mark:", "mark:a", "events marked with a letter (m then the letter marks one)"),
    ("known:", "known:2024-03-10", "what was known, or possibly known, by a date (undated ones too; A sets it)"),
    ("known:undated", "known:undated", "events none of whose sources has a date (-known:undated leaves them out)"),
    ("origins:", "origins:2", "events resting on at least that many independent origins"),
    ("link:", "link:contradicts", "events linked so, either way (corroborates, supersedes, follows, sameas)"),
    ("grade:", "grade:B2", "events with a citation graded so or better (reliability A–F, credibility 1–6)"),
    ("-", "-#background", "a leading - leaves out what the term keeps"),
];

/// The key of a part of `SYNTAX` (`from:DATE` → `from:`, `@actor` → `@`, `words` → `words`).
fn key_of(part: &str) -> &str {
    match part.find(':') {
        Some(at) => &part[..=at],
        None if part.starts_with(['@', '#', '"', '-']) => &part[..1],
        None => part,
    }
}

/// The query language, one line per part of `SYNTAX`, each with an example where one is known;
/// a part added to the language shows as `SYNTAX` writes it until it is given one.
pub fn query_language(theme: &Theme) -> Vec<Line<'static>> {
    let parts = crate::query::SYNTAX.split([',', ';']).map(str::trim).filter(|p| !p.is_empty());
    let mut out = vec![Line::styled(
        "The query language (/): terms separated by spaces, all of which must match".to_string(),
        theme.heading(),
    )];
    for part in parts {
        let key = key_of(part);
        // A part written whole (`known:undated`) has its own example, before its key's.
        let found =
            EXAMPLES.iter().find(|(k, _, _)| *k == part).or_else(|| EXAMPLES.iter().find(|(k, _, _)| *k == key));
        let (example, meaning) = found.map_or((part, ""), |&(_, example, meaning)| (example, meaning));
        out.push(Line::from(vec![
            Span::styled(format!("  {example:<22}"), theme.key()),
            Span::raw(meaning.to_string()),
        ]));
    }
    out
}

/// Every line of help: the marks on screen, then each mode's keys as the keymap binds them,
/// and the query language after the query bar's keys.
pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = vec![Line::from(MARKERS), Line::from(LANES)];
    lines.push(Line::from("Mouse: the wheel scrolls, a click selects."));
    lines.push(Line::from(""));
    // The detail pane has the list's keys (its movement keys scroll), so one section serves both.
    for &mode in keymap::ALL_MODES.iter().filter(|&&m| m != Mode::Detail) {
        lines.push(Line::styled(keymap.heading(mode), theme.heading()));
        let list = keymap.bindings(Mode::List);
        // The lanes view has the list's keys: its section says only what differs.
        for (keys, help) in keymap.bindings(mode).into_iter().filter(|b| mode != Mode::Lanes || !list.contains(b)) {
            lines.push(Line::from(vec![Span::styled(format!("  {keys:<22}"), theme.key()), Span::raw(help)]));
        }
        lines.push(Line::from(""));
        if mode == Mode::Query {
            lines.extend(query_language(theme));
            lines.push(Line::from(""));
        }
    }
    lines
}

/// Where help goes on a screen: as wide as reads well, wider on a wide terminal.
pub fn area(screen: Rect) -> Rect {
    let width = if screen.width > 104 { (screen.width - 4).min(140) } else { screen.width.min(100) };
    let height = screen.height.saturating_sub(2);
    Rect { x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width, height }
}

/// The lines of help at a screen size once wrapped, and how many show at once.
pub fn size(keymap: &Keymap, screen: (u16, u16)) -> (u16, u16) {
    let inner = area(Rect::new(0, 0, screen.0, screen.1));
    let (width, height) = (inner.width.saturating_sub(2).max(1), inner.height.saturating_sub(2));
    let theme = Theme { color: false, ..Default::default() };
    let total = Paragraph::new(lines(keymap, &theme)).wrap(Wrap { trim: false }).line_count(width);
    (total as u16, height)
}

/// Scrolls help, never past its last line.
pub fn scroll(state: &mut State, action: Action) {
    let (total, height) = size(&state.keymap, state.size);
    let Some(Overlay::Help { scroll, .. }) = &mut state.overlay else { return };
    *scroll = scrolled(*scroll, action, total, height);
}

/// A scroll position moved by `action` over `total` lines of which `height` show.
pub fn scrolled(scroll: u16, action: Action, total: u16, height: u16) -> u16 {
    let page = height.saturating_sub(1).max(1);
    let moved = match action {
        Action::MoveDown | Action::ScrollDown => scroll.saturating_add(1),
        Action::MoveUp | Action::ScrollUp => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page),
        Action::PageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => u16::MAX,
        _ => scroll,
    };
    moved.min(total.saturating_sub(height))
}
