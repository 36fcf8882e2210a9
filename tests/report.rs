//! Markdown reports as a reader gets them: footnotes and Sources in a citation style
//! (`--citation-style`), dates as people write them, and links within the page that pandoc's
//! readers resolve.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use timeline::export::{self, CitationStyle, Format, Options};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).current_dir(dir).output().expect("run timeline")
}

fn export(args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let out = run(&root(), &all);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The line of `text` that starts with `start`.
fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no line starting {start:?} in\n{text}"))
}

/// The footnote whose text starts with `start` (after its `[^n]: `).
fn footnote<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .filter_map(|l| l.strip_prefix("[^").and_then(|l| l.split_once("]: ")).map(|(_, note)| note))
        .find(|note| note.starts_with(start))
        .unwrap_or_else(|| panic!("no footnote starting {start:?} in\n{text}"))
}

/// Colibasanu's article (author, title, site, a day, an address) cited at ¶4, in each style: the
/// order of author, date, title and publication, and the style's word for a paragraph.
#[test]
fn each_style_orders_author_date_title_and_publisher_its_own_way() {
    let expected = [
        (
            "chicago-author-date",
            "- Colibasanu, Antonia. 2024. “Fallout From the Attack in Russia.” *Geopolitical Futures*, March 25. \
             <https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/>.",
            "Colibasanu 2024, para. 4.",
        ),
        (
            "apa",
            "- Colibasanu, A. (2024, March 25). Fallout From the Attack in Russia. *Geopolitical Futures*. \
             <https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/>",
            "Colibasanu, 2024, para. 4.",
        ),
        (
            "mla",
            "- Colibasanu, Antonia. “Fallout From the Attack in Russia.” *Geopolitical Futures*, 25 Mar. 2024, \
             <https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/>.",
            "Colibasanu, par. 4.",
        ),
        (
            "harvard",
            "- Colibasanu, A. (2024) “Fallout From the Attack in Russia,” *Geopolitical Futures*, 25 March. \
             Available at: <https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/>.",
            "Colibasanu, 2024, para. 4.",
        ),
    ];
    let mut reports = Vec::new();
    for (style, entry, note) in expected {
        let report = export(&["--citation-style", style]);
        assert_eq!(line(&report, "- Colibasanu, A"), entry, "{style}");
        assert_eq!(footnote(&report, "Colibasanu"), note, "{style}");
        // A range of paragraphs takes the plural.
        let plural = note[..note.len() - " 4.".len()].replace("para.", "paras.").replace("par.", "pars.");
        assert!(footnote(&report, &plural).contains("4–5"), "{style}");
        reports.push(report);
    }
    assert_eq!(export(&[]), reports[0], "Chicago author-date is the default");
    for (i, a) in reports.iter().enumerate() {
        for b in &reports[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn no_source_date_is_printed_as_edtf() {
    let timeline = timeline::load::load_file(&root().join("timeline.ron")).unwrap().report.timeline.unwrap();
    for style in ["chicago-author-date", "apa", "mla", "harvard"] {
        for args in [&["--citation-style", style][..], &["--citation-style", style, "--no-sources"][..]] {
            let report = export(args);
            let references: Vec<&str> = report
                .lines()
                .filter(|l| l.starts_with("[^") || (l.starts_with("- ") && !l.starts_with("- **")))
                .collect();
            assert!(references.len() > 20, "{args:?}");
            for date in timeline.sources.iter().filter_map(|s| s.published.as_ref()) {
                // `2024-03` is also a part of some addresses; an EDTF date is never printed bare.
                let written = date.text.to_string();
                for r in &references {
                    let without_urls: String =
                        r.split('<').map(|p| p.split_once('>').map_or(p, |(_, rest)| rest)).collect();
                    assert!(!without_urls.contains(&written), "{args:?}: {written} in {r}");
                    assert!(!without_urls.contains("\\~") && !without_urls.contains("2024-03-24/"), "{args:?}: {r}");
                }
            }
        }
    }
    // "After 24 March 2024" (`2024-03-24/`) is about 2024, not a day; Chicago marks it so.
    let chicago = export(&[]);
    // Chicago sorts an Arabic name under what follows its article (`Al Raffie, Dina` under R).
    assert!(line(&chicago, "- Raffie, Dina Al").starts_with("- Raffie, Dina Al. \\[2024?\\]. "));
}

#[test]
fn without_the_sources_section_each_footnote_holds_the_full_entry() {
    let report = export(&["--no-sources"]);
    assert!(!report.contains("## Sources"));
    assert_eq!(
        footnote(&report, "Colibasanu 2024, para. 4"),
        "Colibasanu 2024, para. 4. Colibasanu, Antonia. 2024. “Fallout From the Attack in Russia.” \
         *Geopolitical Futures*, March 25. <https://geopoliticalfutures.com/fallout-from-the-attack-in-russia/>."
    );
}

#[test]
fn an_unknown_style_is_refused_with_the_styles_there_are() {
    let out = run(&root(), &["export", "--citation-style", "chicago"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no citation style `chicago`"), "{err}");
    assert!(err.contains("chicago-author-date (the default), apa, mla or harvard"), "{err}");
    assert!(out.stdout.is_empty());
}

fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("report-").tempdir().unwrap()
}

#[test]
fn a_csl_file_is_read_and_a_bad_one_named_in_the_error() {
    let dir = scratch();
    // A dependent style: APA under another name, as journals publish theirs.
    let journal = dir.path().join("journal.csl");
    std::fs::write(
        &journal,
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info>
    <title>A Journal</title>
    <id>http://www.zotero.org/styles/a-journal</id>
    <link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>
"#,
    )
    .unwrap();
    let report = export(&["--citation-style", journal.to_str().unwrap()]);
    assert_eq!(report, export(&["--citation-style", "apa"]));

    let broken = dir.path().join("broken.csl");
    std::fs::write(&broken, "<style><info>not CSL").unwrap();
    let missing = dir.path().join("missing.csl");
    for (path, says) in [(&broken, "is not a CSL style"), (&missing, "cannot read the citation style")] {
        let out = run(&root(), &["export", "--citation-style", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains(&path.display().to_string()), "{err}");
    }
}

/// The command line and the core give the same bytes, in every style.
#[test]
fn the_cli_writes_what_the_core_renders() {
    let timeline = timeline::load::load_file(&root().join("timeline.ron")).unwrap().report.timeline.unwrap();
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    for style in ["chicago-author-date", "apa", "mla", "harvard"] {
        let mut options = Options::new("timeline.ron", Vec::new());
        options.citation_style = CitationStyle::named(style).unwrap();
        let core = export::render(&timeline, &all, Format::Markdown, &options);
        assert_eq!(export(&["--citation-style", style]), core, "{style}");
    }
}

/// A source's text from the file, through the style, cannot change the document.
#[test]
fn hostile_source_text_is_escaped_in_every_style() {
    let dir = scratch();
    let file = dir.path().join("t.ron");
    std::fs::write(
        &file,
        r##"Timeline(
    title: "T",
    actors: [Actor(id: "a", name: "A", kind: Person)],
    sources: [Source(
        id: "s",
        title: "1. *Bold* [link](https://evil.example) <b>x</b>",
        authors: ["Writer, _Given_"],
        publisher: "# Pub | lisher ``",
        published: "2024-03-22",
        url: "https://example.org/s",
    )],
    events: [Event(id: "e", when: "2024-03-22", title: "E", actors: ["a"], sources: [Cite(source: "s", at: "¶3")])],
)
"##,
    )
    .unwrap();
    for style in ["chicago-author-date", "apa", "mla", "harvard"] {
        let report = export(&[file.to_str().unwrap(), "--citation-style", style]);
        let entry = line(&report, "- Writer");
        for escaped in ["\\*Bold\\*", "\\[link\\]", "\\<b\\>", "\\# Pub \\| lisher \\`\\`", "Writer, \\_G"] {
            assert!(entry.contains(escaped), "{style}: {escaped} not in {entry}");
        }
        let html = to_html(&report, "gfm");
        if let Some(html) = html {
            // GFM links a bare address as itself (it reads as written); never text that hides one.
            assert!(!html.contains("<b>x") && !html.contains(">link</a>"), "{style}: {html}");
            assert!(
                !html.contains("<em>Bold") && html.matches("<code>").count() == 1 && !html.contains("<h1>#"),
                "{style}: {html}"
            );
        }
    }
}

/// `markdown` as HTML by `pandoc -f FROM`, or `None` where pandoc is not installed.
fn to_html(markdown: &str, from: &str) -> Option<String> {
    let mut child = Command::new("pandoc")
        .args(["-f", from, "-t", "html", "--wrap=none"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(markdown.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pandoc -f {from}");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Every `](#id)` the export writes has its `id="id"` in the page pandoc makes of it, read as
/// GitHub's Markdown (gfm_auto_identifiers) and as pandoc's own: the heading ids are the ones
/// both readers give the headings.
#[test]
fn every_internal_link_of_the_report_has_its_heading_id_in_pandocs_html() {
    let report = export(&[]);
    let targets: Vec<&str> = report.split("](#").skip(1).map(|rest| &rest[..rest.find(')').unwrap()]).collect();
    assert!(targets.len() > 10, "the bundled timeline links events");
    for from in ["gfm", "markdown"] {
        let Some(html) = to_html(&report, from) else {
            println!("skipped: pandoc is not installed, so the heading ids cannot be checked");
            return;
        };
        let ids: std::collections::HashSet<&str> =
            html.split("id=\"").skip(1).map(|r| &r[..r.find('"').unwrap()]).collect();
        let missing: Vec<&&str> = targets.iter().filter(|t| !ids.contains(**t)).collect();
        assert_eq!(missing, Vec::<&&str>::new(), "links without their heading when read as {from}");
    }
}

/// A numeric style (IEEE) numbers each footnote as its source is numbered in Sources, and a
/// place written in no form a style knows is kept as written.
#[test]
fn a_numeric_style_numbers_footnotes_as_its_bibliography_and_odd_places_are_kept() {
    let dir = scratch();
    let file = dir.path().join("t.ron");
    std::fs::write(
        &file,
        r#"Timeline(
    title: "T",
    actors: [Actor(id: "a", name: "A", kind: Person)],
    sources: [
        Source(id: "one", title: "One", publisher: "P", published: "2024-01-02"),
        Source(id: "two", title: "Two", publisher: "Q", published: "2023"),
    ],
    events: [
        Event(id: "e", when: "2024-03-22", title: "E", actors: ["a"], sources: [Cite(source: "one", at: "¶2")]),
        Event(id: "f", when: "2024-03-23", title: "F", actors: ["a"], sources: [Cite(source: "two", at: "¶3–4"), Cite(source: "one", at: "fig. 2")]),
    ],
)
"#,
    )
    .unwrap();
    let report = export(&[file.to_str().unwrap(), "--citation-style", "ieee"]);
    let notes: Vec<&str> = report.lines().filter(|l| l.starts_with("[^")).collect();
    assert_eq!(notes, ["[^1]: \\[1, Para. 2\\].", "[^2]: \\[2, Paras. 3–4\\].", "[^3]: \\[1\\], fig. 2."], "{report}");
    assert!(line(&report, "- \\[1\\] ").contains("“One,”"), "{report}");
}
