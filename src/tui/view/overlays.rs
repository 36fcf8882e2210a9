//! Overlays drawn over the main screen: help, the pickers, the query bar.

use super::Theme;
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::shown::{fit, pad};
use crate::tui::state::{Choice, Picker, PickerKind, QueryInput, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Help (`?`): every key of every mode, with its place in the text (`12/80`) in the border.
pub fn help(frame: &mut Frame, area: Rect, scroll: u16, keymap: &Keymap, theme: &Theme) {
    let box_area = crate::tui::help::area(area);
    let (total, height) = crate::tui::help::size(keymap, (area.width, area.height));
    let scroll = scroll.min(total.saturating_sub(height));
    let title = format!(" Help — {} closes ", keymap.label(Mode::Help, Action::Close));
    let position = format!(" {}/{} ", (scroll + height).min(total), total);
    let block =
        Block::bordered().title(title).title_bottom(Line::from(position).right_aligned()).border_style(theme.dim());
    frame.render_widget(Clear, box_area);
    let lines = crate::tui::help::lines(keymap, theme);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), box_area);
}

pub fn picker(frame: &mut Frame, area: Rect, p: &Picker, keymap: &Keymap, theme: &Theme) {
    let box_area = centered(area, 80, area.height.saturating_sub(2).max(6));
    let what = match p.kind {
        PickerKind::Actors => "actor",
        PickerKind::Tags => "tag",
    };
    let mode = if p.all { "all of the chosen" } else { "any of the chosen" };
    let block = Block::bordered().title(format!(" Filter by {what}: {mode} ")).border_style(theme.dim());
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let input = Line::from(vec![Span::styled("> ", theme.key()), Span::raw(fit(&p.input, inner.width as usize - 3))]);
    frame.render_widget(Paragraph::new(input), Rect { height: 1, ..inner });
    frame.set_cursor_position(Position {
        x: inner.x + 2 + crate::tui::shown::width(&p.input).min(inner.width as usize - 3) as u16,
        y: inner.y,
    });
    let list_height = inner.height.saturating_sub(2) as usize;
    let first = p.cursor.saturating_sub(list_height.saturating_sub(1));
    let label_w = (inner.width as usize).saturating_sub(12);
    let mut lines: Vec<Line> = p
        .visible
        .iter()
        .enumerate()
        .skip(first)
        .take(list_height)
        .map(|(row, &i)| {
            let item = &p.items[i];
            let (mark, style) = match p.choice(item.item) {
                Some(Choice::Include) => ("[+]", theme.chip()),
                Some(Choice::Exclude) => ("[-]", theme.disputed()),
                None => ("[ ]", ratatui::style::Style::new()),
            };
            let line = Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(pad(&item.label, label_w), style),
                Span::styled(format!("{:>6}", item.count), theme.dim()),
            ]);
            if row == p.cursor { line.style(theme.selected()) } else { line }
        })
        .collect();
    if p.visible.is_empty() {
        lines.push(Line::styled(format!("No {what} matches `{}`", fit(&p.input, 30)), theme.dim()));
    }
    let list_area = Rect { y: inner.y + 1, height: list_height as u16, ..inner };
    frame.render_widget(Paragraph::new(lines), list_area);
    let (hints, kept) = keymap.footer(Mode::Picker);
    let hints = super::chrome::hints(&hints, kept, inner.width as usize, theme);
    frame.render_widget(Paragraph::new(hints), Rect { y: inner.y + inner.height - 1, height: 1, ..inner });
}

/// The query prompt in the status line, with parts that did not parse underlined, and the
/// first problem's reason in the footer line above it.
pub fn query(frame: &mut Frame, status: Rect, footer: Rect, input: &QueryInput, state: &State, theme: &Theme) {
    let problems = &state.filter.query.problems;
    let mut spans = vec![Span::styled("/", theme.key())];
    let mut at = 0;
    for p in problems.iter().filter(|p| p.span.end <= input.text.len()) {
        if p.span.start < at {
            continue;
        }
        spans.push(Span::raw(crate::text::clean_line(&input.text[at..p.span.start]).into_owned()));
        spans.push(Span::styled(crate::text::clean_line(&input.text[p.span.clone()]).into_owned(), theme.error()));
        at = p.span.end;
    }
    spans.push(Span::raw(crate::text::clean_line(&input.text[at..]).into_owned()));
    frame.render_widget(Clear, status);
    frame.render_widget(Paragraph::new(Line::from(spans)), status);
    let before = crate::tui::shown::width(&crate::text::clean_line(&input.text[..input.cursor]));
    frame.set_cursor_position(Position {
        x: status.x + 1 + (before as u16).min(status.width.saturating_sub(2)),
        y: status.y,
    });
    let note = match problems.first() {
        Some(p) => Line::styled(
            fit(&format!("`{}`: {}", &input.text[p.span.clone()], p.reason), footer.width as usize),
            theme.disputed(),
        ),
        None => {
            let key = |action| state.keymap.label(Mode::Query, action);
            let (enter, esc) = (key(Action::Apply), key(Action::Close));
            let hint =
                format!("{enter} keep · {esc} undo · words \"phrase\" @actor #tag from: to: status: source: -not");
            Line::styled(fit(&hint, footer.width as usize), theme.dim())
        }
    };
    frame.render_widget(Clear, footer);
    frame.render_widget(Paragraph::new(note), footer);
}

/// The export dialog: path, format, toggles, and what went wrong or needs a yes.
pub fn export(frame: &mut Frame, area: Rect, d: &crate::tui::state::ExportDialog, keymap: &Keymap, theme: &Theme) {
    let box_area = centered(area, 76, 12);
    let block = Block::bordered().title(format!(" Export {} events ", d.events)).border_style(theme.dim());
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let check = |on: bool| if on { "[x]" } else { "[ ]" };
    let format = crate::export::Format::ALL
        .map(|f| format!("({}) {}", if f == d.format { "•" } else { " " }, f.name()))
        .join("  ");
    let styles = crate::export::cite::STYLES
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("({}) {name}", if i == d.style { "•" } else { " " }))
        .collect::<Vec<_>>()
        .join("  ");
    let width = inner.width as usize;
    let rows = [
        format!("Path     {}", fit(&d.path, width.saturating_sub(10))),
        format!("Format   {format}"),
        fit(&format!("Style    {styles}"), width),
        format!("         {} summaries", check(d.summaries)),
        format!("         {} Sources section", check(d.sources)),
    ];
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(
            |(i, r)| {
                if i == d.field as usize { Line::styled(r.clone(), theme.selected()) } else { Line::from(r.clone()) }
            },
        )
        .collect();
    lines.push(Line::from(""));
    if d.confirm {
        lines.push(Line::styled(
            fit(&format!("`{}` exists. Replace it? y replaces, any other key keeps it", d.path), width),
            theme.claim(),
        ));
    } else if let Some(error) = &d.error {
        lines.push(Line::styled(fit(error, width), theme.disputed()));
    } else {
        let key = |action| keymap.label(Mode::Export, action);
        let (enter, next, previous, change, esc) = (
            key(Action::Apply),
            key(Action::NextField),
            key(Action::PreviousField),
            key(Action::ChangeField),
            key(Action::Close),
        );
        let hint = format!("{enter} writes · {next}/{previous} move · {change} toggles · {esc} cancels");
        lines.push(Line::styled(fit(&hint, width), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if d.field == crate::tui::state::ExportField::Path {
        let x = inner.x + 9 + crate::tui::shown::width(&d.path).min(width.saturating_sub(10)) as u16;
        frame.set_cursor_position(Position { x: x.min(inner.x + inner.width.saturating_sub(1)), y: inner.y });
    }
}
