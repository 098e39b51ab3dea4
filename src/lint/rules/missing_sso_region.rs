//! S003 missing-sso-region: an SSO profile or sso-session without `sso_region`.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::required_keys::check_required;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    check_required(
        context,
        sink,
        KnownKey::SsoRegion,
        "the region of your IAM Identity Center instance (not the region of your workloads), e.g. `sso_region = us-east-1`",
    );
}
