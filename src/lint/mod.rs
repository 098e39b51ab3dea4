//! The rule engine: runs the catalogue's rules over both dialects' view of the files,
//! applies settings and suppression comments, and returns plain [`Diagnostic`]s.
//! Pure: no I/O, no clock, no environment. What the edges know about the files
//! (their mode) comes in through [`Input`].
//!
//! The modules, each importing only those before it: `registry` (rules' identities,
//! selection) ← `diagnostic` (findings) ← `settings` ← `keys` (the catalogue) ← `files`
//! (each file's two trees) ← `key_uses` ← `context` ← `rules` (the checks) ← `suppress`
//! (suppression comments and X001) ← this engine.

pub mod context;
pub mod diagnostic;
pub mod files;
pub mod key_uses;
pub mod keys;
pub mod registry;
pub mod rules;
pub mod settings;
pub mod suppress;

pub use crate::model::readers::{Reader, Readers};
use crate::model::{FileKind, Location};

pub use context::Context;
pub use diagnostic::{Affects, Diagnostic, Edit, Fix, Label, Message, Report, Sentence, Sink};
pub use files::{FileView, Input, SectionKind};
pub use registry::{
    Applicability, RULES, Rule, Severity, rule_by_code, select, split_front_matter,
};
pub use settings::Settings;

/// Runs the selected rules over `input` and applies suppression comments.
pub fn check(input: &Input, settings: &Settings) -> Report {
    let context = Context::new(input, settings);
    check_in(&context, settings)
}

/// [`check`] for a process that exits once it has shown the report: the context (both
/// files' trees, the resolved profiles, the key uses: tens of thousands of allocations on
/// a large file) is left to the exit instead of being freed one allocation at a time.
pub fn check_before_exit(input: &Input, settings: &Settings) -> Report {
    let context = Context::new(input, settings);
    let report = check_in(&context, settings);
    std::mem::forget(context);
    report
}

/// [`check`], and botocore's tree of each file it read (config, credentials): the language
/// server keeps its document's for its requests instead of parsing the text again.
pub fn check_keeping_trees(
    input: &Input,
    settings: &Settings,
) -> (Report, [Option<std::sync::Arc<crate::syntax::Document>>; 2]) {
    let context = Context::new(input, settings);
    let report = check_in(&context, settings);
    let tree = |file: &Option<FileView>| file.as_ref().map(|f| f.botocore.clone());
    (report, [tree(&context.config), tree(&context.credentials)])
}

fn check_in(context: &Context, settings: &Settings) -> Report {
    // Every rule with a check (X001 has none: `suppress` reports it).
    let enabled: Vec<&'static Rule> = rules::CHECKS
        .iter()
        .map(|&(rule, _)| rule)
        .filter(|r| settings.is_enabled(r))
        .collect();
    // Each runner takes the next rule not yet taken, so that on a large input two runners
    // share the rules by how long they take (no fixed split to keep balanced).
    let next = std::sync::atomic::AtomicUsize::new(0);
    // One rule's bug must not lose the whole report: a rule that panics loses only its
    // own findings (and is named in `crashed`).
    let run = || {
        let mut out = Vec::new();
        let mut crashed = Vec::new();
        while let Some(&rule) = enabled.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
        {
            let kept = out.len();
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_rule(context, rule, &mut out)
            }));
            if ran.is_err() {
                out.truncate(kept);
                crashed.push(rule.code);
            }
        }
        (out, crashed)
    };
    // Rules only read the context, so a large input runs them on the two cores, and the
    // suppression comments are collected beside them.
    let ((mut diagnostics, mut crashed), suppressions) = if context.is_large() {
        let (((mut diagnostics, mut crashed), (mut more, more_crashed)), suppressions) =
            rayon_core::join(
                || rayon_core::join(run, run),
                || suppress::Suppressions::collect(context),
            );
        // The smaller half is copied onto the larger (S001's thousands of findings are
        // one runner's). The order between the halves does not matter: each rule ran whole
        // on one runner, in order, and the findings are sorted below.
        if more.len() > diagnostics.len() {
            std::mem::swap(&mut diagnostics, &mut more);
        }
        diagnostics.extend(more);
        crashed.extend(more_crashed);
        ((diagnostics, crashed), suppressions)
    } else {
        (run(), suppress::Suppressions::collect(context))
    };
    crashed.sort_unstable();
    yield_to_specific_findings(&mut diagnostics, context);
    diagnostics.retain(|d| d.affects.intersects(settings.readers));
    for d in &mut diagnostics {
        if let Some(&severity) = settings.severity.get(d.rule.code) {
            d.severity = severity;
        }
    }
    let (mut diagnostics, suppressed) = suppressions.apply(diagnostics, context, settings);
    sort(&mut diagnostics);
    // A finding reached through two paths (e.g. a `[DEFAULT]` key read by every profile) is
    // reported once.
    diagnostics
        .dedup_by(|a, b| a.rule.code == b.rule.code && a.at == b.at && a.message == b.message);
    Report {
        diagnostics,
        suppressed,
        crashed,
    }
}

/// P014 (readers-disagree) is the general case of the portability rules: where another
/// finding already stands on the same line, that finding explains the difference and the
/// general one is dropped. The one place where one rule's output depends on another's
/// (besides X001, which `suppress` reports after suppression).
fn yield_to_specific_findings(diagnostics: &mut Vec<Diagnostic>, context: &Context) {
    const GENERAL: &str = "P014";
    if !diagnostics.iter().any(|d| d.rule.code == GENERAL) {
        return;
    }
    let line_of = |at: Location| -> (FileKind, usize) {
        let line = context.file(at.file).map_or(0, |f| {
            f.botocore
                .lines
                .partition_point(|l| l.span.end() <= at.span.start())
        });
        (at.file, line)
    };
    let specific: std::collections::HashSet<(FileKind, usize)> = diagnostics
        .iter()
        .filter(|d| d.rule.code != GENERAL)
        .map(|d| line_of(d.at))
        .collect();
    diagnostics.retain(|d| d.rule.code != GENERAL || !specific.contains(&line_of(d.at)));
}

/// Runs one rule (for profiling and tests of a single rule).
/// A rule without a check of its own (X001) reports nothing here.
pub fn run_rule(context: &Context, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    if let Some(check) = rules::check_of(rule) {
        check(context, &mut Sink::new(rule, out));
    }
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.at.file, a.at.span.start(), a.rule.code, a.at.span.end()).cmp(&(
            b.at.file,
            b.at.span.start(),
            b.rule.code,
            b.at.span.end(),
        ))
    });
}
