//! `ssolint login`: IAM Identity Center sign-in with the AWS CLI's token cache. Selects the
//! session as `aws sso login` does, chooses PKCE or the device code, registers (or reuses)
//! the client, runs one flow per session at a time (a lock), and writes the token and the
//! registration exactly as the CLI writes them.

pub mod device;
pub mod environment;
pub mod flow;
pub mod logout;
pub mod pkce;
pub mod refresh;
pub mod target;

pub use flow::{Context, LoginError, Options, Outcome, open_browser};
use flow::{call, now};
pub use target::{SelectError, Target, parse_scopes, select};

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::aws::cache::{self, Registration, TokenFile};
use crate::aws::oidc::{self, Client, Tokens};

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
    let default_scopes = vec![crate::model::values::DEFAULT_SCOPES.to_string()];
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
