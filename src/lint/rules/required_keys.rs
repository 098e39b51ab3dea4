//! A key an SSO profile or sso-session must have: S002 (missing-sso-start-url) and S003
//! (missing-sso-region) differ only in the key.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{is_sso_profile, profile_label};
use crate::model::KnownKey;

/// S002 and S003: `key` must be in every sso-session, and in every SSO profile that has
/// no `sso_session`.
pub(crate) fn check_required(context: &Context, sink: &mut Sink, required: KnownKey, what: &str) {
    let key = required.name();
    for (name, session) in &context.botocore.sso_sessions {
        if session.has(required) {
            continue;
        }
        sink.report(
            context.header(session),
            format!(
                "[sso-session {name}] has no `{key}`: every profile that uses it fails (\"Missing required configuration value\")"
            ),
        )
        .help(format!("add `{key}`: {what}"));
    }
    for (name, profile) in &context.botocore.profiles {
        if !is_sso_profile(profile) || profile.has(KnownKey::SsoSession) {
            continue;
        }
        if profile.has(required) {
            continue;
        }
        let has_other = [KnownKey::SsoStartUrl, KnownKey::SsoRegion]
            .into_iter()
            .any(|k| k != required && profile.has(k));
        let has_role = profile.has(KnownKey::SsoAccountId) || profile.has(KnownKey::SsoRoleName);
        if !has_other && !has_role {
            continue;
        }
        sink.report(
            context.header(profile),
            format!(
                "{} uses IAM Identity Center but has neither `sso_session` nor `{key}`: the AWS CLI and SDKs fail with a missing-configuration error",
                profile_label(name)
            ),
        )
        .help(format!(
            "add `sso_session = NAME` pointing at an [sso-session] section (recommended), or `{key}`: {what}"
        ));
    }
}
