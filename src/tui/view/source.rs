//! The source view (reference, the events citing it, the local copy at the cited passage) and the
//! list of sources.

use super::Theme;
use crate::sources::citation_counts;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::shown::shown;
use crate::tui::shown::{fit, pad};
use crate::tui::state::{Data, SourcePane, SourceView, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn field<'a>(name: &'static str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{name:<10}"), theme.dim()), Span::raw(value)])
}

/// The reference: every known field of the source, and the citation it was opened for.
fn reference<'a>(view: &SourceView, data: &Data, theme: &Theme) -> Vec<Line<'a>> {
    let s = &data.timeline.sources[view.source];
    let mut lines = vec![Line::styled(shown(&s.title).into_owned(), theme.title())];
    if !s.authors.is_empty() {
        lines.push(field("Authors", shown(&crate::sources::join_names(&s.authors)).into_owned(), theme));
    }
    if let Some(p) = &s.publisher {
        lines.push(field("Publisher", shown(p).into_owned(), theme));
    }
    if let Some(w) = &s.published {
        lines.push(field("Published", w.reads(data.timeline.timezone), theme));
    }
    if let Some(u) = &s.url {
        lines.push(field("URL", shown(u).into_owned(), theme));
    }
    // Written, or found by convention (`sources/ID.txt`).
    if let Some(a) = data.archives.path(view.source) {
        lines.push(field("Archive", shown(a).into_owned(), theme));
    }
    lines.extend(captured(view, data, theme));
    if let Some(b) = view.from {
        let c = b.cite(&data.timeline);
        let mut cited =
            format!("{} in `{}`", c.at.as_deref().map_or("(no locator)".into(), shown), data.event(b.event).id);
        if let Some(q) = &c.quote {
            cited.push_str(&format!(": “{}”", shown(q)));
        }
        let finding = view.backlinks.iter().position(|x| *x == b).and_then(|i| view.findings.get(i)?.as_ref());
        let mut spans = vec![Span::styled(format!("{:<10}", "Cited"), theme.dim()), Span::raw(cited)];
        if let Some(f) = finding {
            let style = if f.is_problem() { theme.disputed() } else { theme.dim() };
            spans.push(Span::styled(format!(" — {}", finding_words(f)), style));
        }
        lines.push(Line::from(spans));
    }
    if let Some(n) = &s.note {
        lines.push(field("Note", shown(n).into_owned(), theme));
    }
    lines
}

/// When and from where the copy was captured, and whether its original is still what was.
fn captured<'a>(view: &SourceView, data: &Data, theme: &Theme) -> Vec<Line<'a>> {
    let s = &data.timeline.sources[view.source];
    let mut lines = Vec::new();
    if let Some(when) = &s.captured {
        let from = s.captured_from.as_deref().map_or(String::new(), |f| format!(" from {}", shown(f)));
        lines.push(field("Captured", format!("{}{from}", shown(when)), theme));
    }
    if let Some(original) = &s.original {
        use crate::evidence::Integrity;
        let (state, bad) = match data.archives.original_state(view.source) {
            None => ("checking its hash…".to_string(), false),
            Some(Integrity::Intact) => ("intact: its sha256 is the one recorded".to_string(), false),
            Some(Integrity::Altered { .. }) => ("CHANGED since it was captured: its sha256 differs".to_string(), true),
            Some(Integrity::Unreadable(why)) => (shown(why).into_owned(), true),
            Some(Integrity::Unhashed) => ("no sha256 recorded".to_string(), false),
        };
        let style = if bad { theme.disputed() } else { theme.dim() };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<10}", "Original"), theme.dim()),
            Span::raw(shown(original).into_owned()),
            Span::styled(format!(" — {state}"), style),
        ]));
    }
    lines
}

/// A citation's finding, as the source view's row mark and in words.
fn finding_mark(f: Option<&crate::evidence::Finding>) -> &'static str {
    use crate::evidence::Finding as F;
    match f {
        Some(F::Verified) => "✓",
        Some(F::Misplaced { .. }) => "~",
        Some(F::NotFound | F::Beyond { .. } | F::BadLocator) => "✗",
        Some(F::NoQuote) => "·",
        None => " ",
    }
}

fn finding_words(f: &crate::evidence::Finding) -> String {
    use crate::evidence::{Finding as F, locator};
    match f {
        F::Verified => "quote verified in the copy".into(),
        F::Misplaced { found } => format!("quote found at {}, not where cited", locator(found)),
        F::NotFound => "quote not found in the copy".into(),
        F::Beyond { last, .. } => format!("beyond the copy's last paragraph (¶{last})"),
        F::NoQuote => "no quote to verify".into(),
        F::BadLocator => "the locator names no paragraph (they count from ¶1)".into(),
    }
}

fn backlinks<'a>(view: &SourceView, data: &Data, width: usize, height: usize, theme: &Theme) -> Vec<Line<'a>> {
    let first = view.cursor.saturating_sub(height.saturating_sub(1));
    view.backlinks
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, b)| {
            let e = data.event(b.event);
            let at = b.cite(&data.timeline).at.as_deref().map_or(String::new(), |a| shown(a).into_owned());
            let finding = view.findings.get(i).and_then(Option::as_ref);
            let mark = finding_mark(finding);
            let text = format!("{mark} {:<7}{:<12} {}", fit(&at, 6), fit(&e.when.text, 11), shown(&e.title));
            let line = Line::from(pad(&text, width));
            let style = if Some(i) == view.hidden {
                theme.disputed()
            } else if i == view.cursor && view.pane == SourcePane::Backlinks {
                theme.selected()
            } else if i == view.cursor {
                theme.chip()
            } else if finding.is_some_and(crate::evidence::Finding::is_problem) {
                theme.disputed()
            } else {
                ratatui::style::Style::new()
            };
            line.style(style)
        })
        .collect()
}

fn reader<'a>(view: &SourceView, data: &Data, height: usize, theme: &Theme) -> Vec<Line<'a>> {
    match data.archives.get(view.source) {
        None if data.archives.has_archive(view.source) => vec![Line::styled("Reading the local copy…", theme.dim())],
        None => vec![Line::styled(
            format!(
                "No local copy: this source has no `archive`, and there is no `sources/{}.txt`; \
                 `timeline capture {} FILE-OR-URL` makes one.",
                shown(&data.timeline.sources[view.source].id),
                shown(&data.timeline.sources[view.source].id)
            ),
            theme.dim(),
        )],
        // Wrapped, not cut: the reason is often at the end.
        Some(Err(notice)) => vec![Line::styled(shown(&notice.to_string()).into_owned(), theme.disputed())],
        Some(Ok(archive)) => (view.scroll..)
            .zip(archive.lines_from(view.scroll).take(height))
            .map(|(i, line)| {
                let in_passage = view.passage.as_ref().is_some_and(|p| p.contains(&i));
                let style = if in_passage { theme.chip() } else { ratatui::style::Style::new() };
                Line::styled(
                    crate::tui::shown::shown_up_to(line, crate::tui::detail::SUMMARY_SHOWN).into_owned(),
                    style,
                )
            })
            .collect(),
    }
}

pub fn view(frame: &mut Frame, area: Rect, view: &SourceView, state: &State, data: &Data, theme: &Theme) {
    let [body, footer, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Clear, area);
    let reference = reference(view, data, theme);
    let top_height = (reference.len() as u16 + 1).min(body.height / 3).max(2);
    let [top, rest] = Layout::vertical([Constraint::Length(top_height), Constraint::Min(1)]).areas(body);
    frame.render_widget(Paragraph::new(reference).wrap(Wrap { trim: false }), top);
    let [links_area, text_area] = if rest.width >= 100 {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(rest)
    };
    let title = |name: String, active: bool| {
        let style = if active { theme.heading() } else { theme.dim() };
        Block::new().borders(Borders::TOP).border_style(theme.dim()).title(Span::styled(name, style))
    };
    let links_block = title(format!(" Cited by {} ", view.backlinks.len()), view.pane == SourcePane::Backlinks);
    let inner = links_block.inner(links_area);
    let lines = backlinks(view, data, inner.width as usize, inner.height as usize, theme);
    frame.render_widget(Paragraph::new(lines).block(links_block), links_area);
    let text_block = title(" Text ".to_string(), view.pane == SourcePane::Reader);
    let inner = text_block.inner(text_area);
    let lines = reader(view, data, inner.height as usize, theme);
    frame.render_widget(Paragraph::new(lines).block(text_block).wrap(Wrap { trim: false }), text_area);
    let (hints, kept) = state.keymap.footer(Mode::Source);
    frame.render_widget(Paragraph::new(super::chrome::hints(&hints, kept, footer.width as usize, theme)), footer);
    let line = match (&view.search, &state.status) {
        (Some(q), _) => Line::from(vec![Span::styled("search: ", theme.key()), Span::raw(shown(q).into_owned())]),
        (None, Some(message)) => Line::styled(fit(message, status.width as usize), theme.dim()),
        (None, None) => {
            let key = |action| state.keymap.label(Mode::Source, action);
            let (o, y, enter, back) =
                (key(Action::OpenExternal), key(Action::CopyCitation), key(Action::Apply), key(Action::Back));
            // The keys for a page that may be gone, where there is something for them to open.
            let mut rescue = String::new();
            if data.archives.has_archive(view.source) {
                rescue.push_str(&format!(" · {} local copy", key(Action::OpenCopy)));
            }
            if data.timeline.sources[view.source].url.is_some() {
                rescue.push_str(&format!(" · {} Wayback", key(Action::OpenWayback)));
            }
            let hints = format!("{o} open{rescue} · {y} copy citation · {enter} go to event · {back} back");
            Line::styled(fit(&hints, status.width as usize), theme.dim())
        }
    };
    frame.render_widget(Paragraph::new(line), status);
}

pub fn list(frame: &mut Frame, area: Rect, cursor: usize, state: &State, data: &Data, theme: &Theme) {
    let width = area.width.min(100);
    let box_area =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + 1, width, height: area.height.saturating_sub(2) };
    let key = |action| state.keymap.label(Mode::Sources, action);
    let (enter, f, esc) = (key(Action::Apply), key(Action::FilterBySource), key(Action::Close));
    let title = format!(" Sources — {enter} opens, {f} filters, {esc} closes ");
    let block = Block::bordered().title(title).border_style(theme.dim());
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let counts = citation_counts(&data.timeline);
    let height = inner.height as usize;
    let first = cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = data
        .timeline
        .sources
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, s)| {
            let text = format!("{:>4}  {}", counts[i], shown(&s.title));
            let line = Line::from(pad(&text, inner.width as usize));
            if i == cursor { line.style(theme.selected()) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
