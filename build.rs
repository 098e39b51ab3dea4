//! Converts the key catalogue (`rules/keys.toml`) to JSON at build time: every run of
//! ssolint reads the catalogue, and serde_json reads it in a fraction of the time the TOML
//! parser takes (the TOML parse was 7.8 M of the 9.1 M instructions of a small `check`).
//! A malformed catalogue fails the build, with the TOML parser's line and column.

use std::path::Path;

fn main() {
    const CATALOGUE: &str = "rules/keys.toml";
    println!("cargo::rerun-if-changed={CATALOGUE}");
    let source = std::fs::read_to_string(CATALOGUE)
        .unwrap_or_else(|e| panic!("{CATALOGUE}: cannot read it: {e}"));
    let value: toml::Value = toml::from_str(&source).unwrap_or_else(|e| panic!("{CATALOGUE}: {e}"));
    let json = serde_json::to_string(&value).expect("a TOML value is JSON");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("keys.json"), json)
        .unwrap_or_else(|e| panic!("cannot write the compiled catalogue: {e}"));
}
