//! `ssolint lsp` re-analysis after an edit: what the server computes and publishes for a
//! document on each change (the whole text is re-analysed; at most `PUSH_LIMIT` findings are
//! turned into protocol diagnostics for a push), on a generated 10 000-profile
//! legacy config and on a 100-line file, in both position encodings.
//! Run: `cargo bench --bench lsp`.

use criterion::{Criterion, criterion_group, criterion_main};
use ssolint::lint::Settings;
use ssolint::lsp::DiagnosticForm;
use ssolint::model::FileKind;
use tower_lsp_server::ls_types::Uri;

#[path = "../tests/common/generate.rs"]
mod generate;

// The allocator the `ssolint` binary ships with, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    // The worker threads the binary starts (`check`, `migrate`, `lsp`).
    ssolint::workers::start();
    let settings = Settings::default();
    let uri: Uri = "file:///home/dev/.aws/config".parse().unwrap();
    for (name, profiles) in [("10k-profiles", 10_000), ("100-lines", 16)] {
        let text = generate::legacy_config(profiles);
        // An edit in the middle of the file: a typo in a key.
        let middle = text.len() / 2;
        let at = middle + text[middle..].find("region =").unwrap();
        let edited = format!("{}regoin{}", &text[..at], &text[at + "region".len()..]);
        let mut group = c.benchmark_group(format!("lsp-{name}"));
        group.sample_size(20);
        for (encoding, utf8) in [("utf-16", false), ("utf-8", true)] {
            // What the server does on each change for a client that takes pushes: the
            // analysis, and the diagnostics it pushes (at most `PUSH_LIMIT`).
            group.bench_function(format!("re-analysis-{encoding}"), |b| {
                b.iter(|| {
                    let published = ssolint::lsp::analyse(
                        &edited,
                        FileKind::Config,
                        None,
                        None,
                        &settings,
                        utf8,
                    );
                    ssolint::lsp::pushed(&published.findings, &uri, DiagnosticForm::FULL)
                })
            });
        }
        // A pulling client (VS Code) gets every finding, when it asks.
        group.bench_function("pull-every-finding-utf-16", |b| {
            b.iter(|| {
                ssolint::lsp::diagnostics(
                    &uri,
                    &edited,
                    FileKind::Config,
                    None,
                    None,
                    &settings,
                    false,
                )
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
