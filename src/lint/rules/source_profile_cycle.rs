//! R002 source-profile-cycle: `source_profile` chains that loop.

use crate::lint::context::Context;
use crate::lint::rules::Rule;
use crate::lint::{Severity, Sink};

pub static RULE: Rule = Rule {
    code: "R002",
    name: "source-profile-cycle",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../../rules/R002.md"),
    check,
};

fn check(context: &Context, sink: &mut Sink) {
    let profiles = &context.botocore.profiles;
    let next = |name: &str| -> Option<&str> {
        let profile = profiles.get(name)?;
        let target = profile.str("source_profile")?;
        // A profile may name itself when it has static keys: they are the source.
        if target == name && profile.get("aws_access_key_id").is_some() {
            return None;
        }
        Some(target)
    };
    let mut reported: Vec<&str> = Vec::new();
    for (start, profile) in profiles {
        if reported.contains(&start.as_ref()) {
            continue;
        }
        let mut chain: Vec<&str> = vec![start.as_ref()];
        let mut current: &str = start.as_ref();
        while let Some(target) = next(current) {
            if let Some(i) = chain.iter().position(|n| *n == target) {
                if i == 0 {
                    let cycle: Vec<&str> = chain.clone();
                    let shown = cycle
                        .iter()
                        .chain(std::iter::once(&target))
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" → ");
                    let at = profile
                        .get("source_profile")
                        .map_or(context.header(profile), |p| p.value_location());
                    let d = sink.report(
                        at,
                        format!(
                            "source_profile loops: {shown}; no profile in the loop has credentials of its own, so the AWS CLI and SDKs fail (infinite loop detected)"
                        ),
                    );
                    for other in &cycle[1..] {
                        if let Some(p) = profiles.get(*other).and_then(|p| p.get("source_profile"))
                        {
                            d.label(p.value_location(), format!("`{other}` continues the loop"));
                        }
                    }
                    d.help("end the chain at a profile with credentials of its own (SSO, static keys, or credential_source)");
                    reported.extend(cycle);
                }
                break;
            }
            chain.push(target);
            current = target;
        }
    }
}
