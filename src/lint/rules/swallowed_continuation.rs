//! P012 swallowed-continuation: an indented `key = value` or `[header]` line that the
//! readers append to the previous value instead of reading it as a key or section.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::syntax::Span;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        let doc = &file.botocore;
        for section in &doc.sections {
            for entry in doc.entries(section) {
                let key = entry.key.of(file.text);
                // `s3 =` followed by indented lines is a nested block: that is the syntax.
                let nested = entry.value.is_empty();
                for c in doc.continuations(entry) {
                    let raw = c.text.of(file.text);
                    let looks_like_header = raw.starts_with('[') && raw.ends_with(']');
                    if raw.is_empty() || (nested && !looks_like_header) {
                        continue;
                    }
                    // (Asked only here: most entries have no continuation line to report.)
                    let secret = crate::model::is_secret_key_as_written(key);
                    let text = if secret { crate::model::REDACTED } else { raw };
                    // Measured against the real SDKs (tests/readers.rs): the CLI, Rust and
                    // Java continue the value; JavaScript and Go trim the line and read it
                    // on its own (Go appends text without `=`, JavaScript drops it).
                    let message = if looks_like_header {
                        format!(
                            "the header `{text}` is indented: the AWS CLI and boto3, the Rust SDK and the Java SDK append it to the value of `{key}` on the line above, so it starts no section; the JavaScript SDK and the Go SDK start the section"
                        )
                    } else if c.pair.is_some() {
                        format!(
                            "`{text}` is indented: the AWS CLI and boto3, the Rust SDK and the Java SDK append it to the value of `{key}` on the line above; the JavaScript SDK and the Go SDK read it as a key of its own"
                        )
                    } else {
                        format!(
                            "`{text}` is indented: the AWS CLI and boto3, the Rust SDK, the Java SDK and the Go SDK append it to the value of `{key}` on the line above; the JavaScript SDK drops the line"
                        )
                    };
                    let line = &doc.lines[c.line];
                    sink.report(file.at(c.text), message)
                    .label(file.at(entry.key), "the value this line is appended to")
                    .help("remove the indentation (only lines under an empty `key =` such as `s3 =` are indented)")
                    .fix(
                        Applicability::Unsafe,
                        "Remove the indentation",
                        vec![Edit {
                            file: file.kind,
                            span: Span::new(line.content.start(), c.text.start()),
                            replacement: String::new(),
                        }],
                    );
                }
            }
        }
    }
}
