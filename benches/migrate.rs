//! `ssolint migrate` without the process: plan, apply and diff on a generated 10 000-profile
//! legacy config (~2 MB, 7 portals). Run: `cargo bench --bench migrate`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ssolint::fix::{self, migrate};

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/generate.rs"]
mod generate;

fn bench(c: &mut Criterion) {
    // The worker threads the binary starts (`check`, `migrate`, `lsp`).
    ssolint::workers::start();
    let text = generate::legacy_config(10_000);
    let options = migrate::Options::default();
    let mut group = c.benchmark_group("10k-profiles");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("migrate/plan", |b| {
        b.iter(|| migrate::plan(&text, &options).unwrap())
    });
    let plan = migrate::plan(&text, &options).unwrap();
    group.bench_function("migrate/apply", |b| b.iter(|| migrate::apply(&text, &plan)));
    let after = migrate::apply(&text, &plan);
    group.bench_function("migrate/diff", |b| {
        b.iter(|| fix::unified_diff("config", &text, &after))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
