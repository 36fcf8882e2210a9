use clap::Parser;
use std::process::ExitCode;
use timeline::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
