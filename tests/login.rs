//! `ssolint login` / `logout` against `ssolint emulate`, with the browser step performed by
//! fetching the printed URL, and botocore (untouched) using what ssolint cached — and the
//! reverse: ssolint reading what botocore rewrote.

mod common;

use std::path::Path;

use common::world::{World, finish, http, read_until};
use ssolint::aws::cache;
use ssolint::emulator::org::Faults;

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
    // PKCE needs a browser that reaches this machine's loopback; a test machine may look like
    // a container or have no display, so the port is named, as a user who forwards it does.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let mut child = world.spawn(&[
        "login",
        "--profile",
        "dev",
        "--no-browser",
        "--redirect-port",
        &port,
    ]);
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
    // The lock files go with the logins; logout sweeps any left by earlier versions.
    let locks = |world: &World| -> Vec<String> {
        std::fs::read_dir(world.cache_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ssolint.lock"))
            .collect()
    };
    assert_eq!(locks(&world), Vec::<String>::new());
    std::fs::write(world.cache_dir().join("old.ssolint.lock"), "").unwrap();
    let out = world.ssolint(&["logout"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(locks(&world), Vec::<String>::new());
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

/// `export-credentials` bridges tools that cannot read sso-session profiles: botocore itself,
/// through `credential_process`, gets the role's credentials and signs an STS call with them.
#[test]
fn export_credentials_feeds_credential_process() {
    let world = World::new(true);
    let (code, output) = finish(
        world.spawn(&["export-credentials", "--profile", "dev"]),
        vec![],
    );
    assert_eq!(code, 2, "no sign-in yet: {output}");
    assert!(
        output.contains("ssolint login --sso-session emu"),
        "{output}"
    );
    world.login("dev");
    let out = world
        .ssolint(&["export-credentials", "--profile", "dev"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let process: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(process["Version"], 1);
    assert!(process["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    assert!(process["Expiration"].as_str().unwrap().ends_with('Z'));
    assert!(out.stderr.is_empty(), "nothing on stderr");
    let env = world
        .ssolint(&["export-credentials", "--profile", "dev", "--format", "env"])
        .output()
        .unwrap();
    let env = String::from_utf8(env.stdout).unwrap();
    assert!(env.starts_with("export AWS_ACCESS_KEY_ID=ASIA"), "{env}");
    assert!(env.contains("\nexport AWS_SESSION_TOKEN="), "{env}");
    // botocore, through credential_process.
    let config = world.dir.path().join("config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[profile bridge]\ncredential_process = {} export-credentials --profile dev\n",
        env!("CARGO_BIN_EXE_ssolint")
    ));
    std::fs::write(&config, text).unwrap();
    let seen = world.botocore("bridge", false);
    let arn = seen["arn"].as_str().unwrap_or_else(|| panic!("{seen}"));
    assert!(
        arn.contains(":111111111111:assumed-role/AWSReservedSSO_ReadOnlyAccess_"),
        "{arn}"
    );
}

/// The AWS CLI's `--endpoint-url` and `--debug`: every Identity Center call goes to the URL
/// given (ahead of the environment), and each request is one line on standard error, with no
/// token in it.
#[test]
fn endpoint_url_and_debug_flags() {
    let world = World::new(true);
    let mut command = world.ssolint(&[
        "login",
        "--profile",
        "dev",
        "--use-device-code",
        "--no-browser",
        "--debug",
        "--endpoint-url",
        world.emulator.url(),
    ]);
    // The environment points elsewhere: the flag wins.
    command
        .env("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:9")
        .env("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9");
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let url = world.emulator.url();
    assert!(
        stderr.contains(&format!("debug: POST {url}/client/register -> 200")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("debug: POST {url}/token -> ")),
        "{stderr}"
    );
    assert_no_secrets(
        &world,
        "emu",
        &(stderr.to_string() + &String::from_utf8_lossy(&out.stdout)),
    );
    let mut doctor = world.ssolint(&[
        "doctor",
        "--profile",
        "dev",
        "--format",
        "json",
        "--endpoint-url",
        url,
    ]);
    doctor
        .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
        .env("PATH", "/nonexistent");
    let out = doctor.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report:#}");
}
