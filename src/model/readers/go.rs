//! The AWS SDK for Go v2 (`aws-sdk-go-v2/config` 1.33, its `internal/ini` and
//! `shared_config.go`): a forgiving line reader, then section renaming and file merging.
//!
//! - Lines split at `\n` only (a `\r` stays and is trimmed where Go trims). Blank lines
//!   and lines whose left-trimmed text starts with `#`/`;` are skipped.
//! - A header: the line cut at its first `#`, then at its first `;`, trimmed (Unicode white
//!   space, so indented headers count), bracketed; the inside trimmed and split at its first
//!   run of space/tab into type and name (`[profile  a]` is `profile a`).
//! - A non-indented line cut at ` #`, ` ;`, `\t#`, `\t;` and split at its first `=` or `:`
//!   (whichever comes first) is a property; keys are lower-cased, values trimmed and
//!   stripped of one pair of matching quotes. Other non-indented lines are skipped.
//! - An indented `k = v` line: a sub-property of the current key when that key's value is
//!   empty, else a property of its own. Other indented lines continue a non-empty value.
//! - Repeated sections merge, the later key winning. Config file: `profile X` becomes `X`
//!   (replacing a bare `X`), `sso-session X`, `services X` and any case of `default` stay,
//!   everything else is dropped. Credentials file: `profile …` sections are dropped. The
//!   credentials merge into an existing profile only the keys `shared_config.go` lists.

use std::borrow::Cow;

use super::collect::{Collector, Target, property};
use super::lines::{Breaks, offset, split};
use crate::model::{
    Block, Config, FileKind, KnownKey, Location, Problem, ProblemKind, Property, SubProperty,
};
use crate::syntax::Span;

/// Go's `isLineSpace`.
fn is_line_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The keys `mergeSections` copies from a credentials section into a config section of the
/// same name.
const MERGED_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "role_arn",
    "source_profile",
    "credential_source",
    "external_id",
    "mfa_serial",
    "role_session_name",
    "region",
    "endpoint_discovery_enabled",
    "credential_process",
    "web_identity_token_file",
    "s3_use_arn_region",
    "s3_disable_multiregion_access_points",
    "ec2_metadata_service_endpoint_mode",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_v1_disabled",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "defaults_mode",
    "retry_mode",
    "ca_bundle",
    "duration_seconds",
    "max_attempts",
    "sso_session",
    "sso_account_id",
    "sso_region",
    "sso_role_name",
    "sso_start_url",
    "auth_scheme_preference",
    "login_session",
];

/// Whether Go copies `key` from a credentials section into a config section of the same
/// name (plus the access-key pair and session token, always copied).
pub(super) fn is_merged_key(key: &str) -> bool {
    MERGED_KEYS.contains(&key)
}

/// One file's sections as `ini.Parse` returns them (name → block), in Go's `List()` order
/// (sorted).
type Sections<'t> = std::collections::BTreeMap<String, Block<'t>>;

/// `hasAffixes` + `unquote`: one pair of matching quotes removed. (A lone quote makes Go
/// slice out of range and panic: [`lone_quote`] finds those first.)
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// A value Go's `unquote` panics on: a single `"` or `'`.
fn lone_quote(value: &str) -> bool {
    value == "\"" || value == "'"
}

fn cut(s: &str, at: char) -> &str {
    s.find(at).map_or(s, |i| &s[..i])
}

/// Go's four `strings.Index` cuts (` #`, ` ;`, `\t#`, `\t;`) in one pass: what is left is
/// the text before the earliest of them.
fn trim_property_comment(s: &str) -> &str {
    let cut_at = s
        .as_bytes()
        .windows(2)
        .position(|w| matches!(w[0], b' ' | b'\t') && matches!(w[1], b'#' | b';'));
    cut_at.map_or(s, |i| &s[..i])
}

/// `splitProperty`: at the first `=`, or at a `:` that comes before it.
fn split_property(s: &str) -> Option<(&str, &str)> {
    let equals = s.find('=');
    let colon = s.find(':');
    let at = match (equals, colon) {
        (None, None) => return None,
        (Some(e), Some(c)) => e.min(c),
        (Some(e), None) => e,
        (None, Some(c)) => c,
    };
    Some((s[..at].trim(), s[at + 1..].trim()))
}

/// `asProfile`: the section name (`type name` or `name`), or `None` if not a header.
fn as_profile(line: &str) -> Option<(String, &str)> {
    let without_comment = cut(cut(line, '#'), ';');
    let trimmed = without_comment.trim();
    if !(trimmed.len() >= 2 && trimmed.starts_with('[') && trimmed.ends_with(']')) {
        return None;
    }
    let inside = trimmed[1..trimmed.len() - 1].trim();
    // `splitProfile`: the first run of space/tab separates the type from the name.
    let name = match inside.find(is_line_space) {
        Some(first) => {
            let rest = inside[first..].trim_start_matches(is_line_space);
            if rest.is_empty() || first == 0 {
                // A run of space at the start cannot happen (trimmed); a trailing run is
                // trimmed too, so this is only reached for odd white space: Go yields "".
                String::new()
            } else {
                format!("{} {}", &inside[..first], rest)
            }
        }
        None => inside.to_string(),
    };
    Some((name, trimmed))
}

/// One file's sections, or the span of the value Go panics on (it tokenizes every line
/// before it reads any, so such a value anywhere crashes the program).
fn parse(text: &str, file: FileKind) -> Result<Sections<'_>, Span> {
    // Built in file order with the current section's index (a lookup per line in the
    // sorted map compared long common prefixes: `profile p1234`), sorted at the end.
    let mut sections: crate::model::Map<String, Block> = crate::model::Map::default();
    let mut section: Option<usize> = None;
    let mut key: Option<Cow<str>> = None;
    let at_ = |span| Location { file, span };
    for (at, line) in split(text, Breaks::NewlineKeepCr) {
        if line.trim().is_empty() {
            continue;
        }
        let left = line.trim_start_matches(is_line_space);
        if left.starts_with('#') || left.starts_with(';') {
            continue;
        }
        if let Some((name, header)) = as_profile(line) {
            let start = offset(at, line, header);
            let entry = sections.entry(name);
            section = Some(entry.index());
            entry
                .or_default()
                .headers
                .push(at_(Span::new(start, start + header.len())));
            key = None;
            continue;
        }
        let indented = line.starts_with(is_line_space);
        let split = if indented {
            split_property(left)
        } else {
            split_property(trim_property_comment(line).trim_end_matches(is_line_space))
        };
        if let Some((_, v)) = split
            && lone_quote(v)
        {
            let start = offset(at, line, v);
            return Err(Span::new(start, start + v.len()));
        }
        let Some(index) = section else {
            continue; // properties before any section are ignored
        };
        let block = &mut sections[index];
        match split {
            Some((k, v)) => {
                let value = unquote(v);
                // Go's `strings.ToLower`; most keys already are.
                let k_lower: Cow<str> = if k.chars().any(char::is_uppercase) {
                    Cow::Owned(k.to_lowercase())
                } else {
                    Cow::Borrowed(k)
                };
                let key_at = offset(at, line, k);
                let value_at = offset(at, line, value);
                let key_span = Span::new(key_at, key_at + k.len());
                let value_span = Span::new(value_at, value_at + value.len());
                let current_is_empty = key.as_ref().is_some_and(|c| {
                    block
                        .properties
                        .get(c.as_ref())
                        .is_some_and(|p| p.text.is_empty())
                });
                if indented && current_is_empty {
                    // A sub-property of the current (empty-valued) key; kept uncut.
                    let current = key.clone().expect("checked above");
                    let p = block
                        .properties
                        .get_mut(current.as_ref())
                        .expect("checked above");
                    p.nested.get_or_insert_with(Default::default).insert(
                        k_lower,
                        SubProperty {
                            value: Cow::Borrowed(value),
                            key: at_(key_span),
                        },
                    );
                    continue;
                }
                let value = if indented {
                    trim_property_comment(value).trim()
                } else {
                    value
                };
                let value_at = offset(at, line, value);
                let value_span = if value.is_empty() {
                    value_span
                } else {
                    Span::new(value_at, value_at + value.len())
                };
                block.properties.insert(
                    k_lower.clone(),
                    property(Cow::Borrowed(value), at_(key_span), value_span),
                );
                key = Some(k_lower);
            }
            None if indented => {
                // A continuation of a non-empty plain value.
                let Some(current) = &key else { continue };
                let Some(p) = block.properties.get_mut(current.as_ref()) else {
                    continue;
                };
                if !p.text.is_empty() && p.nested.is_none() {
                    let mut joined = p.text.to_string();
                    joined.push('\n');
                    joined.push_str(left);
                    p.text = Cow::Owned(joined);
                    p.value = Span::new(p.value.start(), at + line.len());
                }
            }
            None => {}
        }
    }
    Ok(sections.into_iter().collect())
}

fn crashed(out: &mut Collector, file: FileKind, span: Span) {
    out.out.fatal.push(Problem {
        kind: ProblemKind::Crash,
        at: Location { file, span },
        related: Vec::new(),
        message: "the Go SDK panics on a value that is a single quote (slice bounds out of range): a program using it crashes".into(),
    });
}

/// `mergeSections`' check: one of the access key pair without the other.
fn partial_credentials(block: &Block) -> bool {
    block.has(KnownKey::AwsAccessKeyId) != block.has(KnownKey::AwsSecretAccessKey)
}

fn refuse_profile(out: &mut Collector, name: &str, block: &Block) {
    out.out.notes.push(Problem {
        kind: ProblemKind::ProfileRefused,
        at: block.headers[0],
        related: Vec::new(),
        message: format!(
            "the Go SDK refuses profile `{name}`: partial credentials (aws_access_key_id and aws_secret_access_key go together)"
        ),
    });
}

fn place<'t>(out: &mut Collector<'t>, target: Target, name: &str, block: Block<'t>) {
    out.map(target).insert(Cow::Owned(name.to_string()), block);
}

pub(super) fn load<'t>(config: Option<&'t str>, credentials: Option<&'t str>) -> Config<'t> {
    let mut out = Collector::new();
    let mut config_sections = match config.map(|t| parse(t, FileKind::Config)) {
        None => Sections::new(),
        Some(Ok(sections)) => sections,
        Some(Err(span)) => {
            crashed(&mut out, FileKind::Config, span);
            return out.out;
        }
    };
    // `processConfigSections`, in sorted order.
    let names: Vec<String> = config_sections.keys().cloned().collect();
    let mut profiles: Sections = Sections::new();
    let mut renamed: rustc_hash::FxHashSet<String> = Default::default();
    // Profiles whose section carries Go's "partial credentials" error.
    let mut partial: indexmap::IndexSet<String, rustc_hash::FxBuildHasher> = Default::default();
    for name in names {
        if renamed.contains(&name) {
            continue;
        }
        let Some(block) = config_sections.remove(&name) else {
            continue;
        };
        if let Some(profile) = name.strip_prefix("profile ") {
            profiles.remove(profile);
            config_sections.remove(profile);
            partial.shift_remove(profile);
            if partial_credentials(&block) {
                partial.insert(profile.to_string());
            }
            profiles.insert(profile.to_string(), block);
            renamed.insert(profile.to_string());
        } else if let Some(session) = name.strip_prefix("sso-session ") {
            place(&mut out, Target::SsoSession, session, block);
        } else if let Some(services) = name.strip_prefix("services ") {
            place(&mut out, Target::Services, services, block);
        } else if name.eq_ignore_ascii_case("default") {
            if partial_credentials(&block) {
                partial.insert(name.clone());
            }
            profiles.insert(name, block);
        }
    }
    let credentials_sections = match credentials.map(|t| parse(t, FileKind::Credentials)) {
        None => Sections::new(),
        Some(Ok(sections)) => sections,
        Some(Err(span)) => {
            crashed(&mut out, FileKind::Credentials, span);
            return out.out;
        }
    };
    for (name, block) in credentials_sections {
        if name.starts_with("profile ") {
            continue;
        }
        // The credentials section's error state replaces the config section's.
        partial.shift_remove(&name);
        if partial_credentials(&block) {
            partial.insert(name.clone());
        }
        match profiles.get_mut(&name) {
            None => {
                profiles.insert(name, block);
            }
            Some(existing) => {
                existing.headers.extend(block.headers);
                for (key, p) in block.properties {
                    if MERGED_KEYS.contains(&key.as_ref()) {
                        existing.properties.insert(key, p);
                    }
                }
            }
        }
    }
    for name in &partial {
        if let Some(block) = profiles.get(name) {
            refuse_profile(&mut out, name, block);
        }
    }
    out.out.profiles.extend(
        profiles
            .into_iter()
            .map(|(name, block)| (Cow::Owned(name), block)),
    );
    out.out
}

/// The fields `LoadSharedConfigProfile` exposes that this crate's tests compare with the
/// real SDK (string settings, under their config-file keys).
const FIELDS: &[&str] = &[
    "region",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "role_arn",
    "source_profile",
    "credential_process",
    "credential_source",
    "endpoint_url",
    "services",
    "ca_bundle",
    "sdk_ua_app_id",
    "aws_access_key_id",
];

/// A section by its full name, as Go's `GetSection` finds it (profiles by their own name,
/// `sso-session X` and `services X` too).
fn section<'c, 't>(config: &'c Config<'t>, name: &str) -> Option<&'c Block<'t>> {
    config.profiles.get(name).or_else(|| {
        let (map, name) = if let Some(name) = name.strip_prefix("sso-session ") {
            (&config.sso_sessions, name)
        } else {
            (&config.services, name.strip_prefix("services ")?)
        };
        map.get(name)
    })
}

/// A profile's settings as `SharedConfig` holds them (non-empty strings only).
struct Settings<'c> {
    values: Vec<(&'static str, &'c str)>,
    /// `aws_access_key_id` and `aws_secret_access_key` both set (`Credentials.HasKeys`).
    has_keys: bool,
}

impl<'c> Settings<'c> {
    fn get(&self, key: &str) -> &'c str {
        self.values
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, v)| v)
    }

    fn clear(&mut self, keys: &[&str]) {
        self.values.retain(|(k, _)| !keys.contains(k));
    }

    fn has_credentials(&self) -> bool {
        self.has_keys
            || [
                "source_profile",
                "credential_source",
                "credential_process",
                "web_identity_token_file",
                "sso_session",
                "sso_region",
                "sso_account_id",
                "sso_start_url",
                "sso_role_name",
            ]
            .iter()
            .any(|k| !self.get(k).is_empty())
    }
}

/// `setFromIniSections`: a profile with its source profiles resolved, or Go's error.
/// `Ok(None)`: the profile does not exist.
fn resolve<'c>(
    config: &'c Config,
    name: &str,
    seen: &mut Vec<String>,
) -> Result<Option<Settings<'c>>, String> {
    let Some(block) = section(config, name) else {
        return Ok(None);
    };
    if config
        .notes
        .iter()
        .any(|n| n.kind == ProblemKind::ProfileRefused && n.message.contains(&format!("`{name}`")))
    {
        return Err(format!("Error using profile {name}: partial credentials"));
    }
    let value = |key: &str| {
        block
            .get(key)
            .map(|p: &Property| p.text.as_ref())
            .unwrap_or("")
    };
    let mut settings = Settings {
        values: FIELDS
            .iter()
            .chain(["web_identity_token_file"].iter())
            .map(|&k| (k, value(k)))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        has_keys: !value("aws_access_key_id").is_empty()
            && !value("aws_secret_access_key").is_empty(),
    };
    if !settings.has_keys {
        settings.clear(&["aws_access_key_id"]);
    }
    if seen.iter().any(|s| s == name) {
        settings.clear(&["role_arn", "source_profile"]);
    } else if [
        "source_profile",
        "credential_source",
        "web_identity_token_file",
    ]
    .iter()
    .any(|k| !settings.get(k).is_empty())
        && settings.get("role_arn").is_empty()
    {
        return Err(format!("profile {name} needs role_arn"));
    }
    if !seen.is_empty() && settings.has_keys {
        return Ok(Some(settings));
    }
    seen.push(name.to_string());
    let kinds = [
        "source_profile",
        "credential_source",
        "credential_process",
        "web_identity_token_file",
    ]
    .iter()
    .filter(|k| !settings.get(k).is_empty())
    .count();
    if kinds > 1 {
        return Err("only one credential type may be specified per profile".into());
    }
    let source = settings.get("source_profile");
    if !source.is_empty() {
        settings.clear(&[
            "credential_source",
            "credential_process",
            "web_identity_token_file",
            "aws_access_key_id",
            "sso_account_id",
            "sso_region",
            "sso_role_name",
            "sso_start_url",
        ]);
        settings.has_keys = false;
        match resolve(config, source, seen)? {
            Some(src) if src.has_credentials() => {}
            _ => {
                return Err(format!(
                    "source profile {source} is missing or has no credentials"
                ));
            }
        }
    }
    let session = settings.get("sso_session");
    if !session.is_empty()
        && super::lookup::session(crate::model::tools::Reader::Go, config, session).is_none()
    {
        return Err(format!("failed to find SSO session section, {session}"));
    }
    Ok(Some(settings))
}

/// What `LoadSharedConfigProfile` exposes for a profile: its non-empty string settings
/// under their config-file keys, or the error Go returns; `None` when it does not exist.
pub fn exposed<'c>(
    config: &'c Config,
    profile: &str,
) -> Option<Result<Vec<(&'static str, &'c str)>, String>> {
    if !config.fatal.is_empty() {
        return Some(Err("the SDK panics on these files".into()));
    }
    match resolve(config, profile, &mut Vec::new()) {
        Ok(None) => None,
        Ok(Some(settings)) => Some(Ok(settings
            .values
            .into_iter()
            .filter(|(k, _)| *k != "web_identity_token_file")
            .collect())),
        Err(e) => Some(Err(e)),
    }
}
