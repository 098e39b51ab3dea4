//! P001 invalid-line: a line that a reader cannot parse. One error makes the reader refuse
//! the whole file, so every profile in it stops working.

use std::collections::BTreeMap;

use crate::lint::context::{Context, FileView};
use crate::lint::rules::Rule;
use crate::lint::{Affects, Severity, Sink};
use crate::model::{Location, ProblemKind};
use crate::syntax::{Dialect, Span, SyntaxErrorKind};

pub static RULE: Rule = Rule {
    code: "P001",
    name: "invalid-line",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../../rules/P001.md"),
    check,
};

/// A line one or both readers reject, with each reader's wording.
pub(super) struct LineError {
    pub at: Location,
    /// Index of the line in the botocore document.
    pub line: usize,
    pub botocore: Option<String>,
    pub sdk: Option<String>,
    pub kinds: Vec<SyntaxErrorKind>,
}

impl LineError {
    pub fn affects(&self) -> Affects {
        Affects {
            botocore: self.botocore.is_some(),
            sdk: self.sdk.is_some(),
        }
    }

    /// The reader's error, then who refuses the file.
    pub fn message(&self) -> String {
        let (what, who) = match (&self.botocore, &self.sdk) {
            (Some(b), Some(_)) => (b.as_str(), "every AWS tool refuses the whole file"),
            (Some(b), None) => (
                b.as_str(),
                "the AWS CLI and boto3 refuse the whole file (the AWS SDKs accept this line)",
            ),
            (None, Some(s)) => (
                s.as_str(),
                "the AWS SDKs refuse the whole file (the AWS CLI and boto3 accept this line)",
            ),
            (None, None) => ("invalid line", "no tool can read the file"),
        };
        format!("{what}: {who}")
    }
}

/// The syntax errors of both readers, one per line (file order).
pub(super) fn line_errors(context: &Context) -> Vec<LineError> {
    let mut out: Vec<LineError> = Vec::new();
    for file in context.files() {
        let mut by_line: BTreeMap<usize, LineError> = BTreeMap::new();
        for dialect in Dialect::ALL {
            let doc = match dialect {
                Dialect::Botocore => &file.botocore,
                Dialect::Sdk => &file.sdk,
            };
            for error in &doc.errors {
                if matches!(
                    error.kind,
                    SyntaxErrorKind::ByteOrderMark | SyntaxErrorKind::BeforeFirstSection
                ) {
                    continue;
                }
                let message = error.message(dialect).to_string();
                add(
                    &mut by_line,
                    file,
                    error.span,
                    dialect,
                    message,
                    Some(error.kind.clone()),
                );
            }
        }
        let nested = context
            .botocore
            .fatal
            .iter()
            .filter(|p| p.kind == ProblemKind::NestedWithoutEquals && p.at.file == file.kind);
        for problem in nested {
            let message = problem.message.clone();
            add(
                &mut by_line,
                file,
                problem.at.span,
                Dialect::Botocore,
                message,
                None,
            );
        }
        out.extend(by_line.into_values());
    }
    out
}

/// Adds an error to the entry for its line (botocore's lines: the SDK reader splits lines
/// the same way except at a lone CR, where the nearest botocore line is used).
fn add(
    by_line: &mut BTreeMap<usize, LineError>,
    file: &FileView,
    span: Span,
    dialect: Dialect,
    message: String,
    kind: Option<SyntaxErrorKind>,
) {
    let lines = &file.botocore.lines;
    let line = lines
        .partition_point(|l| l.span.end() <= span.start())
        .min(lines.len().saturating_sub(1));
    let entry = by_line.entry(line).or_insert_with(|| LineError {
        at: file.at(span),
        line,
        botocore: None,
        sdk: None,
        kinds: Vec::new(),
    });
    let slot = match dialect {
        Dialect::Botocore => &mut entry.botocore,
        Dialect::Sdk => &mut entry.sdk,
    };
    slot.get_or_insert(message);
    entry.kinds.extend(kind);
}

/// Whether a line is a (broken) section header: P002's, not P001's.
pub(super) fn is_header_line(context: &Context, e: &LineError) -> bool {
    e.kinds.contains(&SyntaxErrorKind::MalformedHeader)
        || context.text_at(e.at).trim_start().starts_with('[')
}

fn check(context: &Context, sink: &mut Sink) {
    for e in line_errors(context) {
        if is_header_line(context, &e) {
            continue;
        }
        let help = if e
            .kinds
            .contains(&SyntaxErrorKind::ContinuationWithoutProperty)
        {
            "remove the indentation, or move the line under the `key =` it belongs to"
        } else if e.kinds.iter().any(|k| {
            matches!(
                k,
                SyntaxErrorKind::SubPropertyMissingEquals | SyntaxErrorKind::SubPropertyEmptyKey
            )
        }) || e
            .botocore
            .as_deref()
            .is_some_and(|m| m.contains("nested block"))
        {
            "write every indented line under `key =` as `name = value`"
        } else {
            "write the line as `key = value`, turn it into a comment with `#`, or remove it"
        };
        sink.report(e.at, e.message())
            .help(help)
            .affects(e.affects());
    }
}
