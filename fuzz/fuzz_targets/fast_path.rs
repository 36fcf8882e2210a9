//! Any text as one event: the fast path for canonical events reads it as ron does, or declines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timeline::load::fast::agrees_with_ron;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(difference) = agrees_with_ron(text)
    {
        panic!("the fast path and ron disagree on {text:?}:\n{difference}");
    }
});
