//! A damaged entry is never shown: the file is parsed instead, and the entry replaced.
//! These call the cache directly, since files small enough for thousands of tries are never
//! cached by `load_file`.

use super::*;
use crate::load::{Progress, load_cached, load_str_with};

/// A fixture, with what it lacks here: text with escapes (kept as a copy, not a span), and a
/// warning.
fn sample() -> Arc<String> {
    let text = include_str!("../../../tests/fixtures/valid/every-form.ron")
        .replace("summary: \"Every field is set on this one.\"", "summary: \"Every field is set on \\\"this\\\" one.\"")
        .replace("title: \"A second\", actors: [\"fsb\"], sources: [Cite(source: \"report\")]", "title: \"A second\"");
    Arc::new(text)
}

fn parse(text: &Arc<String>) -> Report {
    load_str_with(text, None, &Progress::default(), true)
}

/// Equal for equal reports, whether their text is spans or copies.
fn shown(report: &Report) -> String {
    format!("{report:?}")
}

struct Cache {
    _folder: tempfile::TempDir,
    entry: PathBuf,
    text: Arc<String>,
    key: [u8; 32],
    fresh: Report,
}

impl Cache {
    fn new() -> Cache {
        let folder = tempfile::tempdir().unwrap();
        let entry = folder.path().join("entry.bin");
        let text = sample();
        let fresh = parse(&text);
        assert_eq!((fresh.errors(), fresh.warnings()), (0, 1), "{:?}", fresh.diagnostics);
        Cache { key: key(text.as_bytes(), |_| {}), _folder: folder, entry, text, fresh }
    }

    /// Reads `bytes` as the entry, from memory: thousands of tries take a while on disk.
    fn read_bytes(&self, bytes: &[u8]) -> Option<Report> {
        read_from(std::io::Cursor::new(bytes), &self.key, &self.text, |_| {})
    }

    /// The bytes of a good entry.
    fn good(&self) -> Vec<u8> {
        write(&self.entry, self.key, &self.text, &self.fresh);
        std::fs::read(&self.entry).unwrap()
    }

    /// Loads the file through the cache, and whether the report came from the entry.
    fn load(&self) -> (Report, bool) {
        let progress = Progress::default();
        let report = load_cached(&self.text, None, &progress, true, &self.entry);
        (report, progress.stage().0 == "reading the cache of")
    }
}

/// Gives the body of `entry` the hash it would be written with.
fn rehash(entry: &mut [u8]) {
    let sum = blake3::hash(&entry[HEADER as usize..]);
    entry[32..HEADER as usize].copy_from_slice(sum.as_bytes());
}

#[test]
fn an_entry_reads_back_as_the_file_parses() {
    let cache = Cache::new();
    let (first, cached) = cache.load();
    assert!(!cached);
    let (second, cached) = cache.load();
    assert!(cached);
    assert_eq!(shown(&second), shown(&first));
    assert_eq!(shown(&second), shown(&cache.fresh));
    let events = &second.timeline.as_ref().unwrap().events;
    assert!(events.iter().any(|e| e.summary.as_ref().is_some_and(|s| !s.is_shared())), "a copy");
    assert!(events.iter().any(|e| e.sources.iter().any(|c| c.at.as_ref().is_some_and(|at| at == "¶4"))));
}

#[test]
fn every_timeline_in_the_repository_is_read_back_from_its_entry() {
    // A check stricter than the loader would refuse good entries, and nothing else would say so.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("timeline.ron")];
    let mut folders = vec![root.join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    let folder = tempfile::tempdir().unwrap();
    let entry = folder.path().join("entry.bin");
    let mut kept = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let text = Arc::new(text);
        let report = parse(&text);
        let key = key(text.as_bytes(), |_| {});
        let _ = std::fs::remove_file(&entry);
        write(&entry, key, &text, &report);
        if entry.exists() {
            let back = read(&entry, &key, &text, |_| {});
            assert_eq!(back.map(|r| shown(&r)), Some(shown(&report)), "{}", file.display());
            kept += 1;
        }
    }
    assert!(kept >= 10, "{kept} kept");
}

#[test]
fn every_damaged_byte_falls_back_to_parsing() {
    let cache = Cache::new();
    let good = cache.good();
    let fresh = shown(&cache.fresh);
    assert_eq!(cache.read_bytes(&good).map(|r| shown(&r)).as_ref(), Some(&fresh));
    for at in 0..good.len() {
        for flip in [0xff, 1 << (at % 8)] {
            let mut bytes = good.clone();
            bytes[at] ^= flip;
            if let Some(report) = cache.read_bytes(&bytes) {
                assert_eq!(shown(&report), fresh, "byte {at} of {} flipped by {flip:#04x}", good.len());
            }
        }
    }
}

#[test]
fn bytes_after_the_body_are_refused() {
    let cache = Cache::new();
    let mut bytes = cache.good();
    bytes.push(0);
    rehash(&mut bytes);
    assert!(cache.read_bytes(&bytes).is_none());
}
