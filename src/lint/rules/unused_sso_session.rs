//! S010 unused-sso-session: an `[sso-session]` that no profile references.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    let used: rustc_hash::FxHashSet<&str> = context
        .botocore
        .profiles
        .values()
        .filter_map(|p| p.str(KnownKey::SsoSession))
        .collect();
    for (name, session) in &context.botocore.sso_sessions {
        if used.contains(name.as_ref()) {
            continue;
        }
        sink.report(
            context.header(session),
            format!(
                "no profile uses [sso-session {name}]: you can sign in with `aws sso login --sso-session {name}`, but no command gets credentials from it"
            ),
        )
        .help(format!(
            "add `sso_session = {name}` to the profiles that should use it, or remove the section"
        ));
    }
}
