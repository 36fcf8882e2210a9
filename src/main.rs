use std::process::ExitCode;
use timeline::cli;

// Loading allocates and frees millions of small lists, and a cached timeline millions of strings:
// measured on 1M events, mimalloc loads 10% faster in 4% less memory than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::report(cli::parse().and_then(cli::run))
}
