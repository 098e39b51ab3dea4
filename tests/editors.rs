//! The editor integrations under `editors/`, in the real editors, headless: Neovim 0.11
//! (`SSOLINT_NVIM`, from PyPI) and 0.7 (`SSOLINT_NVIM_0_7`, Debian's) and Emacs 28 with Eglot
//! (`SSOLINT_EMACS`, Debian's) and Vim 9 with ALE (`SSOLINT_VIM`, Debian's `vim` and
//! `vim-ale`), which `cargo xtask test` provides, each through a user's
//! session: diagnostics, a quick fix after an edit above it, completion after a prefix, the
//! credentials file edited and the config's diagnostics following. The Helix and VS Code
//! manifests are checked to be valid.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The legacy config and credentials file every editor session opens: S001 on `dev`, a
/// misspelt `regoin` (K001, fixed by "Rename to `region`"), a region being typed, and a
/// source profile (`base`) the credentials file does not define yet (R001).
const CONFIG: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[profile app]\nregoin = eu-west-1\noutput = json\n\n[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = dev\n\n[profile batch]\nrole_arn = arn:aws:iam::111122223333:role/Batch\nsource_profile = base\nregion = eu-w\n";
const CREDENTIALS: &str =
    "[ci]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n";

/// A home with `.aws/config` and `.aws/credentials` as above.
struct Home {
    dir: tempfile::TempDir,
    config: std::path::PathBuf,
    credentials: std::path::PathBuf,
    result: std::path::PathBuf,
}

fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let aws = dir.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    let config = aws.join("config");
    std::fs::write(&config, CONFIG).unwrap();
    let credentials = aws.join("credentials");
    std::fs::write(&credentials, CREDENTIALS).unwrap();
    let result = dir.path().join("result");
    Home {
        dir,
        config,
        credentials,
        result,
    }
}

/// Runs an editor to the end of its scripted session and returns what it wrote. Its input
/// is a pipe that stays open and silent (Vim without a terminal quits at the end of its
/// input; the others never read it).
fn run_session(mut command: Command, home: &Home, what: &str) -> String {
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .env("SSOLINT_BIN", env!("CARGO_BIN_EXE_ssolint"))
        .env("SSOLINT_FILE", &home.config)
        .env("SSOLINT_COMPANION", &home.credentials)
        .env("SSOLINT_RESULT", &home.result)
        .env("HOME", home.dir.path())
        .env("XDG_CONFIG_HOME", home.dir.path().join("xdg"))
        .env("XDG_STATE_HOME", home.dir.path().join("state"))
        .env("XDG_DATA_HOME", home.dir.path().join("data"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{what} is needed for this test: {e}; `cargo xtask test` installs it")
        });
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} did not finish its session");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&home.result).unwrap_or_else(|_| "no result written".into())
}

/// The program named by `variable` (set by `cargo xtask test`), checked to be the version
/// the test is about.
fn editor(variable: &str, fallback: &str, version_prefix: &str) -> String {
    let program = std::env::var(variable).unwrap_or_else(|_| fallback.into());
    let version = Command::new(&program)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{program} ({variable}) is needed for this test: {e}; `cargo xtask test` installs it"));
    let first = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(
        first.starts_with(version_prefix),
        "{program} ({variable}) is {first:?}, not {version_prefix}…"
    );
    program
}

/// Runs `program` with `args` and then the session script `script` (a path in the repo) to
/// its end: it must report "ok", and it never writes the file.
fn editor_session(program: &str, args: &[&str], script: &str) {
    let home = home();
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(repo(script))
        .stdout(std::process::Stdio::null());
    let outcome = run_session(command, &home, program);
    assert_eq!(outcome, "ok", "{program} with {script}");
    let after = std::fs::read_to_string(&home.config).unwrap();
    assert_eq!(after, CONFIG, "the session never writes the file");
}

/// Neovim's own client, driven as a user would (`editors/nvim/test/init.lua`): diagnostics,
/// a quick fix chosen after an edit above it, completion after a prefix, the credentials
/// file edited and the config's diagnostics following, one client, highlighting.
fn neovim_session(nvim: &str) {
    editor_session(
        nvim,
        &["--headless", "-n", "-i", "NONE", "-u"],
        "editors/nvim/test/init.lua",
    );
}

#[test]
fn neovim_0_11_session() {
    neovim_session(&editor("SSOLINT_NVIM", "nvim", "NVIM v0.11"));
}

#[test]
fn neovim_0_7_session() {
    neovim_session(&editor("SSOLINT_NVIM_0_7", "nvim", "NVIM v0.7"));
}

/// Emacs 28 with Eglot (Debian's `elpa-eglot`), through `editors/emacs/ssolint.el`: the same
/// session (`editors/emacs/test/session.el`).
#[test]
fn emacs_eglot_session() {
    editor_session(
        &editor("SSOLINT_EMACS", "emacs", "GNU Emacs 2"),
        &["--batch", "--no-site-file", "-l"],
        "editors/emacs/test/session.el",
    );
}

/// Vim 9 with ALE (Debian's `vim-ale`), through `editors/vim` (ALE's language-server linter
/// for the `confini` filetype Vim gives the AWS files, and its omnifunc with ssolint's word):
/// the same session (`editors/vim/test/session.vim`). ALE sends no `data` back, so the quick
/// fix must come from the server's own analysis.
#[test]
fn vim_ale_session() {
    editor_session(
        &editor("SSOLINT_VIM", "vim", "VIM - Vi IMproved 9"),
        &["-N", "-n", "-i", "NONE", "--not-a-term", "-u"],
        "editors/vim/test/session.vim",
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
