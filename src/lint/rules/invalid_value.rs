//! K004 invalid-value: a value of the wrong type for its key (enum, bool, integer, URL,
//! ARN, account id …).

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::key_uses::{KeyUse, Verdict};
use crate::lint::keys::KeySpec;
use crate::lint::registry::{Applicability, Severity};
use crate::lint::rules::helpers::did_you_mean;
use crate::model::Location;

/// Enums that botocore compares case-insensitively.
const CASE_INSENSITIVE: [&str; 2] = ["ec2_metadata_service_endpoint_mode", "credential_source"];

pub fn check(context: &Context, sink: &mut Sink) {
    let mut good_urls: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for key_use in context.key_uses() {
        let Verdict::Known(spec) = key_use.verdict else {
            continue;
        };
        let intended = key_use.intended();
        if key_use.continued || intended.is_empty() {
            continue;
        }
        // S013 owns the SSO account id, with its own advice (the catalogue entry of a known
        // key bears its name).
        if spec.name == "sso_account_id" {
            continue;
        }
        // Most files repeat a few URLs: parse each distinct good one once.
        if spec.kind == "url" {
            if good_urls.contains(intended) {
                continue;
            }
            if url::Url::parse(intended).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
                good_urls.insert(intended);
                continue;
            }
        }
        check_value(context, spec, key_use, sink);
    }
}

fn check_value<'t>(context: &Context<'t>, spec: &KeySpec, key_use: &KeyUse<'t>, sink: &mut Sink) {
    let value = key_use.intended();
    let name = context.key_name(key_use);
    let name = name.as_ref();
    // Where the value is: found only for a finding (this runs for every key).
    let at = || context.intended_at(key_use);
    match spec.kind.as_str() {
        "bool" => {
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                return;
            }
            let d = sink.report(
                at(),
                format!(
                    "`{name} = {value}` is not a boolean: the AWS CLI and boto3 read anything but `true` as false, and the AWS SDK for Rust rejects it"
                ),
            );
            d.severity(Severity::Warning);
            let meant = match value.to_ascii_lowercase().as_str() {
                "yes" | "on" | "1" | "enabled" => Some("true"),
                "no" | "off" | "0" | "disabled" => Some("false"),
                _ => None,
            };
            match meant {
                Some(m) => {
                    d.fix(
                        Applicability::Unsafe,
                        format!("Write `{m}`"),
                        vec![edit(at(), m)],
                    );
                }
                None => {
                    d.help("write `true` or `false`");
                }
            }
        }
        "integer" | "duration-seconds" => {
            let Ok(n) = value.parse::<i64>() else {
                sink.report(at(), format!("`{name} = {value}` is not a whole number: the AWS CLI and SDKs fail when they read it"))
                    .help("write a base-10 integer");
                return;
            };
            if let Some((low, high)) = spec.int_range() {
                let above = high.is_some_and(|h| n > h);
                if n < low || above {
                    let range = match high {
                        Some(h) => format!("{low} to {h}"),
                        None => format!("at least {low}"),
                    };
                    sink.report(
                        at(),
                        format!("`{name} = {n}` is out of range: it must be {range}"),
                    );
                }
            }
        }
        "enum" => {
            // The norm, a listed value, is answered without collecting the list.
            if spec.values.iter().any(|v| v == value) {
                return;
            }
            let values: Vec<&str> = if spec.values.is_empty() {
                context.keys.enum_values(name).unwrap_or_default()
            } else {
                spec.values.iter().map(String::as_str).collect()
            };
            if values.is_empty() || values.contains(&value) {
                return;
            }
            let list = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(canonical) = values.iter().find(|v| v.eq_ignore_ascii_case(value)) {
                let lenient = CASE_INSENSITIVE.contains(&name);
                let d = sink.report(
                    at(),
                    if lenient {
                        format!("`{value}` is accepted by botocore in any case, but other SDKs expect `{canonical}`")
                    } else {
                        format!("`{name}` values are case-sensitive: `{value}` is not one of {list}")
                    },
                );
                if lenient {
                    d.severity(Severity::Warning);
                }
                // Unsafe: the value read changes (botocore's own comparison ignores case;
                // what another tool does with `JSON` is its own).
                d.fix(
                    Applicability::Unsafe,
                    format!("Write `{canonical}`"),
                    vec![edit(at(), canonical)],
                );
                return;
            }
            let d = sink.report(
                at(),
                format!("`{value}` is not a valid `{name}`: use one of {list}"),
            );
            if let Some(close) = did_you_mean(value, values.iter().copied()) {
                d.fix(
                    Applicability::Unsafe,
                    format!("Write `{close}`"),
                    vec![edit(at(), close)],
                );
            }
        }
        "url" => match url::Url::parse(value) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            Ok(url) => {
                sink.report(
                    at(),
                    format!("`{name}` must be an http(s) URL, not `{}:`", url.scheme()),
                );
            }
            Err(e) => {
                sink.report(at(), format!("`{value}` is not a URL ({e}): `{name}` needs a full URL such as https://example.com"));
            }
        },
        "account-id" if !crate::model::values::is_account_id(value) => {
            sink.report(at(), format!("`{name}` must be a 12-digit AWS account id"));
        }
        "arn" | "access-key-id" => {
            let Some(pattern) = spec.pattern.as_deref() else {
                return;
            };
            let Ok(regex) = regex_lite::Regex::new(pattern) else {
                return;
            };
            if regex.is_match(value) {
                return;
            }
            let shown = if spec.kind == "access-key-id" {
                "the value"
            } else {
                value
            };
            let what = if spec.kind == "arn" {
                "an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"
            } else {
                "an access key id (16–128 letters and digits)"
            };
            sink.report(at(), format!("`{name}`: {shown} is not {what}"));
        }
        "scope-list" => {
            let bad: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|s| s.is_empty() || s.contains(char::is_whitespace))
                .collect();
            if !bad.is_empty() {
                sink.report(at(), format!("`{name}` is a comma-separated list of scopes without spaces inside a scope, e.g. `sso:account:access`"));
            }
        }
        "size" => {
            let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &value[digits.len()..];
            let ok = digits.parse::<u64>().is_ok()
                && ["", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"].contains(&suffix);
            if !ok {
                sink.report(at(), format!("`{name} = {value}` is not a size: write bytes, or a number with KB, MB, GB, TB (or KiB … TiB)"));
            }
        }
        "rate" => {
            let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '/');
            let suffix = &value[digits.len()..];
            let ok = digits.parse::<u64>().is_ok()
                && [
                    "", "B/s", "KB/s", "MB/s", "GB/s", "b/s", "Kb/s", "Mb/s", "Gb/s",
                ]
                .contains(&suffix);
            if !ok {
                sink.report(
                    at(),
                    format!(
                        "`{name} = {value}` is not a rate: write bytes per second, e.g. `50MB/s`"
                    ),
                );
            }
        }
        _ => {}
    }
}

fn edit(at: Location, replacement: &str) -> Edit {
    Edit {
        file: at.file,
        span: at.span,
        replacement: replacement.to_string(),
    }
}
