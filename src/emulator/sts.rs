//! STS `GetCallerIdentity` (query protocol, XML): verifies the request's SigV4 signature
//! against the role credentials the portal issued, and names the assumed role as AWS does:
//! `arn:aws:sts::ACCOUNT:assumed-role/AWSReservedSSO_ROLE_SUFFIX/USER`.
//!
//! Verification rebuilds the canonical request from what the client says it signed
//! (`SignedHeaders`) and computes the signature with `aws-sigv4`'s key derivation and HMAC.

use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::aws::sigv4;
use crate::emulator::state::{AwsError, random_string};
use crate::emulator::wire::{ErrorCode, Shared, lock, now};

const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// How far `X-Amz-Date` may be from the server's clock.
const MAX_SKEW_SECS: u64 = 15 * 60;

/// An STS error, sent in STS's XML format.
#[derive(Debug)]
pub struct StsError {
    pub code: &'static str,
    pub status: u16,
    pub message: String,
    /// `Sender` (the client's fault) or `Receiver`.
    pub kind: &'static str,
}

impl StsError {
    fn sender(code: &'static str, status: u16, message: impl Into<String>) -> StsError {
        StsError {
            code,
            status,
            message: message.into(),
            kind: "Sender",
        }
    }

    /// A fault injected by the emulator, in STS's names.
    pub fn from_injected(error: AwsError) -> StsError {
        match error.status {
            429 => StsError::sender("Throttling", 400, "Rate exceeded"),
            _ => StsError {
                code: "InternalFailure",
                status: 500,
                message: error.message,
                kind: "Receiver",
            },
        }
    }
}

fn request_id() -> String {
    let hex = random_string(b"0123456789abcdef", 32);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn error_response(error: StsError) -> Response {
    let body = format!(
        "<ErrorResponse xmlns=\"{NAMESPACE}\">\n  <Error>\n    <Type>{}</Type>\n    <Code>{}</Code>\n    <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        error.kind,
        error.code,
        xml_escape(&error.message),
        request_id()
    );
    let mut response = (
        StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST),
        [(header::CONTENT_TYPE, "text/xml")],
        body,
    )
        .into_response();
    response.extensions_mut().insert(ErrorCode(error.code));
    response
}

pub async fn handle(
    Extract(shared): Extract<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match get_caller_identity(&shared, &method, &uri, &headers, &body) {
        Ok(response) => response,
        Err(error) => error_response(error),
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
/// Signature=…` header.
struct Authorization<'a> {
    key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let mut scope = credential?.split('/');
    let (key_id, date, region, service, terminator) = (
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
    );
    (terminator == "aws4_request").then_some(Authorization {
        key_id,
        date,
        region,
        service,
        signed_headers: signed_headers?,
        signature: signature?,
    })
}

/// The canonical request as the client built it from the headers it names as signed.
fn canonical_request(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    signed_headers: &str,
    body: &[u8],
) -> String {
    let signed: Vec<(String, String)> = signed_headers
        .split(';')
        .map(|name| {
            let values: Vec<String> = headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            (name.to_string(), values.join(","))
        })
        .collect();
    sigv4::canonical_request(
        method.as_str(),
        uri.path(),
        uri.query(),
        &signed,
        signed_headers,
        body,
    )
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn get_caller_identity(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, StsError> {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(body)
        .chain(url::form_urlencoded::parse(
            uri.query().unwrap_or("").as_bytes(),
        ))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let action = params
        .iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v.as_str());
    match action {
        Some("GetCallerIdentity") => {}
        Some(other) => {
            return Err(StsError::sender(
                "InvalidAction",
                400,
                format!("Could not find operation {other} for version 2011-06-15"),
            ));
        }
        None => return Err(StsError::sender("MissingAction", 400, "Missing Action")),
    }
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            StsError::sender(
                "MissingAuthenticationToken",
                403,
                "Request is missing Authentication Token",
            )
        })?;
    let auth = parse_authorization(authorization).ok_or_else(|| {
        StsError::sender(
            "IncompleteSignature",
            400,
            "Authorization header requires Credential, SignedHeaders and Signature",
        )
    })?;
    let state = lock(shared);
    let invalid_token = || {
        StsError::sender(
            "InvalidClientTokenId",
            403,
            "The security token included in the request is invalid.",
        )
    };
    let credentials = state
        .credentials
        .get(auth.key_id)
        .ok_or_else(invalid_token)?;
    let session_token = headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if session_token != credentials.session_token.0 {
        return Err(invalid_token());
    }
    let now = now();
    if credentials.expires_at <= now {
        return Err(StsError::sender(
            "ExpiredToken",
            400,
            "The security token included in the request is expired",
        ));
    }
    let date_header = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let signed_at = sigv4::parse_amz_date(date_header).ok_or_else(|| {
        StsError::sender(
            "IncompleteSignature",
            400,
            "X-Amz-Date is missing or invalid",
        )
    })?;
    if signed_at.abs_diff(now) > MAX_SKEW_SECS {
        return Err(StsError::sender(
            "SignatureDoesNotMatch",
            403,
            format!(
                "Signature expired: {date_header} is now earlier than {} ({} - 15 min.)",
                sigv4::amz_date(now - MAX_SKEW_SECS),
                sigv4::amz_date(now)
            ),
        ));
    }
    let canonical = canonical_request(method, uri, headers, auth.signed_headers, body);
    if !date_header.starts_with(auth.date) {
        return Err(StsError::sender(
            "SignatureDoesNotMatch",
            403,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP",
        ));
    }
    let expected = sigv4::signature(
        &credentials.secret.0,
        date_header,
        signed_at,
        auth.region,
        auth.service,
        &canonical,
    );
    if auth.service != "sts" || !constant_time_eq(&expected, auth.signature) {
        return Err(StsError::sender(
            "SignatureDoesNotMatch",
            403,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ));
    }
    let role = format!(
        "AWSReservedSSO_{}_{}",
        credentials.role, credentials.role_suffix
    );
    let role_id: String = credentials
        .role_suffix
        .to_ascii_uppercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"{NAMESPACE}\">\n  <GetCallerIdentityResult>\n    <Arn>arn:aws:sts::{account}:assumed-role/{role}/{user}</Arn>\n    <UserId>AROA{role_id}:{user}</UserId>\n    <Account>{account}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
        request_id(),
        account = xml_escape(&credentials.account),
        role = xml_escape(&role),
        user = xml_escape(&credentials.user),
    );
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], body).into_response())
}
