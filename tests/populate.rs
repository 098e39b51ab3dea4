//! `ssolint populate` against the emulator serving an org of 200 accounts × 3 roles
//! (paginated), on configs with hand-written profiles, comments and CRLF; botocore (real)
//! resolves what was written.

mod common;

use std::path::Path;
use std::process::Command;

use common::world::World;
use serde_json::Value;
use ssolint::emulator::org::{Account, Org, OrgFile, default_org};
use ssolint::fix::populate::{self, Assignment, MARKER};

const ROLES: [&str; 3] = ["AdministratorAccess", "ReadOnlyAccess", "Developer"];

fn big_org(accounts: usize) -> OrgFile {
    let mut org = default_org();
    org.orgs = vec![Org {
        accounts: (0..accounts)
            .map(|i| Account {
                id: format!("{:012}", 100_000_000_000u64 + i as u64),
                name: format!("Team {i} (prod)"),
                email: None,
                roles: ROLES.iter().map(|r| r.to_string()).collect(),
                users: None,
            })
            .collect(),
        ..default_org().orgs[0].clone()
    }];
    org
}

/// Hand-written profiles (one for an (account, role) the portal grants, one with a name the
/// template generates but for another account), comments, a legacy profile of another portal.
fn config(newline: &str) -> String {
    [
        "# my AWS config",
        "[default]",
        "region = eu-west-1",
        "",
        "[sso-session emu]",
        "sso_start_url = https://ssolint-emulator.awsapps.com/start",
        "sso_region = us-east-1",
        "sso_registration_scopes = sso:account:access",
        "",
        "# the one I use every day",
        "[profile mine]",
        "sso_session = emu",
        "sso_account_id = 100000000007",
        "sso_role_name = ReadOnlyAccess",
        "region = eu-central-1",
        "custom_key = kept",
        "",
        "[profile Team-3-prod-Developer]",
        "sso_session = emu",
        "sso_account_id = 999999999999",
        "sso_role_name = Other",
        "",
        "[profile elsewhere]",
        "sso_start_url = https://other.awsapps.com/start",
        "sso_region = eu-west-1",
        "sso_account_id = 123456789012",
        "sso_role_name = Admin",
        "",
    ]
    .join(newline)
}

fn populate(world: &World, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["populate", "--sso-session", "emu", "--color", "never"];
    args.extend_from_slice(extra);
    let out = world.ssolint(&args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// botocore's `SSOProvider` view of every profile of a config file.
fn botocore_sso(config: &Path) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("manifest");
    std::fs::write(&manifest, format!("{}\n", config.display())).unwrap();
    let python = std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_sso_config.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&manifest)
        .env("PYTHONUTF8", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8(out.stdout).unwrap();
    serde_json::from_str(first.lines().next().unwrap()).unwrap()
}

#[test]
fn populate_adds_every_assignment_then_changes_nothing_then_prunes() {
    for newline in ["\n", "\r\n"] {
        let world = World::with_org(big_org(200), true);
        let path = world.dir.path().join("config");
        let original = config(newline);
        std::fs::write(&path, &original).unwrap();

        // Preview: signs in (device code, auto-approved), lists 600 assignments, diffs.
        let (code, diff, stderr) = populate(&world, &["--use-device-code", "--no-browser"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(
                "grants 600 account/role assignment(s): 598 new profile(s), 1 already present"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains("profile `Team-3-prod-Developer` exists and is for something else"),
            "{stderr}"
        );
        // The diff is exactly the new profiles: nothing removed, 598 headers added.
        assert!(
            !diff
                .lines()
                .any(|l| l.starts_with('-') && !l.starts_with("---")),
            "{diff}"
        );
        assert_eq!(
            diff.lines().filter(|l| l.starts_with("+[profile ")).count(),
            598
        );
        assert_eq!(
            diff.lines()
                .filter(|l| l.starts_with(&format!("+{MARKER}")))
                .count(),
            598
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            original,
            "a preview writes nothing"
        );
        let (code, _, _) = populate(&world, &["--check", "--no-login"]);
        assert_eq!(code, 1, "--check: not current");

        // Write.
        let (code, _, stderr) =
            populate(&world, &["--write", "--no-login", "--region", "us-west-2"]);
        assert_eq!(code, 0, "{stderr}");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.starts_with(&original),
            "what was there is kept byte for byte"
        );
        assert!(
            !written.replace("\r\n", "").contains('\n') || newline == "\n",
            "CRLF kept"
        );

        // botocore signs every generated profile in to its account and role.
        let view = botocore_sso(&path);
        let profiles = view["profiles"].as_object().unwrap();
        let mut generated = 0;
        for i in 0..200 {
            for role in ROLES {
                let account = format!("{:012}", 100_000_000_000u64 + i as u64);
                let name = format!("Team-{i}-prod-{role}");
                if name == "Team-3-prod-Developer" || (i == 7 && role == "ReadOnlyAccess") {
                    continue;
                }
                let sso = &profiles[&name]["sso"];
                assert_eq!(sso["sso_account_id"], account.as_str(), "{name}: {sso}");
                assert_eq!(sso["sso_role_name"], role, "{name}");
                assert_eq!(
                    sso["sso_start_url"],
                    "https://ssolint-emulator.awsapps.com/start"
                );
                assert_eq!(sso["sso_region"], "us-east-1");
                assert_eq!(profiles[&name]["config"]["region"], "us-west-2");
                generated += 1;
            }
        }
        assert_eq!(generated, 598);
        // The hand-written profiles read as before.
        assert_eq!(profiles["mine"]["config"]["custom_key"], "kept");
        assert_eq!(
            profiles["Team-3-prod-Developer"]["sso"]["sso_account_id"],
            "999999999999"
        );

        // A second run changes nothing.
        let (code, diff, stderr) = populate(&world, &["--check", "--no-login"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(diff.is_empty(), "{diff}");
        assert!(
            stderr.contains("0 new profile(s), 599 already present"),
            "{stderr}"
        );

        // Assignments go away: 50 accounts removed, and one role everywhere.
        {
            let mut state = world.emulator.state();
            state.orgs[0].accounts.truncate(150);
            for account in &mut state.orgs[0].accounts {
                account.roles.retain(|r| r != "Developer");
            }
        }
        let (code, _, stderr) = populate(&world, &["--no-login"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("(remove them with --prune)"), "{stderr}");
        let (code, diff, stderr) = populate(&world, &["--prune", "--write", "--no-login"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            !diff
                .lines()
                .any(|l| l.starts_with('+') && !l.starts_with("+++")),
            "prune only removes: {diff}"
        );
        let pruned = std::fs::read_to_string(&path).unwrap();
        let (config, _) =
            ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(&pruned), None);
        assert!(config.is_loadable());
        for i in 0..200 {
            for role in ROLES {
                let name = format!("Team-{i}-prod-{role}");
                // Still granted, or hand-written.
                let should_stay =
                    (i < 150 && role != "Developer") || name == "Team-3-prod-Developer";
                if i == 7 && role == "ReadOnlyAccess" {
                    continue; // never generated: `mine` covers it
                }
                assert_eq!(
                    config.profiles.contains_key(name.as_str()),
                    should_stay,
                    "{name}"
                );
            }
        }
        assert!(config.profiles.contains_key("mine") && config.profiles.contains_key("elsewhere"));
        assert!(pruned.starts_with(&original), "hand-written text untouched");
        // And then it is current.
        let (code, _, _) = populate(&world, &["--prune", "--check", "--no-login"]);
        assert_eq!(code, 0);
    }
}

#[test]
fn json_plan_and_refusals() {
    let world = World::with_org(big_org(3), true);
    let path = world.dir.path().join("config");
    std::fs::write(&path, config("\n")).unwrap();
    world.login("mine");
    let (code, stdout, stderr) = populate(&world, &["--format", "json", "--no-login"]);
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["assignments"], 9);
    assert_eq!(plan["added"].as_array().unwrap().len(), 9);
    assert_eq!(
        plan["added"][0]["profile"],
        "Team-0-prod-AdministratorAccess"
    );
    assert_eq!(plan["collisions"].as_array().unwrap().len(), 0);
    // Templates that would give two assignments one name are refused.
    let (code, _, stderr) = populate(&world, &["--name", "{account_name}", "--no-login"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("{role_name}"), "{stderr}");
    // A legacy profile cannot be populated through.
    let out = world
        .ssolint(&["populate", "--profile", "elsewhere", "--no-login"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("legacy SSO profile"));
    // Without a token and with --no-login: says how to sign in.
    let fresh = World::with_org(big_org(1), true);
    std::fs::write(fresh.dir.path().join("config"), config("\n")).unwrap();
    let out = fresh
        .ssolint(&["populate", "--sso-session", "emu", "--no-login"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("ssolint login --sso-session emu"));
}

fn assignment(i: usize, role: &str) -> Assignment {
    Assignment {
        account_id: format!("{:012}", 100_000_000_000u64 + i as u64),
        account_name: format!("acct{i}"),
        role_name: role.into(),
    }
}

fn options() -> populate::Options {
    populate::Options {
        session: "emu".into(),
        template: populate::DEFAULT_TEMPLATE.into(),
        region: None,
        output: None,
        prune: true,
        adopt: false,
    }
}

/// Other tools' generated profiles are recognised and left alone; a file changed between
/// plan and write is refused.
#[test]
fn foreign_profiles_and_a_file_changed_before_the_write() {
    let text = "[sso-session emu]\nsso_start_url = https://ssolint-emulator.awsapps.com/start\nsso_region = us-east-1\n\n\
                [profile g]\nsso_start_url = https://ssolint-emulator.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 100000000000\nsso_role_name = Admin\ncommon_fate_generated_from = aws-sso\n\n\
                [profile u]\nsso_session = emu\nsso_account_id = 100000000001\nsso_role_name = Admin\nsso_auto_populated = true\n\n\
                # BEGIN_AWS_SSO_CLI\n[profile c]\nsso_session = emu\nsso_account_id = 100000000002\nsso_role_name = Admin\n# END_AWS_SSO_CLI\n";
    let assignments: Vec<Assignment> = (0..3).map(|i| assignment(i, "Admin")).collect();
    let plan = populate::plan(text, &assignments, &options()).unwrap();
    let tools: Vec<(&str, &str)> = plan.foreign.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    assert_eq!(
        tools,
        [
            ("g", "Granted"),
            ("u", "aws-sso-util"),
            ("c", "aws-sso-cli")
        ]
    );
    // `u` and `c` already sign in to their assignments through the session: reused.
    assert_eq!(plan.existing.len(), 2);
    assert_eq!(plan.added.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, text).unwrap();
    let after = populate::apply(text, &plan);
    std::fs::write(&path, format!("{text}[profile late]\nregion = x\n")).unwrap();
    let err = ssolint::files::replace(&path, text.as_bytes(), after.as_bytes()).unwrap_err();
    assert!(
        matches!(err, ssolint::files::WriteError::Changed { .. }),
        "{err}"
    );
}

/// Generated names are never overwritten or duplicated, and pruning never touches a
/// hand-written profile, on generated files (property: plans verify and are idempotent).
#[test]
fn plans_verify_on_generated_configs() {
    let mut rng = common::generate::Rng::new(0xB0B);
    for case in 0..300 {
        let mut text = String::from(
            "[sso-session emu]\nsso_start_url = https://ssolint-emulator.awsapps.com/start\nsso_region = us-east-1\n",
        );
        let granted: Vec<Assignment> = (0..rng.below(8))
            .flat_map(|i| ["Admin", "Dev"].map(|r| assignment(i, r)))
            .collect();
        for i in 0..rng.below(6) {
            match rng.below(3) {
                0 => text.push_str(&format!("\n[profile acct{i}-Admin]\nregion = x\n")),
                1 => text.push_str(&format!(
                    "\n[profile hand{i}]\nsso_session = emu\nsso_account_id = {:012}\nsso_role_name = Dev\n",
                    100_000_000_000u64 + i as u64
                )),
                _ => text.push_str(&format!("\n# note {i}\n[profile other{i}]\noutput = json\n")),
            }
        }
        let plan = populate::plan(&text, &granted, &options())
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{text}"));
        let after = populate::apply(&text, &plan);
        // Remove half the assignments and prune.
        let fewer: Vec<Assignment> = granted.iter().step_by(2).cloned().collect();
        let pruning = populate::plan(&after, &fewer, &options())
            .unwrap_or_else(|e| panic!("case {case} (prune): {e}\n{after}"));
        let pruned = populate::apply(&after, &pruning);
        assert!(
            pruned.starts_with(&text),
            "case {case}: hand-written text kept\n{text}\n---\n{pruned}"
        );
        let (config, _) =
            ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(&pruned), None);
        let (before, _) =
            ssolint::model::load(ssolint::syntax::Dialect::Botocore, Some(&text), None);
        for name in before.profiles.keys() {
            assert!(
                config.profiles.contains_key(name.as_ref()),
                "case {case}: hand-written `{name}` lost"
            );
        }
    }
}

/// `--adopt`: a legacy profile Granted generated for a granted assignment is migrated to the
/// session (migrate's checks), marked as ssolint's and loses Granted's marker key; botocore
/// signs it in to the same account and role; a later prune can remove it.
#[test]
fn adopt_takes_over_another_tools_profile_in_sso_session_form() {
    let world = World::with_org(big_org(2), true);
    let path = world.dir.path().join("config");
    let text = "[sso-session emu]\nsso_start_url = https://ssolint-emulator.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n\
                [profile granted-admin]\nsso_start_url = https://ssolint-emulator.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 100000000000\nsso_role_name = AdministratorAccess\ncommon_fate_generated_from = aws-sso\nregion = eu-west-1\n";
    std::fs::write(&path, text).unwrap();
    let (code, _, stderr) = populate(&world, &["--use-device-code", "--no-browser"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("generated by Granted; it is left as it is (`--adopt`"),
        "{stderr}"
    );
    let (code, _, stderr) = populate(&world, &["--adopt", "--write", "--no-login"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("migrated to sso-session `emu` before adopting: granted-admin"),
        "{stderr}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains(&format!(
            "{MARKER}\n[profile granted-admin]\nsso_session = emu\n"
        )),
        "{after}"
    );
    assert!(!after.contains("common_fate_generated_from"), "{after}");
    let view = botocore_sso(&path);
    let sso = &view["profiles"]["granted-admin"]["sso"];
    assert_eq!(sso["sso_account_id"], "100000000000");
    assert_eq!(sso["sso_role_name"], "AdministratorAccess");
    assert_eq!(sso["sso_session"], "emu");
    assert_eq!(
        view["profiles"]["granted-admin"]["config"]["region"],
        "eu-west-1"
    );
    let (code, diff, _) = populate(&world, &["--adopt", "--check", "--no-login"]);
    assert_eq!((code, diff.as_str()), (0, ""), "idempotent");
    // Now it is owned: pruned when its assignment goes.
    world.emulator.state().orgs[0].accounts.remove(0);
    let (code, _, stderr) = populate(&world, &["--prune", "--write", "--no-login"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("granted-admin")
    );
}
