//! The JSON view of a resolved configuration (`ssolint resolve --format json`): written
//! as it is serialised (`ConfigJson`, `BlockJson`), with no `serde_json::Value` tree in
//! between; `config_json` and the others give that tree for the tests that compare it.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::model::redact::redact;
use crate::model::{Block, Config, Map as OrderedMap, Property, REDACTED, Text, is_secret_key};
use crate::syntax::Dialect;

/// A value: a string, or an object of sub-properties; secrets redacted unless `secrets` —
/// by key (the property's or a sub-property's) and inside multi-line values.
pub struct PropertyJson<'a> {
    pub key: &'a str,
    pub property: &'a Property<'a>,
    pub secrets: bool,
}

impl Serialize for PropertyJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let secrets = self.secrets;
        if !secrets && is_secret_key(self.key) {
            return serializer.serialize_str(REDACTED);
        }
        // (The key is no secret's here, or secrets are shown.)
        fn shown(text: &str, secrets: bool) -> std::borrow::Cow<'_, str> {
            if secrets { text.into() } else { redact(text) }
        }
        match &self.property.nested {
            Some(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, sub) in map.iter() {
                    if !secrets && is_secret_key(key) {
                        out.serialize_entry(key.as_ref(), REDACTED)?;
                    } else {
                        out.serialize_entry(key.as_ref(), shown(&sub.value, secrets).as_ref())?;
                    }
                }
                out.end()
            }
            None => serializer.serialize_str(&shown(&self.property.text, secrets)),
        }
    }
}

/// A section's properties as an object of [`PropertyJson`]s.
pub struct BlockJson<'a> {
    pub block: &'a Block<'a>,
    pub secrets: bool,
}

impl Serialize for BlockJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let properties = &self.block.properties;
        let mut out = serializer.serialize_map(Some(properties.len()))?;
        for (key, property) in properties {
            let value = PropertyJson {
                key,
                property,
                secrets: self.secrets,
            };
            out.serialize_entry(key.as_ref(), &value)?;
        }
        out.end()
    }
}

struct BlocksJson<'a> {
    blocks: &'a OrderedMap<Text<'a>, Block<'a>>,
    secrets: bool,
}

impl Serialize for BlocksJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(self.blocks.len()))?;
        for (name, block) in self.blocks {
            let value = BlockJson {
                block,
                secrets: self.secrets,
            };
            out.serialize_entry(name.as_ref(), &value)?;
        }
        out.end()
    }
}

/// The mapping botocore's `Session.full_config` holds: bare sections as top-level keys
/// (botocore only), then `profiles`, `sso_sessions` and `services`.
pub struct ConfigJson<'a> {
    pub config: &'a Config<'a>,
    pub secrets: bool,
}

impl Serialize for ConfigJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let config = self.config;
        let blocks = |blocks| BlocksJson {
            blocks,
            secrets: self.secrets,
        };
        let fixed = [
            ("profiles", &config.profiles),
            ("sso_sessions", &config.sso_sessions),
            ("services", &config.services),
        ];
        let mut out = serializer.serialize_map(None)?;
        let mut written = [false; 3];
        match config.dialect {
            Dialect::Botocore => {
                for (name, block) in &config.other {
                    // A bare `[profiles]` section is a top-level key that the profiles
                    // replace, in its place (a dict's key keeps its first position).
                    match fixed.iter().position(|(key, _)| key == name) {
                        Some(i) => {
                            if !written[i] {
                                out.serialize_entry(fixed[i].0, &blocks(fixed[i].1))?;
                                written[i] = true;
                            }
                        }
                        None => {
                            let value = BlockJson {
                                block,
                                secrets: self.secrets,
                            };
                            out.serialize_entry(name.as_ref(), &value)?;
                        }
                    }
                }
            }
            Dialect::Sdk if !config.other.is_empty() => {
                out.serialize_entry("other_sections", &blocks(&config.other))?;
            }
            Dialect::Sdk => {}
        }
        for (i, (key, map)) in fixed.into_iter().enumerate() {
            if !written[i] {
                out.serialize_entry(key, &blocks(map))?;
            }
        }
        out.end()
    }
}

/// [`PropertyJson`] as a JSON value.
pub fn property_json(key: &str, p: &Property, secrets: bool) -> Value {
    to_value(&PropertyJson {
        key,
        property: p,
        secrets,
    })
}

/// [`BlockJson`] as a JSON value.
pub fn block_json(block: &Block, secrets: bool) -> Value {
    to_value(&BlockJson { block, secrets })
}

/// [`ConfigJson`] as a JSON value.
pub fn config_json(config: &Config, secrets: bool) -> Value {
    to_value(&ConfigJson { config, secrets })
}

fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("string keys and values always serialise")
}

#[cfg(test)]
mod tests {
    use super::{ConfigJson, config_json};
    use crate::model;
    use crate::syntax::Dialect;

    /// Written as it is serialised, the JSON is the tree's, with each key once: a bare
    /// `[sso_sessions]` section (botocore keeps it as a top-level key, which the
    /// sso-sessions then replace in its place) and secrets, nested ones too.
    #[test]
    fn the_streamed_json_is_the_value_tree_s() {
        let text = "[other]\ny = 2\n[sso_sessions]\nz = 3\n[profile a]\n\
            aws_secret_access_key = abc\ns3 =\n  aws_secret_access_key = zz\n  max = 1\n\
            [sso-session s]\nsso_region = eu-west-1\n[profiles]\nx = 1\n";
        for dialect in [Dialect::Botocore, Dialect::Sdk] {
            let (config, _) = model::load(dialect, Some(text), None);
            for secrets in [false, true] {
                let streamed = serde_json::to_string_pretty(&ConfigJson {
                    config: &config,
                    secrets,
                })
                .unwrap();
                let tree = serde_json::to_string_pretty(&config_json(&config, secrets)).unwrap();
                assert_eq!(streamed, tree, "{dialect:?}");
                assert_eq!(streamed.matches("\"sso_sessions\"").count(), 1);
                assert_eq!(streamed.contains("abc") || streamed.contains("zz"), secrets);
            }
        }
    }
}
