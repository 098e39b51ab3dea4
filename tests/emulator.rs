//! `ssolint emulate` with real clients: unmodified botocore through every flow and refusal,
//! the Rust API, faults, and the command line.

use std::path::Path;
use std::process::Command;

use ssolint::emulator::org::{Faults, OrgFile, default_org};
use ssolint::emulator::state::{State, s256};
use ssolint::emulator::{Emulator, Options};

fn python() -> String {
    std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into())
}

const TEST_ORG: &str = r#"
[[org]]
start-url = "https://test-org.awsapps.com/start"
region = "eu-west-1"
users = ["dev", "ops"]

[[org.accounts]]
id = "111111111111"
name = "Development"
roles = ["AdministratorAccess", "ReadOnlyAccess"]

[[org.accounts]]
id = "222222222222"
name = "Production"
roles = ["ReadOnlyAccess"]

[[org.accounts]]
id = "333333333333"
name = "Sandbox"
roles = ["PowerUserAccess"]

[[org.accounts]]
id = "444444444444"
name = "Ops only"
roles = ["AdministratorAccess"]
users = ["ops"]
"#;

#[test]
fn botocore_completes_every_flow_and_gets_aws_error_codes() {
    let org = OrgFile::parse(TEST_ORG).unwrap();
    let emulator = Emulator::start(org, Options::default()).unwrap();
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_emulator_client.py");
    let output = Command::new(python())
        .arg(script)
        .args(["https://test-org.awsapps.com/start", "eu-west-1"])
        .env("AWS_ENDPOINT_URL_SSO_OIDC", emulator.url())
        .env("AWS_ENDPOINT_URL_SSO", emulator.url())
        .env("AWS_ENDPOINT_URL_STS", emulator.url())
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; install Python 3 and `python3 -m pip install -r tests/requirements.txt`", python()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the botocore client failed (needs `python3 -m pip install -r tests/requirements.txt`):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let failed: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l.get("ok").is_some_and(|ok| ok == false))
        .collect();
    assert!(failed.is_empty(), "checks failed: {failed:#?}");
    let checks = lines.iter().filter(|l| l.get("check").is_some()).count();
    assert!(checks >= 28, "only {checks} checks ran");
    eprintln!("driven by botocore {}", lines.last().unwrap()["botocore"]);

    // The request log knows what happened, and holds no secret.
    let requests = emulator.requests();
    let errors: Vec<&str> = requests.iter().filter_map(|r| r.error.as_deref()).collect();
    for code in [
        "AuthorizationPendingException",
        "SlowDownException",
        "InvalidClientException",
        "InvalidGrantException",
        "UnauthorizedException",
        "ForbiddenException",
        "SignatureDoesNotMatch",
        "InvalidClientTokenId",
    ] {
        assert!(errors.contains(&code), "{code} not in the log: {errors:?}");
    }
    let state = emulator.state();
    let log = format!("{requests:?}");
    for token in state.access_tokens.keys() {
        assert!(!log.contains(&token.0));
    }
    for credentials in state.credentials.values() {
        assert!(!log.contains(&credentials.secret.0));
        assert!(
            !format!("{credentials:?}").contains(&credentials.secret.0),
            "Debug leaks"
        );
    }
}

#[test]
fn device_codes_expire_and_sessions_end() {
    let mut state = State::new(default_org(), false);
    let (client, _) = state.register_client(
        1000,
        "c".into(),
        vec!["sso:account:access".into()],
        vec![],
        vec![],
    );
    let (code, device) = state.start_device(1000, &client, 0);
    assert_eq!(device.expires_at, 1600);
    let err = state
        .poll_device(1601, 1_601_000, &client, &code.0)
        .unwrap_err();
    assert_eq!(err.code, "ExpiredTokenException");

    let (code, device) = state.start_device(2000, &client, 0);
    assert!(state.approve_device(&device.user_code.to_lowercase(), None));
    let tokens = state
        .poll_device(2001, 2_001_000, &client, &code.0)
        .unwrap();
    let refresh = tokens.refresh_token.unwrap();
    state.end_sessions();
    let err = state.refresh(2002, &client, &refresh.0).unwrap_err();
    assert_eq!(err.code, "InvalidGrantException");
    let err = state.bearer(2002, &tokens.access_token.0).unwrap_err();
    assert_eq!(err.code, "UnauthorizedException");
}

#[test]
fn refresh_fails_once_the_portal_session_is_over() {
    let mut state = State::new(default_org(), true);
    let (client, _) = state.register_client(
        0,
        "c".into(),
        vec!["sso:account:access".into()],
        vec![],
        vec![],
    );
    let (code, _) = state.start_device(0, &client, 0);
    let tokens = state.poll_device(1, 1000, &client, &code.0).unwrap();
    // Eight hours later the session is over.
    let err = state
        .refresh(8 * 3600 + 1, &client, &tokens.refresh_token.unwrap().0)
        .unwrap_err();
    assert_eq!(err.code, "InvalidGrantException");
    assert!(err.message.contains("session has ended"));
}

#[test]
fn pkce_checks_verifier_redirect_and_single_use() {
    let mut state = State::new(default_org(), true);
    let redirect = "http://127.0.0.1:4321/oauth/callback".to_string();
    let (client, _) = state.register_client(
        0,
        "c".into(),
        vec!["sso:account:access".into()],
        vec![],
        vec![redirect.clone()],
    );
    let verifier = "v".repeat(64);
    let pending = ssolint::emulator::state::PendingAuthorization {
        client_id: client.clone(),
        redirect_uri: redirect.clone(),
        state: "s".into(),
        challenge: s256(&verifier),
        org: 0,
    };
    let code = state.issue_code(0, &pending);
    let err = state
        .redeem_code(1, &client, &code.0, "http://127.0.0.1:1/other", &verifier)
        .unwrap_err();
    assert!(err.message.contains("Redirect URI"));
    let code = state.issue_code(0, &pending);
    assert!(
        state
            .redeem_code(1, &client, &code.0, &redirect, &verifier)
            .is_ok()
    );
    assert!(
        state
            .redeem_code(1, &client, &code.0, &redirect, &verifier)
            .is_err()
    );
    // (The botocore test computes its challenge with Python's hashlib: the cross-check.)
}

fn http(url: &str, method: &str, body: &str) -> (u16, String, String) {
    // A tiny HTTP/1.1 client over std (the test must not need a client crate).
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), body.to_string())
}

#[test]
fn faults_inject_errors_and_clock_skew() {
    let emulator = Emulator::start(default_org(), Options::default()).unwrap();
    let register = r#"{"clientName":"t","clientType":"public"}"#;
    emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let (status, head, _) = http(
        &format!("{}/client/register", emulator.url()),
        "POST",
        register,
    );
    assert_eq!(status, 500);
    assert!(
        head.to_ascii_lowercase()
            .contains("x-amzn-errortype: internalserverexception"),
        "{head}"
    );
    emulator.set_faults(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    });
    let (status, _, _) = http(
        &format!("{}/assignment/accounts", emulator.url()),
        "GET",
        "",
    );
    assert_eq!(status, 429);
    emulator.set_faults(Faults {
        date_offset_secs: -3600,
        ..Faults::default()
    });
    let (status, head, _) = http(
        &format!("{}/client/register", emulator.url()),
        "POST",
        register,
    );
    assert_eq!(status, 200);
    let date = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("date: ")
                .or_else(|| l.strip_prefix("Date: "))
        })
        .unwrap();
    let expected = ssolint::emulator::http_date(ssolint::emulator::now() - 3600);
    assert_eq!(&date[..22], &expected[..22], "{date} vs {expected}");
    let statuses: Vec<u16> = emulator.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 429, 200]);
}

#[test]
fn rejects_clients_as_aws_does() {
    let emulator = Emulator::start(default_org(), Options::default()).unwrap();
    let url = emulator.url();
    let (status, head, body) = http(
        &format!("{url}/client/register"),
        "POST",
        r#"{"clientName":"a b","clientType":"public"}"#,
    );
    assert_eq!(status, 400);
    assert!(head.contains("InvalidClientMetadataException"), "{head}");
    assert!(
        body.contains("\"error\":\"invalid_client_metadata\""),
        "{body}"
    );
    let (status, head, _) = http(
        &format!("{url}/client/register"),
        "POST",
        r#"{"clientName":"a","clientType":"public","redirectUris":["https://evil.example/cb"]}"#,
    );
    assert_eq!(status, 400);
    assert!(head.contains("InvalidRedirectUriException"), "{head}");
}

#[test]
fn cli_prints_the_exports_and_refuses_remote_addresses() {
    // `localhost` is a host a user types.
    let mut named = Command::new(env!("CARGO_BIN_EXE_ssolint"))
        .args(["emulate", "--listen", "localhost:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(named.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        assert!(
            first.starts_with("export AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:"),
            "{first}"
        );
    }
    let _ = named.kill();
    let _ = named.wait();

    let output = Command::new(env!("CARGO_BIN_EXE_ssolint"))
        .args(["emulate", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--allow-remote"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ssolint"))
        .args(["emulate", "--auto-approve"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("export AWS_ENDPOINT_URL_SSO_OIDC=")
        .unwrap()
        .to_string();
    // A fixed default port: the exports stay valid when the emulator restarts.
    assert_eq!(url, "http://127.0.0.1:47555");
    assert_eq!(
        lines.next().unwrap().unwrap(),
        format!("export AWS_ENDPOINT_URL_SSO={url}")
    );
    assert_eq!(
        lines.next().unwrap().unwrap(),
        format!("export AWS_ENDPOINT_URL_STS={url}")
    );
    let (status, _, body) = http(&format!("{url}/"), "GET", "");
    assert_eq!(status, 200);
    assert!(body.contains("https://ssolint-emulator.awsapps.com/start"));
    // The request is logged without secrets.
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line == "GET / 200" {
            break;
        }
        assert!(seen.len() < 20, "no request line after {seen:?}");
        seen.push(line);
    }
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn registrations_expire_and_are_bounded() {
    let mut state = State::new(default_org(), false);
    let lifetime = default_org().orgs[0].lifetimes.registration;
    let register = |state: &mut State, now| {
        state
            .register_client(now, "c".into(), vec![], vec![], vec![])
            .0
    };
    let first = register(&mut state, 1000);
    // Once its registration has expired, the next registration forgets it.
    register(&mut state, 1000 + lifetime + 1);
    assert!(!state.clients.contains_key(&first));
    assert_eq!(state.clients.len(), 1);
    // A flood never grows the table past the bound.
    for i in 0..ssolint::emulator::state::MAX_CLIENTS + 50 {
        register(&mut state, 5000 + i as u64 / 1000);
    }
    assert_eq!(state.clients.len(), ssolint::emulator::state::MAX_CLIENTS);
}

/// A client that connects and sends half a request is disconnected after the header-read
/// timeout instead of holding a connection task forever.
#[test]
fn a_silent_connection_is_closed_after_the_header_timeout() {
    use std::io::{Read, Write};
    let emulator = Emulator::start(
        default_org(),
        Options {
            header_read_timeout: std::time::Duration::from_millis(300),
            ..Options::default()
        },
    )
    .unwrap();
    let address = emulator.url().trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut buf = [0u8; 512];
    // The server answers (408 or a close) on its own; it never waits for the rest.
    // (A read error here is our own 10 s guard: the server kept the connection open.)
    let n = stream
        .read(&mut buf)
        .unwrap_or_else(|e| panic!("the server kept a silent connection open: {e}"));
    let reply = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || reply.starts_with("HTTP/1.1 408"), "{reply}");
    // Well-formed requests still work.
    let (status, _, _) = http(&format!("{}/nothing-here", emulator.url()), "GET", "");
    assert_eq!(status, 404);
}
