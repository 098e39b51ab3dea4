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

/// Selects what to sign in to, as `aws sso login` does: `--sso-session`, else the profile's
/// `sso_session` (start URL and region read only from the session), else the profile's own
/// legacy keys. `position` turns a location into `file:line:column` for messages.
pub fn select(
    config: &Config,
    profile_name: &str,
    profile_explicit: bool,
    session: Option<&str>,
    position: &dyn Fn(crate::model::Location) -> String,
) -> Result<Target, String> {
    let profile = config.profiles.get(profile_name);
    if profile.is_none() && (profile_explicit || session.is_none()) {
        let close =
            crate::model::closest_names(profile_name, config.profiles.keys().map(|k| k.as_ref()));
        return Err(format!(
            "The config profile ({profile_name}) could not be found{}",
            crate::model::did_you_mean_suffix(&close)
        ));
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
                .map(|p| format!("{}: ", position(p.key)))
                .unwrap_or_default();
            return Err(format!(
                "{at}The specified sso-session does not exist: \"{name}\""
            ));
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
) -> Result<(String, String), String> {
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
        let at = block
            .headers
            .last()
            .map(|h| format!("{}: ", position(*h)))
            .unwrap_or_default();
        return Err(format!(
            "{at}[{kind} {name}] is missing {}: add {} (see `ssolint check`)",
            missing.join(" and "),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let region = region.unwrap_or_default();
    if let Err(e) = crate::aws::endpoints::check_region(region) {
        let at = block
            .get("sso_region")
            .map(|p| format!("{}: ", position(p.key)))
            .unwrap_or_default();
        return Err(format!("{at}[{kind} {name}] sso_region {e}"));
    }
    Ok((url.unwrap_or_default().to_string(), region.to_string()))
}
