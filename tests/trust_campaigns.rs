//! Campaigns (seeded, bounded) for the classes of bug that lose or corrupt data:
//! - `check` never panics, on 100 000 generated and mutated inputs;
//! - fixes (safe and unsafe) never make a file worse, on 2 000 quirky documents, judged by
//!   ssolint's readers and by real botocore: no reader refuses a file it accepted, no profile
//!   is lost, and fixing again changes nothing;
//! - migrations never make a file worse, on 2 000 quirky SSO configs, judged by real botocore:
//!   it still loads the file, every profile keeps its account, role, start URL and region,
//!   and migrating again changes nothing.

mod common;

use std::path::Path;
use std::process::Command;

use common::generate::{Rng, mixed_sso_config, random_document};
use serde_json::Value;
use ssolint::fix;
use ssolint::lint::settings::{Settings, SettingsFile};
use ssolint::lint::{self, Input};
use ssolint::model::reading::Reading;
use ssolint::syntax::Dialect;

/// Lines that have broken fixes and migrations before, mixed into generated documents.
const QUIRKS: &[&str] = &[
    "  [profile {n}]",
    "\t[profile {n}]",
    "sso_registration_scopes = sso:account:access",
    "  more-scopes",
    "regoin = us-east-1",
    "region = eu-west-1",
    "output = JSON",
    "[dev{n}]",
    "[profile dev{n}]",
    "  continued",
    "sso_start_url = https://acme.awsapps.com/start#ééé",
    "sso_start_url = https://acme.awsapps.com/start/",
    "sso_start_url = https://acme.awsapps.com/start # comment",
    "sso_region = us-east-1",
    "sso_region = us-east-1 ; c",
    "sso_account_id = 11112222333",
    "sso_account_id = 111122223333",
    "sso_role_name = Admin",
    "sso_session = acme",
    "sso_session = missing{n}",
    "[sso-session acme]",
    "[sso-session  acme]",
    "aws_secret_access_key = SEKRIT{n}",
    "  aws_session_token = x",
    "s3 =",
    "  max_concurrent_requests = 10",
    "output = jsn",
    "cli_pager =",
    "# ssolint: ignore[K001]",
    "# ssolint: ignore[S001]",
    "[profile {n}] junk",
    "[profile {n}",
    "key = value",
    "\u{feff}[default]",
    "region = x\u{1b}[2J",
];

fn quirky(rng: &mut Rng, base: String) -> String {
    let newline = if base.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = base.split(newline).map(str::to_string).collect();
    for _ in 0..1 + rng.below(5) {
        let at = rng.below(lines.len() + 1);
        let n = rng.below(4).to_string();
        lines.insert(at, rng.pick(QUIRKS).replace("{n}", &n));
    }
    lines.join(newline)
}

/// A byte-level mutation that stays UTF-8: delete, duplicate or swap a span.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return "[".into();
    }
    let a = rng.below(chars.len());
    let b = (a + 1 + rng.below(20)).min(chars.len());
    let mut out: Vec<char> = chars[..a].to_vec();
    match rng.below(4) {
        0 => {}
        1 => {
            out.extend(&chars[a..b]);
            out.extend(&chars[a..b]);
        }
        2 => out.extend(chars[a..b].iter().rev()),
        _ => out.extend("=[]#;:\t \r\n\"'".chars().nth(rng.below(12))),
    }
    out.extend(&chars[b..]);
    out.into_iter().collect()
}

fn all_rules() -> Settings {
    Settings::new(&SettingsFile::default(), Some(&["ALL".to_string()]), &[]).unwrap()
}

#[test]
fn check_never_panics_on_100_000_inputs() {
    let settings = [Settings::default(), all_rules()];
    let total = 100_000;
    let workers = 2;
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let settings = settings.clone();
            std::thread::spawn(move || {
                let mut panics = Vec::new();
                let mut rng = Rng::new(0x7357_0000 + w as u64);
                for i in (w..total).step_by(workers) {
                    let lines = 1 + rng.below(14);
                    let unique = rng.below(2) == 0;
                    let mut text = random_document(&mut rng, lines, unique);
                    if i % 3 == 0 {
                        text = quirky(&mut rng, text);
                    }
                    if i % 2 == 0 {
                        text = mutate(&mut rng, &text);
                    }
                    let credentials = (i % 5 == 0).then(|| quirky(&mut rng, String::new()));
                    let input = Input {
                        config: Some(&text),
                        credentials: credentials.as_deref(),
                        config_mode: Some(0o644),
                        credentials_mode: Some(0o600),
                    };
                    let s = &settings[i % 2];
                    // A rule's panic is contained by `check` (and named in `crashed`): both count.
                    let outcome = std::panic::catch_unwind(|| {
                        let report = lint::check(&input, s);
                        // The fix path too, for a tenth of them.
                        if i % 10 == 0 {
                            assert!(fix::fix(&input, s, true).report.crashed.is_empty());
                        }
                        report.crashed.is_empty()
                    });
                    if !matches!(outcome, Ok(true)) && panics.len() < 5 {
                        panics.push(text);
                    }
                }
                panics
            })
        })
        .collect();
    std::panic::set_hook(Box::new(|_| {}));
    let panics: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let _ = std::panic::take_hook();
    eprintln!("check: {total} inputs, {} panics", panics.len());
    assert!(panics.is_empty(), "inputs that panic: {panics:#?}");
}

/// botocore's verdict on each (config, credentials) pair: `Some(full_config)` or `None`
/// when it refuses the files. One Python process for the whole campaign.
fn botocore(pairs: &[(String, String)]) -> Vec<Option<Value>> {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::new();
    for (i, (config, credentials)) in pairs.iter().enumerate() {
        let (c, k) = (
            dir.path().join(format!("{i}.config")),
            dir.path().join(format!("{i}.cred")),
        );
        std::fs::write(&c, config).unwrap();
        std::fs::write(&k, credentials).unwrap();
        manifest.push_str(&format!("{}\t{}\n", c.display(), k.display()));
    }
    let manifest_path = dir.path().join("manifest");
    std::fs::write(&manifest_path, manifest).unwrap();
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_full_config.py");
    let python = std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .arg(script)
        .arg(&manifest_path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "botocore failed (needs `pip install -r tests/requirements.txt`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The last line names the botocore version.
    let version = lines.pop().expect("a version line");
    eprintln!("judged by botocore {}", version["botocore"]);
    assert_eq!(lines.len(), pairs.len());
    lines.into_iter().map(|v| v.get("ok").cloned()).collect()
}

fn profile_count(full_config: &Value) -> usize {
    full_config["profiles"].as_object().map_or(0, |p| p.len())
}

#[test]
fn fixes_never_make_a_file_worse() {
    let mut rng = Rng::new(0xF1_0000);
    let settings = all_rules();
    let cases = 2_000;
    let mut pairs = Vec::new();
    let (mut changed, mut dropped) = (0, 0);
    for i in 0..cases {
        let base = if i % 2 == 0 {
            let profiles = 1 + rng.below(6);
            mixed_sso_config(&mut rng, profiles)
        } else {
            let lines = 2 + rng.below(12);
            random_document(&mut rng, lines, true)
        };
        let config = quirky(&mut rng, base);
        let credentials = if i % 4 == 0 {
            quirky(
                &mut rng,
                "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE".into(),
            )
        } else {
            String::new()
        };
        let input = Input {
            config: Some(&config),
            credentials: Some(&credentials),
            ..Input::default()
        };
        let fixed = fix::fix(&input, &settings, true);
        dropped += fixed.dropped.len();
        let (after_config, after_credentials) = (
            fixed.config.clone().unwrap(),
            fixed.credentials.clone().unwrap(),
        );
        if after_config != config || after_credentials != credentials {
            changed += 1;
        }
        // ssolint's own readers.
        for dialect in [Dialect::Botocore, Dialect::Sdk] {
            let before = Reading::load(dialect, Some(&config), Some(&credentials));
            let after = Reading::load(dialect, Some(&after_config), Some(&after_credentials));
            assert!(
                before.refused || !after.refused,
                "{dialect:?} refuses the fixed file:\n{config}\n---\n{after_config}"
            );
            if !before.refused {
                assert!(
                    after.profiles.len() >= before.profiles.len(),
                    "{dialect:?} lost a profile:\n{config}\n---\n{after_config}"
                );
            }
        }
        // Idempotent: fixing the fixed files changes nothing more.
        let again = fix::fix(
            &Input {
                config: Some(&after_config),
                credentials: Some(&after_credentials),
                ..Input::default()
            },
            &settings,
            true,
        );
        if fixed.rounds < fix::MAX_ROUNDS {
            assert_eq!(
                again.config.as_deref(),
                Some(after_config.as_str()),
                "not idempotent:\n{config}"
            );
        }
        pairs.push((config, credentials));
        pairs.push((after_config, after_credentials));
    }
    // Real botocore.
    let verdicts = botocore(&pairs);
    let mut worse = Vec::new();
    for (i, pair) in verdicts.chunks(2).enumerate() {
        if let [Some(before), after] = pair {
            match after {
                None => worse.push(format!(
                    "botocore refuses the fixed file:\n{}\n---\n{}",
                    pairs[2 * i].0,
                    pairs[2 * i + 1].0
                )),
                Some(after) if profile_count(after) < profile_count(before) => {
                    worse.push(format!("botocore lost a profile:\n{}", pairs[2 * i].0))
                }
                _ => {}
            }
        }
    }
    eprintln!(
        "fix: {cases} cases, {changed} changed, {dropped} fixes dropped by verification, {} made worse",
        worse.len()
    );
    assert!(
        worse.is_empty(),
        "{}",
        worse[..worse.len().min(3)].join("\n=====\n")
    );
    assert!(changed > cases / 4, "the campaign exercises fixes");
}

/// A profile's (account, role, start URL, region) in botocore's `full_config`; the start URL
/// as the portal it names (spellings of one portal share one session after a migration).
fn sso_identity(full: &Value, profile: &Value) -> [Value; 4] {
    let get = |block: &Value, key: &str| block.get(key).cloned().unwrap_or(Value::Null);
    let session = profile
        .get("sso_session")
        .and_then(Value::as_str)
        .map(|name| {
            full["sso_sessions"]
                .get(name)
                .cloned()
                .unwrap_or(Value::Null)
        });
    let source = session.as_ref().unwrap_or(profile);
    [
        get(profile, "sso_account_id"),
        get(profile, "sso_role_name"),
        match get(source, "sso_start_url") {
            Value::String(url) => Value::String(ssolint::model::portal_key(&url)),
            other => other,
        },
        get(source, "sso_region"),
    ]
}

#[test]
fn migrations_never_make_a_file_worse() {
    let mut rng = Rng::new(0x316_0000);
    let cases = 2_000;
    let mut pairs = Vec::new();
    let (mut migrated, mut skipped, mut refused) = (0, 0, 0);
    while pairs.len() / 2 < cases && refused < 4 * cases {
        let profiles = 1 + rng.below(8);
        let base = mixed_sso_config(&mut rng, profiles);
        let config = if rng.below(4) == 0 {
            base
        } else {
            quirky(&mut rng, base)
        };
        let Ok(plan) = fix::migrate::plan(&config, &Default::default()) else {
            refused += 1; // Left alone (botocore refuses them too, or [DEFAULT]).
            continue;
        };
        skipped += plan.skipped.len();
        let after = fix::migrate::apply(&config, &plan);
        if after != config {
            migrated += 1;
        }
        let again = fix::migrate::plan(&after, &Default::default()).expect("the result plans");
        assert!(again.is_empty(), "not idempotent:\n{config}\n---\n{after}");
        pairs.push((config, String::new()));
        pairs.push((after, String::new()));
    }
    let verdicts = botocore(&pairs);
    let mut worse = Vec::new();
    for (i, pair) in verdicts.chunks(2).enumerate() {
        let (config, after) = (&pairs[2 * i].0, &pairs[2 * i + 1].0);
        let [Some(before), after_verdict] = pair else {
            continue;
        };
        let Some(after_full) = after_verdict else {
            worse.push(format!(
                "botocore refuses the migrated file:\n{config}\n---\n{after}"
            ));
            continue;
        };
        let (b, a) = (&before["profiles"], &after_full["profiles"]);
        if profile_count(before) != profile_count(after_full) {
            worse.push(format!("profiles lost:\n{config}\n---\n{after}"));
            continue;
        }
        for (name, profile) in b.as_object().unwrap() {
            let Some(migrated) = a.get(name) else {
                worse.push(format!("profile {name} lost:\n{config}\n---\n{after}"));
                continue;
            };
            if sso_identity(before, profile) != sso_identity(after_full, migrated) {
                worse.push(format!(
                    "profile {name} signs in differently:\n{config}\n---\n{after}"
                ));
            }
        }
    }
    eprintln!(
        "migrate: {} cases planned ({refused} refused), {migrated} migrated, {skipped} profiles skipped, {} made worse",
        pairs.len() / 2,
        worse.len()
    );
    assert!(
        worse.is_empty(),
        "{}",
        worse[..worse.len().min(3)].join("\n=====\n")
    );
    assert_eq!(pairs.len() / 2, cases, "enough migratable cases");
}

/// 100 000 lines under one `s3 =` (both well-formed and not): every reader and `check` get
/// through them. Searching each nested line from the block's start made this quadratic
/// (64 000 lines took 30 s); the guard below is a hang guard, not a timing: linear work
/// takes seconds even unoptimised.
#[test]
fn huge_nested_blocks_are_read_in_linear_time() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in ["  k{i} = v{i}", "  line{i}"] {
            let mut text = String::from("[profile a]\ns3 =\n");
            for i in 0..100_000 {
                text.push_str(&line.replace("{i}", &i.to_string()));
                text.push('\n');
            }
            for dialect in [Dialect::Botocore, Dialect::Sdk] {
                let _ = Reading::load(dialect, Some(&text), None);
            }
            let report = lint::check(
                &Input {
                    config: Some(&text),
                    ..Input::default()
                },
                &Settings::default(),
            );
            assert!(report.crashed.is_empty());
        }
        tx.send(()).unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(300))
        .expect("reading 100 000 nested lines did not finish: quadratic again?");
}

/// Value fixes stay on their finding's lines (the lines its span covers, continuations of a
/// value included): a fix computed for one item of a value must never edit another item,
/// another key or another line (K003 once found each region of a list by searching for its
/// text, and fixed the wrong one).
#[test]
fn value_fixes_stay_on_their_findings_line() {
    const VALUE_RULES: [&str; 6] = ["K001", "K003", "K004", "K005", "S008", "S013"];
    const LISTS: &[&str] = &[
        "sigv4a_signing_region_set = eu-wset-1zzzzzzzzz, eu-wset-1",
        "sigv4a_signing_region_set = us-eats-1,us-eats-1x , us-east-1",
        "sigv4a_signing_region_set = ap-southeast-1,ap-southeas-1",
        "region = eu-wset-1",
        "output = JSON",
        "sso_account_id = 11112222333",
    ];
    let settings = all_rules();
    let mut rng = Rng::new(0xF17);
    let mut checked = 0;
    for _ in 0..5_000 {
        let lines = 1 + rng.below(8);
        let mut text = random_document(&mut rng, lines, true);
        text.push_str("\n[profile z]\n");
        for _ in 0..1 + rng.below(3) {
            text.push_str(rng.pick(LISTS));
            text.push('\n');
        }
        let report = lint::check(
            &Input {
                config: Some(&text),
                ..Input::default()
            },
            &settings,
        );
        for d in &report.diagnostics {
            let Some(fix) = &d.fix else { continue };
            if !VALUE_RULES.contains(&d.rule.code) {
                continue;
            }
            let start = text[..d.at.span.start()].rfind('\n').map_or(0, |i| i + 1);
            let end = text[d.at.span.end()..]
                .find('\n')
                .map_or(text.len(), |i| d.at.span.end() + i);
            for edit in &fix.edits {
                assert!(
                    edit.span.start() >= start && edit.span.end() <= end,
                    "{} fix edits {:?} outside its line {start}..{end}:\n{text}",
                    d.rule.code,
                    edit.span
                );
                // For list items: the finding points at the item it names, and the edit
                // replaces exactly that.
                if d.rule.code == "K003" {
                    assert_eq!(edit.span, d.at.span, "{text}");
                    let named = format!("`{}`", &text[d.at.span.range()]);
                    assert!(
                        d.message.starts_with(&named),
                        "{} at {named}:\n{text}",
                        d.message
                    );
                    // A whole item: not a piece of a longer word.
                    let word =
                        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
                    let before = text[..d.at.span.start()].chars().next_back();
                    let after = text[d.at.span.end()..].chars().next();
                    assert!(
                        !word(before) && !word(after),
                        "{named} is part of a longer item:\n{text}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 1_000, "only {checked} fixes checked");
}

/// `check` and `resolve` agree: whenever a reader refuses a file (what `resolve --dialect`
/// prints as an error), `check` reports an error that concerns that reader. (`  [profile a]`
/// on the first line once passed `check` while the SDK reading refused the file.)
#[test]
fn check_reports_an_error_wherever_a_reader_refuses() {
    let mut rng = Rng::new(0xA9EE);
    let mut refusals = 0;
    let mut missed = Vec::new();
    for _ in 0..20_000 {
        let lines = 1 + rng.below(10);
        let unique = rng.below(2) == 0;
        let mut text = random_document(&mut rng, lines, unique);
        if rng.below(3) == 0 {
            text = quirky(&mut rng, text);
        }
        let report = lint::check(
            &Input {
                config: Some(&text),
                ..Input::default()
            },
            &Settings::default(),
        );
        for dialect in [Dialect::Botocore, Dialect::Sdk] {
            let (config, _) = ssolint::model::load(dialect, Some(&text), None);
            if config.is_loadable() {
                continue;
            }
            refusals += 1;
            let reported = report.diagnostics.iter().any(|d| {
                d.severity == ssolint::lint::Severity::Error
                    && d.affects
                        .intersects(ssolint::lint::Readers::of_dialect(dialect))
            });
            if !reported && missed.len() < 5 {
                missed.push(format!("{dialect:?}: {}\n{text}", config.fatal[0].message));
            }
        }
    }
    eprintln!(
        "{refusals} refusals, {} without an error from check",
        missed.len()
    );
    assert!(missed.is_empty(), "{}", missed.join("\n=====\n"));
}
