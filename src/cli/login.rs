//! `ssolint login` and `ssolint logout`.

use std::path::{Path, PathBuf};

use super::{EXIT_ERROR, default_locations, write_stdout};
use crate::aws::cache;
use crate::aws::endpoints::{self, Service};
use crate::aws::http::{Http, HttpOptions};
use crate::login::{self, Options, Target};
use crate::model::{self, Config, FileKind, KnownKey, Location};
use crate::syntax::{Dialect, LineIndex};
use crate::workspace;

#[derive(clap::Args, Debug)]
pub struct LoginArgs {
    /// The profile whose session to sign in to (default: as the AWS CLI chooses:
    /// $AWS_PROFILE, $AWS_DEFAULT_PROFILE, `default`).
    #[arg(long, conflicts_with = "sso_session")]
    pub profile: Option<String>,
    /// The [sso-session] to sign in to.
    #[arg(long)]
    pub sso_session: Option<String>,
    /// Use the device code flow (always used for legacy profiles).
    #[arg(long)]
    pub use_device_code: bool,
    /// Print the URL instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
    #[command(flatten)]
    pub aws: super::AwsFlags,
    /// A fixed port for the sign-in redirect (for SSH port forwarding).
    #[arg(long, value_name = "N")]
    pub redirect_port: Option<u16>,
}

#[derive(clap::Args, Debug)]
pub struct LogoutArgs {
    /// Only this profile's session (default: every cached token, like `aws sso logout`).
    #[arg(long, conflicts_with = "sso_session")]
    pub profile: Option<String>,
    /// Only this session.
    #[arg(long)]
    pub sso_session: Option<String>,
    #[command(flatten)]
    pub aws: super::AwsFlags,
}

pub(super) struct Files {
    config: Option<workspace::Source>,
    credentials: Option<workspace::Source>,
}

impl Files {
    pub(super) fn read() -> Result<Files, String> {
        let locations = default_locations(Dialect::Botocore);
        Ok(Files {
            config: workspace::read_optional(Path::new(&locations.config))
                .map_err(|e| e.to_string())?,
            credentials: workspace::read_optional(Path::new(&locations.credentials))
                .map_err(|e| e.to_string())?,
        })
    }

    /// The files read, for messages.
    fn read_list(&self) -> String {
        let paths: Vec<String> = [&self.config, &self.credentials]
            .into_iter()
            .flatten()
            .map(|s| s.path.display().to_string())
            .collect();
        if paths.is_empty() {
            "no config or credentials file exists".into()
        } else {
            paths.join(", ")
        }
    }

    pub(super) fn position(&self, at: Location) -> String {
        let file = match at.file {
            FileKind::Config => &self.config,
            FileKind::Credentials => &self.credentials,
        };
        match file {
            Some(s) => {
                let lc = LineIndex::new(&s.text).line_col(&s.text, at.span.start());
                format!("{}:{}:{}", s.path.display(), lc.line, lc.column)
            }
            None => at.file.name().to_string(),
        }
    }
}

pub(super) fn env(k: &str) -> Option<String> {
    super::aws_env(k)
}

pub(super) fn home() -> Result<PathBuf, String> {
    home::home_dir().ok_or_else(|| "cannot find the home directory (set HOME)".to_string())
}

/// A cached sign-in, as the SDKs use one.
pub(super) enum CachedToken {
    /// Valid for five more minutes at least (refreshed first if it was closer to expiry).
    Valid(String),
    /// No usable token: none, unreadable, or expired and not refreshable (why).
    Unusable(String),
}

/// The target's cached access token, refreshed when fewer than five minutes remain (as the
/// SDKs do). Never signs in. The cache directory must be private.
pub(super) fn cached_token(
    target: &login::Target,
    http: &Http,
    oidc_endpoint: &str,
    cache_dir: &Path,
) -> CachedToken {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    if let Err(e) = crate::files::check_private_dir(cache_dir) {
        return CachedToken::Unusable(e.to_string());
    }
    let path = cache_dir.join(target.token_file_name());
    let read = || -> Option<(cache::TokenFile, u64)> {
        let bytes = crate::files::read(&path).ok()??.bytes;
        let token = cache::TokenFile::parse(std::str::from_utf8(&bytes).ok()?)?;
        let expires = cache::parse_timestamp(&token.expires_at).ok()?;
        Some((token, expires))
    };
    let Some((token, expires)) = read() else {
        return CachedToken::Unusable("there is no cached sign-in".into());
    };
    if expires > now() + 5 * 60 {
        return CachedToken::Valid(token.access_token);
    }
    let Some(session) = &target.session else {
        return CachedToken::Unusable(
            "the sign-in has expired (legacy profiles cannot refresh)".into(),
        );
    };
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
        Ok(_) => match read() {
            Some((token, expires)) if expires > now() => CachedToken::Valid(token.access_token),
            _ => CachedToken::Unusable("the refreshed token is not in the cache".into()),
        },
        Err(e) => CachedToken::Unusable(format!("the sign-in has expired and {e}")),
    }
}

pub(super) fn http_for(config: &Config, profile: Option<&str>) -> Result<Http, String> {
    let ca_bundle = env("AWS_CA_BUNDLE").filter(|v| !v.is_empty()).or_else(|| {
        profile
            .and_then(|p| config.profiles.get(p))
            .and_then(|b| b.str(KnownKey::CaBundle))
            .map(str::to_string)
    });
    Http::new(&HttpOptions {
        ca_bundle: ca_bundle.map(PathBuf::from),
        debug: super::DEBUG.load(std::sync::atomic::Ordering::Relaxed),
        ..HttpOptions::default()
    })
    .map_err(|e| e.to_string())
}

impl Files {
    /// Both files as botocore resolves them.
    pub(super) fn load(&self) -> Config<'_> {
        load(self)
    }
}

fn load(files: &Files) -> Config<'_> {
    model::load(
        Dialect::Botocore,
        files.config.as_ref().map(|s| s.text.as_str()),
        files.credentials.as_ref().map(|s| s.text.as_str()),
    )
    .0
}

pub fn login(args: LoginArgs) -> u8 {
    args.aws.apply();
    match login_inner(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn login_inner(args: &LoginArgs) -> Result<(), String> {
    let files = Files::read()?;
    let config = load(&files);
    if let Some(problem) = config.fatal.first() {
        return Err(format!(
            "{}: {} (run `ssolint check`)",
            files.position(problem.at),
            problem.message
        ));
    }
    let locations = default_locations(Dialect::Botocore);
    let profile_name = args.profile.clone().unwrap_or(locations.profile);
    let target: Target = login::select(
        &config,
        &profile_name,
        args.profile.is_some(),
        args.sso_session.as_deref(),
        &|at| files.position(at),
    )
    .map_err(|e| format!("{e} [read: {}]", files.read_list()))?;
    let profile_block = target
        .profile
        .as_deref()
        .and_then(|p| config.profiles.get(p));
    let endpoint = endpoints::resolve(Service::Oidc, &target.region, &env, &config, profile_block);
    let http = http_for(&config, target.profile.as_deref())?;
    let mut stdout = std::io::stdout();
    let mut ctx = login::Context {
        http: &http,
        oidc_endpoint: &endpoint,
        cache_dir: cache::token_dir(&home()?),
        out: &mut stdout,
    };
    let options = Options {
        use_device_code: args.use_device_code,
        no_browser: args.no_browser,
        redirect_port: args.redirect_port,
    };
    login::login(&mut ctx, &target, &options).map_err(|e| e.to_string())?;
    Ok(())
}

pub fn logout(args: LogoutArgs) -> u8 {
    args.aws.apply();
    match logout_inner(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn logout_inner(args: &LogoutArgs) -> Result<(), String> {
    let files = Files::read()?;
    let config = load(&files);
    let home = home()?;
    let active = args
        .profile
        .clone()
        .unwrap_or(default_locations(Dialect::Botocore).profile);
    let profile_block = config.profiles.get(active.as_str());
    let http = http_for(&config, Some(&active))?;
    let portal_for =
        |region: &str| endpoints::resolve(Service::Portal, region, &env, &config, profile_block);
    let report = if args.profile.is_none() && args.sso_session.is_none() {
        login::logout::all(&http, &portal_for, &home)
    } else {
        let target = login::select(
            &config,
            &active,
            args.profile.is_some(),
            args.sso_session.as_deref(),
            &|at| files.position(at),
        )?;
        // Role credentials cached for every profile that uses this session (or URL).
        let roles: Vec<(String, String)> = config
            .profiles
            .values()
            .filter(|p| match &target.session {
                Some(s) => p.str(KnownKey::SsoSession) == Some(s.as_str()),
                None => p.str(KnownKey::SsoStartUrl) == Some(target.start_url.as_str()),
            })
            .filter_map(|p| {
                Some((
                    p.str(KnownKey::SsoAccountId)?.to_string(),
                    p.str(KnownKey::SsoRoleName)?.to_string(),
                ))
            })
            .collect();
        login::logout::one(&http, &portal_for, &home, target.cache_key(), &roles)
    };
    for failure in &report.logout_failures {
        eprintln!(
            "warning: the portal's Logout failed ({failure}); the cached token was removed anyway"
        );
    }
    // The logout is done whether or not anyone reads this line.
    let _ = write_stdout(|out| {
        writeln!(
            out,
            "Logged out: {} cached token(s) and {} cached role credential file(s) removed; client registrations kept.",
            report.tokens_removed.len(),
            report.credentials_removed
        )
    });
    Ok(())
}
