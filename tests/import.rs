//! `timeline import`: TimelineJS JSON, TimelineJS's spreadsheet CSV and mapped CSV, checked field by
//! field, with awkward rows; the result passes `timeline check`; import → export → import keeps
//! the events.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use timeline::load::load_str;
use timeline::model::Timeline;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeline")).args(args).output().expect("run timeline")
}

/// A folder of its own for one test, removed when dropped.
fn folder(name: &str) -> tempfile::TempDir {
    tempfile::TempDir::with_prefix(format!("timeline-import-{name}-")).unwrap()
}

/// Imports `input` into `out` and loads the result, which must have no errors.
fn import(input: &Path, out: &Path, extra: &[&str]) -> (Timeline, String) {
    let mut args = vec!["import", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(extra);
    let result = run(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(out).unwrap();
    let report = load_str(&text, None);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let check = run(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "the import passes `timeline check`");
    (report.timeline.unwrap(), stderr)
}

fn event<'a>(t: &'a Timeline, id: &str) -> &'a timeline::model::Event {
    t.events.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

fn actors(t: &Timeline, id: &str) -> Vec<String> {
    event(t, id).actors.iter().map(|&a| t.actors[a].name.clone()).collect()
}

fn source_url(t: &Timeline, id: &str) -> Option<String> {
    event(t, id).sources.first().and_then(|c| t.sources[c.source].url.clone())
}

#[test]
fn timelinejs_json_becomes_a_timeline_field_by_field() {
    let tmp = folder("json");
    let dir = tmp.path();
    let (t, stderr) = import(&fixture("timelinejs.json"), &dir.join("out.ron"), &[]);
    assert_eq!(t.title, "Harbour dispute, spring 2023");
    assert_eq!(t.description.as_deref(), Some("A test timeline in TimelineJS form & its quirks."));
    assert_eq!(t.events.len(), 4);
    let ferry = event(&t, "ferry-suspended");
    assert_eq!(ferry.when.text, "2023-04-02", "empty hour and minute leave a day");
    assert_eq!(ferry.title, "Ferry service suspended", "HTML is reduced to text");
    assert_eq!(
        ferry.summary.as_deref(),
        Some("The port authority stops the ferry.\n\nTraders object — loudly <see below>.")
    );
    assert_eq!(actors(&t, "ferry-suspended"), ["Port authority"]);
    assert_eq!(source_url(&t, "ferry-suspended").as_deref(), Some("https://example.org/ferry"));
    assert_eq!(t.sources[ferry.sources[0].source].title, "Harbour Gazette");
    let talks = event(&t, "talks-in-the-town-hall");
    assert_eq!(talks.when.text, "2023-04-05T14:30/2023-04-07", "numbers as well as strings; an end date");
    assert_eq!(talks.summary, None);
    assert_eq!(t.sources[talks.sources[0].source].title, "Radio Coast");
    let month = event(&t, "only-a-text-no-headline-for");
    assert_eq!(month.when.text, "2023-05");
    assert_eq!(month.title, "Only a text, no headline, for", "no headline: the text's first words");
    // The same headline twice gets two ids; a source with only a credit has no URL.
    let again = event(&t, "ferry-service-suspended");
    assert_eq!(again.when.text, "2023");
    assert_eq!(source_url(&t, "ferry-service-suspended"), None);
    for warning in [
        "event 4: warning: left out: start_date: 2023-13-1 is not a date",
        "event 5: warning: left out: no `start_date`",
        "event 6: warning: left out: start_date: `year` is `twenty`, not a number",
        "Imported 4 events (2 actors, 3 sources)",
        "3 events left out",
    ] {
        assert!(stderr.contains(warning), "{warning}\n{stderr}");
    }
}

#[test]
fn timelinejs_spreadsheet_csv_becomes_a_timeline_field_by_field() {
    let tmp = folder("tjs-csv");
    let dir = tmp.path();
    let (t, stderr) = import(&fixture("timelinejs.csv"), &dir.join("out.ron"), &[]);
    assert_eq!(t.title, "Harbour dispute (sheet)", "the title row");
    assert_eq!(t.events.len(), 3);
    assert_eq!(event(&t, "talks-in-the-town-hall").when.text, "2023-04-05T14:30/2023-04-07", "2:30 PM");
    assert_eq!(event(&t, "a-month-precise-event").summary.as_deref(), Some("Text with a comma, and \"quotes\"."));
    assert_eq!(actors(&t, "talks-in-the-town-hall"), ["Traders' union"]);
    for warning in [
        "row 6: warning: left out: an era is a span of the timeline, not an event",
        "row 7: warning: left out: the date: 2023-2-30 is not a date",
        "row 9: warning: left out: the date: time `25:00` is not a time such as 20:02",
    ] {
        assert!(stderr.contains(warning), "{warning}\n{stderr}");
    }
}

#[test]
fn any_csv_imports_through_a_column_mapping() {
    let tmp = folder("mapped");
    let dir = tmp.path();
    let out = dir.join("out.ron");
    let unmapped = run(&["import", fixture("plain.csv").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(unmapped.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unmapped.stderr).contains("at least --date COLUMN"));
    let wrong = run(&[
        "import",
        fixture("plain.csv").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--date",
        "day",
        "--title",
        "what",
    ]);
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("--date: there is no column `day`; the columns are when, what")
    );
    assert!(!out.exists(), "nothing is written after an error");
    let mapping = [
        "--date",
        "when",
        "--title",
        "2",
        "--summary",
        "details",
        "--actors",
        "who",
        "--source-url",
        "link",
        "--tags",
        "labels",
    ];
    let (t, stderr) = import(&fixture("plain.csv"), &out, &mapping);
    assert_eq!(t.events.len(), 4);
    assert_eq!(event(&t, "talks-in-the-town-hall").when.text, "2023-04-05T14:30");
    assert_eq!(actors(&t, "talks-in-the-town-hall"), ["Traders' union", "Port authority"], "split on ;");
    assert_eq!(*event(&t, "ferry-service-suspended").tags, ["ferry", "port"]);
    assert_eq!(event(&t, "a-week-of-strikes").when.text, "2023-04-21/2023-04-25");
    assert_eq!(source_url(&t, "ferry-service-suspended").as_deref(), Some("https://example.org/ferry"));
    assert_eq!(t.actors.len(), 2, "actors are de-duplicated");
    for warning in [
        "row 6: warning: left out: column 1 (`when`): `2023-02-30` is not a date",
        "row 7: warning: left out: column 1 (`when`): `yesterday` is not a date this import knows",
        "row 8: warning: left out: column 2 (`what`): no title",
    ] {
        assert!(stderr.contains(warning), "{warning}\n{stderr}");
    }
    // An existing file is never replaced without --force.
    let again = run(&[
        "import",
        fixture("plain.csv").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--date",
        "when",
        "--title",
        "what",
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists; nothing was imported"));
}

#[test]
fn import_export_import_keeps_the_events() {
    let tmp = folder("round");
    let dir = tmp.path();
    let (first, _) = import(&fixture("timelinejs.json"), &dir.join("first.ron"), &[]);
    let exported = run(&[
        "export",
        "--format",
        "timelinejs",
        "-o",
        dir.join("out.json").to_str().unwrap(),
        dir.join("first.ron").to_str().unwrap(),
    ]);
    assert_eq!(exported.status.code(), Some(0), "{}", String::from_utf8_lossy(&exported.stderr));
    let (second, _) = import(&dir.join("out.json"), &dir.join("second.ron"), &[]);
    // id, when, title, summary, actors' names and source URL of each event, as one line of text.
    let facts = |t: &Timeline| -> Vec<String> {
        t.events
            .iter()
            .map(|e| {
                let who: Vec<&str> = e.actors.iter().map(|&a| t.actors[a].name.as_str()).collect();
                let url = e.sources.first().and_then(|c| t.sources[c.source].url.clone());
                format!("{} {} {} {:?} {who:?} {url:?}", e.id, e.when.text, e.title, e.summary)
            })
            .collect()
    };
    assert_eq!(facts(&first), facts(&second));
    assert_eq!(first.title, second.title);
}

#[test]
fn awkward_inputs_are_left_out_row_by_row_and_never_stop_the_import() {
    let tmp = folder("awkward");
    let dir = tmp.path();
    let json = dir.join("awkward.json");
    std::fs::write(
        &json,
        r#"{"events": [
            {"start_date": {"year": "-500000"}, "text": {"headline": "Beyond the years a timeline places"}},
            {"start_date": {"year": 2019, "month": 12, "day": 31}, "end_date": {"year": 2019, "month": 1}, "text": {"headline": "Ends before it starts"}},
            {"start_date": {"year": 2020}, "text": {"headline": "Kept"}, "group": "Dave &quot;D&quot; O'Brien"},
            {"start_date": {"year": 2021}, "text": {"headline": "Also kept"}, "group": "  dave \"d\" o'brien "}
        ]}"#,
    )
    .unwrap();
    let (t, stderr) = import(&json, &dir.join("out.ron"), &[]);
    assert_eq!(t.events.len(), 2, "{stderr}");
    assert!(stderr.contains("event 1: warning: left out: the date `Y-500000`"), "{stderr}");
    assert!(stderr.contains("event 2: warning: left out: the date `2019-12-31/2019-01`"), "{stderr}");
    assert_eq!(t.actors.len(), 1, "names differing in case and spaces are one actor");
    assert_eq!(t.actors[0].name, "Dave \"D\" O'Brien", "HTML entities in a group are decoded");
    // A quoted cell over two lines does not shift the row numbers.
    let csv = dir.join("rows.csv");
    std::fs::write(&csv, "when,what,details\n2023-01-01,One,\"two\nlines\"\n2023-02-30,Bad,\n2023-03-01,Three,\n")
        .unwrap();
    let (t, stderr) =
        import(&csv, &dir.join("rows.ron"), &["--date", "when", "--title", "what", "--summary", "details"]);
    assert_eq!(t.events.len(), 2);
    assert!(stderr.contains("rows.csv: row 3: warning: left out: column 1 (`when`): `2023-02-30`"), "{stderr}");
    // An existing output is refused before any reading or warning.
    let again = run(&["import", json.to_str().unwrap(), "-o", dir.join("out.ron").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr.starts_with("error: `") && stderr.contains("exists; nothing was imported"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn generated_ids_never_collide_with_titles_that_look_like_suffixes() {
    let tmp = folder("ids");
    let dir = tmp.path();
    let csv = dir.join("ids.csv");
    std::fs::write(
        &csv,
        "when,what\n2023-01-01,Attack\n2023-01-02,Attack 2\n2023-01-03,Attack\n2023-01-04,Zoë au café\n",
    )
    .unwrap();
    let (t, _) = import(&csv, &dir.join("ids.ron"), &["--date", "when", "--title", "what"]);
    let mut ids: Vec<&str> = t.events.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["attack", "attack-2", "attack-3", "zoe-au-cafe"], "accents are spelled in ASCII");
}

#[cfg(unix)]
#[test]
fn import_reads_only_regular_files_and_never_blocks_on_a_fifo() {
    let tmp = folder("fifo");
    let dir = tmp.path();
    assert!(Command::new("mkfifo").arg(dir.join("in.csv")).status().expect("run mkfifo").success());
    let out = common::timeline_within_seconds(dir, &["import", "in.csv", "-o", "out.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot read `in.csv`: it is not a regular file (a FIFO); timeline reads only regular files\n"
    );
    assert!(!dir.join("out.ron").exists());
}

#[test]
fn acled_rows_map_to_events_with_their_precision_actors_sources_and_line_breaks() {
    let tmp = folder("acled");
    let dir = tmp.path();
    let (t, stderr) = import(&fixture("acled.csv"), &dir.join("acled.ron"), &["--preset", "acled"]);
    assert_eq!(t.events.len(), 3, "{stderr}");
    let march = event(&t, "xaa1001");
    assert_eq!(march.when.text, "2025-05-16", "time_precision 1: the day");
    assert_eq!(march.title, "Protests: Peaceful protest in Port Town");
    assert_eq!(march.place.as_deref(), Some("Port Town"));
    assert_eq!(
        march.summary.as_deref(),
        Some(
            "On 16 May 2025, harbour workers marched to the town hall over pay.\nThey dispersed peacefully in the evening."
        ),
        "the notes keep their line break"
    );
    assert_eq!(actors(&t, "xaa1001"), ["Protesters (Xland)"], "an empty actor2 is no actor");
    assert_eq!(*march.tags, ["Protests", "Peaceful protest"]);
    assert_eq!(t.sources[march.sources[0].source].title, "Harbour Gazette");
    let clash = event(&t, "xaa1002");
    assert_eq!(clash.when.text, "2025-04-18~", "time_precision 2: within a week, approximate");
    assert_eq!(actors(&t, "xaa1002"), ["Military Forces of Xland (2020-)", "Unidentified Armed Group (Xland)"]);
    let sources: Vec<&str> = clash.sources.iter().map(|c| t.sources[c.source].title.as_str()).collect();
    assert_eq!(sources, ["Radio Coast", "Hill Courier"], "several sources in one cell");
    assert_eq!(event(&t, "xaa1003").when.text, "2025-03", "time_precision 3: the month");
    assert!(
        stderr.contains("row 5: warning: left out: column 2 (`event_date`): `31 February 2025` is not a date: February 2025 has 28 days"),
        "{stderr}"
    );
}

#[test]
fn a_wikipedia_style_table_with_month_names_and_paragraphs_imports() {
    let tmp = folder("wikipedia");
    let dir = tmp.path();
    let args = [
        "--date",
        "Date",
        "--title",
        "Event",
        "--summary",
        "Description",
        "--place",
        "Place",
        "--source-url",
        "Reference",
    ];
    let (t, stderr) = import(&fixture("wikipedia.csv"), &dir.join("wiki.ron"), &args);
    assert_eq!(t.events.len(), 3, "{stderr}");
    let strike = event(&t, "harbour-strike-begins");
    assert_eq!(strike.when.text, "2025-05-16");
    assert_eq!(strike.summary.as_deref(), Some("Dock workers stop work at the port.\n\nThe strike lasts a week."));
    assert_eq!(event(&t, "strike-ends").when.text, "2025-05-23");
    assert_eq!(event(&t, "pay-review-published").when.text, "2025-06");
    assert_eq!(t.sources.len(), 2, "one source per URL");
    assert!(
        stderr.contains(
            "row 5: warning: left out: column 1 (`Date`): `June 31, 2025` is not a date: June 2025 has 30 days"
        ),
        "{stderr}"
    );
}

#[test]
fn every_mapped_column_flag_delimiters_zones_and_formats() {
    let tmp = folder("mapped");
    let dir = tmp.path();
    let csv = dir.join("semi.csv");
    std::fs::write(
        &csv,
        "ref;day;what;side;other;where;state;who claims;outlet\n\
         A-1;22.03.2024 20:02;Shots fired;Group A;Group B;Port Town;claimed;Group A;Harbour Gazette\n\
         A-2;23.03.2024 09:15;Talks;Group B;;Hill Village;Confirmed;;Radio Coast\n",
    )
    .unwrap();
    let args = [
        "--date",
        "day",
        "--date-format",
        "%d.%m.%Y %H:%M",
        "--timezone",
        "+03:00",
        "--title",
        "what",
        "--actors",
        "side",
        "--actors",
        "other",
        "--id",
        "ref",
        "--place",
        "where",
        "--status",
        "state",
        "--claimed-by",
        "who claims",
        "--source-name",
        "outlet",
    ];
    let (t, stderr) = import(&csv, &dir.join("semi.ron"), &args);
    assert_eq!(t.events.len(), 2, "a `;`-separated file is read from its header: {stderr}");
    assert_eq!(t.timezone.local_minus_utc(), 3 * 3600);
    let shots = event(&t, "a-1");
    assert_eq!(shots.when.text, "2024-03-22T20:02");
    assert_eq!(actors(&t, "a-1"), ["Group A", "Group B"], "two --actors columns");
    assert_eq!((shots.place.as_deref(), shots.status.name()), (Some("Port Town"), "Claimed"));
    assert_eq!(t.actors[shots.claimed_by[0]].name, "Group A", "a claimant is the same actor");
    assert_eq!(t.sources[shots.sources[0].source].title, "Harbour Gazette");
    assert_eq!(event(&t, "a-2").status.name(), "Confirmed");
    // The same file with the delimiter said.
    let (again, _) = import(&csv, &dir.join("again.ron"), &[&args[..], &["--delimiter", ";"]].concat());
    assert_eq!(again.events.len(), 2);
}

#[test]
fn dates_that_could_be_read_two_ways_stop_the_import_with_the_row_and_the_fix() {
    let tmp = folder("ambiguous");
    let dir = tmp.path();
    let csv = dir.join("dates.csv");
    std::fs::write(&csv, "date,title\n05/04/2001,One\n06/04/2001,Two\n").unwrap();
    let out = dir.join("out.ron");
    let result =
        run(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", "date", "--title", "title"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("column 1 (`date`): `05/04/2001` (row 2)"), "{stderr}");
    assert!(stderr.contains("--date-format: `%d/%m/%Y` (day first) or `%m/%d/%Y` (month first)"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    // Said, it is read so; and a month-first cell is never offered as an impossible day-first date.
    let (t, _) = import(&csv, &out, &["--date", "date", "--title", "title", "--date-format", "%m/%d/%Y"]);
    assert_eq!(event(&t, "one").when.text, "2001-05-04");
    std::fs::write(&csv, "date,title\n5/16/2025,One\n").unwrap();
    let (t, _) = import(&csv, &dir.join("us.ron"), &["--date", "date", "--title", "title"]);
    assert_eq!(event(&t, "one").when.text, "2025-05-16");
}

#[test]
fn mistakes_on_the_command_line_or_in_the_file_exit_non_zero_and_write_nothing() {
    let tmp = folder("mistakes");
    let dir = tmp.path();
    let out = dir.join("out.ron");
    let csv = fixture("plain.csv");
    let base = ["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", "when", "--title", "what"];
    let zone = run(&[&base[..], &["--timezone", "Europe/Kyiv"]].concat());
    assert_eq!(zone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zone.stderr).contains("--timezone `Europe/Kyiv` is not an offset"));
    let delimiter = run(&[&base[..], &["--delimiter", "ab"]].concat());
    assert_eq!(delimiter.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&delimiter.stderr).contains("is not one character"));
    let status = run(&[&base[..], &["--status", "nope"]].concat());
    assert!(String::from_utf8_lossy(&status.stderr).contains("--status: there is no column `nope`"));
    // Nothing usable: an error, not an empty timeline.
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "when,what\nyesterday,A\n").unwrap();
    let none =
        run(&["import", empty.to_str().unwrap(), "-o", out.to_str().unwrap(), "--date", "when", "--title", "what"]);
    let stderr = String::from_utf8_lossy(&none.stderr);
    assert_eq!(none.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing to import: every one was left out"), "{stderr}");
    assert!(!out.exists());
    // An edited export that no longer holds together says what is wrong, not "please report this".
    let json = dir.join("edited.json");
    std::fs::write(
        &json,
        r#"{"title": "T", "exported_from": "t.ron", "filters": [], "sources": [], "events": [
            {"id": "a", "when": {"text": "2024"}, "title": "A", "actors": [], "tags": [], "status": "Reported",
             "claimed_by": [], "sources": [{"source": "missing"}]}]}"#,
    )
    .unwrap();
    let result = run(&["import", json.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("edited.json: the timeline in this file does not hold together"), "{stderr}");
    assert!(!stderr.contains("please report"), "{stderr}");
    assert!(!out.exists());
}
