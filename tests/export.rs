//! `timeline export`: golden output of the bundled timeline, the Markdown's structure checked with
//! a CommonMark parser, escaping of hostile text, and writes that never lose a file.

mod common;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn timeline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).current_dir(dir).output().expect("run timeline")
}

fn export(args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let out = timeline(&root(), &all);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_bundled_timeline_exported_whole() {
    // The iNews source's title is its headline word for word, as a reference must be; the golden
    // file keeps a marker in its place so that the repository holds it only once, in the
    // bibliography of the bundled timeline. It is checked here instead.
    let text = export(&[]);
    let timeline = timeline::load::load_file(&root().join("timeline.ron")).unwrap().report.timeline.unwrap();
    let headline = &timeline.sources.iter().find(|s| s.id == "inews-mustaffa").unwrap().title;
    let mut cited: Vec<Option<&str>> = timeline
        .events
        .iter()
        .flat_map(|e| &e.sources)
        .filter(|c| timeline.sources[c.source].id == "inews-mustaffa")
        .map(|c| c.at.as_deref())
        .collect();
    cited.sort();
    cited.dedup();
    assert_eq!(text.matches(headline.as_str()).count(), 1, "the Sources entry; the footnotes cite it short");
    let without_sources = export(&["--no-sources"]);
    assert_eq!(
        without_sources.matches(headline.as_str()).count(),
        cited.len(),
        "without a Sources section, a full reference in the footnote of each locator"
    );
    insta::assert_snapshot!(text.replace(headline.as_str(), "[the iNews headline]"));
}

#[test]
fn the_bundled_timeline_exported_filtered() {
    insta::assert_snapshot!(export(&["--actor", "putin", "--from", "2024-03-19", "--no-summaries"]));
}

#[test]
fn the_export_is_byte_identical_every_time() {
    assert_eq!(export(&["--tag", "claim"]), export(&["--tag", "claim"]));
}

struct Structure {
    event_headings: usize,
    /// The id GitHub gives each heading, from its text.
    slugs: Vec<String>,
    references: Vec<String>,
    definitions: Vec<String>,
    /// Markup that did not come from the exporter's own templates.
    leaked: Vec<String>,
    /// Links to another event's heading (`#event-id`), from the links between events.
    to_events: Vec<String>,
}

/// The titles and publishers of a file's sources: a citation style sets these, whole, in italics.
fn italic_in_style(file: &str) -> Vec<String> {
    let timeline = timeline::load::load_file(&root().join(file)).unwrap().report.timeline.unwrap();
    timeline.sources.iter().flat_map(|s| [Some(s.title.trim().to_string()), s.publisher.clone()]).flatten().collect()
}

/// The Markdown's structure; raw HTML is leaked unless `html_anchors` asked for `<a id>`s, and
/// emphasis unless it is a citation style's round a whole title or publisher (`italic`) in a
/// footnote or the Sources section.
fn structure(markdown: &str, html_anchors: bool, italic: &[String]) -> Structure {
    let mut s = Structure {
        event_headings: 0,
        slugs: vec![],
        references: vec![],
        definitions: vec![],
        leaked: vec![],
        to_events: vec![],
    };
    let mut heading: Option<String> = None;
    let (mut in_note, mut in_sources, mut emphasis) = (false, false, None::<String>);
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match &event {
            Event::Text(t) => {
                if let Some(h) = &mut heading {
                    h.push_str(t)
                }
                if let Some(e) = &mut emphasis {
                    e.push_str(t)
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => in_note = true,
            Event::End(pulldown_cmark::TagEnd::FootnoteDefinition) => in_note = false,
            Event::Start(Tag::Emphasis) if in_note || in_sources => emphasis = Some(String::new()),
            Event::End(pulldown_cmark::TagEnd::Emphasis) => {
                if let Some(text) = emphasis.take().filter(|t| !italic.contains(t)) {
                    s.leaked.push(format!("emphasis {text}"));
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                let text = heading.take().unwrap_or_default();
                in_sources = text == "Sources";
                let base: String = text
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
                    .flat_map(char::to_lowercase)
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                let (mut slug, mut n) = (base.clone(), 0);
                while s.slugs.contains(&slug) {
                    n += 1;
                    slug = format!("{base}-{n}");
                }
                s.slugs.push(slug);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(String::new());
                if level == HeadingLevel::H3 {
                    s.event_headings += 1
                }
            }
            Event::FootnoteReference(label) => s.references.push(label.to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => s.definitions.push(label.to_string()),
            Event::Start(Tag::Emphasis) if emphasis.is_some() => {}
            Event::Start(
                Tag::Emphasis | Tag::Strikethrough | Tag::Image { .. } | Tag::Table(_) | Tag::CodeBlock(_),
            )
            | Event::Rule => s.leaked.push(format!("{event:?}")),
            Event::Start(Tag::Link { ref dest_url, .. })
                if dest_url.starts_with('#') && !dest_url.starts_with("#source-") =>
            {
                s.to_events.push(dest_url[1..].to_string())
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if !dest_url.starts_with("#source-") && !dest_url.starts_with("http") =>
            {
                s.leaked.push(format!("{event:?}"))
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.contains("evil.example") => {
                s.leaked.push(format!("{event:?}"))
            }
            // The one code span the exporter writes itself: the file name in the first line.
            Event::Code(code) if !code.ends_with(".ron") => s.leaked.push(format!("code {code}")),
            Event::InlineHtml(html) | Event::Html(html)
                if !(html_anchors && (html.starts_with("<a id=\"") || html.as_ref() == "</a>")) =>
            {
                s.leaked.push(format!("html {html}"))
            }
            _ => {}
        }
    }
    s
}

#[test]
fn every_event_has_a_heading_and_every_footnote_resolves() {
    let markdown = export(&[]);
    let italic = italic_in_style("timeline.ron");
    let s = structure(&markdown, false, &italic);
    assert_eq!(s.event_headings, 42);
    assert_eq!(s.references.len(), 93, "a mark per distinct (source, locator) of each event");
    assert_eq!(s.definitions.len(), 57, "one footnote per distinct (source, locator) in the document");
    assert!(!s.references.is_empty());
    for r in &s.references {
        assert!(s.definitions.contains(r), "footnote [^{r}] has no definition");
    }
    assert_eq!(s.leaked, Vec::<String>::new());
    assert!(!s.to_events.is_empty(), "the bundled timeline links events");
    for id in &s.to_events {
        assert!(s.slugs.contains(id), "a link to #{id}, which no heading's text gives");
    }
    assert!(!markdown.contains("(day; written"), "no machine notes without --notes");
    assert!(!markdown.contains("- **Sources:**"), "the marks are on the statements");
    for def in markdown.lines().filter(|l| l.starts_with("[^")) {
        assert!(!def.contains("<http"), "a short citation, the full reference in Sources: {def}");
        assert!(!def.contains("¶"), "the style's own word for a paragraph: {def}");
    }
    for def in export(&["--no-sources"]).lines().filter(|l| l.starts_with("[^")) {
        assert!(def.contains(". <http"), "a full reference with its address: {def}");
    }
    // With HTML anchors, links go to the events' own ids, and the Sources entries have them too.
    let markdown = export(&["--html-anchors", "--notes"]);
    let s = structure(&markdown, true, &italic);
    assert_eq!(s.leaked, Vec::<String>::new());
    for id in &s.to_events {
        assert!(markdown.contains(&format!("### <a id=\"{id}\"></a>")), "a link to #{id}, which has no heading");
    }
    assert!(markdown.contains("<a id=\"source-inews-mustaffa\"></a>"));
    assert!(markdown.contains("(day; written 2024-03-22)"), "--notes keeps them");
}

/// Renders `markdown` with pandoc as `from` and returns the links within the page that go nowhere.
fn dangling_in_pandoc(markdown: &str, from: &str) -> Option<Vec<String>> {
    use std::io::Write;
    let mut child = Command::new("pandoc")
        .args(["-f", from, "-t", "html"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(markdown.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = html.split("id=\"").skip(1).map(|r| &r[..r.find('"').unwrap()]).collect();
    let hrefs = html.split("href=\"#").skip(1).map(|r| r[..r.find('"').unwrap()].to_string());
    Some(hrefs.filter(|h| !ids.contains(&h.as_str())).collect())
}

#[test]
fn every_link_within_the_document_resolves_in_pandoc() {
    for (args, from) in [
        (&[][..], "gfm"),
        (&["--no-summaries"][..], "gfm"),
        (&[][..], "markdown"),
        (&["--format", "pandoc"][..], "markdown"),
    ] {
        let Some(dangling) = dangling_in_pandoc(&export(args), from) else {
            println!("skipped: pandoc is not installed");
            return;
        };
        assert_eq!(dangling, Vec::<String>::new(), "{args:?} read as {from}");
    }
}

#[test]
fn hostile_text_cannot_change_the_documents_structure() {
    let markdown = export(&["tests/fixtures/valid/hostile-markdown.ron"]);
    let s = structure(&markdown, false, &italic_in_style("tests/fixtures/valid/hostile-markdown.ron"));
    assert_eq!(s.event_headings, 7);
    assert_eq!(s.leaked, Vec::<String>::new(), "{markdown}");
    let bullet_lists = Parser::new(&markdown).filter(|e| matches!(e, Event::Start(Tag::List(None)))).count();
    assert_eq!(bullet_lists, 8, "a list of fields per event and the Sources, and no list from a summary");
    let h1 = Parser::new(&markdown)
        .filter(|e| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })))
        .count();
    assert_eq!(h1, 1, "the title's `#` does not start a second heading");
    let lists = Parser::new(&markdown).filter(|e| matches!(e, Event::Start(Tag::List(Some(_))))).count();
    assert_eq!(lists, 0, "`1.` in a title does not start an ordered list");
    for r in &s.references {
        assert!(s.definitions.contains(r));
    }
    assert!(!markdown.contains("<https://example.org/s?a=<b>>"), "an address with `<` is not made a link");
    assert!(!markdown.contains("<javascript:"), "only http(s) addresses become links");
}

#[test]
fn json_export_is_one_document_with_events_and_their_sources() {
    let text = export(&["--format", "json", "--tag", "arrest"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["exported_from"], "timeline.ron");
    assert_eq!(doc["filters"], serde_json::json!(["tags arrest"]));
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["id"], "cologne-cathedral-plot-arrests");
    assert!(doc["sources"].as_array().unwrap().iter().any(|s| s["id"] == "gpf-colibasanu"));
}

/// A folder of its own for one test, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::TempDir::with_prefix(format!("timeline-export-{name}-")).unwrap()
}

#[test]
fn output_to_a_file_never_overwrites_without_force() {
    let tmp = scratch("force");
    let dir = tmp.path();
    let path = dir.join("notes.md");
    let path_arg = path.to_str().unwrap();
    std::fs::write(&path, "a day of research").unwrap();
    let out = timeline(&root(), &["export", "-o", path_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("exists; nothing was written") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a day of research");
    let out = timeline(&root(), &["export", "-o", path_arg, "--force", "--tag", "claim"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        export(&["--tag", "claim"]),
        "the file holds what stdout would"
    );
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec!["notes.md"], "no temporary file left behind");
}

#[test]
fn a_failed_write_says_why_and_leaves_nothing() {
    let tmp = scratch("fail");
    let dir = tmp.path();
    let missing = dir.join("no-such-folder/notes.md");
    let out = timeline(&root(), &["export", "-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no folder"));
    let out = timeline(&root(), &["export", "-o", dir.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder"));
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 0);
}

/// Whether a file can be made in `dir`: it can in a read-only folder for root, whom permissions
/// do not stop.
#[cfg(unix)]
fn writable(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let made = std::fs::write(&probe, "").is_ok();
    let _ = std::fs::remove_file(&probe);
    made
}

/// The user `nobody`, whom a folder's permissions do stop.
#[cfg(unix)]
const NOBODY: u32 = 65534;

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_reported_and_the_old_file_kept() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = scratch("read-only");
    let dir = tmp.path();
    let path = dir.join("notes.md");
    std::fs::write(&path, "a day of research").unwrap();
    // The file may be written by anyone: only the folder stands in the way.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut export = Command::new(env!("CARGO_BIN_EXE_timeline"));
    export.args(["export", "--force", "-o"]).arg(&path).arg(root().join("timeline.ron"));
    export.env("TIMELINE_CACHE", "off");
    // Root would write anyway: the export runs as nobody, as it would for a user without the right.
    if writable(dir) {
        export.uid(NOBODY).gid(NOBODY);
    }
    let out = export.output().expect("run timeline (as nobody when root: the binary must be readable by all)");
    // Before the assertions, so that the folder can be removed whatever they find.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot create a file in") && err.contains("permission denied"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a day of research");
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec!["notes.md"], "no temporary file left behind");
}

#[test]
fn an_export_interrupted_by_a_signal_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let tmp = scratch(&format!("interrupted-{signal}"));
        let dir = tmp.path();
        let big = common::big_timeline(dir, 20_000);
        let mut child = Command::new(env!("CARGO_BIN_EXE_timeline"))
            .args(["export", "--format", "json", "-o", "out.json"])
            .arg(&big)
            .current_dir(dir)
            .env("TIMELINE_CACHE", "off")
            .spawn()
            .unwrap();
        common::wait_for_temporary(dir);
        let kill = Command::new("kill").args([format!("-{signal}"), child.id().to_string()]).status();
        assert!(kill.unwrap().success());
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "SIG{signal} ends it as it would have: {status:?}");
        assert_eq!(common::temporaries(dir), Vec::<String>::new(), "SIG{signal}");
        assert!(!dir.join("out.json").exists(), "SIG{signal}: no partial export");
    }
}

#[test]
fn pandoc_citeproc_resolves_every_citation_from_the_bibliography_beside_the_document() {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("skipped: pandoc is not installed");
        return;
    }
    let tmp = scratch("pandoc");
    let dir = tmp.path();
    let out = timeline(&root(), &["export", "--format", "pandoc", "-o", dir.join("report.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bib: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.bib.json")).unwrap()).unwrap();
    let cepa = bib.as_array().unwrap().iter().find(|i| i["id"] == "cepa-al-raffie").unwrap();
    // Split where the file splits it (`Al Raffie, Dina`), which no rule could guess from the name.
    assert_eq!(cepa["author"], serde_json::json!([{ "family": "Al Raffie", "given": "Dina" }]));
    assert_eq!(cepa["issued"]["date-parts"], serde_json::json!([[2024, 3, 24]]));
    let markdown = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(markdown.starts_with("---\ntitle: ") && markdown.contains("bibliography: \"report.bib.json\""));
    assert!(markdown.contains("@cepa-al-raffie, para 10]"), "¶10 as para 10");
    let html = Command::new("pandoc")
        .args(["--citeproc", "report.md", "-o", "report.html"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(html.status.success(), "{}", String::from_utf8_lossy(&html.stderr));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("???"), "every citation resolves");
    assert!(html.contains("Al Raffie 2024") && html.contains("Colibasanu"), "the authors' names are there");
}
