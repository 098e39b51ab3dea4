//! P009 profile-prefix-in-credentials: `[profile dev]` (or another prefix) in the
//! credentials file, where profiles have no prefix.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::files::SectionKind;
use crate::lint::registry::Applicability;

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.credentials else {
        return;
    };
    for (section, kind) in file.sections() {
        let SectionKind::Credentials(raw) = kind else {
            continue;
        };
        let mut words = raw.split_whitespace();
        let (Some(prefix), Some(name), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let d = match prefix {
            "profile" => sink
                .report(
                    file.at(section.name),
                    format!(
                        "[{raw}] in the credentials file: the AWS CLI and boto3 read a profile literally named `{raw}`, the JavaScript SDK one named `profile.{name}`, and the Rust, Go and Java SDKs ignore the section; `--profile {name}` finds none of them"
                    ),
                )
                .fix(
                    Applicability::Unsafe,
                    format!("Rename the section to [{name}]"),
                    vec![Edit {
                        file: file.kind,
                        span: section.name,
                        replacement: name.to_string(),
                    }],
                ),
            "sso-session" | "services" => sink
                .report(
                    file.at(section.name),
                    format!(
                        "[{raw}] in the credentials file: {prefix} sections are read only from the config file (the AWS CLI and boto3 read a profile named `{raw}` here)"
                    ),
                )
                .help("move the section to the config file (~/.aws/config)"),
            _ => continue,
        };
        d.help("profiles in the credentials file are written [NAME], without `profile`");
    }
}
