//! What a reader makes of the files, without positions: two texts that a reader reads the
//! same way have equal [`Reading`]s. Fix and migration verification compare readings before
//! and after an edit.

use super::{Block, Config, Dialect, Map, Text};

/// One reader's whole view of a pair of files: whether it loads them, and every section's
/// settings (values as the reader sees them, sub-properties included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub refused: bool,
    pub profiles: Vec<(String, Settings)>,
    pub sso_sessions: Vec<(String, Settings)>,
    pub services: Vec<(String, Settings)>,
    pub other: Vec<(String, Settings)>,
}

/// A section's settings, key → value (nested values as `key.sub`).
pub type Settings = Vec<(String, String)>;

fn settings(block: &Block) -> Settings {
    let mut out = Vec::with_capacity(block.properties.len());
    for (key, p) in &block.properties {
        match &p.nested {
            Some(nested) => {
                for (sub, v) in nested.iter() {
                    out.push((format!("{key}.{sub}"), v.value.to_string()));
                }
                if nested.is_empty() {
                    out.push((key.to_string(), String::new()));
                }
            }
            None => out.push((key.to_string(), p.text.to_string())),
        }
    }
    out
}

fn sections(map: &Map<Text, Block>) -> Vec<(String, Settings)> {
    map.iter()
        .map(|(name, block)| (name.to_string(), settings(block)))
        .collect()
}

impl Reading {
    pub fn of(config: &Config) -> Reading {
        Reading {
            refused: !config.is_loadable(),
            profiles: sections(&config.profiles),
            sso_sessions: sections(&config.sso_sessions),
            services: sections(&config.services),
            other: sections(&config.other),
        }
    }

    /// How `dialect` reads this pair of texts.
    pub fn load(dialect: Dialect, config: Option<&str>, credentials: Option<&str>) -> Reading {
        Reading::of(&super::load(dialect, config, credentials).0)
    }

    /// Whether two readings agree on everything but the settings named in `except`.
    pub fn same_except(&self, other: &Reading, except: &[&str]) -> bool {
        if except.is_empty() {
            return self == other;
        }
        let strip = |sections: &[(String, Settings)]| -> Vec<(String, Settings)> {
            sections
                .iter()
                .map(|(name, settings)| {
                    let kept = settings
                        .iter()
                        .filter(|(k, _)| {
                            let key = k.split('.').next().unwrap_or(k);
                            !except.contains(&key)
                        })
                        .cloned()
                        .collect();
                    (name.clone(), kept)
                })
                .collect()
        };
        self.refused == other.refused
            && strip(&self.profiles) == strip(&other.profiles)
            && strip(&self.sso_sessions) == strip(&other.sso_sessions)
            && strip(&self.services) == strip(&other.services)
            && strip(&self.other) == strip(&other.other)
    }

    /// The names of the profiles this reading has.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|(n, _)| n.as_str())
    }
}
