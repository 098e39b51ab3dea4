//! S002 missing-sso-start-url: an SSO profile or sso-session without a start URL.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::required_keys::check_required;
use crate::model::KnownKey;

pub fn check(context: &Context, sink: &mut Sink) {
    check_required(
        context,
        sink,
        KnownKey::SsoStartUrl,
        "the AWS access portal URL, e.g. `sso_start_url = https://my-org.awsapps.com/start`",
    );
}
