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

/// What is wrong with settings: where callers branch on the kind, and users read the
/// message (with the place in the file, when the settings came from one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsError {
    /// Not TOML, or a key or value `ssolint.toml` does not take. `line` and `column` are
    /// 1-based (the column counts characters).
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A `select`/`ignore` entry (or `--select`, `--ignore`) that names no rule.
    NoSuchRule { selector: String },
    /// `[severity]` with a level other than error, warning or info.
    NoSuchSeverity { selector: String, level: String },
    /// `[severity]` for a selector that names no rule.
    SeverityForNoRule { selector: String },
    /// `readers = [...]` (or `--reader`) with a name that is no reader.
    NoSuchReader { name: String },
}

impl SettingsError {
    /// Where the error is in the settings file's `text`, 1-based (line, column): the
    /// parser's position for syntax errors, else the first place where the TOML parser sees
    /// the value at fault as a string or a key (`"Q9"` in `select = ["Q9"]`, `Q9 = "error"`
    /// under `[severity]`) — never a mention in a comment or inside another string; `None`
    /// when the text does not hold it (it came from the command line).
    pub fn position_in(&self, text: &str) -> Option<(usize, usize)> {
        let culprit = match self {
            SettingsError::Syntax { line, column, .. } => return Some((*line, *column)),
            SettingsError::NoSuchRule { selector } => selector,
            SettingsError::NoSuchSeverity { level, .. } => level,
            SettingsError::SeverityForNoRule { selector } => selector,
            SettingsError::NoSuchReader { name } => name,
        };
        let document = toml::de::DeTable::parse(text).ok()?;
        let offset = first_mention(document.get_ref(), culprit)?;
        Some(line_column(text, offset))
    }
}

/// The smallest offset at which `culprit` is a key or a string value of `table`, at any
/// depth.
fn first_mention(table: &toml::de::DeTable<'_>, culprit: &str) -> Option<usize> {
    fn in_value(value: &toml::Spanned<toml::de::DeValue<'_>>, culprit: &str) -> Option<usize> {
        match value.get_ref() {
            toml::de::DeValue::String(s) if s.as_ref() == culprit => Some(value.span().start),
            toml::de::DeValue::Array(items) => items
                .iter()
                .filter_map(|item| in_value(item, culprit))
                .min(),
            toml::de::DeValue::Table(table) => first_mention(table, culprit),
            _ => None,
        }
    }
    table
        .iter()
        .filter_map(|(key, value)| {
            let as_key = (key.get_ref().as_ref() == culprit).then(|| key.span().start);
            as_key.into_iter().chain(in_value(value, culprit)).min()
        })
        .min()
}

/// 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::Syntax { message, .. } => write!(f, "{message}"),
            SettingsError::NoSuchRule { selector } => write!(
                f,
                "`{selector}` selects no rule: use a code (S001), a name (legacy-sso-profile), a code prefix (S) or ALL"
            ),
            SettingsError::NoSuchSeverity { selector, level } => write!(
                f,
                "severity `{level}` for `{selector}`: use error, warning or info"
            ),
            SettingsError::SeverityForNoRule { selector } => {
                write!(f, "[severity] `{selector}` names no rule")
            }
            SettingsError::NoSuchReader { name } => write!(
                f,
                "`{name}` is not a reader: use botocore, rust, js, go, java or spec"
            ),
        }
    }
}

impl std::error::Error for SettingsError {}

impl SettingsFile {
    pub fn parse(text: &str) -> Result<SettingsFile, SettingsError> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            SettingsError::Syntax {
                message: e.message().trim_end().to_string(),
                line,
                column,
            }
        })
    }
}

impl Settings {
    /// Builds the settings from a file's contents and the command line's selection, which
    /// replaces the file's `select` and adds to its `ignore`.
    pub fn new(
        file: &SettingsFile,
        select: Option<&[String]>,
        ignore: &[String],
    ) -> Result<Settings, SettingsError> {
        let default_select = ["ALL".to_string()];
        let select: &[String] = select.or(file.select.as_deref()).unwrap_or(&default_select);
        let ignore: Vec<&String> = file.ignore.iter().chain(ignore).collect();
        for selector in select.iter().chain(ignore.iter().copied()) {
            if !RULES.iter().any(|r| specificity(selector, r).is_some()) {
                return Err(SettingsError::NoSuchRule {
                    selector: selector.clone(),
                });
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
            let level = Severity::parse(level).ok_or_else(|| SettingsError::NoSuchSeverity {
                selector: selector.clone(),
                level: level.clone(),
            })?;
            let mut matched = false;
            for rule in RULES.iter().filter(|r| specificity(selector, r).is_some()) {
                severity.insert(rule.code, level);
                matched = true;
            }
            if !matched {
                return Err(SettingsError::SeverityForNoRule {
                    selector: selector.clone(),
                });
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
pub fn parse_readers(names: &[String]) -> Result<Readers, SettingsError> {
    let mut set = Readers::NONE;
    for name in names {
        let reader = Reader::from_name(name)
            .ok_or_else(|| SettingsError::NoSuchReader { name: name.clone() })?;
        set = set.with(reader);
    }
    Ok(set)
}
