//! Tidy checks: the rule docs under `rules/` and the rules in code agree, every doc's
//! example produces its code and every fixed example does not, and the key catalogue loads.

mod common;

use std::collections::BTreeSet;

use common::examples::{Example, doc_examples};
use ssolint::lint::registry::{RULES, split_front_matter};
use ssolint::lint::{self, Settings};

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn every_rule_has_a_doc_and_every_doc_a_rule() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(repo("rules"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    let in_code: BTreeSet<String> = RULES.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(
        on_disk, in_code,
        "rules/*.md and the registered rules differ"
    );
}

#[test]
fn codes_and_names_are_unique_sorted_and_well_formed() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_by_key(|c| {
        let prefix = ["P", "S", "R", "K", "C", "X"]
            .iter()
            .position(|p| c.starts_with(p))
            .unwrap();
        (prefix, c.to_string())
    });
    assert_eq!(codes, sorted, "RULES must be in catalogue order");
    let names: BTreeSet<&str> = RULES.iter().map(|r| r.name).collect();
    assert_eq!(names.len(), RULES.len(), "rule names must be unique");
    for rule in RULES {
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            rule.name
        );
        assert!(
            !rule.name.starts_with("no-") && !rule.name.starts_with("disallow"),
            "{}: name the pattern, not the ban",
            rule.name
        );
    }
}

#[test]
fn front_matter_matches_the_code() {
    for rule in RULES {
        let (front, body) = split_front_matter(rule.doc)
            .unwrap_or_else(|| panic!("rules/{}.md has no +++ front matter", rule.code));
        let front: toml::Table = toml::from_str(front).unwrap();
        let field = |k: &str| front.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        assert_eq!(field("code"), rule.code);
        assert_eq!(field("name"), rule.name, "{}", rule.code);
        assert_eq!(field("severity"), rule.severity.name(), "{}", rule.code);
        let fix = match rule.fix {
            None => "none",
            Some(a) => a.name(),
        };
        assert_eq!(field("fix"), fix, "{}", rule.code);
        assert!(!field("since").is_empty(), "{}: since", rule.code);
        for section in [
            "## What it flags",
            "## Why it matters",
            "## Example",
            "## Fixed example",
        ] {
            assert!(
                body.contains(section),
                "rules/{}.md lacks `{section}`",
                rule.code
            );
        }
        assert!(
            body.contains(&format!("# {} ({})", rule.name, rule.code)),
            "{}: title",
            rule.code
        );
    }
}

fn codes(example: &Example, settings: &Settings) -> Vec<&'static str> {
    lint::check(&example.input(), settings)
        .diagnostics
        .iter()
        .map(|d| d.rule.code)
        .collect()
}

#[test]
fn every_example_produces_its_code_and_every_fixed_example_does_not() {
    let settings = Settings::default();
    let mut failures = Vec::new();
    for rule in RULES {
        let (bad, good) = doc_examples(rule.doc);
        assert!(!bad.is_empty(), "{}: no example", rule.code);
        assert!(!good.is_empty(), "{}: no fixed example", rule.code);
        let bad_codes = codes(&Example::merge(&bad), &settings);
        if !bad_codes.contains(&rule.code) {
            failures.push(format!(
                "{}: the example does not produce {} (it produces {bad_codes:?})",
                rule.code, rule.code
            ));
        }
        let good_codes = codes(&Example::merge(&good), &settings);
        if good_codes.contains(&rule.code) {
            failures.push(format!(
                "{}: the fixed example still produces {}",
                rule.code, rule.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Fixed examples are what we tell users to write: nothing in them may be an error or a
/// warning, under any rule.
#[test]
fn fixed_examples_are_clean_under_every_rule() {
    let settings = Settings::default();
    let mut failures = Vec::new();
    for rule in RULES {
        let (_, good) = doc_examples(rule.doc);
        let report = lint::check(&Example::merge(&good).input(), &settings);
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= lint::Severity::Warning)
        {
            failures.push(format!(
                "{}'s fixed example: {} {}",
                rule.code, d.rule.code, d.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn key_catalogue_loads_and_knows_every_region_partition() {
    let catalog =
        ssolint::lint::keys::parse(&std::fs::read_to_string(repo("rules/keys.toml")).unwrap())
            .unwrap();
    assert!(catalog.keys.len() > 100);
    let partitions: BTreeSet<&str> = catalog
        .partitions()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    for p in [
        "aws",
        "aws-cn",
        "aws-us-gov",
        "aws-iso",
        "aws-iso-b",
        "aws-iso-e",
        "aws-iso-f",
        "aws-eusc",
    ] {
        assert!(partitions.contains(p), "partition {p}");
    }
    for key in &catalog.keys {
        assert!(!key.description.is_empty(), "{}: description", key.name);
        assert!(
            ["yes", "tolerated", "no"].contains(&key.in_credentials_file.as_str()),
            "{}: in_credentials_file",
            key.name
        );
        if key.kind == "enum" {
            assert!(
                !key.values.is_empty() || catalog.enum_values(&key.name).is_some(),
                "{}: enum without values",
                key.name
            );
        }
    }
}

/// The README's rule table is written from `ssolint rule --all`: it must list every rule
/// with its current name and severity.
#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    for rule in RULES {
        let row = format!(
            "| {} | `{}` | {} |",
            rule.code,
            rule.name,
            rule.severity.name()
        );
        assert!(
            readme.contains(&row),
            "README.md lacks the row for {}: {row}",
            rule.code
        );
    }
}

/// The README documents every flag of every subcommand, and every subcommand: the help texts
/// (clap's definitions) and the README cannot drift apart.
#[test]
fn readme_documents_every_subcommand_and_flag() {
    use clap::CommandFactory;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut missing = Vec::new();
    let mut flags = 0;
    for sub in ssolint::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        if !readme.contains(&format!("ssolint {name}")) {
            missing.push(format!("subcommand `ssolint {name}`"));
        }
        for arg in sub.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if ["help", "version"].contains(&long) {
                continue;
            }
            flags += 1;
            if !readme.contains(&format!("--{long}")) {
                missing.push(format!("`ssolint {name} --{long}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the README does not mention:\n{}",
        missing.join("\n")
    );
    assert!(flags > 60, "only {flags} flags seen");
}

/// Every registered rule has exactly one check, in code order, except X001, whose findings
/// come from the suppression pass (`lint::suppress`).
#[test]
fn every_rule_but_x001_has_one_check() {
    use ssolint::lint::rules::{CHECKS, check_of};
    let checked: Vec<&str> = CHECKS.iter().map(|(r, _)| r.code).collect();
    let registered: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|&c| c != "X001")
        .collect();
    assert_eq!(checked, registered);
    assert!(check_of(&ssolint::lint::registry::X001).is_none());
}
