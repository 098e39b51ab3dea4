//! S005 undefined-sso-session: `sso_session = NAME` with no `[sso-session NAME]`.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::lint::rules::helpers::{Suggestions, profile_label, value_or_key};
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    let sessions = &context.botocore.sso_sessions;
    let mut names = None;
    for (name, profile) in &context.botocore.profiles {
        let Some(reference) = profile.get(KnownKey::SsoSession) else {
            continue;
        };
        let Some(session) = reference.as_str() else {
            continue;
        };
        if session.is_empty() || sessions.contains_key(session) {
            continue;
        }
        let d = sink.report(
            value_or_key(reference),
            format!(
                "{} uses sso-session `{session}`, but the config file has no [sso-session {session}] section: the AWS CLI and SDKs fail (\"The specified sso-session does not exist\")",
                profile_label(name)
            ),
        );
        match names
            .get_or_insert_with(|| Suggestions::new(sessions.keys().map(|k| k.as_ref())))
            .closest(session)
        {
            Some(close) => {
                d.help(format!("did you mean `{close}`?")).fix(
                    Applicability::Unsafe,
                    format!("Use sso-session `{close}`"),
                    vec![Edit {
                        file: reference.key.file,
                        span: reference.value,
                        replacement: close.to_string(),
                    }],
                );
            }
            None => {
                d.help(format!(
                    "add an [sso-session {session}] section with `sso_start_url` and `sso_region`, or name an existing one"
                ));
            }
        }
    }
}
