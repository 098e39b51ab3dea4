//! Parse + resolve of a generated 10 000-profile legacy config (~2 MB), both dialects.
//! Run: `cargo bench --bench parse`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ssolint::model;
use ssolint::syntax::{Dialect, parse};

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/generate.rs"]
mod generate;

fn bench(c: &mut Criterion) {
    let text = generate::legacy_config(10_000);
    let mut group = c.benchmark_group("10k-profiles");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(30);
    group.bench_function("parse/botocore", |b| {
        b.iter(|| parse(&text, Dialect::Botocore))
    });
    group.bench_function("parse/sdk", |b| b.iter(|| parse(&text, Dialect::Sdk)));
    for dialect in Dialect::ALL {
        group.bench_function(format!("parse+resolve/{}", dialect.name()), |b| {
            b.iter(|| model::load(dialect, Some(&text), None))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
