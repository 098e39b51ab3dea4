//! `ssolint login`: IAM Identity Center sign-in with the AWS CLI's token cache. Selects the
//! session as `aws sso login` does, chooses PKCE or the device code, registers (or reuses)
//! the client, runs one flow per session at a time (a lock), and writes the token and the
//! registration exactly as the CLI writes them.

pub mod device;
pub mod environment;
pub mod logout;
pub mod pkce;
pub mod refresh;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::aws::cache::{self, Registration, TokenFile};
use crate::aws::http::{CallError, Http};
use crate::aws::oidc::{self, Client, Tokens};
use crate::model::{Block, Config};

/// What to sign in to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `None` for a legacy profile (start URL in the profile).
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    /// `sso_registration_scopes` as configured (`None` when absent).
    pub scopes: Option<Vec<String>>,
    /// The profile the session was selected through, if any.
    pub profile: Option<String>,
}

impl Target {
    /// The token cache file's key: session name, else start URL.
    pub fn cache_key(&self) -> cache::Key<'_> {
        match &self.session {
            Some(s) => cache::Key::Session(s),
            None => cache::Key::StartUrl(&self.start_url),
        }
    }

    pub fn token_file_name(&self) -> String {
        let input = self.session.as_deref().unwrap_or(&self.start_url);
        format!("{}.json", cache::token_key(input))
    }

    fn registration_file_name(&self) -> String {
        format!(
            "{}.json",
            cache::registration_key(
                &self.start_url,
                &self.region,
                self.scopes.as_deref(),
                self.session.as_deref()
            )
        )
    }
}

/// `sso_registration_scopes` as the CLI parses it: split on `,`, trimmed, empties dropped.
pub fn parse_scopes(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Selects what to sign in to, as `aws sso login` does: `--sso-session`, else the profile's
/// `sso_session` (start URL and region read only from the session), else the profile's own
/// legacy keys. `position` turns a location into `file:line:column` for messages.
pub fn select(
    config: &Config,
    profile_name: &str,
    profile_explicit: bool,
    session: Option<&str>,
    position: &dyn Fn(crate::model::Location) -> String,
) -> Result<Target, String> {
    let profile = config.profiles.get(profile_name);
    if profile.is_none() && (profile_explicit || session.is_none()) {
        let close =
            crate::model::closest_names(profile_name, config.profiles.keys().map(|k| k.as_ref()));
        return Err(format!(
            "The config profile ({profile_name}) could not be found{}",
            crate::model::did_you_mean_suffix(&close)
        ));
    }
    let session_name = session.map(str::to_string).or_else(|| {
        profile
            .and_then(|p| p.str("sso_session"))
            .map(str::to_string)
    });
    if let Some(name) = session_name {
        let Some(block) = config.sso_sessions.get(name.as_str()) else {
            let at = profile
                .and_then(|p| p.get("sso_session"))
                .map(|p| format!("{}: ", position(p.key)))
                .unwrap_or_default();
            return Err(format!(
                "{at}The specified sso-session does not exist: \"{name}\""
            ));
        };
        let (url, region) = required(block, position, "sso-session", &name)?;
        return Ok(Target {
            session: Some(name),
            start_url: url,
            region,
            scopes: block.str("sso_registration_scopes").map(parse_scopes),
            profile: profile.map(|_| profile_name.to_string()),
        });
    }
    let profile = profile.expect("checked above");
    let (url, region) = required(profile, position, "profile", profile_name)?;
    Ok(Target {
        session: None,
        start_url: url,
        region,
        scopes: None,
        profile: Some(profile_name.to_string()),
    })
}

fn required(
    block: &Block,
    position: &dyn Fn(crate::model::Location) -> String,
    kind: &str,
    name: &str,
) -> Result<(String, String), String> {
    let url = block.str("sso_start_url").filter(|v| !v.is_empty());
    let region = block.str("sso_region").filter(|v| !v.is_empty());
    let missing: Vec<&str> = [
        ("sso_start_url", url.is_none()),
        ("sso_region", region.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        let at = block
            .headers
            .last()
            .map(|h| format!("{}: ", position(*h)))
            .unwrap_or_default();
        return Err(format!(
            "{at}[{kind} {name}] is missing {}: add {} (see `ssolint check`)",
            missing.join(" and "),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let region = region.unwrap_or_default();
    if let Err(e) = crate::aws::endpoints::check_region(region) {
        let at = block
            .get("sso_region")
            .map(|p| format!("{}: ", position(p.key)))
            .unwrap_or_default();
        return Err(format!("{at}[{kind} {name}] sso_region {e}"));
    }
    Ok((url.unwrap_or_default().to_string(), region.to_string()))
}

/// How a login goes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub use_device_code: bool,
    pub no_browser: bool,
    pub redirect_port: Option<u16>,
}

/// Why a login failed, with what to do about it.
#[derive(Debug)]
pub enum LoginError {
    Call {
        during: &'static str,
        error: CallError,
    },
    Expired,
    Denied(String),
    Cancelled,
    Io(String),
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginError::Call { during, error } => {
                let hint = match error.code() {
                    Some("InvalidRequestException") => " — check sso_start_url",
                    Some("InvalidClientException") => {
                        " — the client registration is no longer valid; run the login again"
                    }
                    Some("InvalidGrantException") => {
                        " — if this follows \"Allow\" in the browser, sso_region is probably not the Identity Center's region"
                    }
                    Some("AccessDeniedException") => " — the request was denied in the browser",
                    None => {
                        " — check the network, proxy (HTTPS_PROXY) and CA bundle (AWS_CA_BUNDLE)"
                    }
                    _ => "",
                };
                write!(f, "{during} failed: {error}{hint}")
            }
            LoginError::Expired => write!(
                f,
                "the sign-in was not completed in time; run `ssolint login` again"
            ),
            LoginError::Denied(why) => write!(f, "the sign-in was refused: {why}"),
            LoginError::Cancelled => write!(f, "cancelled; the token cache was left as it was"),
            LoginError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoginError {}

fn call(during: &'static str) -> impl Fn(CallError) -> LoginError {
    move |error| LoginError::Call { during, error }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Everything a login needs from outside.
pub struct Context<'a> {
    pub http: &'a Http,
    pub oidc_endpoint: &'a str,
    /// `~/.aws/sso/cache`.
    pub cache_dir: PathBuf,
    /// Where progress lines go (stdout for the CLI; tests capture it).
    pub out: &'a mut dyn std::io::Write,
}

/// What a login produced.
#[derive(Debug)]
pub struct Outcome {
    pub token_path: PathBuf,
    /// Another login for the same session finished while this one waited: its token is used.
    pub reused: bool,
    pub flow: &'static str,
}

/// A held lock on one session's login. Released when dropped, and the lock file goes with
/// it: no empty `*.ssolint.lock` files stay in the cache.
struct SessionLock {
    file: fs::File,
    path: PathBuf,
}

/// Whether `file` is still the file at `path` (a releasing holder unlinks it; a waiter that
/// then gets the lock holds an orphan and must open the path again).
fn still_at(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl SessionLock {
    fn acquire(
        dir: &Path,
        key_file: &str,
        out: &mut dyn std::io::Write,
    ) -> Result<SessionLock, LoginError> {
        cache::create_private_dir(dir)
            .map_err(|e| LoginError::Io(format!("{}: {e}", dir.display())))?;
        let path = dir.join(format!(
            "{}.ssolint.lock",
            key_file.trim_end_matches(".json")
        ));
        let mut told = false;
        loop {
            let file = crate::files::open_lock_file(&path)
                .map_err(|e| LoginError::Io(format!("{}: {e}", path.display())))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    if !told {
                        let _ = writeln!(
                            out,
                            "Another ssolint login for this session is running; waiting for it to finish."
                        );
                        told = true;
                    }
                    file.lock()
                        .map_err(|e| LoginError::Io(format!("{}: {e}", path.display())))?;
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(LoginError::Io(format!("{}: {e}", path.display())));
                }
            }
            if still_at(&file, &path) {
                return Ok(SessionLock { file, path });
            }
            // The holder removed it as it finished: lock the file that is there now.
        }
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Unlink while holding the lock, then release: a waiter wakes up holding the
        // unlinked file, sees it is no longer at the path, and opens the path again.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether to sign in with PKCE, and why not when the environment decides against it. PKCE
/// needs an sso-session; `--use-device-code` forbids it; where a browser cannot reach this
/// machine's loopback (SSH, a container, no display) the device code flow is used — with or
/// without `--no-browser`, which only stops the browser from being opened. A redirect port
/// chosen with `--redirect-port` means the user forwards it: PKCE then.
fn choose_flow(
    has_session: bool,
    options: &Options,
    cannot_redirect: Option<&'static str>,
) -> (bool, Option<&'static str>) {
    if !has_session || options.use_device_code {
        return (false, None);
    }
    match cannot_redirect {
        Some(reason) if options.redirect_port.is_none() => (false, Some(reason)),
        _ => (true, None),
    }
}

/// Signs in to `target` and writes the token cache.
pub fn login(ctx: &mut Context, target: &Target, options: &Options) -> Result<Outcome, LoginError> {
    let started = SystemTime::now();
    let (pkce, why) = choose_flow(
        target.session.is_some(),
        options,
        environment::browser_cannot_redirect(&|k| std::env::var(k).ok()),
    );
    if let Some(why) = why {
        let _ = writeln!(ctx.out, "Using the device code flow: {why}.");
    }
    let token_name = target.token_file_name();
    let _lock = SessionLock::acquire(&ctx.cache_dir, &token_name, ctx.out)?;
    let token_path = ctx.cache_dir.join(&token_name);
    // A parallel login that finished while we waited: use its token.
    if let Ok(meta) = fs::metadata(&token_path)
        && meta.modified().is_ok_and(|m| m > started)
        && let Some(token) = fs::read_to_string(&token_path)
            .ok()
            .and_then(|t| TokenFile::parse(&t))
        && cache::parse_timestamp(&token.expires_at).is_ok_and(|e| e > now() + 15 * 60)
    {
        let _ = writeln!(
            ctx.out,
            "Another login for this session just finished; using its token."
        );
        return Ok(Outcome {
            token_path,
            reused: true,
            flow: "reused",
        });
    }
    let (client, registration_expires) = client_for(ctx, target, pkce)?;
    let tokens = if pkce {
        pkce::run(ctx, target, &client, options)?
    } else {
        device::run(ctx, target, &client, options)?
    };
    write_token(ctx, target, &client, registration_expires, &tokens)?;
    let _ = writeln!(
        ctx.out,
        "Successfully logged into Start URL: {}",
        target.start_url
    );
    Ok(Outcome {
        token_path,
        reused: false,
        flow: if pkce { "pkce" } else { "device" },
    })
}

/// The cached client registration if it fits (more than 15 minutes left, same flow), else a
/// new one, cached.
fn client_for(ctx: &mut Context, target: &Target, pkce: bool) -> Result<(Client, u64), LoginError> {
    let file = ctx.cache_dir.join(target.registration_file_name());
    let cached = fs::read_to_string(&file)
        .ok()
        .and_then(|t| Registration::parse(&t));
    if let Some(r) = cached
        && r.is_for_auth_code() == pkce
        && let Ok(expires) = cache::parse_timestamp(&r.expires_at)
        && expires > now() + 15 * 60
    {
        return Ok((
            Client {
                id: r.client_id,
                secret: r.client_secret,
                expires_at: expires,
            },
            expires,
        ));
    }
    let name = match &target.session {
        Some(s) => format!("botocore-client-{s}"),
        None => format!("botocore-client-{}", now()),
    };
    let default_scopes = vec!["sso:account:access".to_string()];
    let redirect = ["http://127.0.0.1/oauth/callback".to_string()];
    let grants = ["authorization_code", "refresh_token"];
    let scopes: Option<&[String]> = if pkce {
        Some(target.scopes.as_deref().unwrap_or(&default_scopes))
    } else {
        target.scopes.as_deref()
    };
    let request = oidc::Registration {
        name: &name,
        scopes,
        grant_types: pkce.then_some(&grants[..]),
        redirect_uris: pkce.then_some(&redirect[..]),
        issuer_url: pkce.then_some(target.start_url.as_str()),
    };
    let client = oidc::register_client(ctx.http, ctx.oidc_endpoint, &request)
        .map_err(call("RegisterClient"))?;
    let registration = Registration {
        client_id: client.id.clone(),
        client_secret: client.secret.clone(),
        expires_at: cache::timestamp(client.expires_at),
        scopes: scopes.map(<[String]>::to_vec),
        grant_types: pkce.then(|| grants.iter().map(|g| g.to_string()).collect()),
    };
    let name = target.registration_file_name();
    cache::write_private(&ctx.cache_dir, &name, &registration.to_json())
        .map_err(|e| LoginError::Io(format!("{}: {e}", ctx.cache_dir.join(&name).display())))?;
    let expires = client.expires_at;
    Ok((client, expires))
}

fn write_token(
    ctx: &mut Context,
    target: &Target,
    client: &Client,
    registration_expires: u64,
    tokens: &Tokens,
) -> Result<(), LoginError> {
    let token = TokenFile {
        start_url: Some(target.start_url.clone()),
        region: Some(target.region.clone()),
        access_token: tokens.access_token.clone(),
        expires_at: cache::timestamp(now() + tokens.expires_in),
        client_id: Some(client.id.clone()),
        client_secret: Some(client.secret.clone()),
        registration_expires_at: Some(cache::timestamp(registration_expires)),
        refresh_token: tokens.refresh_token.clone(),
    };
    let name = target.token_file_name();
    cache::write_private(&ctx.cache_dir, &name, &token.to_json())
        .map_err(|e| LoginError::Io(format!("{}: {e}", ctx.cache_dir.join(&name).display())))?;
    Ok(())
}

/// Opens a URL in the user's browser (`wslview` on WSL, `$BROWSER` honoured); failures are
/// not fatal: the URL is printed anyway.
pub fn open_browser(url: &str) -> bool {
    if environment::is_wsl()
        && std::process::Command::new("wslview")
            .arg(url)
            .status()
            .is_ok_and(|s| s.success())
    {
        return true;
    }
    webbrowser::open(url).is_ok()
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    #[test]
    fn the_environment_decides_the_flow_and_no_browser_only_stops_the_launch() {
        let container = Some("this is a container");
        let no_browser = Options {
            no_browser: true,
            ..Options::default()
        };
        // Inside a container, --no-browser must not pick PKCE (it would wait forever).
        assert_eq!(
            choose_flow(true, &no_browser, container),
            (false, container)
        );
        assert_eq!(
            choose_flow(true, &Options::default(), container),
            (false, container)
        );
        // Where a browser can redirect, both use PKCE.
        assert_eq!(choose_flow(true, &no_browser, None), (true, None));
        // A forwarded port: PKCE even in a container.
        let forwarded = Options {
            redirect_port: Some(8400),
            ..Options::default()
        };
        assert_eq!(choose_flow(true, &forwarded, container), (true, None));
        // Legacy profiles and --use-device-code: the device code flow, no reason needed.
        assert_eq!(choose_flow(false, &Options::default(), None), (false, None));
        let device = Options {
            use_device_code: true,
            ..Options::default()
        };
        assert_eq!(choose_flow(true, &device, None), (false, None));
    }
}
