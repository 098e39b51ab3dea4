//! Times the phases of `ssolint migrate` on a file (development aid):
//! `cargo run --release --example profile-migrate -- /tmp/big-config`.

use std::time::Instant;

use ssolint::fix::{self, migrate};

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("a config file");
    let text = std::fs::read_to_string(path).unwrap();
    let t = Instant::now();
    let plan = migrate::plan(&text, &migrate::Options::default()).unwrap();
    println!("plan ({} edits): {:?}", plan.edits.len(), t.elapsed());
    let t = Instant::now();
    let after = migrate::apply(&text, &plan);
    println!("apply: {:?}", t.elapsed());
    let t = Instant::now();
    let diff = fix::unified_diff("config", &text, &after).unwrap_or_default();
    println!("diff ({} bytes): {:?}", diff.len(), t.elapsed());
    algorithms(&text, &after);
}

#[allow(dead_code)]
fn algorithms(text: &str, after: &str) {
    for algorithm in [similar::Algorithm::Myers, similar::Algorithm::Patience] {
        let t = Instant::now();
        let diff = similar::TextDiff::configure()
            .algorithm(algorithm)
            .diff_lines(text, after);
        let s = diff.unified_diff().context_radius(3).to_string();
        println!("{algorithm:?}: {} bytes {:?}", s.len(), t.elapsed());
    }
}
