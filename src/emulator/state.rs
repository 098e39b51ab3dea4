//! The emulator's memory: registered clients, pending device codes and authorization codes,
//! tokens, portal sessions and issued role credentials. Every secret it hands out is random
//! and lives only here.

use std::collections::HashMap;
use std::fmt;

use base64::Engine;
use rand::RngExt;
use sha2::{Digest, Sha256};

use crate::emulator::org::{Faults, Org, OrgFile};

/// A random token of `len` characters from an alphabet.
pub fn random_string(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A secret that never prints (Debug shows its length only).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} chars redacted>)", self.0.len())
    }
}

impl Secret {
    fn new(prefix: &str, len: usize) -> Secret {
        Secret(format!("{prefix}{}", random_string(ALNUM, len)))
    }
}

#[derive(Clone, Debug)]
pub struct Client {
    pub secret: Secret,
    pub name: String,
    pub scopes: Vec<String>,
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub issued_at: u64,
    pub expires_at: u64,
}

impl Client {
    pub fn allows(&self, grant: &str) -> bool {
        self.grant_types.is_empty() || self.grant_types.iter().any(|g| g == grant)
    }

    /// Clients registered with scopes get refreshable tokens; scope-less ones (old CLI
    /// device flows) get one long token and no refresh token, as Identity Center does.
    pub fn refreshable(&self) -> bool {
        !self.scopes.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Device {
    pub client_id: String,
    pub user_code: String,
    pub org: usize,
    pub expires_at: u64,
    pub interval: u64,
    /// When the client last polled (milliseconds), for slow_down.
    pub last_poll_ms: Option<u128>,
    pub approved_by: Option<String>,
    pub used: bool,
}

#[derive(Clone, Debug)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub org: usize,
    pub user: String,
    pub expires_at: u64,
    pub used: bool,
}

/// An /authorize request waiting for the user's approval (without --auto-approve).
#[derive(Clone, Debug)]
pub struct PendingAuthorization {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub challenge: String,
    pub org: usize,
}

/// The signed-in user's portal session: refresh works while it lasts.
#[derive(Clone, Debug)]
pub struct Session {
    pub org: usize,
    pub user: String,
    pub expires_at: u64,
    pub ended: bool,
}

#[derive(Clone, Debug)]
pub struct AccessToken {
    pub session: u64,
    pub client_id: String,
    pub expires_at: u64,
    pub revoked: bool,
}

#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub session: u64,
    pub client_id: String,
    pub used: bool,
}

#[derive(Clone, Debug)]
pub struct RoleCredentials {
    pub secret: Secret,
    pub session_token: Secret,
    pub account: String,
    pub role: String,
    pub user: String,
    /// Stable per (account, role): the role id in ARNs and user ids.
    pub role_suffix: String,
    pub expires_at: u64,
}

/// One request as received, for tests (never a secret: no headers, no bodies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// The AWS error code sent, if any.
    pub error: Option<String>,
}

/// Tokens issued by CreateToken.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access_token: Secret,
    pub expires_in: u64,
    pub refresh_token: Option<Secret>,
}

/// An AWS error: its code (the exception name), HTTP status and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub code: &'static str,
    pub status: u16,
    pub message: String,
}

impl AwsError {
    pub fn new(code: &'static str, status: u16, message: impl Into<String>) -> AwsError {
        AwsError {
            code,
            status,
            message: message.into(),
        }
    }
}

#[derive(Debug)]
pub struct State {
    pub orgs: Vec<Org>,
    pub faults: Faults,
    pub auto_approve: bool,
    pub clients: HashMap<String, Client>,
    /// By device code.
    pub devices: HashMap<Secret, Device>,
    pub codes: HashMap<Secret, AuthCode>,
    /// By request id (the approval page's form field).
    pub pending: HashMap<String, PendingAuthorization>,
    pub sessions: HashMap<u64, Session>,
    pub access_tokens: HashMap<Secret, AccessToken>,
    pub refresh_tokens: HashMap<Secret, RefreshToken>,
    /// By access key id.
    pub credentials: HashMap<String, RoleCredentials>,
    pub requests: Vec<RequestRecord>,
    next_session: u64,
}

/// The most client registrations the emulator keeps at once.
pub const MAX_CLIENTS: usize = 10_000;

pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `BASE64URL(SHA256(verifier))`, the S256 code challenge.
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl State {
    pub fn new(org: OrgFile, auto_approve: bool) -> State {
        State {
            orgs: org.orgs,
            faults: org.faults,
            auto_approve,
            clients: HashMap::new(),
            devices: HashMap::new(),
            codes: HashMap::new(),
            pending: HashMap::new(),
            sessions: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            credentials: HashMap::new(),
            requests: Vec::new(),
            next_session: 1,
        }
    }

    pub fn org_by_start_url(&self, url: &str) -> Option<usize> {
        self.orgs.iter().position(|o| o.start_url == url)
    }

    pub fn register_client(
        &mut self,
        now: u64,
        name: String,
        scopes: Vec<String>,
        grant_types: Vec<String>,
        redirect_uris: Vec<String>,
    ) -> (String, Client) {
        // Registrations end: expired ones are forgotten, and a flood of registrations keeps
        // at most MAX_CLIENTS (the oldest go first).
        self.clients.retain(|_, c| c.expires_at > now);
        if self.clients.len() >= MAX_CLIENTS
            && let Some(oldest) = self
                .clients
                .iter()
                .min_by_key(|(_, c)| c.issued_at)
                .map(|(id, _)| id.clone())
        {
            self.clients.remove(&oldest);
        }
        let id = random_string(ALNUM, 22);
        let lifetime = self.orgs[0].lifetimes.registration;
        let client = Client {
            secret: Secret::new("", 64),
            name,
            scopes,
            grant_types,
            redirect_uris,
            issued_at: now,
            expires_at: now + lifetime,
        };
        self.clients.insert(id.clone(), client.clone());
        (id, client)
    }

    /// The client, if the id and secret match and the registration has not expired.
    pub fn authenticate(&self, now: u64, id: &str, secret: &str) -> Result<&Client, AwsError> {
        match self.clients.get(id) {
            Some(c) if c.secret.0 == secret && c.expires_at > now => Ok(c),
            Some(c) if c.secret.0 == secret => Err(AwsError::new(
                "InvalidClientException",
                401,
                "Client registration has expired",
            )),
            _ => Err(AwsError::new(
                "InvalidClientException",
                401,
                "Invalid client",
            )),
        }
    }

    pub fn start_device(&mut self, now: u64, client_id: &str, org: usize) -> (Secret, Device) {
        let lifetimes = &self.orgs[org].lifetimes;
        let code = Secret::new("", 86);
        let user_code = format!(
            "{}-{}",
            random_string(UPPER_DIGITS, 4),
            random_string(UPPER_DIGITS, 4)
        );
        let device = Device {
            client_id: client_id.to_string(),
            user_code,
            org,
            expires_at: now + lifetimes.device_code,
            interval: lifetimes.device_interval,
            last_poll_ms: None,
            approved_by: self.auto_approve.then(|| self.orgs[org].users[0].clone()),
            used: false,
        };
        self.devices.insert(code.clone(), device.clone());
        (code, device)
    }

    /// Approves the device code with this user code (the verification page, or tests).
    pub fn approve_device(&mut self, user_code: &str, user: Option<&str>) -> bool {
        let wanted = user_code.trim().to_ascii_uppercase();
        for device in self.devices.values_mut() {
            if device.user_code == wanted && !device.used && device.approved_by.is_none() {
                let user =
                    user.map_or_else(|| self.orgs[device.org].users[0].clone(), str::to_string);
                device.approved_by = Some(user);
                return true;
            }
        }
        false
    }

    fn new_session(&mut self, now: u64, org: usize, user: &str) -> u64 {
        let id = self.next_session;
        self.next_session += 1;
        self.sessions.insert(
            id,
            Session {
                org,
                user: user.to_string(),
                expires_at: now + self.orgs[org].lifetimes.session,
                ended: false,
            },
        );
        id
    }

    fn issue(&mut self, now: u64, session: u64, client_id: &str) -> Tokens {
        let org = self.sessions[&session].org;
        let refreshable = self.clients.get(client_id).is_some_and(Client::refreshable);
        let lifetimes = &self.orgs[org].lifetimes;
        // Without a refresh token the access token lasts the whole session (the legacy,
        // 8-hour, non-refreshable kind).
        let expires_in = if refreshable {
            lifetimes.access_token
        } else {
            self.sessions[&session].expires_at.saturating_sub(now)
        };
        let access = Secret::new("aoa", 120);
        self.access_tokens.insert(
            access.clone(),
            AccessToken {
                session,
                client_id: client_id.to_string(),
                expires_at: now + expires_in,
                revoked: false,
            },
        );
        let refresh = refreshable.then(|| {
            let refresh = Secret::new("aor", 120);
            self.refresh_tokens.insert(
                refresh.clone(),
                RefreshToken {
                    session,
                    client_id: client_id.to_string(),
                    used: false,
                },
            );
            refresh
        });
        Tokens {
            access_token: access,
            expires_in,
            refresh_token: refresh,
        }
    }

    /// The device-code grant, one poll.
    pub fn poll_device(
        &mut self,
        now: u64,
        now_ms: u128,
        client_id: &str,
        device_code: &str,
    ) -> Result<Tokens, AwsError> {
        let force_slow_down = self.faults.force_slow_down;
        let key = Secret(device_code.to_string());
        let Some(device) = self.devices.get_mut(&key) else {
            return Err(AwsError::new(
                "InvalidGrantException",
                400,
                "Invalid device code provided",
            ));
        };
        if device.client_id != client_id {
            return Err(AwsError::new(
                "InvalidGrantException",
                400,
                "Invalid device code provided",
            ));
        }
        if device.used {
            return Err(AwsError::new(
                "InvalidGrantException",
                400,
                "Device code has already been used",
            ));
        }
        if device.expires_at <= now {
            return Err(AwsError::new(
                "ExpiredTokenException",
                400,
                "Device code has expired",
            ));
        }
        let too_fast = device
            .last_poll_ms
            .is_some_and(|last| now_ms.saturating_sub(last) < u128::from(device.interval) * 1000);
        device.last_poll_ms = Some(now_ms);
        if force_slow_down || too_fast {
            return Err(AwsError::new(
                "SlowDownException",
                400,
                "Client is polling too fast",
            ));
        }
        let Some(user) = device.approved_by.clone() else {
            return Err(AwsError::new(
                "AuthorizationPendingException",
                400,
                "Authorization is still pending",
            ));
        };
        device.used = true;
        let org = device.org;
        let session = self.new_session(now, org, &user);
        Ok(self.issue(now, session, client_id))
    }

    /// Issues an authorization code for an approved /authorize request.
    pub fn issue_code(&mut self, now: u64, pending: &PendingAuthorization) -> Secret {
        let code = Secret::new("", 64);
        let user = self.orgs[pending.org].users[0].clone();
        self.codes.insert(
            code.clone(),
            AuthCode {
                client_id: pending.client_id.clone(),
                redirect_uri: pending.redirect_uri.clone(),
                challenge: pending.challenge.clone(),
                org: pending.org,
                user,
                expires_at: now + 300,
                used: false,
            },
        );
        code
    }

    /// The authorization-code grant with PKCE.
    pub fn redeem_code(
        &mut self,
        now: u64,
        client_id: &str,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<Tokens, AwsError> {
        let invalid = |message: &str| AwsError::new("InvalidGrantException", 400, message);
        let Some(entry) = self.codes.get_mut(&Secret(code.to_string())) else {
            return Err(invalid("Invalid authorization code"));
        };
        if entry.used {
            return Err(invalid("Authorization code has already been used"));
        }
        entry.used = true;
        if entry.client_id != client_id || entry.expires_at <= now {
            return Err(invalid("Invalid authorization code"));
        }
        if entry.redirect_uri != redirect_uri {
            return Err(invalid(
                "Redirect URI does not match the authorization request",
            ));
        }
        if s256(verifier) != entry.challenge {
            return Err(invalid("Code verifier does not match the code challenge"));
        }
        let (org, user) = (entry.org, entry.user.clone());
        let session = self.new_session(now, org, &user);
        Ok(self.issue(now, session, client_id))
    }

    /// The refresh-token grant: rotates the refresh token.
    pub fn refresh(&mut self, now: u64, client_id: &str, token: &str) -> Result<Tokens, AwsError> {
        let invalid = |message: &str| AwsError::new("InvalidGrantException", 400, message);
        let session_ended = self.faults.session_ended;
        let Some(entry) = self.refresh_tokens.get_mut(&Secret(token.to_string())) else {
            return Err(invalid("Invalid refresh token provided"));
        };
        if entry.used || entry.client_id != client_id {
            return Err(invalid("Invalid refresh token provided"));
        }
        let session_id = entry.session;
        let session = &self.sessions[&session_id];
        if session_ended || session.ended || session.expires_at <= now {
            return Err(invalid("The portal session has ended: sign in again"));
        }
        entry.used = true;
        Ok(self.issue(now, session_id, client_id))
    }

    /// The session behind a bearer token, if the token is valid.
    pub fn bearer(&self, now: u64, token: &str) -> Result<&Session, AwsError> {
        let unauthorized = || {
            AwsError::new(
                "UnauthorizedException",
                401,
                "Session token not found or invalid",
            )
        };
        let t = self
            .access_tokens
            .get(&Secret(token.to_string()))
            .ok_or_else(unauthorized)?;
        let session = self.sessions.get(&t.session).ok_or_else(unauthorized)?;
        if t.revoked || t.expires_at <= now || session.ended {
            return Err(unauthorized());
        }
        Ok(session)
    }

    /// Portal Logout: the session ends, every token of it with it.
    pub fn logout(&mut self, now: u64, token: &str) -> Result<(), AwsError> {
        let session = self
            .access_tokens
            .get(&Secret(token.to_string()))
            .map(|t| t.session);
        self.bearer(now, token)?;
        if let Some(id) = session
            && let Some(s) = self.sessions.get_mut(&id)
        {
            s.ended = true;
        }
        Ok(())
    }

    pub fn issue_credentials(
        &mut self,
        now: u64,
        org: usize,
        user: &str,
        account: &str,
        role: &str,
    ) -> (String, RoleCredentials) {
        let key_id = format!(
            "ASIA{}",
            random_string(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        );
        let role_suffix = stable_suffix(account, role);
        let credentials = RoleCredentials {
            secret: Secret::new("", 40),
            session_token: Secret::new("IQoJb3JpZ2luX2VjE", 300),
            account: account.to_string(),
            role: role.to_string(),
            user: user.to_string(),
            role_suffix,
            expires_at: now + self.orgs[org].lifetimes.role_credentials,
        };
        self.credentials.insert(key_id.clone(), credentials.clone());
        (key_id, credentials)
    }

    // Test controls.

    pub fn expire_access_tokens(&mut self) {
        for t in self.access_tokens.values_mut() {
            t.expires_at = 0;
        }
    }

    pub fn revoke_tokens(&mut self) {
        for t in self.access_tokens.values_mut() {
            t.revoked = true;
        }
    }

    pub fn end_sessions(&mut self) {
        for s in self.sessions.values_mut() {
            s.ended = true;
        }
    }

    pub fn expire_role_credentials(&mut self) {
        for c in self.credentials.values_mut() {
            c.expires_at = 0;
        }
    }
}

/// A deterministic 16-hex-digit suffix for a permission set's role in an account, as in
/// `AWSReservedSSO_ReadOnlyAccess_0123456789abcdef`.
fn stable_suffix(account: &str, role: &str) -> String {
    let digest = Sha256::digest(format!("{account}/{role}").as_bytes());
    hex::encode(&digest[..8])
}
