//! A key an SSO profile or sso-session must have: S002 (missing-sso-start-url) and S003
//! (missing-sso-region) differ only in the key.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{is_sso_profile, profile_label};

/// S002 and S003: `key` must be in every sso-session, and in every SSO profile that has
/// no `sso_session`.
pub(crate) fn check_required(context: &Context, sink: &mut Sink, key: &str, what: &str) {
    for (name, session) in &context.botocore.sso_sessions {
        if session.get(key).is_some() {
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
        if !is_sso_profile(profile) || profile.get("sso_session").is_some() {
            continue;
        }
        if profile.get(key).is_some() {
            continue;
        }
        let has_other = ["sso_start_url", "sso_region"]
            .iter()
            .any(|k| *k != key && profile.get(k).is_some());
        let has_role =
            profile.get("sso_account_id").is_some() || profile.get("sso_role_name").is_some();
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
