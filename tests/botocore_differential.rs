//! Differential test against botocore itself: every fixture, every SDK-vector input and a
//! few hundred generated documents are read by `botocore.session.Session.full_config`
//! and by ssolint's botocore dialect; both must refuse the same files and agree on
//! every value of the others.
//!
//! Needs Python 3 with botocore (`python3 -m pip install -r tests/requirements.txt`);
//! without it the test fails and says so — it never skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::generate::{Rng, random_document};
use serde_json::Value;
use ssolint::model;
use ssolint::render::resolve::config_json;
use ssolint::syntax::Dialect;

struct Case {
    name: String,
    config: String,
    credentials: String,
}

fn fixture_cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/botocore");
    let mut cases = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "config"))
        .collect();
    entries.sort();
    for path in entries {
        let credentials = path.with_extension("credentials");
        cases.push(Case {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            config: std::fs::read_to_string(&path).unwrap(),
            credentials: std::fs::read_to_string(&credentials).unwrap_or_default(),
        });
    }
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/legacy-config");
    cases.push(Case {
        name: "examples/legacy-config".into(),
        config: std::fs::read_to_string(examples).unwrap(),
        credentials: String::new(),
    });
    cases
}

fn vector_cases() -> Vec<Case> {
    common::parser_vector_inputs()
        .into_iter()
        .map(|(name, config, credentials)| Case {
            name,
            config: config.unwrap_or_default(),
            credentials: credentials.unwrap_or_default(),
        })
        .collect()
}

fn generated_cases() -> Vec<Case> {
    let mut rng = Rng::new(20261123);
    (0..400)
        .map(|i| {
            let lines = 1 + rng.below(30);
            let config = random_document(&mut rng, lines, i % 2 == 0);
            let credential_lines = 1 + rng.below(8);
            let credentials = if i % 4 == 0 {
                random_document(&mut rng, credential_lines, true)
            } else {
                String::new()
            };
            Case {
                name: format!("generated#{i}"),
                config,
                credentials,
            }
        })
        .collect()
}

fn python() -> String {
    std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs botocore over all cases at once (one interpreter start).
fn botocore_results(dir: &Path, cases: &[Case]) -> Vec<Value> {
    let mut manifest = String::new();
    for (i, case) in cases.iter().enumerate() {
        let config = dir.join(format!("{i}.config"));
        let credentials = dir.join(format!("{i}.credentials"));
        std::fs::write(&config, &case.config).unwrap();
        std::fs::write(&credentials, &case.credentials).unwrap();
        manifest.push_str(&format!(
            "{}\t{}\n",
            config.display(),
            credentials.display()
        ));
    }
    let manifest_path = dir.join("manifest.tsv");
    std::fs::write(&manifest_path, manifest).unwrap();
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_full_config.py");
    let output = Command::new(python())
        .arg(script)
        .arg(&manifest_path)
        .env("LC_ALL", "C.UTF-8")
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
    assert_eq!(
        lines.len(),
        cases.len() + 1,
        "one result per case plus the version line"
    );
    eprintln!("compared with botocore {}", lines[cases.len()]["botocore"]);
    lines
}

#[test]
fn resolve_agrees_with_botocore() {
    let mut cases = fixture_cases();
    let fixtures = cases.len();
    cases.extend(vector_cases());
    cases.extend(generated_cases());
    let dir = tempfile::tempdir().unwrap();
    let results = botocore_results(dir.path(), &cases);

    let mut failures = Vec::new();
    let (mut refused, mut accepted) = (0, 0);
    for (case, expected) in cases.iter().zip(&results) {
        let (config, _) = model::load(
            Dialect::Botocore,
            Some(&case.config),
            Some(&case.credentials),
        );
        match (expected.get("ok"), config.fatal.is_empty()) {
            (Some(want), true) => {
                accepted += 1;
                let got = config_json(&config, true);
                if &got != want {
                    failures.push(format!(
                        "{}: values differ\n  botocore: {want}\n  ssolint:  {got}",
                        case.name
                    ));
                }
            }
            (None, false) => refused += 1,
            (Some(want), false) => failures.push(format!(
                "{}: botocore accepts it ({want}) but ssolint says it refuses: {:?}",
                case.name,
                config.fatal.iter().map(|p| &p.message).collect::<Vec<_>>()
            )),
            (None, true) => failures.push(format!(
                "{}: botocore refuses it ({}) but ssolint accepts it",
                case.name, expected["error"]
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree with botocore:\n{}\n(config of the first: {:?})",
        failures.len(),
        cases.len(),
        failures.join("\n"),
        cases
            .iter()
            .find(|c| failures[0].starts_with(&c.name))
            .map(|c| &c.config)
    );
    eprintln!(
        "{} cases: botocore accepted {accepted}, refused {refused}",
        cases.len()
    );
    // The corpus must exercise both outcomes, or the comparison proves little.
    assert!(
        refused >= 20 && accepted >= 200,
        "refused {refused}, accepted {accepted} of {} ({fixtures} fixtures)",
        cases.len()
    );
}
