//! TimelineJS in and out: the bundled timeline through `export --format timelinejs` and `import`
//! keeps what TimelineJS can carry, and a second pass changes nothing (no credit wrapped in
//! quotes again); TimelineJS3's own examples and files in the shapes others write import with
//! nothing lost silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use timeline::load::load_str;
use timeline::model::Timeline;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).output().expect("run timeline")
}

fn folder() -> tempfile::TempDir {
    tempfile::TempDir::with_prefix("timeline-tljs-").unwrap()
}

fn export(file: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "--format", "timelinejs"];
    args.extend(extra);
    args.push(file.to_str().unwrap());
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Imports `input`; the timeline written (which must load without errors), its text and stderr.
fn import(input: &Path, out: &Path) -> (Timeline, String, String) {
    let result = run(&["import", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--force"]);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(out).unwrap();
    let report = load_str(&text, None);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    (report.timeline.unwrap(), text, stderr)
}

fn load(path: &Path) -> Timeline {
    let report = load_str(&std::fs::read_to_string(path).unwrap(), path.parent());
    report.timeline.unwrap()
}

/// An event as TimelineJS can carry it: id, date as written, title, place, status, claimants,
/// actors and tags by name, and each citation's source id and URL (else title), locator and quote.
fn carried(t: &Timeline) -> Vec<String> {
    t.events
        .iter()
        .map(|e| {
            let names = |ixs: &[usize]| ixs.iter().map(|&a| t.actors[a].name.clone()).collect::<Vec<_>>().join("|");
            let cites: Vec<String> = e
                .sources
                .iter()
                .map(|c| {
                    let s = &t.sources[c.source];
                    format!("{} {} {:?} {:?}", s.id, s.url.clone().unwrap_or_else(|| s.title.clone()), c.at, c.quote)
                })
                .collect();
            format!(
                "{} {} {:?} {:?} at[{:?}] by[{}] actors[{}] tags[{}] cites[{}]",
                e.id,
                e.when.text,
                e.title,
                e.place,
                e.status,
                names(&e.claimed_by),
                names(&e.actors),
                e.tags.join("|"),
                cites.join("; ")
            )
        })
        .collect()
}

#[test]
fn the_bundled_timeline_comes_back_from_timelinejs_with_all_it_can_carry() {
    let tmp = folder();
    let dir = tmp.path();
    let original = load(&root().join("timeline.ron"));
    let first = dir.join("first.timeline.json");
    std::fs::write(&first, export(&root().join("timeline.ron"), &[])).unwrap();
    let (imported, text, _) = import(&first, &dir.join("first.ron"));
    assert_eq!(carried(&imported), carried(&original));
    // A source comes back with its title and URL, as one source however often it is cited.
    let cited: std::collections::BTreeSet<_> =
        original.events.iter().flat_map(|e| e.sources.iter().map(|c| c.source)).collect();
    assert_eq!(imported.sources.len(), cited.len());
    for s in &imported.sources {
        let was = original.sources.iter().find(|o| o.url == s.url).expect("the same URL");
        assert_eq!(s.title, was.title, "a title, not a reference in quotes");
    }
    for (a, b) in imported.events.iter().zip(&original.events) {
        assert_eq!(a.summary, b.summary, "{}", a.id);
    }
    // A second pass changes nothing: no credit is wrapped in quotes again.
    let second = dir.join("second.timeline.json");
    std::fs::write(&second, export(&dir.join("first.ron"), &[])).unwrap();
    let (_, again, _) = import(&second, &dir.join("second.ron"));
    assert_eq!(again, text);
    assert!(!text.contains("\u{201c}"), "no quotes added around a title");
}

#[test]
fn groups_eras_and_durations_are_as_chosen_and_eras_come_back_tagged() {
    let tmp = folder();
    let dir = tmp.path();
    let file = root().join("timeline.ron");
    let doc: serde_json::Value =
        serde_json::from_str(&export(&file, &["--group-by", "tag", "--eras", "background", "--durations", "attack"]))
            .unwrap();
    let events = doc["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e.get("end_date").is_none()), "no event tagged attack is an interval");
    let groups: std::collections::BTreeSet<&str> = events.iter().filter_map(|e| e["group"].as_str()).collect();
    assert!(groups.len() > 1 && groups.len() < events.len(), "{groups:?}");
    let eras = doc["eras"].as_array().map_or(0, Vec::len);
    let original = load(&file);
    let background = original.events.iter().filter(|e| e.tags.iter().any(|t| &**t == "background")).count();
    assert_eq!(eras, background, "every event tagged background is an era");
    assert_eq!(events.len() + eras, original.events.len());
    let json = dir.join("eras.timeline.json");
    std::fs::write(&json, doc.to_string()).unwrap();
    let (imported, _, _) = import(&json, &dir.join("eras.ron"));
    assert_eq!(imported.events.len(), original.events.len(), "eras come back as events");
}

#[test]
fn a_duration_is_drawn_as_one_only_when_the_file_says_so() {
    let tmp = folder();
    let file = tmp.path().join("d.ron");
    std::fs::write(
        &file,
        r#"(title: "D", events: [
            (id: "war", when: "2024-01/2024-06", title: "A war", tags: ["duration"]),
            (id: "arrest", when: "2024-03-22/2024-03-25", title: "An arrest some day between"),
        ])"#,
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&export(&file, &["--durations", "duration"])).unwrap();
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events[0]["end_date"], serde_json::json!({"year": 2024, "month": 6}));
    assert_eq!(events[0]["display_date"], "from January 2024 to June 2024");
    assert!(events[1].get("end_date").is_none());
    assert_eq!(events[1]["display_date"], "between 22 March 2024 and 25 March 2024");
}

#[test]
fn timelinejs3_examples_import_with_nothing_lost_silently() {
    let tmp = folder();
    for name in ["eras.json", "cosmo.json", "all-media-types.json"] {
        let input = root().join("tests/fixtures/import/timelinejs3").join(name);
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
        let slides = doc["events"].as_array().unwrap().len() + doc["eras"].as_array().map_or(0, Vec::len);
        let out = tmp.path().join(name.replace(".json", ".ron"));
        let result = run(&["import", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        let left_out = stderr.matches("warning: left out").count();
        if result.status.code() == Some(0) {
            let t = load(&out);
            assert_eq!(t.events.len() + left_out, slides, "{name}: every slide is an event or a warning\n{stderr}");
        } else {
            // Nothing could be imported (years TimelineJS allows that a timeline cannot hold yet):
            // the command fails and says why for every slide.
            assert_eq!(
                stderr.matches(" is not a date").count() + stderr.matches("the date `").count(),
                slides,
                "{stderr}"
            );
        }
    }
    let eras = load(&tmp.path().join("eras.ron"));
    assert_eq!(eras.events.iter().filter(|e| e.tags.iter().any(|t| &**t == "era")).count(), 3, "three eras");
    // Wikipedia articles given as media are pages: sources. Backgrounds are kept in the summary.
    assert!(eras.sources.iter().any(|s| s.url.as_deref() == Some("https://en.wikipedia.org/wiki/Synod_of_Whitby")));
    assert!(eras.events.iter().any(|e| e.summary.as_deref().is_some_and(|s| s.contains("Background: "))));
    let media = load(&tmp.path().join("all-media-types.ron"));
    // Videos, images and embeds are not sources; they stay in a note with their credit.
    for url in &media.sources {
        let url = url.url.as_deref().unwrap_or("");
        assert!(!url.contains("youtube.com/watch") && !url.contains("vimeo.com/2") && !url.ends_with(".jpg"), "{url}");
    }
    assert!(
        media.events.iter().any(|e| e.summary.as_deref().is_some_and(|s| s.contains("Media: https://m.youtube.com")))
    );
    assert!(media.events.iter().all(|e| e.id.len() <= 64), "no embed became an id");
    assert!(media.sources.iter().all(|s| s.id.len() <= 64 && !s.url.as_deref().unwrap_or("").starts_with('<')));
}

#[test]
fn what_timelinejs_accepts_is_accepted_and_kept() {
    let tmp = folder();
    let input = tmp.path().join("others.json");
    std::fs::write(
        &input,
        r##"{"title": {"text": {"headline": "Others", "text": ""}, "background": {"color": "#123456"}},
        "events": [
          {"start_date": {"year": 1935.0, "month": "5", "day": "", "hour": ""},
           "end_date": {"year": "", "month": "", "day": ""},
           "display_date": "Spring 1935",
           "text": {"headline": "Float year", "text": "<p>As <a href=\"https://news.example.org/a\">the <i>Gazette</i></a> and <a href='https://radio.example.org/b'>the radio</a> said.</p>"},
           "media": {"url": "https://example.org/photo.jpg", "credit": "A photographer", "caption": "The square"},
           "unique_id": ""},
          {"start_date": {"year": "1936", "month": "1", "day": "2", "hour": "0256"},
           "text": {"headline": "Float year", "text": ""}, "unique_id": ""},
          {"start_date": {"year": "1937", "month": "1", "day": "2", "hour": "21:07:00.5"},
           "media": {"url": "<blockquote class=\"twitter-tweet\"><p>A tweet that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on</p><a href=\"https://twitter.com/someone/status/1\">link</a></blockquote>", "caption": "A tweet about the square"},
           "text": {"headline": "", "text": ""}},
          {"start_date": {"year": "1938"}, "text": {"headline": "Article as media"},
           "media": {"url": "https://news.example.org/c", "credit": "The Gazette"}}
        ]}"##,
    )
    .unwrap();
    let (t, text, stderr) = import(&input, &tmp.path().join("others.ron"));
    assert_eq!(t.events.len(), 4, "{stderr}\n{text}");
    let first = &t.events[0];
    assert_eq!((&*first.id, &*first.when.text), ("float-year", "1935-05"));
    let urls: Vec<_> = first.sources.iter().map(|c| t.sources[c.source].url.as_deref().unwrap_or("")).collect();
    assert_eq!(urls, ["https://news.example.org/a", "https://radio.example.org/b"], "links, not the photo");
    assert_eq!(t.sources[first.sources[0].source].title, "the Gazette");
    let summary = first.summary.as_deref().unwrap();
    assert!(summary.contains("Shown as: Spring 1935."), "{summary}");
    assert!(
        summary.contains("Media: https://example.org/photo.jpg (The square; credit: A photographer)."),
        "{summary}"
    );
    assert_eq!((&*t.events[1].id, &*t.events[1].when.text), ("float-year-2", "1936-01-02T02:56"));
    let tweet = &t.events[2];
    assert_eq!(tweet.when.text.as_ref(), "1937-01-02T21:07:00");
    assert_eq!(tweet.title.as_ref(), "A tweet about the square", "a media-only slide is titled by its caption");
    assert!(tweet.sources.is_empty());
    assert!(tweet.summary.as_deref().unwrap().contains("an embed of https://twitter.com/someone/status/1"));
    assert_eq!(t.sources[t.events[3].sources[0].source].title, "The Gazette", "an article as media is a source");
    assert!(t.description.as_deref().unwrap_or("").contains("Background: colour #123456."));
}

#[test]
fn an_import_of_no_event_fails_with_the_reasons() {
    let tmp = folder();
    let input = tmp.path().join("none.json");
    std::fs::write(&input, r#"{"events": [{"text": {"headline": "No date"}}, {"start_date": {"year": "x"}}]}"#)
        .unwrap();
    let out = tmp.path().join("none.ron");
    let result = run(&["import", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_ne!(result.status.code(), Some(0));
    assert!(stderr.contains("nothing to import"), "{stderr}");
    assert!(stderr.contains("event 1: warning: left out: no `start_date`"), "{stderr}");
    assert!(stderr.contains("event 2: warning: left out: start_date: `year` is `x`"), "{stderr}");
    assert!(!out.exists());
}
