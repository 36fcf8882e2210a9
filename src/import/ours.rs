//! Our own exports read back: `timeline export --format json` and `--format csv` become the
//! timeline they were made from, every field of every event, actor and source they carry.
//!
//! The JSON document carries everything but what its shape has no place for; where it has no
//! `actors` table (exports before issue 20), an actor is known by its id alone. The CSV carries
//! the same in the columns after the first fifteen (see `export::csv`); a table whose rows have
//! lost those columns (edited in a spreadsheet) still gives every event, its actors by name and
//! its sources by id. Neither carries actors and sources that no exported event refers to. The
//! JSON carries the timeline's description, time zone and anchor; the CSV carries none of them,
//! and its time zone is read from the `start` of any event.

use super::Imported;
use super::ron_out::{self, Bare};
use crate::export::csv::{HEADER, split_items, unguard};
use crate::load::Diagnostic;
use crate::model::{ActorKind, LinkKind, Reliability, Status};
use serde::Deserialize;
use std::collections::HashMap;

/// A document `timeline export --format json` wrote: it says where it was exported from.
pub fn is_own_json(text: &str) -> bool {
    // The keys are near the start or the end; a look at both saves parsing a large file twice.
    let head = &text[..text.floor_char_boundary(4096)];
    let tail = &text[text.floor_char_boundary(text.len().saturating_sub(4096))..];
    [head, tail].iter().any(|part| part.contains("\"exported_from\""))
}

/// A table `timeline export --format csv` wrote: its header begins with ours.
pub fn is_own_csv(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    let names: Vec<&str> = header.split(',').map(|h| h.trim().trim_matches('"')).collect();
    names.len() >= 6 && names[..6] == HEADER[..6]
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Document {
    title: Option<String>,
    description: Option<String>,
    timezone: Option<String>,
    anchor: Option<String>,
    events: Vec<JsonEvent>,
    sources: Vec<SourceRecord>,
    /// A list of actor records, or an object of them by id.
    actors: Option<serde_json::Value>,
}

/// `when` as the export writes it (an object with the text as written), or a plain string.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonWhen {
    Text(String),
    Object { text: String, start: Option<String> },
}

#[derive(Deserialize)]
struct JsonEvent {
    id: String,
    when: JsonWhen,
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    claimed_by: Vec<String>,
    #[serde(default)]
    sources: Vec<CiteRecord>,
    #[serde(default)]
    links: Vec<LinkRecord>,
}

#[derive(Deserialize)]
struct CiteRecord {
    source: String,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    credibility: Option<u8>,
}

#[derive(Deserialize)]
struct LinkRecord {
    kind: String,
    to: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct ActorRecord {
    id: String,
    name: String,
    #[serde(default)]
    short: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct SourceRecord {
    id: String,
    title: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    archive: Option<String>,
    #[serde(default)]
    original: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    captured: Option<String>,
    #[serde(default)]
    captured_from: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    derived_from: Vec<String>,
    #[serde(default)]
    reliability: Option<String>,
}

/// The JSON document of `timeline export --format json`.
pub fn read_json(text: &str) -> Result<Imported, Diagnostic> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(format!("{}:{}: this is not a JSON export of timeline: {e}", e.line(), e.column()))
            .help("import the file `timeline export --format json` wrote, unchanged, or name its format with --format")
    })?;
    let mut out = ron_out::Timeline {
        title: doc.title.unwrap_or_default(),
        description: doc.description.unwrap_or_default(),
        timezone: doc.timezone.unwrap_or_default(),
        anchor: doc.anchor.unwrap_or_default(),
        ..Default::default()
    };
    let mut starts = Vec::new();
    for e in doc.events {
        let place = |what: &str| format!("event `{}`: {what}", e.id);
        let when = match e.when {
            JsonWhen::Text(text) => text,
            JsonWhen::Object { text, start } => {
                starts.extend(start.map(|s| (text.clone(), s)));
                text
            }
        };
        out.events.push(ron_out::Event {
            id: e.id.clone(),
            when,
            title: e.title,
            summary: e.summary.unwrap_or_default(),
            actors: e.actors,
            place: e.place.unwrap_or_default(),
            tags: e.tags,
            status: status(e.status.as_deref(), &place)?,
            claimed_by: e.claimed_by,
            sources: e.sources.into_iter().map(cite).collect(),
            links: e.links.into_iter().map(|l| link(l, &place)).collect::<Result<_, _>>()?,
        });
    }
    if out.timezone.is_empty() {
        out.timezone = zone_of(starts.iter().map(|(w, s)| (w.as_str(), s.as_str())));
    }
    out.sources = doc.sources.into_iter().map(source).collect::<Result<_, _>>()?;
    out.actors = match doc.actors {
        Some(actors) => actor_table(actors)?.into_iter().map(actor).collect::<Result<_, _>>()?,
        // An export without an actors table: each actor known by its id.
        None => referred_actors(&out.events)
            .into_iter()
            .map(|id| ron_out::Actor { name: id.clone(), id, ..Default::default() })
            .collect(),
    };
    whole(out)
}

/// The CSV of `timeline export --format csv`.
pub fn read_csv(text: &str) -> Result<Imported, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Diagnostic::error(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let columns: HashMap<&str, usize> = HEADER.iter().filter_map(|&name| Some((name, column(name)?))).collect();
    let mut out = ron_out::Timeline::default();
    let mut actor_names: Vec<(String, String)> = Vec::new();
    let mut source_ids: Vec<String> = Vec::new();
    let mut starts = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let record = record.map_err(|e| Diagnostic::error(format!("row {row}: cannot read the table: {e}")))?;
        // A cell as it was before the export guarded it against formulas.
        let get = |name: &str| columns.get(name).and_then(|&c| record.get(c)).map(unguard).unwrap_or_default();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let at = |name: &'static str| {
            let number = columns.get(name).map_or(0, |c| c + 1);
            move |what: String| format!("row {row}, column {number} (`{name}`): {what}")
        };
        for name in ["id", "when", "title"] {
            if get(name).trim().is_empty() {
                return Err(Diagnostic::error(at(name)(format!("no {name}")))
                    .help("every row of a CSV export has an id, a when and a title; fill it in"));
            }
        }
        let place = |what: &str| at("status")(what.to_string());
        let names = split_items(get("actors"));
        let ids = split_items(get("actor_ids"));
        let (actors, claimed_by) = if ids.is_empty() && !names.is_empty() {
            // Without ids, the names are the actors.
            (
                names.iter().map(|n| kebab_of(n)).collect(),
                split_items(get("claimed_by")).iter().map(|n| kebab_of(n)).collect(),
            )
        } else {
            (ids, split_items(get("claimed_by_ids")))
        };
        actor_names.extend(actors.iter().cloned().zip(names.iter().cloned()));
        actor_names.extend(claimed_by.iter().cloned().zip(split_items(get("claimed_by"))));
        let citations: Vec<CiteRecord> = cell_records(get("citations"), &at("citations"))?;
        let citations: Vec<ron_out::Cite> = if citations.is_empty() {
            // Without the citations column, the ids at the start of each source in `sources`.
            split_items(get("sources"))
                .iter()
                .filter_map(|s| s.split_whitespace().next())
                .map(|id| ron_out::Cite { source: id.to_string(), ..Default::default() })
                .collect()
        } else {
            citations.into_iter().map(cite).collect()
        };
        source_ids.extend(citations.iter().map(|c| c.source.clone()));
        let links: Vec<LinkRecord> = cell_records(get("link_records"), &at("link_records"))?;
        let links = if links.is_empty() {
            split_items(get("links"))
                .iter()
                .filter_map(|l| l.split_once(':'))
                .map(|(kind, to)| LinkRecord { kind: kind.into(), to: to.into(), note: None })
                .collect()
        } else {
            links
        };
        let actor_records: Vec<ActorRecord> = cell_records(get("actor_records"), &at("actor_records"))?;
        for a in actor_records {
            out.actors.push(actor(a).map_err(|d| Diagnostic::error(at("actor_records")(d.message)))?);
        }
        let source_records: Vec<SourceRecord> = cell_records(get("source_records"), &at("source_records"))?;
        for s in source_records {
            out.sources.push(source(s).map_err(|d| Diagnostic::error(at("source_records")(d.message)))?);
        }
        starts.push((get("when").to_string(), get("start").to_string()));
        out.events.push(ron_out::Event {
            id: get("id").trim().to_string(),
            when: get("when").trim().to_string(),
            title: get("title").to_string(),
            summary: get("summary").to_string(),
            actors,
            place: get("place").to_string(),
            tags: split_items(get("tags")),
            status: status(Some(get("status")).filter(|s| !s.is_empty()), &place)?,
            claimed_by,
            sources: citations,
            links: links
                .into_iter()
                .map(|l| link(l, &|what: &str| at("link_records")(what.to_string())))
                .collect::<Result<_, _>>()?,
        });
    }
    out.timezone = zone_of(starts.iter().map(|(w, s)| (w.as_str(), s.as_str())));
    // Actors and sources whose records were not in the table: by the names it gives, or by id.
    for id in referred_actors(&out.events) {
        if !out.actors.iter().any(|a| a.id == id) {
            let name = actor_names.iter().find(|(i, _)| *i == id).map_or_else(|| id.clone(), |(_, n)| n.clone());
            out.actors.push(ron_out::Actor { id, name, ..Default::default() });
        }
    }
    for id in source_ids {
        if !out.sources.iter().any(|s| s.id == id) {
            out.sources.push(ron_out::Source { title: id.clone(), id, ..Default::default() });
        }
    }
    whole(out)
}

/// The JSON document's actors: a list of records, or an object of records by id.
fn actor_table(actors: serde_json::Value) -> Result<Vec<ActorRecord>, Diagnostic> {
    let actors = match actors {
        serde_json::Value::Object(by_id) => by_id
            .into_iter()
            .map(|(id, mut record)| {
                if let Some(fields) = record.as_object_mut() {
                    fields.entry("id").or_insert(serde_json::Value::String(id));
                }
                record
            })
            .collect(),
        list => list,
    };
    serde_json::from_value(actors).map_err(|e| Diagnostic::error(format!("the actors table: {e}")))
}

/// The records in a JSON cell of the CSV export; none in an empty cell.
fn cell_records<T: serde::de::DeserializeOwned>(
    cell: &str,
    at: &dyn Fn(String) -> String,
) -> Result<Vec<T>, Diagnostic> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(cell).map_err(|e| {
        Diagnostic::error(at(format!("not the JSON the export writes here: {e}")))
            .help("restore the cell from the export, or empty it")
    })
}

/// The timeline read, checked: what our exports write always loads, so a problem here is in an
/// edited file, said as the loader says it.
fn whole(out: ron_out::Timeline) -> Result<Imported, Diagnostic> {
    // A CSV has no title: the command gives one (from the file's name).
    let titled = ron_out::Timeline { title: "Imported".into(), ..out.clone() };
    let text = ron_out::to_text(if out.title.trim().is_empty() { &titled } else { &out });
    let report = crate::load::load_str(&text, None);
    if let Some(first) = report.diagnostics.iter().find(|d| d.is_error()) {
        let more = report.errors() - 1;
        let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
        return Err(Diagnostic::error(format!(
            "the timeline in this file does not hold together: {}{more}",
            first.message
        ))
        .help_opt(first.help.clone())
        .note("it was changed after it was exported; fix it there, or import the export as it was written"));
    }
    Ok(Imported { whole: Some(out), ..Imported::default() })
}

/// The zone the export wrote its `start`s in: the offset of a start, where the date was
/// written without one of its own. Empty for UTC, the format's default.
fn zone_of<'a>(starts: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    for (when, start) in starts {
        let own_offset = when.contains('T')
            && (when.contains('Z') || when.rsplit('T').next().is_some_and(|t| t.contains(['+', '-'])));
        if own_offset || start.len() < 6 {
            continue;
        }
        let offset = &start[start.floor_char_boundary(start.len() - 6)..];
        if crate::model::when::parse_offset(offset).is_some() {
            return if offset == "+00:00" { String::new() } else { offset.to_string() };
        }
    }
    String::new()
}

/// Every actor id the events name, in order of first mention.
fn referred_actors(events: &[ron_out::Event]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in events.iter().flat_map(|e| e.actors.iter().chain(&e.claimed_by)) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

fn kebab_of(name: &str) -> String {
    crate::load::kebab(&deunicode::deunicode(name))
}

/// `name` as one of `names`, ignoring case: the format's own spelling.
fn bare(names: &'static [&'static str], name: &str) -> Option<Bare> {
    names.iter().find(|n| n.eq_ignore_ascii_case(name.trim())).map(|n| Bare(n))
}

fn unknown(what: &str, name: &str, names: &[&str]) -> Diagnostic {
    Diagnostic::error(format!("{what} `{name}` is not one of {}", names.join(", ")))
}

fn status(name: Option<&str>, place: &dyn Fn(&str) -> String) -> Result<Bare, Diagnostic> {
    match name {
        // The default is left out, as a person would write it.
        None => Ok(Bare::default()),
        Some(name) => match bare(Status::NAMES, name) {
            Some(Bare("Reported")) => Ok(Bare::default()),
            Some(status) => Ok(status),
            None => Err(Diagnostic::error(place(&unknown("the status", name, Status::NAMES).message))),
        },
    }
}

fn link(l: LinkRecord, place: &dyn Fn(&str) -> String) -> Result<ron_out::Link, Diagnostic> {
    let kind = bare(LinkKind::NAMES, &l.kind)
        .ok_or_else(|| Diagnostic::error(place(&unknown("the link kind", &l.kind, LinkKind::NAMES).message)))?;
    Ok(ron_out::Link { kind, to: l.to, note: l.note.unwrap_or_default() })
}

fn cite(c: CiteRecord) -> ron_out::Cite {
    ron_out::Cite {
        source: c.source,
        at: c.at.unwrap_or_default(),
        quote: c.quote.unwrap_or_default(),
        reported: c.reported.unwrap_or_default(),
        credibility: c.credibility,
    }
}

fn actor(a: ActorRecord) -> Result<ron_out::Actor, Diagnostic> {
    let kind = match a.kind.as_deref() {
        None => Bare::default(),
        Some(kind) => match bare(ActorKind::NAMES, kind) {
            Some(Bare("Other")) => Bare::default(),
            Some(kind) => kind,
            None => {
                return Err(Diagnostic::error(format!(
                    "actor `{}`: {}",
                    a.id,
                    unknown("the kind", kind, ActorKind::NAMES).message
                )));
            }
        },
    };
    Ok(ron_out::Actor {
        id: a.id,
        name: a.name,
        short: a.short.unwrap_or_default(),
        kind,
        aliases: a.aliases,
        note: a.note.unwrap_or_default(),
    })
}

fn source(s: SourceRecord) -> Result<ron_out::Source, Diagnostic> {
    let reliability = match s.reliability.as_deref() {
        None => Bare::default(),
        Some(r) => bare(Reliability::NAMES, r).ok_or_else(|| {
            Diagnostic::error(format!(
                "source `{}`: {}",
                s.id,
                unknown("the reliability", r, Reliability::NAMES).message
            ))
        })?,
    };
    Ok(ron_out::Source {
        id: s.id,
        title: s.title,
        authors: s.authors,
        publisher: s.publisher.unwrap_or_default(),
        published: s.published.unwrap_or_default(),
        url: s.url.unwrap_or_default(),
        archive: s.archive.unwrap_or_default(),
        original: s.original.unwrap_or_default(),
        sha256: s.sha256.unwrap_or_default(),
        captured: s.captured.unwrap_or_default(),
        captured_from: s.captured_from.unwrap_or_default(),
        note: s.note.unwrap_or_default(),
        derived_from: s.derived_from,
        reliability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON export gains an actors table in issue 20: as a list or keyed by id, either reads.
    #[test]
    fn a_json_export_with_an_actors_table_gives_every_field_of_its_actors() {
        for actors in [
            r#"[{"id": "fsb", "name": "Federal Security Service", "short": "FSB", "kind": "Agency", "aliases": ["siloviki"], "note": "N"}]"#,
            r#"{"fsb": {"name": "Federal Security Service", "short": "FSB", "kind": "agency", "aliases": ["siloviki"], "note": "N"}}"#,
        ] {
            let doc = format!(
                r#"{{"title": "T", "exported_from": "t.ron", "actors": {actors}, "sources": [{{"id": "s", "title": "S"}}],
                    "events": [{{"id": "e", "when": {{"text": "2024"}}, "title": "E", "actors": ["fsb"], "sources": [{{"source": "s"}}]}}]}}"#
            );
            let whole = read_json(&doc).unwrap().whole.unwrap();
            let a = &whole.actors[0];
            assert_eq!((a.id.as_str(), a.name.as_str(), a.short.as_str()), ("fsb", "Federal Security Service", "FSB"));
            assert_eq!((a.kind, &*a.aliases, a.note.as_str()), (Bare("Agency"), &["siloviki".to_string()][..], "N"));
        }
    }

    #[test]
    fn a_json_export_without_an_actors_table_names_actors_by_id() {
        let doc = r#"{"title": "T", "exported_from": "t.ron", "sources": [{"id": "s", "title": "S"}],
            "events": [{"id": "e", "when": "2024", "title": "E", "actors": ["fsb"], "sources": [{"source": "s"}]}]}"#;
        let whole = read_json(doc).unwrap().whole.unwrap();
        assert_eq!((whole.actors[0].id.as_str(), whole.actors[0].name.as_str()), ("fsb", "fsb"));
    }
}
