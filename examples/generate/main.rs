//! Writes a valid generated timeline to standard output, for benchmarks and trials at scale:
//!
//! `cargo run --release --example generate -- --events 100000 [--actors 500] [--sources 200] [--seed 1]`
//!
//! See `synth.rs` for what the file holds. The same arguments give the same bytes.

use clap::Parser;
use std::io::{self, BufWriter, Write};

mod synth;

#[derive(Parser)]
struct Args {
    /// How many events
    #[arg(long)]
    events: usize,
    /// How many actors
    #[arg(long, default_value_t = 500)]
    actors: usize,
    /// How many sources
    #[arg(long, default_value_t = 200)]
    sources: usize,
    /// The random seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    synth::write(&mut out, args.events, args.actors, args.sources, args.seed)?;
    out.flush()
}
