//! The JSON view of a resolved configuration (`ssolint resolve --format json`).

use serde_json::{Map, Value};

use crate::model::redact::redact;
use crate::model::{Block, Config, Map as OrderedMap, Property, REDACTED, Text, is_secret_key};
use crate::syntax::Dialect;

/// A value: a string, or an object of sub-properties; secrets redacted unless `secrets` —
/// by key (the property's or a sub-property's) and inside multi-line values.
pub fn property_json(key: &str, p: &Property, secrets: bool) -> Value {
    let value = |key: &str, text: &str| -> Value {
        Value::String(if secrets {
            text.to_string()
        } else if is_secret_key(key) {
            REDACTED.to_string()
        } else {
            redact(text).into_owned()
        })
    };
    if is_secret_key(key) && !secrets {
        return Value::String(REDACTED.into());
    }
    match &p.nested {
        Some(map) => Value::Object(
            map.iter()
                .map(|(k, s)| (k.to_string(), value(k, &s.value)))
                .collect(),
        ),
        None => value(key, &p.text),
    }
}

pub fn block_json(block: &Block, secrets: bool) -> Value {
    Value::Object(
        block
            .properties
            .iter()
            .map(|(k, p)| (k.to_string(), property_json(k, p, secrets)))
            .collect(),
    )
}

fn blocks_json(blocks: &OrderedMap<Text, Block>, secrets: bool) -> Value {
    Value::Object(
        blocks
            .iter()
            .map(|(k, b)| (k.to_string(), block_json(b, secrets)))
            .collect(),
    )
}

/// The mapping botocore's `Session.full_config` holds: bare sections as top-level keys
/// (botocore only), then `profiles`, `sso_sessions` and `services`.
pub fn config_json(config: &Config, secrets: bool) -> Value {
    let mut out = Map::new();
    match config.dialect {
        Dialect::Botocore => {
            for (name, block) in &config.other {
                out.insert(name.to_string(), block_json(block, secrets));
            }
        }
        Dialect::Sdk if !config.other.is_empty() => {
            out.insert("other_sections".into(), blocks_json(&config.other, secrets));
        }
        Dialect::Sdk => {}
    }
    out.insert("profiles".into(), blocks_json(&config.profiles, secrets));
    out.insert(
        "sso_sessions".into(),
        blocks_json(&config.sso_sessions, secrets),
    );
    out.insert("services".into(), blocks_json(&config.services, secrets));
    Value::Object(out)
}
