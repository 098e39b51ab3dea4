//! P013 uppercase-default-section: `[DEFAULT]`, whose keys botocore copies into every
//! section.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::files::SectionKind;

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        for (section, kind) in file.sections() {
            let is_defaults = match kind {
                SectionKind::Defaults => true,
                SectionKind::Credentials(name) => *name == "DEFAULT",
                _ => false,
            };
            if !is_defaults {
                continue;
            }
            let keys: Vec<&str> = file
                .botocore
                .entries(section)
                .iter()
                .map(|e| e.key.of(file.text))
                .collect();
            let leaked = if keys.is_empty() {
                String::new()
            } else {
                format!(
                    " (here: {})",
                    keys.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            sink.report(
                file.at(section.name),
                format!(
                    "[DEFAULT] is not the default profile: the AWS CLI and boto3 copy its keys into every section of this file, sso-sessions included{leaked}; the Go SDK reads it as a profile named `DEFAULT`; the Rust, JavaScript and Java SDKs ignore it"
                ),
            )
            .help("for the default profile write [default]; otherwise move the keys into the sections that need them");
        }
    }
}
