//! The CSL-JSON bibliography of `--format pandoc` (its Markdown, with YAML front matter naming
//! the bibliography and `[@source-id, para 4]` citations, is written by `markdown`), so that
//! `pandoc --citeproc` renders any CSL style.

use crate::model::{EventIx, SourceIx, Timeline};
use serde_json::{Value, json};

/// The bibliography written beside `output`: `report.md` and `report.pandoc.md` give
/// `report.bib.json`; a name without `.md` gets `.bib.json` added.
pub fn bibliography_path(output: &std::path::Path) -> std::path::PathBuf {
    let name = super::file_name(output);
    let stem = name.strip_suffix(".pandoc.md").or_else(|| name.strip_suffix(".md")).unwrap_or(&name);
    output.with_file_name(format!("{stem}.bib.json"))
}

/// The CSL-JSON items of the sources `events` cite, in order of first citation.
pub fn items(timeline: &Timeline, events: &[EventIx]) -> Vec<Value> {
    let mut seen = vec![false; timeline.sources.len()];
    let mut items = Vec::new();
    for c in events.iter().flat_map(|&ix| &timeline.events[ix].sources) {
        if !std::mem::replace(&mut seen[c.source], true) {
            items.push(item(timeline, c.source));
        }
    }
    items
}

/// The bibliography file: a CSL-JSON array, one item a line.
pub fn bibliography(timeline: &Timeline, events: &[EventIx]) -> String {
    let items: Vec<String> = items(timeline, events).iter().map(Value::to_string).collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// One source as a CSL-JSON item. A page on the web is a `webpage` whose site (the publisher) is
/// its `container-title`; anything else a `document` with a `publisher`.
fn item(timeline: &Timeline, source: SourceIx) -> Value {
    let s = &timeline.sources[source];
    let mut item =
        json!({ "id": s.id, "type": if s.url.is_some() { "webpage" } else { "document" }, "title": s.title });
    if !s.authors.is_empty() {
        item["author"] = s.authors.iter().map(|a| name(a)).collect();
    }
    if let Some(p) = &s.publisher {
        item[if s.url.is_some() { "container-title" } else { "publisher" }] = json!(p);
    }
    if let Some(issued) = s.published.as_ref().and_then(|w| w.points().next()) {
        let mut parts = vec![issued.year];
        parts.extend(issued.month.map(i32::from));
        parts.extend(issued.month.and(issued.day).map(i32::from));
        item["issued"] = json!({ "date-parts": [parts] });
        if issued.approximate {
            item["issued"]["circa"] = json!(true);
        }
    }
    if let Some(url) = &s.url {
        item["URL"] = json!(url);
    }
    item
}

/// A name split into family and given only where the file splits it: `Family, Given`. Anything
/// else (`Given Family`, an organisation, particles) is kept whole as a `literal`: two capitalised
/// words may as well be an agency as a person, and a split is never guessed.
fn name(author: &str) -> Value {
    let author = author.trim();
    if let Some((family, given)) = author.split_once(", ") {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() && !given.contains(',') {
            return json!({ "family": family, "given": given });
        }
    }
    json!({ "literal": author })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_only_where_the_split_is_plain() {
        assert_eq!(name("Mina Al Raffie"), json!({ "literal": "Mina Al Raffie" }));
        assert_eq!(name("Antonia Colibasanu"), json!({ "literal": "Antonia Colibasanu" }));
        assert_eq!(name("Colibasanu, Antonia"), json!({ "family": "Colibasanu", "given": "Antonia" }));
        assert_eq!(name("Reuters"), json!({ "literal": "Reuters" }));
        assert_eq!(
            name("Federation of American Scientists"),
            json!({ "literal": "Federation of American Scientists" })
        );
        assert_eq!(name("Associated Press"), json!({ "literal": "Associated Press" }));
    }

    #[test]
    fn the_bibliography_sits_beside_the_document() {
        let path = |p: &str| bibliography_path(std::path::Path::new(p)).display().to_string();
        assert_eq!(path("out/report.md"), "out/report.bib.json");
        assert_eq!(path("report.pandoc.md"), "report.bib.json");
        assert_eq!(path("report"), "report.bib.json");
    }
}
