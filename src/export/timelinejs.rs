//! TimelineJS (Knight Lab) JSON, for publishing a selection on the web: each event's dates as
//! precise as they are known, its title and summary as HTML-escaped text, its first actor as the
//! group, and its first citation as the media credit (with the source's URL when it is http(s)).

use super::Options;
use crate::model::when::{Bound, Point, Span};
use crate::model::{Event, EventIx, Timeline, grade_label};
use crate::sources::{reference_of, safe_url};
use crate::text::clean_line;
use chrono::{Datelike, FixedOffset, Timelike};
use serde::Serialize;

#[derive(Serialize)]
struct Document {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize, Default)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Media>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize, Default)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct Media {
    url: String,
    credit: String,
}

/// A date with only the parts that are known, as TimelineJS wants them.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<u32>,
}

/// The TimelineJS document of `events`.
pub fn write_document(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
) -> std::io::Result<()> {
    let doc = Document {
        title: Slide {
            text: Text {
                headline: html(&timeline.title),
                text: timeline.description.as_deref().map(html).unwrap_or_default(),
            },
            ..Slide::default()
        },
        events: events.iter().map(|&ix| slide(timeline, &timeline.events[ix], options)).collect(),
    };
    let mut safe = super::json::SafeText::new(&mut *out);
    serde_json::to_writer_pretty(&mut safe, &doc)?;
    std::io::Write::flush(&mut safe)?;
    out.write_all(b"\n")
}

fn slide(timeline: &Timeline, e: &Event, options: &Options) -> Slide {
    let tz = timeline.timezone;
    let (start, end) = match e.when.span {
        Span::Point(p) => (Some(p), None),
        Span::Interval(from, to) => {
            let known = |b: Bound| if let Bound::Known(p) = b { Some(p) } else { None };
            // TimelineJS needs a start: an interval open at the start begins where it ends.
            match (known(from), known(to)) {
                (Some(a), b) => (Some(a), b),
                (None, b) => (b, None),
            }
        }
    };
    let mut text =
        if options.summaries { e.summary.as_deref().map(paragraphs).unwrap_or_default() } else { String::new() };
    let media = e.sources.first().map(|c| {
        let s = &timeline.sources[c.source];
        let mut reference = reference_of(s, c.at.as_deref(), false);
        if let Some(grade) = grade_label(s.reliability, c.credibility) {
            reference = format!("{} ({grade}).", reference.trim_end_matches('.'));
        }
        let credit = html(&reference);
        (s.url.as_deref().and_then(|u| safe_url(u).ok()), credit)
    });
    let media = match media {
        Some((Some(url), credit)) => Some(Media { url, credit }),
        Some((None, credit)) => {
            // No address to show: the citation goes under the text, marked so that an import
            // takes it back as the source rather than as part of the summary.
            text.push_str(&format!("<p class=\"{CITATION_CLASS}\">{credit}</p>"));
            None
        }
        None => None,
    };
    Slide {
        start_date: start.map(|p| date(&p, tz)),
        end_date: end.map(|p| date(&p, tz)),
        text: Text { headline: html(&e.title), text },
        group: e.actors.first().map(|&a| html(&timeline.actors[a].name)),
        media,
        unique_id: Some(e.id.to_string()),
    }
}

/// The parts of a point that are known, in the timeline's zone.
pub fn date(p: &Point, tz: FixedOffset) -> Date {
    let Some(_) = p.time else {
        // A date without a time is the same day in any zone.
        return Date {
            year: p.year,
            month: p.month.map(u32::from),
            day: p.day.map(u32::from),
            hour: None,
            minute: None,
            second: None,
        };
    };
    // A time written with its own offset is shown in the timeline's zone, date and all.
    let t = p.first_instant(tz).with_timezone(&tz);
    Date {
        year: t.year(),
        month: Some(t.month()),
        day: Some(t.day()),
        hour: Some(t.hour()),
        minute: Some(t.minute()),
        second: p.second.map(|_| t.second()),
    }
}

/// The class of the paragraph that carries a citation without an address.
pub const CITATION_CLASS: &str = "timeline-citation";

/// A summary as HTML paragraphs, one per blank-line-separated paragraph.
fn paragraphs(text: &str) -> String {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| format!("<p>{}</p>", html(p.trim()))).collect()
}

/// Text for TimelineJS, which shows it as HTML: cleaned of control characters and escaped.
fn html(text: &str) -> String {
    clean_line(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
