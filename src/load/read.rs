//! Reading a timeline file's bytes into its text, as fast as the machine allows: most of the
//! time of an uncached open of a large file was the read itself (page faults into a fresh buffer)
//! and the UTF-8 check, both on one core.
//!
//! - A file the cache must look up is read in blocks on this thread while another hashes them,
//!   so that the key costs no time of its own.
//! - Any other large file is read in parts on every core, each part checked as UTF-8 on the
//!   thread that read it; the seams between parts are checked apart.

use super::{Progress, cache, regular};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::string::FromUtf8Error;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Below this a file is read on one thread: the threads would cost more than they save.
const PARALLEL_FROM: usize = if cfg!(test) { 1 << 10 } else { 16 << 20 };
const BLOCK: usize = 8 << 20;

/// The file's text (or, if it is not UTF-8, its bytes in the error), and with `key` (for a file
/// the cache takes), its cache key.
pub(super) fn text_of(path: &Path, progress: &Progress, key: bool) -> std::io::Result<(Text, Option<[u8; 32]>)> {
    let (file, size) = regular::open(path)?;
    let size = size as usize;
    progress.begin(0, size);
    if key && size >= cache::FROM_BYTES {
        let (bytes, key) = blocks(file, size, progress, true)?;
        return Ok((String::from_utf8(bytes), key));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = if cfg!(unix) { cores.min(8) } else { 1 };
    if parts > 1
        && size >= PARALLEL_FROM
        && let Some(text) = in_parts(&file, size, parts, progress)?
    {
        return Ok((Ok(text), None));
    }
    let (bytes, _) = blocks(file, size, progress, false)?;
    Ok((String::from_utf8(bytes), None))
}

/// A file's text, or its bytes (in the error) if they are not UTF-8.
pub(super) type Text = Result<String, FromUtf8Error>;

/// The file read a block at a time, and with `hash`, its key, hashed on another thread block
/// by block as the blocks are read. A file that grew since it was measured is read to its end.
fn blocks(
    mut file: File,
    size: usize,
    progress: &Progress,
    hash: bool,
) -> std::io::Result<(Vec<u8>, Option<[u8; 32]>)> {
    // Zeroed by the allocator from fresh pages, so only the read itself touches the memory.
    let mut bytes = vec![0; size];
    let (filled, hasher) = std::thread::scope(|scope| -> std::io::Result<_> {
        let (blocks, received) = std::sync::mpsc::channel::<&[u8]>();
        let hasher = hash.then(|| {
            scope.spawn(move || {
                let mut hasher = cache::hasher();
                for block in received {
                    hasher.update(block);
                }
                hasher
            })
        });
        let (mut rest, mut filled) = (&mut bytes[..], 0);
        while !rest.is_empty() {
            let (block, tail) = rest.split_at_mut(BLOCK.min(rest.len()));
            let n = read_into(&mut file, block)?;
            filled += n;
            progress.at(filled);
            if hash {
                let _ = blocks.send(&block[..n]);
            }
            if n < block.len() {
                break;
            }
            rest = tail;
        }
        drop(blocks);
        Ok((filled, hasher.and_then(|h| h.join().ok())))
    })?;
    bytes.truncate(filled);
    file.read_to_end(&mut bytes)?;
    let key = hasher.map(|mut hasher| *hasher.update(&bytes[filled..]).finalize().as_bytes());
    Ok((bytes, key))
}

/// Fills `block` from `file`, short only at the end of the file.
fn read_into(file: &mut File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The file read in `parts` parts at once, one thread each, and checked as UTF-8 there: the
/// text, or `None` if the file is not UTF-8 or changed size meanwhile (the caller reads it
/// again the simple way, which finds the first bad byte or the new end).
fn in_parts(file: &File, size: usize, parts: usize, progress: &Progress) -> std::io::Result<Option<String>> {
    let mut bytes = vec![0; size];
    let each = part_size(size, parts);
    let done = AtomicUsize::new(0);
    let checked = std::thread::scope(|scope| {
        let threads: Vec<_> = bytes
            .chunks_mut(each)
            .enumerate()
            .map(|(i, part)| {
                let done = &done;
                scope.spawn(move || -> std::io::Result<Option<Edges>> {
                    let whole = read_part(file, part, i * each, |n| progress.at(done.fetch_add(n, Relaxed) + n))?;
                    Ok(whole.then(|| utf8_edges(part)).flatten())
                })
            })
            .collect();
        let failed = || std::io::Error::other("a thread reading the file failed");
        let edges: std::io::Result<Vec<Option<Edges>>> =
            threads.into_iter().map(|t| t.join().unwrap_or_else(|_| Err(failed()))).collect();
        edges.map(|edges| edges.into_iter().collect::<Option<Vec<Edges>>>())
    })?;
    let mut more = [0u8; 1];
    let grew = read_at(file, &mut more, size)? > 0;
    match checked {
        Some(edges) if !grew && seams_are_utf8(&bytes, each, &edges) => {
            // SAFETY: every part is UTF-8 between its edges (`utf8_edges`) and every seam across
            // the parts' ends is UTF-8 (`seams_are_utf8`); text that is UTF-8 piece by piece, the
            // pieces laid end to end, is UTF-8 whole. Checking it again would cost 0.15 s at 1 GB.
            Ok(Some(unsafe { String::from_utf8_unchecked(bytes) }))
        }
        _ => Ok(None),
    }
}

/// Fills `part` from `file` at `offset`, telling `read` each count of bytes read; false if the
/// file ended first.
fn read_part(file: &File, part: &mut [u8], offset: usize, read: impl Fn(usize)) -> std::io::Result<bool> {
    let mut filled = 0;
    while filled < part.len() {
        let end = (filled + BLOCK).min(part.len());
        match read_at(file, &mut part[filled..end], offset + filled) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                filled += n;
                read(n);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Parts of at least 4 bytes, the longest character: one is never cut in more than two.
fn part_size(size: usize, parts: usize) -> usize {
    size.div_ceil(parts).max(4)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: usize) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset as u64)
}

/// Elsewhere the file is read on one thread (`text_of` never reads in parts).
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: usize) -> std::io::Result<usize> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// What a part of the text leaves to be checked across its ends: the continuation bytes it
/// starts with (the rest of a character begun in the part before) and the bytes of a character
/// it ends in the middle of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edges {
    lead: usize,
    tail: usize,
}

/// The part's edges, if it is UTF-8 between them.
fn utf8_edges(part: &[u8]) -> Option<Edges> {
    // A character is at most 4 bytes: at most 3 of them can fall in the next part.
    let lead = part.iter().take(3).take_while(|&&b| b & 0xC0 == 0x80).count();
    match std::str::from_utf8(&part[lead..]) {
        Ok(_) => Some(Edges { lead, tail: 0 }),
        // Cut short at the end, not wrong: the rest may be in the next part.
        Err(e) if e.error_len().is_none() => Some(Edges { lead, tail: part.len() - lead - e.valid_up_to() }),
        Err(_) => None,
    }
}

/// Whether the bytes across each seam of `bytes`, cut into parts of `each` bytes whose edges
/// are `edges`, are UTF-8: from the start of a character cut short to the end of the next
/// part's lead, and at the text's two ends, where nothing may be cut.
fn seams_are_utf8(bytes: &[u8], each: usize, edges: &[Edges]) -> bool {
    (0..=edges.len()).all(|i| {
        let at = (i * each).min(bytes.len());
        let before = i.checked_sub(1).map_or(0, |p| edges[p].tail);
        let after = edges.get(i).map_or(0, |e| e.lead);
        std::str::from_utf8(&bytes[at - before..at + after]).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether the parts' check finds `bytes` to be UTF-8, cut into `parts` as `in_parts` cuts.
    fn checked_in_parts(bytes: &[u8], parts: usize) -> bool {
        let each = part_size(bytes.len(), parts);
        let edges: Option<Vec<Edges>> = bytes.chunks(each).map(utf8_edges).collect();
        edges.is_some_and(|edges| seams_are_utf8(bytes, each, &edges))
    }

    /// Text of characters of every length, 1 to 4 bytes, and now and then a byte that is wrong.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            8 => prop::sample::select(vec!["a", "\n", "é", "Д", "€", "🙂", "字"]).prop_map(|s| s.as_bytes().to_vec()),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ];
        prop::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn text_checked_in_parts_is_utf8_exactly_when_it_is_whole(bytes in text(), parts in 1usize..9) {
            prop_assert_eq!(checked_in_parts(&bytes, parts), std::str::from_utf8(&bytes).is_ok());
        }
    }

    #[test]
    fn a_cut_inside_a_character_or_at_either_end_is_checked_across_it() {
        let text = "aДé🙂b".as_bytes();
        for parts in 1..=text.len() {
            assert!(checked_in_parts(text, parts), "{parts} parts");
        }
        // Each end holds part of a character, with nothing before or after to complete it.
        assert!(!checked_in_parts(&"Д".as_bytes()[1..], 1));
        assert!(!checked_in_parts(&"aД".as_bytes()[..2], 1));
        assert!(!checked_in_parts(b"a\x80\x80\x80\x80b", 2), "four continuation bytes in a row");
    }

    #[test]
    fn a_file_read_in_parts_is_the_file_and_one_that_is_not_utf8_says_where() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("t.ron");
        // Past the size read in parts, cut by 2 to 8 parts inside the 2- to 4-byte characters.
        let text = "Дé🙂字\n".repeat(PARALLEL_FROM / 4);
        std::fs::write(&path, &text).unwrap();
        let file = File::open(&path).unwrap();
        for parts in 2..=8 {
            let read = in_parts(&file, text.len(), parts, &Progress::default()).unwrap();
            assert_eq!(read.as_deref(), Some(&text[..]), "{parts} parts");
        }
        let mut bad = text.into_bytes();
        let at = bad.len() * 2 / 3;
        bad[at] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        let (read, _) = text_of(&path, &Progress::default(), false).unwrap();
        assert_eq!(
            read.unwrap_err().utf8_error().valid_up_to(),
            String::from_utf8(bad).unwrap_err().utf8_error().valid_up_to()
        );
    }
}
