//! HTTP for AWS calls: reqwest with rustls (the platform's roots plus `AWS_CA_BUNDLE` /
//! `ca_bundle`), proxy environment variables (reqwest reads `HTTPS_PROXY` & co.), connect and
//! request timeouts, bounded retries with backoff on 429/5xx, `User-Agent: ssolint/<version>`.
//! Errors carry the AWS error code from `x-amzn-errortype` or the body.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// A failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    /// The service answered with an error.
    Service {
        status: u16,
        code: String,
        message: String,
    },
    /// No answer: DNS, TLS, connection, timeout.
    Transport(String),
}

impl CallError {
    pub fn code(&self) -> Option<&str> {
        match self {
            CallError::Service { code, .. } => Some(code),
            CallError::Transport(_) => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Service {
                status,
                code,
                message,
            } if message.is_empty() => write!(f, "{code} (HTTP {status})"),
            CallError::Service {
                status,
                code,
                message,
            } => write!(f, "{code} (HTTP {status}): {message}"),
            CallError::Transport(e) => write!(f, "no answer: {e}"),
        }
    }
}

impl std::error::Error for CallError {}

pub struct Http {
    client: reqwest::blocking::Client,
    retries: u32,
    debug: bool,
}

/// Why no HTTP client could be set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpSetupError {
    /// `AWS_CA_BUNDLE` (or the profile's `ca_bundle`) names a file that cannot be read.
    CaBundleUnreadable {
        path: std::path::PathBuf,
        error: String,
    },
    /// It can be read but holds no PEM certificates.
    CaBundleNotPem {
        path: std::path::PathBuf,
        error: String,
    },
    /// The TLS stack refused to start.
    Client(String),
}

impl std::fmt::Display for HttpSetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpSetupError::CaBundleUnreadable { path, error } => {
                write!(f, "{}: cannot read the CA bundle: {error}", path.display())
            }
            HttpSetupError::CaBundleNotPem { path, error } => {
                write!(f, "{}: not a PEM bundle: {error}", path.display())
            }
            HttpSetupError::Client(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for HttpSetupError {}

/// Options for the client.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    /// A PEM bundle of extra trusted roots (`AWS_CA_BUNDLE` or the profile's `ca_bundle`).
    pub ca_bundle: Option<std::path::PathBuf>,
    /// The whole request's bound (connecting included).
    pub timeout: Duration,
    /// Extra attempts on 429, 5xx and connection failures.
    pub retries: u32,
    /// `--debug`: one line per request on standard error (method, URL, status, time; never a
    /// header or a body: they carry tokens and credentials).
    pub debug: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            ca_bundle: None,
            timeout: Duration::from_secs(30),
            retries: 3,
            debug: false,
        }
    }
}

/// A response as received (for probes and non-JSON protocols).
#[derive(Clone, Debug)]
pub struct RawResponse {
    pub status: u16,
    /// The `Date` header.
    pub date: Option<String>,
    pub error_type: Option<String>,
    pub body: String,
}

impl Http {
    pub fn new(options: &HttpOptions) -> Result<Http, HttpSetupError> {
        // One process-wide TLS provider (ring: pure Rust and assembly, no C toolchain).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("ssolint/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(path) = &options.ca_bundle {
            let pem = std::fs::read(path).map_err(|e| HttpSetupError::CaBundleUnreadable {
                path: path.clone(),
                error: e.to_string(),
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                HttpSetupError::CaBundleNotPem {
                    path: path.clone(),
                    error: e.to_string(),
                }
            })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        Ok(Http {
            client: builder
                .build()
                .map_err(|e| HttpSetupError::Client(e.to_string()))?,
            retries: options.retries,
            debug: options.debug,
        })
    }

    /// Any request; the response whatever its status (transport failures are errors).
    pub fn raw(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: &[(String, String)],
        body: Option<String>,
    ) -> Result<RawResponse, CallError> {
        let mut attempt = 0;
        loop {
            let mut request = self.client.request(method.clone(), url);
            for (k, v) in headers {
                request = request.header(k.as_str(), v.as_str());
            }
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            let started = std::time::Instant::now();
            let result = request.send();
            if self.debug {
                let outcome = match &result {
                    Ok(r) => r.status().as_u16().to_string(),
                    Err(e) => transport_message(e),
                };
                eprintln!(
                    "debug: {method} {} -> {outcome} ({} ms{})",
                    crate::model::redact::controls(url),
                    started.elapsed().as_millis(),
                    if attempt > 0 {
                        format!(", retry {attempt}")
                    } else {
                        String::new()
                    }
                );
            }
            let retryable = match &result {
                Ok(r) => r.status().as_u16() == 429 || r.status().is_server_error(),
                Err(e) => e.is_connect() || e.is_timeout(),
            };
            if retryable && attempt < self.retries {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * 2u64.pow(attempt)));
                continue;
            }
            let response = result.map_err(|e| CallError::Transport(transport_message(&e)))?;
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let (status, date, error_type) = (
                response.status().as_u16(),
                header("date"),
                header("x-amzn-errortype"),
            );
            let body = response
                .text()
                .map_err(|e| CallError::Transport(transport_message(&e)))?;
            return Ok(RawResponse {
                status,
                date,
                error_type,
                body,
            });
        }
    }

    /// A JSON call (rest-json): method, URL, extra headers, optional JSON body.
    pub fn json(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        let mut all: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if body.is_some() {
            all.push(("content-type".into(), "application/json".into()));
        }
        let response = self.raw(method, url, &all, body.map(Value::to_string))?;
        let value: Value = if response.body.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&response.body).unwrap_or(Value::Null)
        };
        if (200..300).contains(&response.status) {
            return Ok(value);
        }
        Err(service_error(
            response.status,
            response.error_type.as_deref(),
            &value,
        ))
    }
}

/// The error code as botocore finds it: `x-amzn-errortype` (cut at `:`), then the body's
/// `code`/`Code`, then `__type` (after `#`), then the status.
fn service_error(status: u16, error_type: Option<&str>, body: &Value) -> CallError {
    let field = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let code = error_type
        .map(|t| t.split(':').next().unwrap_or(t).to_string())
        .or_else(|| field("code"))
        .or_else(|| field("Code"))
        .or_else(|| field("__type").map(|t| t.rsplit('#').next().unwrap_or(&t).to_string()))
        .unwrap_or_else(|| status.to_string());
    let message = field("message")
        .or_else(|| field("Message"))
        .or_else(|| field("error_description"))
        .unwrap_or_default();
    CallError::Service {
        status,
        code,
        message,
    }
}

fn transport_message(e: &reqwest::Error) -> String {
    // Never the URL's query (it can hold a code); the host is enough.
    let host = e.url().and_then(|u| u.host_str()).unwrap_or("the endpoint");
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        format!("{host}: {kind}")
    } else {
        format!("{host}: {kind} ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_as_botocore_finds_them() {
        let body =
            serde_json::json!({"__type": "com.amazon#InvalidGrantException", "message": "m"});
        assert_eq!(
            service_error(400, None, &body).code(),
            Some("InvalidGrantException")
        );
        assert_eq!(
            service_error(400, Some("SlowDownException:http://internal"), &Value::Null).code(),
            Some("SlowDownException")
        );
        assert_eq!(service_error(503, None, &Value::Null).code(), Some("503"));
    }
}
