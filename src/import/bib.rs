//! A reference manager's bibliography (Zotero, JabRef, pandoc) read as `Source` records:
//! BibTeX or BibLaTeX through the `biblatex` crate, CSL-JSON through serde. Each entry's key is
//! the source's id, so that `[@key]` in a pandoc document and `source: "key"` in the timeline
//! name the same work.
//!
//! Names are written as the format splits them (`Family, Given`) and otherwise whole, the way
//! `export --format pandoc` reads them back; dates become EDTF, as precise as the entry is.

use crate::edit::Value;
use crate::load::Diagnostic;
use biblatex::{Bibliography, ChunksExt, DateValue, Datetime, PermissiveType};
use serde::Deserialize;
use serde_json::Value as Json;

/// One work of the bibliography, as the fields of a `Source`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    /// The entry's key, as written (it may not be an id yet).
    pub key: String,
    /// Where the entry starts in the bibliography's text, for messages.
    pub at: (usize, usize),
    pub title: String,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// EDTF.
    pub published: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// What a bibliography gave: its works, and why any entry or field was left out.
#[derive(Debug, Default)]
pub struct References {
    pub works: Vec<Reference>,
    pub warnings: Vec<Diagnostic>,
}

/// The works of a BibTeX, BibLaTeX or CSL-JSON bibliography (CSL-JSON when it starts with `[`
/// or `{`).
pub fn read(text: &str) -> Result<References, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with(['[', '{']) { read_csl_json(text) } else { read_bibtex(text) }
}

fn read_bibtex(text: &str) -> Result<References, Diagnostic> {
    let bibliography = Bibliography::parse(text).map_err(|e| {
        // The end of the file is no place to look for a brace left open: the entry it is in is.
        let span = match e.kind {
            biblatex::ParseErrorKind::UnexpectedEof => {
                text[..e.span.start.min(text.len())].rfind('@').map_or((e.span.start, e.span.end), |at| (at, at + 1))
            }
            _ => (e.span.start, e.span.end),
        };
        let what = match e.kind {
            biblatex::ParseErrorKind::UnexpectedEof => "this entry is not closed before the file ends".to_string(),
            kind => format!("this is not BibTeX that can be read: {kind}"),
        };
        Diagnostic::error(what)
            .at(Some(span))
            .help("fix the entry, or export the library from the reference manager again (BibTeX or CSL JSON)")
    })?;
    let mut out = References::default();
    for entry in bibliography.iter() {
        let at = text.find(&entry.key).map_or((0, 0), |start| (start, start + entry.key.len()));
        let title = entry.title().map(|t| t.format_verbatim()).unwrap_or_default();
        if title.trim().is_empty() {
            out.warnings.push(Diagnostic::warning(format!("`{}` has no title: left out", entry.key)).at(Some(at)));
            continue;
        }
        let authors = entry.author().unwrap_or_default().iter().map(person).collect();
        let publisher = entry
            .publisher()
            .ok()
            .map(|list| list.iter().map(|p| p.format_verbatim()).collect::<Vec<_>>().join("; "))
            .or_else(|| entry.journal_title().ok().map(|j| j.format_verbatim()))
            .or_else(|| {
                entry
                    .organization()
                    .ok()
                    .map(|list| list.iter().map(|o| o.format_verbatim()).collect::<Vec<_>>().join("; "))
            })
            .filter(|p| !p.trim().is_empty());
        let published = match entry.date() {
            Ok(PermissiveType::Typed(date)) => bibtex_date(&date),
            _ => None,
        };
        out.works.push(Reference {
            key: entry.key.clone(),
            at,
            title: title.trim().to_string(),
            authors,
            publisher,
            published,
            url: entry.url().ok().filter(|u| !u.trim().is_empty()),
            note: entry.note().ok().map(|n| n.format_verbatim()).filter(|n| !n.trim().is_empty()),
        });
    }
    Ok(out)
}

/// A person as the format writes a split name: `Family, Given`, particles with the family name.
fn person(p: &biblatex::Person) -> String {
    let family =
        [p.prefix.trim(), p.name.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let family = if p.suffix.trim().is_empty() { family } else { format!("{family} {}", p.suffix.trim()) };
    match p.given_name.trim() {
        "" => family,
        given => format!("{family}, {given}"),
    }
}

/// EDTF for a BibLaTeX date. Its years count as EDTF's do (`0` is 1 BCE); its months and days
/// count from zero.
fn bibtex_date(date: &biblatex::Date) -> Option<String> {
    let point = |d: &Datetime| {
        let month = d.month.map(|m| u32::from(m) + 1);
        super::edtf(i64::from(d.year), month, month.and(d.day.map(|day| u32::from(day) + 1)), None)
    };
    let qualified = |text: String| match (date.approximate, date.uncertain) {
        (true, true) => format!("{text}%"),
        (true, false) => format!("{text}~"),
        (false, true) => format!("{text}?"),
        (false, false) => text,
    };
    Some(match &date.value {
        DateValue::At(d) => qualified(point(d)?),
        DateValue::After(d) => format!("{}/..", point(d)?),
        DateValue::Before(d) => format!("../{}", point(d)?),
        DateValue::Between(a, b) => format!("{}/{}", point(a)?, point(b)?),
    })
}

/// CSL-JSON: a list of items, or one item.
fn read_csl_json(text: &str) -> Result<References, Diagnostic> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        let offset = crate::load::SourceFile::new("", text).offset(e.line(), e.column());
        Diagnostic::error(format!("this is not CSL JSON that can be read: {e}"))
            .at(Some((offset, offset)))
            .help("export the library from the reference manager again (CSL JSON or BibTeX)")
    })?;
    let items = match value {
        Json::Array(items) => items,
        item @ Json::Object(_) => vec![item],
        _ => return Err(Diagnostic::error("CSL JSON is a list of items; this is neither a list nor an item")),
    };
    let mut out = References::default();
    for (n, item) in items.into_iter().enumerate() {
        match csl_item(item) {
            Ok(work) => out.works.push(work),
            Err(why) => out.warnings.push(Diagnostic::warning(format!("item {} left out: {why}", n + 1))),
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct CslItem {
    id: Json,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Vec<CslName>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default, rename = "container-title")]
    container_title: Option<String>,
    #[serde(default)]
    issued: Option<CslDate>,
    #[serde(default, rename = "URL")]
    url: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CslName {
    family: Option<String>,
    given: Option<String>,
    literal: Option<String>,
    #[serde(rename = "non-dropping-particle")]
    particle: Option<String>,
    suffix: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CslDate {
    #[serde(rename = "date-parts")]
    parts: Vec<Vec<Json>>,
    circa: Option<Json>,
    raw: Option<String>,
    literal: Option<String>,
}

fn csl_item(item: Json) -> Result<Reference, String> {
    let item: CslItem = serde_json::from_value(item).map_err(|e| format!("{e}"))?;
    let key = match &item.id {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => return Err("its `id` is not a string".into()),
    };
    let title = item.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let Some(title) = title else { return Err(format!("`{key}` has no title")) };
    let publisher = item.publisher.or(item.container_title).filter(|p| !p.trim().is_empty());
    Ok(Reference {
        key,
        at: (0, 0),
        title,
        authors: item.author.iter().filter_map(csl_name).collect(),
        publisher,
        published: item.issued.as_ref().and_then(csl_date),
        url: item.url.filter(|u| !u.trim().is_empty()),
        note: item.note.filter(|n| !n.trim().is_empty()),
    })
}

fn csl_name(name: &CslName) -> Option<String> {
    if let Some(literal) = name.literal.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        return Some(literal.to_string());
    }
    let family: Vec<&str> = [name.particle.as_deref(), name.family.as_deref(), name.suffix.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let family = family.join(" ");
    match (family.is_empty(), name.given.as_deref().map(str::trim).filter(|g| !g.is_empty())) {
        (true, None) => None,
        (true, Some(given)) => Some(given.to_string()),
        (false, None) => Some(family),
        (false, Some(given)) => Some(format!("{family}, {given}")),
    }
}

/// EDTF for a CSL date: its parts (numbers or numeric strings), else its raw or literal text when
/// that is already EDTF.
fn csl_date(date: &CslDate) -> Option<String> {
    let number = |v: &Json| match v {
        Json::Number(n) => n.as_i64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let point = |parts: &Vec<Json>| {
        let year = number(parts.first()?)?;
        let month = parts.get(1).and_then(number).and_then(|m| u32::try_from(m).ok());
        let day = parts.get(2).and_then(number).and_then(|d| u32::try_from(d).ok());
        super::date_from_parts(year, month.map(i64::from), day.map(i64::from), None)
    };
    let circa = date.circa.as_ref().is_some_and(|c| !matches!(c, Json::Bool(false) | Json::Null));
    let from_parts = match date.parts.as_slice() {
        [one] => point(one).map(|p| if circa { format!("{p}~") } else { p }),
        [from, to] => Some(format!("{}/{}", point(from)?, point(to)?)),
        _ => None,
    };
    from_parts.or_else(|| {
        let text = date.raw.as_deref().or(date.literal.as_deref())?.trim();
        let utc = chrono::Offset::fix(&chrono::Utc);
        crate::model::when::When::parse(text, utc).ok().map(|_| text.to_string())
    })
}

/// What importing a work does to a timeline's sources.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// A new source; these are its fields, as RON values.
    Add(Vec<(&'static str, Value)>),
    /// The fields of the source with this id that the bibliography gives otherwise, as RON
    /// values; the fields it does not give are left as they are.
    Update(Vec<(&'static str, Value)>),
    /// The bibliography says what the timeline says.
    Same,
}

/// The id a work is given: its key when that is already an id, else the key made kebab-case
/// (`Colibasanu2024:crocus` is `colibasanu2024-crocus`). Zotero's own CSL JSON keys an item by
/// its address in the library, which makes no handle for a person: such a work is known by its
/// first author's family name, its year and its title's first word, as citation keys are made
/// (`sonne-2024-why`). `None` when nothing is left.
pub fn id_of(work: &Reference) -> Option<String> {
    let handle = if work.key.contains("://") { made_key(work) } else { work.key.clone() };
    let id = crate::load::kebab(&deunicode::deunicode(&handle));
    (!id.is_empty()).then_some(id)
}

fn made_key(work: &Reference) -> String {
    let family = work.authors.first().map(|a| a.split(',').next().unwrap_or(a)).unwrap_or("");
    let family = family.split_whitespace().last().unwrap_or("");
    let year = work.published.as_deref().map_or("", |p| p.get(..4).unwrap_or(p));
    let word = work.title.split(|c: char| !c.is_alphanumeric()).find(|w| w.chars().count() >= 3).unwrap_or("");
    [family, year, word].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// What each work changes: added when no source has its id, else updated where it differs.
pub fn plan(timeline: &crate::model::Timeline, work: &Reference, id: &str) -> Change {
    let fields = fields_of(work);
    let Some(source) = timeline.sources.iter().find(|s| s.id == id) else {
        let mut all = vec![("id", Value::text(id))];
        all.extend(fields);
        return Change::Add(all);
    };
    let now = fields_of(&Reference {
        title: source.title.clone(),
        authors: source.authors.clone(),
        publisher: source.publisher.clone(),
        published: source.published.as_ref().map(|w| w.text.to_string()),
        url: source.url.clone(),
        note: source.note.clone(),
        ..Reference::default()
    });
    let vaguer = |(name, _): &(&str, Value)| {
        *name == "published"
            && work.published.as_deref().zip(source.published.as_ref()).is_some_and(|(b, o)| no_news(b, o))
    };
    let changed: Vec<_> = fields.into_iter().filter(|field| !now.contains(field) && !vaguer(field)).collect();
    if changed.is_empty() { Change::Same } else { Change::Update(changed) }
}

/// Whether a bibliography's date says nothing the timeline's does not: it starts where the
/// timeline's starts (`2024-03-24` for `2024-03-24/`, which CSL cannot write), or takes in the
/// whole of it (`2024-03` for `2024-03-25`). A reference manager often keeps only a month.
fn no_news(bibliography: &str, ours: &crate::model::when::When) -> bool {
    let utc = chrono::Offset::fix(&chrono::Utc);
    let Ok(theirs) = crate::model::when::When::parse(bibliography, utc) else { return false };
    let (start, end) = (theirs.start(utc), theirs.end(utc));
    let same_start = start.is_some() && start == ours.start(utc);
    let within =
        start.zip(ours.start(utc)).is_some_and(|(s, o)| s <= o) && end.zip(ours.end(utc)).is_some_and(|(e, o)| o <= e);
    same_start || within
}

/// The fields a work gives, in the order FORMAT.md lists them.
fn fields_of(work: &Reference) -> Vec<(&'static str, Value)> {
    let mut fields = vec![("title", Value::text(&work.title))];
    if !work.authors.is_empty() {
        fields.push(("authors", Value::texts(&work.authors)));
    }
    let optional =
        [("publisher", &work.publisher), ("published", &work.published), ("url", &work.url), ("note", &work.note)];
    fields.extend(optional.into_iter().filter_map(|(name, value)| Some((name, Value::text(value.as_deref()?)))));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_entries_become_sources_with_split_names_and_edtf_dates() {
        let bib = r#"@online{colibasanu2024,
  author = {Colibasanu, Antonia and {Reuters}},
  title = {Crocus {City} Hall and the Limits of Intelligence},
  organization = {Geopolitical Futures},
  date = {2024-03-25},
  url = {https://example.org/crocus},
}
@book{old, author = {Titus Livius}, title = {Ab urbe condita}, year = {-0009}}
@misc{untitled, author = {Nobody}}
"#;
        let refs = read(bib).unwrap();
        assert_eq!(refs.works.len(), 2, "{:?}", refs.warnings);
        let w = &refs.works[0];
        assert_eq!(w.key, "colibasanu2024");
        assert_eq!(w.title, "Crocus City Hall and the Limits of Intelligence");
        assert_eq!(w.authors, ["Colibasanu, Antonia", "Reuters"]);
        assert_eq!(w.publisher.as_deref(), Some("Geopolitical Futures"));
        assert_eq!(w.published.as_deref(), Some("2024-03-25"));
        assert_eq!(w.url.as_deref(), Some("https://example.org/crocus"));
        assert_eq!(refs.works[1].authors, ["Livius, Titus"]);
        assert_eq!(refs.warnings.len(), 1);
        assert!(refs.warnings[0].message.contains("`untitled` has no title"));
    }

    #[test]
    fn csl_json_items_become_sources_as_the_pandoc_export_writes_them() {
        let json = r#"[{"id": "gpf", "type": "webpage", "title": "T", "container-title": "GPF",
            "author": [{"literal": "Antonia Colibasanu"}, {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
            "issued": {"date-parts": [[2024, 3]], "circa": true}, "URL": "https://example.org"},
            {"id": 7, "title": "Numbered", "issued": {"raw": "2024-03-22/2024-03-25"}},
            {"id": "none"}]"#;
        let refs = read(json).unwrap();
        assert_eq!(refs.works.len(), 2);
        let w = &refs.works[0];
        assert_eq!(w.authors, ["Antonia Colibasanu", "van Gogh, Vincent"]);
        assert_eq!((w.publisher.as_deref(), w.published.as_deref()), (Some("GPF"), Some("2024-03~")));
        assert_eq!(
            (refs.works[1].key.as_str(), refs.works[1].published.as_deref()),
            ("7", Some("2024-03-22/2024-03-25"))
        );
        assert!(refs.warnings[0].message.contains("item 3"), "{:?}", refs.warnings);
    }

    #[test]
    fn a_work_keyed_by_its_address_in_a_library_gets_a_citation_key_as_its_id() {
        let work = |key: &str| Reference {
            key: key.into(),
            title: "Why Russia's Vast Security Services Fell Short".into(),
            authors: vec!["Sonne, Paul".into(), "Schmitt, Eric".into()],
            published: Some("2024-03-28".into()),
            ..Reference::default()
        };
        assert_eq!(id_of(&work("http://zotero.org/users/local/kT3/items/9QJ")).as_deref(), Some("sonne-2024-why"));
        assert_eq!(id_of(&work("Sonne2024:why")).as_deref(), Some("sonne2024-why"));
        assert_eq!(id_of(&work("gpf-colibasanu")).as_deref(), Some("gpf-colibasanu"));
        assert_eq!(id_of(&work("ü_!")).as_deref(), Some("u"));
        assert_eq!(id_of(&work("__")), None);
    }

    #[test]
    fn a_broken_bibliography_says_where() {
        let err = read("@book{a, title = {unclosed").unwrap_err();
        assert!(err.is_error());
        assert!(err.span.is_some());
        let err = read("[{\"id\": ").unwrap_err();
        assert!(err.message.contains("CSL JSON"));
    }
}
