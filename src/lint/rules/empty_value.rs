//! K005 empty-value: `key =` with nothing after it, where empty means nothing.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::key_uses::Verdict;
use crate::lint::registry::Applicability;

pub fn check(context: &Context, sink: &mut Sink) {
    for key_use in context.key_uses() {
        let Verdict::Known(spec) = key_use.verdict else {
            continue;
        };
        if spec.allow_empty || spec.kind == "mapping" || key_use.continued {
            continue;
        }
        if !key_use.intended().is_empty() {
            continue;
        }
        let name = context.key_name(key_use);
        let d = sink.report(
            key_use.key(),
            format!(
                "`{name}` is empty: the AWS CLI and boto3 read an empty string (not \"unset\"), which fails or overrides a default; the AWS SDKs treat it as unset"
            ),
        );
        if key_use.nested {
            d.help("give it a value or remove the line");
            continue;
        }
        let Some(file) = context.file(key_use.key().file) else {
            continue;
        };
        if let Some(entry) = file.entry_at(key_use.key().span) {
            d.help("give it a value or remove the line").fix(
                Applicability::Unsafe,
                format!("Remove the empty `{name}`"),
                vec![Edit {
                    file: file.kind,
                    span: file.entry_lines(entry),
                    replacement: String::new(),
                }],
            );
        }
    }
}
