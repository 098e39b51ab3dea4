//! Times the phases of `ssolint check` on a file (development aid):
//! `cargo run --release --example profile-check -- /tmp/big-config`.

use std::time::Instant;

use ssolint::lint::{self, Input, RULES, Settings};

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The allocator the `ssolint` binary ships with (so that the figures are the binary's),
/// counting the bytes live and the most ever live: peak memory is what costs wall time
/// here (the kernel zeroes every fresh page).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap in use now and at most since the last call, in MB.
fn heap() -> String {
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    format!(
        "heap {:.1} MB, peak {:.1} MB",
        live as f64 / 1e6,
        peak as f64 / 1e6
    )
}

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
    println!(
        "context (parse x2, resolve x2): {:?}; {}",
        t.elapsed(),
        heap()
    );
    let t = Instant::now();
    let uses = context.key_uses().len();
    println!("key uses ({uses}): {:?}; {}", t.elapsed(), heap());
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
    drop(context);
    println!("before the whole check: {}", heap());
    let t = Instant::now();
    let report = lint::check(&input, &settings);
    println!(
        "whole check: {:?} ({} findings); {}",
        t.elapsed(),
        report.diagnostics.len(),
        heap()
    );
    let uri = "file:///home/dev/.aws/config".parse().unwrap();
    for utf8 in [false, true] {
        let t = Instant::now();
        let published = ssolint::lsp::analyse(
            &text,
            ssolint::model::FileKind::Config,
            None,
            None,
            &settings,
            utf8,
        );
        let pushed = ssolint::lsp::pushed(
            &published.findings,
            &uri,
            ssolint::lsp::DiagnosticForm::FULL,
        );
        println!(
            "language server analysis and push ({}): {:?} ({} findings, {} pushed); {}",
            if utf8 { "UTF-8" } else { "UTF-16" },
            t.elapsed(),
            published.findings.len(),
            pushed.len(),
            heap()
        );
    }
}
