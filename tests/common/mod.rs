//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The AWS SDKs' shared-config test vectors, vendored under `tests/data/aws-sdk` (origin,
/// commits and licence in its README).
pub fn sdk_testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/aws-sdk")
}

pub fn read_json(path: PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}
/// Every input of the SDKs' parser vectors (SEP, Rust, Kotlin): (name, config file,
/// credentials file), a file being `None` where the case has none.
pub fn parser_vector_inputs() -> Vec<(String, Option<String>, Option<String>)> {
    let mut cases = Vec::new();
    for file in [
        "config-file-parser-tests.json",
        "profile-parser-tests.json",
        "extracted/kotlin-profile-parser-tests.json",
    ] {
        let data = read_json(sdk_testdata().join(file));
        for (i, case) in data["tests"].as_array().unwrap().iter().enumerate() {
            let get = |k: &str| {
                case["input"]
                    .get(k)
                    .and_then(serde_json::Value::as_str)
                    .map(String::from)
            };
            cases.push((
                format!("{file}#{i}"),
                get("configFile"),
                get("credentialsFile"),
            ));
        }
    }
    cases
}

pub mod examples;
pub mod generate;
pub mod world;
