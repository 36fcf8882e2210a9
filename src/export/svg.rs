//! The exported events as a picture for reports: lanes by actor on a collapsed time axis, as one
//! self-contained SVG. No scripts and no external references; every text from the file is
//! cleaned and escaped; shapes, not colours, carry the meanings, so that it reads printed in black
//! and white. Each event's title and date are its tooltip (`<title>`).

use super::Options;
use crate::axis::{Axis, Break, day_label};
use crate::lanes::{Entry, LaneBy, Mark, anchors, lanes};
use crate::model::{EventIx, Status, Timeline};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Pixels per column of the axis: about one character of the labels.
const CELL: f64 = 7.0;
/// Columns of the axis.
const COLUMNS: usize = 100;
const LABEL_WIDTH: f64 = 170.0;
const MARGIN: f64 = 16.0;
const LANE: f64 = 22.0;
/// Characters of a lane's label.
const LABEL_CHARS: usize = 26;

pub fn write_svg(out: &mut dyn Write, timeline: &Timeline, events: &[EventIx], options: &Options) -> io::Result<()> {
    out.write_all(svg(timeline, events, options).as_bytes())
}

fn svg(timeline: &Timeline, events: &[EventIx], options: &Options) -> String {
    let axis = Axis::collapsed_points(&within(anchors(timeline, events), options.window), COLUMNS);
    let lanes = lanes(timeline, events, LaneBy::Actor);
    let left = MARGIN + LABEL_WIDTH;
    let top = 70.0;
    let height = top + LANE * lanes.len() as f64 + 150.0;
    let width = left + CELL * COLUMNS as f64 + MARGIN;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"sans-serif\" font-size=\"11\">"
    );
    defs(&mut s);
    let _ = writeln!(s, "<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
    let heading = format!("{} — {} by actor", timeline.title, super::markdown::events_count(events.len()));
    let _ =
        writeln!(s, "<text x=\"{MARGIN}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>", text(&heading));
    ticks(&mut s, &axis, timeline, left, top);
    for (row, lane) in lanes.iter().enumerate() {
        let y = top + LANE * row as f64;
        if row % 2 == 0 {
            let _ = writeln!(
                s,
                "<rect x=\"{MARGIN}\" y=\"{y}\" width=\"{}\" height=\"{LANE}\" fill=\"#f2f2f2\"/>",
                width - 2.0 * MARGIN
            );
        }
        // An actor's short label, as the browser's lanes show it: the picture must read at the
        // width of a report's column.
        let label = match lane.key {
            Some(a) => timeline.actors[a].short.as_deref().unwrap_or(&lane.label),
            None => &lane.label,
        };
        let _ = writeln!(s, "<text x=\"{}\" y=\"{}\">{}</text>", MARGIN + 4.0, y + 15.0, text(&cut(label)));
        // Bars first, points over them: a day inside a later month's bar stays in sight.
        let (points, extents): (Vec<&Entry>, Vec<&Entry>) =
            lane.entries.iter().partition(|e| Mark::of(timeline, e.event, axis.span()).point);
        for entry in extents.into_iter().chain(points) {
            event(&mut s, timeline, &axis, entry, (left, y + LANE / 2.0));
        }
    }
    let bottom = top + LANE * lanes.len() as f64;
    breaks(&mut s, &axis, timeline, left, (top, bottom));
    legend(&mut s, bottom + 24.0, options);
    s.push_str("</svg>\n");
    s
}

/// Hatching for claims and cross-hatching for disputes, and the arrowhead of open ends.
fn defs(s: &mut String) {
    s.push_str(
        "<defs>\n\
         <pattern id=\"claimed\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"4\" height=\"4\" fill=\"white\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"black\" stroke-width=\"1.5\"/></pattern>\n\
         <pattern id=\"disputed\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"5\" height=\"5\" fill=\"white\"/><path d=\"M0 0V5M0 0H5\" stroke=\"black\" stroke-width=\"1.2\"/></pattern>\n\
         </defs>\n",
    );
}

/// The axis line, its ticks and labels.
fn ticks(s: &mut String, axis: &Axis, timeline: &Timeline, left: f64, top: f64) {
    let y = top - 8.0;
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"black\"/>",
        left + CELL * axis.width as f64
    );
    for tick in axis.ticks(timeline.timezone) {
        let x = left + CELL * tick.column as f64;
        let _ = writeln!(s, "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{y}\" stroke=\"black\"/>", y - 5.0);
        let _ = writeln!(s, "<text x=\"{x}\" y=\"{}\">{}</text>", y - 8.0, text(&tick.label));
    }
}

/// The stretches left out, as a dashed line through the lanes with `≈` on the axis.
fn breaks(s: &mut String, axis: &Axis, timeline: &Timeline, left: f64, (top, bottom): (f64, f64)) {
    let day = |t: i64| day_label(t, timeline.timezone);
    for Break { column, from, to } in axis.breaks() {
        let x = left + CELL * (column as f64 + 0.5);
        let span = format!("{} to {} left out", day(from), day(to));
        let _ = writeln!(
            s,
            "<g><title>{}</title><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"black\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">≈</text></g>",
            text(&span),
            top - 8.0,
            top - 3.0,
        );
    }
}

/// The instants to lay the axis out on: those of the events inside `window`, and its ends, so
/// that events which began years before a range of days asked for do not stretch the axis back
/// to their years.
fn within(mut anchors: Vec<i64>, (first, last): (Option<i64>, Option<i64>)) -> Vec<i64> {
    if first.is_none() && last.is_none() {
        return anchors;
    }
    anchors.retain(|&t| first.is_none_or(|f| t >= f) && last.is_none_or(|l| t <= l));
    anchors.extend(first.into_iter().chain(last));
    anchors.sort_unstable();
    anchors
}

/// One event in a lane at `y`: its shape, its tooltip, and the marks of its qualifiers.
fn event(s: &mut String, timeline: &Timeline, axis: &Axis, entry: &Entry, (left, y): (f64, f64)) {
    let e = &timeline.events[entry.event];
    let mark = Mark::of(timeline, entry.event, axis.span());
    let x = |t: i64| left + CELL * axis.position(t);
    let tip = format!("{} — {} ({})", e.title, e.when.describe(timeline.timezone), e.status.name());
    let (fill, dash) = (fill(mark.status), if mark.approximate { " stroke-dasharray=\"2 1.5\"" } else { "" });
    let _ = write!(s, "<g class=\"event\"><title>{}</title>", text(&tip));
    let (x1, x2) = (x(mark.from), x(mark.to));
    if mark.point {
        // A day is drawn in its middle, not at its first second.
        point(s, x(mark.from / 2 + mark.to / 2), y, mark.status, fill, dash);
    } else {
        let w = (x2 - x1).max(3.0);
        let _ = write!(
            s,
            "<rect x=\"{x1:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"10\" fill=\"{fill}\" stroke=\"black\"{dash}/>",
            y - 5.0
        );
    }
    // An event running on past an edge of the axis is open there, like one without an end.
    let (first, last) = axis.span();
    if mark.open_start || mark.from < first {
        let _ = write!(s, "<path d=\"M{:.1} {y}l6 -4v8z\"/>", x1 - 6.0);
    }
    if mark.open_end || (mark.to > last && !mark.point) {
        let _ = write!(s, "<path d=\"M{:.1} {y}l-6 -4v8z\"/>", x2.max(x1) + 6.0);
    }
    if mark.uncertain {
        let _ = write!(s, "<text x=\"{:.1}\" y=\"{}\" font-weight=\"bold\">?</text>", x2.max(x1) + 6.0, y + 4.0);
    }
    if entry.claim {
        // A flag over the mark: this lane's actor is who claims it.
        let _ = write!(s, "<path d=\"M{x1:.1} {}v-7h6l-2 2 2 2h-6\" fill=\"black\" stroke=\"black\"/>", y - 5.0);
    }
    s.push_str("</g>\n");
}

/// A point: a circle for Confirmed (filled) and Reported (hollow), a diamond for Claimed
/// (hatched) and Disputed (cross-hatched).
fn point(s: &mut String, x: f64, y: f64, status: Status, fill: &str, dash: &str) {
    match status {
        Status::Confirmed | Status::Reported => {
            let _ = write!(s, "<circle cx=\"{x:.1}\" cy=\"{y}\" r=\"4.5\" fill=\"{fill}\" stroke=\"black\"{dash}/>");
        }
        Status::Claimed | Status::Disputed => {
            let _ =
                write!(s, "<path d=\"M{x:.1} {}l6 6 -6 6 -6 -6z\" fill=\"{fill}\" stroke=\"black\"{dash}/>", y - 6.0);
        }
    }
}

fn fill(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "black",
        Status::Reported => "white",
        Status::Claimed => "url(#claimed)",
        Status::Disputed => "url(#disputed)",
    }
}

/// What the shapes mean, and where the events come from.
fn legend(s: &mut String, y: f64, options: &Options) {
    let x = MARGIN;
    let rows: [(&str, &str); 4] = [
        ("<circle cx=\"6\" cy=\"0\" r=\"4.5\" fill=\"black\" stroke=\"black\"/>", "Confirmed"),
        ("<circle cx=\"6\" cy=\"0\" r=\"4.5\" fill=\"white\" stroke=\"black\"/>", "Reported"),
        (
            "<path d=\"M6 -6l6 6 -6 6 -6 -6z\" fill=\"url(#claimed)\" stroke=\"black\"/>",
            "Claimed (flag: by this lane's actor)",
        ),
        ("<path d=\"M6 -6l6 6 -6 6 -6 -6z\" fill=\"url(#disputed)\" stroke=\"black\"/>", "Disputed"),
    ];
    for (i, (shape, words)) in rows.iter().enumerate() {
        let (gx, gy) = (x + 230.0 * (i % 2) as f64, y + 18.0 * (i / 2) as f64);
        let _ = writeln!(s, "<g transform=\"translate({gx} {gy})\">{shape}<text x=\"18\" y=\"4\">{words}</text></g>");
    }
    let more = "A dot is a day or a moment; a bar, a month, a year or an interval. Dashed: approximate (~). \
                ?: uncertain. An arrow: open at that end. ≈: time left out.";
    let _ = writeln!(s, "<text x=\"{x}\" y=\"{}\">{}</text>", y + 44.0, text(more));
    let mut origin = format!("Exported from {}", options.file);
    if !options.filters.is_empty() {
        origin.push_str(&format!(" with {}", options.filters.join("; ")));
    }
    let _ = writeln!(s, "<text x=\"{x}\" y=\"{}\" font-style=\"italic\">{}</text>", y + 62.0, text(&origin));
}

/// A lane's label cut to fit.
fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let kept: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{kept}…")
}

/// Text from the file, made safe for XML: control and bidirectional characters go, and markup
/// characters are escaped.
fn text(raw: &str) -> String {
    let clean = crate::text::clean_line(raw);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 at all.
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
