//! P006 inline-comment-in-value: `value # comment` — botocore keeps the comment in the value,
//! the SDKs strip it (Go and Java only after a space or tab).

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::model::{REDACTED, is_secret_key_as_written};
use crate::syntax::Span;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        // A plain input has no inline comment (botocore's tree, which it shares, sets none).
        let Some(doc) = file.parsed_sdk() else {
            continue;
        };
        for section in &doc.sections {
            for entry in doc.entries(section) {
                let Some(comment) = entry.comment() else {
                    continue;
                };
                let key = entry.key.of(file.text);
                let line = &doc.lines[entry.line as usize];
                let whole = Span::new(entry.value.start(), comment.end());
                let (as_botocore, as_sdk) = if is_secret_key_as_written(key) {
                    (format!("{REDACTED} {}", comment.of(file.text)), REDACTED)
                } else {
                    (whole.of(file.text).to_string(), entry.value.of(file.text))
                };
                // The Go and Java SDKs cut only at a space or tab before the `#`/`;`; the
                // Rust (spec) and JavaScript SDKs at any white space (measured).
                let after_space_or_tab = file.text[..comment.start()].ends_with([' ', '\t']);
                let who = if after_space_or_tab {
                    "the SDKs strip the comment and read"
                } else {
                    "the Rust and JavaScript SDKs strip the comment and read"
                };
                let rest = if after_space_or_tab {
                    String::new()
                } else {
                    format!("; the Go and Java SDKs read `{as_botocore}`")
                };
                let d = sink.report(
                    file.at(comment),
                    format!(
                        "the AWS CLI and boto3 read `{as_botocore}` as the value of `{key}`; {who} `{as_sdk}`{rest}"
                    ),
                );
                d.help("only whole-line comments are comments in every tool: put the comment on its own line above");
                if doc.continuations(entry).iter().all(|c| c.text.is_empty()) {
                    let indent = Span::new(line.content.start(), entry.key.start());
                    let newline = file.newline();
                    d.fix(
                        Applicability::Unsafe,
                        "Move the comment to its own line above",
                        vec![
                            Edit {
                                file: file.kind,
                                span: Span::empty(line.span.start()),
                                replacement: format!(
                                    "{}{}{newline}",
                                    indent.of(file.text),
                                    comment.of(file.text)
                                ),
                            },
                            Edit {
                                file: file.kind,
                                span: Span::new(entry.value.end(), comment.end()),
                                replacement: String::new(),
                            },
                        ],
                    );
                }
            }
        }
    }
}
