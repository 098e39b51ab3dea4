//! Times the phases of `ssolint check` on a file (development aid):
//! `cargo run --release --example profile-check -- /tmp/big-config`.

use std::time::Instant;

use ssolint::lint::{self, Input, RULES, Settings};

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("a config file");
    let text = std::fs::read_to_string(path).unwrap();
    let input = Input {
        config: Some(&text),
        ..Input::default()
    };
    let settings = Settings::default();
    let t = Instant::now();
    let _ = ssolint::lint::keys::catalog();
    println!("key catalogue: {:?}", t.elapsed());
    for dialect in ssolint::syntax::Dialect::ALL {
        let t = Instant::now();
        let (config, _) = ssolint::model::load(dialect, Some(&text), None);
        println!(
            "{} parse+resolve: {:?} ({} profiles)",
            dialect.name(),
            t.elapsed(),
            config.profiles.len()
        );
    }
    let t = Instant::now();
    let context = lint::Context::new(&input, &settings);
    println!("context (parse x2, resolve x2): {:?}", t.elapsed());
    let t = Instant::now();
    let uses = context.key_uses().len();
    println!("key uses ({uses}): {:?}", t.elapsed());
    for rule in RULES {
        let t = Instant::now();
        let mut out = Vec::new();
        lint::run_rule(&context, rule, &mut out);
        let e = t.elapsed();
        if e.as_micros() > 300 {
            println!(
                "{} {}: {:?} ({} findings)",
                rule.code,
                rule.name,
                e,
                out.len()
            );
        }
    }
    let t = Instant::now();
    let report = lint::check(&input, &settings);
    println!(
        "whole check: {:?} ({} findings)",
        t.elapsed(),
        report.diagnostics.len()
    );
}
