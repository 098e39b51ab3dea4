//! SSO OIDC (`oidc.{region}.amazonaws.com`): RegisterClient, StartDeviceAuthorization,
//! CreateToken (device code, authorization code with PKCE, refresh token), and the browser
//! pages: `/authorize` and the device verification page.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Form, Query, State as Extract};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::emulator::state::{AwsError, DEVICE_GRANT, PendingAuthorization, Tokens, random_string};
use crate::emulator::wire::{Service, Shared, json_error, lock, now, now_ms};

fn error(error: AwsError) -> Response {
    json_error(Service::Oidc, error)
}

fn invalid_request(message: &str) -> Response {
    error(AwsError::new("InvalidRequestException", 400, message))
}

/// The JSON body of a request (botocore sends `application/json`; any type is accepted).
fn body<T: for<'de> Deserialize<'de>>(bytes: &Bytes) -> Result<T, AwsError> {
    serde_json::from_slice(bytes).map_err(|e| {
        AwsError::new(
            "InvalidRequestException",
            400,
            format!("Invalid request body: {e}"),
        )
    })
}

fn ok(value: serde_json::Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The host the client reached us on, for URLs we hand out.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterClientRequest {
    client_name: Option<String>,
    client_type: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    grant_types: Vec<String>,
    #[serde(default)]
    issuer_url: Option<String>,
}

pub async fn register_client(
    Extract(shared): Extract<Shared>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let request: RegisterClientRequest = match body(&bytes) {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let (Some(name), Some(kind)) = (request.client_name, request.client_type) else {
        return invalid_request("clientName and clientType are required");
    };
    if kind != "public" {
        return error(AwsError::new(
            "InvalidClientMetadataException",
            400,
            "Only public clients are supported",
        ));
    }
    if name.is_empty() || name.contains(char::is_whitespace) {
        return error(AwsError::new(
            "InvalidClientMetadataException",
            400,
            "Invalid client name",
        ));
    }
    if let Some(scope) = request
        .scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return error(AwsError::new(
            "InvalidScopeException",
            400,
            format!("Invalid scope: {scope:?}"),
        ));
    }
    for uri in &request.redirect_uris {
        let loopback = url::Url::parse(uri).is_ok_and(|u| {
            u.scheme() == "http"
                && matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        });
        if !loopback {
            return error(AwsError::new(
                "InvalidRedirectUriException",
                400,
                "Redirect URIs must be loopback http URLs",
            ));
        }
    }
    let mut state = lock(&shared);
    if let Some(issuer) = &request.issuer_url
        && state.org_by_start_url(issuer).is_none()
        && !issuer.starts_with("https://identitycenter.")
    {
        return invalid_request("Invalid issuer URL");
    }
    let (id, client) = state.register_client(
        now(),
        name,
        request.scopes,
        request.grant_types,
        request.redirect_uris,
    );
    let base = base_url(&headers);
    ok(json!({
        "clientId": id,
        "clientSecret": client.secret.0,
        "clientIdIssuedAt": client.issued_at,
        "clientSecretExpiresAt": client.expires_at,
        "authorizationEndpoint": format!("{base}/authorize"),
        "tokenEndpoint": format!("{base}/token"),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartDeviceAuthorizationRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    start_url: Option<String>,
}

pub async fn start_device_authorization(
    Extract(shared): Extract<Shared>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let request: StartDeviceAuthorizationRequest = match body(&bytes) {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let (Some(id), Some(secret), Some(start_url)) =
        (request.client_id, request.client_secret, request.start_url)
    else {
        return invalid_request("clientId, clientSecret and startUrl are required");
    };
    let mut state = lock(&shared);
    let now = now();
    if let Err(e) = state.authenticate(now, &id, &secret) {
        return error(e);
    }
    let Some(org) = state.org_by_start_url(&start_url) else {
        return invalid_request("Invalid start URL: no IAM Identity Center instance has it");
    };
    let (code, device) = state.start_device(now, &id, org);
    let verification = format!("{}/device", base_url(&headers));
    ok(json!({
        "deviceCode": code.0,
        "userCode": device.user_code,
        "verificationUri": verification,
        "verificationUriComplete": format!("{verification}?user_code={}", device.user_code),
        "expiresIn": device.expires_at - now,
        "interval": device.interval,
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTokenRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
    device_code: Option<String>,
    code: Option<String>,
    refresh_token: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
}

fn tokens_response(tokens: Tokens) -> Response {
    let mut body = json!({
        "accessToken": tokens.access_token.0,
        "tokenType": "Bearer",
        "expiresIn": tokens.expires_in,
    });
    if let Some(refresh) = tokens.refresh_token {
        body["refreshToken"] = json!(refresh.0);
    }
    ok(body)
}

pub async fn create_token(Extract(shared): Extract<Shared>, bytes: Bytes) -> Response {
    let request: CreateTokenRequest = match body(&bytes) {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let (Some(id), Some(secret), Some(grant)) =
        (request.client_id, request.client_secret, request.grant_type)
    else {
        return invalid_request("clientId, clientSecret and grantType are required");
    };
    let mut state = lock(&shared);
    let now = now();
    let client = match state.authenticate(now, &id, &secret) {
        Ok(c) => c.clone(),
        Err(e) => return error(e),
    };
    if !client.allows(&grant) {
        return error(AwsError::new(
            "UnauthorizedClientException",
            400,
            format!("The client is not registered for the {grant} grant"),
        ));
    }
    let result = match grant.as_str() {
        DEVICE_GRANT => match request.device_code {
            Some(code) => state.poll_device(now, now_ms(), &id, &code),
            None => return invalid_request("deviceCode is required"),
        },
        "authorization_code" => match (request.code, request.redirect_uri, request.code_verifier) {
            (Some(code), Some(redirect), Some(verifier)) => {
                state.redeem_code(now, &id, &code, &redirect, &verifier)
            }
            _ => return invalid_request("code, redirectUri and codeVerifier are required"),
        },
        "refresh_token" => match request.refresh_token {
            Some(token) => state.refresh(now, &id, &token),
            None => return invalid_request("refreshToken is required"),
        },
        _ => Err(AwsError::new(
            "UnsupportedGrantTypeException",
            400,
            format!("Unsupported grant type: {grant}"),
        )),
    };
    match result {
        Ok(tokens) => tokens_response(tokens),
        Err(e) => error(e),
    }
}

/// `GET /authorize`: validates the request; with --auto-approve redirects straight back to
/// the loopback `redirect_uri`, else shows an approval page.
pub async fn authorize(
    Extract(shared): Extract<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| query.get(k).cloned().unwrap_or_default();
    let (client_id, redirect_uri, state_param) =
        (get("client_id"), get("redirect_uri"), get("state"));
    let mut state = lock(&shared);
    let Some(client) = state.clients.get(&client_id).cloned() else {
        return page(
            StatusCode::BAD_REQUEST,
            "Unknown client",
            "This sign-in link is not valid: the application is not registered.",
        );
    };
    if !client
        .redirect_uris
        .iter()
        .any(|r| redirect_matches(r, &redirect_uri))
    {
        return page(
            StatusCode::BAD_REQUEST,
            "Invalid redirect",
            "The redirect URI does not match the application's registration.",
        );
    }
    if get("response_type") != "code"
        || get("code_challenge_method") != "S256"
        || get("code_challenge").is_empty()
    {
        let target = format!(
            "{redirect_uri}?error=invalid_request&error_description=PKCE%20with%20S256%20is%20required&state={}",
            encode(&state_param)
        );
        return Redirect::to(&target).into_response();
    }
    let pending = PendingAuthorization {
        client_id,
        redirect_uri: redirect_uri.clone(),
        state: state_param,
        challenge: get("code_challenge"),
        org: 0,
    };
    if state.auto_approve {
        let code = state.issue_code(now(), &pending);
        return Redirect::to(&callback(&pending, &code.0)).into_response();
    }
    let request_id = random_string(b"abcdefghijklmnopqrstuvwxyz0123456789", 24);
    state.pending.insert(request_id.clone(), pending);
    let user = state.orgs[0].users[0].clone();
    Html(format!(
        "<!doctype html><title>Allow access</title><h1>Allow {} to access your data?</h1>\
         <p>Signed in as <b>{}</b>.</p>\
         <form method=post action=/authorize><input type=hidden name=request value=\"{request_id}\">\
         <button name=decision value=allow>Allow access</button> <button name=decision value=deny>Deny</button></form>",
        html(&client.name),
        html(&user)
    ))
    .into_response()
}

/// A registered redirect URI matches the requested one; for loopback addresses the port may
/// differ (RFC 8252 §7.3: the client picks a free port at sign-in time, and the AWS CLI
/// registers `http://127.0.0.1/oauth/callback` without one).
fn redirect_matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    match (url::Url::parse(registered), url::Url::parse(requested)) {
        (Ok(a), Ok(b)) => {
            let loopback = matches!(a.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            loopback
                && a.scheme() == b.scheme()
                && a.host_str() == b.host_str()
                && a.path() == b.path()
                && b.query().is_none()
        }
        _ => false,
    }
}

fn callback(pending: &PendingAuthorization, code: &str) -> String {
    format!(
        "{}?code={}&state={}",
        pending.redirect_uri,
        encode(code),
        encode(&pending.state)
    )
}

#[derive(Deserialize)]
pub struct Decision {
    request: String,
    decision: String,
}

/// The approval page's form.
pub async fn approve_authorization(
    Extract(shared): Extract<Shared>,
    Form(form): Form<Decision>,
) -> Response {
    let mut state = lock(&shared);
    let Some(pending) = state.pending.remove(&form.request) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Expired",
            "This request has expired: start the sign-in again.",
        );
    };
    if form.decision != "allow" {
        let target = format!(
            "{}?error=access_denied&state={}",
            pending.redirect_uri,
            encode(&pending.state)
        );
        return Redirect::to(&target).into_response();
    }
    let code = state.issue_code(now(), &pending);
    Redirect::to(&callback(&pending, &code.0)).into_response()
}

/// The device verification page.
pub async fn device_page(Query(query): Query<HashMap<String, String>>) -> Response {
    let code = query.get("user_code").cloned().unwrap_or_default();
    Html(format!(
        "<!doctype html><title>Authorize request</title><h1>Authorize request</h1>\
         <form method=post action=/device><label>Code <input name=user_code value=\"{}\"></label>\
         <button>Confirm and continue</button></form>",
        html(&code)
    ))
    .into_response()
}

#[derive(Deserialize)]
pub struct DeviceApproval {
    user_code: String,
}

pub async fn approve_device(
    Extract(shared): Extract<Shared>,
    Form(form): Form<DeviceApproval>,
) -> Response {
    if lock(&shared).approve_device(&form.user_code, None) {
        page(
            StatusCode::OK,
            "Request approved",
            "You can close this window and return to your terminal.",
        )
    } else {
        page(
            StatusCode::BAD_REQUEST,
            "Invalid code",
            "This code is not valid or has expired: start the sign-in again.",
        )
    }
}

pub async fn home(Extract(shared): Extract<Shared>) -> Response {
    let state = lock(&shared);
    let portals: String = state
        .orgs
        .iter()
        .map(|o| format!("<li>{} ({})</li>", html(&o.start_url), html(&o.region)))
        .collect();
    Html(format!(
        "<!doctype html><title>ssolint emulator</title><h1>ssolint IAM Identity Center emulator</h1><ul>{portals}</ul>"
    ))
    .into_response()
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    (
        status,
        Html(format!(
            "<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
        )),
    )
        .into_response()
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
