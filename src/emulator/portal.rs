//! The SSO portal (`portal.sso.{region}.amazonaws.com`): ListAccounts, ListAccountRoles,
//! GetRoleCredentials, Logout. Every call carries the access token in
//! `x-amz-sso_bearer_token`.

use std::collections::HashMap;

use axum::extract::{Query, State as Extract};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::emulator::state::{AwsError, Session, State};
use crate::emulator::wire::{Service, Shared, empty_ok, json_error, lock, now};

fn error(error: AwsError) -> Response {
    json_error(Service::Portal, error)
}

fn ok(value: serde_json::Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

fn token(headers: &HeaderMap) -> Result<&str, AwsError> {
    headers
        .get("x-amz-sso_bearer_token")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            AwsError::new(
                "UnauthorizedException",
                401,
                "Session token not found or invalid",
            )
        })
}

/// `max_result` (1–100, default 20) and `next_token` (an offset we issued).
fn page_window(query: &HashMap<String, String>) -> Result<(usize, usize), AwsError> {
    let max = match query.get("max_result") {
        None => 20,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(AwsError::new(
                    "InvalidRequestException",
                    400,
                    "max_result must be between 1 and 100",
                ));
            }
        },
    };
    let start = match query.get("next_token") {
        None => 0,
        Some(t) => t
            .strip_prefix("page-")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| AwsError::new("InvalidRequestException", 400, "Invalid next_token"))?,
    };
    Ok((start, max))
}

fn paged<T: Clone>(items: &[T], start: usize, max: usize) -> (Vec<T>, Option<String>) {
    let end = (start + max).min(items.len());
    let page = items.get(start..end).map(<[T]>::to_vec).unwrap_or_default();
    let next = (end < items.len()).then(|| format!("page-{end}"));
    (page, next)
}

/// The accounts a session's user is assigned to.
fn accounts<'s>(state: &'s State, session: &Session) -> Vec<&'s crate::emulator::org::Account> {
    state.orgs[session.org]
        .accounts
        .iter()
        .filter(|a| a.assigned_to(&session.user))
        .collect()
}

/// A paginated list call: the bearer token, the page window, then `items` for the session.
fn list_page(
    shared: &Shared,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    list_name: &str,
    items: impl Fn(&State, &Session) -> Vec<serde_json::Value>,
) -> Result<Response, AwsError> {
    let token = token(headers)?;
    let (start, max) = page_window(query)?;
    let state = lock(shared);
    let session = state.bearer(now(), token)?.clone();
    let (page, next) = paged(&items(&state, &session), start, max);
    let mut body = json!({ list_name: page });
    if let Some(next) = next {
        body["nextToken"] = json!(next);
    }
    Ok(ok(body))
}

pub async fn list_accounts(
    Extract(shared): Extract<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    list_page(
        &shared,
        &headers,
        &query,
        "accountList",
        |state, session| {
            accounts(state, session)
            .into_iter()
            .map(|a| json!({"accountId": a.id, "accountName": a.name, "emailAddress": a.email()}))
            .collect()
        },
    )
    .unwrap_or_else(error)
}

pub async fn list_account_roles(
    Extract(shared): Extract<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(account_id) = query.get("account_id").cloned() else {
        return error(AwsError::new(
            "InvalidRequestException",
            400,
            "account_id is required",
        ));
    };
    // An account the user has no assignment in lists no roles (as AWS does).
    list_page(&shared, &headers, &query, "roleList", |state, session| {
        accounts(state, session)
            .into_iter()
            .filter(|a| a.id == account_id)
            .flat_map(|a| {
                a.roles
                    .iter()
                    .map(move |r| json!({"roleName": r, "accountId": a.id}))
            })
            .collect()
    })
    .unwrap_or_else(error)
}

pub async fn get_role_credentials(
    Extract(shared): Extract<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let token = match token(&headers) {
        Ok(t) => t,
        Err(e) => return error(e),
    };
    let (Some(account_id), Some(role_name)) = (query.get("account_id"), query.get("role_name"))
    else {
        return error(AwsError::new(
            "InvalidRequestException",
            400,
            "account_id and role_name are required",
        ));
    };
    let mut state = lock(&shared);
    let now = now();
    let session = match state.bearer(now, token) {
        Ok(s) => s.clone(),
        Err(e) => return error(e),
    };
    let assigned = accounts(&state, &session)
        .into_iter()
        .any(|a| a.id == *account_id && a.roles.iter().any(|r| r == role_name));
    if !assigned {
        // What Identity Center answers for a role that is not assigned (or mistyped: role
        // names are case-sensitive).
        return error(AwsError::new("ForbiddenException", 403, "No access"));
    }
    let (key_id, credentials) =
        state.issue_credentials(now, session.org, &session.user, account_id, role_name);
    ok(json!({
        "roleCredentials": {
            "accessKeyId": key_id,
            "secretAccessKey": credentials.secret.0,
            "sessionToken": credentials.session_token.0,
            "expiration": credentials.expires_at * 1000,
        }
    }))
}

pub async fn logout(Extract(shared): Extract<Shared>, headers: HeaderMap) -> Response {
    let token = match token(&headers) {
        Ok(t) => t,
        Err(e) => return error(e),
    };
    match lock(&shared).logout(now(), token) {
        Ok(()) => empty_ok(),
        Err(e) => error(e),
    }
}
