//! The file checks: `config-parse` (both files read and every tool loads them),
//! `profile-resolve` (the profile exists and what it resolves to) and `config-lint` (the
//! findings in the profile's own sections).

use crate::doctor::chain::{select_profile, sso_of};
use crate::doctor::check::{Check, CheckId, Fact, ProfileKind, Status};
use crate::doctor::state::Doctor;
use crate::lint::{self, Input, Settings};
use crate::model::{self, FileKind};
use crate::syntax::{self, Dialect};

pub fn config_parse(d: &mut Doctor) -> Check {
    let mut check = Check::new(
        CheckId::ConfigParse,
        Status::Pass,
        "the config and credentials files parse",
    );
    for (kind, file) in [
        ("config", &d.inputs.config),
        ("credentials", &d.inputs.credentials),
    ] {
        let origin = if file.from_env {
            " (from the environment)"
        } else {
            ""
        };
        match &file.text {
            Err(e) => {
                check.status = Status::Fail;
                check.summary = format!("the {kind} file cannot be read");
                check.detail.push(e.clone());
                check.remedy = Some(format!(
                    "fix the file's permissions or encoding: {}",
                    file.path.display()
                ));
            }
            Ok(None) => check.detail.push(format!(
                "{kind}: {} does not exist{origin}",
                file.path.display()
            )),
            Ok(Some(_)) => check
                .detail
                .push(format!("{kind}: {}{origin}", file.path.display())),
        }
        check.set_fact(match kind {
            "config" => Fact::ConfigFile(file.path.clone()),
            _ => Fact::CredentialsFile(file.path.clone()),
        });
    }
    if check.status == Status::Pass {
        for dialect in Dialect::ALL {
            let (resolved, _) = model::load(dialect, d.config_text, d.credentials_text);
            if let Some(problem) = resolved.fatal.first() {
                check.status = Status::Fail;
                check.summary = format!("{} refuse these files", dialect.tools());
                check.detail.push(problem.message.clone());
                check.remedy = Some(
                    "run `ssolint check` to see every problem with its line, and fix them".into(),
                );
            }
        }
    }
    if check.status == Status::Fail {
        d.stop("the files do not parse");
    }
    check
}

pub fn profile_resolve(d: &mut Doctor) -> Check {
    let id = CheckId::ProfileResolve;
    let profile = d.profile.clone();
    let environment = d.inputs.environment;
    let source = select_profile(d.inputs.profile_arg.as_deref(), &|k| environment.var(k)).1;
    if d.config.profiles.get(profile.as_str()).is_none() {
        let close = model::closest_names(&profile, d.config.profiles.keys().map(|k| k.as_ref()));
        d.stop("the profile does not exist");
        return Check::new(
            id,
            Status::Fail,
            format!(
                "profile `{profile}` does not exist (chosen by {source}){}",
                model::did_you_mean_suffix(&close)
            ),
        )
        .remedy(format!(
            "add [profile {profile}] to the config file, or choose another with --profile"
        ));
    }
    match sso_of(d.config, &profile) {
        Err(e) => {
            d.stop("the profile is broken");
            Check::new(id, Status::Fail, format!("profile `{profile}`: {e}"))
                .remedy("run `ssolint check` and fix the profile")
        }
        Ok(None) => Check::new(
            id,
            Status::Pass,
            format!("profile `{profile}` (chosen by {source}) does not use IAM Identity Center"),
        )
        .fact(Fact::ProfileKind(ProfileKind::NotSso)),
        Ok(Some(sso)) => {
            let kind = if sso.profile != profile {
                ProfileKind::Chained
            } else if sso.session.is_some() {
                ProfileKind::SsoSession
            } else {
                ProfileKind::Legacy
            };
            let mut check = Check::new(
                id,
                Status::Pass,
                match &sso.session {
                    Some(s) => {
                        format!("profile `{profile}` (chosen by {source}) uses sso-session `{s}`")
                    }
                    None => {
                        format!("profile `{profile}` (chosen by {source}) is a legacy SSO profile")
                    }
                },
            )
            .fact(Fact::ProfileKind(kind))
            .fact(Fact::StartUrl(sso.start_url.clone()))
            .fact(Fact::SsoRegion(sso.region.clone()));
            if kind == ProfileKind::Chained {
                check.detail.push(format!(
                    "its credentials come, through source_profile, from SSO profile `{}`",
                    sso.profile
                ));
            }
            d.sso = Some(sso);
            check
        }
    }
}

pub fn config_lint(d: &mut Doctor) -> Check {
    let id = CheckId::ConfigLint;
    let Some(text) = d.config_text else {
        return Check::skipped(id, "no config file");
    };
    let input = Input {
        config: Some(text),
        credentials: d.credentials_text,
        config_mode: d.inputs.config.mode,
        credentials_mode: d.inputs.credentials.mode,
    };
    let report = lint::check(&input, &Settings::default());
    // The sections of the profile, its chain's SSO profile and its session.
    let doc = syntax::parse(text, Dialect::Botocore);
    let mut names: Vec<(&str, String)> = vec![("profile", d.profile.clone())];
    if let Some(sso) = &d.sso {
        names.push(("profile", sso.profile.clone()));
        if let Some(s) = &sso.session {
            names.push(("sso-session", s.clone()));
        }
    }
    let ranges: Vec<(usize, usize)> = doc
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let raw = s.name.of(text);
            names.iter().any(|(kind, n)| {
                (*kind == "profile"
                    && (raw == format!("profile {n}") || (n == "default" && raw == "default")))
                    || (*kind == "sso-session" && raw == format!("sso-session {n}"))
            })
        })
        .map(|(i, s)| {
            let start = doc.lines[s.line].span.start();
            let end = doc
                .sections
                .get(i + 1)
                .map_or(text.len(), |n| doc.lines[n.line].span.start());
            (start, end)
        })
        .collect();
    let index = syntax::LineIndex::new(text);
    let relevant: Vec<&lint::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= lint::Severity::Warning)
        .filter(|d| d.at.file == FileKind::Config)
        .filter(|d| {
            ranges
                .iter()
                .any(|(a, b)| (*a..*b).contains(&d.at.span.start()))
        })
        .collect();
    if relevant.is_empty() {
        return Check::new(id, Status::Pass, "no problems in this profile's sections");
    }
    let worst = relevant
        .iter()
        .map(|d| d.severity)
        .max()
        .unwrap_or(lint::Severity::Warning);
    let mut check = Check::new(
        id,
        if worst == lint::Severity::Error {
            Status::Fail
        } else {
            Status::Warn
        },
        format!("{} finding(s) in this profile's sections", relevant.len()),
    );
    for finding in &relevant {
        let lc = index.line_col(text, finding.at.span.start());
        check.detail.push(format!(
            "line {}: {} {}",
            lc.line, finding.rule.code, finding.message
        ));
    }
    check.set_fact(Fact::Codes(relevant.iter().map(|d| d.rule.code).collect()));
    let path = d.inputs.config.path.display().to_string();
    check.remedy = Some(if relevant.iter().any(|d| d.rule.code == "S001") {
        format!(
            "ssolint migrate --write {path}   (moves the legacy SSO settings into an [sso-session]; then sign in once)"
        )
    } else {
        format!("ssolint check {path}   (each finding with its fix)")
    });
    check
}
