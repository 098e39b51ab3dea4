//! S006 sso-session-conflict: a profile repeats a key of its sso-session with another value.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{profile_label, profiles_with_session, value_or_key};

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile, session_name, session) in profiles_with_session(context) {
        // botocore copies every key of the session into the profile and refuses a differing one.
        for (key, in_session) in &session.properties {
            let Some(in_profile) = profile.get(key.as_ref()) else {
                continue;
            };
            if in_profile.text == in_session.text {
                continue;
            }
            let shown = |p: &crate::model::Property| {
                if crate::model::is_secret_key(key) {
                    crate::model::REDACTED.to_string()
                } else {
                    p.text.to_string()
                }
            };
            let rust = if key == "sso_start_url" || key == "sso_region" {
                format!(", and the AWS SDK for Rust rejects any `{key}` next to `sso_session`")
            } else {
                String::new()
            };
            sink.report(
                value_or_key(in_profile),
                format!(
                    "{} sets `{key} = {}` but its sso-session `{session_name}` says `{}`: the AWS CLI and boto3 refuse the profile (\"values … are inconsistent between profile and sso-session\"){rust}",
                    profile_label(name),
                    shown(in_profile),
                    shown(in_session)
                ),
            )
            .label(value_or_key(in_session), "the sso-session's value")
            .help(format!(
                "remove `{key}` from the profile (the session supplies it), or point the profile at the session it belongs to"
            ));
        }
    }
}
