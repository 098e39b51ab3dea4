//! The AWS SDKs' own cross-language test vectors, run case by case against the `sdk` dialect.
//! Every case runs; a case where ssolint deliberately differs is listed in `DIVERGENCES`
//! with the reason, and the test asserts ssolint's documented behaviour for it instead.

mod common;

use serde_json::{Map, Value, json};
use ssolint::model::location::{Platform, locate};
use ssolint::model::{self, Config, ProblemKind};
use ssolint::syntax::{Dialect, SyntaxErrorKind};

/// How a suite writes sub-properties.
#[derive(Copy, Clone, PartialEq)]
enum SubForm {
    /// The SEP suite and Kotlin: a map, invalid names dropped.
    Map,
    /// The Rust SDK's suite: the raw string, e.g. `"\nname = value"`.
    Raw,
}

fn block_json(block: &model::Block, form: SubForm) -> Value {
    let mut out = Map::new();
    for (k, p) in &block.properties {
        let v = match (&p.nested, form) {
            (Some(map), SubForm::Map) => Value::Object(
                map.iter()
                    .map(|(k, s)| (k.to_string(), Value::String(s.value.to_string())))
                    .collect(),
            ),
            _ => Value::String(p.text.to_string()),
        };
        out.insert(k.to_string(), v);
    }
    Value::Object(out)
}

fn blocks_json(map: &model::Map<model::Text, model::Block>, form: SubForm) -> Value {
    Value::Object(
        map.iter()
            .map(|(k, b)| (k.to_string(), block_json(b, form)))
            .collect(),
    )
}

fn load(input: &Value) -> Config<'_> {
    let config = input.get("configFile").and_then(Value::as_str);
    let credentials = input.get("credentialsFile").and_then(Value::as_str);
    model::load(Dialect::Sdk, config, credentials).0
}

/// The error kinds each suite's wording names. Checked longest first, since the
/// wordings nest ("… defining a property" is a prefix of "… in sub-property").
const ERROR_MEANINGS: &[(&str, SyntaxErrorKind)] = &[
    (
        "Expected an '=' sign defining a property in sub-property",
        SyntaxErrorKind::SubPropertyMissingEquals,
    ),
    (
        "Expected an '=' sign defining a sub-property",
        SyntaxErrorKind::SubPropertyMissingEquals,
    ),
    (
        "Property did not have a name in sub-property",
        SyntaxErrorKind::SubPropertyEmptyKey,
    ),
    (
        "Sub-property did not have a name",
        SyntaxErrorKind::SubPropertyEmptyKey,
    ),
    (
        "Expected a property definition, found continuation",
        SyntaxErrorKind::ContinuationWithoutProperty,
    ),
    (
        "Expected a property definition",
        SyntaxErrorKind::ContinuationWithoutProperty,
    ),
    (
        "Expected an '=' sign defining a property",
        SyntaxErrorKind::MissingDelimiter,
    ),
    ("Property did not have a name", SyntaxErrorKind::EmptyKey),
    (
        "Section definition must end with ']'",
        SyntaxErrorKind::MalformedHeader,
    ),
    (
        "Profile definition must end with ']'",
        SyntaxErrorKind::MalformedHeader,
    ),
    (
        "Expected a section definition",
        SyntaxErrorKind::BeforeFirstSection,
    ),
    (
        "Expected a profile definition",
        SyntaxErrorKind::BeforeFirstSection,
    ),
];

/// Cases where ssolint knowingly differs from one suite, with the reason.
const DIVERGENCES: &[(&str, &str, &str)] = &[(
    "kotlin",
    "SSO Session in credentials file is invalid",
    "Kotlin alone raises an error; the SEP suite and the Rust SDK ignore [sso-session …] in the \
     credentials file (SEP case 'sso-sessions in the credentials file are ignored'). ssolint follows \
     the spec and the Rust SDK and reports the section as ignored.",
)];

fn first_error_kind<'c>(config: &'c Config) -> Option<&'c SyntaxErrorKind> {
    config.fatal.iter().find_map(|p| match &p.kind {
        ProblemKind::Syntax(kind) => Some(kind),
        _ => None,
    })
}

/// Runs one case; returns a failure description or `None`.
fn run_case(suite: &str, case: &Value, form: SubForm) -> Option<String> {
    let name = case["name"].as_str().unwrap_or("?");
    let input = &case["input"];
    let output = &case["output"];
    let config = load(input);

    if let Some((_, _, why)) = DIVERGENCES
        .iter()
        .find(|(s, n, _)| *s == suite && *n == name)
    {
        // The documented behaviour: no error, the section is reported as ignored.
        let ok = config.fatal.is_empty()
            && config.sso_sessions.is_empty()
            && config
                .notes
                .iter()
                .any(|n| n.kind == ProblemKind::SectionIgnored);
        return (!ok).then(|| format!("divergence no longer holds ({why})"));
    }

    if let Some(expected) = output.get("errorContaining").and_then(Value::as_str) {
        let got = first_error_kind(&config);
        if expected == "Encountered unexpected token" {
            // Kotlin words every parse error this way: any parse error matches.
            return got
                .is_none()
                .then(|| "expected a parse error, got none".to_string());
        }
        let meaning = ERROR_MEANINGS
            .iter()
            .find(|(text, _)| expected.contains(text))
            .map(|(_, kind)| kind)
            .unwrap_or_else(|| panic!("{suite}: no meaning known for error wording {expected:?}"));
        return (got != Some(meaning))
            .then(|| format!("expected {meaning:?} ({expected:?}), got {got:?}"));
    }
    if !config.fatal.is_empty() {
        return Some(format!("unexpected error: {:?}", config.fatal));
    }

    let (profiles, sessions, services, unknown) = (
        blocks_json(&config.profiles, form),
        blocks_json(&config.sso_sessions, form),
        blocks_json(&config.services, form),
        // Kotlin keys its other sections by name only.
        Value::Object(
            config
                .other
                .iter()
                .map(|(k, b)| {
                    (
                        k.split_once(' ').map_or(k.as_ref(), |(_, n)| n).to_string(),
                        block_json(b, form),
                    )
                })
                .collect(),
        ),
    );
    let mut checks: Vec<(&str, Value, Value)> = Vec::new();
    match suite {
        "sep" => {
            if let Some(p) = output.get("profiles") {
                checks.push(("profiles", p.clone(), profiles));
            }
            if let Some(s) = output.get("ssoSessions") {
                checks.push(("ssoSessions", s.clone(), sessions));
            }
        }
        "rust" => {
            let c = &output["config"];
            checks.push(("profiles", c["profiles"].clone(), profiles));
            checks.push((
                "sso_sessions",
                c.get("sso_sessions").cloned().unwrap_or(json!({})),
                sessions,
            ));
        }
        "kotlin" => {
            // Kotlin keeps property-name case; the other SDKs (and ssolint) lower-case keys.
            let lower = |v: &Value| lowercase_keys(v);
            let get = |k: &str| output.get(k).cloned().unwrap_or(json!({}));
            checks.push(("profiles", lower(&get("profiles")), lower(&profiles)));
            checks.push((
                "sso-sessions",
                lower(&get("sso-sessions")),
                lower(&sessions),
            ));
            if let Some(s) = output.get("services") {
                checks.push(("services", s.clone(), services));
            }
            if let Some(u) = output.get("unknown") {
                checks.push(("unknown", u.clone(), unknown));
            }
        }
        _ => unreachable!(),
    }
    checks
        .into_iter()
        .find(|(_, want, got)| want != got)
        .map(|(what, want, got)| format!("{what}: expected {want}, got {got}"))
}

/// Lower-cases the property names (second level) of a `{section: {key: value}}` map.
fn lowercase_keys(v: &Value) -> Value {
    let Some(sections) = v.as_object() else {
        return v.clone();
    };
    Value::Object(
        sections
            .iter()
            .map(|(name, props)| {
                let props = props
                    .as_object()
                    .map(|p| {
                        p.iter()
                            .map(|(k, v)| (k.to_lowercase(), v.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                (name.clone(), Value::Object(props))
            })
            .collect(),
    )
}

fn run_suite(suite: &str, file: &str, form: SubForm, expected_cases: usize) {
    let data = common::read_json(common::sdk_testdata().join(file));
    let cases = data["tests"].as_array().expect("tests array");
    assert_eq!(
        cases.len(),
        expected_cases,
        "{file}: the suite changed size"
    );
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            run_case(suite, case, form).map(|why| {
                format!(
                    "#{i} {:?}\n    input: {}\n    {why}",
                    case["name"].as_str().unwrap_or("?"),
                    case["input"]
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed in {file}:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn sep_config_file_parser_suite() {
    run_suite("sep", "config-file-parser-tests.json", SubForm::Map, 118);
}

#[test]
fn rust_sdk_profile_parser_suite() {
    run_suite("rust", "profile-parser-tests.json", SubForm::Raw, 65);
}

#[test]
fn kotlin_profile_parser_suite() {
    run_suite(
        "kotlin",
        "extracted/kotlin-profile-parser-tests.json",
        SubForm::Map,
        67,
    );
}

/// Runs a file-location suite. `ignored` variables are run both ways the harnesses do:
/// set to the literal "ignored" (Rust) and left unset (smithy-python).
fn run_location_suite(file: &str, expected_cases: usize) {
    let data = common::read_json(common::sdk_testdata().join(file));
    let cases = data["tests"].as_array().expect("tests array");
    assert_eq!(
        cases.len(),
        expected_cases,
        "{file}: the suite changed size"
    );
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let platform = match case["platform"].as_str() {
            Some("windows") => Platform::Windows,
            _ => Platform::Unix,
        };
        let env: Vec<(String, String)> = case["environment"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let home = case
            .get("languageSpecificHome")
            .and_then(Value::as_str)
            .map(str::to_string);
        for drop_ignored in [false, true] {
            let lookup = |k: &str| {
                env.iter()
                    .find(|(n, v)| n == k && !(drop_ignored && v == "ignored"))
                    .map(|(_, v)| v.clone())
            };
            let got = locate(Dialect::Sdk, platform, &lookup, home.clone());
            let mut check = |what: &str, want: Option<&str>, got: &str| {
                if let Some(want) = want
                    && want != got
                {
                    failures.push(format!(
                        "{name:?} (ignored vars {}): {what}: expected {want}, got {got}",
                        if drop_ignored { "unset" } else { "set" }
                    ));
                }
            };
            check("config", case["configLocation"].as_str(), &got.config);
            check(
                "credentials",
                case["credentialsLocation"].as_str(),
                &got.credentials,
            );
            check(
                "profile",
                case.get("profile").and_then(Value::as_str),
                &got.profile,
            );
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

#[test]
fn config_file_location_suite() {
    run_location_suite("config-file-location-tests.json", 10);
}

#[test]
fn file_location_suite() {
    run_location_suite("file-location-tests.json", 9);
}

#[test]
fn kotlin_file_location_suite() {
    run_location_suite("extracted/kotlin-file-location-tests.json", 11);
}
