//! Any text as a timeline file: the outline's fast scan of events finds what its walker finds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timeline::load::outline::Outline;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(difference) = Outline::scan_agrees_with_walker(text)
    {
        panic!("the scan and the walker disagree on {text:?}:\n{difference}");
    }
});
