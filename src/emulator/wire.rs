//! What the services share: the state behind one lock, the clock, and the AWS wire forms
//! of errors and empty answers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::emulator::state::{AwsError, State};

pub type Shared = Arc<Mutex<State>>;

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub(crate) fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

pub fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // A handler that panicked cannot leave the maps half-updated in a way that matters
    // more than stopping the emulator would.
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Which service a request is for (they share the port).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Service {
    Oidc,
    Portal,
    Sts,
}

impl Service {
    pub(crate) fn of(method: &axum::http::Method, path: &str) -> Service {
        match path {
            "/" if method == axum::http::Method::POST => Service::Sts,
            "/client/register" | "/device_authorization" | "/token" | "/authorize" | "/device" => {
                Service::Oidc
            }
            _ => Service::Portal,
        }
    }
}

/// The AWS error code a response carries, for the request log.
#[derive(Clone, Copy, Debug)]
pub struct ErrorCode(pub &'static str);

/// A rest-json error as the OIDC and portal services send it: the code in
/// `x-amzn-errortype` (what botocore reads first) and in the body.
pub fn json_error(service: Service, error: AwsError) -> Response {
    let body = match service {
        Service::Oidc => serde_json::json!({
            "error": oauth_error(error.code),
            "error_description": error.message,
        }),
        _ => serde_json::json!({ "message": error.message }),
    };
    let mut response = (
        StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST),
        [
            ("x-amzn-errortype", error.code),
            (header::CONTENT_TYPE.as_str(), "application/json"),
        ],
        body.to_string(),
    )
        .into_response();
    response.extensions_mut().insert(ErrorCode(error.code));
    response
}

/// `AuthorizationPendingException` → `authorization_pending` (RFC 6749/8628 names).
fn oauth_error(code: &str) -> String {
    let base = code.strip_suffix("Exception").unwrap_or(code);
    match base {
        "InternalServer" => "server_error".into(),
        _ => {
            let mut out = String::new();
            for (i, c) in base.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(epoch: u64) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::OffsetDateTime::from_unix_timestamp(epoch as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// An empty 204-style body for operations that return nothing.
pub fn empty_ok() -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("static response")
}
