//! S012 invalid-sso-session-name: a session name outside letters, digits, `-`, `_` and `.`.

use crate::lint::context::{Context, SectionKind};
use crate::lint::rules::Rule;
use crate::lint::{Severity, Sink};

pub static RULE: Rule = Rule {
    code: "S012",
    name: "invalid-sso-session-name",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../../rules/S012.md"),
    check,
};

pub use crate::model::values::is_valid_session_name;

fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    for (section, kind) in file.sections() {
        let SectionKind::SsoSession(name) = kind else {
            continue;
        };
        if is_valid_session_name(name) {
            continue;
        }
        let suggestion: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        sink.report(
            file.at(section.name),
            format!(
                "sso-session name `{name}` has characters other than letters, digits, `-`, `_` and `.`: sign-in fails (the client registration rejects it), and the Go and .NET SDKs cannot find the section"
            ),
        )
        .help(format!(
            "rename it, e.g. to `{suggestion}`, here and in every `sso_session =` that names it"
        ));
    }
}
