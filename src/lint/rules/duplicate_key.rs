//! P005 duplicate-key: the same key twice in one section.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::model::ProblemKind;
use crate::syntax::chars::py_rstrip;

pub fn check(context: &Context, sink: &mut Sink) {
    for problem in &context.botocore.fatal {
        if problem.kind != ProblemKind::DuplicateKey {
            continue;
        }
        let Some(file) = context.file(problem.at.file) else {
            continue;
        };
        let key = context.text_at(problem.at);
        let second = file.entry_at(problem.at.span);
        let first = problem
            .related
            .first()
            .and_then(|at| file.entry_at(at.span));
        // Spellings that differ in case are one key for botocore, Rust and Go (they
        // lower-case keys) but two for the JavaScript and Java SDKs (measured).
        let first_key = problem.related.first().map(|&at| context.text_at(at));
        let message = if first_key.is_some_and(|k| k != key) {
            format!(
                "`{key}` is set twice in this section: the AWS CLI and boto3 refuse the whole file (keys are case-insensitive); the Rust and Go SDKs use the last value; the JavaScript and Java SDKs keep the case and read two different keys"
            )
        } else {
            format!(
                "`{key}` is set twice in this section: the AWS CLI and boto3 refuse the whole file; the SDKs use the last value"
            )
        };
        let d = sink.report(problem.at, message);
        for &at in &problem.related {
            d.label(at, "first set here");
        }
        match (first, second) {
            (Some(first), Some(second))
                if py_rstrip(&file.botocore.joined_value(file.text, first))
                    == py_rstrip(&file.botocore.joined_value(file.text, second)) =>
            {
                d.fix(
                    Applicability::Safe,
                    format!("Remove the repeated `{key}` (same value)"),
                    vec![Edit {
                        file: file.kind,
                        span: file.entry_lines(second),
                        replacement: String::new(),
                    }],
                );
            }
            _ => {
                d.help("keep the value you mean and remove the other line");
            }
        }
    }
}
