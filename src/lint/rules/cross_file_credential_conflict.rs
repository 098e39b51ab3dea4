//! C003 cross-file-credential-conflict: one profile configured in both files in ways that
//! the tools resolve differently.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::profile_label;
use crate::model::{FileKind, KnownKey, is_secret_key};

/// Keys that make a profile get credentials some way other than static keys.
const OTHER_SOURCES: [&str; 5] = [
    "sso_session",
    "sso_account_id",
    "role_arn",
    "credential_process",
    "web_identity_token_file",
];

pub fn check(context: &Context, sink: &mut Sink) {
    let (Some(config), Some(_)) = (&context.config, &context.credentials) else {
        return;
    };
    // The config file's own section for each profile name (the last one, as botocore).
    let mut sections: rustc_hash::FxHashMap<&str, &crate::syntax::Section> =
        rustc_hash::FxHashMap::default();
    for (section, kind) in config.sections() {
        match kind {
            crate::lint::SectionKind::Profile(n) => {
                sections.insert(n.as_ref(), section);
            }
            crate::lint::SectionKind::Default => {
                sections.insert("default", section);
            }
            _ => {}
        }
    }
    for (name, profile) in &context.botocore.profiles {
        let Some(static_key) = profile
            .get(KnownKey::AwsAccessKeyId)
            .filter(|p| p.key.file == FileKind::Credentials)
        else {
            continue;
        };
        let label = profile_label(name);
        let Some(section) = sections.get(name.as_ref()).copied() else {
            continue;
        };
        let other = config.botocore.entries(section).iter().find(|e| {
            OTHER_SOURCES
                .iter()
                .any(|k| e.key.of(config.text).eq_ignore_ascii_case(k))
        });
        let Some(other) = other else {
            continue;
        };
        let other_key = other.key.of(config.text).to_lowercase();
        let winner = if other_key == "role_arn" {
            "assume the role (with the static keys as its source only if `source_profile` names this profile)"
        } else {
            "use the static keys from the credentials file"
        };
        sink.report(
            static_key.key,
            format!(
                "{label} has static keys in the credentials file and `{other_key}` in the config file: the AWS CLI and boto3 {winner}, while other SDKs and tools may pick the other source — the same profile yields different identities"
            ),
        )
        .label(config.at(other.key), "another credential source in the config file")
        .help("keep one source per profile: remove the static keys from the credentials file, or give them a profile of their own");
    }
    // Plain values set in both files: the credentials file wins, key by key.
    for (name, profile) in &context.botocore.profiles {
        for (key, property) in &profile.properties {
            if property.key.file != FileKind::Credentials || is_secret_key(key) {
                continue;
            }
            let Some(section) = sections.get(name.as_ref()).copied() else {
                continue;
            };
            let shadowed = config
                .botocore
                .entries(section)
                .iter()
                .find(|e| e.key.of(config.text).eq_ignore_ascii_case(key));
            let Some(shadowed) = shadowed else {
                continue;
            };
            let config_value = config.botocore.joined_value(config.text, shadowed);
            if config_value.trim() == property.text.trim() || key == "aws_access_key_id" {
                continue;
            }
            sink.report(
                config.at(shadowed.key),
                format!(
                    "`{key}` of {} is set in both files with different values: the credentials file's `{}` wins, so this line has no effect",
                    profile_label(name),
                    property.text
                ),
            )
            .label(property.key, "overrides the config file")
            .help("set it in one file only");
        }
    }
}
