//! `ssolint login` / `logout` against `ssolint emulate`, with the browser step performed by
//! fetching the printed URL, and botocore (untouched) using what ssolint cached — and the
//! reverse: ssolint reading what botocore rewrote.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use ssolint::aws::cache::{self, TokenFile};
use ssolint::emulator::org::{Faults, default_org};
use ssolint::emulator::{Emulator, Options};

const CONFIG: &str = "\
[profile dev]
sso_session = emu
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess

[profile legacy]
sso_start_url = https://ssolint-emulator.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnlyAccess

[profile scopeless]
sso_session = bare
sso_account_id = 111111111111
sso_role_name = ReadOnlyAccess

[profile broken]
sso_session = missing

[sso-session emu]
sso_start_url = https://ssolint-emulator.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[sso-session bare]
sso_start_url = https://ssolint-emulator.awsapps.com/start
sso_region = us-east-1
";

struct World {
    emulator: Emulator,
    dir: tempfile::TempDir,
}

impl World {
    fn new(auto_approve: bool) -> World {
        let emulator = Emulator::start(
            default_org(),
            Options {
                auto_approve,
                ..Options::default()
            },
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::write(dir.path().join("config"), CONFIG).unwrap();
        World { emulator, dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn cache_dir(&self) -> PathBuf {
        cache::token_dir(&self.home())
    }

    fn env(&self, command: &mut Command) {
        command
            .env("HOME", self.home())
            .env("AWS_CONFIG_FILE", self.dir.path().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("no-credentials"),
            )
            .env("AWS_ENDPOINT_URL_SSO_OIDC", self.emulator.url())
            .env("AWS_ENDPOINT_URL_SSO", self.emulator.url())
            .env("AWS_ENDPOINT_URL_STS", self.emulator.url())
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_DEFAULT_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN");
    }

    fn ssolint(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ssolint"));
        command.args(args);
        self.env(&mut command);
        command
    }

    fn spawn(&self, args: &[&str]) -> Child {
        self.ssolint(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// botocore's view: {"arn", "key_prefix"} or {"error"}.
    fn botocore(&self, profile: &str, refresh: bool) -> serde_json::Value {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_sso_profile.py");
        let mut command =
            Command::new(std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into()));
        command.arg(script).arg(profile);
        if refresh {
            command.arg("refresh");
        }
        self.env(&mut command);
        let output = command
            .output()
            .expect("python3 with botocore (pip install -r tests/requirements.txt)");
        assert!(
            output.status.success(),
            "botocore failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn token(&self, key: &str) -> TokenFile {
        let path = self
            .cache_dir()
            .join(format!("{}.json", cache::token_key(key)));
        TokenFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }
}

/// GET (or POST a form to) a URL; returns status, the Location header, body.
fn http(method: &str, url: &str, form: &str) -> (u16, Option<String>, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let location = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .map(str::to_string);
    (status, location, body.to_string())
}

/// Reads a child's stdout until a line passes `pick`; returns that line and all lines read.
fn read_until(child: &mut Child, pick: impl Fn(&str) -> bool) -> (String, Vec<String>) {
    let stdout = child.stdout.as_mut().unwrap();
    let mut reader = std::io::BufReader::new(stdout);
    let mut seen = Vec::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "output ended: {seen:?}"
        );
        let line = line.trim_end().to_string();
        seen.push(line.clone());
        if pick(&line) {
            return (line, seen);
        }
    }
}

fn finish(mut child: Child, mut seen: Vec<String>) -> (i32, String) {
    let mut rest = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    seen.push(rest);
    seen.push(err);
    (status.code().unwrap_or(-1), seen.join("\n"))
}

fn assert_no_secrets(world: &World, key: &str, output: &str) {
    let token = world.token(key);
    for secret in [
        Some(token.access_token.clone()),
        token.refresh_token.clone(),
        token.client_secret.clone(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!output.contains(&secret), "a secret was printed:\n{output}");
    }
}

#[test]
fn pkce_login_then_botocore_uses_and_refreshes_the_token() {
    let world = World::new(true);
    let mut child = world.spawn(&["login", "--profile", "dev", "--no-browser"]);
    let (url, seen) = read_until(&mut child, |l| l.starts_with("http://"));
    assert!(
        url.contains("/authorize?response_type=code&client_id="),
        "{url}"
    );
    assert!(
        url.contains("&scopes=sso%3Aaccount%3Aaccess&code_challenge="),
        "{url}"
    );
    // The browser step: the authorize page redirects to ssolint's loopback listener.
    let (status, location, _) = http("GET", &url, "");
    assert_eq!(status, 303, "authorize");
    let callback = location.unwrap();
    assert!(
        callback.starts_with("http://127.0.0.1:") && callback.contains("/oauth/callback?code=")
    );
    let (status, _, page) = http("GET", &callback, "");
    assert_eq!(status, 200);
    assert!(page.contains("Request approved"));
    let (code, output) = finish(child, seen);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains(
        "Successfully logged into Start URL: https://ssolint-emulator.awsapps.com/start"
    ));
    assert_no_secrets(&world, "emu", &output);

    // The files as the CLI writes them.
    let token = world.token("emu");
    assert!(token.refresh_token.is_some());
    assert_eq!(token.region.as_deref(), Some("us-east-1"));
    let registration = world.cache_dir().join(format!(
        "{}.json",
        cache::registration_key(
            "https://ssolint-emulator.awsapps.com/start",
            "us-east-1",
            Some(&["sso:account:access".to_string()]),
            Some("emu")
        )
    ));
    let registration =
        cache::Registration::parse(&std::fs::read_to_string(registration).unwrap()).unwrap();
    assert!(registration.is_for_auth_code());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&world.cache_dir()), 0o700);
        assert_eq!(
            mode(
                &world
                    .cache_dir()
                    .join(format!("{}.json", cache::token_key("emu")))
            ),
            0o600
        );
    }

    // botocore reads it: role credentials, then a signed STS call.
    let me = world.botocore("dev", false);
    assert_eq!(me["key_prefix"], "ASIA", "{me}");
    assert!(
        me["arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnlyAccess_")
    );

    // botocore refreshes it when it is about to expire, and ssolint reads what botocore wrote.
    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("emu")));
    let mut near = token.clone();
    near.expires_at = cache::timestamp(ssolint::emulator::now() + 60);
    std::fs::write(&path, near.to_json()).unwrap();
    let me = world.botocore("dev", true);
    assert_eq!(me["refreshed"], true, "{me}");
    let rewritten = world.token("emu");
    assert_ne!(rewritten.access_token, token.access_token);
    assert_ne!(rewritten.refresh_token, token.refresh_token);
    assert!(
        cache::parse_timestamp(&rewritten.expires_at).unwrap() > ssolint::emulator::now() + 3000
    );
    let http_client = ssolint::aws::http::Http::new(&Default::default()).unwrap();
    let session = ssolint::login::refresh::Session {
        name: "emu",
        start_url: "https://ssolint-emulator.awsapps.com/start",
        region: "us-east-1",
    };
    let now = ssolint::emulator::now();
    let outcome = ssolint::login::refresh::refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &session,
        now,
        false,
    )
    .unwrap();
    assert!(matches!(
        outcome,
        ssolint::login::refresh::Refreshed::NotNeeded { .. }
    ));
    // ssolint refreshes it too (forced), and botocore still reads it.
    let outcome = ssolint::login::refresh::refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &session,
        now,
        true,
    )
    .unwrap();
    assert!(matches!(
        outcome,
        ssolint::login::refresh::Refreshed::Refreshed { .. }
    ));
    assert_eq!(world.botocore("dev", false)["key_prefix"], "ASIA");
}

fn device_login(world: &World, args: &[&str]) -> (i32, String) {
    let mut child = world.spawn(args);
    let (code_line, seen) = read_until(&mut child, |l| l.starts_with("Code: "));
    assert!(
        seen.iter().any(|l| l.contains("/device?user_code=")),
        "{seen:?}"
    );
    let user_code = code_line.trim_start_matches("Code: ").to_string();
    // The browser step: confirm the code on the verification page.
    let (status, _, _) = http(
        "POST",
        &format!("{}/device", world.emulator.url()),
        &format!("user_code={user_code}"),
    );
    assert_eq!(status, 200);
    finish(child, seen)
}

#[test]
fn device_code_login_for_sessions_and_legacy_profiles() {
    let world = World::new(false);
    let (code, output) = device_login(
        &world,
        &[
            "login",
            "--profile",
            "dev",
            "--use-device-code",
            "--no-browser",
        ],
    );
    assert_eq!(code, 0, "{output}");
    assert_no_secrets(&world, "emu", &output);
    assert!(
        world.botocore("dev", false)["arn"]
            .as_str()
            .unwrap()
            .contains(":111111111111:")
    );

    // Legacy: device code always, token keyed by the start URL.
    let (code, output) = device_login(&world, &["login", "--profile", "legacy", "--no-browser"]);
    assert_eq!(code, 0, "{output}");
    let token = world.token("https://ssolint-emulator.awsapps.com/start");
    assert_eq!(
        token.start_url.as_deref(),
        Some("https://ssolint-emulator.awsapps.com/start")
    );
    assert!(
        world.botocore("legacy", false)["arn"]
            .as_str()
            .unwrap()
            .contains(":222222222222:")
    );
}

#[test]
fn parallel_logins_run_one_flow() {
    let world = World::new(false);
    let args = [
        "login",
        "--sso-session",
        "emu",
        "--use-device-code",
        "--no-browser",
    ];
    let mut first = world.spawn(&args);
    let (code_line, seen) = read_until(&mut first, |l| l.starts_with("Code: "));
    let mut second = world.spawn(&args);
    let (_, second_seen) = read_until(&mut second, |l| l.contains("waiting for it to finish"));
    let user_code = code_line.trim_start_matches("Code: ");
    http(
        "POST",
        &format!("{}/device", world.emulator.url()),
        &format!("user_code={user_code}"),
    );
    let (a, out_a) = finish(first, seen);
    let (b, out_b) = finish(second, second_seen);
    assert_eq!((a, b), (0, 0), "{out_a}\n{out_b}");
    assert!(out_b.contains("using its token"), "{out_b}");
    let starts = world
        .emulator
        .requests()
        .iter()
        .filter(|r| r.path == "/device_authorization")
        .count();
    assert_eq!(starts, 1, "one device flow for both");
}

#[test]
fn refresh_failures_are_classified() {
    use ssolint::login::refresh::{RefreshError, Session, refresh};
    let world = World::new(true);
    let http_client = ssolint::aws::http::Http::new(&Default::default()).unwrap();
    let now = ssolint::emulator::now();
    // A session without registration scopes: the device flow registers without scopes, and
    // the token cannot be refreshed.
    let (code, output) = finish(
        world.spawn(&[
            "login",
            "--profile",
            "scopeless",
            "--use-device-code",
            "--no-browser",
        ]),
        vec![],
    );
    assert_eq!(code, 0, "{output}");
    let bare = Session {
        name: "bare",
        start_url: "https://ssolint-emulator.awsapps.com/start",
        region: "us-east-1",
    };
    let err = refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &bare,
        now,
        true,
    )
    .unwrap_err();
    assert!(matches!(err, RefreshError::NoRefreshToken), "{err}");

    let (code, _) = finish(
        world.spawn(&[
            "login",
            "--profile",
            "dev",
            "--use-device-code",
            "--no-browser",
        ]),
        vec![],
    );
    assert_eq!(code, 0);
    let emu = Session {
        name: "emu",
        start_url: "https://ssolint-emulator.awsapps.com/start",
        region: "us-east-1",
    };
    world.emulator.set_faults(Faults {
        session_ended: true,
        ..Faults::default()
    });
    let err = refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &emu,
        now,
        true,
    )
    .unwrap_err();
    assert!(matches!(err, RefreshError::SessionEnded(_)), "{err}");
    world.emulator.set_faults(Faults::default());

    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("emu")));
    let mut token = world.token("emu");
    token.registration_expires_at = Some(cache::timestamp(now - 1));
    std::fs::write(&path, token.to_json()).unwrap();
    let err = refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &emu,
        now,
        true,
    )
    .unwrap_err();
    assert!(matches!(err, RefreshError::RegistrationExpired), "{err}");
    std::fs::remove_file(&path).unwrap();
    let err = refresh(
        &http_client,
        world.emulator.url(),
        &world.cache_dir(),
        &emu,
        now,
        true,
    )
    .unwrap_err();
    assert!(matches!(err, RefreshError::NoToken));
}

#[test]
fn logout_ends_sessions_and_leaves_botocore_without_credentials() {
    let world = World::new(true);
    let (code, _) = finish(
        world.spawn(&[
            "login",
            "--profile",
            "dev",
            "--use-device-code",
            "--no-browser",
        ]),
        vec![],
    );
    assert_eq!(code, 0);
    assert!(world.botocore("dev", false).get("arn").is_some());
    let cli_cache = cache::credential_dir(&world.home());
    std::fs::create_dir_all(&cli_cache).unwrap();
    std::fs::write(
        cli_cache.join("sso-creds.json"),
        r#"{"ProviderType": "sso", "Credentials": {}}"#,
    )
    .unwrap();
    std::fs::write(cli_cache.join("assume-role.json"), r#"{"Credentials": {}}"#).unwrap();

    let output = world.ssolint(&["logout"]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("1 cached token(s) and 1 cached role credential")
    );
    assert!(
        !world
            .cache_dir()
            .join(format!("{}.json", cache::token_key("emu")))
            .exists()
    );
    assert!(
        cli_cache.join("assume-role.json").exists(),
        "assume-role caches stay"
    );
    let registrations = std::fs::read_dir(world.cache_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(registrations, 1, "the client registration stays");
    assert!(
        world
            .emulator
            .requests()
            .iter()
            .any(|r| r.path == "/logout" && r.status == 200)
    );
    assert!(
        world.botocore("dev", false).get("error").is_some(),
        "botocore has no credentials now"
    );
}

#[test]
fn configuration_errors_name_the_file_and_line() {
    let world = World::new(true);
    let output = world
        .ssolint(&["login", "--profile", "broken"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config:18:1: The specified sso-session does not exist: \"missing\""),
        "{stderr}"
    );
    let output = world
        .ssolint(&["login", "--profile", "nobody"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("The config profile (nobody) could not be found")
    );
}
