//! What a diagnosis is made of: the checks in their order ([`CheckId`]), each one's
//! result ([`Check`]: status, summary, detail, remedy and typed [`Fact`]s), and one
//! profile's [`Diagnosis`]. No output format lives here: `render::doctor` builds the text
//! and the JSON.

use std::path::PathBuf;

/// Every check, in the order a diagnosis runs them (from the file to the identity).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    ConfigParse,
    ProfileResolve,
    ConfigLint,
    EnvOverrides,
    AwsCli,
    StartUrl,
    EndpointReachable,
    ClockSkew,
    TokenCache,
    TokenRefresh,
    AccountAccess,
    RoleAccess,
    RoleCredentials,
    CallerIdentity,
}

impl CheckId {
    pub const ALL: [CheckId; 14] = [
        CheckId::ConfigParse,
        CheckId::ProfileResolve,
        CheckId::ConfigLint,
        CheckId::EnvOverrides,
        CheckId::AwsCli,
        CheckId::StartUrl,
        CheckId::EndpointReachable,
        CheckId::ClockSkew,
        CheckId::TokenCache,
        CheckId::TokenRefresh,
        CheckId::AccountAccess,
        CheckId::RoleAccess,
        CheckId::RoleCredentials,
        CheckId::CallerIdentity,
    ];

    /// The stable name (the JSON `id`, the checklist's first column).
    pub fn name(self) -> &'static str {
        match self {
            CheckId::ConfigParse => "config-parse",
            CheckId::ProfileResolve => "profile-resolve",
            CheckId::ConfigLint => "config-lint",
            CheckId::EnvOverrides => "env-overrides",
            CheckId::AwsCli => "aws-cli",
            CheckId::StartUrl => "start-url",
            CheckId::EndpointReachable => "endpoint-reachable",
            CheckId::ClockSkew => "clock-skew",
            CheckId::TokenCache => "token-cache",
            CheckId::TokenRefresh => "token-refresh",
            CheckId::AccountAccess => "account-access",
            CheckId::RoleAccess => "role-access",
            CheckId::RoleCredentials => "role-credentials",
            CheckId::CallerIdentity => "caller-identity",
        }
    }

    pub fn from_name(name: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|id| id.name() == name)
    }

    /// Whether the check still runs after an earlier failure stopped the chain: the ones
    /// that look only at the machine (the files, the environment, the installed CLI).
    pub fn runs_after_a_failure(self) -> bool {
        matches!(
            self,
            CheckId::ConfigParse | CheckId::EnvOverrides | CheckId::AwsCli
        )
    }

    /// Whether the check is about an IAM Identity Center profile (skipped for others).
    pub fn needs_sso(self) -> bool {
        self >= CheckId::StartUrl
    }

    /// Whether the check talks to AWS (skipped with `--offline`).
    pub fn needs_network(self) -> bool {
        matches!(self, CheckId::EndpointReachable | CheckId::ClockSkew)
            || self >= CheckId::TokenRefresh
    }

    /// Whether the check needs the profile's account and role (not only a session).
    pub fn needs_account_and_role(self) -> bool {
        self >= CheckId::AccountAccess
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// How the diagnosed profile gets its credentials.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProfileKind {
    /// Not through IAM Identity Center.
    NotSso,
    /// Through `source_profile`, from another profile's SSO settings.
    Chained,
    SsoSession,
    Legacy,
}

impl ProfileKind {
    pub fn name(self) -> &'static str {
        match self {
            ProfileKind::NotSso => "not-sso",
            ProfileKind::Chained => "chained",
            ProfileKind::SsoSession => "sso-session",
            ProfileKind::Legacy => "legacy",
        }
    }
}

/// A machine-readable fact a check found (`--format json` adds each to its check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    ConfigFile(PathBuf),
    CredentialsFile(PathBuf),
    ProfileKind(ProfileKind),
    StartUrl(String),
    SsoRegion(String),
    /// The rule codes found in the profile's sections.
    Codes(Vec<&'static str>),
    AwsCliVersion(String),
    /// Whether the start URL's host is an IAM Identity Center host (not a vanity URL).
    AwsOwned(bool),
    SkewSeconds(i64),
    TokenFile(PathBuf),
    DirectoryMode(u32),
    DirectoryOwnerUid(u32),
    ExpiresAt(String),
    Refreshable(bool),
    /// When the role credentials expire (ISO 8601).
    CredentialsExpire(String),
    Accounts(Vec<String>),
    Roles(Vec<String>),
    Arn(String),
    Account(String),
}

impl Fact {
    fn same_kind(&self, other: &Fact) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// One check's result.
#[derive(Clone, Debug)]
pub struct Check {
    pub id: CheckId,
    pub status: Status,
    pub summary: String,
    pub detail: Vec<String>,
    /// For every non-pass: the command or edit that fixes it.
    pub remedy: Option<String>,
    pub facts: Vec<Fact>,
}

impl Check {
    pub fn new(id: CheckId, status: Status, summary: impl Into<String>) -> Check {
        Check {
            id,
            status,
            summary: summary.into(),
            detail: Vec::new(),
            remedy: None,
            facts: Vec::new(),
        }
    }

    /// A check that did not run, and why.
    pub fn skipped(id: CheckId, reason: &str) -> Check {
        Check::new(id, Status::Skip, format!("skipped: {reason}"))
    }

    pub fn remedy(mut self, remedy: impl Into<String>) -> Check {
        self.remedy = Some(remedy.into());
        self
    }

    pub fn detail(mut self, line: impl Into<String>) -> Check {
        self.detail.push(line.into());
        self
    }

    /// Adds a fact (replacing one of the same kind).
    pub fn fact(mut self, fact: Fact) -> Check {
        self.set_fact(fact);
        self
    }

    pub fn set_fact(&mut self, fact: Fact) {
        match self.facts.iter_mut().find(|f| f.same_kind(&fact)) {
            Some(slot) => *slot = fact,
            None => self.facts.push(fact),
        }
    }
}

/// One profile's diagnosis.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    pub profile: String,
    /// Why this profile: `--profile`, `AWS_PROFILE`, …
    pub profile_source: String,
    pub checks: Vec<Check>,
}

impl Diagnosis {
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }

    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_in_order_and_named_once() {
        let mut sorted = CheckId::ALL;
        sorted.sort();
        assert_eq!(sorted, CheckId::ALL);
        for id in CheckId::ALL {
            assert_eq!(CheckId::from_name(id.name()), Some(id));
        }
        assert_eq!(CheckId::from_name("nope"), None);
        let network: Vec<&str> = CheckId::ALL
            .into_iter()
            .filter(|id| id.needs_network())
            .map(CheckId::name)
            .collect();
        assert_eq!(
            network,
            [
                "endpoint-reachable",
                "clock-skew",
                "token-refresh",
                "account-access",
                "role-access",
                "role-credentials",
                "caller-identity"
            ]
        );
    }

    #[test]
    fn a_fact_of_the_same_kind_replaces_the_old_one() {
        let check = Check::new(CheckId::TokenCache, Status::Pass, "")
            .fact(Fact::Refreshable(false))
            .fact(Fact::ExpiresAt("x".into()))
            .fact(Fact::Refreshable(true));
        assert_eq!(
            check.facts,
            [Fact::Refreshable(true), Fact::ExpiresAt("x".into())]
        );
    }
}
