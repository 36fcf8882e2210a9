//! TimelineJS (Knight Lab) JSON, for publishing a selection on the web.
//!
//! Each event is a slide: its dates as precise as they are known, with a `display_date` that says
//! what the numbers cannot ("about 28 March 2024", "between 22 and 25 March 2024", "from September
//! 2001"); its title; its summary, status ("Claimed by …", "Disputed") and every citation as a link
//! with its locator and quote, in the slide's text. A citation becomes the slide's media only when
//! its URL is media TimelineJS can show (an image, a video, a known embed): any other URL would be
//! drawn as a broken image. An interval means "some time between" its ends, so it is drawn at its
//! start unless the event carries the `durations` tag. Groups are by actor, tag, status or none;
//! events with the `eras` tag become eras.
//!
//! Every text from the file is escaped, since TimelineJS shows it as HTML: what the file says
//! never becomes markup. What TimelineJS has no field for (the date as written, every actor, the
//! tags) goes in a `timeline` object on each slide, which TimelineJS ignores and
//! `timeline import` reads back.

use super::{GroupBy, Options};
use crate::model::when::{Bound, Point, Precision, Span, When, year_name};
use crate::model::{Event, EventIx, Status, Timeline, grade_label};
use crate::sources::safe_url;
use crate::text::clean_line;
use chrono::{Datelike, FixedOffset, Timelike};
use serde::Serialize;

#[derive(Serialize)]
struct Document {
    title: Slide,
    events: Vec<Slide>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    eras: Vec<Era>,
}

#[derive(Serialize, Default)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Media>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Carried>,
}

#[derive(Serialize)]
struct Era {
    start_date: Date,
    end_date: Date,
    text: Text,
    unique_id: String,
    timeline: Carried,
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

/// What TimelineJS has no field for, kept for `timeline import`: TimelineJS ignores it.
#[derive(Serialize)]
struct Carried {
    /// The date as written (EDTF).
    when: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    /// The id of each citation's source, in the order of the list of citations, so that an
    /// import gives the sources their ids again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<String>,
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
    /// For a year of 0 or before, the date as readers count it: TimelineJS computes with the
    /// astronomical year as JavaScript does (-300 is 301 BCE) but labels -300 "300 BCE".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
}

/// The class of the paragraph that says an event's status and who claims it.
pub const STATUS_CLASS: &str = "timeline-status";
/// The class of each claimant's name in the status paragraph.
pub const CLAIMANT_CLASS: &str = "timeline-claimant";
/// The class of the paragraph that names where an event took place.
pub const PLACE_CLASS: &str = "timeline-place";
/// The class of the list of an event's citations, and of each citation in it.
pub const SOURCES_CLASS: &str = "timeline-sources";
pub const SOURCE_CLASS: &str = "timeline-source";
/// The class of a citation's locator (`¶4`) and of its quote.
pub const AT_CLASS: &str = "timeline-at";
pub const QUOTE_CLASS: &str = "timeline-quote";
/// The class of the paragraph that carried a citation without an address in earlier exports;
/// `timeline import` still reads it.
pub const CITATION_CLASS: &str = "timeline-citation";

/// The TimelineJS document of `events`.
pub fn write_document(
    out: &mut dyn std::io::Write,
    timeline: &Timeline,
    events: &[EventIx],
    options: &Options,
) -> std::io::Result<()> {
    let has = |e: &Event, tag: &Option<String>| {
        tag.as_deref().is_some_and(|tag| e.tags.iter().any(|t| t.eq_ignore_ascii_case(tag.trim())))
    };
    let (mut slides, mut eras) = (Vec::new(), Vec::new());
    for &ix in events {
        let e = &timeline.events[ix];
        if has(e, &options.eras) {
            eras.extend(era(timeline, e));
        } else {
            slides.push(slide(timeline, e, options, has(e, &options.durations)));
        }
    }
    let doc = Document {
        title: Slide {
            text: Text {
                headline: html(&timeline.title),
                text: timeline.description.as_deref().map(paragraphs).unwrap_or_default(),
            },
            ..Slide::default()
        },
        events: slides,
        eras,
    };
    let mut safe = super::json::SafeText::new(&mut *out);
    serde_json::to_writer_pretty(&mut safe, &doc)?;
    std::io::Write::flush(&mut safe)?;
    out.write_all(b"\n")
}

fn slide(timeline: &Timeline, e: &Event, options: &Options, duration: bool) -> Slide {
    let tz = timeline.timezone;
    let (start, end) = match e.when.span {
        Span::Point(p) => (Some(p), None),
        // Drawn as a duration only where the file says it is one.
        Span::Interval(Bound::Known(a), Bound::Known(b)) if duration => (Some(a), Some(b)),
        // TimelineJS needs a start: an interval without a known start is drawn at its end.
        Span::Interval(from, to) => (known(from).or(known(to)), None),
    };
    let mut text =
        if options.summaries { e.summary.as_deref().map(paragraphs).unwrap_or_default() } else { String::new() };
    if let Some(place) = &e.place {
        text.push_str(&format!("<p class=\"{PLACE_CLASS}\">{}</p>", html(place)));
    }
    text.push_str(&status(timeline, e));
    text.push_str(&citations(timeline, e));
    let media = e.sources.iter().find_map(|c| {
        let s = &timeline.sources[c.source];
        let url = s.url.as_deref().and_then(|u| safe_url(u).ok()).filter(|u| is_media(u))?;
        Some(Media { url, credit: html(&reference(timeline, c, false)) })
    });
    let group = match options.group_by {
        GroupBy::None => None,
        GroupBy::Actor => e.actors.first().map(|&a| timeline.actors[a].name.clone()),
        GroupBy::Tag => e.tags.first().map(|t| t.to_string()),
        GroupBy::Status => Some(status_word(e.status).to_string()),
    };
    Slide {
        start_date: start.map(|p| date(&p, tz)),
        end_date: end.map(|p| date(&p, tz)),
        display_date: Some(html(&display_date(&e.when, tz, duration))),
        text: Text { headline: html(&e.title), text },
        group: group.map(|g| html(&g)),
        media,
        unique_id: Some(e.id.to_string()),
        timeline: Some(carried(timeline, e)),
    }
}

/// An event with the eras tag as a TimelineJS era: a span from its first to its last known date.
fn era(timeline: &Timeline, e: &Event) -> Option<Era> {
    let tz = timeline.timezone;
    let (start, end) = match e.when.span {
        Span::Point(p) => (p, p),
        Span::Interval(from, to) => {
            let (a, b) = (known(from).or(known(to))?, known(to).or(known(from))?);
            (a, b)
        }
    };
    Some(Era {
        start_date: date(&start, tz),
        end_date: date(&end, tz),
        text: Text { headline: html(&e.title), text: e.summary.as_deref().map(paragraphs).unwrap_or_default() },
        unique_id: e.id.to_string(),
        timeline: carried(timeline, e),
    })
}

fn carried(timeline: &Timeline, e: &Event) -> Carried {
    Carried {
        // Exact: JSON escapes C0 controls and `SafeText` the rest, so these are inert as written.
        when: e.when.text.to_string(),
        actors: e.actors.iter().map(|&a| timeline.actors[a].name.clone()).collect(),
        tags: e.tags.iter().map(|t| t.to_string()).collect(),
        sources: e.sources.iter().map(|c| timeline.sources[c.source].id.clone()).collect(),
    }
}

fn known(b: Bound) -> Option<Point> {
    if let Bound::Known(p) = b { Some(p) } else { None }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "Confirmed",
        Status::Reported => "Reported",
        Status::Claimed => "Claimed",
        Status::Disputed => "Disputed",
    }
}

/// The status paragraph: "Claimed by A and B", "Disputed", "Disputed; claimed by A",
/// "Confirmed"; nothing for a plain report, the default.
fn status(timeline: &Timeline, e: &Event) -> String {
    let names: Vec<String> = e
        .claimed_by
        .iter()
        .map(|&a| format!("<span class=\"{CLAIMANT_CLASS}\">{}</span>", html(&timeline.actors[a].name)))
        .collect();
    let by = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let words = match (e.status, by.is_empty()) {
        (Status::Reported, true) => return String::new(),
        (Status::Claimed, false) => format!("Claimed by {by}"),
        (status, true) => status_word(status).to_string(),
        (status, false) => format!("{}; claimed by {by}", status_word(status)),
    };
    format!("<p class=\"{STATUS_CLASS}\">{words}</p>")
}

/// Every citation as an item of a list: the source's title as a link to its URL (when it has a
/// safe one), the rest of its reference, the locator and the quote.
fn citations(timeline: &Timeline, e: &Event) -> String {
    if e.sources.is_empty() {
        return String::new();
    }
    let items: String = e
        .sources
        .iter()
        .map(|c| format!("<li class=\"{SOURCE_CLASS}\">{}</li>", reference(timeline, c, true)))
        .collect();
    format!("<ul class=\"{SOURCES_CLASS}\">{items}</ul>")
}

/// A citation's reference: as HTML with the title linked (`linked`), else as plain text.
fn reference(timeline: &Timeline, c: &crate::model::Citation, linked: bool) -> String {
    let s = &timeline.sources[c.source];
    let mut parts = Vec::new();
    let title = match s.url.as_deref().and_then(|u| safe_url(u).ok()) {
        Some(url) if linked => format!("<a href=\"{}\">{}</a>", html(&url), html(&s.title)),
        _ if linked => format!("<cite>{}</cite>", html(&s.title)),
        _ => s.title.clone(),
    };
    parts.push(title);
    let plain = |text: &str| if linked { html(text) } else { text.to_string() };
    if !s.authors.is_empty() {
        parts.push(plain(&crate::sources::join_names(&s.authors)));
    }
    parts.extend(s.publisher.as_deref().map(plain));
    parts.extend(s.published.as_ref().map(|w| plain(&w.reads(timeline.timezone))));
    let mut text = parts.join(", ");
    if let Some(at) = c.at.as_deref() {
        match linked {
            true => text.push_str(&format!(", <span class=\"{AT_CLASS}\">{}</span>", html(at))),
            false => text.push_str(&format!(", {at}")),
        }
    }
    if let Some(quote) = c.quote.as_deref() {
        match linked {
            true => text.push_str(&format!(": <q class=\"{QUOTE_CLASS}\">{}</q>", html(quote))),
            false => text.push_str(&format!(": \u{201c}{quote}\u{201d}")),
        }
    }
    if let Some(grade) = grade_label(s.reliability, c.credibility) {
        text.push_str(&format!(" ({grade})"));
    }
    text
}

/// Whether TimelineJS shows `url` as media rather than as a broken image: an image, a video or a
/// sound by its extension, or a page of a service TimelineJS embeds (YouTube, Vimeo, a post on
/// X/Twitter, a Wikimedia Commons image...). An article is never media: it is cited as a link.
pub fn is_media(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return false;
    };
    let (address, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let address = address.split('?').next().unwrap_or(address);
    let (host, path) = address.split_once('/').unwrap_or((address, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    let image = ["jpg", "jpeg", "png", "gif", "svg", "webp"].contains(&extension);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match host {
        // TimelineJS shows any Wikipedia address as the article's summary, never as an image.
        h if h.ends_with("wikipedia.org") => fragment.starts_with("/media/") && image_name(fragment),
        "commons.wikimedia.org" => path.starts_with("wiki/file:") && image,
        "youtube.com" => ["watch", "embed", "shorts", "live"].contains(&segments.first().copied().unwrap_or("")),
        "youtu.be" | "dai.ly" | "flic.kr" => !segments.is_empty(),
        "vimeo.com" => segments.first().is_some_and(|s| s.chars().all(|c| c.is_ascii_digit())),
        "player.vimeo.com" => true,
        "dailymotion.com" => segments.first() == Some(&"video"),
        "twitter.com" | "x.com" => segments.get(1) == Some(&"status"),
        "tiktok.com" => segments.get(1) == Some(&"video"),
        "bsky.app" => segments.get(2) == Some(&"post"),
        "soundcloud.com" => segments.len() >= 2,
        h if h.ends_with("spotify.com") && h != "spotify.com" => !segments.is_empty(),
        "imgur.com" | "i.imgur.com" => !segments.is_empty(),
        // A map TimelineJS embeds: Google Maps at a place, a search or a route.
        h if h.starts_with("google.") || h.starts_with("maps.google.") => path.starts_with("maps/"),
        "instagram.com" | "instagr.am" => segments.first() == Some(&"p"),
        "flickr.com" => segments.first() == Some(&"photos"),
        _ => image || ["mp4", "webm", "mp3", "wav", "m4a"].contains(&extension),
    }
}

fn image_name(text: &str) -> bool {
    [".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp"].iter().any(|e| text.ends_with(e))
}

/// The date as a reader should take it: its precision as written, `about`, `uncertain`, open and
/// unknown ends, and "between" for an interval that is not a duration.
pub fn display_date(when: &When, tz: FixedOffset, duration: bool) -> String {
    match when.span {
        Span::Point(p) => shown(&p, tz),
        Span::Interval(from, to) => match (from, to) {
            (Bound::Known(a), Bound::Known(b)) if duration => format!("from {} to {}", shown(&a, tz), shown(&b, tz)),
            (Bound::Known(a), Bound::Known(b)) => format!("between {} and {}", shown(&a, tz), shown(&b, tz)),
            (Bound::Known(a), Bound::Open) => format!("from {}", shown(&a, tz)),
            (Bound::Known(a), Bound::Unknown) => format!("from {}, end unknown", shown(&a, tz)),
            (Bound::Open, Bound::Known(b)) => format!("until {}", shown(&b, tz)),
            (_, Bound::Known(b)) => format!("until {}, start unknown", shown(&b, tz)),
            _ => "undated".into(),
        },
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A point at its precision: `2024`, `March 2024`, `28 March 2024`, `28 March 2024, 20:02`.
fn shown(p: &Point, tz: FixedOffset) -> String {
    let d = parts(p, tz);
    // EDTF's year 0 is 1 BCE; TimelineJS would label -300 "300 BCE".
    let year = year_name(d.year);
    let month = |m: u32| MONTHS.get(m as usize - 1).copied().unwrap_or("");
    let text = match (p.precision(), d.month, d.day, d.hour, d.minute) {
        (Precision::Year, ..) | (_, None, ..) => year,
        (Precision::Month, Some(m), ..) | (_, Some(m), None, ..) => format!("{} {year}", month(m)),
        (Precision::Minute | Precision::Second, Some(m), Some(day), Some(h), Some(min)) => {
            let seconds = d.second.map(|s| format!(":{s:02}")).unwrap_or_default();
            format!("{day} {} {year}, {h:02}:{min:02}{seconds}", month(m))
        }
        (_, Some(m), Some(day), ..) => format!("{day} {} {year}", month(m)),
    };
    match (p.approximate, p.uncertain) {
        (true, true) => format!("about {text} (uncertain)"),
        (true, false) => format!("about {text}"),
        (false, true) => format!("{text} (uncertain)"),
        (false, false) => text,
    }
}

/// The parts of a point that are known, in the timeline's zone, and for a year of 0 or before
/// its `display_date` (`301 BCE`), where TimelineJS's own label would be a year off.
pub fn date(p: &Point, tz: FixedOffset) -> Date {
    let date = parts(p, tz);
    if date.year > 0 {
        return date;
    }
    Date { display_date: Some(html(&shown(p, tz))), ..date }
}

/// The parts of a point that are known, in the timeline's zone.
fn parts(p: &Point, tz: FixedOffset) -> Date {
    let Some(_) = p.time else {
        // A date without a time is the same day in any zone.
        return Date {
            year: p.year,
            month: p.month.map(u32::from),
            day: p.day.map(u32::from),
            hour: None,
            minute: None,
            second: None,
            display_date: None,
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
        display_date: None,
    }
}

/// A summary as HTML paragraphs, one per blank-line-separated paragraph.
fn paragraphs(text: &str) -> String {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| format!("<p>{}</p>", html(p.trim()))).collect()
}

/// Text for TimelineJS, which shows it as HTML: cleaned of control characters and escaped.
pub fn html(text: &str) -> String {
    clean_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_is_what_timelinejs_can_show_and_articles_are_not() {
        for url in [
            "https://example.org/photo.JPG",
            "https://example.org/photo.png?size=large",
            "https://upload.wikimedia.org/wikipedia/commons/a/ab/Crocus.jpg",
            "https://commons.wikimedia.org/wiki/File:Crocus_City_Hall.jpg",
            "https://en.wikipedia.org/wiki/Crocus_City_Hall#/media/File:Crocus.jpg",
            "https://www.youtube.com/watch?v=abc",
            "https://youtu.be/abc",
            "https://vimeo.com/123456",
            "https://twitter.com/someone/status/123",
            "https://x.com/someone/status/123",
            "https://example.org/clip.mp4",
        ] {
            assert!(is_media(url), "{url}");
        }
        for url in [
            "https://www.nytimes.com/2024/03/22/world/europe/moscow-attack.html",
            "https://en.wikipedia.org/wiki/Crocus_City_Hall_attack",
            "https://en.wikipedia.org/wiki/File:Crocus.jpg",
            "https://example.org/page?img=photo.jpg",
            "https://x.com/someone",
            "https://vimeo.com/channels/staff",
            "https://example.org/report.pdf",
            "javascript:alert(1).png",
        ] {
            assert!(!is_media(url), "{url}");
        }
    }

    #[test]
    fn display_dates_keep_the_precision_the_qualifiers_and_the_ends() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let shown = |text: &str, duration: bool| display_date(&When::parse(text, utc).unwrap(), utc, duration);
        assert_eq!(shown("2024-03-28~", false), "about 28 March 2024");
        assert_eq!(shown("2024-03", false), "March 2024");
        assert_eq!(shown("2024", false), "2024");
        assert_eq!(shown("2024-03-22?", false), "22 March 2024 (uncertain)");
        assert_eq!(shown("2024-03-22T20:02", false), "22 March 2024, 20:02");
        assert_eq!(shown("2024-03-21/..", false), "from 21 March 2024");
        assert_eq!(shown("2024-03-21/", false), "from 21 March 2024, end unknown");
        assert_eq!(shown("../2024-03-25", false), "until 25 March 2024");
        assert_eq!(shown("2024-03-22/2024-03-25", false), "between 22 March 2024 and 25 March 2024");
        assert_eq!(shown("2024-03-22/2024-03-25", true), "from 22 March 2024 to 25 March 2024");
        assert_eq!(shown("2024-02~/2024-03~", false), "between about February 2024 and about March 2024");
    }

    #[test]
    fn years_of_0_and_before_are_labelled_as_readers_count_them_not_a_year_off_as_timelinejs_would() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let shown = |text: &str| display_date(&When::parse(text, utc).unwrap(), utc, false);
        assert_eq!(shown("-0300"), "301 BCE");
        assert_eq!(shown("0000"), "1 BCE");
        assert_eq!(shown("-0489-09"), "September 490 BCE");
        assert_eq!(shown("Y-12000~/-9999"), "between about 12001 BCE and 10000 BCE");
        let dated = |text: &str| match When::parse(text, utc).unwrap().span {
            Span::Point(p) => serde_json::to_value(date(&p, utc)).unwrap(),
            Span::Interval(..) => unreachable!(),
        };
        assert_eq!(dated("-0300"), serde_json::json!({"year": -300, "display_date": "301 BCE"}));
        assert_eq!(dated("0000"), serde_json::json!({"year": 0, "display_date": "1 BCE"}));
        assert_eq!(
            dated("-0043-03-15"),
            serde_json::json!({"year": -43, "month": 3, "day": 15, "display_date": "15 March 44 BCE"})
        );
        assert_eq!(dated("0001"), serde_json::json!({"year": 1}), "TimelineJS names years of the common era right");
    }
}
