//! `ssolint doctor` against `ssolint emulate`, one scenario per diagnosis: each asserts the
//! check id, status and remedy, and that doctor finishes in bounded time.

mod common;

use common::world::{World, check};
use ssolint::aws::cache;
use ssolint::emulator::org::Faults;

/// Doctor may take a few seconds against a broken setup, never more.
const BOUND_SECS: f64 = 15.0;

fn assert_check(report: &serde_json::Value, id: &str, status: &str, remedy_contains: &str) {
    let c = check(report, id);
    assert_eq!(c["status"], status, "{id}: {c:#}");
    if !remedy_contains.is_empty() {
        let remedy = c["remedy"].as_str().unwrap_or_default();
        assert!(
            remedy.contains(remedy_contains),
            "{id}: remedy {remedy:?} lacks {remedy_contains:?}"
        );
    }
}

#[test]
fn healthy_profile_passes_every_check() {
    let world = World::new(true);
    world.login("dev");
    let (code, report, secs) = world.doctor("dev", &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(secs < BOUND_SECS);
    assert_eq!(report["version"], 1);
    assert_eq!(report["profile"], "dev");
    for id in [
        "config-parse",
        "profile-resolve",
        "config-lint",
        "env-overrides",
        "start-url",
        "endpoint-reachable",
        "clock-skew",
        "token-cache",
        "account-access",
        "role-access",
        "role-credentials",
        "caller-identity",
    ] {
        assert_check(&report, id, "pass", "");
    }
    assert!(
        check(&report, "caller-identity")["arn"]
            .as_str()
            .unwrap()
            .contains(":assumed-role/AWSReservedSSO_ReadOnlyAccess_")
    );
}

#[test]
fn missing_token_names_the_login_command_and_login_fixes_it() {
    let world = World::new(true);
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "token-cache",
        "fail",
        "ssolint login --sso-session emu",
    );
    assert_check(&report, "account-access", "skip", "");
    let mut command = world.ssolint(&["doctor", "--profile", "dev", "--format", "json", "--login"]);
    let output = command.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_check(&report, "token-cache", "pass", "");
    assert_check(&report, "caller-identity", "pass", "");
}

#[test]
fn role_not_assigned_and_wrong_case() {
    let world = World::new(true);
    world.login("dev");
    let config = std::fs::read_to_string(world.dir.path().join("config")).unwrap()
        + "\n[profile admin-prod]\nsso_session = emu\nsso_account_id = 222222222222\nsso_role_name = AdministratorAccess\n\n[profile lower]\nsso_session = emu\nsso_account_id = 111111111111\nsso_role_name = readonlyaccess\n";
    std::fs::write(world.dir.path().join("config"), config).unwrap();
    let (code, report, _) = world.doctor("admin-prod", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "role-access",
        "fail",
        "use one of the roles listed",
    );
    assert_eq!(
        check(&report, "role-access")["roles"],
        serde_json::json!(["ReadOnlyAccess"])
    );
    let (_, report, _) = world.doctor("lower", &[]);
    assert_check(
        &report,
        "role-access",
        "fail",
        "sso_role_name = ReadOnlyAccess",
    );
}

#[test]
fn account_not_visible_lists_the_accounts() {
    let world = World::new(true);
    world.login("dev");
    let config = std::fs::read_to_string(world.dir.path().join("config")).unwrap()
        + "\n[profile typo]\nsso_session = emu\nsso_account_id = 111111111112\nsso_role_name = ReadOnlyAccess\n";
    std::fs::write(world.dir.path().join("config"), config).unwrap();
    let (code, report, _) = world.doctor("typo", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "account-access",
        "fail",
        "sso_account_id = 111111111111",
    );
    assert_check(&report, "role-access", "skip", "");
}

#[test]
fn legacy_profile_is_flagged_with_the_migrate_command() {
    let world = World::new(true);
    world.login("legacy");
    let (code, report, _) = world.doctor("legacy", &[]);
    assert_eq!(
        code, 0,
        "a legacy profile works, with a warning: {report:#}"
    );
    assert_check(&report, "config-lint", "warn", "ssolint migrate --write");
    assert_eq!(check(&report, "profile-resolve")["kind"], "legacy");
    assert_check(&report, "caller-identity", "pass", "");
}

#[test]
fn expired_token_without_refresh_token() {
    let world = World::new(true);
    world.login("scopeless");
    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("bare")));
    let mut token = world.token("bare");
    token.expires_at = cache::timestamp(ssolint::emulator::now() - 600);
    std::fs::write(&path, token.to_json()).unwrap();
    let (code, report, _) = world.doctor("scopeless", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "token-cache",
        "fail",
        "ssolint login --sso-session bare",
    );
    assert!(
        check(&report, "token-cache")["summary"]
            .as_str()
            .unwrap()
            .contains("sso_registration_scopes")
    );
}

#[test]
fn refresh_after_the_portal_session_ended() {
    let world = World::new(true);
    world.login("dev");
    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("emu")));
    let mut token = world.token("emu");
    token.expires_at = cache::timestamp(ssolint::emulator::now() + 60);
    std::fs::write(&path, token.to_json()).unwrap();
    world.emulator.set_faults(Faults {
        session_ended: true,
        ..Faults::default()
    });
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "token-refresh",
        "fail",
        "ssolint login --sso-session emu",
    );
    assert!(
        check(&report, "token-refresh")["summary"]
            .as_str()
            .unwrap()
            .contains("portal session has ended")
    );
}

#[test]
fn revoked_token() {
    let world = World::new(true);
    world.login("dev");
    world.emulator.state().revoke_tokens();
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert_check(
        &report,
        "account-access",
        "fail",
        "ssolint login --sso-session emu",
    );
    assert!(
        check(&report, "account-access")["summary"]
            .as_str()
            .unwrap()
            .contains("UnauthorizedException")
    );
}

#[test]
fn environment_credentials_override_the_profile() {
    let world = World::new(true);
    world.login("dev");
    let (_, report, _) = world.doctor(
        "dev",
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "x"),
        ],
    );
    assert_check(
        &report,
        "env-overrides",
        "warn",
        "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY",
    );
}

#[test]
fn clock_skew() {
    let world = World::new(true);
    world.login("dev");
    world.emulator.set_faults(Faults {
        date_offset_secs: 3600,
        ..Faults::default()
    });
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert_check(&report, "clock-skew", "fail", "synchronise the clock");
    assert!(
        check(&report, "clock-skew")["skew_seconds"]
            .as_i64()
            .unwrap()
            < -3500
    );
}

#[test]
fn endpoint_down_fails_fast() {
    let world = World::new(true);
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = format!("http://{closed}");
    let (code, report, secs) = world.doctor(
        "dev",
        &[
            ("AWS_ENDPOINT_URL_SSO_OIDC", &url),
            ("AWS_ENDPOINT_URL_SSO", &url),
        ],
    );
    assert_eq!(code, 1);
    assert!(secs < BOUND_SECS, "{secs}s");
    assert_check(&report, "endpoint-reachable", "fail", "HTTPS_PROXY");
    assert_check(&report, "token-cache", "skip", "");
}

#[test]
fn server_errors_and_throttling() {
    let world = World::new(true);
    world.login("dev");
    world.emulator.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let (code, report, secs) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert!(secs < BOUND_SECS);
    assert_check(&report, "account-access", "fail", "server error");
    world.emulator.set_faults(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    });
    let (_, report, _) = world.doctor("dev", &[]);
    assert_check(&report, "account-access", "fail", "throttling");
}

#[test]
fn token_rewritten_by_botocore_after_its_refresh() {
    let world = World::new(true);
    world.login("dev");
    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("emu")));
    let mut token = world.token("emu");
    token.expires_at = cache::timestamp(ssolint::emulator::now() + 60);
    std::fs::write(&path, token.to_json()).unwrap();
    assert_eq!(world.botocore("dev", true)["refreshed"], true);
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_check(&report, "token-cache", "pass", "");
    assert_check(&report, "caller-identity", "pass", "");
}

#[test]
fn corrupt_cache_file() {
    let world = World::new(true);
    world.login("dev");
    let path = world
        .cache_dir()
        .join(format!("{}.json", cache::token_key("emu")));
    std::fs::write(&path, "{\"accessToken\": ").unwrap();
    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1);
    assert_check(&report, "token-cache", "fail", "rm ");
}

#[test]
fn text_output_puts_the_cause_and_fix_on_the_first_screen() {
    let world = World::new(true);
    let output = world
        .ssolint(&["doctor", "--profile", "dev"])
        .env("PATH", world.dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let first_screen: Vec<&str> = text.lines().take(40).collect();
    let first_screen = first_screen.join("\n");
    assert!(first_screen.contains("✗ token-cache"), "{text}");
    assert!(first_screen.contains("To fix:"), "{text}");
    assert!(
        first_screen.contains("1. token-cache: ssolint login --sso-session emu"),
        "{text}"
    );
}

#[test]
fn all_profiles_share_the_session_work() {
    let world = World::new(true);
    world.login("dev");
    let output = world
        .ssolint(&["doctor", "--all", "--format", "json", "--offline"])
        .env("PATH", world.dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let profiles: Vec<&str> = report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["profile"].as_str().unwrap())
        .collect();
    assert!(
        profiles.contains(&"dev") && profiles.contains(&"legacy"),
        "{profiles:?}"
    );
    assert!(
        !profiles.contains(&"broken"),
        "not an SSO profile it can diagnose: {profiles:?}"
    );
}

/// A token cache another local user can write into is refused, by login (nothing is
/// written) and by doctor (which names its mode and owner), as OpenSSH refuses a loose
/// `~/.ssh`.
#[test]
fn a_world_writable_token_cache_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let world = World::new(true);
    let cache_dir = world.cache_dir();
    std::fs::create_dir_all(&cache_dir).unwrap();
    std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let output = world
        .ssolint(&[
            "login",
            "--profile",
            "dev",
            "--use-device-code",
            "--no-browser",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("writable by everyone (mode 0777)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&cache_dir).unwrap().count(),
        0,
        "nothing written"
    );

    let (code, report, _) = world.doctor("dev", &[]);
    assert_eq!(code, 1, "{report:#}");
    let c = check(&report, "token-cache");
    assert_eq!(c["status"], "fail", "{c:#}");
    assert_eq!(c["directory_mode"], "0777", "{c:#}");
    assert!(c["remedy"].as_str().unwrap().contains("chmod 700"), "{c:#}");
    assert_check(&report, "account-access", "skip", "");

    // Once it is private again, login works.
    std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    world.login("dev");
}

/// With AWS CLI v1 installed: doctor says what v1 does (no IAM Identity Center, its profile
/// choice), offers `ssolint login` (v1 has no `aws sso login`) and the export-credentials
/// bridge.
#[test]
fn aws_cli_v1_gets_advice_it_can_follow() {
    use std::os::unix::fs::PermissionsExt;
    let world = World::new(true);
    let bin = world.dir.path().join("v1-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(
        &aws,
        "#!/bin/sh\necho 'aws-cli/1.32.0 Python/3.11.6 Linux/6.1 botocore/1.34.0' >&2\n",
    )
    .unwrap();
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = bin.to_str().unwrap();
    let (_, report, _) = world.doctor(
        "dev",
        &[
            ("PATH", path),
            ("AWS_PROFILE", "dev"),
            ("AWS_DEFAULT_PROFILE", "legacy"),
        ],
    );
    let cli = check(&report, "aws-cli");
    assert_eq!(cli["status"], "warn", "{cli:#}");
    assert!(
        cli["summary"].as_str().unwrap().contains("version 1"),
        "{cli:#}"
    );
    assert!(
        cli["detail"]
            .to_string()
            .contains("AWS_DEFAULT_PROFILE (`legacy`) before AWS_PROFILE"),
        "{cli:#}"
    );
    assert!(
        cli["remedy"]
            .as_str()
            .unwrap()
            .contains("ssolint export-credentials --profile dev")
    );
    // No sign-in yet: the remedy is one v1 users can run.
    let token = check(&report, "token-cache");
    let remedy = token["remedy"].as_str().unwrap_or_default();
    assert!(
        remedy.contains("ssolint login --sso-session emu"),
        "{token:#}"
    );
    assert!(!remedy.contains("aws sso login"), "{token:#}");
}
