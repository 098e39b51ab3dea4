//! Every local check in process, against a fake machine: no files, no PATH, no clock of
//! the real machine's. (The network checks run against the emulator in `tests/doctor.rs`.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::aws::cache;
use crate::aws::http::{Http, HttpOptions};
use crate::doctor::state::{Doctor, Shared};
use crate::doctor::{
    self, Check, CheckId, Diagnosis, Environment, Fact, FileInput, Inputs, Status,
};
use crate::files::DirState;

const NOW: u64 = 1_800_000_000;
const HOME: &str = "/home/dev";

/// A machine made of maps.
#[derive(Default)]
struct Fake {
    vars: HashMap<&'static str, String>,
    files: HashMap<PathBuf, String>,
    modes: HashMap<PathBuf, u32>,
    unsafe_dir: Option<String>,
    aws: Option<&'static str>,
}

impl Environment for Fake {
    fn now(&self) -> u64 {
        NOW
    }
    fn var(&self, key: &str) -> Option<String> {
        self.vars.get(key).cloned()
    }
    fn read(&self, path: &Path) -> Option<String> {
        self.files.get(path).cloned()
    }
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect();
        out.sort();
        out
    }
    fn file_mode(&self, path: &Path) -> Option<u32> {
        self.modes.get(path).copied()
    }
    fn dir_state(&self, _: &Path) -> Option<DirState> {
        Some(DirState {
            mode: 0o700,
            uid: 1000,
            owned_by_us: true,
        })
    }
    fn unsafe_dir(&self, _: &Path) -> Option<String> {
        self.unsafe_dir.clone()
    }
    fn aws_version_output(&self) -> Option<String> {
        self.aws.map(str::to_string)
    }
}

const SESSION_CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n";

fn token_path(key: &str) -> PathBuf {
    cache::token_dir(Path::new(HOME)).join(format!("{}.json", cache::token_key(key)))
}

fn token_json(expires: u64, refreshable: bool) -> String {
    let mut token = serde_json::json!({
        "startUrl": "https://corp.awsapps.com/start",
        "region": "eu-west-1",
        "accessToken": "at",
        "expiresAt": cache::timestamp(expires),
    });
    if refreshable {
        token["refreshToken"] = "rt".into();
        token["clientId"] = "id".into();
        token["clientSecret"] = "secret".into();
        token["registrationExpiresAt"] = cache::timestamp(NOW + 86_400).into();
    }
    token.to_string()
}

fn file(path: &str, text: Option<&str>) -> FileInput {
    FileInput {
        path: PathBuf::from(path),
        text: Ok(text.map(str::to_string)),
        from_env: false,
        mode: Some(0o600),
    }
}

/// `doctor --offline --profile PROFILE` on the fake machine.
fn diagnose(env: &Fake, config: &str, profile: &str) -> Diagnosis {
    diagnose_files(env, file("/home/dev/.aws/config", Some(config)), profile)
}

fn diagnose_files(env: &Fake, config: FileInput, profile: &str) -> Diagnosis {
    let http = Http::new(&HttpOptions::default()).unwrap();
    let mut inputs = Inputs {
        environment: env,
        config,
        credentials: file("/home/dev/.aws/credentials", None),
        home: PathBuf::from(HOME),
        profile_arg: Some(profile.to_string()),
        offline: true,
        login: false,
        login_output: None,
    };
    doctor::run(&mut inputs, &http, false).remove(0)
}

fn get(d: &Diagnosis, id: CheckId) -> &Check {
    d.check(id).unwrap()
}

fn statuses(d: &Diagnosis) -> Vec<(&'static str, Status)> {
    d.checks.iter().map(|c| (c.id.name(), c.status)).collect()
}

#[test]
fn a_healthy_session_profile_passes_every_local_check() {
    let mut env = Fake::default();
    env.files
        .insert(token_path("corp"), token_json(NOW + 3600, true));
    env.aws = Some("aws-cli/2.31.0 Python/3.13 Linux/6.1");
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    use Status::*;
    assert_eq!(
        statuses(&d),
        [
            ("config-parse", Pass),
            ("profile-resolve", Pass),
            ("config-lint", Pass),
            ("env-overrides", Pass),
            ("aws-cli", Pass),
            ("start-url", Pass),
            ("endpoint-reachable", Skip),
            ("clock-skew", Skip),
            ("token-cache", Pass),
            ("token-refresh", Skip),
            ("account-access", Skip),
            ("role-access", Skip),
            ("role-credentials", Skip),
            ("caller-identity", Skip),
        ]
    );
    assert!(!d.failed());
    assert_eq!(get(&d, CheckId::TokenRefresh).summary, "skipped: --offline");
    let resolve = get(&d, CheckId::ProfileResolve);
    assert!(
        resolve
            .facts
            .contains(&Fact::ProfileKind(doctor::ProfileKind::SsoSession))
    );
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(
        token.summary,
        "token valid for 60 more minute(s), refreshable"
    );
    assert!(token.facts.contains(&Fact::Refreshable(true)));
    assert!(token.facts.contains(&Fact::DirectoryMode(0o700)));
    assert!(
        get(&d, CheckId::StartUrl)
            .facts
            .contains(&Fact::AwsOwned(true))
    );
    assert_eq!(
        get(&d, CheckId::AwsCli).facts,
        [Fact::AwsCliVersion("2.31.0".into())]
    );
}

#[test]
fn unreadable_or_refused_files_stop_all_but_the_machine_checks() {
    let env = Fake::default();
    let unreadable = FileInput {
        text: Err("permission denied".into()),
        ..file("/home/dev/.aws/config", None)
    };
    let d = diagnose_files(&env, unreadable, "dev");
    let parse = get(&d, CheckId::ConfigParse);
    assert_eq!(parse.status, Status::Fail);
    assert_eq!(
        parse.detail,
        [
            "permission denied",
            "credentials: /home/dev/.aws/credentials does not exist"
        ]
    );
    for check in &d.checks[1..] {
        let expected = match check.id {
            CheckId::EnvOverrides => Status::Pass,
            CheckId::AwsCli => Status::Skip,
            _ => Status::Skip,
        };
        assert_eq!(check.status, expected, "{}", check.id.name());
    }
    assert_eq!(
        get(&d, CheckId::StartUrl).summary,
        "skipped: the files do not parse"
    );
    // A line botocore refuses fails the parse check, naming the tools.
    let d = diagnose(&env, "[profile dev]\nregion\n", "dev");
    let parse = get(&d, CheckId::ConfigParse);
    assert_eq!(parse.status, Status::Fail);
    assert!(
        parse.summary.contains("refuse these files"),
        "{}",
        parse.summary
    );
}

#[test]
fn a_missing_profile_is_named_with_its_closest_spelling() {
    let d = diagnose(&Fake::default(), SESSION_CONFIG, "deb");
    let resolve = get(&d, CheckId::ProfileResolve);
    assert_eq!(resolve.status, Status::Fail);
    assert!(
        resolve.summary.contains("(did you mean `dev`?)"),
        "{}",
        resolve.summary
    );
    assert_eq!(
        get(&d, CheckId::ConfigLint).summary,
        "skipped: the profile does not exist"
    );
}

#[test]
fn a_profile_without_sso_skips_every_sso_check() {
    let d = diagnose(
        &Fake::default(),
        "[profile keys]\nregion = us-east-1\n",
        "keys",
    );
    assert_eq!(get(&d, CheckId::ProfileResolve).status, Status::Pass);
    for check in d.checks.iter().filter(|c| c.id.needs_sso()) {
        assert_eq!(check.summary, "skipped: not an IAM Identity Center profile");
    }
}

#[test]
fn a_legacy_profile_is_linted_and_its_token_never_refreshes() {
    let legacy = "[profile old]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n";
    let mut env = Fake::default();
    env.files.insert(
        token_path("https://corp.awsapps.com/start"),
        token_json(NOW - 600, false),
    );
    let d = diagnose(&env, legacy, "old");
    let lint = get(&d, CheckId::ConfigLint);
    assert_eq!(lint.status, Status::Warn);
    assert!(
        lint.facts.contains(&Fact::Codes(vec!["S001"])),
        "{:?}",
        lint.facts
    );
    assert!(
        lint.remedy
            .as_deref()
            .unwrap()
            .starts_with("ssolint migrate --write")
    );
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(token.status, Status::Fail);
    assert!(
        token
            .summary
            .ends_with("cannot be refreshed: legacy tokens are never refreshed"),
        "{}",
        token.summary
    );
    assert_eq!(token.remedy.as_deref(), Some("ssolint login --profile old"));
}

#[test]
fn the_token_cache_states() {
    // Missing: the login command, with `aws sso login` only when the CLI has it.
    let mut env = Fake::default();
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(token.status, Status::Fail);
    assert_eq!(
        token.remedy.as_deref(),
        Some("ssolint login --sso-session corp")
    );
    env.aws = Some("aws-cli/2.15.0 Python/3.11");
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    assert!(
        get(&d, CheckId::TokenCache)
            .remedy
            .as_deref()
            .unwrap()
            .contains("aws sso login --sso-session corp")
    );
    // Corrupt.
    env.files.insert(token_path("corp"), "{not json".into());
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    assert!(
        get(&d, CheckId::TokenCache)
            .summary
            .contains("is not a valid token file")
    );
    // Readable by others, with a stale token of another spelling beside it.
    env.files
        .insert(token_path("corp"), token_json(NOW + 3600, true));
    env.modes.insert(token_path("corp"), 0o644);
    env.files.insert(
        token_path("https://corp.awsapps.com/start"),
        token_json(NOW - 60, false),
    );
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(token.status, Status::Warn);
    assert_eq!(
        token.remedy,
        Some(format!("chmod 600 {}", token_path("corp").display()))
    );
    assert!(
        token
            .detail
            .iter()
            .any(|l| l.starts_with("1 other cached token(s)")),
        "{:?}",
        token.detail
    );
    // Expired but refreshable: a warning that token-refresh handles.
    env.modes.clear();
    env.files
        .insert(token_path("corp"), token_json(NOW - 120, true));
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(token.status, Status::Warn);
    assert!(token.summary.contains("it can be refreshed"));
    // A cache directory others can write: refused.
    env.unsafe_dir = Some("~/.aws/sso/cache is writable by others".into());
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let token = get(&d, CheckId::TokenCache);
    assert_eq!(token.status, Status::Fail);
    assert!(token.remedy.as_deref().unwrap().starts_with("chmod 700 "));
}

#[test]
fn environment_overrides_are_warned_about() {
    let mut env = Fake::default();
    env.vars.insert("AWS_ACCESS_KEY_ID", "AKIA".into());
    env.vars.insert("AWS_PROFILE", "dev".into());
    env.vars.insert("AWS_DEFAULT_PROFILE", "prod".into());
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let check = get(&d, CheckId::EnvOverrides);
    assert_eq!(check.status, Status::Warn);
    assert_eq!(check.remedy.as_deref(), Some("unset AWS_ACCESS_KEY_ID"));
    assert!(check.detail[0].contains("the AWS CLI uses `dev`, boto3 uses `prod`"));
}

#[test]
fn old_aws_clis_get_advice_they_can_follow() {
    let mut env = Fake {
        aws: Some("aws-cli/1.32.0 Python/3.8"),
        ..Fake::default()
    };
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    let check = get(&d, CheckId::AwsCli);
    assert_eq!(check.status, Status::Warn);
    assert!(
        check
            .remedy
            .as_deref()
            .unwrap()
            .contains("credential_process = ssolint export-credentials --profile dev")
    );
    env.aws = Some("aws-cli/2.5.0 Python/3.9");
    let d = diagnose(&env, SESSION_CONFIG, "dev");
    assert_eq!(
        get(&d, CheckId::AwsCli).summary,
        "AWS CLI 2.5.0 predates sso-session support (2.9)"
    );
    // No AWS CLI is no problem.
    let d = diagnose(&Fake::default(), SESSION_CONFIG, "dev");
    assert_eq!(get(&d, CheckId::AwsCli).status, Status::Skip);
}

#[test]
fn start_urls_that_break_a_tool() {
    let with_url = |url: &str, region: &str| {
        SESSION_CONFIG
            .replace("https://corp.awsapps.com/start", url)
            .replace("eu-west-1", region)
    };
    let env = Fake::default();
    let d = diagnose(
        &env,
        &with_url("http://corp.awsapps.com/start", "eu-west-1"),
        "dev",
    );
    let check = get(&d, CheckId::StartUrl);
    assert_eq!(check.status, Status::Fail);
    assert_eq!(
        check.remedy.as_deref(),
        Some("use https://corp.awsapps.com/start")
    );
    assert_eq!(
        get(&d, CheckId::TokenCache).summary,
        "skipped: the start URL is not https"
    );
    let d = diagnose(
        &env,
        &with_url("https://sso.example.com/start", "eu-west-1"),
        "dev",
    );
    let check = get(&d, CheckId::StartUrl);
    assert_eq!(check.status, Status::Warn);
    assert!(check.facts.contains(&Fact::AwsOwned(false)));
    let d = diagnose(
        &env,
        &with_url("https://corp.awsapps.com/start", "eu-west-1/x"),
        "dev",
    );
    assert_eq!(get(&d, CheckId::StartUrl).status, Status::Fail);
}

/// token-refresh's local paths, with the chain's state set by hand (online, no request
/// made: the token is fresh, or legacy).
#[test]
fn token_refresh_is_needed_only_inside_the_window() {
    let http = Http::new(&HttpOptions::default()).unwrap();
    let env = Fake::default();
    let (config, _) =
        crate::model::load(crate::syntax::Dialect::Botocore, Some(SESSION_CONFIG), None);
    let mut inputs = Inputs {
        environment: &env,
        config: file("/home/dev/.aws/config", Some(SESSION_CONFIG)),
        credentials: file("/home/dev/.aws/credentials", None),
        home: PathBuf::from(HOME),
        profile_arg: None,
        offline: false,
        login: false,
        login_output: None,
    };
    let mut shared = Shared::default();
    let sso = crate::doctor::chain::sso_of(&config, "dev")
        .unwrap()
        .unwrap();
    let mut run = |token: Option<String>, sso: crate::doctor::chain::Sso| {
        let mut d = Doctor {
            inputs: &mut inputs,
            http: &http,
            config: &config,
            config_text: Some(SESSION_CONFIG),
            credentials_text: None,
            shared: &mut shared,
            profile: "dev".into(),
            stopped: None,
            sso: Some(sso),
            server_date: None,
            token: token.and_then(|t| cache::TokenFile::parse(&t)),
            access_token: None,
            role_credentials: None,
        };
        let check = crate::doctor::checks::token::token_refresh(&mut d);
        (check, d.access_token.clone(), d.stopped.clone())
    };
    let (check, access, stopped) = run(Some(token_json(NOW + 3600, true)), sso.clone());
    assert_eq!(check.summary, "not needed: more than 15 minutes left");
    assert_eq!((access.as_deref(), stopped), (Some("at"), None));
    // Shared with the next profile of the same session.
    let (check, access, _) = run(None, sso.clone());
    assert_eq!(check.summary, "skipped: no token");
    assert_eq!(access, None);
    let (check, access, _) = run(Some(token_json(NOW + 3600, true)), sso.clone());
    assert_eq!(check.summary, "skipped: done for this session already");
    assert_eq!(access.as_deref(), Some("at"));
    // A legacy token inside the window is used while it lasts, never refreshed.
    let legacy = crate::doctor::chain::Sso {
        session: None,
        ..sso
    };
    let (check, access, stopped) = run(Some(token_json(NOW - 1, false)), legacy);
    assert_eq!(check.summary, "skipped: legacy tokens are never refreshed");
    assert_eq!(
        (access, stopped.as_deref()),
        (None, Some("no usable token"))
    );
}
