//! R003 undefined-services-section: `services = NAME` with no `[services NAME]`.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{Suggestions, profile_label, value_or_key};
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    let services = &context.botocore.services;
    let mut names = None;
    for (name, profile) in &context.botocore.profiles {
        let Some(reference) = profile.get(KnownKey::Services) else {
            continue;
        };
        let Some(target) = reference.as_str().filter(|t| !t.is_empty()) else {
            continue;
        };
        if services.contains_key(target) {
            continue;
        }
        let d = sink.report(
            value_or_key(reference),
            format!(
                "{} uses services section `{target}`, but the config file has no [services {target}]: the AWS CLI and boto3 fail when a client is created",
                profile_label(name)
            ),
        );
        match names
            .get_or_insert_with(|| Suggestions::new(services.keys().map(|k| k.as_ref())))
            .closest(target)
        {
            Some(close) => d.help(format!("did you mean `{close}`?")),
            None => d.help(format!(
                "add a [services {target}] section, or remove `services`"
            )),
        };
    }
}
