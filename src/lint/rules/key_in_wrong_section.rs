//! K002 key-in-wrong-section: a known key where the tools do not read it.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::key_uses::{Verdict, section_kind_text};

pub fn check(context: &Context, sink: &mut Sink) {
    for key_use in context.key_uses() {
        if !matches!(
            key_use.verdict,
            Verdict::WrongSection | Verdict::ConfigOnly(_)
        ) {
            continue;
        }
        let name = context.key_name(key_use);
        let name = name.as_ref();
        let here = key_use.section_kind();
        match &key_use.verdict {
            Verdict::WrongSection => {
                let homes: Vec<String> = context
                    .keys
                    .lookup(name)
                    .flat_map(|s| s.sections.iter())
                    .filter(|k| *k != "credentials")
                    .map(|k| section_kind_text(k))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let homes = homes.join(" or ");
                let message = if here == "sso-session" {
                    format!(
                        "`{name}` does nothing in an [sso-session] (it belongs in {homes}); worse, the AWS CLI and boto3 copy it into every profile that uses this session and refuse a profile that sets another value"
                    )
                } else {
                    format!(
                        "`{name}` is read only in {homes}; in {} it is ignored",
                        section_kind_text(here)
                    )
                };
                let help = if name == "sso_registration_scopes" {
                    "move it into the [sso-session] the profile uses".to_string()
                } else {
                    format!("move it to {homes}")
                };
                sink.report(key_use.key(), message).help(help);
            }
            Verdict::ConfigOnly(_) => {
                sink.report(
                    key_use.key(),
                    format!(
                        "`{name}` belongs in the config file: the AWS CLI and the SDK for Rust merge it from the credentials file, but other SDKs read only credentials there"
                    ),
                )
                .help("move it into the profile's section in ~/.aws/config");
            }
            _ => {}
        }
    }
}
