//! ssolint's own settings (`ssolint.toml`): which rules run, at which severity, which
//! extra keys are known. Parsing and selection only; finding the file is the edge's job.

use std::collections::HashMap;

use serde::Deserialize;

use crate::lint::registry::{RULES, Rule, Severity, specificity};
use crate::model::readers::{Reader, Readers};

/// The settings a check runs with.
#[derive(Clone, Debug)]
pub struct Settings {
    enabled: Vec<bool>,
    /// Severity overrides by rule code.
    pub severity: HashMap<&'static str, Severity>,
    /// Keys to accept in any section (another tool's settings).
    pub known_keys: Vec<String>,
    /// The readers whose findings are reported (`readers = [...]`, `--reader`).
    pub readers: Readers,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: vec![true; RULES.len()],
            severity: HashMap::new(),
            known_keys: Vec::new(),
            readers: Readers::ALL,
        }
    }
}

/// The contents of an `ssolint.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SettingsFile {
    /// Rules to run: codes, names, code prefixes or `ALL`. Default: `ALL`.
    pub select: Option<Vec<String>>,
    /// Rules not to run (same forms).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity by rule code or name: `error`, `warning` or `info`.
    #[serde(default)]
    pub severity: HashMap<String, String>,
    /// Keys another tool writes that K001 should accept.
    #[serde(default)]
    pub known_keys: Vec<String>,
    /// The readers whose findings to report (`botocore`, `rust`, `js`, `go`, `java`, `spec`).
    /// Default: all.
    pub readers: Option<Vec<String>>,
    /// More AWS config or credentials files that `ssolint check DIR` checks, relative to the
    /// settings file's directory (a name containing `credentials` is a credentials file).
    #[serde(default)]
    pub files: Vec<String>,
}

impl SettingsFile {
    pub fn parse(text: &str) -> Result<SettingsFile, String> {
        toml::from_str(text).map_err(|e| e.message().to_string())
    }
}

impl Settings {
    /// Builds the settings from a file's contents and the command line's selection, which
    /// replaces the file's `select` and adds to its `ignore`.
    pub fn new(
        file: &SettingsFile,
        select: Option<&[String]>,
        ignore: &[String],
    ) -> Result<Settings, String> {
        let default_select = ["ALL".to_string()];
        let select: &[String] = select.or(file.select.as_deref()).unwrap_or(&default_select);
        let ignore: Vec<&String> = file.ignore.iter().chain(ignore).collect();
        for selector in select.iter().chain(ignore.iter().copied()) {
            if !RULES.iter().any(|r| specificity(selector, r).is_some()) {
                return Err(format!(
                    "`{selector}` selects no rule: use a code (S001), a name (legacy-sso-profile), a code prefix (S) or ALL"
                ));
            }
        }
        let enabled = RULES
            .iter()
            .map(|rule| {
                let best = |selectors: &mut dyn Iterator<Item = &String>| {
                    selectors.filter_map(|s| specificity(s, rule)).max()
                };
                // The more specific selector wins (`ignore = ["S"]` with `select = ["S001"]`
                // runs S001); on a tie, ignore wins.
                match (best(&mut select.iter()), best(&mut ignore.iter().copied())) {
                    (Some(s), Some(i)) => s > i,
                    (Some(_), None) => true,
                    (None, _) => false,
                }
            })
            .collect();
        let mut severity = HashMap::new();
        for (selector, level) in &file.severity {
            let level = Severity::parse(level).ok_or_else(|| {
                format!("severity `{level}` for `{selector}`: use error, warning or info")
            })?;
            let mut matched = false;
            for rule in RULES.iter().filter(|r| specificity(selector, r).is_some()) {
                severity.insert(rule.code, level);
                matched = true;
            }
            if !matched {
                return Err(format!("[severity] `{selector}` names no rule"));
            }
        }
        let readers = match &file.readers {
            None => Readers::ALL,
            Some(names) => parse_readers(names)?,
        };
        Ok(Settings {
            enabled,
            severity,
            known_keys: file.known_keys.clone(),
            readers,
        })
    }

    pub fn is_enabled(&self, rule: &Rule) -> bool {
        RULES
            .iter()
            .position(|r| r.code == rule.code)
            .is_some_and(|i| self.enabled[i])
    }

    pub fn is_known_key(&self, key: &str) -> bool {
        self.known_keys.iter().any(|k| k.eq_ignore_ascii_case(key))
    }
}

/// Reader names (`readers = [...]`, `--reader`) as a set; an unknown name is an error.
pub fn parse_readers(names: &[String]) -> Result<Readers, String> {
    let mut set = Readers::NONE;
    for name in names {
        let reader = Reader::from_name(name).ok_or_else(|| {
            format!("`{name}` is not a reader: use botocore, rust, js, go, java or spec")
        })?;
        set = set.with(reader);
    }
    Ok(set)
}
