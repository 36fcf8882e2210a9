use clap::Parser;
use std::process::ExitCode;
use timeline::cli::{Cli, run};

// A timeline is millions of small strings: mimalloc allocates and frees them several times faster
// than the system allocator, which dominated load time in profiles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    run(Cli::parse())
}
