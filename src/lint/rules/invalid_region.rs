//! K003 invalid-region: a region that no partition has.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::key_uses::Verdict;
use crate::lint::keys::RegionStatus;
use crate::lint::registry::{Applicability, Severity};
use crate::lint::rules::helpers::did_you_mean;
use crate::syntax::Span;

pub fn check(context: &Context, sink: &mut Sink) {
    let keys = context.keys;
    // One vector for every use's regions (a region per use, thousands of uses).
    let mut items: Vec<(usize, &str)> = Vec::new();
    for key_use in context.key_uses() {
        let Verdict::Known(spec) = key_use.verdict else {
            continue;
        };
        let intended = key_use.intended();
        if key_use.continued || intended.is_empty() {
            continue;
        }
        let kind = spec.kind.as_str();
        if kind != "region" && kind != "region-list" {
            continue;
        }
        // Each region with its offset in the intended value: a list item is found where it
        // is, not by searching for its text (`eu-wset-1zz, eu-wset-1` has the second
        // inside the first).
        items.clear();
        match kind {
            "region" => items.push((0, intended)),
            "region-list" if intended != "*" => {
                let mut at = 0;
                for piece in intended.split(',') {
                    let lead = piece.len() - piece.trim_start().len();
                    items.push((at + lead, piece.trim()));
                    at += piece.len() + 1;
                }
            }
            _ => continue,
        }
        let name = context.key_name(key_use);
        for &(offset, region) in &items {
            let status = keys.region_status(region);
            if let RegionStatus::Known(_) = status {
                continue;
            }
            let lower = region.to_ascii_lowercase().replace('_', "-");
            let close = if keys.region_names().any(|r| r == lower) {
                Some(lower.as_str())
            } else {
                did_you_mean(region, keys.region_names())
            };
            let (message, severity) = match status {
                RegionStatus::Known(_) => continue,
                // Shaped like a region: a new one (a known area with another number, e.g.
                // `ap-southeast-8`), or a typo of a known one (`eu-wset-1`).
                RegionStatus::Unlisted(partition) => {
                    match close.filter(|_| !known_area(keys, region)) {
                        Some(close) => (
                            format!(
                                "`{region}` is not a known region (did you mean `{close}`?): requests with this `{name}` fail"
                            ),
                            Severity::Warning,
                        ),
                        None => (
                            format!(
                                "`{region}` looks like a region of the `{partition}` partition but is not one ssolint knows; if it is new, ignore this, otherwise check the spelling"
                            ),
                            Severity::Info,
                        ),
                    }
                }
                RegionStatus::Pseudo(_) => (
                    format!(
                        "`{region}` is an endpoint pseudo-region, not a region: requests for `{name}` fail or go to the wrong endpoint"
                    ),
                    Severity::Error,
                ),
                // The Go SDK removes one pair of quotes (measured: tests/readers.rs).
                RegionStatus::Invalid
                    if unquoted(region).is_some_and(|r| {
                        matches!(keys.region_status(r), RegionStatus::Known(_))
                    }) =>
                {
                    (
                        format!(
                            "`{region}` is not an AWS region for the AWS CLI and boto3 and the Rust, JavaScript and Java SDKs, which keep the quotes (only the Go SDK removes them): their requests with this `{name}` fail"
                        ),
                        Severity::Error,
                    )
                }
                RegionStatus::Invalid => (
                    format!(
                        "`{region}` is not an AWS region: every request with this `{name}` fails"
                    ),
                    Severity::Error,
                ),
            };
            let intended_at = context.intended_at(key_use);
            let start = intended_at.span.start() + offset;
            let at = crate::model::Location {
                file: intended_at.file,
                span: Span::new(start, start + region.len()),
            };
            let d = sink.report(at, message).severity(severity);
            if name == "sso_region" {
                d.help("`sso_region` is the region of your IAM Identity Center instance (shown in the access portal's sign-in URL), not where your workloads run");
            }
            if let Some(close) = close
                && severity >= Severity::Warning
            {
                d.fix(
                    Applicability::Unsafe,
                    format!("Use `{close}`"),
                    vec![Edit {
                        file: at.file,
                        span: at.span,
                        replacement: close.to_string(),
                    }],
                );
                if name != "sso_region" && severity == Severity::Error {
                    d.help(format!("did you mean `{close}`?"));
                }
            }
        }
    }
}

/// Whether the region's name without its number (`ap-southeast` of `ap-southeast-8`) is the
/// area of a known region.
fn known_area(keys: &crate::lint::keys::KeyCatalog, region: &str) -> bool {
    let area = |r: &str| r.rsplit_once('-').map(|(a, _)| a.to_string());
    let Some(wanted) = area(region) else {
        return false;
    };
    keys.region_names()
        .any(|r| area(r).as_deref() == Some(wanted.as_str()))
}

/// The value inside one pair of matching quotes.
fn unquoted(value: &str) -> Option<&str> {
    ['"', '\''].into_iter().find_map(|q| {
        value
            .strip_prefix(q)
            .and_then(|v| v.strip_suffix(q))
            .filter(|_| value.len() >= 2)
    })
}
