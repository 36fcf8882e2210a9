//! Diagnostics in the shape of rustc's: `FILE:LINE:COL: error: message`, the line, a caret.

use crate::suggest::closest;
use crate::text::clean_line;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::fmt::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem the user can cause and fix: in a file (with a span), in an argument, a path or an
/// input to import (without one). The command line and the browser word it where they show it.

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<(usize, usize)>,
    pub help: Option<String>,
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), span: None, help: None, note: None }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn at(mut self, span: Option<(usize, usize)>) -> Self {
        self.span = span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The same problem, said of a part of something: `start_date: no year`.
    pub fn of(mut self, part: &str) -> Self {
        self.message = format!("{part}: {}", self.message);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic with no file to point into, as rustc words one: `error: message`, then its help
/// and note on lines of their own. Unlike `SourceFile::render` it leaves the text as it is: the
/// command line prints it through `sayln!`, which cleans every line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n  = note: {note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Bytes per block of the line table: a file of any size needs a table of one entry per block,
/// and finding a line never counts more than a block.
const BLOCK: usize = 1 << 16;

/// A file's text, to turn byte offsets into lines and columns. Lines are counted, not listed:
/// a table holds the line at the start of each block, built as far as it has been needed, so
/// that a large file costs no table of line starts.
pub struct SourceFile<'a> {
    pub path: &'a str,
    pub text: &'a str,
    /// The line (1-based) at the start of each block.
    blocks: RefCell<Vec<usize>>,
    /// The last line found, (byte offset, line): the events of a file are found in order, so
    /// each count goes on from the last.
    cursor: Cell<(usize, usize)>,
    /// The last line start found, (line, byte offset).
    start: Cell<(usize, usize)>,
    /// The last position found, (byte offset, column): diagnostics come in file order, so on a
    /// long line the next column is counted on from the last instead of from the line's start.
    last: Cell<(usize, usize)>,
}

/// Counted with memchr's vectorised count: the line of every event of a large file is counted
/// while it is validated, and counting a byte at a time showed in profiles of the load.
fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

impl<'a> SourceFile<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        let (blocks, cursor, start, last) =
            (RefCell::new(vec![1]), Cell::new((0, 1)), Cell::new((1, 0)), Cell::new((0, 0)));
        SourceFile { path, text, blocks, cursor, start, last }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_number(offset);
        let start = self.line_start(line).unwrap_or(0);
        let (last, last_col) = self.last.get();
        let col = match self.text.get(last..offset) {
            Some(between) if last >= start && last <= offset => last_col + between.chars().count(),
            _ => self.text.get(start..offset).map_or(0, |s| s.chars().count()),
        };
        if self.text.is_char_boundary(offset) {
            self.last.set((offset, col));
        }
        (line, col + 1)
    }

    /// The byte offset of a 1-based line and column, as ron reports them.
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let Some(start) = self.line_start(line.max(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices().nth(col.saturating_sub(1)).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// 1-based line of a byte offset; unlike `position`, it does not count columns, which on a
    /// file written as one long line would cost the whole line per call.
    pub fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.line_number(offset)).unwrap_or(u32::MAX)
    }

    fn line_number(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let k = offset / BLOCK;
        let (mut from, mut line) = (k * BLOCK, self.block_line(k));
        let (last, last_line) = self.cursor.get();
        if last >= from && last <= offset {
            (from, line) = (last, last_line);
        }
        line += newlines(&self.text.as_bytes()[from..offset]);
        self.cursor.set((offset, line));
        line
    }

    /// The line at the start of block `k`, extending the table up to it.
    fn block_line(&self, k: usize) -> usize {
        self.extend_while(|blocks| blocks.len() <= k);
        self.blocks.borrow()[k]
    }

    /// Adds blocks to the table while `more` says so and the text lasts.
    fn extend_while(&self, more: impl Fn(&[usize]) -> bool) {
        let mut blocks = self.blocks.borrow_mut();
        while blocks.len() <= self.text.len() / BLOCK && more(&blocks) {
            let (from, line) = ((blocks.len() - 1) * BLOCK, blocks[blocks.len() - 1]);
            let to = (from + BLOCK).min(self.text.len());
            blocks.push(line + newlines(&self.text.as_bytes()[from..to]));
        }
    }

    /// The byte offset where a 1-based line starts, if the text has that line.
    fn line_start(&self, line: usize) -> Option<usize> {
        if line <= 1 {
            return Some(super::text_start(self.text));
        }
        let (last_line, last_start) = self.start.get();
        if last_line == line {
            return Some(last_start);
        }
        // The block holding the line's preceding `\n` is the last block that starts above the line.
        self.extend_while(|blocks| blocks.last().is_some_and(|&l| l < line));
        let blocks = self.blocks.borrow();
        let k = blocks.partition_point(|&l| l < line) - 1;
        // Counted on from the last line start found when it lies between, as when diagnostics
        // are rendered in file order; else from the block's start.
        let (from, from_line) =
            if last_line < line && last_start >= k * BLOCK { (last_start, last_line) } else { (k * BLOCK, blocks[k]) };
        let newline = memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..]).nth(line - from_line - 1)?;
        self.start.set((line, from + newline + 1));
        Some(from + newline + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line).unwrap_or(self.text.len());
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |n| start + n);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The span clamped to the text and widened to whole characters.
    fn char_span(&self, start: usize, end: usize) -> (usize, usize) {
        let start = self.text.floor_char_boundary(start.min(self.text.len()));
        let end = self.text.ceil_char_boundary(end.clamp(start, self.text.len()));
        (start, end)
    }

    /// The diagnostic as text for a terminal. Its message, help and note quote the file (a bad
    /// id, date or reference) and its path may be any file name, so every part is cleaned here,
    /// the one place diagnostics become text.
    pub fn render(&self, d: &Diagnostic) -> String {
        let label = d.severity.label();
        let (path, message) = (clean_line(self.path), clean_line(&d.message));
        let mut out = String::new();
        let Some((start, end)) = d.span.map(|(s, e)| self.char_span(s, e)) else {
            let _ = writeln!(out, "{path}: {label}: {message}");
            self.trailers(&mut out, d, 0);
            return out;
        };
        let (line, col) = self.position(start);
        let _ = writeln!(out, "{path}:{line}:{col}: {label}: {message}");
        let gutter = line.to_string().len();
        let (shown, pad) = self.excerpt(line, start);
        let width = self.text[start..end].split('\n').next().map_or(1, |s| s.chars().count().max(1));
        let width = width.min(shown.chars().count().saturating_sub(pad).max(1));
        let _ = writeln!(out, "{} |", " ".repeat(gutter));
        let _ = writeln!(out, "{line} | {shown}");
        let _ = writeln!(out, "{} | {}{}", " ".repeat(gutter), " ".repeat(pad), "^".repeat(width));
        self.trailers(&mut out, d, gutter);
        out
    }

    /// The line to show under a diagnostic, cleaned of control characters, and the column of the
    /// caret in it. A long line (a file written on one line, a huge string) is cut to a window
    /// around the caret, with `…` where it was cut.
    fn excerpt(&self, line: usize, at: usize) -> (String, usize) {
        const BEFORE: usize = 60;
        const AFTER: usize = 100;
        let text = self.line_text(line);
        // The caret may sit on the line's end (a `\r` that `line_text` trims): clamp it there.
        let line_start = self.line_start(line).unwrap_or(0);
        let offset = text.floor_char_boundary(at.saturating_sub(line_start).min(text.len()));
        if text.len() <= BEFORE + AFTER {
            let pad = text.get(..offset).map_or(0, |s| clean_line(s).chars().count());
            return (clean_line(text).into_owned(), pad);
        }
        let from = text.floor_char_boundary(offset.saturating_sub(BEFORE));
        let to = text.ceil_char_boundary((offset + AFTER).min(text.len()));
        let (head, tail) = (if from > 0 { "…" } else { "" }, if to < text.len() { "…" } else { "" });
        let pad = head.chars().count() + clean_line(&text[from..offset.max(from)]).chars().count();
        (format!("{head}{}{tail}", clean_line(&text[from..to])), pad)
    }

    fn trailers(&self, out: &mut String, d: &Diagnostic, gutter: usize) {
        let gutter = " ".repeat(gutter);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{gutter} = help: {}", clean_line(help));
        }
        if let Some(note) = &d.note {
            let _ = writeln!(out, "{gutter} = note: {}", clean_line(note));
        }
    }
}

/// `did you mean `x`?` when something is close.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc_with_a_caret_under_the_span() {
        let text = "Timeline(\n    anchor: \"atack\",\n)\n";
        let file = SourceFile::new("t.ron", text);
        let start = text.find("\"atack\"").unwrap();
        let d = Diagnostic::error("anchor `atack` names no event")
            .at(Some((start, start + 7)))
            .help("did you mean `attack`?");
        assert_eq!(
            file.render(&d),
            "t.ron:2:13: error: anchor `atack` names no event\n  |\n2 |     anchor: \"atack\",\n  |             ^^^^^^^\n  = help: did you mean `attack`?\n"
        );
    }

    #[test]
    fn without_a_file_it_is_worded_as_rustc_words_one() {
        let d = Diagnostic::error("there is no command `lsit`").help("did you mean `list`?").note("see `man`");
        assert_eq!(
            d.to_string(),
            "error: there is no command `lsit`\n  = help: did you mean `list`?\n  = note: see `man`"
        );
        assert_eq!(Diagnostic::warning("no year").of("start_date").to_string(), "warning: start_date: no year");
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("t.ron", "¶¶x\nab");
        assert_eq!(file.position(4), (1, 3));
        assert_eq!(file.position(7), (2, 2));
        assert_eq!(file.offset(1, 3), 4);
        assert_eq!(file.offset(2, 2), 7);
    }

    #[test]
    fn positions_are_right_in_any_order_and_across_wide_characters() {
        let text = "ab\nçdéf gh\n  x";
        let file = SourceFile::new("f", text);
        let at = |needle: &str| text.find(needle).unwrap();
        for offset in [at("h"), at("d"), at("x"), at("é"), at("ç"), at("g"), at("b"), at("f")] {
            let (line, col) = file.position(offset);
            let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
            assert_eq!(line, text[..offset].matches('\n').count() + 1);
            assert_eq!(col, text[start..offset].chars().count() + 1, "offset {offset}");
        }
    }

    #[test]
    fn lines_and_offsets_agree_with_counting_across_many_blocks() {
        // Lines of every length, some longer than a block, and wide characters.
        let text: String = (0..4000usize)
            .map(|i| format!("{}é\n", "x".repeat(i * 37 % 200 + (i % 97 == 0) as usize * 150_000)))
            .collect();
        let file = SourceFile::new("f", &text);
        let mut offsets: Vec<usize> =
            (0..600usize).map(|i| text.floor_char_boundary(i.wrapping_mul(2_654_435_761) % text.len())).collect();
        offsets.extend([0, text.len(), text.len() - 1]);
        for offset in offsets {
            let line = text[..offset].matches('\n').count() + 1;
            let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
            assert_eq!(file.line(offset) as usize, line, "offset {offset}");
            assert_eq!(file.position(offset), (line, text[start..offset].chars().count() + 1), "offset {offset}");
            assert_eq!(file.offset(line, 1), start, "line {line}");
        }
        assert_eq!(file.offset(text.lines().count() + 5, 1), text.len());
    }
}
