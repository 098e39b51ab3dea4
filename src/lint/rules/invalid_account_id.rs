//! S013 invalid-account-id: `sso_account_id` that is not 12 digits.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::lint::rules::helpers::{intended_value, profile_label};
use crate::model::KnownKey;
use crate::model::values::is_account_id;

pub fn check(context: &Context, sink: &mut Sink) {
    for (name, profile) in &context.botocore.profiles {
        let Some(p) = profile
            .get(KnownKey::SsoAccountId)
            .filter(|p| p.nested.is_none())
        else {
            continue;
        };
        let value = intended_value(&p.text);
        if value.is_empty() || is_account_id(value) {
            continue;
        }
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let d = sink.report(
            p.value_location(),
            format!(
                "{}: `{value}` is not an AWS account ID (12 digits): GetRoleCredentials fails and `ssolint doctor` cannot match the account",
                profile_label(name)
            ),
        );
        if is_account_id(&digits) {
            d.fix(
                Applicability::Unsafe,
                format!("Write the account ID as `{digits}`"),
                vec![Edit {
                    file: p.key.file,
                    span: p.value,
                    replacement: digits,
                }],
            );
        } else if digits.len() < 12 && digits.len() == value.len() {
            d.help(format!(
                "a spreadsheet may have dropped leading zeros: did you mean `{digits:0>12}`?"
            ));
        } else {
            d.help("copy the 12-digit account ID from the AWS access portal");
        }
    }
}
