//! P010 default-profile-ambiguity: `[default]` and `[profile default]` in one config file.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::files::SectionKind;

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    let bare: Vec<_> = file
        .sections()
        .filter(|(_, k)| **k == SectionKind::Default)
        .map(|(s, _)| s)
        .collect();
    let prefixed: Vec<_> = file
        .sections()
        .filter(|(_, k)| matches!(k, SectionKind::Profile(n) if n == "default"))
        .map(|(s, _)| s)
        .collect();
    let (Some(first_bare), Some(first_prefixed)) = (bare.first(), prefixed.first()) else {
        return;
    };
    let last_is_bare = bare.last().map(|s| s.line) > prefixed.last().map(|s| s.line);
    let botocore_uses = if last_is_bare {
        "[default]"
    } else {
        "[profile default]"
    };
    let agreement = if last_is_bare {
        "so the AWS CLI and the SDKs use different settings for the same profile"
    } else {
        "they agree today, but moving a section changes what the AWS CLI uses"
    };
    sink.report(
        file.at(first_bare.name),
        format!(
            "both [default] and [profile default] define the default profile: the AWS CLI and boto3 use only the one written last ({botocore_uses}, keys are not merged), the AWS SDKs use [profile default]; {agreement}"
        ),
    )
    .label(file.at(first_prefixed.name), "also defines the default profile")
    .help("merge the two into a single [default] section");
}
