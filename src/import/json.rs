//! TimelineJS's JSON: `events[]` and `eras[]` with `start_date`/`end_date` as `{year, month, day,
//! hour, minute, second}` (numbers or strings, parts left empty as its own converter writes them),
//! `text.headline` and `text.text` in HTML, `group`, `media`, `background`, `display_date` and
//! `unique_id`; and `title` for the timeline itself.
//!
//! Nothing is dropped without a word: the links in a slide's text become its sources (link text as
//! title); media becomes a source only when it is a page, while an image, a video or an embed stays
//! in a note with its credit and caption, as do `display_date`, thumbnails and backgrounds; eras
//! become events tagged `era`. What `timeline export --format timelinejs` writes comes back whole:
//! its status paragraph, its list of citations with locators and quotes, and the `timeline`
//! object with the date as written, the actors and the tags.

use super::{Cited, Imported, Row, html_to_text};
use crate::export::timelinejs as out;
use crate::load::Diagnostic;
use crate::model::Status;
use serde_json::Value;

pub fn read(text: &str) -> Result<Imported, Diagnostic> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Diagnostic::error(format!("not JSON at line {}, column {}: {e}", e.line(), e.column())))?;
    let events = doc
        .get("events")
        .and_then(Value::as_array)
        .ok_or_else(|| Diagnostic::error("no `events` list: a TimelineJS file has `{\"events\": [...]}`"))?;
    let title = doc.get("title");
    let mut description = title.and_then(|t| t.pointer("/text/text")).and_then(Value::as_str).map(html_to_text);
    // The title slide's media and background are the timeline's: kept in its description.
    let notes = title.map(notes_of).unwrap_or_default();
    if !notes.is_empty() {
        let before = description.take().filter(|d| !d.is_empty());
        description = Some(before.into_iter().chain(notes).collect::<Vec<_>>().join("\n\n"));
    }
    let mut imported = Imported {
        title: title.and_then(|t| t.pointer("/text/headline")).and_then(Value::as_str).map(html_to_text),
        description,
        ..Imported::default()
    };
    for (i, event) in events.iter().enumerate() {
        match row(i + 1, event, false) {
            Ok(row) => imported.rows.push(row),
            Err(why) => imported.warnings.push((i + 1, why)),
        }
    }
    // Eras are numbered after the events, as TimelineJS's spreadsheet puts them in the same rows.
    let eras = doc.get("eras").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    for (i, era) in eras.iter().enumerate() {
        let number = events.len() + i + 1;
        match row(number, era, true) {
            Ok(row) => imported.rows.push(row),
            Err(why) => {
                imported.warnings.push((number, Diagnostic::warning(format!("era {}: {}", i + 1, why.message))))
            }
        }
    }
    Ok(imported)
}

/// The row of an event (or an era), or why it is left out.
fn row(number: usize, event: &Value, era: bool) -> Result<Row, Diagnostic> {
    let start = event.get("start_date").ok_or_else(|| Diagnostic::warning("no `start_date`"))?;
    let start_text = date(start).map_err(|why| why.of("start_date"))?;
    let mut when = start_text.clone();
    if let Some(end) = event.get("end_date").filter(|e| !e.is_null() && !all_empty(e)) {
        when = format!("{when}/{}", date(end).map_err(|why| why.of("end_date"))?);
    }
    let carried = event.get("timeline");
    let carried_list = |key: &str| -> Option<Vec<String>> {
        let list = carried?.get(key)?.as_array()?;
        Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect())
    };
    // The date as written, when our own export carries it and the slide's start still agrees.
    let written = carried.and_then(|c| c.get("when")).and_then(Value::as_str).filter(|w| agrees(w, &start_text));
    if let Some(written) = written {
        when = written.to_string();
    }

    let body = event.pointer("/text/text").and_then(Value::as_str).unwrap_or("");
    let (body, status, claimed_by) = status_of(body);
    let (body, mut cites) = citations_of(&body);
    let (body, place) = place_of(&body);
    // Our own export says which source each citation is of; a list edited since is not trusted.
    if let Some(ids) = carried_list("sources").filter(|ids| ids.len() == cites.len()) {
        for (cite, id) in cites.iter_mut().zip(ids) {
            cite.id = Some(id);
        }
    }
    let (body, old) = old_citation(&body);
    cites.extend(old.map(|title| Cited { title: Some(title), ..Cited::default() }));
    for (url, title) in links(&body) {
        if !cites.iter().any(|c| c.url.as_deref() == Some(url.as_str())) {
            cites.push(Cited { title: Some(title).filter(|t| !t.is_empty()), url: Some(url), ..Cited::default() });
        }
    }
    let mut paragraphs: Vec<String> = Some(html_to_text(&body)).filter(|t| !t.is_empty()).into_iter().collect();

    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(html_to_text).filter(|t| !t.is_empty());
    let media = event.get("media");
    let media_url = media.and_then(|m| m.get("url")).and_then(Value::as_str).map(str::trim).filter(|u| !u.is_empty());
    let credit = text(media.and_then(|m| m.get("credit")));
    let caption = text(media.and_then(|m| m.get("caption")));
    if let Some(url) = media_url {
        let cited = cites.iter().any(|c| c.url.as_deref() == Some(url));
        if is_page(url) && !cited {
            // An article or other page: a source, titled by its credit.
            let title = credit.clone().or_else(|| caption.clone());
            cites.insert(0, Cited { url: Some(url.to_string()), title, ..Cited::default() });
        }
    }
    // A credit without media names where the slide comes from: a source without an address.
    let credit_only = media_url.is_none() && caption.is_none() && credit.is_some();
    if credit_only {
        cites.push(Cited { title: credit.clone(), ..Cited::default() });
    }
    let media_is_source =
        credit_only || media_url.is_some_and(|url| cites.iter().any(|c| c.url.as_deref() == Some(url)));
    // Whatever of the media is not already a source, and the rest TimelineJS shows, as notes.
    let displayed = event.get("display_date").or_else(|| start.get("display_date"));
    if written.is_none()
        && let Some(shown) = text(displayed)
    {
        paragraphs.push(format!("Shown as: {shown}."));
    }
    let notes: Vec<String> =
        notes_of(event).into_iter().filter(|note| !(note.starts_with("Media: ") && media_is_source)).collect();
    paragraphs.extend(notes);
    let summary = Some(paragraphs.join("\n\n")).filter(|s| !s.is_empty());

    let title = match text(event.pointer("/text/headline")) {
        Some(title) => title,
        // A media-only slide is titled by its caption, then its credit.
        None => caption
            .as_deref()
            .or(credit.as_deref())
            .map(super::first_words)
            .or_else(|| paragraphs.first().map(|p| super::first_words(p)))
            .ok_or_else(|| Diagnostic::warning("no headline, text or media caption"))?,
    };
    let group = text(event.get("group"));
    let actors = carried_list("actors").unwrap_or_else(|| group.into_iter().collect());
    let mut tags = carried_list("tags").unwrap_or_default();
    if era && !tags.iter().any(|t| t.eq_ignore_ascii_case("era")) && carried.is_none() {
        tags.push("era".into());
    }
    // TimelineJS's ids are slugs of anything; a long one (an embed's text) is no handle.
    let id = event
        .get("unique_id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.chars().count() <= 64)
        .map(str::to_string);
    Ok(Row {
        number,
        id,
        when,
        title,
        summary,
        actors,
        tags,
        cites,
        status: status.map(crate::model::Status::name),
        claimed_by,
        place,
        ..Row::default()
    })
}

/// Whether every part of a date object is empty, as KnightLab's converter writes a missing end.
fn all_empty(date: &Value) -> bool {
    date.as_object().is_some_and(|parts| {
        parts.iter().filter(|(k, _)| k.as_str() != "display_date").all(|(_, v)| match v {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        })
    })
}

/// Whether the date as written (`2024-03-22~/2024-03-25`) starts where the slide does, so that
/// an edit to the slide's date in the JSON is not undone by the carried one.
fn agrees(written: &str, start: &str) -> bool {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    let Ok(when) = crate::model::when::When::parse(written, utc) else { return false };
    let first = match when.span {
        crate::model::when::Span::Point(p) => Some(p),
        crate::model::when::Span::Interval(from, to) => {
            let known = |b| if let crate::model::when::Bound::Known(p) = b { Some(p) } else { None };
            known(from).or(known(to))
        }
    };
    let Some(p) = first else { return false };
    let d = out::date(&p, utc);
    let time = d.hour.map(|h| (h, d.minute.unwrap_or(0), d.second));
    super::edtf(i64::from(d.year), d.month, d.day, time).as_deref() == Some(start)
}

/// EDTF from TimelineJS's date object. Its parts may be numbers (`1935`, `1935.0`) or strings
/// (`"1935"`, `""` for none); `hour` may hold a time in TimelineJS's forms (`"21:07:00.5"`).
fn date(value: &Value) -> Result<String, Diagnostic> {
    let part = |key: &str| -> Result<Option<i64>, Diagnostic> {
        let not_a_number = |shown: String| Diagnostic::warning(format!("`{key}` is {shown}, not a number"));
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
                (Some(n), _) => Ok(Some(n)),
                (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Some(f as i64)),
                _ => Err(Diagnostic::warning(format!("`{key}` is not a whole number"))),
            },
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => whole(s.trim()).map(Some).ok_or_else(|| not_a_number(format!("`{s}`"))),
            Some(other) => Err(not_a_number(other.to_string())),
        }
    };
    let year = part("year")?.ok_or_else(|| Diagnostic::warning("no year"))?;
    let (month, day) = (part("month")?, part("day")?);
    let time = match value.get("hour").and_then(Value::as_str).filter(|h| h.contains([':', '.']) || h.trim().len() > 2)
    {
        Some(clock) => {
            Some(time_of_day(clock).ok_or_else(|| Diagnostic::warning(format!("`hour` `{clock}` is not a time")))?)
        }
        None => part("hour")?
            .map(|h| Ok::<_, Diagnostic>((h, part("minute")?.unwrap_or(0), part("second")?)))
            .transpose()?,
    };
    super::date_from_parts(year, month, day, time).ok_or_else(|| {
        let parts: Vec<String> = [Some(year), month, day].iter().flatten().map(i64::to_string).collect();
        Diagnostic::warning(format!("{} is not a date", parts.join("-")))
    })
}

/// A whole number written as TimelineJS reads it: `1935`, ` 1935 `, `-300`, `1935.0`.
fn whole(text: &str) -> Option<i64> {
    text.parse()
        .ok()
        .or_else(|| text.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64))
}

/// A time of day in the forms TimelineJS's spreadsheet accepts: `10` (an hour), `0256` and `256`
/// (hours and minutes without a separator), `21:07`, `21:07:00.5` (a fraction of a second is
/// dropped: EDTF goes to the second), `9.30`, with `AM`/`PM`. (hour, minute, second).
pub fn time_of_day(text: &str) -> Option<(i64, i64, Option<i64>)> {
    let lower = text.trim().to_ascii_lowercase();
    // TimelineJS's `AM`, `a.m.`, `pm`...: a or p, an optional dot, m, an optional dot.
    let marked = lower.strip_suffix('.').unwrap_or(&lower).strip_suffix('m').map(|r| r.strip_suffix('.').unwrap_or(r));
    let (digits, period) = match marked.and_then(|r| Some((r.strip_suffix(['a', 'p'])?, r.chars().last()?))) {
        Some((rest, period)) => (rest.trim(), Some(period)),
        None => (lower.as_str(), None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = if all_digits(digits) && (3..=4).contains(&digits.len()) {
        let split = digits.len() - 2;
        vec![&digits[..split], &digits[split..]]
    } else if digits.contains(':') {
        digits.split(':').collect()
    } else {
        digits.split('.').collect()
    };
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let number = |s: &str| all_digits(s.trim()).then(|| s.trim().parse::<i64>().ok()).flatten();
    let mut hour = number(parts[0])?;
    match period {
        Some('p') if hour != 12 => hour += 12,
        Some('a') if hour == 12 => hour = 0,
        _ => {}
    }
    let minute = parts.get(1).map(|m| number(m)).unwrap_or(Some(0))?;
    // `00.5` seconds, or a fourth part of milliseconds: whole seconds are kept.
    let second = match parts.get(2) {
        Some(s) => Some(number(s.split('.').next().unwrap_or(""))?),
        None => None,
    };
    ((0..=23).contains(&hour) && (0..=59).contains(&minute) && second.is_none_or(|s| (0..=59).contains(&s)))
        .then_some((hour, minute, second))
}

/// The notes kept of what TimelineJS shows and a timeline has no field for: the media with its
/// credit and caption, its thumbnail and link, and the background.
fn notes_of(slide: &Value) -> Vec<String> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(html_to_text).filter(|t| !t.is_empty());
    fn raw(value: Option<&Value>) -> Option<&str> {
        value.and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty())
    }
    let mut notes = Vec::new();
    if let Some(media) = slide.get("media") {
        let url = raw(media.get("url"));
        let what = url.map(|u| match u.starts_with('<') {
            // An embed's HTML is no address: what it embeds is named by its first link.
            true => match embedded_address(u) {
                Some(address) => format!("an embed of {address}"),
                None => "an embed".to_string(),
            },
            false => u.to_string(),
        });
        let extra: Vec<String> = [
            text(media.get("caption")),
            text(media.get("credit")).map(|c| format!("credit: {c}")),
            raw(media.get("thumbnail")).map(|t| format!("thumbnail: {t}")),
            raw(media.get("link")).map(|l| format!("link: {l}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match (what, extra.is_empty()) {
            (Some(what), true) => notes.push(format!("Media: {what}.")),
            (Some(what), false) => notes.push(format!("Media: {what} ({}).", extra.join("; "))),
            (None, false) => notes.push(format!("Media: {}.", extra.join("; "))),
            (None, true) => {}
        }
    }
    if let Some(background) = slide.get("background") {
        let parts: Vec<String> = [
            raw(background.get("url")).map(|u| format!("image {u}")),
            raw(background.get("color")).map(|c| format!("colour {c}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !parts.is_empty() {
            notes.push(format!("Background: {}.", parts.join(", ")));
        }
    }
    notes
}

/// Whether a media URL is a page (cited as a source) rather than media TimelineJS shows: an
/// address that is not an image, a video, a sound or a known embed.
fn is_page(url: &str) -> bool {
    !url.starts_with('<') && crate::sources::safe_url(url).is_ok() && !out::is_media(url)
}

/// The first `href` or `src` in an embed's HTML, if it is an http(s) address.
fn embedded_address(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    ["href=", "src="].iter().find_map(|attr| {
        let at = lower.find(attr)? + attr.len();
        let value = attribute_value(&html[at..]);
        crate::sources::safe_url(&value).ok()
    })
}

/// The status paragraph of our own export: the body without it, the status and the claimants.
fn status_of(body: &str) -> (String, Option<Status>, Vec<String>) {
    let Some((start, end, inner)) = element(body, &format!("<p class=\"{}\"", out::STATUS_CLASS), "</p>") else {
        return (body.to_string(), None, Vec::new());
    };
    let words = html_to_text(inner);
    let status = match words.split([' ', ';']).next().unwrap_or("") {
        "Confirmed" => Some(Status::Confirmed),
        "Claimed" => Some(Status::Claimed),
        "Disputed" => Some(Status::Disputed),
        "Reported" => Some(Status::Reported),
        _ => return (body.to_string(), None, Vec::new()),
    };
    let mut claimants = Vec::new();
    let mut rest = inner;
    while let Some((_, end, name)) = element(rest, &format!("<span class=\"{}\"", out::CLAIMANT_CLASS), "</span>") {
        claimants.push(html_to_text(name));
        rest = &rest[end..];
    }
    (format!("{}{}", &body[..start], &body[end..]), status, claimants)
}

/// The list of citations of our own export: the body without it, and each citation.
fn citations_of(body: &str) -> (String, Vec<Cited>) {
    let Some((start, end, inner)) = element(body, &format!("<ul class=\"{}\"", out::SOURCES_CLASS), "</ul>") else {
        return (body.to_string(), Vec::new());
    };
    let mut cites = Vec::new();
    let mut rest = inner;
    while let Some((_, end, item)) = element(rest, &format!("<li class=\"{}\"", out::SOURCE_CLASS), "</li>") {
        let part = |open: &str, close: &str| element(item, open, close).map(|(_, _, inner)| html_to_text(inner));
        let link = links(item).into_iter().next();
        cites.push(Cited {
            title: link.as_ref().map(|(_, title)| title.clone()).or_else(|| part("<cite", "</cite>")),
            url: link.map(|(url, _)| url),
            at: part(&format!("<span class=\"{}\"", out::AT_CLASS), "</span>"),
            quote: part(&format!("<q class=\"{}\"", out::QUOTE_CLASS), "</q>"),
            id: None,
        });
        rest = &rest[end..];
    }
    (format!("{}{}", &body[..start], &body[end..]), cites)
}

/// The place paragraph of our own export: the body without it, and the place.
fn place_of(body: &str) -> (String, Option<String>) {
    match element(body, &format!("<p class=\"{}\"", out::PLACE_CLASS), "</p>") {
        Some((start, end, inner)) => {
            let rest = format!("{}{}", &body[..start], &body[end..]);
            (rest, Some(html_to_text(inner)).filter(|p| !p.is_empty()))
        }
        None => (body.to_string(), None),
    }
}

/// The paragraph that earlier exports added for a citation without an address: the body without
/// it, and its text.
fn old_citation(body: &str) -> (String, Option<String>) {
    match element(body, &format!("<p class=\"{}\"", out::CITATION_CLASS), "</p>") {
        Some((start, end, inner)) => {
            let rest = format!("{}{}", &body[..start], &body[end..]);
            (rest, Some(html_to_text(inner)).filter(|c| !c.is_empty()))
        }
        None => (body.to_string(), None),
    }
}

/// The first element opened by `open` (a tag's start, `<p class="x"`) and closed by `close`:
/// where it starts, where it ends (after `close`), and what is inside. Tags are found without
/// regard to case.
fn element<'a>(html: &'a str, open: &str, close: &str) -> Option<(usize, usize, &'a str)> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find(&open.to_ascii_lowercase())?;
    let after = start + open.len();
    // `<p class="x"` must end there or go on with attributes, not be `<p class="x-y"`.
    if !matches!(html.as_bytes().get(after), Some(b'>' | b' ' | b'\t' | b'\n' | b'/')) && !open.ends_with('"') {
        return None;
    }
    let inner = after + lower[after..].find('>')? + 1;
    let end = inner + lower[inner..].find(&close.to_ascii_lowercase())?;
    Some((start, end + close.len(), &html[inner..end]))
}

/// The http(s) links of some HTML: (URL, link text).
fn links(html: &str) -> Vec<(String, String)> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<a").map(|a| from + a) {
        from = at + 2;
        if !matches!(lower.as_bytes().get(at + 2), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            continue;
        }
        let Some(tag_end) = lower[at..].find('>').map(|e| at + e) else { break };
        let tag = &html[at..tag_end];
        let Some(href) = tag.to_ascii_lowercase().find("href=").map(|h| h + "href=".len()) else { continue };
        let url = attribute_value(&tag[href..]);
        let Some(close) = lower[tag_end..].find("</a").map(|c| tag_end + c) else { break };
        let title = html_to_text(&html[tag_end + 1..close]);
        from = close;
        if let Ok(url) = crate::sources::safe_url(url.trim()) {
            found.push((url, title));
        }
    }
    found
}

/// An attribute's value at the start of `text` (after `=`), quoted or not, with its entities
/// decoded.
fn attribute_value(text: &str) -> String {
    let text = text.trim_start();
    let raw = match text.chars().next() {
        Some(q @ ('"' | '\'')) => text[1..].split(q).next().unwrap_or(""),
        _ => text.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
    };
    raw.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_timelinejs_forms_are_read() {
        assert_eq!(time_of_day("10"), Some((10, 0, None)));
        assert_eq!(time_of_day("0256"), Some((2, 56, None)));
        assert_eq!(time_of_day("21:07:00.5"), Some((21, 7, Some(0))));
        assert_eq!(time_of_day("8:02 PM"), Some((20, 2, None)));
        assert_eq!(time_of_day("12:30 a.m."), Some((0, 30, None)));
        assert_eq!(time_of_day("9.30"), Some((9, 30, None)));
        assert_eq!(time_of_day("25:00"), None);
        assert_eq!(time_of_day("noon"), None);
    }

    #[test]
    fn links_are_found_with_their_text_and_only_for_web_addresses() {
        let html = r#"<p>As <A HREF='https://a.org/x?y=1&amp;z=2'>the <b>Times</b></a> and <a href="javascript:x">this</a> say, <a name="n">n</a>.</p>"#;
        assert_eq!(links(html), [("https://a.org/x?y=1&z=2".to_string(), "the Times".to_string())]);
    }
}
