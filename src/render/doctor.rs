//! `ssolint doctor` output: a checklist for people, and the stable JSON (version 1).

// Values in the checks come from the files, the environment and servers: escaped.
use crate::model::redact::controls;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
use serde_json::{Value, json};

use crate::doctor::{Check, Diagnosis, Fact, Status};

pub const VERSION: u32 = 1;

/// A fact as the JSON key and value it adds to its check (version 1's names).
fn fact_json(fact: &Fact) -> (&'static str, Value) {
    let path = |p: &std::path::Path| json!(p.display().to_string());
    match fact {
        Fact::ConfigFile(p) => ("config_file", path(p)),
        Fact::CredentialsFile(p) => ("credentials_file", path(p)),
        Fact::ProfileKind(kind) => ("kind", json!(kind.name())),
        Fact::StartUrl(url) => ("start_url", json!(url)),
        Fact::SsoRegion(region) => ("sso_region", json!(region)),
        Fact::Codes(codes) => ("codes", json!(codes)),
        Fact::AwsCliVersion(version) => ("version", json!(version)),
        Fact::AwsOwned(owned) => ("aws_owned", json!(owned)),
        Fact::SkewSeconds(skew) => ("skew_seconds", json!(skew)),
        Fact::TokenFile(p) => ("file", path(p)),
        Fact::DirectoryMode(mode) => ("directory_mode", json!(format!("{mode:04o}"))),
        Fact::DirectoryOwnerUid(uid) => ("directory_owner_uid", json!(uid)),
        Fact::ExpiresAt(at) => ("expires_at", json!(at)),
        Fact::Refreshable(refreshable) => ("refreshable", json!(refreshable)),
        Fact::CredentialsExpire(at) => ("expiration", json!(at)),
        Fact::Accounts(ids) => ("accounts", json!(ids)),
        Fact::Roles(roles) => ("roles", json!(roles)),
        Fact::Arn(arn) => ("arn", json!(arn)),
        Fact::Account(account) => ("account", json!(account)),
    }
}

fn check_json(check: &Check) -> Value {
    let mut value = json!({
        "id": check.id.name(),
        "status": check.status.name(),
        "summary": check.summary,
        "detail": check.detail,
        "remedy": check.remedy,
    });
    for fact in &check.facts {
        let (key, fact) = fact_json(fact);
        value[key] = fact;
    }
    value
}

fn diagnosis_json(d: &Diagnosis) -> Value {
    json!({
        "profile": d.profile,
        "profile_source": d.profile_source,
        "checks": d.checks.iter().map(check_json).collect::<Vec<_>>(),
    })
}

/// One diagnosis: `{"version": 1, "profile", "profile_source", "checks": [...]}`; several
/// (`--all`): `{"version": 1, "profiles": [...]}`.
pub fn json(out: &mut dyn Write, diagnoses: &[Diagnosis], all: bool) -> io::Result<()> {
    let mut value = if all {
        json!({ "profiles": diagnoses.iter().map(diagnosis_json).collect::<Vec<_>>() })
    } else {
        diagnoses.first().map(diagnosis_json).unwrap_or(json!({}))
    };
    let object = value.as_object_mut().expect("an object");
    object.shift_insert(0, "version".into(), json!(VERSION));
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

fn mark(status: Status) -> (&'static str, Option<Color>) {
    match status {
        Status::Pass => ("✓", Some(Color::Green)),
        Status::Warn => ("!", Some(Color::Yellow)),
        Status::Fail => ("✗", Some(Color::Red)),
        Status::Skip => ("-", None),
    }
}

/// The checklist: ✓ / ! / ✗ / - per check, a summary, then the remedies.
pub fn text(out: &mut dyn WriteColor, diagnoses: &[Diagnosis]) -> io::Result<()> {
    for d in diagnoses {
        writeln!(
            out,
            "ssolint doctor — profile {} (chosen by {})",
            controls(&d.profile),
            d.profile_source
        )?;
        writeln!(out)?;
        let width = d
            .checks
            .iter()
            .map(|c| c.id.name().len())
            .max()
            .unwrap_or(0);
        for check in &d.checks {
            let (symbol, color) = mark(check.status);
            out.set_color(ColorSpec::new().set_fg(color).set_bold(color.is_some()))?;
            write!(out, "{symbol}")?;
            out.reset()?;
            writeln!(
                out,
                " {:width$}  {}",
                check.id.name(),
                controls(&check.summary)
            )?;
            if check.status != Status::Pass && check.status != Status::Skip {
                for line in &check.detail {
                    writeln!(out, "  {:width$}    {}", "", controls(line))?;
                }
            }
        }
        let count = |s: Status| d.checks.iter().filter(|c| c.status == s).count();
        writeln!(out)?;
        writeln!(
            out,
            "{} passed, {} warning(s), {} failed, {} skipped",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skip)
        )?;
        let remedies: Vec<&Check> = d
            .checks
            .iter()
            .filter(|c| matches!(c.status, Status::Fail | Status::Warn) && c.remedy.is_some())
            .collect();
        if !remedies.is_empty() {
            writeln!(out)?;
            writeln!(out, "To fix:")?;
            // Failures first: they are what stops the profile from working.
            let mut ordered = remedies;
            ordered.sort_by_key(|c| std::cmp::Reverse(c.status));
            for (i, check) in ordered.iter().enumerate() {
                writeln!(
                    out,
                    "  {}. {}: {}",
                    i + 1,
                    check.id.name(),
                    controls(check.remedy.as_deref().unwrap_or(""))
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
