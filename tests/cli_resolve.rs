//! `ssolint resolve` as a user runs it: exit codes, locations in errors, redaction,
//! environment-driven file discovery.

use std::path::Path;
use std::process::{Command, Output};

fn ssolint(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ssolint"));
    cmd.args(args)
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env_remove("AWS_PROFILE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run ssolint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn refused_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile a]\nregion = x\n\n[profile a]\nREGION = y\n",
    )
    .unwrap();
    let out = ssolint(&["resolve", config.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Unable to parse config file"), "{err}");
    assert!(
        err.contains(&format!(
            "{}:4:2: error: section [profile a] already exists",
            config.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:1:2: note: first defined here",
            config.display()
        )),
        "{err}"
    );
    // The SDKs merge the repeated section instead, last value winning.
    let out = ssolint(
        &[
            "resolve",
            config.to_str().unwrap(),
            "--dialect",
            "sdk",
            "--profile",
            "a",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"region": "y"})
    );
}

#[test]
fn invalid_utf8_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, b"[default]\nregion = \xff\xfe\n").unwrap();
    let out = ssolint(&["resolve", config.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(":2:10: not valid UTF-8 (byte offset 19)"),
        "{err}"
    );
}

#[test]
fn secrets_are_redacted_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(&config, "[default]\nregion = us-east-1\n").unwrap();
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\n",
    )
    .unwrap();
    let env = [
        ("AWS_CONFIG_FILE", config.as_path()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_path()),
    ];
    for format in ["json", "table"] {
        let out = ssolint(&["resolve", "--format", format], &env);
        assert_eq!(out.status.code(), Some(0));
        let stdout = text(&out.stdout);
        assert!(!stdout.contains("wJalrXUtnFEMI"), "{stdout}");
        assert!(
            stdout.contains("<redacted>")
                && stdout.contains("AKIAEXAMPLE")
                && stdout.contains("us-east-1"),
            "{stdout}"
        );
    }
    let out = ssolint(&["resolve", "--show-secrets"], &env);
    assert!(text(&out.stdout).contains("wJalrXUtnFEMI"));
}

#[test]
fn silent_drops_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile my profile]\nregion = x\n[profile ok]\n").unwrap();
    let out = ssolint(&["resolve", config.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains(":1:2: note: botocore silently ignores [profile my profile]"),
        "{}",
        text(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["profiles"], serde_json::json!({"ok": {}}));
}

#[test]
fn missing_profile_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[default]\n").unwrap();
    let out = ssolint(
        &["resolve", config.to_str().unwrap(), "--profile", "nope"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("The config profile (nope) could not be found"));
    let out = ssolint(
        &["resolve", dir.path().join("absent").to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    // Default locations that do not exist are empty, as for the AWS CLI.
    let out = ssolint(&["resolve"], &[("HOME", dir.path())]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn reader_prints_what_that_sdk_reads() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile  a]\nregion = eu-west-1\n[profile b]\nRegion = us-east-1\noutput = \"json\"\n",
    )
    .unwrap();
    let json = |reader: &str| -> serde_json::Value {
        let out = ssolint(
            &["resolve", config.to_str().unwrap(), "--reader", reader],
            &[],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // JS drops `[profile  a]` and keeps the key's case and the quotes.
    let js = json("js");
    assert!(js["profiles"].get("a").is_none(), "{js}");
    assert_eq!(js["profiles"]["b"]["Region"], "us-east-1");
    assert_eq!(js["profiles"]["b"]["output"], "\"json\"");
    // Go reads both, lower-cases the key and removes the quotes.
    let go = json("go");
    assert_eq!(go["profiles"]["a"]["region"], "eu-west-1");
    assert_eq!(go["profiles"]["b"]["output"], "json");
    // `--dialect sdk` is the older spelling of `--reader spec`.
    let spec = json("spec");
    let out = ssolint(
        &["resolve", config.to_str().unwrap(), "--dialect", "sdk"],
        &[],
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        spec
    );
}

#[test]
fn reader_go_says_when_the_sdk_would_crash() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile a]\nregion = eu-west-1\noutput = \"\n").unwrap();
    let out = ssolint(
        &["resolve", config.to_str().unwrap(), "--reader", "go"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("the Go SDK crashes on these files"), "{err}");
    assert!(
        err.contains(&format!(
            "{}:3:10: error: the Go SDK panics",
            config.display()
        )),
        "{err}"
    );
    // Every other reader reads the value `"`.
    let out = ssolint(
        &["resolve", config.to_str().unwrap(), "--reader", "js"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
}
