//! S012 invalid-sso-session-name: a session name outside letters, digits, `-`, `_` and `.`
//! (sign-in rejects it), and an `sso_session =` that some tools find and others do not —
//! each tool's lookup as measured against the real SDK (`model::readers::session`).

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::files::SectionKind;
use crate::model::readers::{Reader, Readers};
use crate::model::{KnownKey, readers};

use crate::model::values::{is_valid_session_name, session_name_from};

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    for (section, kind) in file.sections() {
        let SectionKind::SsoSession(name) = kind else {
            continue;
        };
        if is_valid_session_name(name) {
            continue;
        }
        let suggestion = session_name_from(name);
        sink.report(
            file.at(section.name),
            format!(
                "sso-session name `{name}` has characters other than letters, digits, `-`, `_` and `.`: sign-in fails (the client registration rejects it)"
            ),
        )
        .help(format!(
            "rename it, e.g. to `{suggestion}`, here and in every `sso_session =` that names it"
        ));
    }
    lookups(context, sink);
}

/// `sso_session = NAME` values that some tools resolve to a section and others do not.
fn lookups(context: &Context, sink: &mut Sink) {
    if !context.may_diverge() {
        return; // every tool reads names and values as botocore does
    }
    for (profile, block) in &context.botocore.profiles {
        let Some(property) = block.get(KnownKey::SsoSession) else {
            continue;
        };
        let (mut found, mut missing) = (Readers::NONE, Readers::NONE);
        for reader in Reader::TOOLS {
            let config = context.reading(reader);
            if !config.fatal.is_empty() {
                continue;
            }
            let Some(value) = config
                .profiles
                .get(profile.as_ref())
                .and_then(|b| b.str(KnownKey::SsoSession))
            else {
                continue;
            };
            if readers::session(reader, config, value).is_some() {
                found = found.with(reader);
            } else {
                missing = missing.with(reader);
            }
        }
        if found.is_empty() || missing.is_empty() {
            continue; // all find it, or none (S005 says so)
        }
        let value = crate::model::redact::controls(property.as_str().unwrap_or("")).into_owned();
        sink.report(
            property.value_location(),
            format!(
                "`sso_session = {value}`: {} no [sso-session] section of that name, while {} one",
                missing.say("finds", "find"),
                found.say("finds", "find"),
            ),
        )
        .help("write the name exactly as in its [sso-session NAME] header, with one space after `sso-session` and no quotes")
        .affects(missing);
    }
}
