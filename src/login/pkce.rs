//! The authorization-code flow with PKCE: a loopback listener bound before anything is shown,
//! a 64-character verifier and S256 challenge, a random `state` that must come back, the
//! authorize URL built as the AWS CLI builds it, a friendly page in the browser, a 10-minute
//! bound, and Ctrl-C leaving the cache untouched.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Query;
use axum::response::Html;
use base64::Engine;
use rand::RngExt;
use sha2::{Digest, Sha256};

use crate::aws::oidc::{self, Client, Grant, Tokens};
use crate::login::flow::{Context, LoginError, Options, call, open_browser};
use crate::login::target::Target;

const VERIFIER_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
/// How long the browser step may take (the AWS CLI's bound too).
const TIMEOUT: Duration = Duration::from_secs(600);

fn random(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

/// `BASE64URL(SHA256(verifier))` without padding.
pub fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Percent-encoding with `-._~` kept, as the CLI's `urlencode(..., safe='-._~')`.
fn encode(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// `{scheme}://{host[:port]}/authorize?…` with the CLI's parameters, in its order.
pub fn authorize_url(
    oidc_endpoint: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    scopes: &[String],
    challenge: &str,
) -> String {
    let base = url::Url::parse(oidc_endpoint)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|| oidc_endpoint.trim_end_matches('/').to_string());
    format!(
        "{base}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
        encode(client_id),
        encode(redirect_uri),
        encode(state),
        encode(&scopes.join(" ")),
        encode(challenge)
    )
}

type Outcome = Result<String, LoginError>;

const SUCCESS_PAGE: &str = "<!doctype html><title>Signed in</title><h1>Request approved</h1><p>ssolint has your sign-in. You can close this window.</p>";
const FAILURE_PAGE: &str = "<!doctype html><title>Sign-in failed</title><h1>Sign-in failed</h1><p>Return to your terminal for details.</p>";

/// The redirect path, as the AWS CLI registers it.
const CALLBACK_PATH: &str = "/oauth/callback";

pub fn run(
    ctx: &mut Context,
    target: &Target,
    client: &Client,
    options: &Options,
) -> Result<Tokens, LoginError> {
    // Bound before the URL is shown, so a fast redirect finds the listener.
    let listener = std::net::TcpListener::bind(("127.0.0.1", options.redirect_port.unwrap_or(0)))
        .map_err(|e| {
        LoginError::Io(format!(
            "cannot listen on 127.0.0.1 for the sign-in redirect: {e}; use --use-device-code"
        ))
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| LoginError::Io(e.to_string()))?;
    let port = listener
        .local_addr()
        .map_err(|e| LoginError::Io(e.to_string()))?
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}{CALLBACK_PATH}");
    let verifier = random(VERIFIER_ALPHABET, 64);
    let state = {
        let h = random(b"0123456789abcdef", 32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..]
        )
    };
    let default_scopes = vec![crate::model::values::DEFAULT_SCOPES.to_string()];
    let scopes = target.scopes.as_deref().unwrap_or(&default_scopes);
    let url = authorize_url(
        ctx.oidc_endpoint,
        &client.id,
        &redirect_uri,
        &state,
        scopes,
        &challenge(&verifier),
    );
    let out = &mut *ctx.out;
    if options.no_browser {
        let _ = writeln!(
            out,
            "Open this URL in a browser on this machine to sign in:"
        );
    } else {
        let _ = writeln!(
            out,
            "Opening your browser. If it does not open, open this URL on this machine:"
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{url}");
    let _ = writeln!(out);
    let _ = out.flush();
    if !options.no_browser {
        open_browser(&url);
    }
    let code = wait_for_code(listener, state)?;
    oidc::create_token(
        ctx.http,
        ctx.oidc_endpoint,
        client,
        Grant::AuthorizationCode {
            code: &code,
            redirect_uri: &redirect_uri,
            verifier: &verifier,
        },
    )
    .map_err(call("CreateToken"))
}

/// What one request to the loopback listener means. Only the redirect path with this
/// sign-in's `state` ends the flow (with the code, or the authorization server's error):
/// any other local process can reach the port, and a request without the state — a favicon,
/// a stray `/?error=x`, another sign-in's page — is ignored.
fn callback_outcome(
    path: &str,
    query: &HashMap<String, String>,
    expected_state: &str,
) -> Option<Outcome> {
    if path != CALLBACK_PATH || query.get("state").map(String::as_str) != Some(expected_state) {
        return None;
    }
    if let Some(error) = query.get("error") {
        let why = query
            .get("error_description")
            .cloned()
            .unwrap_or_else(|| error.clone());
        // The text comes from the network: never raw control characters on the terminal.
        return Some(Err(LoginError::Denied(
            crate::model::redact::controls(&why).into_owned(),
        )));
    }
    query.get("code").map(|code| Ok(code.clone()))
}

/// Serves the loopback redirect until it brings a code (or an error), the time is up, or
/// the user presses Ctrl-C.
fn wait_for_code(
    listener: std::net::TcpListener,
    expected_state: String,
) -> Result<String, LoginError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| LoginError::Io(e.to_string()))?;
    runtime.block_on(async move {
        let (tx, rx) = tokio::sync::oneshot::channel::<Outcome>();
        let tx = Arc::new(Mutex::new(Some(tx)));
        let app = axum::Router::new().fallback(
            move |uri: axum::http::Uri, Query(q): Query<HashMap<String, String>>| {
                let tx = tx.clone();
                let expected = expected_state.clone();
                async move {
                    let outcome = callback_outcome(uri.path(), &q, &expected);
                    let page = match &outcome {
                        Some(Ok(_)) => SUCCESS_PAGE,
                        Some(Err(_)) => FAILURE_PAGE,
                        None => "",
                    };
                    if let Some(outcome) = outcome
                        && let Some(tx) = tx.lock().ok().and_then(|mut t| t.take())
                    {
                        let _ = tx.send(outcome);
                    }
                    Html(page)
                }
            },
        );
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| LoginError::Io(e.to_string()))?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
        });
        let result = tokio::select! {
            r = rx => r.unwrap_or(Err(LoginError::Cancelled)),
            _ = tokio::time::sleep(TIMEOUT) => Err(LoginError::Expired),
            _ = tokio::signal::ctrl_c() => Err(LoginError::Cancelled),
        };
        // Let the browser receive its page before the listener closes.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let _ = stop_tx.send(());
        let _ = server.await;
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_the_callback_with_this_state_ends_the_flow() {
        let state = "0123-abcd";
        // Any local process can reach the port: none of these may end the sign-in.
        for (path, q) in [
            ("/", query(&[("error", "x")])),
            ("/oauth/callback", query(&[("error", "access_denied")])),
            (
                "/oauth/callback",
                query(&[("error", "x"), ("state", "other")]),
            ),
            (
                "/oauth/callback",
                query(&[("code", "c"), ("state", "other")]),
            ),
            ("/oauth/callback", query(&[("code", "c")])),
            ("/favicon.ico", query(&[("code", "c"), ("state", state)])),
            ("/", query(&[("code", "c"), ("state", state)])),
        ] {
            assert!(callback_outcome(path, &q, state).is_none(), "{path} {q:?}");
        }
        let ok = callback_outcome(
            "/oauth/callback",
            &query(&[("code", "c"), ("state", state)]),
            state,
        );
        assert!(matches!(ok, Some(Ok(code)) if code == "c"));
        let denied = callback_outcome(
            "/oauth/callback",
            &query(&[
                ("error", "access_denied"),
                ("error_description", "no\u{1b}[31m\u{7}"),
                ("state", state),
            ]),
            state,
        );
        match denied {
            Some(Err(LoginError::Denied(why))) => {
                assert!(!why.contains('\u{1b}') && !why.contains('\u{7}'), "{why:?}");
                assert_eq!(why, "no\\x1b[31m\\x07");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn authorize_url_as_the_cli_builds_it() {
        let url = authorize_url(
            "https://oidc.us-east-1.amazonaws.com/some/path",
            "cid",
            "http://127.0.0.1:5432/oauth/callback",
            "st",
            &[
                "sso:account:access".into(),
                "codewhisperer:completions".into(),
            ],
            "ch",
        );
        assert_eq!(
            url,
            "https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A5432%2Foauth%2Fcallback&state=st&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions&code_challenge=ch"
        );
        let verifier = random(VERIFIER_ALPHABET, 64);
        assert_eq!(verifier.len(), 64);
        assert_eq!(challenge(&verifier).len(), 43);
    }
}
