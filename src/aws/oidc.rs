//! SSO OIDC and portal calls (rest-json): RegisterClient, StartDeviceAuthorization,
//! CreateToken, and the portal's Logout.

use std::fmt;

use serde_json::{Value, json};

use crate::aws::http::{CallError, Http};

/// A registered client. The secret never prints.
#[derive(Clone)]
pub struct Client {
    pub id: String,
    pub secret: String,
    /// Epoch seconds.
    pub expires_at: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Client {{ id: {:?}, secret: <redacted>, expires_at: {} }}",
            self.id, self.expires_at
        )
    }
}

#[derive(Clone, Debug, Default)]
pub struct Registration<'a> {
    pub name: &'a str,
    pub scopes: Option<&'a [String]>,
    pub grant_types: Option<&'a [&'a str]>,
    pub redirect_uris: Option<&'a [String]>,
    pub issuer_url: Option<&'a str>,
}

/// A device authorization (the device code is a secret of sorts: it never prints).
#[derive(Clone)]
pub struct DeviceAuthorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub expires_in: u64,
    pub interval: u64,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DeviceAuthorization {{ user_code: {:?}, expires_in: {} }}",
            self.user_code, self.expires_in
        )
    }
}

/// CreateToken's answer.
#[derive(Clone)]
pub struct Tokens {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: Option<String>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Tokens {{ access_token: <redacted>, expires_in: {}, refresh_token: {} }}",
            self.expires_in,
            if self.refresh_token.is_some() {
                "<redacted>"
            } else {
                "none"
            }
        )
    }
}

/// The grant of a CreateToken call.
pub enum Grant<'a> {
    DeviceCode(&'a str),
    AuthorizationCode {
        code: &'a str,
        redirect_uri: &'a str,
        verifier: &'a str,
    },
    RefreshToken(&'a str),
}

pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn base(endpoint: &str) -> &str {
    endpoint.trim_end_matches('/')
}

fn field(v: &Value, k: &str) -> Result<String, CallError> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallError::Transport(format!("the answer has no `{k}`")))
}

fn number(v: &Value, k: &str) -> Option<u64> {
    v.get(k).and_then(Value::as_u64)
}

pub fn register_client(http: &Http, endpoint: &str, r: &Registration) -> Result<Client, CallError> {
    let mut body = json!({"clientName": r.name, "clientType": "public"});
    if let Some(scopes) = r.scopes {
        body["scopes"] = json!(scopes);
    }
    if let Some(grants) = r.grant_types {
        body["grantTypes"] = json!(grants);
    }
    if let Some(uris) = r.redirect_uris {
        body["redirectUris"] = json!(uris);
    }
    if let Some(issuer) = r.issuer_url {
        body["issuerUrl"] = json!(issuer);
    }
    let v = http.json(
        reqwest::Method::POST,
        &format!("{}/client/register", base(endpoint)),
        &[],
        Some(&body),
    )?;
    Ok(Client {
        id: field(&v, "clientId")?,
        secret: field(&v, "clientSecret")?,
        expires_at: number(&v, "clientSecretExpiresAt").unwrap_or(0),
    })
}

pub fn start_device_authorization(
    http: &Http,
    endpoint: &str,
    client: &Client,
    start_url: &str,
) -> Result<DeviceAuthorization, CallError> {
    let body = json!({"clientId": client.id, "clientSecret": client.secret, "startUrl": start_url});
    let v = http.json(
        reqwest::Method::POST,
        &format!("{}/device_authorization", base(endpoint)),
        &[],
        Some(&body),
    )?;
    Ok(DeviceAuthorization {
        device_code: field(&v, "deviceCode")?,
        user_code: field(&v, "userCode")?,
        verification_uri: field(&v, "verificationUri")?,
        verification_uri_complete: field(&v, "verificationUriComplete")?,
        expires_in: number(&v, "expiresIn").unwrap_or(600),
        interval: number(&v, "interval").unwrap_or(5),
    })
}

pub fn create_token(
    http: &Http,
    endpoint: &str,
    client: &Client,
    grant: Grant,
) -> Result<Tokens, CallError> {
    let mut body = json!({"clientId": client.id, "clientSecret": client.secret});
    match grant {
        Grant::DeviceCode(code) => {
            body["grantType"] = json!(DEVICE_GRANT);
            body["deviceCode"] = json!(code);
        }
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            verifier,
        } => {
            body["grantType"] = json!("authorization_code");
            body["code"] = json!(code);
            body["redirectUri"] = json!(redirect_uri);
            body["codeVerifier"] = json!(verifier);
        }
        Grant::RefreshToken(token) => {
            body["grantType"] = json!("refresh_token");
            body["refreshToken"] = json!(token);
        }
    }
    let v = http.json(
        reqwest::Method::POST,
        &format!("{}/token", base(endpoint)),
        &[],
        Some(&body),
    )?;
    Ok(Tokens {
        access_token: field(&v, "accessToken")?,
        expires_in: number(&v, "expiresIn").unwrap_or(0),
        refresh_token: v
            .get("refreshToken")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// The portal's Logout: ends the session behind the token.
pub fn logout(http: &Http, portal_endpoint: &str, access_token: &str) -> Result<(), CallError> {
    http.json(
        reqwest::Method::POST,
        &format!("{}/logout", base(portal_endpoint)),
        &[("x-amz-sso_bearer_token", access_token)],
        None,
    )
    .map(|_| ())
}

/// An account the user can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
}

fn get_pages(
    http: &Http,
    url: &str,
    access_token: &str,
    list: &str,
) -> Result<Vec<Value>, CallError> {
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    for _ in 0..1000 {
        let mut page_url = url::Url::parse(url).map_err(|e| CallError::Transport(e.to_string()))?;
        page_url.query_pairs_mut().append_pair("max_result", "100");
        if let Some(token) = &next {
            page_url.query_pairs_mut().append_pair("next_token", token);
        }
        let v = http.json(
            reqwest::Method::GET,
            page_url.as_str(),
            &[("x-amz-sso_bearer_token", access_token)],
            None,
        )?;
        items.extend(
            v.get(list)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        );
        next = v
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    Ok(items)
}

/// ListAccounts, every page.
pub fn list_accounts(
    http: &Http,
    portal: &str,
    access_token: &str,
) -> Result<Vec<Account>, CallError> {
    let items = get_pages(
        http,
        &format!("{}/assignment/accounts", base(portal)),
        access_token,
        "accountList",
    )?;
    Ok(items
        .iter()
        .map(|a| Account {
            id: a
                .get("accountId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            name: a
                .get("accountName")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        })
        .collect())
}

/// ListAccountRoles, every page: role names.
pub fn list_account_roles(
    http: &Http,
    portal: &str,
    access_token: &str,
    account_id: &str,
) -> Result<Vec<String>, CallError> {
    let mut url = url::Url::parse(&format!("{}/assignment/roles", base(portal)))
        .map_err(|e| CallError::Transport(e.to_string()))?;
    url.query_pairs_mut().append_pair("account_id", account_id);
    let items = get_pages(http, url.as_str(), access_token, "roleList")?;
    Ok(items
        .iter()
        .filter_map(|r| {
            r.get("roleName")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect())
}

/// GetRoleCredentials: temporary credentials and their expiry (epoch seconds).
pub fn get_role_credentials(
    http: &Http,
    portal: &str,
    access_token: &str,
    account_id: &str,
    role_name: &str,
) -> Result<(crate::aws::sigv4::Credentials, u64), CallError> {
    let mut url = url::Url::parse(&format!("{}/federation/credentials", base(portal)))
        .map_err(|e| CallError::Transport(e.to_string()))?;
    url.query_pairs_mut()
        .append_pair("account_id", account_id)
        .append_pair("role_name", role_name);
    let v = http.json(
        reqwest::Method::GET,
        url.as_str(),
        &[("x-amz-sso_bearer_token", access_token)],
        None,
    )?;
    let c = v.get("roleCredentials").cloned().unwrap_or(Value::Null);
    Ok((
        crate::aws::sigv4::Credentials {
            access_key_id: field(&c, "accessKeyId")?,
            secret_access_key: field(&c, "secretAccessKey")?,
            session_token: c
                .get("sessionToken")
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        number(&c, "expiration").unwrap_or(0) / 1000,
    ))
}
