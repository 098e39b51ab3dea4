//! S002 missing-sso-start-url: an SSO profile or sso-session without a start URL.

use crate::lint::context::Context;
use crate::lint::rules::{Rule, missing_sso_region::check_required};
use crate::lint::{Severity, Sink};

pub static RULE: Rule = Rule {
    code: "S002",
    name: "missing-sso-start-url",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../../rules/S002.md"),
    check,
};

fn check(context: &Context, sink: &mut Sink) {
    check_required(
        context,
        sink,
        "sso_start_url",
        "the AWS access portal URL, e.g. `sso_start_url = https://my-org.awsapps.com/start`",
    );
}
