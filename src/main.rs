use clap::Parser;

fn main() -> std::process::ExitCode {
    ssolint::cli::run(ssolint::cli::Cli::parse())
}
