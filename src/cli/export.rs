//! `ssolint export-credentials`: what `aws configure export-credentials` does for an IAM
//! Identity Center profile, without Python — the bridge for tools that cannot read
//! sso-session profiles (`credential_process = ssolint export-credentials --profile P`).
//! The cached token is refreshed as the SDKs refresh it; nothing signs in interactively
//! (a credential process has no terminal): a missing or dead sign-in says how to sign in.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::login::{CachedToken, Files, cached_token, env, home, http_for};
use super::{EXIT_ERROR, default_locations};
use crate::aws::cache;
use crate::aws::endpoints::{self, Service};
use crate::aws::oidc;
use crate::login;
use crate::model::KnownKey;
use crate::syntax::Dialect;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The profile (default: as the AWS CLI chooses: $AWS_PROFILE, $AWS_DEFAULT_PROFILE,
    /// `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// `process`: the JSON `credential_process` reads (the default); `env`: `export` lines;
    /// `env-no-export`: `NAME=value` lines; `json`: the same JSON as `process`.
    #[arg(long, value_enum, default_value_t = Format::Process)]
    pub format: Format,
    #[command(flatten)]
    pub aws: super::AwsFlags,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Process,
    Env,
    EnvNoExport,
    Json,
}

pub fn run(args: Args) -> u8 {
    args.aws.apply();
    match run_inner(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {}", crate::model::redact::controls(&message));
            EXIT_ERROR
        }
    }
}

fn run_inner(args: &Args) -> Result<(), String> {
    let files = Files::read()?;
    let config = files.load();
    if let Some(problem) = config.fatal.first() {
        return Err(format!(
            "{}: {} (run `ssolint check`)",
            files.position(problem.at),
            problem.message
        ));
    }
    let profile_name = args
        .profile
        .clone()
        .unwrap_or(default_locations(Dialect::Botocore).profile);
    let target = login::select(&config, &profile_name, true, None, &|at| files.position(at))?;
    let block = config
        .profiles
        .get(profile_name.as_str())
        .ok_or_else(|| format!("profile `{profile_name}` does not exist"))?;
    let (Some(account), Some(role)) = (
        block.str(KnownKey::SsoAccountId),
        block.str(KnownKey::SsoRoleName),
    ) else {
        return Err(format!(
            "profile `{profile_name}` has no sso_account_id and sso_role_name: export-credentials exports IAM Identity Center role credentials"
        ));
    };
    let http = http_for(&config, Some(&profile_name))?;
    let oidc_endpoint =
        endpoints::resolve(Service::Oidc, &target.region, &env, &config, Some(block));
    let portal = endpoints::resolve(Service::Portal, &target.region, &env, &config, Some(block));
    let cache_dir = cache::token_dir(&home()?);
    let token = valid_token(&target, &http, &oidc_endpoint, &cache_dir)?;
    let (credentials, expires) = oidc::get_role_credentials(&http, &portal, &token, account, role)
        .map_err(|e| format!("GetRoleCredentials for account {account} role {role} failed: {e}"))?;
    let expiration = cache::timestamp(expires);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Process | Format::Json => {
            let mut value = json!({
                "Version": 1,
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
            });
            if let Some(token) = &credentials.session_token {
                value["SessionToken"] = json!(token);
            }
            value["Expiration"] = json!(expiration);
            writeln!(out, "{value}").map_err(|e| e.to_string())?;
        }
        Format::Env | Format::EnvNoExport => {
            let prefix = if args.format == Format::Env {
                "export "
            } else {
                ""
            };
            let mut lines = vec![
                ("AWS_ACCESS_KEY_ID", credentials.access_key_id.clone()),
                (
                    "AWS_SECRET_ACCESS_KEY",
                    credentials.secret_access_key.clone(),
                ),
            ];
            if let Some(token) = &credentials.session_token {
                lines.push(("AWS_SESSION_TOKEN", token.clone()));
            }
            lines.push(("AWS_CREDENTIAL_EXPIRATION", expiration));
            for (name, value) in lines {
                writeln!(out, "{prefix}{name}={value}").map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

/// The cached access token (refreshed as the SDKs refresh it), or how to sign in.
fn valid_token(
    target: &login::Target,
    http: &crate::aws::http::Http,
    oidc_endpoint: &str,
    cache_dir: &Path,
) -> Result<String, String> {
    let login_hint = match &target.session {
        Some(s) => format!("ssolint login --sso-session {s}"),
        None => format!("ssolint login --profile … (start URL {})", target.start_url),
    };
    match cached_token(target, http, oidc_endpoint, cache_dir) {
        CachedToken::Valid(token) => Ok(token),
        CachedToken::Unusable(why) => Err(format!("{why}: run `{login_hint}`")),
    }
}
