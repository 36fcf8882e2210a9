//! The event form (`i`, `E`): a field a row (the summary several), each marked with what the
//! loader says of it, and under them the focused field's choices or problems. The footer and the
//! status line stay in sight below it.

use super::Theme;
use crate::tui::form_check::Slot;
use crate::tui::form_state::{Choice, Form};
use crate::tui::shown::{fit, width};
use crate::tui::state::{Data, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Columns of the labels.
const LABEL: u16 = 13;
/// Rows under the fields for the focused field's choices or problems.
const BELOW: u16 = 4;

pub fn draw(frame: &mut Frame, area: Rect, form: &Form, state: &State, data: &Data, theme: &Theme) {
    // As tall as its fields, over everything but the footer and the status line, which keep the
    // form's keys in sight.
    let width = area.width.min(100);
    let room = area.height.saturating_sub(2);
    let fields: u16 = heights(form, room.saturating_sub(BELOW + 2)).iter().sum();
    let height = (fields + BELOW + 2).min(room);
    let box_area = Rect { x: area.x + (area.width - width) / 2, y: area.y, width, height };
    let block = Block::bordered().title(title(form)).title_bottom(count(form, theme).right_aligned());
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block.border_style(theme.dim()), box_area);
    if inner.height < BELOW + 3 || inner.width < LABEL + 10 {
        return;
    }
    let fields = Rect { height: inner.height - BELOW, ..inner };
    rows(frame, fields, form, data, theme);
    let below = Rect { y: fields.bottom(), height: BELOW, ..inner };
    frame.render_widget(Paragraph::new(under(form, state, below.width as usize, theme)), below);
}

fn title(form: &Form) -> String {
    let id = fit(&form.id, 50);
    match form.original {
        Some(_) => format!(" Edit event `{id}` "),
        None if form.values.title.trim().is_empty() => " New event ".to_string(),
        None => format!(" New event `{id}` "),
    }
}

/// `2 errors · 1 warning`, or that the loader finds nothing.
fn count(form: &Form, theme: &Theme) -> Line<'static> {
    let errors = form.problems.iter().filter(|p| p.error).count();
    let warnings = form.problems.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => Line::styled(" checked: no problem ", theme.dim()),
        (0, w) => Line::styled(format!(" {} ", plural(w, "warning")), theme.disputed()),
        (e, 0) => Line::styled(format!(" {} ", plural(e, "error")), theme.error()),
        (e, w) => Line::styled(format!(" {} · {} ", plural(e, "error"), plural(w, "warning")), theme.error()),
    }
}

/// The summary's rows: as many as its lines, between 3 and 8, and fewer on a small screen.
fn summary_height(form: &Form, room: u16) -> u16 {
    let wanted = (form.summary.lines().len() as u16 + 1).clamp(3, 8);
    wanted.min(room.saturating_sub(8).max(1))
}

/// The fields, scrolled so that the focused one is in sight.
/// The rows each field takes, in `room` rows.
fn heights(form: &Form, room: u16) -> Vec<u16> {
    form.slots().iter().map(|&s| if s == Slot::Summary { summary_height(form, room) } else { 1 }).collect()
}

fn rows(frame: &mut Frame, area: Rect, form: &Form, data: &Data, theme: &Theme) {
    let slots = form.slots();
    let heights = heights(form, area.height);
    let focus = slots.iter().position(|&s| s == form.focus).unwrap_or(0);
    // The first row shown: the top, unless the focused row would fall below the area.
    let mut first = 0;
    while first < focus && heights[first..=focus].iter().sum::<u16>() > area.height {
        first += 1;
    }
    let mut y = area.y;
    for (i, &slot) in slots.iter().enumerate().skip(first) {
        let height = heights[i].min(area.bottom().saturating_sub(y));
        if height == 0 {
            break;
        }
        let row = Rect { y, height, ..area };
        let label = Rect { width: LABEL, height: 1, ..row };
        let value = Rect { x: row.x + LABEL, width: row.width - LABEL, ..row };
        frame.render_widget(Paragraph::new(label_of(form, slot, theme)), label);
        field(frame, value, form, slot, data, theme);
        y += height;
    }
}

/// A field's label: `✗` for an error there, `!` for a warning; the focused one highlighted.
fn label_of(form: &Form, slot: Slot, theme: &Theme) -> Line<'static> {
    let name = match slot {
        Slot::When => "When".to_string(),
        Slot::Title => "Title".into(),
        Slot::Actors => "Actors".into(),
        Slot::ClaimedBy => "Claimed by".into(),
        Slot::Status => "Status".into(),
        Slot::Tags => "Tags".into(),
        Slot::Place => "Place".into(),
        Slot::Summary => "Summary".into(),
        Slot::Source(n) => format!("Citation {}", n + 1),
        Slot::Locator(_) => "  at".into(),
        Slot::Quote(_) => "  quote".into(),
    };
    let worst = form.problems_at(slot).map(|p| p.error).max();
    let mark = match worst {
        Some(true) => Span::styled("✗ ", theme.error()),
        Some(false) => Span::styled("! ", theme.disputed()),
        None => Span::raw("  "),
    };
    let style = if slot == form.focus { theme.selected() } else { theme.heading() };
    Line::from(vec![mark, Span::styled(name, style)])
}

fn field(frame: &mut Frame, area: Rect, form: &Form, slot: Slot, data: &Data, theme: &Theme) {
    let focused = slot == form.focus;
    let room = area.width as usize;
    match slot {
        Slot::Summary => {
            let mut summary = form.summary.clone();
            let cursor = if focused { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
            summary.set_cursor_style(cursor);
            summary.set_placeholder_text(if focused { "" } else { "(several lines; Enter starts a new one)" });
            summary.set_placeholder_style(theme.dim());
            frame.render_widget(&summary, area);
        }
        Slot::Status => {
            let statuses = crate::model::Status::NAMES.iter().map(|name| {
                let on = *name == form.values.status.name();
                format!("({}) {name}", if on { "•" } else { " " })
            });
            let text = statuses.collect::<Vec<_>>().join("  ");
            frame.render_widget(Paragraph::new(fit(&text, room)), area);
        }
        Slot::Actors | Slot::ClaimedBy => {
            let mut spans: Vec<Span> = Vec::new();
            for id in form.chosen(slot) {
                spans.push(Span::styled(format!("[{}]", actor_label(form, data, id)), theme.chip()));
                spans.push(Span::raw(" "));
            }
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            // What is typed belongs to the focused chooser only.
            let (typed, x) = around(&form.input, form.cursor, room.saturating_sub(used + 1));
            if focused {
                spans.push(Span::raw(typed));
            }
            let line = Line::from(crate::tui::shown::fit_spans(&spans, room));
            frame.render_widget(Paragraph::new(line), area);
            if focused {
                let x = (used + x).min(room.saturating_sub(1));
                frame.set_cursor_position(Position { x: area.x + x as u16, y: area.y });
            }
        }
        _ => {
            let text = form.text(slot).map_or("", String::as_str);
            let (shown, x) =
                if focused { around(text, form.cursor, room.saturating_sub(1)) } else { (fit(text, room), 0) };
            let mut spans = vec![Span::raw(shown.clone())];
            // A source's title beside its id, so that the citation reads as what it is.
            if let Slot::Source(n) = slot
                && let Some(source) = data
                    .timeline
                    .sources
                    .iter()
                    .find(|s| Some(&s.id) == form.values.citations.get(n).map(|c| &c.source))
            {
                let left = room.saturating_sub(width(&shown) + 3);
                spans.push(Span::styled(format!(" — {}", fit(&source.title, left)), theme.dim()));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            if focused {
                let x = (x as u16).min(area.width.saturating_sub(1));
                frame.set_cursor_position(Position { x: area.x + x, y: area.y });
            }
        }
    }
}

/// An actor's short label, or its id if the file does not have it (yet).
fn actor_label(form: &Form, data: &Data, id: &str) -> String {
    match data.timeline.actors.iter().position(|a| a.id == id) {
        Some(ix) => data.short_names[ix].clone(),
        None => form.created.iter().find(|a| a.id == id).map_or_else(|| fit(id, 30), |a| fit(&a.name, 30)),
    }
}

/// The part of `text` around the cursor (a byte offset) that fits `max` columns, cleaned, and
/// the cursor's column in it: from the start while the cursor is in sight, else what leads up
/// to the cursor.
fn around(text: &str, cursor: usize, max: usize) -> (String, usize) {
    let at = text.floor_char_boundary(cursor.min(text.len()));
    let (before, after) = (crate::text::clean_line(&text[..at]), &text[at..]);
    if width(&before) < max {
        return (fit(text, max), width(&before));
    }
    let lead = tail(&before, max);
    let x = width(&lead);
    let rest = if x < max { fit(after, max - x) } else { String::new() };
    (lead + &rest, x)
}

/// The end of `text` that fits `max` columns, cleaned.
fn tail(text: &str, max: usize) -> String {
    let clean = crate::text::clean_line(text);
    if width(&clean) <= max {
        return clean.into_owned();
    }
    let mut start = clean.len();
    let mut used = 0;
    for (i, c) in clean.char_indices().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > max {
            break;
        }
        used += w;
        start = i;
    }
    format!("…{}", &clean[start..])
}

/// Under the fields: the question before throwing changes away, why a save failed, the
/// chooser's choices, or what the loader says of the focused field, and its help.
fn under(form: &Form, state: &State, columns: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    if form.confirm {
        let text = "Throw away the changes? y throws them away, any other key goes back";
        return vec![Line::styled(fit(text, columns), theme.claim())];
    }
    if let Some(note) = &form.note {
        lines.push(Line::styled(fit(note, columns), theme.claim()));
    }
    for reason in &form.failed {
        lines.push(Line::styled(fit(reason, columns), theme.error()));
    }
    if !form.choices.is_empty() {
        for (i, choice) in form.choices.iter().enumerate() {
            let text = match choice {
                Choice::Known { id, label } => format!("  {id} — {label}"),
                Choice::Create(name) => format!("  + create the actor “{name}”"),
            };
            let style = if i == form.choice { theme.selected() } else { Style::new() };
            lines.push(Line::styled(fit(&text, columns), style));
        }
        return lines;
    }
    for problem in form.problems_at(form.focus) {
        let style = if problem.error { theme.error() } else { theme.disputed() };
        lines.push(Line::styled(fit(&problem.message, columns), style));
        if let Some(help) = &problem.help {
            lines.push(Line::styled(fit(&format!("  = help: {help}"), columns), theme.dim()));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(fit(&hint(form, state), columns), theme.dim()));
    }
    lines
}

/// How to use the focused field, in the keys in force.
fn hint(form: &Form, state: &State) -> String {
    use crate::tui::action::Action;
    use crate::tui::keymap::Mode;
    let key = |action| state.keymap.label(Mode::Form, action);
    match form.focus {
        Slot::Actors | Slot::ClaimedBy => {
            format!(
                "Type a name, id or alias; {} takes the choice; {} takes back the last",
                key(Action::Apply),
                key(Action::DeleteBack)
            )
        }
        Slot::Source(_) => format!("Type a source's id or title; {} takes the choice", key(Action::Apply)),
        Slot::Status => {
            format!(
                "{}/{} or Space change it; a first letter picks one",
                key(Action::CursorLeft),
                key(Action::CursorRight)
            )
        }
        Slot::Summary => {
            format!("{} starts a new line; {} goes on to the citations", key(Action::Apply), key(Action::NextField))
        }
        Slot::When => {
            "A date as `check` reads it: 2024-03-22, 2024-03-22T14:00, 2024-03~, 2024-03-22/2024-03-25".into()
        }
        Slot::Tags => "Tags separated by commas".into(),
        _ => format!("{} saves into the file; {} goes on", key(Action::Save), key(Action::Apply)),
    }
}

#[cfg(test)]
mod tests {
    use super::around;

    #[test]
    fn a_field_shows_the_part_around_its_cursor() {
        assert_eq!(around("A day", 2, 20), ("A day".to_string(), 2));
        let long = "An event with a rather long title";
        let (shown, x) = around(long, long.len(), 12);
        assert_eq!((shown.as_str(), x), ("… long title", 12), "typing at the end shows the end");
        let (shown, x) = around(long, 3, 12);
        assert_eq!((shown.as_str(), x), ("An event wi…", 3), "the start, while the cursor is in it");
        let (shown, x) = around("日本語の題名", 12, 7);
        assert_eq!((shown.as_str(), x), ("…本語の", 7), "wide characters count two columns");
        assert_eq!(around("a\u{1b}[2Jb", 5, 20), ("a[2Jb".to_string(), 4), "cleaned");
    }
}
