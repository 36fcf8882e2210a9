//! TimelineJS's JSON: `events[]` with `start_date`/`end_date` as `{year, month, day, hour, minute}`
//! (numbers or strings), `text.headline`, `text.text` in HTML, `group`, `media.url` and
//! `media.credit`, `unique_id`; and `title.text` for the timeline itself.

use super::{Imported, Row, html_to_text};
use crate::load::Diagnostic;
use serde_json::Value;

pub fn read(text: &str) -> Result<Imported, Diagnostic> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Diagnostic::error(format!("not JSON at line {}, column {}: {e}", e.line(), e.column())))?;
    let events = doc
        .get("events")
        .and_then(Value::as_array)
        .ok_or_else(|| Diagnostic::error("no `events` list: a TimelineJS file has `{\"events\": [...]}`"))?;
    let mut imported = Imported {
        title: doc.pointer("/title/text/headline").and_then(Value::as_str).map(html_to_text),
        description: doc.pointer("/title/text/text").and_then(Value::as_str).map(html_to_text),
        ..Imported::default()
    };
    for (i, event) in events.iter().enumerate() {
        match row(i + 1, event) {
            Ok(row) => imported.rows.push(row),
            Err(why) => imported.warnings.push((i + 1, why)),
        }
    }
    Ok(imported)
}

/// The row of an event, or why it is left out.
fn row(number: usize, event: &Value) -> Result<Row, Diagnostic> {
    let start = event.get("start_date").ok_or_else(|| Diagnostic::warning("no `start_date`"))?;
    let mut when = date(start).map_err(|why| why.of("start_date"))?;
    if let Some(end) = event.get("end_date").filter(|e| !e.is_null()) {
        when = format!("{when}/{}", date(end).map_err(|why| why.of("end_date"))?);
    }
    let text = |key: &str| event.pointer(key).and_then(Value::as_str).map(html_to_text).filter(|t| !t.is_empty());
    let body = event.pointer("/text/text").and_then(Value::as_str).unwrap_or("");
    let (body, cited) = citation(body);
    let summary = Some(html_to_text(&body)).filter(|t| !t.is_empty());
    let title = match text("/text/headline") {
        Some(title) => title,
        None => {
            summary.as_deref().map(super::first_words).ok_or_else(|| Diagnostic::warning("no headline and no text"))?
        }
    };
    let url = event.pointer("/media/url").and_then(Value::as_str).map(str::trim).filter(|u| !u.is_empty());
    let credit = text("/media/credit").or(cited);
    let source = (url.is_some() || credit.is_some()).then(|| (url.map(str::to_string), credit));
    let group = event.get("group").and_then(Value::as_str).map(html_to_text).filter(|g| !g.is_empty());
    Ok(Row {
        number,
        id: event.get("unique_id").and_then(Value::as_str).map(str::to_string),
        when,
        title,
        summary,
        actors: group.map(|g| vec![g.to_string()]).unwrap_or_default(),
        tags: Vec::new(),
        source,
        ..Row::default()
    })
}

/// EDTF from TimelineJS's date object, whose parts may be numbers or strings.
fn date(value: &Value) -> Result<String, Diagnostic> {
    let part = |key: &str| -> Result<Option<i64>, Diagnostic> {
        let not_a_number = |shown: String| Diagnostic::warning(format!("`{key}` is {shown}, not a number"));
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => {
                n.as_i64().map(Some).ok_or_else(|| Diagnostic::warning(format!("`{key}` is not a whole number")))
            }
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| not_a_number(format!("`{s}`"))),
            Some(other) => Err(not_a_number(other.to_string())),
        }
    };
    let year = part("year")?.ok_or_else(|| Diagnostic::warning("no year"))?;
    let (month, day, hour, minute, second) =
        (part("month")?, part("day")?, part("hour")?, part("minute")?, part("second")?);
    let time = hour.map(|h| (h, minute.unwrap_or(0), second));
    super::date_from_parts(year, month, day, time).ok_or_else(|| {
        let parts: Vec<String> = [Some(year), month, day].iter().flatten().map(i64::to_string).collect();
        Diagnostic::warning(format!("{} is not a date", parts.join("-")))
    })
}

/// A summary's HTML without the citation paragraph that `timeline export --format timelinejs`
/// adds for a source without an address, and that citation's text.
fn citation(html: &str) -> (String, Option<String>) {
    let marker = format!("<p class=\"{}\">", crate::export::timelinejs::CITATION_CLASS);
    let Some(start) = html.find(&marker) else { return (html.to_string(), None) };
    let inner = start + marker.len();
    let Some(end) = html[inner..].find("</p>").map(|e| inner + e) else { return (html.to_string(), None) };
    let rest = format!("{}{}", &html[..start], &html[end + "</p>".len()..]);
    (rest, Some(html_to_text(&html[inner..end])).filter(|c| !c.is_empty()))
}
