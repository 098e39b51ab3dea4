//! A temporary home with a config file, an emulator, and helpers to run ssolint and
//! botocore against them (login and doctor tests).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use ssolint::aws::cache::{self, TokenFile};
use ssolint::emulator::org::default_org;
use ssolint::emulator::{Emulator, Options};

pub const CONFIG: &str = "\
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

pub struct World {
    pub emulator: Emulator,
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new(auto_approve: bool) -> World {
        World::with_org(default_org(), auto_approve)
    }

    /// A world whose emulator serves `org`.
    pub fn with_org(org: ssolint::emulator::org::OrgFile, auto_approve: bool) -> World {
        let emulator = Emulator::start(
            org,
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

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn cache_dir(&self) -> PathBuf {
        cache::token_dir(&self.home())
    }

    pub fn env(&self, command: &mut Command) {
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

    pub fn ssolint(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ssolint"));
        command.args(args);
        self.env(&mut command);
        command
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.ssolint(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// botocore's view: {"arn", "key_prefix"} or {"error"}.
    pub fn botocore(&self, profile: &str, refresh: bool) -> serde_json::Value {
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

    pub fn token(&self, key: &str) -> TokenFile {
        let path = self
            .cache_dir()
            .join(format!("{}.json", cache::token_key(key)));
        TokenFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }
}

/// GET (or POST a form to) a URL; returns status, the Location header, body.
pub fn http(method: &str, url: &str, form: &str) -> (u16, Option<String>, String) {
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
pub fn read_until(child: &mut Child, pick: impl Fn(&str) -> bool) -> (String, Vec<String>) {
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

pub fn finish(mut child: Child, mut seen: Vec<String>) -> (i32, String) {
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

impl World {
    /// A signed-in session: a device-code login, approved at once (auto-approve emulators).
    pub fn login(&self, profile: &str) {
        let (code, output) = finish(
            self.spawn(&[
                "login",
                "--profile",
                profile,
                "--use-device-code",
                "--no-browser",
            ]),
            vec![],
        );
        assert_eq!(code, 0, "{output}");
    }

    /// `ssolint doctor --format json` for a profile: (exit status, the JSON, seconds taken).
    pub fn doctor(
        &self,
        profile: &str,
        extra_env: &[(&str, &str)],
    ) -> (i32, serde_json::Value, f64) {
        let empty_path = self.dir.path().join("empty-path");
        std::fs::create_dir_all(&empty_path).unwrap();
        let mut command = self.ssolint(&["doctor", "--profile", profile, "--format", "json"]);
        // No `aws` on PATH: the aws-cli check must not depend on the machine.
        command.env("PATH", &empty_path);
        for (k, v) in extra_env {
            command.env(k, v);
        }
        let started = std::time::Instant::now();
        let output = command.output().unwrap();
        let elapsed = started.elapsed().as_secs_f64();
        let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{e}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap_or(-1), json, elapsed)
    }
}

/// The check with this id in a doctor JSON report.
pub fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#}"))
}
