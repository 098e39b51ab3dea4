//! `ssolint migrate`: reviewed diffs per fixture, equivalence under botocore itself on
//! fixtures and generated configs, losslessness, idempotence, and the command line.

mod common;

use std::path::Path;
use std::process::Command;

use common::generate::{Rng, mixed_sso_config};
use serde_json::Value;
use ssolint::fix::migrate::{self, Options};
use ssolint::lint::{self, Input, Settings};

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrate");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "config"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn migrated(text: &str) -> (migrate::Plan, String) {
    let plan = migrate::plan(text, &Options::default()).unwrap();
    let after = migrate::apply(text, &plan);
    (plan, after)
}

#[test]
fn fixture_diffs_snapshot() {
    for (name, text) in fixtures() {
        let (plan, after) = migrated(&text);
        let diff = ssolint::fix::edits_diff(&name, &text, &plan.edits).unwrap_or_default();
        assert_eq!(diff.is_empty(), after == text, "{name}");
        let created: Vec<String> = plan
            .created
            .iter()
            .map(|c| {
                format!(
                    "{} = ({}, {}) for {:?}",
                    c.name, c.start_url, c.region, c.profiles
                )
            })
            .collect();
        let report = format!(
            "{diff}--- plan ---\nmigrated: {:?}\ncleaned: {:?}\ncreated: {created:#?}\nreused: {:?}\nskipped: {:#?}\n",
            plan.migrated, plan.cleaned, plan.reused, plan.skipped
        );
        insta::with_settings!({
            snapshot_path => "../snapshots/migrate",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), report);
        });
    }
}

/// The lines of `before` that are not SSO lines appear in `after`, in order, unchanged
/// (terminators included).
fn assert_lossless(name: &str, before: &str, after: &str) {
    let is_sso_line = |l: &str| {
        let key = l.split(['=', ':']).next().unwrap_or("").trim();
        [
            "sso_start_url",
            "sso_region",
            "sso_registration_scopes",
            "sso_session",
        ]
        .contains(&key)
    };
    let mut rest = after.split_inclusive(['\n']).peekable();
    for line in before.split_inclusive('\n').filter(|l| !is_sso_line(l)) {
        loop {
            match rest.next() {
                Some(l) if l == line => break,
                // The last line may have lost its missing-terminator status only if we added
                // lines after it, which the migration never does.
                Some(_) => continue,
                None => panic!("{name}: line {line:?} is missing or out of order after migration"),
            }
        }
    }
}

#[test]
fn migration_is_lossless_idempotent_and_leaves_no_legacy_profile() {
    let mut rng = Rng::new(20261123);
    let mut cases = fixtures();
    for i in 0..40 {
        cases.push((
            format!("generated-{i}"),
            mixed_sso_config(&mut rng, 5 + i * 3),
        ));
    }
    for (name, text) in &cases {
        let (plan, after) = migrated(text);
        assert_lossless(name, text, &after);
        if text.contains("\r\n") && !text.replace("\r\n", "").contains('\n') {
            assert!(
                !after.replace("\r\n", "").contains('\n'),
                "{name}: a CRLF file got LF lines"
            );
        }
        let (again, after_again) = migrated(&after);
        assert!(
            again.is_empty(),
            "{name}: a second run changes {:?}",
            again.edits
        );
        assert_eq!(after_again, after, "{name}");
        let report = lint::check(
            &Input {
                config: Some(&after),
                ..Input::default()
            },
            &Settings::new(
                &Default::default(),
                Some(&["S001".into(), "S007".into()]),
                &[],
            )
            .unwrap(),
        );
        let skipped: Vec<&str> = plan.skipped.iter().map(|s| s.profile.as_str()).collect();
        for d in &report.diagnostics {
            assert!(
                skipped
                    .iter()
                    .any(|s| d.message.contains(&format!("`{s}`"))),
                "{name}: {} {} remains after migration",
                d.rule.code,
                d.message
            );
        }
    }
}

fn python() -> String {
    std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// botocore's own view of each file: profiles' SSO settings and full config.
fn botocore_views(dir: &Path, texts: &[&str]) -> Vec<Value> {
    let mut manifest = String::new();
    for (i, text) in texts.iter().enumerate() {
        let path = dir.join(format!("{i}.config"));
        std::fs::write(&path, text).unwrap();
        manifest.push_str(&format!("{}\n", path.display()));
    }
    let manifest_path = dir.join("manifest.txt");
    std::fs::write(&manifest_path, manifest).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_sso_config.py");
    let output = Command::new(python())
        .arg(script)
        .arg(&manifest_path)
        .env("PYTHONUTF8", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; install Python 3 and `python3 -m pip install -r tests/requirements.txt`", python()));
    assert!(
        output.status.success(),
        "botocore is required for this test: `python3 -m pip install -r tests/requirements.txt`\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), texts.len() + 1);
    lines
}

/// What migration may change in a profile's own settings: the SSO keys that move.
fn without_moved_keys(config: &Value) -> Value {
    let mut config = config.clone();
    if let Some(map) = config.as_object_mut() {
        for key in [
            "sso_start_url",
            "sso_region",
            "sso_session",
            "sso_registration_scopes",
        ] {
            map.remove(key);
        }
    }
    config
}

#[test]
fn botocore_resolves_every_profile_identically_after_migration() {
    let mut rng = Rng::new(7);
    let mut befores: Vec<(String, String)> = fixtures();
    for i in 0..60 {
        befores.push((
            format!("generated-{i}"),
            mixed_sso_config(&mut rng, 3 + i * 2),
        ));
    }
    // Several large ones: hundreds to thousands of profiles.
    for n in [300, 1000, 2500] {
        befores.push((format!("generated-{n}"), mixed_sso_config(&mut rng, n)));
    }
    let afters: Vec<String> = befores.iter().map(|(_, t)| migrated(t).1).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut texts: Vec<&str> = befores.iter().map(|(_, t)| t.as_str()).collect();
    texts.extend(afters.iter().map(String::as_str));
    let views = botocore_views(dir.path(), &texts);
    eprintln!("compared with botocore {}", views[texts.len()]["botocore"]);
    let mut profiles_checked = 0;
    for (i, (name, _)) in befores.iter().enumerate() {
        let (before, after) = (&views[i], &views[befores.len() + i]);
        assert!(
            before.get("error").is_none(),
            "{name}: fixture must load: {before}"
        );
        assert!(
            after.get("error").is_none(),
            "{name}: botocore refuses the migrated file: {after}"
        );
        let before_profiles = before["profiles"].as_object().unwrap();
        let after_profiles = after["profiles"].as_object().unwrap();
        assert_eq!(
            before_profiles.keys().collect::<Vec<_>>(),
            after_profiles.keys().collect::<Vec<_>>(),
            "{name}: profiles"
        );
        for (profile, b) in before_profiles {
            let a = &after_profiles[profile];
            // The resolved account, role, start URL and region (`sso_session` is new; the
            // start URL compared as the portal it names: spellings of one portal share a
            // session, and the session keeps one of them).
            let sso = |v: &Value| {
                let mut v = v["sso"].clone();
                if let Some(map) = v.as_object_mut() {
                    map.remove("sso_session");
                    if let Some(Value::String(url)) = map.get_mut("sso_start_url") {
                        *url = ssolint::model::portal_key(url);
                    }
                }
                v
            };
            assert_eq!(
                sso(b),
                sso(a),
                "{name}: profile {profile}: account, role, start URL and region"
            );
            assert_eq!(
                without_moved_keys(&b["config"]),
                without_moved_keys(&a["config"]),
                "{name}: profile {profile}: other keys"
            );
            profiles_checked += 1;
        }
        // Existing sessions are never altered.
        for (session, value) in before["sso_sessions"].as_object().unwrap() {
            assert_eq!(
                &after["sso_sessions"][session], value,
                "{name}: session {session} changed"
            );
        }
    }
    assert!(profiles_checked > 4000, "{profiles_checked}");
}

#[test]
fn session_names_from_portals() {
    for (url, name) in [
        ("https://acme.awsapps.com/start", "acme"),
        ("https://d-9067aaaaaa.awsapps.com/start#/", "d-9067aaaaaa"),
        (
            "https://start.us-gov-home.awsapps.com/directory/acme-gov",
            "acme-gov",
        ),
        ("https://start.home.awsapps.cn/directory/acme-cn", "acme-cn"),
        (
            "https://identitycenter.amazonaws.com/ssoins-1234567890abcdef",
            "ssoins-1234567890abcdef",
        ),
        (
            "https://ssoins-72234a5cb2a6d4b9.portal.us-east-1.app.aws",
            "ssoins-72234a5cb2a6d4b9",
        ),
        ("https://sso.example.com/start", "example"),
        ("not a url", "sso"),
    ] {
        assert_eq!(migrate::base_name(url), name, "{url}");
    }
}

#[test]
fn session_name_option_and_refusals() {
    let text = "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\n";
    let options = Options {
        session_names: vec![("https://acme.awsapps.com/start".into(), "corp".into())],
    };
    let plan = migrate::plan(text, &options).unwrap();
    assert_eq!(plan.created[0].name, "corp");
    let bad = Options {
        session_names: vec![("https://acme.awsapps.com/start".into(), "my corp".into())],
    };
    assert!(matches!(
        migrate::plan(text, &bad),
        Err(migrate::Refusal::BadSessionName { .. })
    ));
    let taken = format!(
        "[sso-session corp]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n\n{text}"
    );
    let err = migrate::plan(&taken, &options).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(matches!(
        migrate::plan("[a]\nx = 1\n[a]\n", &Options::default()),
        Err(migrate::Refusal::Unreadable { .. })
    ));
    assert!(matches!(
        migrate::plan(
            &format!("[DEFAULT]\nregion = us-east-1\n{text}"),
            &Options::default()
        ),
        Err(migrate::Refusal::DefaultsSection)
    ));
}

fn ssolint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ssolint"))
        .args(args)
        .env("HOME", "/nonexistent")
        .env_remove("AWS_CONFIG_FILE")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn cli_previews_checks_and_writes_safely() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real-config");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/migrate/comments-between-keys.config"),
    )
    .unwrap();
    std::fs::write(&target, &text).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("config");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let link_arg = link.to_str().unwrap();

    let preview = ssolint(&["migrate", link_arg, "--color", "never"]);
    assert_eq!(preview.status.code(), Some(0));
    let stdout = String::from_utf8(preview.stdout).unwrap();
    assert!(stdout.contains("+[sso-session acme]"), "{stdout}");
    assert!(String::from_utf8_lossy(&preview.stderr).contains("nothing written"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);

    assert_eq!(
        ssolint(&["migrate", link_arg, "--check"]).status.code(),
        Some(1)
    );

    let write = ssolint(&["migrate", link_arg, "--write", "--color", "never"]);
    assert_eq!(write.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&write.stderr);
    assert!(
        stderr.contains("ssolint login --sso-session acme"),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, migrated(&text).1);
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real-config.ssolint.bak")).unwrap(),
        text
    );
    // Migrated: nothing more to do.
    assert_eq!(
        ssolint(&["migrate", link_arg, "--check"]).status.code(),
        Some(0)
    );
    let broken = dir.path().join("broken");
    std::fs::write(&broken, "[a]\n[a]\n").unwrap();
    assert_eq!(
        ssolint(&["migrate", broken.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
}

/// The pre-commit hooks' commands work on the files pre-commit passes (several at once).
#[test]
fn pre_commit_hook_entries_run() {
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("config");
    std::fs::write(&legacy, "[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\n").unwrap();
    let modern = dir.path().join("other-config");
    std::fs::write(&modern, "[profile b]\nregion = eu-west-1\n").unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .collect();
    assert_eq!(entries.len(), 2);
    for entry in entries {
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("ssolint"));
        let mut args: Vec<&str> = words.collect();
        args.push(legacy.to_str().unwrap());
        args.push(modern.to_str().unwrap());
        let output = ssolint(&args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{entry}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A `--session-name` that names nothing is said, not ignored; profile names in the summary
/// are quoted (`default` must not read as a word).
#[test]
fn unmatched_session_names_warn_and_names_are_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(
        &path,
        "[default]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    let out = ssolint(&[
        "migrate",
        path.to_str().unwrap(),
        "--session-name",
        "https://typo.awsapps.com/start=typo",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("--session-name https://typo.awsapps.com/start=typo: no legacy profile"),
        "{stderr}"
    );
    assert!(
        stderr.contains("existing [sso-session acme] now used by `default`"),
        "{stderr}"
    );
}

/// Spellings of one portal (`/start` and `/start/`, `#/`, the host's case) share one
/// session, the summary says which spelling was kept, and a reused session without
/// `sso_registration_scopes` gets them.
#[test]
fn spellings_of_one_portal_share_a_session_and_reused_sessions_get_scopes() {
    let text = "[profile a]\nsso_start_url = https://acme.awsapps.com/start/\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n\
                [profile b]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n\
                [profile c]\nsso_start_url = https://Other.awsapps.com/start#/\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = x\n\n\
                [sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n";
    let plan = ssolint::fix::migrate::plan(text, &Default::default()).unwrap();
    assert_eq!(plan.created.len(), 1, "{plan:?}");
    assert_eq!(plan.created[0].name, "acme");
    assert_eq!(plan.created[0].profiles, ["a", "b"]);
    assert_eq!(
        plan.created[0].other_spellings,
        ["https://acme.awsapps.com/start"]
    );
    assert_eq!(plan.reused.len(), 1);
    assert!(plan.reused[0].scopes_added);
    let after = ssolint::fix::migrate::apply(text, &plan);
    assert!(
        after.ends_with("sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"),
        "{after}"
    );
    let (config, _) = ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(&after), None);
    assert!(config.is_loadable());
    assert_eq!(config.profiles["c"].str("sso_session"), Some("other"));
    assert!(
        ssolint::fix::migrate::plan(&after, &Default::default())
            .unwrap()
            .is_empty()
    );
    // Nothing left for S011 (two sessions for one portal) to find.
    let report = ssolint::lint::check(
        &ssolint::lint::Input {
            config: Some(&after),
            ..Default::default()
        },
        &Default::default(),
    );
    assert!(
        !report.diagnostics.iter().any(|d| d.rule.code == "S011"),
        "{:?}",
        report.diagnostics
    );
}
