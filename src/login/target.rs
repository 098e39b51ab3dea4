//! What to sign in to: the session (or legacy profile) `aws sso login` would pick.

use crate::aws::cache;
use crate::model::{Block, Config};

/// What to sign in to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `None` for a legacy profile (start URL in the profile).
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    /// `sso_registration_scopes` as configured (`None` when absent).
    pub scopes: Option<Vec<String>>,
    /// The profile the session was selected through, if any.
    pub profile: Option<String>,
}

impl Target {
    /// The token cache file's key: session name, else start URL.
    pub fn cache_key(&self) -> cache::Key<'_> {
        match &self.session {
            Some(s) => cache::Key::Session(s),
            None => cache::Key::StartUrl(&self.start_url),
        }
    }

    pub fn token_file_name(&self) -> String {
        let input = self.session.as_deref().unwrap_or(&self.start_url);
        format!("{}.json", cache::token_key(input))
    }

    pub(crate) fn registration_file_name(&self) -> String {
        format!(
            "{}.json",
            cache::registration_key(
                &self.start_url,
                &self.region,
                self.scopes.as_deref(),
                self.session.as_deref()
            )
        )
    }
}

/// `sso_registration_scopes` as the CLI parses it: split on `,`, trimmed, empties dropped.
pub fn parse_scopes(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Why there is nothing to sign in to. `at` is where in the files, as `file:line:column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectError {
    NoSuchProfile {
        name: String,
        suggestions: Vec<String>,
    },
    NoSuchSession {
        name: String,
        at: Option<String>,
    },
    /// The session (or legacy profile) lacks `sso_start_url` or `sso_region`.
    Missing {
        section: String,
        keys: Vec<&'static str>,
        at: Option<String>,
    },
    BadRegion {
        section: String,
        error: String,
        at: Option<String>,
    },
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |at: &Option<String>| at.as_ref().map(|a| format!("{a}: ")).unwrap_or_default();
        match self {
            SelectError::NoSuchProfile { name, suggestions } => {
                let names: Vec<&str> = suggestions.iter().map(String::as_str).collect();
                write!(
                    f,
                    "The config profile ({name}) could not be found{}",
                    crate::model::did_you_mean_suffix(&names)
                )
            }
            SelectError::NoSuchSession { name, at: place } => write!(
                f,
                "{}The specified sso-session does not exist: \"{name}\"",
                at(place)
            ),
            SelectError::Missing {
                section,
                keys,
                at: place,
            } => write!(
                f,
                "{}[{section}] is missing {}: add {} (see `ssolint check`)",
                at(place),
                keys.join(" and "),
                if keys.len() == 1 { "it" } else { "them" }
            ),
            SelectError::BadRegion {
                section,
                error,
                at: place,
            } => write!(f, "{}[{section}] sso_region {error}", at(place)),
        }
    }
}

impl std::error::Error for SelectError {}

impl From<SelectError> for String {
    fn from(e: SelectError) -> String {
        e.to_string()
    }
}

/// Selects what to sign in to, as `aws sso login` does: `--sso-session`, else the profile's
/// `sso_session` (start URL and region read only from the session), else the profile's own
/// legacy keys. `position` turns a location into `file:line:column` for messages.
pub fn select(
    config: &Config,
    profile_name: &str,
    profile_explicit: bool,
    session: Option<&str>,
    position: &dyn Fn(crate::model::Location) -> String,
) -> Result<Target, SelectError> {
    let profile = config.profiles.get(profile_name);
    if profile.is_none() && (profile_explicit || session.is_none()) {
        let close =
            crate::model::closest_names(profile_name, config.profiles.keys().map(|k| k.as_ref()));
        return Err(SelectError::NoSuchProfile {
            name: profile_name.to_string(),
            suggestions: close.into_iter().map(str::to_string).collect(),
        });
    }
    let session_name = session.map(str::to_string).or_else(|| {
        profile
            .and_then(|p| p.str("sso_session"))
            .map(str::to_string)
    });
    if let Some(name) = session_name {
        let Some(block) = config.sso_sessions.get(name.as_str()) else {
            let at = profile
                .and_then(|p| p.get("sso_session"))
                .map(|p| position(p.key));
            return Err(SelectError::NoSuchSession { name, at });
        };
        let (url, region) = required(block, position, "sso-session", &name)?;
        return Ok(Target {
            session: Some(name),
            start_url: url,
            region,
            scopes: block.str("sso_registration_scopes").map(parse_scopes),
            profile: profile.map(|_| profile_name.to_string()),
        });
    }
    let profile = profile.expect("checked above");
    let (url, region) = required(profile, position, "profile", profile_name)?;
    Ok(Target {
        session: None,
        start_url: url,
        region,
        scopes: None,
        profile: Some(profile_name.to_string()),
    })
}

fn required(
    block: &Block,
    position: &dyn Fn(crate::model::Location) -> String,
    kind: &str,
    name: &str,
) -> Result<(String, String), SelectError> {
    let url = block.str("sso_start_url").filter(|v| !v.is_empty());
    let region = block.str("sso_region").filter(|v| !v.is_empty());
    let missing: Vec<&str> = [
        ("sso_start_url", url.is_none()),
        ("sso_region", region.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        return Err(SelectError::Missing {
            section: format!("{kind} {name}"),
            keys: missing,
            at: block.headers.last().map(|h| position(*h)),
        });
    }
    let region = region.unwrap_or_default();
    if let Err(e) = crate::aws::endpoints::check_region(region) {
        return Err(SelectError::BadRegion {
            section: format!("{kind} {name}"),
            error: e.to_string(),
            at: block.get("sso_region").map(|p| position(p.key)),
        });
    }
    Ok((url.unwrap_or_default().to_string(), region.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Dialect;

    fn select_in(text: &str, profile: &str, session: Option<&str>) -> Result<Target, SelectError> {
        let (config, _) = crate::model::load(Dialect::Botocore, Some(text), None);
        let position = |at: crate::model::Location| format!("config@{}", at.span.start());
        select(&config, profile, true, session, &position)
    }

    #[test]
    fn each_reason_is_a_variant_with_its_place() {
        let text = "[profile dev]\nsso_session = corp\n[profile old]\nsso_region = eu-west-1\n[sso-session bad]\nsso_start_url = https://a.awsapps.com/start\nsso_region = eu west\n";
        assert_eq!(
            select_in(text, "deb", None),
            Err(SelectError::NoSuchProfile {
                name: "deb".into(),
                suggestions: vec!["dev".into()]
            })
        );
        let missing_session = select_in(text, "dev", None).unwrap_err();
        assert_eq!(
            missing_session,
            SelectError::NoSuchSession {
                name: "corp".into(),
                at: Some("config@14".into())
            }
        );
        assert_eq!(
            missing_session.to_string(),
            "config@14: The specified sso-session does not exist: \"corp\""
        );
        let missing = select_in(text, "old", None).unwrap_err();
        assert!(
            matches!(&missing, SelectError::Missing { keys, .. } if *keys == ["sso_start_url"]),
            "{missing:?}"
        );
        assert!(
            missing
                .to_string()
                .ends_with("[profile old] is missing sso_start_url: add it (see `ssolint check`)")
        );
        let region = select_in(text, "dev", Some("bad")).unwrap_err();
        assert!(
            matches!(region, SelectError::BadRegion { .. }),
            "{region:?}"
        );
    }
}
