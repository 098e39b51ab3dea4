//! S004 incomplete-sso-role: `sso_account_id` without `sso_role_name`, or the reverse.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::profile_label;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile) in &context.botocore.profiles {
        let (present, missing) = match (
            profile.get(KnownKey::SsoAccountId),
            profile.get(KnownKey::SsoRoleName),
        ) {
            (Some(p), None) => (p, "sso_role_name"),
            (None, Some(p)) => (p, "sso_account_id"),
            _ => continue,
        };
        let present_key = context.text_at(present.key).to_ascii_lowercase();
        sink.report(
            present.key,
            format!(
                "{} has `{present_key}` but no `{missing}`: IAM Identity Center credentials need both the account and the role, so the AWS CLI and SDKs fail for this profile",
                profile_label(name)
            ),
        )
        .help(format!(
            "add `{missing}`, or remove `{present_key}` if the profile is only used to sign in"
        ));
    }
}
