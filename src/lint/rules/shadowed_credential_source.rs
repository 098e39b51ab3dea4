//! S014 shadowed-credential-source: SSO keys together with `credential_process`, static
//! keys or `role_arn` in one profile: only one of them is used.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::profile_label;
use crate::model::{FileKind, KnownKey};

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile) in &context.botocore.profiles {
        let sso = [KnownKey::SsoAccountId, KnownKey::SsoRoleName]
            .into_iter()
            .filter_map(|k| profile.get(k))
            .find(|p| p.key.file == FileKind::Config);
        let Some(sso) = sso else {
            continue;
        };
        // Cross-file mixtures are C003's.
        let in_config = |key: KnownKey| profile.get(key).filter(|p| p.key.file == FileKind::Config);
        if let Some(role) = in_config(KnownKey::RoleArn) {
            sink.report(
                role.key,
                format!(
                    "{} has both `role_arn` and IAM Identity Center keys: the AWS CLI and boto3 assume the role and ignore the SSO settings",
                    profile_label(name)
                ),
            )
            .label(sso.key, "ignored while `role_arn` is set")
            .help("put the SSO settings in their own profile and name it in `source_profile`");
        }
        for known in [KnownKey::CredentialProcess, KnownKey::AwsAccessKeyId] {
            let Some(other) = in_config(known) else {
                continue;
            };
            let key = known.name();
            sink.report(
                other.key,
                format!(
                    "{} has both `{key}` and IAM Identity Center keys: the AWS CLI and boto3 use the SSO role and never read `{key}`; other tools may pick `{key}`",
                    profile_label(name)
                ),
            )
            .label(sso.key, "takes precedence in the AWS CLI")
            .help(format!("remove `{key}`, or move it into a profile of its own"));
        }
    }
}
