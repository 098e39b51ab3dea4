//! R004 role-without-source: `role_arn` without `source_profile`, `credential_source` or
//! `web_identity_token_file`.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::profile_label;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile) in &context.botocore.profiles {
        let Some(role) = profile.get(KnownKey::RoleArn) else {
            continue;
        };
        let has_source = [
            KnownKey::SourceProfile,
            KnownKey::CredentialSource,
            KnownKey::WebIdentityTokenFile,
        ]
        .into_iter()
        .any(|k| profile.has(k));
        if has_source {
            continue;
        }
        sink.report(
            role.key,
            format!(
                "{} has `role_arn` but nothing to assume it with: the AWS CLI and SDKs fail (\"Partial credentials found in assume-role\")",
                profile_label(name)
            ),
        )
        .help("add `source_profile = NAME` (a profile with credentials, e.g. an SSO profile) or `credential_source = Environment|Ec2InstanceMetadata|EcsContainer`");
    }
}
