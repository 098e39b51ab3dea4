//! C002 long-lived-access-key: an IAM user access key (`AKIA…`) in a shared file.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::rules::helpers::{entries, intended_value};

pub fn check(context: &Context, sink: &mut Sink) {
    for file in context.files() {
        for (_, kind, entry) in entries(file) {
            if !kind.is_profile()
                || !entry
                    .key
                    .of(file.text)
                    .eq_ignore_ascii_case("aws_access_key_id")
            {
                continue;
            }
            let value = intended_value(entry.value.of(file.text));
            if !value.starts_with("AKIA") {
                continue;
            }
            sink.report(
                file.at(entry.value),
                "a long-lived IAM user access key (`AKIA…`): it never expires, so a leaked copy works until someone deletes it",
            )
            .help("use IAM Identity Center (`sso_session`) or a role instead, and deactivate the key in IAM; if it must stay, rotate it regularly");
        }
    }
}
