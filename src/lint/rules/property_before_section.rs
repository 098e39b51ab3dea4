//! P003 property-before-section: a line before the first `[section]` header.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Affects, Sink};
use crate::syntax::SyntaxErrorKind;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        // Lines only the SDKs put before the first section (an indented first header is a
        // header for botocore, a continuation of nothing for the SDKs): the SDKs refuse the
        // file while `resolve` shows botocore's reading.
        let botocore_lines: Vec<usize> = file
            .botocore
            .errors
            .iter()
            .filter(|e| e.kind == SyntaxErrorKind::BeforeFirstSection)
            .map(|e| e.span.start())
            .collect();
        for error in file.sdk_errors() {
            if error.kind != SyntaxErrorKind::BeforeFirstSection {
                continue;
            }
            let sdk = file.sdk();
            let line = &sdk.lines[sdk
                .lines
                .partition_point(|l| l.span.end() <= error.span.start())];
            if botocore_lines.iter().any(|&b| line.span.contains_offset(b)) {
                continue;
            }
            let text = crate::model::redact_assignment(error.span.of(file.text));
            let indented_header = text.trim_start().starts_with('[');
            sink.report(
                file.at(error.span),
                if indented_header {
                    format!(
                        "`{}` is indented: the AWS CLI and boto3, the JavaScript SDK and the Go SDK read it as a header, but the Rust SDK and the Java SDK read an indented line as the continuation of a value, and with nothing before it they refuse the whole file",
                        text.trim()
                    )
                } else {
                    format!(
                        "`{text}` comes before any [section] header: the Rust SDK and the Java SDK refuse the whole file; the AWS CLI and boto3 read it, the JavaScript SDK and the Go SDK skip it"
                    )
                },
            )
            .help(if indented_header {
                "remove the indentation before the `[`"
            } else {
                "move the line under the header of the profile it belongs to, or make it a comment with `#`"
            })
            .affects(Affects::SDK);
            // One finding per file: the lines after a refused first line are refused with it.
            break;
        }
        let sdk_lines: Vec<usize> = file
            .sdk_errors()
            .iter()
            .filter(|e| e.kind == SyntaxErrorKind::BeforeFirstSection)
            .map(|e| e.span.start())
            .collect();
        for error in &file.botocore.errors {
            if error.kind != SyntaxErrorKind::BeforeFirstSection {
                continue;
            }
            let line = &file.botocore.lines[file
                .botocore
                .lines
                .partition_point(|l| l.span.end() <= error.span.start())];
            let sdk_too = sdk_lines.iter().any(|&s| line.span.contains_offset(s));
            let text = crate::model::redact_assignment(error.span.of(file.text));
            sink.report(
                file.at(error.span),
                format!(
                    "`{text}` comes before any [section] header, so it belongs to no profile; {}",
                    if sdk_too {
                        "every AWS tool refuses the whole file"
                    } else {
                        "the AWS CLI and boto3 refuse the whole file"
                    }
                ),
            )
            .help("move the line under the header of the profile it belongs to, or make it a comment with `#`")
            .affects(if sdk_too { Affects::ALL } else { Affects::BOTOCORE });
        }
    }
}
