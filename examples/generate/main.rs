//! Writes a valid generated timeline to standard output, for benchmarks and trials at scale:
//!
//! `cargo run --release --example generate -- --events 100000 [--actors 500] [--sources 200] [--seed 1]`
//!
//! `--as csv` and `--as log` write the same events for VisiData and lnav (see BENCHMARKS.md).
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
    /// Write the same events as CSV (for VisiData) or as a log (for lnav) instead of RON
    #[arg(long = "as", value_enum, default_value = "ron")]
    form: Form,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Form {
    Ron,
    Csv,
    Log,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let form = match args.form {
        Form::Ron => synth::Form::Ron,
        Form::Csv => synth::Form::Csv,
        Form::Log => synth::Form::Log,
    };
    synth::write_as(&mut out, form, args.events, args.actors, args.sources, args.seed)?;
    out.flush()
}
