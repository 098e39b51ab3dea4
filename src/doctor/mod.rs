//! `ssolint doctor`: from the config file to GetCallerIdentity, one check at a time, each
//! with a status, what it found, and — when it is not a pass — the exact command or edit
//! that fixes it. Later checks are skipped, with the reason, when an earlier failure makes
//! them meaningless.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::aws::cache::{self, TokenFile};
use crate::aws::endpoints::{self, Service};
use crate::aws::http::{CallError, Http};
use crate::aws::{oidc, sts};
use crate::lint::{self, Input, Settings};
use crate::login::{self, refresh};
use crate::model::{self, Block, Config, FileKind};
use crate::syntax::{self, Dialect};

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// One check's result.
#[derive(Clone, Debug)]
pub struct Check {
    pub id: &'static str,
    pub status: Status,
    pub summary: String,
    pub detail: Vec<String>,
    /// For every non-pass: the command or edit that fixes it.
    pub remedy: Option<String>,
    /// Machine-readable facts (`--format json` merges them into the check).
    pub data: serde_json::Map<String, Value>,
}

impl Check {
    fn new(id: &'static str, status: Status, summary: impl Into<String>) -> Check {
        Check {
            id,
            status,
            summary: summary.into(),
            detail: Vec::new(),
            remedy: None,
            data: serde_json::Map::new(),
        }
    }

    fn remedy(mut self, remedy: impl Into<String>) -> Check {
        self.remedy = Some(remedy.into());
        self
    }

    fn detail(mut self, line: impl Into<String>) -> Check {
        self.detail.push(line.into());
        self
    }

    fn data(mut self, key: &str, value: Value) -> Check {
        self.data.insert(key.into(), value);
        self
    }
}

/// One profile's diagnosis.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    pub profile: String,
    /// Why this profile: `--profile`, `AWS_PROFILE`, …
    pub profile_source: String,
    pub checks: Vec<Check>,
}

impl Diagnosis {
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }
}

/// A file as read by the edge.
#[derive(Clone, Debug)]
pub struct FileInput {
    pub path: PathBuf,
    /// `None`: the file does not exist. `Err`: it could not be read (message).
    pub text: Result<Option<String>, String>,
    pub from_env: bool,
    pub mode: Option<u32>,
}

/// Everything doctor may look at, gathered by the CLI (or a test).
pub struct Inputs<'e> {
    pub env: &'e dyn Fn(&str) -> Option<String>,
    pub config: FileInput,
    pub credentials: FileInput,
    pub home: PathBuf,
    pub profile_arg: Option<String>,
    pub offline: bool,
    /// Sign in when the token is missing or dead.
    pub login: bool,
    /// Where a login's prompts go.
    pub login_output: Option<&'e mut dyn std::io::Write>,
    pub now: u64,
}

/// The SSO settings a profile ends up using.
#[derive(Clone, Debug)]
struct Sso {
    profile: String,
    session: Option<String>,
    start_url: String,
    region: String,
    account: Option<String>,
    role: Option<String>,
}

/// Work shared between profiles of one run (`--all`): per session, the live token and the
/// account list.
#[derive(Default)]
pub struct Shared {
    tokens: HashMap<String, Option<String>>,
    accounts: HashMap<String, Result<Vec<oidc::Account>, CallError>>,
    /// `aws --version`, asked once per run: (version, major, minor), `None` when absent.
    aws_cli: Option<Option<(String, u32, u32)>>,
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Which profile the AWS CLI uses, and why.
pub fn select_profile(arg: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> (String, String) {
    if let Some(p) = arg {
        return (p.to_string(), "--profile".into());
    }
    if let Some(p) = env("AWS_PROFILE").filter(|p| !p.is_empty()) {
        return (p, "AWS_PROFILE".into());
    }
    if let Some(p) = env("AWS_DEFAULT_PROFILE").filter(|p| !p.is_empty()) {
        return (p, "AWS_DEFAULT_PROFILE (AWS_PROFILE is unset)".into());
    }
    (
        "default".into(),
        "the default (no --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE)".into(),
    )
}

/// Diagnoses one profile (or, with `all`, every SSO profile).
pub fn run(inputs: &mut Inputs, http: &Http, all: bool) -> Vec<Diagnosis> {
    let config_text = inputs.config.text.clone().ok().flatten();
    let credentials_text = inputs.credentials.text.clone().ok().flatten();
    let (config, _) = model::load(
        Dialect::Botocore,
        config_text.as_deref(),
        credentials_text.as_deref(),
    );
    let mut shared = Shared::default();
    let profiles: Vec<(String, String)> = if all {
        config
            .profiles
            .iter()
            .filter(|(n, _)| sso_of(&config, n).is_ok_and(|s| s.is_some()))
            .map(|(n, _)| (n.to_string(), "--all".to_string()))
            .collect()
    } else {
        vec![select_profile(inputs.profile_arg.as_deref(), inputs.env)]
    };
    profiles
        .into_iter()
        .map(|(name, source)| {
            let mut doctor = Doctor {
                inputs,
                http,
                config: &config,
                config_text: config_text.as_deref(),
                credentials_text: credentials_text.as_deref(),
                checks: Vec::new(),
                skip_reason: None,
                shared: &mut shared,
            };
            doctor.diagnose(&name);
            Diagnosis {
                profile: name,
                profile_source: source,
                checks: doctor.checks,
            }
        })
        .collect()
}

/// Follows `source_profile` to the profile that holds the SSO settings. `Ok(None)`: not SSO.
fn sso_of(config: &Config, name: &str) -> Result<Option<Sso>, String> {
    let mut current = name.to_string();
    let mut seen = vec![current.clone()];
    loop {
        let Some(block) = config.profiles.get(current.as_str()) else {
            return Err(format!("profile `{current}` does not exist"));
        };
        let is_sso = [
            "sso_session",
            "sso_start_url",
            "sso_account_id",
            "sso_role_name",
        ]
        .iter()
        .any(|k| block.get(k).is_some());
        if is_sso && block.get("role_arn").is_none() {
            return Ok(Some(sso_settings(config, &current, block)?));
        }
        match block.str("source_profile") {
            Some(next) if block.get("role_arn").is_some() => {
                if seen.iter().any(|s| s == next) {
                    return Err(format!("source_profile loops back to `{next}`"));
                }
                seen.push(next.to_string());
                current = next.to_string();
            }
            _ => return Ok(None),
        }
    }
}

fn sso_settings(config: &Config, name: &str, block: &Block) -> Result<Sso, String> {
    let account = block.str("sso_account_id").map(str::to_string);
    let role = block.str("sso_role_name").map(str::to_string);
    match block.str("sso_session") {
        Some(session) => {
            let s = config
                .sso_sessions
                .get(session)
                .ok_or_else(|| format!("sso-session `{session}` does not exist"))?;
            Ok(Sso {
                profile: name.into(),
                session: Some(session.into()),
                start_url: s.str("sso_start_url").unwrap_or_default().into(),
                region: s.str("sso_region").unwrap_or_default().into(),
                account,
                role,
            })
        }
        None => Ok(Sso {
            profile: name.into(),
            session: None,
            start_url: block.str("sso_start_url").unwrap_or_default().into(),
            region: block.str("sso_region").unwrap_or_default().into(),
            account,
            role,
        }),
    }
}

struct Doctor<'a, 'i, 'e> {
    inputs: &'a mut Inputs<'e>,
    http: &'a Http,
    config: &'a Config<'a>,
    config_text: Option<&'a str>,
    credentials_text: Option<&'a str>,
    checks: Vec<Check>,
    /// Set once a check makes the rest meaningless.
    skip_reason: Option<String>,
    shared: &'i mut Shared,
}

impl Doctor<'_, '_, '_> {
    fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    /// Adds `check` unless an earlier failure makes it meaningless.
    fn run_check(&mut self, id: &'static str, f: impl FnOnce(&mut Self) -> Check) {
        if let Some(reason) = &self.skip_reason {
            let skipped = Check::new(id, Status::Skip, format!("skipped: {reason}"));
            self.push(skipped);
            return;
        }
        let check = f(self);
        self.push(check);
    }

    fn stop(&mut self, reason: impl Into<String>) {
        self.skip_reason.get_or_insert(reason.into());
    }

    /// The installed AWS CLI's version (asked once).
    fn aws_cli(&mut self) -> Option<(String, u32, u32)> {
        self.shared
            .aws_cli
            .get_or_insert_with(aws_cli_version)
            .clone()
    }

    /// How to sign in: ssolint, and `aws sso login` only where the installed AWS CLI has it
    /// (v2; v1 has no `aws sso`, and sso-session needs 2.9).
    fn login_command(&mut self, sso: &Sso) -> String {
        let cli = self.aws_cli();
        let cli_can = cli.as_ref().is_some_and(|(_, major, minor)| {
            *major > 2 || (*major == 2 && (sso.session.is_none() || *minor >= 9))
        });
        match (&sso.session, cli_can) {
            (Some(s), true) => {
                format!("ssolint login --sso-session {s}   (or: aws sso login --sso-session {s})")
            }
            (Some(s), false) => format!("ssolint login --sso-session {s}"),
            (None, true) => format!(
                "ssolint login --profile {}   (or: aws sso login --profile {})",
                sso.profile, sso.profile
            ),
            (None, false) => format!("ssolint login --profile {}", sso.profile),
        }
    }

    fn diagnose(&mut self, profile: &str) {
        self.check_config_parse();
        let sso = self.check_profile_resolve(profile);
        self.check_config_lint(profile, sso.as_ref());
        self.check_env_overrides();
        self.check_aws_cli(sso.as_ref());
        let Some(sso) = sso else {
            for id in [
                "start-url",
                "endpoint-reachable",
                "clock-skew",
                "token-cache",
                "token-refresh",
                "account-access",
                "role-access",
                "role-credentials",
                "caller-identity",
            ] {
                self.run_check(id, |_| {
                    Check::new(
                        id,
                        Status::Skip,
                        "skipped: not an IAM Identity Center profile",
                    )
                });
            }
            return;
        };
        self.run_check("start-url", |d| d.check_start_url(&sso));
        let endpoints = (
            self.endpoint(Service::Oidc, &sso),
            self.endpoint(Service::Portal, &sso),
            self.endpoint(Service::Sts, &sso),
        );
        if self.inputs.offline {
            for id in ["endpoint-reachable", "clock-skew"] {
                self.push(Check::new(id, Status::Skip, "skipped: --offline"));
            }
        } else {
            let skew_data = self.check_reachable(&endpoints.0, &endpoints.1);
            self.run_check("clock-skew", |d| d.check_clock(skew_data));
        }
        let token = self.check_token_cache(&sso, &endpoints.0);
        if self.inputs.offline {
            for id in [
                "token-refresh",
                "account-access",
                "role-access",
                "role-credentials",
                "caller-identity",
            ] {
                self.push(Check::new(id, Status::Skip, "skipped: --offline"));
            }
            return;
        }
        let token = self.check_token_refresh(&sso, &endpoints.0, token);
        let Some(token) = token else {
            self.stop("no usable token");
            for id in [
                "account-access",
                "role-access",
                "role-credentials",
                "caller-identity",
            ] {
                self.run_check(id, |_| unreachable!("skipped"));
            }
            return;
        };
        let (Some(account), Some(role)) = (sso.account.clone(), sso.role.clone()) else {
            for id in [
                "account-access",
                "role-access",
                "role-credentials",
                "caller-identity",
            ] {
                self.push(Check::new(id, Status::Skip, "skipped: the profile has no sso_account_id and sso_role_name (it is used only to sign in)"));
            }
            return;
        };
        self.run_check("account-access", |d| {
            d.check_accounts(&sso, &endpoints.1, &token, &account)
        });
        self.run_check("role-access", |d| {
            d.check_roles(&sso, &endpoints.1, &token, &account, &role)
        });
        let mut credentials = None;
        self.run_check("role-credentials", |d| {
            match oidc::get_role_credentials(d.http, &endpoints.1, &token, &account, &role) {
                Ok((c, expires)) => {
                    credentials = Some(c);
                    Check::new(
                        "role-credentials",
                        Status::Pass,
                        "GetRoleCredentials returned temporary credentials",
                    )
                    .data("expiration", json!(cache::timestamp(expires)))
                }
                Err(e) => {
                    d.stop("no role credentials");
                    Check::new(
                        "role-credentials",
                        Status::Fail,
                        format!("GetRoleCredentials failed: {e}"),
                    )
                    .remedy(d.call_remedy(&e, &sso))
                }
            }
        });
        self.run_check("caller-identity", |d| match &credentials {
            None => Check::new(
                "caller-identity",
                Status::Skip,
                "skipped: no role credentials",
            ),
            Some(c) => d.check_identity(&sso, &endpoints.2, c, &account, &role),
        });
    }

    fn endpoint(&self, service: Service, sso: &Sso) -> String {
        let block = self.config.profiles.get(sso.profile.as_str());
        endpoints::resolve(service, &sso.region, self.inputs.env, self.config, block)
    }

    fn check_config_parse(&mut self) {
        let mut check = Check::new(
            "config-parse",
            Status::Pass,
            "the config and credentials files parse",
        );
        for (kind, file) in [
            ("config", &self.inputs.config),
            ("credentials", &self.inputs.credentials),
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
            check.data.insert(
                format!("{kind}_file"),
                json!(file.path.display().to_string()),
            );
        }
        if check.status == Status::Pass {
            for dialect in Dialect::ALL {
                let (resolved, _) = model::load(dialect, self.config_text, self.credentials_text);
                if let Some(problem) = resolved.fatal.first() {
                    check.status = Status::Fail;
                    check.summary = format!("{} refuse these files", dialect.tools());
                    check.detail.push(problem.message.clone());
                    check.remedy = Some(
                        "run `ssolint check` to see every problem with its line, and fix them"
                            .into(),
                    );
                }
            }
        }
        if check.status == Status::Fail {
            self.stop("the files do not parse");
        }
        self.push(check);
    }

    fn check_profile_resolve(&mut self, profile: &str) -> Option<Sso> {
        let source = select_profile(self.inputs.profile_arg.as_deref(), self.inputs.env).1;
        if self.skip_reason.is_some() {
            self.run_check("profile-resolve", |_| unreachable!());
            return None;
        }
        if self.config.profiles.get(profile).is_none() {
            let close = crate::model::closest_names(
                profile,
                self.config.profiles.keys().map(|k| k.as_ref()),
            );
            self.push(
                Check::new(
                    "profile-resolve",
                    Status::Fail,
                    format!(
                        "profile `{profile}` does not exist (chosen by {source}){}",
                        crate::model::did_you_mean_suffix(&close)
                    ),
                )
                .remedy(format!(
                    "add [profile {profile}] to the config file, or choose another with --profile"
                )),
            );
            self.stop("the profile does not exist");
            return None;
        }
        match sso_of(self.config, profile) {
            Err(e) => {
                self.push(
                    Check::new(
                        "profile-resolve",
                        Status::Fail,
                        format!("profile `{profile}`: {e}"),
                    )
                    .remedy("run `ssolint check` and fix the profile"),
                );
                self.stop("the profile is broken");
                None
            }
            Ok(None) => {
                self.push(
                    Check::new("profile-resolve", Status::Pass, format!("profile `{profile}` (chosen by {source}) does not use IAM Identity Center"))
                        .data("kind", json!("not-sso")),
                );
                None
            }
            Ok(Some(sso)) => {
                let kind = if sso.profile != profile {
                    "chained"
                } else if sso.session.is_some() {
                    "sso-session"
                } else {
                    "legacy"
                };
                let mut check = Check::new(
                    "profile-resolve",
                    Status::Pass,
                    match &sso.session {
                        Some(s) => format!(
                            "profile `{profile}` (chosen by {source}) uses sso-session `{s}`"
                        ),
                        None => format!(
                            "profile `{profile}` (chosen by {source}) is a legacy SSO profile"
                        ),
                    },
                )
                .data("kind", json!(kind))
                .data("start_url", json!(sso.start_url))
                .data("sso_region", json!(sso.region));
                if kind == "chained" {
                    check.detail.push(format!(
                        "its credentials come, through source_profile, from SSO profile `{}`",
                        sso.profile
                    ));
                }
                self.push(check);
                Some(sso)
            }
        }
    }

    fn check_config_lint(&mut self, profile: &str, sso: Option<&Sso>) {
        if self.skip_reason.is_some() {
            self.run_check("config-lint", |_| unreachable!());
            return;
        }
        let Some(text) = self.config_text else {
            self.push(Check::new(
                "config-lint",
                Status::Skip,
                "skipped: no config file",
            ));
            return;
        };
        let input = Input {
            config: Some(text),
            credentials: self.credentials_text,
            config_mode: self.inputs.config.mode,
            credentials_mode: self.inputs.credentials.mode,
        };
        let report = lint::check(&input, &Settings::default());
        // The sections of the profile, its chain's SSO profile and its session.
        let doc = syntax::parse(text, Dialect::Botocore);
        let mut names: Vec<(&str, String)> = vec![("profile", profile.to_string())];
        if let Some(sso) = sso {
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
            self.push(Check::new(
                "config-lint",
                Status::Pass,
                "no problems in this profile's sections",
            ));
            return;
        }
        let worst = relevant
            .iter()
            .map(|d| d.severity)
            .max()
            .unwrap_or(lint::Severity::Warning);
        let mut check = Check::new(
            "config-lint",
            if worst == lint::Severity::Error {
                Status::Fail
            } else {
                Status::Warn
            },
            format!("{} finding(s) in this profile's sections", relevant.len()),
        );
        for d in &relevant {
            let lc = index.line_col(text, d.at.span.start());
            check
                .detail
                .push(format!("line {}: {} {}", lc.line, d.rule.code, d.message));
        }
        check.data.insert(
            "codes".into(),
            json!(relevant.iter().map(|d| d.rule.code).collect::<Vec<_>>()),
        );
        let path = self.inputs.config.path.display().to_string();
        check.remedy = Some(if relevant.iter().any(|d| d.rule.code == "S001") {
            format!(
                "ssolint migrate --write {path}   (moves the legacy SSO settings into an [sso-session]; then sign in once)"
            )
        } else {
            format!("ssolint check {path}   (each finding with its fix)")
        });
        self.push(check);
    }

    fn check_env_overrides(&mut self) {
        let env = self.inputs.env;
        let set = |k: &str| env(k).filter(|v| !v.is_empty());
        let mut check = Check::new(
            "env-overrides",
            Status::Pass,
            "no environment variable overrides the profile",
        );
        let keys: Vec<&str> = [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
        ]
        .into_iter()
        .filter(|k| set(k).is_some())
        .collect();
        if !keys.is_empty() {
            check.status = Status::Warn;
            check.summary = format!(
                "{} set: every AWS tool uses these credentials instead of the profile",
                keys.join(", ")
            );
            check.remedy = Some(format!("unset {}", keys.join(" ")));
        }
        if let (Some(a), Some(b)) = (set("AWS_PROFILE"), set("AWS_DEFAULT_PROFILE"))
            && a != b
        {
            check.status = Status::Warn;
            check.detail.push(format!(
                "AWS_PROFILE={a} but AWS_DEFAULT_PROFILE={b}: the AWS CLI uses `{a}`, boto3 uses `{b}`"
            ));
            check
                .remedy
                .get_or_insert_with(|| "unset AWS_DEFAULT_PROFILE (or make both the same)".into());
        }
        if let Some(path) = set("AWS_CONFIG_FILE") {
            check.detail.push(format!("AWS_CONFIG_FILE={path}"));
        }
        self.push(check);
    }

    fn check_aws_cli(&mut self, sso: Option<&Sso>) {
        let version = self.aws_cli();
        let check = match version {
            None => Check::new(
                "aws-cli",
                Status::Skip,
                "the AWS CLI is not installed (not needed by ssolint)",
            ),
            Some((text, major, minor)) => {
                let mut check = Check::new("aws-cli", Status::Pass, format!("AWS CLI {text}"))
                    .data("version", json!(text));
                let uses_session = sso.is_some_and(|s| s.session.is_some());
                if major < 2 && sso.is_some() {
                    // v1 has no IAM Identity Center support at all, and picks the profile
                    // by AWS_DEFAULT_PROFILE before AWS_PROFILE.
                    check.status = Status::Warn;
                    check.summary = format!(
                        "AWS CLI {text} is version 1: it has no `aws sso login` and cannot use IAM Identity Center profiles"
                    );
                    let env = &self.inputs.env;
                    if let (Some(a), Some(b)) = (env("AWS_PROFILE"), env("AWS_DEFAULT_PROFILE"))
                        && !a.is_empty()
                        && !b.is_empty()
                        && a != b
                    {
                        check.detail.push(format!(
                            "AWS CLI v1 chooses AWS_DEFAULT_PROFILE (`{b}`) before AWS_PROFILE (`{a}`)"
                        ));
                    }
                    check.remedy = Some(format!(
                        "install AWS CLI v2; meanwhile `ssolint login` signs in, and `credential_process = ssolint export-credentials --profile {}` gives v1 the role's credentials",
                        sso.map_or("PROFILE", |s| s.profile.as_str())
                    ));
                } else if uses_session && (major < 2 || (major == 2 && minor < 9)) {
                    check.status = Status::Warn;
                    check.summary = format!("AWS CLI {text} predates sso-session support (2.9)");
                    check.remedy = Some("upgrade the AWS CLI to version 2.9 or later".into());
                } else if major == 2 && minor < 22 {
                    check
                        .detail
                        .push("PKCE sign-in became the default in AWS CLI 2.22".into());
                }
                check
            }
        };
        self.push(check);
    }

    fn check_start_url(&mut self, sso: &Sso) -> Check {
        let url = &sso.start_url;
        if let Err(e) = endpoints::check_region(&sso.region) {
            self.stop("sso_region is not a region name");
            return Check::new("start-url", Status::Fail, format!("sso_region {e}")).remedy(
                "set sso_region to the region of your IAM Identity Center instance, e.g. us-east-1",
            );
        }
        let Ok(parsed) = url::Url::parse(url) else {
            self.stop("the start URL is not a URL");
            return Check::new("start-url", Status::Fail, format!("`{url}` is not a URL"))
                .remedy("set sso_start_url to your AWS access portal URL, e.g. https://my-org.awsapps.com/start");
        };
        if parsed.scheme() != "https" {
            self.stop("the start URL is not https");
            return Check::new(
                "start-url",
                Status::Fail,
                "the start URL is not https: the AWS CLI refuses it",
            )
            .remedy(format!(
                "use https://{}{}",
                parsed.host_str().unwrap_or(""),
                parsed.path()
            ));
        }
        let host = parsed.host_str().unwrap_or("");
        let aws_owned = crate::model::values::is_identity_center_host(host);
        let mut check = Check::new(
            "start-url",
            Status::Pass,
            format!(
                "{url} ({})",
                if aws_owned {
                    "an IAM Identity Center host"
                } else {
                    "a vanity URL"
                }
            ),
        )
        .data("aws_owned", json!(aws_owned));
        if parsed.fragment().is_some() || (sso.session.is_none() && parsed.path().ends_with('/')) {
            check.status = Status::Warn;
            check.summary = format!(
                "{url}: the `#` or trailing `/` makes a separate token cache entry for legacy profiles"
            );
            check.remedy = Some(
                "remove the trailing `#`/`/`, or migrate to an [sso-session] (`ssolint migrate`)"
                    .into(),
            );
        } else if !aws_owned {
            check.status = Status::Warn;
            check.summary = format!(
                "{host} is a vanity URL: only the AWS CLI (2.35.13+) follows its redirect; the SDKs do not"
            );
            check.remedy = Some("use the portal URL it redirects to (…awsapps.com/start)".into());
        }
        check
    }

    /// Probes the OIDC and portal endpoints; returns the server's Date for the clock check.
    fn check_reachable(&mut self, oidc_endpoint: &str, portal: &str) -> Option<(String, u64)> {
        if self.skip_reason.is_some() {
            self.run_check("endpoint-reachable", |_| unreachable!());
            return None;
        }
        let mut check = Check::new(
            "endpoint-reachable",
            Status::Pass,
            "the OIDC and portal endpoints answer",
        );
        let mut date = None;
        for (name, url) in [("OIDC", oidc_endpoint), ("portal", portal)] {
            let started = Instant::now();
            let probe = self.http.raw(reqwest::Method::GET, url, &[], None);
            let ms = started.elapsed().as_millis();
            match probe {
                Ok(r) => {
                    check
                        .detail
                        .push(format!("{name} {url}: HTTP {} in {ms} ms", r.status));
                    if date.is_none() {
                        date = r.date.map(|d| (d, now_secs()));
                    }
                }
                Err(e) => {
                    check.status = Status::Fail;
                    check.summary = format!("the {name} endpoint does not answer");
                    check
                        .detail
                        .push(format!("{name} {url}: {e} after {ms} ms"));
                    check.remedy = Some(
                        "check the network; behind a proxy set HTTPS_PROXY; with TLS inspection set AWS_CA_BUNDLE to your CA bundle; an endpoint override (AWS_ENDPOINT_URL_*, endpoint_url) may point nowhere".into(),
                    );
                }
            }
        }
        if check.status == Status::Fail {
            self.stop("the endpoints do not answer");
        }
        self.push(check);
        date
    }

    fn check_clock(&mut self, date: Option<(String, u64)>) -> Check {
        let Some((header, local)) = date else {
            return Check::new(
                "clock-skew",
                Status::Skip,
                "skipped: no Date header to compare with",
            );
        };
        let format = time::format_description::well_known::Rfc2822;
        let server = time::OffsetDateTime::parse(&header.replace(" GMT", " +0000"), &format)
            .ok()
            .and_then(|t| u64::try_from(t.unix_timestamp()).ok());
        let Some(server) = server else {
            return Check::new(
                "clock-skew",
                Status::Skip,
                format!("skipped: unreadable Date header `{header}`"),
            );
        };
        let skew = local as i64 - server as i64;
        let check = Check::new(
            "clock-skew",
            Status::Pass,
            format!("the local clock is {skew:+} s from the server's"),
        )
        .data("skew_seconds", json!(skew));
        match skew.unsigned_abs() {
            s if s > 300 => Check {
                status: Status::Fail,
                summary: format!("the local clock is {skew:+} s off: signed requests fail beyond 15 minutes and token expiry is misjudged"),
                ..check
            }
            .remedy("synchronise the clock (e.g. `sudo timedatectl set-ntp true`, or the OS's time settings)"),
            s if s > 60 => Check {
                status: Status::Warn,
                summary: format!("the local clock is {skew:+} s off"),
                ..check
            }
            .remedy("synchronise the clock with NTP"),
            _ => check,
        }
    }

    fn token_path(&self, sso: &Sso) -> PathBuf {
        let key = sso.session.as_deref().unwrap_or(&sso.start_url);
        cache::token_dir(&self.inputs.home).join(format!("{}.json", cache::token_key(key)))
    }

    /// The token-cache check; returns the token when one is present (perhaps expired).
    fn check_token_cache(&mut self, sso: &Sso, oidc_endpoint: &str) -> Option<TokenFile> {
        if self.skip_reason.is_some() {
            self.run_check("token-cache", |_| unreachable!());
            return None;
        }
        let path = self.token_path(sso);
        let login = self.login_command(sso);
        let dir = cache::token_dir(&self.inputs.home);
        let mut base = Check::new("token-cache", Status::Pass, "")
            .data("file", json!(path.display().to_string()));
        if let Some(state) = crate::files::dir_state(&dir) {
            base = base
                .data("directory_mode", json!(format!("{:04o}", state.mode)))
                .data("directory_owner_uid", json!(state.uid));
        }
        if let Err(unsafe_dir) = crate::files::check_private_dir(&dir) {
            let check = Check {
                status: Status::Fail,
                summary: unsafe_dir.to_string(),
                ..base
            }
            .remedy(format!(
                "chmod 700 {0}; chown \"$(id -u)\" {0}",
                dir.display()
            ));
            self.push(check);
            self.stop("the token cache directory is not private");
            return None;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => {
                let check = Check {
                    status: Status::Fail,
                    summary: format!("no cached token at {}", path.display()),
                    ..base
                }
                .detail(match &sso.session {
                    Some(s) => format!("the file name is the SHA-1 of the session name `{s}`; a tool that logs in by start URL writes another file"),
                    None => format!("the file name is the SHA-1 of the start URL `{}` exactly as written", sso.start_url),
                })
                .remedy(login);
                return self.try_login(check, sso, oidc_endpoint);
            }
        };
        let Some(token) = TokenFile::parse(&text) else {
            let check = Check {
                status: Status::Fail,
                summary: format!(
                    "{} is not a valid token file (JSON with accessToken and expiresAt)",
                    path.display()
                ),
                ..base
            }
            .remedy(format!(
                "delete it and sign in again: rm {}; {login}",
                path.display()
            ));
            return self.try_login(check, sso, oidc_endpoint);
        };
        let expires = match cache::parse_timestamp(&token.expires_at) {
            Ok(t) => t,
            Err(cache::TimestampError::NoTimezone(t)) => {
                let check = Check {
                    status: Status::Fail,
                    summary: format!("expiresAt `{t}` has no timezone: botocore crashes on it"),
                    ..base
                }
                .remedy(login);
                return self.try_login(check, sso, oidc_endpoint);
            }
            Err(cache::TimestampError::Invalid(t)) => {
                let check = Check {
                    status: Status::Fail,
                    summary: format!("expiresAt `{t}` is not a timestamp"),
                    ..base
                }
                .remedy(login);
                return self.try_login(check, sso, oidc_endpoint);
            }
        };
        let now = self.inputs.now;
        let registration_ok = token
            .registration_expires_at
            .as_deref()
            .and_then(|t| cache::parse_timestamp(t).ok())
            .is_some_and(|t| t > now);
        let refreshable = sso.session.is_some()
            && token.refresh_token.is_some()
            && token.client_id.is_some()
            && token.client_secret.is_some()
            && registration_ok;
        let mut check = base
            .data("expires_at", json!(token.expires_at))
            .data("refreshable", json!(refreshable));
        if let Some(mode) = crate::workspace::file_mode(&path)
            && mode & 0o077 != 0
        {
            check
                .detail
                .push(format!("mode {mode:03o}: others can read the token"));
            check.status = Status::Warn;
            check.remedy = Some(format!("chmod 600 {}", path.display()));
        }
        // Other files for the same portal: stale logins by other tools or spellings.
        let stale = stale_duplicates(&path, &sso.start_url);
        if !stale.is_empty() {
            check.detail.push(format!(
                "{} other cached token(s) for the same start URL: {}",
                stale.len(),
                stale.join(", ")
            ));
        }
        let minutes_left = (expires as i64 - now as i64) / 60;
        if expires > now {
            check.summary = format!(
                "token valid for {minutes_left} more minute(s){}",
                if refreshable { ", refreshable" } else { "" }
            );
            return Some(token).inspect(|_| self.push(check));
        }
        if refreshable {
            check.status = Status::Warn;
            check.summary = format!(
                "the token expired {} minute(s) ago; it can be refreshed",
                -minutes_left
            );
            check
                .remedy
                .get_or_insert_with(|| "none needed: token-refresh below refreshes it".into());
            self.push(check);
            return Some(token);
        }
        let why = if sso.session.is_none() {
            "legacy tokens are never refreshed"
        } else if token.refresh_token.is_none() {
            "it has no refresh token (add `sso_registration_scopes = sso:account:access` to the session)"
        } else {
            "its client registration has expired"
        };
        let check = Check {
            status: Status::Fail,
            summary: format!(
                "the token expired {} minute(s) ago and cannot be refreshed: {why}",
                -minutes_left
            ),
            ..check
        }
        .remedy(login);
        self.try_login(check, sso, oidc_endpoint)
    }

    /// With `--login`: signs in and reports the token-cache check as fixed.
    fn try_login(&mut self, failed: Check, sso: &Sso, oidc_endpoint: &str) -> Option<TokenFile> {
        if !self.inputs.login || self.inputs.offline {
            self.push(failed);
            return None;
        }
        let target = login::Target {
            session: sso.session.clone(),
            start_url: sso.start_url.clone(),
            region: sso.region.clone(),
            scopes: sso.session.as_deref().and_then(|s| {
                self.config
                    .sso_sessions
                    .get(s)
                    .and_then(|b| b.str("sso_registration_scopes"))
                    .map(login::parse_scopes)
            }),
            profile: Some(sso.profile.clone()),
        };
        let mut sink = std::io::sink();
        let out: &mut dyn std::io::Write = match self.inputs.login_output.as_deref_mut() {
            Some(w) => w,
            None => &mut sink,
        };
        let mut ctx = login::Context {
            http: self.http,
            oidc_endpoint,
            cache_dir: cache::token_dir(&self.inputs.home),
            out,
        };
        match login::login(&mut ctx, &target, &login::Options::default()) {
            Ok(outcome) => {
                let token = std::fs::read_to_string(&outcome.token_path)
                    .ok()
                    .and_then(|t| TokenFile::parse(&t));
                let mut fixed = Check::new(
                    "token-cache",
                    Status::Pass,
                    format!("signed in now ({}); {}", outcome.flow, failed.summary),
                );
                fixed.data = failed.data;
                self.push(fixed);
                token
            }
            Err(e) => {
                let mut failed = failed;
                failed.detail.push(format!("--login: {e}"));
                self.push(failed);
                None
            }
        }
    }

    /// Refreshes the token when it is inside the window; returns a usable access token.
    fn check_token_refresh(
        &mut self,
        sso: &Sso,
        oidc_endpoint: &str,
        token: Option<TokenFile>,
    ) -> Option<String> {
        let Some(token) = token else {
            self.run_check("token-refresh", |_| {
                Check::new("token-refresh", Status::Skip, "skipped: no token")
            });
            return None;
        };
        let key = sso.session.clone().unwrap_or_else(|| sso.start_url.clone());
        if let Some(shared) = self.shared.tokens.get(&key) {
            let shared = shared.clone();
            self.push(Check::new(
                "token-refresh",
                Status::Skip,
                "skipped: done for this session already",
            ));
            return shared;
        }
        let now = self.inputs.now;
        let expires = cache::parse_timestamp(&token.expires_at).unwrap_or(0);
        let result = if expires > now + refresh::WINDOW_SECS {
            self.push(Check::new(
                "token-refresh",
                Status::Skip,
                "not needed: more than 15 minutes left",
            ));
            Some(token.access_token)
        } else if let Some(session) = &sso.session {
            let s = refresh::Session {
                name: session,
                start_url: &sso.start_url,
                region: &sso.region,
            };
            match refresh::refresh(
                self.http,
                oidc_endpoint,
                &cache::token_dir(&self.inputs.home),
                &s,
                now,
                false,
            ) {
                Ok(_) => {
                    self.push(Check::new(
                        "token-refresh",
                        Status::Pass,
                        "refreshed the token (as the AWS CLI would)",
                    ));
                    std::fs::read_to_string(self.token_path(sso))
                        .ok()
                        .and_then(|t| TokenFile::parse(&t))
                        .map(|t| t.access_token)
                }
                Err(e) => {
                    let remedy = match &e {
                        refresh::RefreshError::Call(CallError::Transport(_)) => {
                            "check the network, proxy and CA bundle, then run doctor again"
                                .to_string()
                        }
                        _ => self.login_command(sso),
                    };
                    self.push(
                        Check::new(
                            "token-refresh",
                            Status::Fail,
                            format!("refresh failed: {e}"),
                        )
                        .remedy(remedy),
                    );
                    None
                }
            }
        } else if expires > now {
            self.push(Check::new(
                "token-refresh",
                Status::Skip,
                "skipped: legacy tokens are never refreshed",
            ));
            Some(token.access_token)
        } else {
            self.push(Check::new(
                "token-refresh",
                Status::Skip,
                "skipped: legacy tokens are never refreshed",
            ));
            None
        };
        self.shared.tokens.insert(key, result.clone());
        result
    }

    fn call_remedy(&mut self, e: &CallError, sso: &Sso) -> String {
        match e.code() {
            Some("UnauthorizedException") => format!(
                "the token was refused (revoked, logged out, or expired early): {}",
                self.login_command(sso)
            ),
            Some("ForbiddenException") => "the role is not assigned to you in this account: ask your Identity Center administrator, or use a role the portal lists".into(),
            Some("TooManyRequestsException" | "Throttling") => "AWS is throttling requests: wait a minute and run doctor again".into(),
            Some(code) if code.starts_with('5') || code.contains("InternalServer") => "AWS answered with a server error: try again later".into(),
            None => "check the network, proxy (HTTPS_PROXY) and CA bundle (AWS_CA_BUNDLE)".into(),
            _ => format!("see the error above; {}", self.login_command(sso)),
        }
    }

    fn check_accounts(&mut self, sso: &Sso, portal: &str, token: &str, account: &str) -> Check {
        let key = sso.session.clone().unwrap_or_else(|| sso.start_url.clone());
        let accounts = match self.shared.accounts.get(&key) {
            Some(a) => a.clone(),
            None => {
                let a = oidc::list_accounts(self.http, portal, token);
                self.shared.accounts.insert(key, a.clone());
                a
            }
        };
        match accounts {
            Err(e) => {
                self.stop("the portal refused the token");
                Check::new(
                    "account-access",
                    Status::Fail,
                    format!("ListAccounts failed: {e}"),
                )
                .remedy(self.call_remedy(&e, sso))
            }
            Ok(list) if list.iter().any(|a| a.id == account) => {
                let name = list
                    .iter()
                    .find(|a| a.id == account)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                Check::new(
                    "account-access",
                    Status::Pass,
                    format!("account {account} ({name}) is assigned to you"),
                )
            }
            Ok(mut list) => {
                self.stop("the account is not visible");
                list.sort_by_key(|a| strsim::levenshtein(&a.id, account));
                let shown: Vec<String> = list
                    .iter()
                    .map(|a| format!("{} ({})", a.id, a.name))
                    .collect();
                Check::new("account-access", Status::Fail, format!("account {account} is not among the {} account(s) you can use", list.len()))
                    .detail(format!("your accounts, closest first: {}", shown.join(", ")))
                    .data("accounts", json!(list.iter().map(|a| &a.id).collect::<Vec<_>>()))
                    .remedy(match list.first() {
                        Some(a) if strsim::levenshtein(&a.id, account) <= 3 => format!("set sso_account_id = {} in [profile {}] (a typo?)", a.id, sso.profile),
                        _ => "ask your Identity Center administrator for an assignment in this account, or use one of the accounts listed".into(),
                    })
            }
        }
    }

    fn check_roles(
        &mut self,
        sso: &Sso,
        portal: &str,
        token: &str,
        account: &str,
        role: &str,
    ) -> Check {
        match oidc::list_account_roles(self.http, portal, token, account) {
            Err(e) => {
                self.stop("roles could not be listed");
                Check::new(
                    "role-access",
                    Status::Fail,
                    format!("ListAccountRoles failed: {e}"),
                )
                .remedy(self.call_remedy(&e, sso))
            }
            Ok(roles) if roles.iter().any(|r| r == role) => Check::new(
                "role-access",
                Status::Pass,
                format!("role {role} is assigned to you in {account}"),
            ),
            Ok(roles) => {
                self.stop("the role is not assigned");
                let same_but_case = roles.iter().find(|r| r.eq_ignore_ascii_case(role));
                let check = Check::new(
                    "role-access",
                    Status::Fail,
                    format!("role {role} is not assigned to you in {account}"),
                )
                .detail(format!("your roles there: {}", roles.join(", ")))
                .data("roles", json!(roles));
                match same_but_case {
                    Some(r) => check.remedy(format!("role names are case-sensitive: set sso_role_name = {r} in [profile {}]", sso.profile)),
                    None => check.remedy("use one of the roles listed, or ask your Identity Center administrator for this one"),
                }
            }
        }
    }

    fn check_identity(
        &mut self,
        sso: &Sso,
        sts_endpoint: &str,
        credentials: &crate::aws::sigv4::Credentials,
        account: &str,
        role: &str,
    ) -> Check {
        match sts::get_caller_identity(
            self.http,
            sts_endpoint,
            &sso.region,
            credentials,
            now_secs(),
        ) {
            Err(e) => Check::new(
                "caller-identity",
                Status::Fail,
                format!("GetCallerIdentity failed: {e}"),
            )
            .remedy(match e.code() {
                Some("SignatureDoesNotMatch") => {
                    "the local clock may be off (see clock-skew); synchronise it".to_string()
                }
                _ => self.call_remedy(&e, sso),
            }),
            Ok(identity) => {
                let matches = identity.account == account
                    && identity.arn.contains(&format!("/AWSReservedSSO_{role}_"));
                let check = Check::new(
                    "caller-identity",
                    if matches { Status::Pass } else { Status::Warn },
                    format!("you are {}", identity.arn),
                )
                .data("arn", json!(identity.arn))
                .data("account", json!(identity.account));
                if matches {
                    check
                } else {
                    check.remedy("the identity does not match the profile's account and role: check sso_account_id and sso_role_name")
                }
            }
        }
    }
}

fn stale_duplicates(expected: &Path, start_url: &str) -> Vec<String> {
    let Some(dir) = expected.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p != expected && p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .ok()
                .and_then(|t| TokenFile::parse(&t))
                .is_some_and(|t| t.start_url.as_deref() == Some(start_url))
        })
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    out.sort();
    out
}

/// `aws --version` → ("2.15.0", 2, 15), bounded to a few seconds.
fn aws_cli_version() -> Option<(String, u32, u32)> {
    let mut child = std::process::Command::new("aws")
        .arg("--version")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                return None;
            }
        }
    }
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    let version = text
        .split_whitespace()
        .next()?
        .strip_prefix("aws-cli/")?
        .to_string();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    Some((version.clone(), parts.next()?, parts.next().unwrap_or(0)))
}
