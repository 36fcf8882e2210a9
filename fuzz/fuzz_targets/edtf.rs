//! Any text as a `when`: parsing never panics, and a date that parses can be described and has
//! ends that are in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timeline::model::when::When;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let tz = chrono::FixedOffset::east_opt(0).unwrap();
    if let Ok(when) = When::parse(text, tz) {
        let _ = when.describe(tz);
        if let (Some(start), Some(end)) = (when.start(tz), when.end(tz)) {
            assert!(start <= end, "{text}: starts after it ends");
        }
    }
});
