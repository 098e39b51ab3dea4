//! Never leak a secret: recognisable secret values planted in every position a file can hold
//! one (plain, duplicated, continued, nested under `s3 =`, misspelled keys, other case, `:`
//! delimiters, inline comments, in profiles that fixes and migrations rewrite, in the
//! environment and the token cache), then every byte of every command's output searched
//! for them. Control characters planted in the same files must never reach the output raw.

use std::path::Path;
use std::process::Command;

/// Every planted secret starts with this (and nothing else ssolint prints does).
const MARK: &str = "SEKRIT";

fn config() -> String {
    format!(
        "\
[profile legacy]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin
aws_secret_access_key = {MARK}01
[profile nested]
region = us-east-1
s3 =
  aws_secret_access_key = {MARK}02
    {MARK}03
  max_concurrent_requests = 10
[profile misspelled]
aws_secret_acess_key = {MARK}04
AWS_Session_Token = {MARK}05
aws_security_token: {MARK}06
[profile commented]
aws_secret_access_key = {MARK}07 # old key
aws_session_token = {MARK}08
  {MARK}09
[dev]
aws_secret_access_key = {MARK}10
regoin = us-east-1
region = eu-west-1
output = JSON
[profile ctl]
region = x\u{1b}[2J\u{7}
s3 =
     aws_secret_access_key = {MARK}11
 regoin = us-east-1
"
    )
}

fn credentials() -> String {
    format!(
        "\
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = {MARK}20
aws_secret_access_key = {MARK}20
aws_session_token = {MARK}21
  {MARK}22
[profile dev]
aws_secret_access_key = {MARK}23
[legacy]
aws_secret_access_key   =   {MARK}24
"
    )
}

fn ssolint(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ssolint"));
    command
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg"))
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_SECRET_ACCESS_KEY", format!("{MARK}30"))
        .env("AWS_SESSION_TOKEN", format!("{MARK}31"))
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env_remove("AWS_PROFILE")
        .env("NO_COLOR", "1");
    command
}

#[test]
fn no_command_prints_a_planted_secret_or_a_raw_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let cache = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::set_permissions(
        home.join(".aws/sso"),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    std::fs::set_permissions(&cache, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    // A legacy token file (key: SHA-1 of the start URL) with planted secrets.
    let key = ssolint::aws::cache::token_key("https://acme.awsapps.com/start");
    std::fs::write(
        cache.join(format!("{key}.json")),
        format!(
            "{{\"startUrl\": \"https://acme.awsapps.com/start\", \"region\": \"us-east-1\", \"accessToken\": \"{MARK}40\", \"expiresAt\": \"2099-01-01T00:00:00Z\", \"refreshToken\": \"{MARK}41\", \"clientSecret\": \"{MARK}42\", \"clientId\": \"cid\"}}"
        ),
    )
    .unwrap();

    let commands: Vec<Vec<&str>> = vec![
        vec!["check", "config", "credentials"],
        vec!["check", "--format", "concise", "config", "credentials"],
        vec!["check", "--format", "json", "config", "credentials"],
        vec!["check", "--format", "sarif", "config", "credentials"],
        vec!["check", "--format", "github", "config", "credentials"],
        vec!["check", "--diff", "config", "credentials"],
        vec!["check", "--diff", "--unsafe-fixes", "config", "credentials"],
        vec!["check", "--dialect", "sdk", "config", "credentials"],
        vec![
            "check",
            "--select",
            "ALL",
            "--format",
            "concise",
            "config",
            "credentials",
        ],
        vec![
            "check",
            "--fix",
            "--unsafe-fixes",
            "-",
            "--stdin-filename",
            "x",
        ],
        vec!["migrate", "config"],
        vec!["resolve"],
        vec!["resolve", "--format", "table"],
        vec!["resolve", "--dialect", "sdk"],
        vec!["resolve", "--dialect", "sdk", "--format", "table"],
        vec!["resolve", "--profile", "nested"],
        vec!["resolve", "--profile", "commented", "--format", "table"],
        vec!["doctor", "--offline", "--profile", "legacy"],
        vec![
            "doctor",
            "--offline",
            "--profile",
            "legacy",
            "--format",
            "json",
        ],
        vec!["doctor", "--offline", "--all"],
        vec!["doctor", "--offline", "--profile", "nested"],
        // Writes last: they change the files the others read.
        vec!["check", "--fix", "config", "credentials"],
        vec!["check", "--fix", "--unsafe-fixes", "config", "credentials"],
        vec!["migrate", "--write", "config"],
    ];
    let mut leaks = Vec::new();
    for args in &commands {
        std::fs::write(home.join("config"), config()).unwrap();
        std::fs::write(home.join("credentials"), credentials()).unwrap();
        let mut command = ssolint(home, args);
        if args.contains(&"-") {
            command.stdin(std::fs::File::open(home.join("config")).unwrap());
        }
        let out = command.output().unwrap();
        // With `-` and --fix, standard output is the fixed file itself, by contract.
        let streams: &[(&str, &Vec<u8>)] = if args.contains(&"-") {
            &[("stderr", &out.stderr)]
        } else {
            &[("stdout", &out.stdout), ("stderr", &out.stderr)]
        };
        for &(stream, bytes) in streams {
            let text = String::from_utf8_lossy(bytes);
            if text.contains(MARK) {
                let line = text.lines().find(|l| l.contains(MARK)).unwrap();
                leaks.push(format!("{args:?} {stream}: {line}"));
            }
            if let Some(c) = text.chars().find(|&c| {
                c == '\u{1b}' || c == '\u{7}' || (c.is_control() && !"\n\t\r".contains(c))
            }) {
                leaks.push(format!("{args:?} {stream}: raw control character {c:?}"));
            }
        }
        assert!(
            out.status.code().is_some_and(|c| c <= 2),
            "{args:?} crashed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The real bytes were written: the secrets are still in the files.
    let written = std::fs::read_to_string(home.join("config")).unwrap();
    assert!(written.contains(&format!("{MARK}01")) && written.contains(&format!("{MARK}02")));
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// The language server's diagnostics, hover and code actions on the same files.
#[test]
fn the_language_server_shows_no_planted_secret() {
    let text = config();
    for file in [
        ssolint::model::FileKind::Config,
        ssolint::model::FileKind::Credentials,
    ] {
        let text = match file {
            ssolint::model::FileKind::Config => text.clone(),
            ssolint::model::FileKind::Credentials => credentials(),
        };
        let uri: tower_lsp_server::ls_types::Uri = "file:///home/u/.aws/config".parse().unwrap();
        let settings = ssolint::lint::settings::Settings::default();
        let published = ssolint::lsp::diagnostics(
            &uri,
            &text,
            file,
            Some(&credentials()),
            None,
            &settings,
            false,
        );
        let json = serde_json::to_string(&published).unwrap();
        assert!(!json.contains(MARK), "{}", json);
    }
}

/// `Debug` of every type that carries a file's text shows its length, never its bytes.
#[test]
fn debug_output_never_shows_a_file_text() {
    let config = config();
    let credentials = credentials();
    let input = ssolint::lint::Input {
        config: Some(&config),
        credentials: Some(&credentials),
        ..Default::default()
    };
    let fixed = ssolint::fix::fix(&input, &Default::default(), true);
    let source = ssolint::render::SourceText::new("config".into(), config.clone())
        .hiding_secrets_of(&config);
    for shown in [
        format!("{input:?}"),
        format!("{fixed:?}"),
        format!("{source:?}"),
        format!("{:?}", ssolint::lint::check(&input, &Default::default())),
    ] {
        assert!(!shown.contains(MARK), "{shown}");
    }
}
