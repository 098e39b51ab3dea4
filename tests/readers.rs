//! Every reader pinned by its real implementation: the AWS SDKs for JavaScript v3, Go v2,
//! Java v2 and Rust, and botocore, each run unmodified by a small driver (`tests/readers/`)
//! over one corpus — every SDK vector input, every fixture and thousands of seeded documents
//! that mix the quirks where readers differ — and compared with what
//! `ssolint::model::readers::load` says that reader makes of each document.
//!
//! The drivers are built by the test command (`cargo xtask test`), which points
//! `SSOLINT_READERS` at them; without it the test fails and says so. One process per reader
//! for the whole corpus.
//!
//! Agreement must be at least 99 % per reader on the generated quirk documents, and total
//! on the vectors and fixtures, apart from the named [`DIVERGENCES`].

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use common::generate::Rng;
use serde_json::{Map, Value, json};
use ssolint::lint;
use ssolint::model::readers::{self, Reader};
use ssolint::model::{Block, Config};
use ssolint::render::resolve::config_json;
use ssolint::syntax::{self, Dialect};

/// Documents on which ssolint knowingly does not predict a reader, with the reason.
/// A case matches when its text contains the marker.
const DIVERGENCES: &[(Reader, &str, &str)] = &[(
    Reader::Rust,
    SPELLINGS,
    "the Rust SDK keeps the sections of one name in a HashMap and merges duplicate \
     spellings in an unspecified order; ssolint reads them in file order, as the spec says",
)];

/// The divergence class of one section written under two spellings (`[profile a]`, `[profile  a]`).
const SPELLINGS: &str = "two spellings of one section";

struct Case {
    name: String,
    config: Option<String>,
    credentials: Option<String>,
    generated: bool,
}

// ----- the corpus -------------------------------------------------------------------------

fn vector_cases() -> Vec<Case> {
    common::parser_vector_inputs()
        .into_iter()
        .map(|(name, config, credentials)| Case {
            name,
            config,
            credentials,
            generated: false,
        })
        .collect()
}

fn fixture_cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if !path
                .extension()
                .is_some_and(|e| e == "credentials" || e == "md")
            {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let config = std::fs::read_to_string(&path).ok()?;
            let credentials = std::fs::read_to_string(path.with_extension("credentials")).ok();
            Some(Case {
                name: path.strip_prefix(&root).unwrap().display().to_string(),
                config: Some(config),
                credentials,
                generated: false,
            })
        })
        .collect()
}

/// Headers where readers differ (`N` becomes the section's number).
const QUIRK_HEADERS: &[&str] = &[
    "[profile  pN]",
    "[ profile pN ]",
    "[profile\tpN]",
    "[profile pN ]",
    "  [profile pN]",
    "[profile \"pN\"]",
    "[profile 'pN']",
    "[profile pN]#c",
    "[profile pN] # c",
    "[profile pN];c",
    "[profile pN]x",
    "[pN]",
    "[default]",
    "[profile default]",
    "[ default ]",
    "[DEFAULT]",
    "[Default]",
    "[profile pN",
    "[]",
    "[profile ]",
    "[profile p N]",
    "[profile pN.x]",
    "[profile.pN]",
    "[profile pN@org]",
    "[profile pN:x]",
    "[profile pN+x]",
    "[profile pN/x]",
    "[profile pN#x]",
    "[profile ünïN]",
    "[profile\u{a0}pN]",
    "[sso-session  sN]",
    "[sso-session sN ]",
    "[sso-session \"sN\"]",
    "[sso-session sN#c]",
    "[sso-session my@org]",
    "[sso-session my+org]",
    "[sso-session MyOrg]",
    "[sso-sessionsN]",
    "[services vN]",
    "[services  vN]",
];

/// Property lines where readers differ.
const QUIRK_LINES: &[&str] = &[
    "Region = eu-west-1",
    "REGION=ap-south-1",
    "region: us-west-2",
    "region=us-east-2",
    "region = us-east-1 # c",
    "region = us-east-1#c",
    "region = us-east-1 ;c",
    "region = us-east-1\t# c",
    "output = \"json\"",
    "output = 'text'",
    "output = \"",
    "region =",
    "=x",
    "region",
    "output = a = b",
    "  output = text",
    "  continued",
    "  # indented comment",
    "# comment",
    "; comment",
    "s3 =\n  endpoint_url = http://localhost:1\n  bad key = v",
    "s3 =\n  max_attempts",
    "s3 =\n  endpoint_url = http://localhost:2 # c",
    "sso_session = myorg",
    "sso_session = MyOrg",
    "sso_session = \"sN\"",
    "sso_session =  sN ",
    "sso_session = my@org",
    "sso_session = my+org",
    "sso_session = sN#c",
    "region\u{a0}= x",
    "region = x\u{a0}",
    "\tregion = tabbed",
    "",
    "region = last\\",
    "__proto__ = x",
    "sso_region = eu-central-1",
    "sso_start_url = https://d-9.awsapps.com/start",
    "ünï = x",
    "my key = x",
];

const PLAIN_KEYS: &[&str] = &[
    "region = us-east-1",
    "output = json",
    "sso_session = sN",
    "sso_account_id = 111122223333",
    "sso_role_name = ReadOnly",
    "sso_start_url = https://d-1.awsapps.com/start",
    "sso_region = us-east-1",
];

fn numbered(template: &str, n: usize) -> String {
    template
        .replace("pN", &format!("p{n}"))
        .replace("sN", &format!("s{n}"))
        .replace("vN", &format!("v{n}"))
        .replace("ünïN", &format!("ünï{n}"))
}

/// A document mixing `quirks` quirks (headers, lines, line ends) into plain sections.
fn quirk_document(rng: &mut Rng, quirks: usize) -> (String, Option<String>) {
    let sections = 2 + rng.below(4);
    let mut lines: Vec<String> = Vec::new();
    let mut quirk_slots: BTreeSet<usize> = BTreeSet::new();
    while quirk_slots.len() < quirks {
        quirk_slots.insert(rng.below(sections * 4));
    }
    let mut slot = 0;
    let mut take_quirk = |rng: &mut Rng| {
        slot += 1;
        quirk_slots.contains(&(slot - 1)) && rng.below(10) < 9
    };
    if rng.below(20) == 0 {
        lines.push("region = before-any-section".into());
    }
    for n in 0..sections {
        let session = rng.below(3) == 0;
        let header = if take_quirk(rng) {
            numbered(rng.pick(QUIRK_HEADERS), n)
        } else if session {
            format!("[sso-session s{n}]")
        } else if n == 0 && rng.below(2) == 0 {
            "[default]".into()
        } else {
            format!("[profile p{n}]")
        };
        lines.push(header);
        let keys = 1 + rng.below(3);
        for _ in 0..keys {
            let line = if take_quirk(rng) {
                numbered(rng.pick(QUIRK_LINES), n)
            } else {
                numbered(rng.pick(PLAIN_KEYS), rng.below(sections))
            };
            lines.push(line);
        }
        if rng.below(4) == 0 {
            lines.push(String::new());
        }
    }
    if rng.below(8) == 0 {
        // A duplicate spelling of an earlier section.
        lines.push(numbered(
            rng.pick(&["[profile p0]", "[profile  p0]", "[sso-session s0]"]),
            0,
        ));
        lines.push("region = ca-central-1".into());
    }
    let mut text = String::new();
    let ending = match rng.below(20) {
        0 | 1 => "\r\n",
        2 => "\r",
        _ => "\n",
    };
    for (i, line) in lines.iter().enumerate() {
        text.push_str(&line.replace('\n', ending));
        // Now and then one lone CR in an otherwise plain file.
        text.push_str(
            if ending == "\n" && quirks > 0 && rng.below(60) == 0 && i > 0 {
                "\r"
            } else {
                ending
            },
        );
    }
    if rng.below(25) == 0 {
        text.insert(0, '\u{feff}');
    }
    let credentials = (rng.below(5) == 0).then(|| {
        let header = rng.pick(&["[p1]", "[profile p1]", "[default]", "[ p1 ]", "[c9]"]);
        format!(
            "{header}\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\nregion = us-west-1\n"
        )
    });
    (text, credentials)
}

fn generated_cases(count: usize) -> Vec<Case> {
    let mut rng = Rng::new(20261202);
    (0..count)
        .map(|i| {
            // A fifth single-quirk documents, the rest 2–5 quirks.
            let quirks = if i % 5 == 0 { 1 } else { 2 + rng.below(4) };
            let (config, credentials) = quirk_document(&mut rng, quirks);
            Case {
                name: format!("generated#{i}"),
                config: Some(config),
                credentials,
                generated: true,
            }
        })
        .collect()
}

// ----- the drivers ------------------------------------------------------------------------

fn drivers() -> PathBuf {
    let dir = std::env::var_os("SSOLINT_READERS").unwrap_or_else(|| {
        panic!(
            "SSOLINT_READERS is not set: this test runs the real SDKs, which `cargo xtask test` builds"
        )
    });
    PathBuf::from(dir)
}

fn b64(text: &Option<String>) -> Value {
    text.as_ref().map_or(Value::Null, |t| {
        Value::from(base64::engine::general_purpose::STANDARD.encode(t))
    })
}

/// Runs `command` once with one input line per case; one JSON answer per line back.
fn run(mut command: Command, input: String, cases: usize) -> Vec<Value> {
    let what = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    written.unwrap_or_else(|e| panic!("writing to {what}: {e}"));
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), cases, "{what}: one answer per document");
    answers
}

fn js_answers(cases: &[Case]) -> Vec<Value> {
    let dir = drivers().join("js");
    let mut command = Command::new("node");
    command.arg(dir.join("driver.mjs")).current_dir(&dir);
    let input: String = cases
        .iter()
        .map(|c| {
            json!({"config": b64(&c.config), "credentials": b64(&c.credentials)}).to_string() + "\n"
        })
        .collect();
    run(command, input, cases.len())
}

fn go_answers(cases: &[Case], names: &[Vec<String>]) -> Vec<Value> {
    let command = Command::new(drivers().join("go-reader"));
    let input: String = cases
        .iter()
        .zip(names)
        .map(|(c, n)| {
            json!({"config": b64(&c.config), "credentials": b64(&c.credentials), "names": n})
                .to_string()
                + "\n"
        })
        .collect();
    run(command, input, cases.len())
}

fn java_answers(cases: &[Case], sessions: &[Vec<String>], services: &[Vec<String>]) -> Vec<Value> {
    let dir = drivers().join("java");
    let mut command = Command::new("java");
    command
        .arg("-cp")
        .arg(format!(
            "{}:{}/*",
            dir.join("classes").display(),
            dir.join("lib").display()
        ))
        .arg("Driver");
    let field = |t: &Option<String>| match t {
        Some(t) => base64::engine::general_purpose::STANDARD.encode(t),
        None => "-".into(),
    };
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| base64::engine::general_purpose::STANDARD.encode(n))
            .collect::<Vec<_>>()
            .join(",")
    };
    let input: String = cases
        .iter()
        .zip(sessions.iter().zip(services))
        .map(|(c, (s, v))| {
            format!(
                "{}\t{}\t{}\t{}\n",
                field(&c.config),
                field(&c.credentials),
                list(s),
                list(v)
            )
        })
        .collect();
    run(command, input, cases.len())
}

/// The keys the Rust SDK is asked for (it looks properties up one by one).
const RUST_KEYS: &[&str] = &[
    "region",
    "output",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "s3",
    "endpoint_url",
    "max_attempts",
    "aws_access_key_id",
    "aws_secret_access_key",
    "__proto__",
    "my key",
    "bad key",
    "ünï",
];

fn rust_answers(cases: &[Case], services: &[Vec<String>]) -> Vec<Value> {
    let command = Command::new(drivers().join("rust-reader"));
    let input: String = cases
        .iter()
        .zip(services)
        .map(|(c, v)| {
            json!({"config": b64(&c.config), "credentials": b64(&c.credentials),
                   "keys": RUST_KEYS, "services": v})
            .to_string()
                + "\n"
        })
        .collect();
    run(command, input, cases.len())
}

fn botocore_answers(cases: &[Case]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::new();
    for (i, case) in cases.iter().enumerate() {
        let config = dir.path().join(format!("{i}.config"));
        let credentials = dir.path().join(format!("{i}.credentials"));
        std::fs::write(&config, case.config.as_deref().unwrap_or("")).unwrap();
        std::fs::write(&credentials, case.credentials.as_deref().unwrap_or("")).unwrap();
        manifest.push_str(&format!(
            "{}\t{}\n",
            config.display(),
            credentials.display()
        ));
    }
    let manifest_path = dir.path().join("manifest.tsv");
    std::fs::write(&manifest_path, manifest).unwrap();
    let mut command =
        Command::new(std::env::var("SSOLINT_PYTHON").unwrap_or_else(|_| "python3".into()));
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/botocore_full_config.py"))
        .arg(&manifest_path)
        .env("PYTHONUTF8", "1");
    let mut answers = run(command, String::new(), cases.len() + 1);
    answers.pop(); // the version line
    answers
}

// ----- ssolint's side, in each driver's shape ----------------------------------------------

fn settings(block: &Block, keep: impl Fn(&str) -> bool) -> Value {
    Value::Object(
        block
            .properties
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, p)| (k.to_string(), Value::from(p.text.as_ref())))
            .collect(),
    )
}

fn sections<'a>(
    blocks: impl Iterator<Item = (&'a str, &'a Block<'a>)>,
    keep: impl Fn(&str) -> bool + Copy,
) -> Value {
    Value::Object(
        blocks
            .map(|(n, b)| (n.to_string(), settings(b, keep)))
            .collect(),
    )
}

fn empty_reading(refused: bool) -> Value {
    json!({"refused": refused, "profiles": {}, "sso-sessions": {}, "services": {}})
}

/// JS: flat keys (`s3.endpoint_url`), sections with at least one property.
fn js_view(config: &Config) -> Value {
    let all = |_: &str| true;
    json!({
        "refused": false,
        "profiles": sections(config.profiles.iter().map(|(n, b)| (n.as_ref(), b)), all),
        "sso-sessions": sections(config.sso_sessions.iter().map(|(n, b)| (n.as_ref(), b)), all),
        "services": sections(config.services.iter().map(|(n, b)| (n.as_ref(), b)), all),
    })
}

/// Java: raw values; sso-sessions and services only for the names looked up.
fn java_view(config: &Config, sessions: &[String], services: &[String]) -> Value {
    if !config.fatal.is_empty() {
        return empty_reading(true);
    }
    let all = |_: &str| true;
    let pick = |map: &ssolint::model::Map<ssolint::model::Text, Block>, names: &[String]| {
        Value::Object(
            names
                .iter()
                .filter_map(|n| map.get(n.as_str()).map(|b| (n.clone(), settings(b, all))))
                .collect(),
        )
    };
    json!({
        "refused": false,
        "profiles": sections(config.profiles.iter().map(|(n, b)| (n.as_ref(), b)), all),
        "sso-sessions": pick(&config.sso_sessions, sessions),
        "services": pick(&config.services, services),
    })
}

/// Rust: only the keys asked for; services as `service.sub` for those keys.
fn rust_view(config: &Config, services: &[String]) -> Value {
    if !config.fatal.is_empty() {
        return empty_reading(true);
    }
    let keep = |k: &str| RUST_KEYS.contains(&k);
    let mut services_out = Map::new();
    for name in services {
        let Some(block) = config.services.get(name.as_str()) else {
            continue;
        };
        let mut out = Map::new();
        for (service, p) in &block.properties {
            for (sub, v) in p.nested.iter().flat_map(|n| n.iter()) {
                if keep(service) && keep(sub) {
                    out.insert(format!("{service}.{sub}"), Value::from(v.value.as_ref()));
                }
            }
        }
        if !out.is_empty() {
            services_out.insert(name.clone(), Value::Object(out));
        }
    }
    json!({
        "refused": false,
        "profiles": sections(config.profiles.iter().map(|(n, b)| (n.as_ref(), b)), keep),
        "sso-sessions": sections(config.sso_sessions.iter().map(|(n, b)| (n.as_ref(), b)), keep),
        "services": services_out,
    })
}

/// Go: per name asked for, what `LoadSharedConfigProfile` exposes (errors as `"$error"`).
fn go_view(config: &Config, names: &[String]) -> Value {
    if !config.fatal.is_empty() {
        return json!({"refused": true, "profiles": {}, "sso-sessions": {}});
    }
    let mut profiles = Map::new();
    let mut sessions = Map::new();
    for name in names {
        match readers::go_exposed(config, name) {
            None => {}
            Some(Err(_)) => {
                profiles.insert(name.clone(), json!({"$error": true}));
            }
            Some(Ok(fields)) => {
                let settings: Map<String, Value> = fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::from(*v)))
                    .collect();
                if let Some(session) = settings.get("sso_session").and_then(Value::as_str)
                    && let Some(block) = readers::session(Reader::Go, config, session)
                {
                    let mut s = Map::new();
                    for key in ["sso_region", "sso_start_url"] {
                        if let Some(v) = block.str(key).filter(|v| !v.is_empty()) {
                            s.insert(key.into(), Value::from(v));
                        }
                    }
                    sessions.insert(session.to_string(), Value::Object(s));
                }
                profiles.insert(name.clone(), Value::Object(settings));
            }
        }
    }
    json!({"refused": false, "profiles": profiles, "sso-sessions": sessions})
}

/// The Go driver's answer with error messages reduced to "an error".
fn go_normalised(mut answer: Value) -> Value {
    if let Some(profiles) = answer["profiles"].as_object_mut() {
        for settings in profiles.values_mut() {
            if settings.get("$error").is_some() {
                *settings = json!({"$error": true});
            }
        }
    }
    answer
}

fn without_error(mut answer: Value) -> Value {
    if let Some(o) = answer.as_object_mut() {
        o.remove("error");
    }
    answer
}

/// Names to ask the SDKs that cannot list sections: every name any reader finds, plus the
/// raw text of every header and its plausible spellings.
fn candidate_names(case: &Case, configs: &[Config]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut profiles = BTreeSet::new();
    let mut sessions = BTreeSet::new();
    let mut services = BTreeSet::new();
    for config in configs {
        profiles.extend(config.profiles.keys().map(|k| k.to_string()));
        sessions.extend(config.sso_sessions.keys().map(|k| k.to_string()));
        services.extend(config.services.keys().map(|k| k.to_string()));
        for block in config.profiles.values() {
            if let Some(s) = block.str("sso_session") {
                sessions.insert(s.to_string());
                sessions.insert(s.trim().to_string());
            }
        }
    }
    for text in [&case.config, &case.credentials].into_iter().flatten() {
        for line in text.split(['\n', '\r']) {
            let Some(inside) = line.trim().strip_prefix('[') else {
                continue;
            };
            let inside = inside.split(']').next().unwrap_or(inside);
            let words: Vec<&str> = inside.split_whitespace().collect();
            profiles.insert(inside.trim().to_string());
            if let Some(last) = words.last() {
                profiles.insert(last.to_string());
                profiles.insert(last.trim_matches(['"', '\'']).to_string());
                sessions.insert(last.to_string());
                sessions.insert(last.trim_matches(['"', '\'']).to_string());
                services.insert(last.to_string());
            }
        }
    }
    for set in [&mut profiles, &mut sessions, &mut services] {
        set.remove("");
        set.retain(|n| !n.contains(',') && !n.contains('\t'));
    }
    (
        profiles.into_iter().collect(),
        sessions.into_iter().collect(),
        services.into_iter().collect(),
    )
}

// ----- the comparison ---------------------------------------------------------------------

struct Tally {
    reader: Reader,
    generated: usize,
    generated_agree: usize,
    failures: Vec<String>,
    divergent: usize,
}

/// Whether `case` falls in a named divergence of `reader`.
fn known_divergence(reader: Reader, case: &Case, spec: &Config) -> bool {
    DIVERGENCES.iter().any(|(r, kind, _)| {
        *r == reader
            && match *kind {
                SPELLINGS => spelled_twice(case, spec),
                _ => false,
            }
    })
}

/// One profile or sso-session written under two different header spellings in one file.
fn spelled_twice(case: &Case, spec: &Config) -> bool {
    let text = |file: ssolint::model::FileKind| match file {
        ssolint::model::FileKind::Config => case.config.as_deref().unwrap_or(""),
        ssolint::model::FileKind::Credentials => case.credentials.as_deref().unwrap_or(""),
    };
    spec.profiles
        .values()
        .chain(spec.sso_sessions.values())
        .any(|block| {
            let spellings: BTreeSet<(ssolint::model::FileKind, &str)> = block
                .headers
                .iter()
                .map(|h| (h.file, h.span.of(text(h.file))))
                .collect();
            spellings.len()
                > block
                    .headers
                    .iter()
                    .map(|h| h.file)
                    .collect::<BTreeSet<_>>()
                    .len()
        })
}

#[test]
fn every_reader_agrees_with_its_sdk() {
    let mut cases = vector_cases();
    cases.extend(fixture_cases());
    cases.extend(generated_cases(2400));
    let loaded: Vec<Vec<Config>> = cases
        .iter()
        .map(|c| {
            Reader::ALL
                .iter()
                .map(|&r| readers::load(r, c.config.as_deref(), c.credentials.as_deref()))
                .collect()
        })
        .collect();
    let names: Vec<_> = cases
        .iter()
        .zip(&loaded)
        .map(|(c, l)| candidate_names(c, l))
        .collect();
    let profile_names: Vec<Vec<String>> = names.iter().map(|n| n.0.clone()).collect();
    let session_names: Vec<Vec<String>> = names.iter().map(|n| n.1.clone()).collect();
    let service_names: Vec<Vec<String>> = names.iter().map(|n| n.2.clone()).collect();

    let (js, go, java, rust, botocore) = std::thread::scope(|s| {
        let js = s.spawn(|| js_answers(&cases));
        let go = s.spawn(|| go_answers(&cases, &profile_names));
        let java = s.spawn(|| java_answers(&cases, &session_names, &service_names));
        let rust = s.spawn(|| rust_answers(&cases, &service_names));
        let botocore = s.spawn(|| botocore_answers(&cases));
        (
            js.join().unwrap(),
            go.join().unwrap(),
            java.join().unwrap(),
            rust.join().unwrap(),
            botocore.join().unwrap(),
        )
    });

    let index = |r: Reader| Reader::ALL.iter().position(|x| *x == r).unwrap();
    let mut tallies = Vec::new();
    for reader in [
        Reader::Botocore,
        Reader::Rust,
        Reader::Js,
        Reader::Go,
        Reader::Java,
    ] {
        let mut tally = Tally {
            reader,
            generated: 0,
            generated_agree: 0,
            failures: Vec::new(),
            divergent: 0,
        };
        for (i, case) in cases.iter().enumerate() {
            let config = &loaded[i][index(reader)];
            let (want, got) = match reader {
                Reader::Js => (js[i].clone(), js_view(config)),
                Reader::Go => (
                    go_normalised(go[i].clone()),
                    go_view(config, &profile_names[i]),
                ),
                Reader::Java => (
                    without_error(java[i].clone()),
                    java_view(config, &session_names[i], &service_names[i]),
                ),
                Reader::Rust => (
                    without_error(rust[i].clone()),
                    rust_view(config, &service_names[i]),
                ),
                Reader::Botocore => {
                    let want = botocore[i].get("ok").cloned().unwrap_or(Value::Null);
                    let got = if config.fatal.is_empty() {
                        config_json(config, true)
                    } else {
                        Value::Null
                    };
                    (want, got)
                }
                Reader::Spec => unreachable!("the spec has no driver: tests/sdk_vectors.rs"),
            };
            let agree = want == got;
            if case.generated {
                tally.generated += 1;
                tally.generated_agree += usize::from(agree);
            }
            if !agree {
                if known_divergence(reader, case, &loaded[i][index(Reader::Spec)]) {
                    tally.divergent += 1;
                } else {
                    tally.failures.push(format!(
                        "{} ({}):\n  sdk:     {want}\n  ssolint: {got}\n  config: {:?}\n  credentials: {:?}",
                        case.name,
                        reader.name(),
                        case.config,
                        case.credentials
                    ));
                }
            }
        }
        tallies.push(tally);
    }
    let mut report = String::new();
    let mut ok = true;
    for t in &tallies {
        let rate = t.generated_agree as f64 * 100.0 / t.generated as f64;
        let fixed_failures = t
            .failures
            .iter()
            .filter(|f| !f.starts_with("generated#"))
            .count();
        eprintln!(
            "{:>8}: {:.2} % of {} generated documents agree; {} named divergences; {} vector/fixture disagreements",
            t.reader.name(),
            rate,
            t.generated,
            t.divergent,
            fixed_failures
        );
        if rate < 99.0 || fixed_failures > 0 {
            ok = false;
        }
        for f in t.failures.iter().take(6) {
            report.push_str(f);
            report.push('\n');
        }
    }
    assert!(ok, "readers disagree with their SDKs:\n{report}");
    let total_failures: usize = tallies.iter().map(|t| t.failures.len()).sum();
    eprintln!("{total_failures} unnamed disagreements in all (each reader ≥ 99 %):\n{report}");
}

/// The fast path is sound: where `may_diverge_files` says no line can read differently,
/// every tool's reading agrees with every other's (on the quirk corpus, the fixtures, the
/// vectors and plain generated configs).
#[test]
fn plain_files_read_alike_everywhere() {
    let mut cases = vector_cases();
    cases.extend(fixture_cases());
    cases.extend(generated_cases(2400));
    let mut rng = Rng::new(7);
    for i in 0..200 {
        cases.push(Case {
            name: format!("plain#{i}"),
            config: Some(common::generate::mixed_sso_config(&mut rng, 1 + i % 40)),
            credentials: None,
            generated: true,
        });
    }
    cases.push(Case {
        name: "legacy".into(),
        config: Some(common::generate::legacy_config(300)),
        credentials: None,
        generated: true,
    });
    let mut plain = 0;
    for case in &cases {
        if readers::may_diverge_texts(case.config.as_deref(), case.credentials.as_deref()) {
            continue;
        }
        plain += 1;
        // `lint::Context` copies botocore's tree for the SDK reader on plain files instead
        // of parsing them twice: sound only if the two trees are the same.
        for text in [&case.config, &case.credentials].into_iter().flatten() {
            let copied = syntax::parse_judging_lines(text).plain_as_sdk();
            assert_eq!(
                format!("{copied:?}"),
                format!("{:?}", syntax::parse(text, Dialect::Sdk)),
                "{}: said to read alike, but the readers' trees differ",
                case.name
            );
        }
        // What the rules see: a plain input's SDK tree is copied only when a rule asks, and
        // its SDK errors are the SDK parse's without a copy.
        let settings = lint::Settings::default();
        let input = lint::Input {
            config: case.config.as_deref(),
            credentials: case.credentials.as_deref(),
            ..lint::Input::default()
        };
        let context = lint::Context::new(&input, &settings);
        for file in context.files() {
            let parsed = syntax::parse(file.text, Dialect::Sdk);
            assert!(file.parsed_sdk().is_none(), "{}: parsed twice", case.name);
            assert_eq!(
                format!("{:?}", file.sdk_errors()),
                format!("{:?}", parsed.errors),
                "{}",
                case.name
            );
            assert_eq!(
                format!("{:?}", file.sdk()),
                format!("{parsed:?}"),
                "{}",
                case.name
            );
        }
        let configs: Vec<Config> = Reader::TOOLS
            .iter()
            .map(|&r| readers::load(r, case.config.as_deref(), case.credentials.as_deref()))
            .collect();
        let refs: Vec<&Config> = configs.iter().collect();
        let differences = readers::divergences(&refs);
        assert!(
            differences.is_empty()
                && configs
                    .iter()
                    .all(|c| c.fatal.is_empty() == configs[0].fatal.is_empty()),
            "{}: said to read alike, but {differences:?}\n{:?}",
            case.name,
            case.config
        );
    }
    assert!(
        plain > 200,
        "only {plain} plain documents: the property tests too little"
    );
}

/// `may_diverge` looks for an inline comment only on lines that hold a `#` or `;` (found in
/// one pass over the file): a marker on a comment line, in a value without white space
/// before it, or on another line must not hide or invent one.
#[test]
fn inline_comment_markers_are_matched_to_their_line() {
    let plain = [
        "# top\n[profile a]\nregion = eu-west-1\n; end\n",
        "[profile a]\nsso_start_url = https://x.example/#start\nregion = us-east-1\n",
        "[profile a]\nregion = a;b\n# c\n[profile b]\nregion = c\n",
    ];
    for text in plain {
        assert!(!readers::may_diverge_texts(Some(text), None), "{text:?}");
    }
    let inline = [
        "# top\n[profile a]\nregion = eu-west-1 # west\n",
        // Right after the `=`: the SDKs read an empty value.
        "[profile a]\nregion = #west\n",
        "[profile a]\nsso_start_url = https://x.example/#start\nregion = us-east-1\t;east\n",
        "[profile a]\nregion = a;b\n# c\n[profile b]\nregion = c ;d",
        "[profile a]\r\nregion = c ;d\r\n",
    ];
    for text in inline {
        assert!(readers::may_diverge_texts(Some(text), None), "{text:?}");
    }
}

/// White space other than space and tab around a value is trimmed by botocore only. (The
/// byte scan `Document::uniform_lines` replaced trimmed spaces and tabs itself and called
/// the first of these plain, so no tool's reading of it was compared.)
#[test]
fn white_space_only_botocore_trims_is_a_divergence() {
    for text in [
        "[profile a]\nregion =\x0ceu-west-1\n",
        "[profile a]\nregion = eu-west-1\u{a0}\n",
        "[profile a]\nregion\x0b= eu-west-1\n",
    ] {
        assert!(readers::may_diverge_texts(Some(text), None), "{text:?}");
        let configs: Vec<Config> = [Reader::Botocore, Reader::Rust]
            .iter()
            .map(|&r| readers::load(r, Some(text), None))
            .collect();
        let refs: Vec<&Config> = configs.iter().collect();
        assert!(
            !readers::divergences(&refs).is_empty()
                || configs[0].fatal.is_empty() != configs[1].fatal.is_empty(),
            "{text:?}: botocore and Rust read it alike"
        );
    }
}
