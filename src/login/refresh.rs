//! Token refresh as botocore does it (`tokens.py SSOTokenProvider`), for `ssolint doctor` and
//! anyone who needs a live token: inside the 15-minute window, CreateToken with the refresh
//! token, then the whole file rewritten the way botocore rewrites it. Failures are classified
//! so that the remedy can be named.

use std::path::Path;

use crate::aws::cache::{self, TokenFile};
use crate::aws::http::{CallError, Http};
use crate::aws::oidc::{self, Client, Grant};

/// Refresh when fewer than this many seconds remain (botocore's `_REFRESH_WINDOW`).
pub const WINDOW_SECS: u64 = 15 * 60;

#[derive(Debug, PartialEq, Eq)]
pub enum Refreshed {
    /// More than the window remains.
    NotNeeded {
        expires_at: u64,
    },
    Refreshed {
        expires_at: u64,
    },
}

#[derive(Debug)]
pub enum RefreshError {
    /// No token file: sign in.
    NoToken,
    /// The file is not a token botocore can read.
    Unreadable,
    /// `expiresAt` has no timezone: botocore crashes on it.
    NoTimezone(String),
    /// No `refreshToken`: the session has no `sso_registration_scopes`, or the token came
    /// from a legacy (device-code, scope-less) login.
    NoRefreshToken,
    /// `clientId`, `clientSecret` or `registrationExpiresAt` missing.
    MissingKeys(Vec<&'static str>),
    /// The client registration has expired: a new login registers a new one.
    RegistrationExpired,
    /// The portal session ended (InvalidGrantException): sign in again.
    SessionEnded(String),
    /// Any other refusal or no answer.
    Call(CallError),
    Io(String),
}

impl std::fmt::Display for RefreshError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefreshError::NoToken => write!(f, "no cached token: sign in"),
            RefreshError::Unreadable => write!(
                f,
                "the cached token is not valid JSON with accessToken and expiresAt"
            ),
            RefreshError::NoTimezone(t) => {
                write!(f, "expiresAt `{t}` has no timezone; botocore fails on it")
            }
            RefreshError::NoRefreshToken => write!(
                f,
                "the token has no refresh token (no sso_registration_scopes on the session, or a legacy login): it cannot be refreshed"
            ),
            RefreshError::MissingKeys(k) => {
                write!(f, "the token file lacks {} needed to refresh", k.join(", "))
            }
            RefreshError::RegistrationExpired => write!(
                f,
                "the client registration has expired: sign in again to register a new one"
            ),
            RefreshError::SessionEnded(m) => {
                write!(f, "the portal session has ended ({m}): sign in again")
            }
            RefreshError::Call(e) => write!(f, "refresh failed: {e}"),
            RefreshError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Session settings the refreshed file records.
pub struct Session<'a> {
    pub name: &'a str,
    pub start_url: &'a str,
    pub region: &'a str,
}

/// Refreshes the session's cached token if fewer than 15 minutes remain (or `force`).
pub fn refresh(
    http: &Http,
    oidc_endpoint: &str,
    cache_dir: &Path,
    session: &Session,
    now: u64,
    force: bool,
) -> Result<Refreshed, RefreshError> {
    let name = format!("{}.json", cache::token_key(session.name));
    let path = cache_dir.join(&name);
    crate::files::check_private_dir(cache_dir).map_err(|e| RefreshError::Io(e.to_string()))?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RefreshError::NoToken),
        Err(e) => return Err(RefreshError::Io(format!("{}: {e}", path.display()))),
    };
    let token = TokenFile::parse(&text).ok_or(RefreshError::Unreadable)?;
    let expires_at = match cache::parse_timestamp(&token.expires_at) {
        Ok(t) => t,
        Err(cache::TimestampError::NoTimezone(t)) => return Err(RefreshError::NoTimezone(t)),
        Err(cache::TimestampError::Invalid(_)) => return Err(RefreshError::Unreadable),
    };
    if !force && expires_at > now + WINDOW_SECS {
        return Ok(Refreshed::NotNeeded { expires_at });
    }
    let Some(refresh_token) = token.refresh_token.clone() else {
        return Err(RefreshError::NoRefreshToken);
    };
    let missing: Vec<&'static str> = [
        ("clientId", token.client_id.is_none()),
        ("clientSecret", token.client_secret.is_none()),
        (
            "registrationExpiresAt",
            token.registration_expires_at.is_none(),
        ),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        return Err(RefreshError::MissingKeys(missing));
    }
    let registration_expires = token
        .registration_expires_at
        .as_deref()
        .and_then(|t| cache::parse_timestamp(t).ok())
        .unwrap_or(0);
    if registration_expires <= now {
        return Err(RefreshError::RegistrationExpired);
    }
    let client = Client {
        id: token.client_id.clone().unwrap_or_default(),
        secret: token.client_secret.clone().unwrap_or_default(),
        expires_at: registration_expires,
    };
    let tokens = oidc::create_token(
        http,
        oidc_endpoint,
        &client,
        Grant::RefreshToken(&refresh_token),
    )
    .map_err(|e| match e.code() {
        Some("InvalidGrantException") => RefreshError::SessionEnded(e.to_string()),
        Some("InvalidClientException") => RefreshError::RegistrationExpired,
        _ => RefreshError::Call(e),
    })?;
    let expires_at = now + tokens.expires_in;
    // Rewritten whole, as botocore does: start URL and region from the session, the refresh
    // token only if a new one came back.
    let rewritten = TokenFile {
        start_url: Some(session.start_url.to_string()),
        region: Some(session.region.to_string()),
        access_token: tokens.access_token,
        expires_at: cache::timestamp(expires_at),
        client_id: token.client_id,
        client_secret: token.client_secret,
        registration_expires_at: token.registration_expires_at,
        refresh_token: tokens.refresh_token,
    };
    cache::write_private(cache_dir, &name, &rewritten.to_json())
        .map_err(|e| RefreshError::Io(format!("{}: {e}", path.display())))?;
    Ok(Refreshed::Refreshed { expires_at })
}
