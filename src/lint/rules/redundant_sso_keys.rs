//! S007 redundant-sso-keys: a profile repeats its sso-session's start URL or region with the
//! same value (a "hybrid" profile).

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::lint::rules::helpers::{profile_label, profiles_with_session};
use crate::model::KnownKey;

/// Keys the AWS SDK for Rust accepts only in the [sso-session].
const SESSION_ONLY: [KnownKey; 3] = [
    KnownKey::SsoStartUrl,
    KnownKey::SsoRegion,
    KnownKey::SsoRegistrationScopes,
];
/// [`SESSION_ONLY`] as the names a fix declares it changes.
const SESSION_ONLY_NAMES: [&str; 3] = [
    SESSION_ONLY[0].name(),
    SESSION_ONLY[1].name(),
    SESSION_ONLY[2].name(),
];

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile, session_name, session) in profiles_with_session(context) {
        for known in SESSION_ONLY {
            let (Some(in_profile), Some(in_session)) = (profile.get(known), session.get(known))
            else {
                continue;
            };
            let key = known.name();
            if in_profile.text != in_session.text || in_profile.inherited {
                continue;
            }
            let Some((file, entry)) = context.entry_of(in_profile) else {
                continue;
            };
            sink.report(
                in_profile.key,
                format!(
                    "{} repeats `{key}` from its sso-session `{session_name}`: the AWS CLI accepts the same value, but the AWS SDK for Rust rejects the profile (\"can only be specified in the [sso-session] config\")",
                    profile_label(name)
                ),
            )
            .label(in_session.key, "already set by the sso-session")
            .fix(
                Applicability::Safe,
                format!("Remove the redundant `{key}`"),
                vec![Edit {
                    file: file.kind,
                    span: file.entry_lines(entry),
                    replacement: String::new(),
                }],
            )
            .changing(&SESSION_ONLY_NAMES);
        }
    }
}
