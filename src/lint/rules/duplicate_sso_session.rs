//! S011 duplicate-sso-session: two `[sso-session]` sections for the same start URL and region.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::model::KnownKey;

/// The start URL as the portal sees it (trailing `/` and `#` variants are the same portal).
pub(super) fn portal_key(url: &str) -> String {
    url.trim()
        .trim_end_matches(['#', '/'])
        .trim_end_matches("/start")
        .to_ascii_lowercase()
}

pub fn check(context: &Context, sink: &mut Sink) {
    let mut first_by_portal: rustc_hash::FxHashMap<(String, &str), (&str, &crate::model::Block)> =
        rustc_hash::FxHashMap::default();
    for (name, session) in &context.botocore.sso_sessions {
        let (Some(url), Some(region)) = (
            session.str(KnownKey::SsoStartUrl),
            session.str(KnownKey::SsoRegion),
        ) else {
            continue;
        };
        let key = (portal_key(url), region);
        let Some(&(first_name, first)) = first_by_portal.get(&key) else {
            first_by_portal.insert(key, (name, session));
            continue;
        };
        sink.report(
            context.header(session),
            format!(
                "[sso-session {name}] signs in to the same portal ({url}, {region}) as [sso-session {first_name}]: each session has its own token, so you sign in twice to the same place"
            ),
        )
        .label(context.header(first), "same portal and region")
        .help(format!(
            "point the profiles that use `{name}` at `{first_name}` and remove [sso-session {name}]"
        ));
    }
}
