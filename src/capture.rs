//! Capturing a local copy of a source: see `capture` below.
