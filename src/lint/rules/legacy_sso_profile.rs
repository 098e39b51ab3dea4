//! S001 legacy-sso-profile: `sso_start_url`/`sso_region` inside a profile instead of an
//! `[sso-session]`: the token is never refreshed.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Sentence, Sink};
use crate::lint::rules::helpers::own;
use crate::model::{Block, FileKind, KnownKey};

/// A legacy profile as far as bits tell: `sso_start_url` without `sso_session`.
fn may_be_legacy(profile: &Block) -> bool {
    profile.has(KnownKey::SsoStartUrl) && !profile.has(KnownKey::SsoSession)
}

pub fn check(context: &Context, sink: &mut Sink) {
    let profiles = &context.botocore.profiles;
    // Two bit tests a profile: every finding gets its place up front.
    sink.reserve(profiles.values().filter(|p| may_be_legacy(p)).count());
    for (name, profile) in profiles {
        if !may_be_legacy(profile) {
            continue;
        }
        let Some(start_url) = own(profile, KnownKey::SsoStartUrl) else {
            continue;
        };
        if start_url.key.file != FileKind::Config {
            continue; // C003/K002 territory: SSO keys belong in the config file.
        }
        let header = context.header(profile);
        let d = sink.report(
            header,
            // One finding per legacy profile, often thousands: they share the sentence.
            Sentence::around(
                &[
                    "profile `",
                    "` is a legacy SSO profile (`sso_start_url` without `sso_session`): its token is never refreshed, so you sign in again every few hours, login always uses the device code flow, and each spelling of the start URL needs its own login",
                ],
                name,
            ),
        );
        d.label(start_url.key, "legacy start URL here");
        if let Some(region) = own(profile, KnownKey::SsoRegion) {
            d.label(region.key, "and the region here");
        }
        d.help("move `sso_start_url` and `sso_region` into an [sso-session] section and reference it with `sso_session = NAME`: `ssolint migrate` does it for the whole file");
    }
}
