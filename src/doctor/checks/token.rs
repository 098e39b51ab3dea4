//! The token checks: `token-cache` (the cached token the tools will read: its file, its
//! directory, its expiry and whether it can be refreshed; with `--login`, a sign-in when
//! it is missing or dead) and `token-refresh` (refreshed as the AWS CLI would, inside the
//! last 15 minutes).

use std::path::Path;

use crate::aws::cache::{self, TokenFile};
use crate::aws::http::CallError;
use crate::doctor::chain::Sso;
use crate::doctor::check::{Check, CheckId, Fact, Status};
use crate::doctor::environment::Environment;
use crate::doctor::state::Doctor;
use crate::login::{self, refresh};
use crate::model::KnownKey;

pub fn token_cache(d: &mut Doctor) -> Check {
    let id = CheckId::TokenCache;
    let Some(sso) = d.sso.clone() else {
        return Check::skipped(id, "not an IAM Identity Center profile");
    };
    let path = d.token_path(&sso);
    let login = d.login_command(&sso);
    let dir = d.token_dir();
    let mut base = Check::new(id, Status::Pass, "").fact(Fact::TokenFile(path.clone()));
    if let Some(state) = d.env().dir_state(&dir) {
        base = base
            .fact(Fact::DirectoryMode(state.mode))
            .fact(Fact::DirectoryOwnerUid(state.uid));
    }
    if let Some(why) = d.env().unsafe_dir(&dir) {
        d.stop("the token cache directory is not private");
        return Check {
            status: Status::Fail,
            summary: why,
            ..base
        }
        .remedy(format!(
            "chmod 700 {0}; chown \"$(id -u)\" {0}",
            dir.display()
        ));
    }
    let Some(text) = d.env().read(&path) else {
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
        return try_login(d, check, &sso);
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
        return try_login(d, check, &sso);
    };
    let expires = match cache::parse_timestamp(&token.expires_at) {
        Ok(t) => t,
        Err(error) => {
            let summary = match error {
                cache::TimestampError::NoTimezone(t) => {
                    format!("expiresAt `{t}` has no timezone: botocore crashes on it")
                }
                cache::TimestampError::Invalid(t) => format!("expiresAt `{t}` is not a timestamp"),
            };
            let check = Check {
                status: Status::Fail,
                summary,
                ..base
            }
            .remedy(login);
            return try_login(d, check, &sso);
        }
    };
    let now = d.env().now();
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
        .fact(Fact::ExpiresAt(token.expires_at.clone()))
        .fact(Fact::Refreshable(refreshable));
    if let Some(mode) = d.env().file_mode(&path)
        && mode & 0o077 != 0
    {
        check
            .detail
            .push(format!("mode {mode:03o}: others can read the token"));
        check.status = Status::Warn;
        check.remedy = Some(format!("chmod 600 {}", path.display()));
    }
    // Other files for the same portal: stale logins by other tools or spellings.
    let stale = stale_duplicates(d.env(), &path, &sso.start_url);
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
        d.token = Some(token);
        return check;
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
        d.token = Some(token);
        return check;
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
    try_login(d, check, &sso)
}

/// With `--login` (and online): signs in and reports the token-cache check as fixed.
fn try_login(d: &mut Doctor, failed: Check, sso: &Sso) -> Check {
    if !d.inputs.login || d.inputs.offline {
        return failed;
    }
    let target = login::Target {
        session: sso.session.clone(),
        start_url: sso.start_url.clone(),
        region: sso.region.clone(),
        scopes: sso.session.as_deref().and_then(|s| {
            d.config
                .sso_sessions
                .get(s)
                .and_then(|b| b.str(KnownKey::SsoRegistrationScopes))
                .map(login::parse_scopes)
        }),
        profile: Some(sso.profile.clone()),
    };
    let oidc_endpoint = d.endpoints(sso).oidc;
    let cache_dir = d.token_dir();
    let mut sink = std::io::sink();
    let out: &mut dyn std::io::Write = match d.inputs.login_output.as_deref_mut() {
        Some(w) => w,
        None => &mut sink,
    };
    let mut ctx = login::Context {
        http: d.http,
        oidc_endpoint: &oidc_endpoint,
        cache_dir,
        out,
    };
    match login::login(&mut ctx, &target, &login::Options::default()) {
        Ok(outcome) => {
            d.token = d
                .inputs
                .environment
                .read(&outcome.token_path)
                .and_then(|t| TokenFile::parse(&t));
            let mut fixed = Check::new(
                CheckId::TokenCache,
                Status::Pass,
                format!("signed in now ({}); {}", outcome.flow, failed.summary),
            );
            fixed.facts = failed.facts;
            fixed
        }
        Err(e) => {
            let mut failed = failed;
            failed.detail.push(format!("--login: {e}"));
            failed
        }
    }
}

/// Refreshes the token when it is inside the window; keeps a usable access token.
pub fn token_refresh(d: &mut Doctor) -> Check {
    let id = CheckId::TokenRefresh;
    let check = refresh_token(d);
    if d.access_token.is_none() {
        d.stop("no usable token");
    }
    debug_assert_eq!(check.id, id);
    check
}

fn refresh_token(d: &mut Doctor) -> Check {
    let id = CheckId::TokenRefresh;
    let (Some(sso), Some(token)) = (d.sso.clone(), d.token.clone()) else {
        return Check::skipped(id, "no token");
    };
    let key = sso.cache_key().to_string();
    if let Some(shared) = d.shared.tokens.get(&key) {
        d.access_token = shared.clone();
        return Check::skipped(id, "done for this session already");
    }
    let now = d.env().now();
    let expires = cache::parse_timestamp(&token.expires_at).unwrap_or(0);
    let (check, access_token) = if expires > now + refresh::WINDOW_SECS {
        (
            Check::new(id, Status::Skip, "not needed: more than 15 minutes left"),
            Some(token.access_token),
        )
    } else if let Some(session) = &sso.session {
        let s = refresh::Session {
            name: session,
            start_url: &sso.start_url,
            region: &sso.region,
        };
        let oidc_endpoint = d.endpoints(&sso).oidc;
        match refresh::refresh(d.http, &oidc_endpoint, &d.token_dir(), &s, now, false) {
            Ok(_) => (
                Check::new(
                    id,
                    Status::Pass,
                    "refreshed the token (as the AWS CLI would)",
                ),
                d.env()
                    .read(&d.token_path(&sso))
                    .and_then(|t| TokenFile::parse(&t))
                    .map(|t| t.access_token),
            ),
            Err(e) => {
                let remedy = match &e {
                    refresh::RefreshError::Call(CallError::Transport(_)) => {
                        "check the network, proxy and CA bundle, then run doctor again".to_string()
                    }
                    _ => d.login_command(&sso),
                };
                (
                    Check::new(id, Status::Fail, format!("refresh failed: {e}")).remedy(remedy),
                    None,
                )
            }
        }
    } else {
        (
            Check::skipped(id, "legacy tokens are never refreshed"),
            (expires > now).then_some(token.access_token),
        )
    };
    d.shared.tokens.insert(key, access_token.clone());
    d.access_token = access_token;
    check
}

/// Other cached tokens for the same start URL (other tools' logins, other spellings).
fn stale_duplicates(env: &dyn Environment, expected: &Path, start_url: &str) -> Vec<String> {
    let Some(dir) = expected.parent() else {
        return Vec::new();
    };
    let mut out: Vec<String> = env
        .list(dir)
        .into_iter()
        .filter(|p| p != expected && p.extension().is_some_and(|x| x == "json"))
        .filter(|p| {
            env.read(p)
                .and_then(|t| TokenFile::parse(&t))
                .is_some_and(|t| t.start_url.as_deref() == Some(start_url))
        })
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    out.sort();
    out
}
