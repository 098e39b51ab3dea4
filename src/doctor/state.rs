//! One diagnosis in progress: what doctor was given ([`Inputs`]), what profiles of one run
//! share ([`Shared`]), and what the checks found so far ([`Doctor`]), with the helpers
//! several checks use (the login command, remedies for AWS errors, endpoints).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::aws::cache::{self, TokenFile};
use crate::aws::endpoints::{self, Service};
use crate::aws::http::{CallError, Http};
use crate::aws::oidc;
use crate::aws::sigv4::Credentials;
use crate::doctor::chain::{Progress, Sso};
use crate::doctor::environment::Environment;
use crate::model::Config;

/// A file as read by the edge.
#[derive(Clone, Debug)]
pub struct FileInput {
    pub path: PathBuf,
    /// `None`: the file does not exist. `Err`: it could not be read (message).
    pub text: Result<Option<String>, String>,
    pub from_env: bool,
    pub mode: Option<u32>,
}

/// Everything doctor is given, gathered by the CLI (or a test).
pub struct Inputs<'e> {
    pub environment: &'e dyn Environment,
    pub config: FileInput,
    pub credentials: FileInput,
    pub home: PathBuf,
    pub profile_arg: Option<String>,
    pub offline: bool,
    /// Sign in when the token is missing or dead.
    pub login: bool,
    /// Where a login's prompts go.
    pub login_output: Option<&'e mut dyn std::io::Write>,
}

/// The installed AWS CLI's version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsCli {
    pub version: String,
    pub major: u32,
    pub minor: u32,
}

impl AwsCli {
    /// `aws-cli/2.15.0 Python/3.11.6 …` → 2.15.0.
    pub fn parse(output: &str) -> Option<AwsCli> {
        let version = output
            .split_whitespace()
            .next()?
            .strip_prefix("aws-cli/")?
            .to_string();
        let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        Some(AwsCli {
            major: parts.next()?,
            minor: parts.next().unwrap_or(0),
            version,
        })
    }
}

/// Work shared between profiles of one run (`--all`): per session, the live token and the
/// account list; the AWS CLI's version, asked once.
#[derive(Default)]
pub struct Shared {
    pub tokens: HashMap<String, Option<String>>,
    pub accounts: HashMap<String, Result<Vec<oidc::Account>, CallError>>,
    pub aws_cli: Option<Option<AwsCli>>,
}

/// The endpoints of the three services a profile uses.
#[derive(Clone, Debug)]
pub struct Endpoints {
    pub oidc: String,
    pub portal: String,
    pub sts: String,
}

/// One profile's diagnosis in progress.
pub struct Doctor<'a, 'i, 'e> {
    pub inputs: &'a mut Inputs<'e>,
    pub http: &'a Http,
    pub config: &'a Config<'a>,
    pub config_text: Option<&'a str>,
    pub credentials_text: Option<&'a str>,
    pub shared: &'i mut Shared,
    /// The profile diagnosed.
    pub profile: String,
    /// The first failure that makes the later checks meaningless.
    pub stopped: Option<String>,
    /// The SSO settings the profile resolved to.
    pub sso: Option<Sso>,
    /// The portal's `Date` and the local clock when it arrived (for clock-skew).
    pub server_date: Option<(String, u64)>,
    /// The cached token (perhaps expired), then the usable access token.
    pub token: Option<TokenFile>,
    pub access_token: Option<String>,
    pub role_credentials: Option<Credentials>,
}

impl Doctor<'_, '_, '_> {
    pub fn stop(&mut self, reason: impl Into<String>) {
        self.stopped.get_or_insert(reason.into());
    }

    pub fn progress(&self) -> Progress<'_> {
        Progress {
            stopped: self.stopped.as_deref(),
            sso: self.sso.as_ref(),
            offline: self.inputs.offline,
        }
    }

    pub fn env(&self) -> &dyn Environment {
        self.inputs.environment
    }

    pub fn var(&self, key: &str) -> Option<String> {
        self.inputs.environment.var(key)
    }

    /// The installed AWS CLI (asked once per run).
    pub fn aws_cli(&mut self) -> Option<AwsCli> {
        let environment = self.inputs.environment;
        self.shared
            .aws_cli
            .get_or_insert_with(|| AwsCli::parse(&environment.aws_version_output()?))
            .clone()
    }

    /// How to sign in: ssolint, and `aws sso login` only where the installed AWS CLI has it
    /// (v2; v1 has no `aws sso`, and sso-session needs 2.9).
    pub fn login_command(&mut self, sso: &Sso) -> String {
        let cli = self.aws_cli();
        let cli_can = cli.as_ref().is_some_and(|cli| {
            cli.major > 2 || (cli.major == 2 && (sso.session.is_none() || cli.minor >= 9))
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

    /// What to do about an AWS error.
    pub fn call_remedy(&mut self, e: &CallError, sso: &Sso) -> String {
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

    /// The endpoints as botocore resolves them for the profile.
    pub fn endpoints(&self, sso: &Sso) -> Endpoints {
        let block = self.config.profiles.get(sso.profile.as_str());
        let environment = self.inputs.environment;
        let env = |k: &str| environment.var(k);
        let resolve = |service| endpoints::resolve(service, &sso.region, &env, self.config, block);
        Endpoints {
            oidc: resolve(Service::Oidc),
            portal: resolve(Service::Portal),
            sts: resolve(Service::Sts),
        }
    }

    /// The token cache file for the profile's session (or legacy start URL).
    pub fn token_path(&self, sso: &Sso) -> PathBuf {
        self.token_dir()
            .join(format!("{}.json", cache::token_key(sso.cache_key())))
    }

    pub fn token_dir(&self) -> PathBuf {
        cache::token_dir(&self.inputs.home)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_cli_version_is_read_from_its_banner() {
        assert_eq!(
            AwsCli::parse("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64\n"),
            Some(AwsCli {
                version: "2.15.0".into(),
                major: 2,
                minor: 15
            })
        );
        assert_eq!(
            AwsCli::parse("aws-cli/1.32 Python/3.8").map(|c| c.minor),
            Some(32)
        );
        assert_eq!(AwsCli::parse("command not found"), None);
        assert_eq!(AwsCli::parse(""), None);
    }
}
