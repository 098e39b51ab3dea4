//! `ssolint export-credentials`: what `aws configure export-credentials` does for an IAM
//! Identity Center profile, without Python — the bridge for tools that cannot read
//! sso-session profiles (`credential_process = ssolint export-credentials --profile P`).
//! The cached token is refreshed as the SDKs refresh it; nothing signs in interactively
//! (a credential process has no terminal): a missing or dead sign-in says how to sign in.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::login::{env, home, http_for};
use super::{EXIT_ERROR, default_locations, source};
use crate::aws::cache::{self, TokenFile};
use crate::aws::endpoints::{self, Service};
use crate::aws::oidc;
use crate::login;
use crate::model;
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

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn run_inner(args: &Args) -> Result<(), String> {
    let locations = default_locations(Dialect::Botocore);
    let config_file =
        source::read_optional(Path::new(&locations.config)).map_err(|e| e.to_string())?;
    let credentials_file =
        source::read_optional(Path::new(&locations.credentials)).map_err(|e| e.to_string())?;
    let (config, _) = model::load(
        Dialect::Botocore,
        config_file.as_ref().map(|s| s.text.as_str()),
        credentials_file.as_ref().map(|s| s.text.as_str()),
    );
    if let Some(problem) = config.fatal.first() {
        return Err(format!("{} (run `ssolint check`)", problem.message));
    }
    let profile_name = args.profile.clone().unwrap_or(locations.profile);
    let no_position = |_| String::new();
    let target = login::select(&config, &profile_name, true, None, &no_position)?;
    let block = config
        .profiles
        .get(profile_name.as_str())
        .ok_or_else(|| format!("profile `{profile_name}` does not exist"))?;
    let (Some(account), Some(role)) = (block.str("sso_account_id"), block.str("sso_role_name"))
    else {
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

/// The cached access token, refreshed when fewer than 5 minutes remain (as the SDKs do).
fn valid_token(
    target: &login::Target,
    http: &crate::aws::http::Http,
    oidc_endpoint: &str,
    cache_dir: &Path,
) -> Result<String, String> {
    crate::files::check_private_dir(cache_dir).map_err(|e| e.to_string())?;
    let path = cache_dir.join(target.token_file_name());
    let read = || -> Option<(TokenFile, u64)> {
        let bytes = crate::files::read(&path).ok()??.bytes;
        let token = TokenFile::parse(std::str::from_utf8(&bytes).ok()?)?;
        let expires = cache::parse_timestamp(&token.expires_at).ok()?;
        Some((token, expires))
    };
    let login_hint = match &target.session {
        Some(s) => format!("ssolint login --sso-session {s}"),
        None => format!("ssolint login --profile … (start URL {})", target.start_url),
    };
    let Some((token, expires)) = read() else {
        return Err(format!(
            "no cached sign-in for this profile: run `{login_hint}`"
        ));
    };
    if expires > now() + 5 * 60 {
        return Ok(token.access_token);
    }
    if let Some(session) = &target.session {
        let refreshed = login::refresh::refresh(
            http,
            oidc_endpoint,
            cache_dir,
            &login::refresh::Session {
                name: session,
                start_url: &target.start_url,
                region: &target.region,
            },
            now(),
            true,
        );
        match refreshed {
            Ok(_) => {
                if let Some((token, expires)) = read()
                    && expires > now()
                {
                    return Ok(token.access_token);
                }
            }
            Err(e) => {
                return Err(format!(
                    "the sign-in has expired and {e}: run `{login_hint}`"
                ));
            }
        }
    }
    Err(format!("the sign-in has expired: run `{login_hint}`"))
}
