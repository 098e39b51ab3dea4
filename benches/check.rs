//! `ssolint check` without the process: the rule engine on a generated 10 000-profile legacy
//! config (~2 MB; 10 000 S001 findings) and on a 100-line file, plus rendering.
//! Run: `cargo bench --bench check`. Whole-process timings: see ARCHITECTURE.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ssolint::lint::{self, Input, Settings};
use ssolint::render::{Checked, Group, SourceText, concise};

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/generate.rs"]
mod generate;

fn bench(c: &mut Criterion) {
    // The worker threads the binary starts (`check`, `migrate`, `lsp`).
    ssolint::workers::start();
    let settings = Settings::default();
    for (name, profiles) in [("10k-profiles", 10_000), ("100-lines", 16)] {
        let text = generate::legacy_config(profiles);
        let input = Input {
            config: Some(&text),
            ..Input::default()
        };
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        group.bench_function("check", |b| b.iter(|| lint::check(&input, &settings)));
        group.bench_function("check+concise", |b| {
            b.iter(|| {
                let report = lint::check(&input, &settings);
                let checked = Checked {
                    files: vec![SourceText::new("config".into(), text.clone())],
                    groups: vec![Group {
                        config: Some(0),
                        credentials: None,
                        report,
                    }],
                    fixed: 0,
                    quiet: false,
                };
                let mut out = Vec::with_capacity(4 << 20);
                concise::write(&mut out, &checked, false).unwrap();
                out
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
