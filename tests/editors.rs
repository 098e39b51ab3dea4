//! The editor integrations under `editors/`: Neovim really shows ssolint's diagnostics
//! (headless; `SSOLINT_NVIM`, which `cargo xtask test` points at the Neovim 0.11 it installs
//! from PyPI, else `nvim` on PATH), and the Helix and VS Code manifests are valid.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn neovim_shows_the_legacy_profile_diagnostic_with_one_client_and_highlighting() {
    let dir = tempfile::tempdir().unwrap();
    let aws = dir.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    let config = aws.join("config");
    std::fs::write(&config, "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n").unwrap();
    let credentials = aws.join("credentials");
    std::fs::write(
        &credentials,
        "[ci]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n",
    )
    .unwrap();
    let result = dir.path().join("result");
    let nvim = std::env::var("SSOLINT_NVIM").unwrap_or_else(|_| "nvim".into());
    let mut child = Command::new(&nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(repo("editors/nvim/test/init.lua"))
        .env("SSOLINT_BIN", env!("CARGO_BIN_EXE_ssolint"))
        .env("SSOLINT_FILE", &config)
        .env("SSOLINT_COMPANION", &credentials)
        .env("SSOLINT_RESULT", &result)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("Neovim ({nvim}) is needed for this test: {e}; `cargo xtask test` installs it")
        });
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "Neovim did not finish");
        std::thread::sleep(Duration::from_millis(100));
    }
    let outcome = std::fs::read_to_string(&result).unwrap_or_else(|_| "no result written".into());
    assert_eq!(
        outcome, "ok",
        "Neovim: S001, one client for both files, highlighting: {outcome}"
    );
}

#[test]
fn helix_snippet_is_valid_toml_running_ssolint_lsp() {
    let text = std::fs::read_to_string(repo("editors/helix/languages.toml")).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    let server = &value["language-server"]["ssolint"];
    assert_eq!(server["command"].as_str(), Some("ssolint"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));
    // Helix finds highlight queries by language name: the awsconfig ones are the INI
    // grammar's (Helix has none for a language it does not know).
    let language = &value["language"].as_array().unwrap()[0];
    assert_eq!(language["grammar"].as_str(), Some("ini"));
    let queries =
        std::fs::read_to_string(repo("editors/helix/queries/awsconfig/highlights.scm")).unwrap();
    assert_eq!(queries.trim(), "; inherits: ini");
}

#[test]
fn vscode_manifest_declares_the_language_and_commands() {
    let text = std::fs::read_to_string(repo("editors/vscode/package.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let language = &manifest["contributes"]["languages"][0];
    assert_eq!(language["id"], "awsconfig");
    let patterns = language["filenamePatterns"].as_array().unwrap();
    assert!(patterns.contains(&serde_json::json!("**/.aws/config")));
    assert!(patterns.contains(&serde_json::json!("**/.aws/credentials")));
    let commands: Vec<&str> = manifest["contributes"]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(commands, ["ssolint.restartServer", "ssolint.migrateFile"]);
}
