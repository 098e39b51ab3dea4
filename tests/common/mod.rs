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
pub mod examples;
pub mod generate;
pub mod world;
