//! The AWS CLI's SSO caches, byte-compatible: token files
//! (`~/.aws/sso/cache/<sha1(session name | start URL)>.json`), client registrations (same
//! directory, keyed by a SHA-1 of the CLI's JSON description) and the role-credential cache
//! (`~/.aws/cli/cache`). `shared/reference/botocore-semantics.md` §3–4 has the formats.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha1::{Digest, Sha1};

/// `~/.aws/sso/cache` under `home`.
pub fn token_dir(home: &Path) -> PathBuf {
    home.join(".aws").join("sso").join("cache")
}

/// `~/.aws/cli/cache` under `home` (the CLI's role-credential cache).
pub fn credential_dir(home: &Path) -> PathBuf {
    home.join(".aws").join("cli").join("cache")
}

fn sha1_hex(input: &str) -> String {
    hex::encode(Sha1::digest(input.as_bytes()))
}

/// The token file's name: the session name for sso-session logins, the start URL exactly as
/// configured for legacy ones.
pub fn token_key(session_or_start_url: &str) -> String {
    sha1_hex(session_or_start_url)
}

/// Python's `json.dumps` string literal with its defaults (`ensure_ascii=True`).
fn py_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.dumps(value)` with Python's default separators (`", "` and `": "`), keys in the
/// order given. Enough for the flat objects the caches hold.
pub fn py_json(value: &Value) -> String {
    let mut out = String::new();
    write_py(value, &mut out);
    out
}

fn write_py(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => py_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_py(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_string(k, out);
                out.push_str(": ");
                write_py(v, out);
            }
            out.push('}');
        }
    }
}

/// The registration file's name: SHA-1 of
/// `json.dumps({"tool": "botocore", "startUrl", "region", "scopes", "session_name"}, sort_keys=True)`
/// with the *configured* scopes (`None` when `sso_registration_scopes` is absent).
pub fn registration_key(
    start_url: &str,
    region: &str,
    scopes: Option<&[String]>,
    session_name: Option<&str>,
) -> String {
    // Keys in sorted order, as `sort_keys=True` gives them.
    let mut map = serde_json::Map::new();
    map.insert("region".into(), Value::from(region));
    map.insert(
        "scopes".into(),
        scopes.map_or(Value::Null, |s| Value::from(s.to_vec())),
    );
    map.insert(
        "session_name".into(),
        session_name.map_or(Value::Null, Value::from),
    );
    map.insert("startUrl".into(), Value::from(start_url));
    map.insert("tool".into(), Value::from("botocore"));
    sha1_hex(&py_json(&Value::Object(map)))
}

/// The role-credential cache file's name (`SSOCredentialFetcher._create_cache_key`):
/// SHA-1 of the compact, sorted JSON of account, role and session name (or start URL).
pub fn role_credentials_key(
    account_id: &str,
    role_name: &str,
    session_or_start_url: Key,
) -> String {
    let (name, value) = match session_or_start_url {
        Key::Session(s) => ("sessionName", s),
        Key::StartUrl(u) => ("startUrl", u),
    };
    let mut fields = [
        ("accountId", account_id),
        ("roleName", role_name),
        (name, value),
    ];
    fields.sort_by_key(|(k, _)| *k);
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        py_string(k, &mut out);
        out.push(':');
        py_string(v, &mut out);
    }
    out.push('}');
    sha1_hex(&out)
}

/// What a cache entry is keyed by.
#[derive(Copy, Clone, Debug)]
pub enum Key<'a> {
    Session(&'a str),
    StartUrl(&'a str),
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the CLI's timestamp format.
pub fn timestamp(epoch: u64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(epoch as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// Parses the timestamps readers accept (`Z`, `+00:00`, fractions, the old `UTC` suffix).
/// `Err` for a timestamp without a timezone: botocore crashes on those.
pub fn parse_timestamp(value: &str) -> Result<u64, TimestampError> {
    let v = value.trim();
    let (body, has_zone) = if let Some(b) = v.strip_suffix('Z') {
        (b.to_string(), true)
    } else if let Some(b) = v.strip_suffix("UTC") {
        (b.trim_end().to_string(), true)
    } else if let Some(b) = v.strip_suffix("+00:00") {
        (b.to_string(), true)
    } else {
        (v.to_string(), false)
    };
    let body = body.split('.').next().unwrap_or("");
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let parsed = time::PrimitiveDateTime::parse(body, &format)
        .map_err(|_| TimestampError::Invalid(value.to_string()))?;
    if !has_zone {
        return Err(TimestampError::NoTimezone(value.to_string()));
    }
    u64::try_from(parsed.assume_utc().unix_timestamp())
        .map_err(|_| TimestampError::Invalid(value.to_string()))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimestampError {
    Invalid(String),
    NoTimezone(String),
}

/// A token file as the CLI writes it. Secret fields never print (`Debug` is hand-written).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenFile {
    pub start_url: Option<String>,
    pub region: Option<String>,
    pub access_token: String,
    pub expires_at: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub registration_expires_at: Option<String>,
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for TokenFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenFile")
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("registration_expires_at", &self.registration_expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl TokenFile {
    /// The CLI's JSON: keys in its order, `refreshToken` only when there is one.
    pub fn to_json(&self) -> String {
        let mut map = serde_json::Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                map.insert(k.into(), Value::from(v.as_str()));
            }
        };
        put("startUrl", &self.start_url);
        put("region", &self.region);
        put("accessToken", &Some(self.access_token.clone()));
        put("expiresAt", &Some(self.expires_at.clone()));
        put("clientId", &self.client_id);
        put("clientSecret", &self.client_secret);
        put("registrationExpiresAt", &self.registration_expires_at);
        put("refreshToken", &self.refresh_token);
        py_json(&Value::Object(map))
    }

    /// Reads a token file as botocore does: only `accessToken` and `expiresAt` required.
    pub fn parse(text: &str) -> Option<TokenFile> {
        let value: Value = serde_json::from_str(text).ok()?;
        let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
        Some(TokenFile {
            start_url: s("startUrl"),
            region: s("region"),
            access_token: s("accessToken")?,
            expires_at: s("expiresAt")?,
            client_id: s("clientId"),
            client_secret: s("clientSecret"),
            registration_expires_at: s("registrationExpiresAt"),
            refresh_token: s("refreshToken"),
        })
    }
}

/// A client registration as the CLI caches it.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: String,
    pub scopes: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("scopes", &self.scopes)
            .field("grant_types", &self.grant_types)
            .finish()
    }
}

impl Registration {
    pub fn to_json(&self) -> String {
        let mut map = serde_json::Map::new();
        map.insert("clientId".into(), Value::from(self.client_id.as_str()));
        map.insert(
            "clientSecret".into(),
            Value::from(self.client_secret.as_str()),
        );
        map.insert("expiresAt".into(), Value::from(self.expires_at.as_str()));
        if let Some(scopes) = &self.scopes {
            map.insert("scopes".into(), Value::from(scopes.clone()));
        }
        if let Some(grants) = &self.grant_types {
            map.insert("grantTypes".into(), Value::from(grants.clone()));
        }
        py_json(&Value::Object(map))
    }

    pub fn parse(text: &str) -> Option<Registration> {
        let value: Value = serde_json::from_str(text).ok()?;
        let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
        let list = |k: &str| {
            value.get(k).and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
        };
        Some(Registration {
            client_id: s("clientId")?,
            client_secret: s("clientSecret")?,
            expires_at: s("expiresAt")?,
            scopes: list("scopes"),
            grant_types: list("grantTypes"),
        })
    }

    /// `grantTypes` with `authorization_code` marks a PKCE registration.
    pub fn is_for_auth_code(&self) -> bool {
        self.grant_types
            .as_ref()
            .is_some_and(|g| g.iter().any(|t| t == "authorization_code"))
    }
}

/// Writes a cache file atomically with mode 0600, creating the directory (0700) if needed
/// and refusing one that another user could write into ([`crate::files::write_private`]).
pub fn write_private(dir: &Path, name: &str, contents: &str) -> std::io::Result<PathBuf> {
    crate::files::write_private(dir, name, contents.as_bytes())
}

/// Creates `dir` (and missing parents) with mode 0700, as a cache directory should be, and
/// refuses an existing one that is not private.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    crate::files::create_private_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_cache_key_vectors() {
        // shared/reference/botocore-semantics.md §3-4.
        assert_eq!(
            token_key("admin"),
            "d033e22ae348aeb5660fc2140aec35850c4da997"
        );
        assert_eq!(
            token_key("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c"
        );
        assert_eq!(
            token_key("https://my-sso-portal.awsapps.com/start"),
            "c7aaaf71fcc8777ae2475525ed049d39fe16c484"
        );
        let url = "https://my-sso-portal.awsapps.com/start";
        let scopes = vec!["sso:account:access".to_string()];
        assert_eq!(
            registration_key(url, "us-east-1", Some(&scopes), Some("my-sso")),
            "c5cfae6e3e4f067423a532368c8b514b6a4b0ace"
        );
        assert_eq!(
            registration_key(url, "us-east-1", None, Some("my-sso")),
            "5d2ad48f7ce068c072924f44a42fb81ca0fd6b99"
        );
        assert_eq!(
            registration_key(url, "us-east-1", None, None),
            "0e093f10f65cee6c5c1898a8e240f5726875bf08"
        );
        assert_eq!(
            role_credentials_key("123456789012", "ReadOnly", Key::Session("my-sso")),
            "31b260dab331b2af063485cea75f7b8b3cf54c71"
        );
        assert_eq!(
            role_credentials_key("123456789012", "ReadOnly", Key::StartUrl(url)),
            "107af63d78e24f5ce0fbb60ccb8244f20f6e19e6"
        );
    }

    #[test]
    fn timestamps_as_the_cli_writes_and_reads_them() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        for t in [
            "2026-11-23T10:00:00Z",
            "2026-11-23T10:00:00UTC",
            "2026-11-23T10:00:00.123+00:00",
        ] {
            assert_eq!(parse_timestamp(t), Ok(1795428000), "{t}");
        }
        assert!(matches!(
            parse_timestamp("2026-11-23T10:00:00"),
            Err(TimestampError::NoTimezone(_))
        ));
    }

    #[test]
    fn token_json_has_the_cli_shape_and_no_debug_leak() {
        let token = TokenFile {
            start_url: Some("https://x.awsapps.com/start".into()),
            region: Some("us-east-1".into()),
            access_token: "SECRET-ACCESS".into(),
            expires_at: "2026-11-23T10:00:00Z".into(),
            client_id: Some("cid".into()),
            client_secret: Some("SECRET-CLIENT".into()),
            registration_expires_at: Some("2027-02-21T10:00:00Z".into()),
            refresh_token: None,
        };
        assert_eq!(
            token.to_json(),
            r#"{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "SECRET-ACCESS", "expiresAt": "2026-11-23T10:00:00Z", "clientId": "cid", "clientSecret": "SECRET-CLIENT", "registrationExpiresAt": "2027-02-21T10:00:00Z"}"#
        );
        assert_eq!(TokenFile::parse(&token.to_json()), Some(token.clone()));
        let debug = format!("{token:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
    }
}
