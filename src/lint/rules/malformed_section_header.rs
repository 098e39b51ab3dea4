//! P002 malformed-section-header: a `[...]` line that a reader does not accept as a header.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::lint::rules::line_errors::{is_header_line, line_errors};
use crate::syntax::Span;

pub fn check(context: &Context, sink: &mut Sink) {
    for e in line_errors(context) {
        if !is_header_line(context, &e) {
            continue;
        }
        let Some(file) = context.file(e.at.file) else {
            continue;
        };
        let line = &file.botocore.lines[e.line];
        let content = line.content.of(file.text);
        let trimmed = content.trim_end_matches([' ', '\t']);
        let diagnostic = sink.report(e.at, e.message()).affects(e.affects());
        // botocore read a header and ignored what follows `]`; the SDKs allow only a comment.
        let section = file.botocore.sections.iter().find(|s| s.line == e.line);
        if let Some(section) = section.filter(|s| !s.trailing.is_empty()) {
            let junk = section.trailing.of(file.text).trim();
            diagnostic
                .help(format!(
                    "botocore ignores `{junk}` after the `]`; the SDKs accept only a comment there"
                ))
                .fix(
                    Applicability::Safe,
                    format!("Remove `{junk}` after the header"),
                    vec![Edit {
                        file: file.kind,
                        span: Span::new(section.header.end(), line.content.start() + trimmed.len()),
                        replacement: String::new(),
                    }],
                );
        } else if trimmed.trim_start().starts_with('[') && !trimmed.contains(']') {
            diagnostic.help("close the header with `]`").fix(
                Applicability::Unsafe,
                "Add the missing `]`",
                vec![Edit {
                    file: file.kind,
                    span: Span::empty(line.content.start() + trimmed.len()),
                    replacement: "]".into(),
                }],
            );
        } else {
            diagnostic.help("a header is `[profile NAME]`, `[sso-session NAME]`, `[services NAME]` or `[default]`");
        }
    }
}
