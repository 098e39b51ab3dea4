//! P001 invalid-line: a line that a reader cannot parse. One error makes the reader refuse
//! the whole file, so every profile in it stops working.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::line_errors::{is_header_line, line_errors};
use crate::syntax::SyntaxErrorKind;

pub fn check(context: &Context, sink: &mut Sink) {
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
