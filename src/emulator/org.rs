//! The organisation an emulator serves: portals (start URLs), users, accounts, who may use
//! which role, lifetimes and faults. Built in (the README's default org) or from TOML.

use serde::Deserialize;

/// `--org FILE`: one or more `[[org]]` tables and an optional `[faults]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgFile {
    #[serde(rename = "org")]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub faults: Faults,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Org {
    /// The access portal URL clients send as `startUrl`.
    pub start_url: String,
    /// The Identity Center region (`sso_region`).
    #[serde(default = "default_region")]
    pub region: String,
    /// Who can sign in; the first approves device codes and authorizations by default.
    #[serde(default = "default_users")]
    pub users: Vec<String>,
    pub accounts: Vec<Account>,
    #[serde(default)]
    pub lifetimes: Lifetimes,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Account {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Permission sets (role names) assigned in this account.
    pub roles: Vec<String>,
    /// Users the roles are assigned to; default: every user of the org.
    #[serde(default)]
    pub users: Option<Vec<String>>,
}

impl Account {
    pub fn assigned_to(&self, user: &str) -> bool {
        self.users
            .as_ref()
            .is_none_or(|users| users.iter().any(|u| u == user))
    }

    pub fn email(&self) -> String {
        self.email
            .clone()
            .unwrap_or_else(|| format!("aws+{}@example.com", self.id))
    }
}

/// Lifetimes in seconds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Lifetimes {
    pub access_token: u64,
    /// The portal session: refresh works until it ends.
    pub session: u64,
    pub registration: u64,
    pub device_code: u64,
    /// The polling interval StartDeviceAuthorization asks for.
    pub device_interval: u64,
    pub role_credentials: u64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            access_token: 3600,
            session: 8 * 3600,
            registration: 90 * 24 * 3600,
            device_code: 600,
            device_interval: 1,
            role_credentials: 3600,
        }
    }
}

/// Misbehaviour on demand, for testing clients.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Faults {
    /// Added to every response.
    pub latency_ms: u64,
    /// Share (0–1) of requests answered with 500 InternalServerException.
    pub server_error_rate: f64,
    /// Share (0–1) of requests answered with 429 TooManyRequestsException.
    pub throttle_rate: f64,
    /// Every device-code poll gets SlowDownException.
    pub force_slow_down: bool,
    /// Portal sessions have ended: refresh fails with InvalidGrantException.
    pub session_ended: bool,
    /// Seconds added to the `Date` header (simulates a skewed client clock, seen from the
    /// client's side).
    pub date_offset_secs: i64,
}

fn default_region() -> String {
    "us-east-1".into()
}

fn default_users() -> Vec<String> {
    vec!["dev".into()]
}

/// The built-in org (documented in the README).
pub fn default_org() -> OrgFile {
    OrgFile {
        orgs: vec![Org {
            start_url: "https://ssolint-emulator.awsapps.com/start".into(),
            region: "us-east-1".into(),
            users: default_users(),
            accounts: vec![
                Account {
                    id: "111111111111".into(),
                    name: "Development".into(),
                    email: None,
                    roles: vec!["AdministratorAccess".into(), "ReadOnlyAccess".into()],
                    users: None,
                },
                Account {
                    id: "222222222222".into(),
                    name: "Production".into(),
                    email: None,
                    roles: vec!["ReadOnlyAccess".into()],
                    users: None,
                },
            ],
            lifetimes: Lifetimes::default(),
        }],
        faults: Faults::default(),
    }
}

/// Why an org file cannot be served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrgFileError {
    /// Not TOML, or not the org file's shape; 1-based line and column.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    NoOrg,
    NoUsers {
        start_url: String,
    },
    BadAccountId {
        id: String,
    },
}

impl std::fmt::Display for OrgFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OrgFileError::Syntax {
                message,
                line,
                column,
            } => write!(f, "{line}:{column}: {message}"),
            OrgFileError::NoOrg => write!(f, "no [[org]] table"),
            OrgFileError::NoUsers { start_url } => write!(f, "org {start_url}: no users"),
            OrgFileError::BadAccountId { id } => {
                write!(f, "account `{id}`: an account id is 12 digits")
            }
        }
    }
}

impl std::error::Error for OrgFileError {}

impl OrgFile {
    pub fn parse(text: &str) -> Result<OrgFile, OrgFileError> {
        let file: OrgFile = toml::from_str(text).map_err(|e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start).min(text.len());
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            OrgFileError::Syntax {
                message: e.message().trim_end().to_string(),
                line: before.matches('\n').count() + 1,
                column: before[line_start..].chars().count() + 1,
            }
        })?;
        if file.orgs.is_empty() {
            return Err(OrgFileError::NoOrg);
        }
        for org in &file.orgs {
            if org.users.is_empty() {
                return Err(OrgFileError::NoUsers {
                    start_url: org.start_url.clone(),
                });
            }
            for account in &org.accounts {
                if account.id.len() != 12 || !account.id.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(OrgFileError::BadAccountId {
                        id: account.id.clone(),
                    });
                }
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn errors_are_typed_and_syntax_errors_placed() {
        let error = OrgFile::parse("# orgs\n[[org]\n").unwrap_err();
        assert!(
            matches!(error, OrgFileError::Syntax { line: 2, .. }),
            "{error:?}"
        );
        assert!(error.to_string().starts_with("2:"), "{error}");
        assert_eq!(
            OrgFile::parse("org = []\n").unwrap_err(),
            OrgFileError::NoOrg
        );
    }
}
