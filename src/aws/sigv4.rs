//! SigV4 for query-protocol calls (STS): the canonical request and string to sign, with the
//! signing key and HMAC from `aws-sigv4`. Used to sign (doctor's GetCallerIdentity) and, by
//! the emulator, to verify — whose verification botocore's own signer exercises in tests.

use std::time::{Duration, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// SigV4's URI encoding: everything but unreserved characters, upper-case hex.
pub fn encode(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// The canonical request. `headers` are the signed headers' (lower-case name, value) pairs,
/// in `signed_headers` order.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: Option<&str>,
    headers: &[(String, String)],
    signed_headers: &str,
    body: &[u8],
) -> String {
    let path = if path.is_empty() { "/" } else { path };
    let mut pairs: Vec<(String, String)> = query
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (encode(&k), encode(&v)))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for (name, value) in headers {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    format!(
        "{method}\n{path}\n{query}\n{canonical_headers}\n{signed_headers}\n{}",
        hex::encode(Sha256::digest(body))
    )
}

/// The signature over a canonical request.
pub fn signature(
    secret: &str,
    amz_date: &str,
    signed_at: u64,
    region: &str,
    service: &str,
    canonical: &str,
) -> String {
    let scope = format!(
        "{}/{region}/{service}/aws4_request",
        &amz_date[..8.min(amz_date.len())]
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let key = aws_sigv4::sign::v4::generate_signing_key(
        secret,
        UNIX_EPOCH + Duration::from_secs(signed_at),
        region,
        service,
    );
    aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes())
}

/// `20261123T101500Z`.
pub fn amz_date(epoch: u64) -> String {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    time::OffsetDateTime::from_unix_timestamp(epoch as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

pub fn parse_amz_date(value: &str) -> Option<u64> {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let t = time::PrimitiveDateTime::parse(value, &format).ok()?;
    u64::try_from(t.assume_utc().unix_timestamp()).ok()
}

/// Temporary credentials. Secrets never print.
#[derive(Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credentials {{ access_key_id: {:?}, secret: <redacted> }}",
            self.access_key_id
        )
    }
}

/// Signs a POST of `body` (form-encoded) to `url`: returns every header to send, the
/// `Authorization` header included.
pub fn sign_form_post(
    url: &url::Url,
    body: &str,
    credentials: &Credentials,
    region: &str,
    service: &str,
    now: u64,
) -> Vec<(String, String)> {
    let date = amz_date(now);
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_string(),
    };
    let mut headers = vec![
        (
            "content-type".to_string(),
            "application/x-www-form-urlencoded; charset=utf-8".to_string(),
        ),
        ("host".to_string(), host),
        ("x-amz-date".to_string(), date.clone()),
    ];
    if let Some(token) = &credentials.session_token {
        headers.push(("x-amz-security-token".to_string(), token.clone()));
    }
    let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    let signed = signed.join(";");
    let canonical = canonical_request(
        "POST",
        url.path(),
        url.query(),
        &headers,
        &signed,
        body.as_bytes(),
    );
    let signature = signature(
        &credentials.secret_access_key,
        &date,
        now,
        region,
        service,
        &canonical,
    );
    headers.push((
        "authorization".to_string(),
        format!(
            "AWS4-HMAC-SHA256 Credential={}/{}/{region}/{service}/aws4_request, SignedHeaders={signed}, Signature={signature}",
            credentials.access_key_id,
            &date[..8]
        ),
    ));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AWS SigV4 test suite's "get-vanilla" case (documented credentials and date).
    #[test]
    fn aws_test_suite_get_vanilla() {
        let headers = vec![
            ("host".to_string(), "example.amazonaws.com".to_string()),
            ("x-amz-date".to_string(), "20150830T123600Z".to_string()),
        ];
        let canonical = canonical_request("GET", "/", None, &headers, "host;x-amz-date", b"");
        let signed_at = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(
            signature(
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "20150830T123600Z",
                signed_at,
                "us-east-1",
                "service",
                &canonical
            ),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }
}
