//! `--format json`: the stable machine format (documented in README.md, version 1).

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::{Diagnostic, Severity};
use crate::model::Location;
use crate::render::{Checked, Group};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Findings `--fix` fixes.
    fixable: usize,
    /// Findings only `--fix --unsafe-fixes` fixes.
    unsafe_fixable: usize,
    fixed: usize,
    suppressed: usize,
}

#[derive(Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a crate::lint::Sentence,
    help: Option<&'a str>,
    path: &'a str,
    range: Range,
    labels: Vec<JsonLabel<'a>>,
    /// Which readers are affected: "botocore" (AWS CLI, boto3) and/or "sdk" (AWS SDKs).
    affects: Vec<&'static str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    range: Range,
    content: &'a str,
}

pub fn range(checked: &Checked, group: &Group, at: Location) -> Range {
    let (start, end) = checked.range(group, at);
    Range {
        start: Position {
            line: start.line,
            column: start.column,
        },
        end: Position {
            line: end.line,
            column: end.column,
        },
    }
}

fn diagnostic<'a>(checked: &'a Checked, group: &'a Group, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let path = |at: Location| checked.file(group, at).path.as_str();
    let affects = d.affects.names();
    JsonDiagnostic {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity.name(),
        message: &d.message,
        help: d.help.as_deref(),
        path: path(d.at),
        range: range(checked, group, d.at),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                path: path(l.at),
                range: range(checked, group, l.at),
                message: &l.message,
            })
            .collect(),
        affects,
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability.name(),
            title: &f.title,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let at = Location {
                        file: e.file,
                        span: e.span,
                    };
                    JsonEdit {
                        path: path(at),
                        range: range(checked, group, at),
                        content: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    let output = Output {
        version: VERSION,
        diagnostics: checked
            .diagnostics()
            .map(|(g, d)| diagnostic(checked, g, d))
            .collect(),
        summary: Summary {
            files: checked.files.len(),
            errors: checked.count(Severity::Error),
            warnings: checked.count(Severity::Warning),
            infos: checked.count(Severity::Info),
            fixable: checked.fixable(false),
            unsafe_fixable: checked.fixable(true) - checked.fixable(false),
            fixed: checked.fixed,
            suppressed: checked.suppressed(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

/// `--format json-lines`: one finding per line, each the object the `json` format lists
/// under `diagnostics` (for streaming tools and `grep`).
pub fn write_lines(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    for (group, d) in checked.diagnostics() {
        serde_json::to_writer(&mut *out, &diagnostic(checked, group, d))?;
        writeln!(out)?;
    }
    Ok(())
}
