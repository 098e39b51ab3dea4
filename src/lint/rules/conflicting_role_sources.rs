//! R005 conflicting-role-sources: `source_profile` and `credential_source` in one profile.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::profile_label;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile) in &context.botocore.profiles {
        let (Some(source), Some(credential_source)) = (
            profile.get(KnownKey::SourceProfile),
            profile.get(KnownKey::CredentialSource),
        ) else {
            continue;
        };
        sink.report(
            credential_source.key,
            format!(
                "{} has both `source_profile` and `credential_source`: the AWS CLI and boto3 refuse it (InvalidConfigError), and SDKs differ in which they use",
                profile_label(name)
            ),
        )
        .label(source.key, "the other credential source")
        .help("keep exactly one of them");
    }
}
