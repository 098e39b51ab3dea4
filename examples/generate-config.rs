//! Writes a generated legacy-SSO config with N profiles to stdout, for whole-process
//! timings: `cargo run --release --example generate-config -- 10000 > /tmp/big-config`.

#[path = "../tests/common/generate.rs"]
mod generate;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    print!("{}", generate::legacy_config(n));
}
