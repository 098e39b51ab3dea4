//! The chain's pure logic: which profile is diagnosed and why, which profile of a
//! `source_profile` chain holds the SSO settings, and which checks are skipped, and why,
//! given what the earlier checks found.

use crate::doctor::check::CheckId;
use crate::model::{Block, Config, KnownKey};

/// Which profile the AWS CLI uses, and why.
pub fn select_profile(arg: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> (String, String) {
    if let Some(p) = arg {
        return (p.to_string(), "--profile".into());
    }
    if let Some(p) = env("AWS_PROFILE").filter(|p| !p.is_empty()) {
        return (p, "AWS_PROFILE".into());
    }
    if let Some(p) = env("AWS_DEFAULT_PROFILE").filter(|p| !p.is_empty()) {
        return (p, "AWS_DEFAULT_PROFILE (AWS_PROFILE is unset)".into());
    }
    (
        "default".into(),
        "the default (no --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE)".into(),
    )
}

/// The SSO settings a profile ends up using.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sso {
    /// The profile that holds them (the diagnosed one, or the end of its chain).
    pub profile: String,
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    pub account: Option<String>,
    pub role: Option<String>,
}

impl Sso {
    /// The token cache's key: the session name, else the start URL.
    pub fn cache_key(&self) -> &str {
        self.session.as_deref().unwrap_or(&self.start_url)
    }
}

/// Why a chain cannot be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainError {
    NoSuchProfile(String),
    NoSuchSession(String),
    Loop(String),
}

impl std::fmt::Display for ChainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainError::NoSuchProfile(p) => write!(f, "profile `{p}` does not exist"),
            ChainError::NoSuchSession(s) => write!(f, "sso-session `{s}` does not exist"),
            ChainError::Loop(p) => write!(f, "source_profile loops back to `{p}`"),
        }
    }
}

/// Follows `source_profile` to the profile that holds the SSO settings. `Ok(None)`: the
/// profile does not use IAM Identity Center.
pub fn sso_of(config: &Config, name: &str) -> Result<Option<Sso>, ChainError> {
    let mut current = name.to_string();
    let mut seen = vec![current.clone()];
    loop {
        let Some(block) = config.profiles.get(current.as_str()) else {
            return Err(ChainError::NoSuchProfile(current));
        };
        let is_sso = [
            KnownKey::SsoSession,
            KnownKey::SsoStartUrl,
            KnownKey::SsoAccountId,
            KnownKey::SsoRoleName,
        ]
        .into_iter()
        .any(|k| block.has(k));
        if is_sso && block.get(KnownKey::RoleArn).is_none() {
            return Ok(Some(sso_settings(config, &current, block)?));
        }
        match block.str(KnownKey::SourceProfile) {
            Some(next) if block.get(KnownKey::RoleArn).is_some() => {
                if seen.iter().any(|s| s == next) {
                    return Err(ChainError::Loop(next.to_string()));
                }
                seen.push(next.to_string());
                current = next.to_string();
            }
            _ => return Ok(None),
        }
    }
}

fn sso_settings(config: &Config, name: &str, block: &Block) -> Result<Sso, ChainError> {
    let account = block.str(KnownKey::SsoAccountId).map(str::to_string);
    let role = block.str(KnownKey::SsoRoleName).map(str::to_string);
    let (session, holder) = match block.str(KnownKey::SsoSession) {
        Some(session) => {
            let holder = config
                .sso_sessions
                .get(session)
                .ok_or_else(|| ChainError::NoSuchSession(session.to_string()))?;
            (Some(session.to_string()), holder)
        }
        None => (None, block),
    };
    Ok(Sso {
        profile: name.into(),
        session,
        start_url: holder.str(KnownKey::SsoStartUrl).unwrap_or_default().into(),
        region: holder.str(KnownKey::SsoRegion).unwrap_or_default().into(),
        account,
        role,
    })
}

/// What the earlier checks found that decides whether a check runs.
#[derive(Clone, Debug, Default)]
pub struct Progress<'a> {
    /// The first failure that makes the rest meaningless.
    pub stopped: Option<&'a str>,
    /// The profile resolved to SSO settings.
    pub sso: Option<&'a Sso>,
    pub offline: bool,
}

/// Why `id` is skipped, or `None` when it runs. In order: a profile that is not an IAM
/// Identity Center profile skips every SSO check; `--offline` every network check; an
/// earlier failure every check but the machine's own; a profile without an account and
/// role (used only to sign in) the checks of its access.
pub fn skip_reason<'a>(id: CheckId, progress: &Progress<'a>) -> Option<&'a str> {
    if id.needs_sso() && progress.sso.is_none() {
        return Some(
            progress
                .stopped
                .unwrap_or("not an IAM Identity Center profile"),
        );
    }
    if id.needs_network() && progress.offline {
        return Some("--offline");
    }
    if let Some(reason) = progress.stopped
        && !id.runs_after_a_failure()
    {
        return Some(reason);
    }
    if id.needs_account_and_role()
        && progress
            .sso
            .is_some_and(|s| s.account.is_none() || s.role.is_none())
    {
        return Some(
            "the profile has no sso_account_id and sso_role_name (it is used only to sign in)",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Dialect;

    fn load(text: &str) -> Config<'_> {
        crate::model::load(Dialect::Botocore, Some(text), None).0
    }

    #[test]
    fn the_profile_comes_from_the_flag_then_the_environment_then_default() {
        let env = |k: &str| match k {
            "AWS_PROFILE" => Some("a".to_string()),
            "AWS_DEFAULT_PROFILE" => Some("b".to_string()),
            _ => None,
        };
        assert_eq!(select_profile(Some("x"), &env).0, "x");
        assert_eq!(
            select_profile(None, &env),
            ("a".into(), "AWS_PROFILE".into())
        );
        let only_default = |k: &str| (k == "AWS_DEFAULT_PROFILE").then(|| "b".to_string());
        assert_eq!(select_profile(None, &only_default).0, "b");
        let empty = |k: &str| (k == "AWS_PROFILE").then(String::new);
        assert_eq!(select_profile(None, &empty).0, "default");
    }

    #[test]
    fn a_chain_is_followed_to_its_sso_profile() {
        let config = load(
            "[profile app]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = base\n\
             [profile base]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = R\n\
             [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
             [profile loop]\nrole_arn = x\nsource_profile = loop\n\
             [profile keys]\naws_access_key_id = AKIA\n\
             [profile lost]\nsso_session = nowhere\n",
        );
        let sso = sso_of(&config, "app").unwrap().unwrap();
        assert_eq!(sso.profile, "base");
        assert_eq!(sso.cache_key(), "corp");
        assert_eq!(sso.region, "eu-west-1");
        assert_eq!(sso_of(&config, "keys"), Ok(None));
        assert_eq!(
            sso_of(&config, "loop"),
            Err(ChainError::Loop("loop".into()))
        );
        assert_eq!(
            sso_of(&config, "lost"),
            Err(ChainError::NoSuchSession("nowhere".into()))
        );
        assert_eq!(
            sso_of(&config, "none"),
            Err(ChainError::NoSuchProfile("none".into()))
        );
    }

    #[test]
    fn skips_follow_their_precedence() {
        let full = Sso {
            profile: "p".into(),
            session: Some("s".into()),
            start_url: "u".into(),
            region: "r".into(),
            account: Some("1".into()),
            role: Some("R".into()),
        };
        let sign_in_only = Sso {
            account: None,
            ..full.clone()
        };
        let run = |progress: &Progress| -> Vec<Option<String>> {
            CheckId::ALL
                .into_iter()
                .map(|id| skip_reason(id, progress))
                .map(|r| {
                    r.map(|r| match r.starts_with("the profile has no") {
                        true => "sign-in only".to_string(),
                        false => r.to_string(),
                    })
                })
                .collect()
        };
        let reason = |r: &str| Some(r.to_string());
        let healthy = Progress {
            sso: Some(&full),
            ..Progress::default()
        };
        assert!(run(&healthy).iter().all(Option::is_none));
        let not_sso = run(&Progress::default());
        assert!(not_sso[..5].iter().all(Option::is_none));
        assert!(
            not_sso[5..]
                .iter()
                .all(|r| *r == reason("not an IAM Identity Center profile"))
        );
        let offline = run(&Progress {
            offline: true,
            ..healthy.clone()
        });
        // Exactly the network checks (named in `check`'s own test).
        for (id, reason) in CheckId::ALL.into_iter().zip(&offline) {
            let expected = id.needs_network().then(|| "--offline".to_string());
            assert_eq!(*reason, expected, "{}", id.name());
        }
        let stopped = run(&Progress {
            stopped: Some("the files do not parse"),
            ..Progress::default()
        });
        for (id, reason) in CheckId::ALL.into_iter().zip(&stopped) {
            let expected = (!id.runs_after_a_failure()).then(|| "the files do not parse".into());
            assert_eq!(*reason, expected, "{}", id.name());
        }
        let partial = run(&Progress {
            sso: Some(&sign_in_only),
            ..Progress::default()
        });
        assert_eq!(partial[9], None);
        assert!(partial[10..].iter().all(|r| *r == reason("sign-in only")));
    }
}
