//! P011 non-portable-section-name: a section name that only some tools can find (quotes,
//! spaces, characters outside the SDKs' identifier set).

use crate::lint::context::{Context, SectionKind};
use crate::lint::rules::Rule;
use crate::lint::rules::invalid_sso_session_name::is_valid_session_name;
use crate::lint::{Affects, Severity, Sink};
use crate::syntax::chars::is_sdk_identifier;

pub static RULE: Rule = Rule {
    code: "P011",
    name: "non-portable-section-name",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../../rules/P011.md"),
    check,
};

fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        for (section, kind) in file.sections() {
            let raw = section.name.of(file.text);
            let (what, name) = match kind {
                SectionKind::Profile(n) => ("profile", n.as_ref()),
                SectionKind::Services(n) => ("services section", n.as_ref()),
                // Invalid session names are S012's, with the rename advice.
                SectionKind::SsoSession(n) if is_valid_session_name(n) => {
                    ("sso-session", n.as_ref())
                }
                // `[profile x]` in the credentials file is P009's.
                SectionKind::Credentials(n)
                    if !["profile ", "sso-session ", "services "]
                        .iter()
                        .any(|p| n.trim_start().starts_with(p)) =>
                {
                    ("profile", *n)
                }
                _ => continue,
            };
            let quoted = raw.contains(['"', '\'', '\\']);
            if is_sdk_identifier(name) && !quoted {
                continue;
            }
            let message = if is_sdk_identifier(name) {
                format!(
                    "[{raw}]: the AWS CLI and boto3 remove the quotes and read {what} `{name}`, but other tools (the Go SDK, the .NET SDK) look the name up with its quotes and do not find it"
                )
            } else {
                format!(
                    "[{raw}]: the AWS CLI and boto3 read {what} `{name}`, but the AWS SDKs ignore the section (`{name}` is not a valid name: letters, digits and _-/.%@:+ only)"
                )
            };
            sink.report(file.at(section.name), message)
                .help("use a name of letters, digits, `-` and `_`, without quotes, and update every reference to it")
                .affects(Affects::SDK);
        }
    }
}
