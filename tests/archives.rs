//! Archives, the sources' local copies: read when a source is opened and once per file, only
//! from regular files of at most 64 MB, and `check` warns of every archive that `o` refuses.

mod common;

use common::{Browser, timeline_within_seconds};
use std::path::Path;
use std::sync::Arc;
use timeline::tui::state::Data;

/// A timeline in `dir` whose sources name `archives`, one each; the first event cites them all.
fn write_timeline(dir: &Path, archives: &[&str]) {
    let sources: String = archives
        .iter()
        .enumerate()
        .map(|(i, a)| format!("    Source(id: \"s{i}\", title: \"Source {i}\", archive: \"{a}\"),\n"))
        .collect();
    let cites: Vec<String> = (0..archives.len()).map(|i| format!("Cite(source: \"s{i}\")")).collect();
    let text = format!(
        "Timeline(\n  title: \"Archives\",\n  sources: [\n{sources}  ],\n  events: [\n    Event(id: \"e\", when: \"2024\", title: \"E\", sources: [{}]),\n  ],\n)\n",
        cites.join(", ")
    );
    std::fs::write(dir.join("timeline.ron"), text).unwrap();
}

fn data(dir: &Path) -> Data {
    let path = dir.join("timeline.ron");
    let loaded = timeline::load::load_file(&path).expect("read the timeline");
    Data::new(loaded.report.timeline.expect("a valid timeline"), &path)
}

/// The browser on the timeline in `dir` with source `n` (0-based) opened from the source list.
fn browser_on(dir: &Path, n: usize) -> Browser {
    let mut b = Browser::new(data(dir), 120, 30);
    b.press(&format!("S{}<enter>", "j".repeat(n)));
    b
}

/// The screen and the notice in place of the text after opening source `n`, on another thread,
/// so that a read that blocks fails the test instead of hanging it.
fn notice_within_seconds(dir: &Path, n: usize) -> (String, String) {
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let b = browser_on(&dir, n);
        let notice = b.data().archives.get(n).expect("read when opened").as_ref().expect_err("a notice").to_string();
        tx.send((format!("{:?}", b.screen()), notice))
    });
    rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the source opens")
}

fn check(dir: &Path) -> String {
    let out = timeline_within_seconds(dir, &["check", "timeline.ron"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_archive_is_read_when_its_source_is_opened_and_once_for_every_source_naming_it() {
    let tmp = tempfile::TempDir::with_prefix("timeline-archives-shared-").unwrap();
    let dir = tmp.path();
    let line = "A line of the archived article, long enough to fill the file quickly.\n";
    std::fs::write(dir.join("big.txt"), line.repeat((10 << 20) / line.len())).unwrap();
    write_timeline(dir, &["big.txt"; 300]);
    let b = Browser::new(data(dir), 120, 30);
    assert!((0..300).all(|s| b.data().archives.get(s).is_none()), "nothing is read before a source is opened");
    let b = browser_on(dir, 2);
    let screen = format!("{:?}", b.screen());
    let data = b.data();
    assert!(screen.contains("A line of the archived article"), "{screen}");
    assert!(data.archives.get(2).is_some() && data.archives.get(3).is_none(), "only the opened source's");
    let first = data.archives.read(0).unwrap().as_ref().unwrap();
    for s in 0..300 {
        let text = data.archives.read(s).unwrap().as_ref().unwrap();
        assert!(Arc::ptr_eq(text, first), "source {s} has a copy of its own");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_archive_is_a_warning_in_check_and_a_notice_in_the_browser_never_a_hang() {
    let tmp = tempfile::TempDir::with_prefix("timeline-archives-fifo-").unwrap();
    let dir = tmp.path();
    assert!(std::process::Command::new("mkfifo").arg(dir.join("pipe.txt")).status().unwrap().success());
    write_timeline(dir, &["pipe.txt"]);
    let out = check(dir);
    assert!(out.contains("warning: the archive of source `s0` is not a regular file but a FIFO: `pipe.txt`"), "{out}");
    let (screen, notice) = notice_within_seconds(dir, 0);
    assert_eq!(notice, "the archive `pipe.txt` is not a regular file (a FIFO)");
    assert!(screen.contains(&notice), "{screen}");
}

#[test]
fn an_archive_over_64_megabytes_is_a_notice_and_is_not_read() {
    let tmp = tempfile::TempDir::with_prefix("timeline-archives-large-").unwrap();
    let dir = tmp.path();
    // Sparse: it takes no room on the disk, and it would take 65 MB of memory if it were read.
    std::fs::File::create(dir.join("huge.txt")).unwrap().set_len(65 << 20).unwrap();
    write_timeline(dir, &["huge.txt"]);
    let out = check(dir);
    assert!(out.ends_with("0 errors, 0 warnings\n"), "a large archive is no mistake: `o` opens it\n{out}");
    let (screen, notice) = notice_within_seconds(dir, 0);
    assert_eq!(notice, "the archive `huge.txt` cannot be read: it is 65 MB, over the limit of 64 MB");
    assert!(screen.contains("the archive `huge.txt` cannot be read:") && screen.contains("64 MB"), "{screen}");
}

/// Each archive `o` refuses, with the warning `check` gives for it and `o`'s reason.
#[cfg(unix)]
#[test]
fn check_warns_of_every_archive_that_o_refuses() {
    let tmp = tempfile::TempDir::with_prefix("timeline-archives-refused-").unwrap();
    let dir = tmp.path();
    let tmp_outside = tempfile::TempDir::with_prefix("timeline-archives-refused-outside-").unwrap();
    let outside = tmp_outside.path();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(outside, dir.join("linked-folder")).unwrap();
    std::fs::create_dir(dir.join("folder")).unwrap();
    std::fs::write(dir.join("fine.txt"), "fine").unwrap();
    let cases = [
        ("link.txt", "is outside the timeline's folder", "the archive path leads outside the timeline's folder"),
        (
            "linked-folder/secret.txt",
            "is outside the timeline's folder",
            "the archive path leads outside the timeline's folder",
        ),
        (
            "folder",
            "is not a regular file but a folder: `folder`",
            "the archive `folder` is not a regular file (a folder)",
        ),
        ("../secret.txt", "is outside the timeline's folder", "the archive path leaves the timeline's folder"),
        ("gone.txt", "does not exist: `gone.txt`", "the archive `gone.txt` does not exist"),
    ];
    let mut archives: Vec<&str> = cases.iter().map(|c| c.0).collect();
    archives.push("fine.txt");
    write_timeline(dir, &archives);
    let out = check(dir);
    assert!(out.ends_with(&format!("0 errors, {} warnings\n", cases.len())), "{out}");
    for (n, (archive, warning, refusal)) in cases.iter().enumerate() {
        assert!(out.contains(&format!("warning: the archive of source `s{n}` {warning}")), "{archive}: {out}");
        let mut b = browser_on(dir, n);
        assert_eq!(b.press("o"), vec![], "{archive}");
        assert_eq!(b.state().status.as_deref(), Some(format!("Refused to open: {refusal}").as_str()));
    }
    let mut b = browser_on(dir, cases.len());
    assert_eq!(b.press("o").len(), 1, "the archive inside the folder opens");
}

#[cfg(unix)]
#[test]
fn a_copy_found_by_convention_is_refused_by_check_and_the_reader_alike() {
    let tmp = tempfile::TempDir::with_prefix("timeline-archives-convention-").unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("sources")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", dir.join("sources/s0.txt")).unwrap();
    std::fs::write(dir.join("sources/s1.txt"), "A copy.\n").unwrap();
    let text = "Timeline(\n  title: \"Convention\",\n  sources: [\n    Source(id: \"s0\", title: \"Linked out\"),\n    \
                Source(id: \"s1\", title: \"Plain\"),\n    Source(id: \"s2\", title: \"No copy\"),\n  ],\n  events: [\n    \
                Event(id: \"e\", when: \"2024\", title: \"E\", sources: [Cite(source: \"s0\"), Cite(source: \"s1\"), \
                Cite(source: \"s2\")]),\n  ],\n)\n";
    std::fs::write(dir.join("timeline.ron"), text).unwrap();
    let checked = check(dir);
    assert!(checked.contains("warning: the archive of source `s0` is outside the timeline's folder"), "{checked}");
    assert!(checked.contains("`sources/s0.txt` goes through a symbolic link that leads outside it"), "{checked}");
    assert!(checked.ends_with("0 errors, 1 warning\n"), "s1's copy and s2's lack of one are fine: {checked}");
    let (_, notice) = notice_within_seconds(dir, 0);
    assert_eq!(notice, "the archive path leads outside the timeline's folder");
    let b = browser_on(dir, 1);
    let text = b.data().archives.get(1).expect("read").as_ref().expect("the copy by convention");
    assert_eq!(text.text(), "A copy.\n");
}
