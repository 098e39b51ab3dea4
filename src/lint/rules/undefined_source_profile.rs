//! R001 undefined-source-profile: `source_profile` names a profile that does not exist.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{Suggestions, profile_label, value_or_key};
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    let profiles = &context.botocore.profiles;
    let mut names = None;
    for (name, profile) in profiles {
        let Some(source) = profile.get(KnownKey::SourceProfile) else {
            continue;
        };
        let Some(target) = source.as_str().filter(|t| !t.is_empty()) else {
            continue;
        };
        if profiles.contains_key(target) {
            continue;
        }
        let d = sink.report(
            value_or_key(source),
            format!(
                "{} takes its credentials from profile `{target}`, which exists in neither the config nor the credentials file: the AWS CLI and SDKs fail (\"The source profile … could not be found\")",
                profile_label(name)
            ),
        );
        match names
            .get_or_insert_with(|| Suggestions::new(profiles.keys().map(|k| k.as_ref())))
            .closest(target)
        {
            Some(close) => d.help(format!("did you mean `{close}`?")),
            None => d.help(format!(
                "add [profile {target}] to the config file (or [{target}] to the credentials file)"
            )),
        };
    }
}
