//! P007 utf8-bom: the file starts with a UTF-8 byte-order mark.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        let Some(bom) = file.botocore.bom else {
            continue;
        };
        let first_line = file.botocore.lines.first().map(|l| l.content.of(file.text));
        let header = first_line.is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with('['));
        sink.report(
            file.at(bom),
            if header {
                "the file starts with a UTF-8 byte-order mark: the AWS CLI and boto3, the Rust SDK and the Java SDK read the mark as part of the first line, so the first section header is not a header and they refuse the whole file; the Go SDK loses that section; only the JavaScript SDK skips the mark"
            } else {
                "the file starts with a UTF-8 byte-order mark: the AWS CLI and boto3, the Rust SDK and the Java SDK refuse the whole file; the JavaScript SDK skips the mark and the Go SDK ignores the first line"
            },
        )
        .help("save the file as UTF-8 without BOM (some Windows editors add one)")
        .fix(
            Applicability::Safe,
            "Remove the byte-order mark",
            vec![Edit {
                file: file.kind,
                span: bom,
                replacement: String::new(),
            }],
        );
    }
}
