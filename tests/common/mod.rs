//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/testdata/aws-sdk`, which sits beside the repository in development and CI.
pub fn sdk_testdata() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/aws-sdk");
    assert!(
        dir.is_dir(),
        "the AWS SDK test vectors are missing: expected {} (clone the project with ../shared beside it)",
        dir.display()
    );
    dir
}

pub fn read_json(path: PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}
pub mod examples;
pub mod generate;
pub mod world;
