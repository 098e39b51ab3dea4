//! The `ssolint` binary: the command line of the library.

#![forbid(unsafe_code)]

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ssolint::cli::run(ssolint::cli::Cli::parse())
}
