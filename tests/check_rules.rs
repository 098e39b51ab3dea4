//! The rule engine through its library API: every rule's example as a reviewed snapshot
//! (input, findings with exact positions, the fix as a diff), clean fixtures, fixes,
//! suppressions, settings, and hostile input.

mod common;

use common::examples::{Example, doc_examples};
use ssolint::fix;
use ssolint::lint::settings::{Settings, SettingsError, SettingsFile};
use ssolint::lint::{self, Input, RULES, Severity};
use ssolint::model::FileKind;
use ssolint::syntax::LineIndex;

fn fixture(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name);
    std::fs::read_to_string(path).ok()
}

fn only(code: &str) -> Settings {
    Settings::new(&SettingsFile::default(), Some(&[code.to_string()]), &[]).unwrap()
}

fn codes(input: &Input, settings: &Settings) -> Vec<&'static str> {
    lint::check(input, settings)
        .diagnostics
        .iter()
        .map(|d| d.rule.code)
        .collect()
}

fn config(text: &str) -> Input<'_> {
    Input {
        config: Some(text),
        ..Input::default()
    }
}

/// Biome's snapshot shape: the input, each finding at `line:col-line:col` with its labels,
/// help and fix, and the files after applying this rule's fixes.
fn annotate(example: &Example, settings: &Settings, unsafe_fixes: bool) -> String {
    let input = example.input();
    let report = lint::check(&input, settings);
    let text_of = |kind: FileKind| match kind {
        FileKind::Config => input.config.unwrap_or(""),
        FileKind::Credentials => input.credentials.unwrap_or(""),
    };
    let position = |at: ssolint::model::Location| {
        let text = text_of(at.file);
        let index = LineIndex::new(text);
        let (s, e) = (
            index.line_col(text, at.span.start()),
            index.line_col(text, at.span.end()),
        );
        format!(
            "{}:{}:{}-{}:{}",
            at.file.name(),
            s.line,
            s.column,
            e.line,
            e.column
        )
    };
    let mut out = String::new();
    for (kind, text) in [("config", input.config), ("credentials", input.credentials)] {
        if let Some(text) = text {
            out.push_str(&format!("--- {kind} ---\n{text}"));
            if !text.ends_with('\n') {
                out.push_str("\n\\ no newline at end of file\n");
            }
        }
    }
    out.push_str("--- findings ---\n");
    for d in &report.diagnostics {
        out.push_str(&format!(
            "{} {} {} [{}]: {}\n",
            position(d.at),
            d.severity.name(),
            d.rule.code,
            affected(d.affects),
            d.message
        ));
        for label in &d.labels {
            out.push_str(&format!(
                "  label {}: {}\n",
                position(label.at),
                label.message
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        if let Some(f) = &d.fix {
            out.push_str(&format!(
                "  fix ({}): {}\n",
                f.applicability.name(),
                f.title
            ));
        }
    }
    let fixed = fix::fix(&input, settings, unsafe_fixes);
    for (kind, before, after) in [
        ("config", input.config, fixed.config.as_deref()),
        (
            "credentials",
            input.credentials,
            fixed.credentials.as_deref(),
        ),
    ] {
        if let (Some(before), Some(after)) = (before, after)
            && let Some(diff) = fix::unified_diff(kind, before, after)
        {
            out.push_str("--- after --fix --unsafe-fixes ---\n");
            out.push_str(&diff);
        }
    }
    out
}

#[test]
fn every_rule_example_snapshot() {
    for rule in RULES {
        let (bad, _) = doc_examples(rule.doc);
        let text = annotate(&Example::merge(&bad), &only(rule.code), true);
        insta::with_settings!({
            snapshot_path => "../snapshots/rules",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{}-{}", rule.code, rule.name), text);
        });
    }
}

/// The CLI's check (which leaves the context to the process exit) reports what the
/// library's does, on every rule's bad example with every rule enabled.
#[test]
fn check_before_exit_reports_what_check_reports() {
    let settings = Settings::default();
    for rule in RULES {
        let (bad, _) = doc_examples(rule.doc);
        let example = Example::merge(&bad);
        let input = Input {
            config: example.config.as_deref(),
            credentials: example.credentials.as_deref(),
            config_mode: example.config_mode,
            credentials_mode: example.credentials_mode,
        };
        let freed = lint::check(&input, &settings);
        let kept = lint::check_before_exit(&input, &settings);
        assert!(
            !freed.diagnostics.is_empty() || rule.code == "X001",
            "{}",
            rule.code
        );
        assert_eq!(freed.diagnostics, kept.diagnostics, "{}", rule.code);
        assert_eq!(
            (freed.suppressed, &freed.crashed),
            (kept.suppressed, &kept.crashed),
            "{}",
            rule.code
        );
    }
}

/// Fixtures whose first line is `# expect: CODES` produce exactly those codes.
#[test]
fn clean_fixtures_produce_only_the_expected_codes() {
    let settings = Settings::default();
    for name in ["modern", "quoted-names", "third-party"] {
        let config_text = fixture(&format!("{name}.config"));
        let credentials_text = fixture(&format!("{name}.credentials"));
        let expected: Vec<&str> = config_text
            .as_deref()
            .and_then(|t| t.lines().next())
            .and_then(|l| l.strip_prefix("# expect:"))
            .map(|l| l.split_whitespace().collect())
            .unwrap_or_default();
        let input = Input {
            config: config_text.as_deref(),
            credentials: credentials_text.as_deref(),
            ..Input::default()
        };
        let report = lint::check(&input, &settings);
        let got: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        let got_codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
        assert_eq!(got_codes, expected, "{name}: {got:#?}");
    }
}

#[test]
fn empty_cli_pager_is_legitimate_but_empty_region_is_not() {
    assert!(codes(&config("[default]\ncli_pager =\n"), &only("K005")).is_empty());
    assert_eq!(
        codes(&config("[default]\nregion =\n"), &only("K005")),
        ["K005"]
    );
}

#[test]
fn quoted_profile_names_resolve_for_references() {
    let text = "[profile \"a b\"]\naws_access_key_id = AKIDEXAMPLE1234567\naws_secret_access_key = x\n\n[profile c]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = a b\n";
    assert!(codes(&config(text), &only("R001")).is_empty());
    assert!(codes(&config(text), &only("P008")).is_empty());
}

#[test]
fn inline_comment_message_names_both_readings() {
    let report = lint::check(
        &config("[profile p]\nregion = us-east-1 # prod\n"),
        &only("P006"),
    );
    let message = &report.diagnostics[0].message;
    assert!(
        message.contains("the AWS CLI and boto3 read `us-east-1 # prod`"),
        "{message}"
    );
    assert!(
        message.contains("the SDKs strip the comment and read `us-east-1`"),
        "{message}"
    );
    // After a white space other than space or tab, Go and Java keep the comment.
    let report = lint::check(
        &config("[profile p]\nregion = us-east-1\u{a0}# prod\n"),
        &only("P006"),
    );
    let message = &report.diagnostics[0].message;
    assert!(
        message.contains("the Rust and JavaScript SDKs strip the comment")
            && message.contains("the Go and Java SDKs read `us-east-1\u{a0}# prod`"),
        "{message}"
    );
}

#[test]
fn fixes_keep_every_other_byte_crlf_and_missing_final_newline() {
    let text = "# top\r\n[profile a]\r\nregion = us-east-1\r\nregion = us-east-1\r\n\r\n[sso-session s]\r\nsso_start_url = https://s.awsapps.com/start\r\nsso_region = us-east-1";
    let fixed = fix::fix(&config(text), &Settings::default(), false);
    let after = fixed.config.unwrap();
    assert_eq!(
        after,
        "# top\r\n[profile a]\r\nregion = us-east-1\r\n\r\n[sso-session s]\r\nsso_start_url = https://s.awsapps.com/start\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access"
    );
    // A second run finds nothing more to fix.
    let again = fix::fix(&config(&after), &Settings::default(), false);
    assert_eq!(again.config.as_deref(), Some(after.as_str()));
    assert_eq!(again.fixed, 0);
}

#[test]
fn registration_scopes_fix_follows_the_sections_spacing() {
    let text = "[sso-session s]\nsso_start_url=https://s.awsapps.com/start\nsso_region=us-east-1\n\n[profile p]\nsso_session=s\n";
    let fixed = fix::fix(&config(text), &only("S009"), false);
    assert_eq!(
        fixed.config.unwrap(),
        "[sso-session s]\nsso_start_url=https://s.awsapps.com/start\nsso_region=us-east-1\nsso_registration_scopes=sso:account:access\n\n[profile p]\nsso_session=s\n"
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let text = "[profile p]\nregion = us-east-1 # prod\n";
    let safe = fix::fix(&config(text), &only("P006"), false);
    assert_eq!(safe.config.as_deref(), Some(text));
    let all = fix::fix(&config(text), &only("P006"), true);
    assert_eq!(
        all.config.as_deref(),
        Some("[profile p]\n# prod\nregion = us-east-1\n")
    );
}

#[test]
fn fix_rounds_are_bounded() {
    let text = "[profile p]\nregion = us-east-1\nregion = us-east-1\nregion = us-east-1\n";
    let fixed = fix::fix(&config(text), &Settings::default(), false);
    assert_eq!(
        fixed.config.as_deref(),
        Some("[profile p]\nregion = us-east-1\n")
    );
    assert!(fixed.rounds <= fix::MAX_ROUNDS);
}

/// A suppressed S001 on a section and a suppressed K001 on a key, then an unsuppressed K001.
const SUPPRESSED: &str = "# ssolint: ignore[S001] migrated next quarter\n[profile legacy]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n\n[profile other]\n# ssolint: ignore[K001]\nregoin = us-east-1\nregoin2 = us-east-1\n";

#[test]
fn suppression_comments_cover_the_next_section_or_key() {
    only_the_unsuppressed_key_is_left(SUPPRESSED);
}

/// The same suppressions in a large input (checked on both cores, its suppression
/// comments collected beside the rules): the same findings are left.
#[test]
fn suppression_comments_hold_in_a_large_input() {
    // Padding after the sections, large enough for the two cores (256 KiB).
    let padding: String = (0..8_000)
        .map(|i| format!("[profile pad{i}]\nregion = us-east-1\n"))
        .collect();
    let text = format!("{SUPPRESSED}{padding}");
    assert!(text.len() >= 256 * 1024);
    only_the_unsuppressed_key_is_left(&text);
}

fn only_the_unsuppressed_key_is_left(text: &str) {
    let report = lint::check(&config(text), &Settings::default());
    let got: Vec<(&str, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code, d.at.span.start()))
        .collect();
    // S001 is suppressed, the first K001 too; the second K001 is not.
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "K001");
    assert_eq!(&text[got[0].1..got[0].1 + 7], "regoin2");
    assert_eq!(report.suppressed, 2);
}

#[test]
fn file_ignore_and_unused_suppressions() {
    let text = "# ssolint: file-ignore[K001, S010]\n[profile a]\nregoin = x\n";
    let report = lint::check(&config(text), &Settings::default());
    let got: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
    assert_eq!(got, ["X001"], "S010 is unused here");
    assert!(report.diagnostics[0].message.contains("`S010`"));
    let fixed = fix::fix(&config(text), &Settings::default(), false);
    assert_eq!(
        fixed.config.unwrap(),
        "# ssolint: file-ignore[K001]\n[profile a]\nregoin = x\n"
    );
}

#[test]
fn trailing_comments_never_suppress() {
    let text = "[profile p]\nregoin = x # ssolint: ignore[K001]\n";
    let got = codes(&config(text), &Settings::default());
    assert!(got.contains(&"K001"), "{got:?}");
    assert!(got.contains(&"P006"), "{got:?}");
}

#[test]
fn unknown_rule_in_a_suppression_is_reported() {
    let text = "# ssolint: ignore[Z999]\n[profile p]\nregion = us-east-1\n";
    let report = lint::check(&config(text), &Settings::default());
    assert_eq!(report.diagnostics.len(), 1);
    assert!(
        report.diagnostics[0]
            .message
            .contains("names no ssolint rule")
    );
}

#[test]
fn selection_by_code_name_prefix_and_all_with_specificity() {
    let file = SettingsFile::parse("select = [\"S\"]\nignore = [\"S010\"]\n").unwrap();
    let s = Settings::new(&file, None, &[]).unwrap();
    let enabled: Vec<&str> = RULES
        .iter()
        .filter(|r| s.is_enabled(r))
        .map(|r| r.code)
        .collect();
    assert!(enabled.iter().all(|c| c.starts_with('S')));
    assert!(!enabled.contains(&"S010") && enabled.contains(&"S001"));
    // A more specific select wins over a broader ignore.
    let s = Settings::new(
        &SettingsFile::default(),
        Some(&["legacy-sso-profile".into()]),
        &["S".into()],
    )
    .unwrap();
    assert!(s.is_enabled(ssolint::lint::rule_by_code("S001").unwrap()));
    assert!(!s.is_enabled(ssolint::lint::rule_by_code("S002").unwrap()));
    let err = Settings::new(&SettingsFile::default(), Some(&["Q9".into()]), &[]).unwrap_err();
    assert_eq!(
        err,
        SettingsError::NoSuchRule {
            selector: "Q9".into()
        }
    );
    assert!(err.to_string().contains("selects no rule"), "{err}");
    // Where each error is in the file: the parser's position, else the quoted culprit.
    let text = "# team settings\nselekt = [\"S\"]\n";
    let err = SettingsFile::parse(text).unwrap_err();
    assert!(
        matches!(
            err,
            SettingsError::Syntax {
                line: 2,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.position_in(text), Some((2, 1)));
    let text = "select = [\"S\", \"Q9\"]\n";
    let file = SettingsFile::parse(text).unwrap();
    let err = Settings::new(&file, None, &[]).unwrap_err();
    assert_eq!(err.position_in(text), Some((1, 16)));
    let text = "[severity]\nQ9 = \"error\"\n";
    let err = Settings::new(&SettingsFile::parse(text).unwrap(), None, &[]).unwrap_err();
    assert_eq!(
        (err.clone(), err.position_in(text)),
        (
            SettingsError::SeverityForNoRule {
                selector: "Q9".into()
            },
            Some((2, 1))
        )
    );
    let text = "readers = [\"botocore\", \"cobol\"]\n";
    let err = Settings::new(&SettingsFile::parse(text).unwrap(), None, &[]).unwrap_err();
    assert_eq!(err.position_in(text), Some((1, 24)));
    // A mention in a comment, or inside another value, is not the place (the first
    // occurrence in the text once was).
    let text = "# \"Q9\" was renamed\nreaders = [\"botocore\"]\nselect = [\"S\", 'Q9']\n";
    let err = Settings::new(&SettingsFile::parse(text).unwrap(), None, &[]).unwrap_err();
    assert_eq!(err.position_in(text), Some((3, 16)));
    // From the command line: nowhere in the file.
    let err = Settings::new(&SettingsFile::default(), Some(&["Q9".into()]), &[]).unwrap_err();
    assert_eq!(err.position_in("ignore = [\"S\"]\n"), None);
}

#[test]
fn severity_overrides_and_known_keys_from_settings() {
    let file = SettingsFile::parse(
        "known-keys = [\"my_tool_token_path\"]\n[severity]\nS001 = \"error\"\nunknown-key = \"info\"\n",
    )
    .unwrap();
    let settings = Settings::new(&file, None, &[]).unwrap();
    let text = "[profile p]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\nmy_tool_token_path = /x\nregoin = y\n";
    let report = lint::check(&config(text), &settings);
    let got: Vec<(&str, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code, d.severity))
        .collect();
    assert_eq!(got, [("S001", Severity::Error), ("K001", Severity::Info)]);
}

#[test]
fn dialect_filter_keeps_findings_for_the_chosen_reader() {
    let text = "[profile dev] production\nregion = us-east-1\n";
    let mut settings = Settings::default();
    assert_eq!(codes(&config(text), &settings), ["P002"]);
    settings.readers = ssolint::lint::Readers::BOTOCORE;
    assert!(
        codes(&config(text), &settings).is_empty(),
        "botocore reads that header"
    );
}

#[test]
fn did_you_mean_suggestions() {
    let report = lint::check(
        &config("[profile p]\nsso_regoin = us-east-1\n"),
        &only("K001"),
    );
    assert_eq!(
        report.diagnostics[0].help.as_deref(),
        Some("did you mean `sso_region`?")
    );
    let report = lint::check(&config("[profile p]\nregion = eu-wset-1\n"), &only("K003"));
    assert_eq!(
        report.diagnostics[0].fix.as_ref().unwrap().edits[0].replacement,
        "eu-west-1"
    );
    let report = lint::check(&config("[profile p]\noutput = jsn\n"), &only("K004"));
    assert_eq!(
        report.diagnostics[0].fix.as_ref().unwrap().edits[0].replacement,
        "json"
    );
}

#[test]
fn regions_of_every_partition_are_known() {
    for region in [
        "cn-north-1",
        "us-gov-west-1",
        "us-iso-east-1",
        "us-isob-east-1",
        "eu-isoe-west-1",
        "us-isof-south-1",
        "eusc-de-east-1",
        "mx-central-1",
    ] {
        let text = format!("[profile p]\nregion = {region}\n");
        assert!(codes(&config(&text), &only("K003")).is_empty(), "{region}");
    }
    let report = lint::check(
        &config("[profile p]\nregion = ap-southeast-9\n"),
        &only("K003"),
    );
    assert_eq!(
        report.diagnostics[0].severity,
        Severity::Info,
        "unlisted but well-formed"
    );
    let report = lint::check(&config("[profile p]\nregion = aws-global\n"), &only("K003"));
    assert_eq!(report.diagnostics[0].severity, Severity::Error);
}

#[test]
fn secrets_never_appear_in_findings() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let text = format!(
        "[profile p]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {secret}\naws_session_token = {secret}TOKEN\naws_secret_access_key = other\n"
    );
    let report = lint::check(&config(&text), &Settings::default());
    assert!(!report.diagnostics.is_empty());
    for d in &report.diagnostics {
        let all = format!("{} {:?} {:?}", d.message, d.help, d.labels);
        assert!(!all.contains(secret), "{}: {all}", d.rule.code);
    }
}

#[test]
fn hostile_input_is_reported_not_fatal() {
    let settings = Settings::default();
    // Binary-looking text (valid UTF-8 control characters and NULs).
    let binary: String = (0u8..=127).cycle().take(100_000).map(char::from).collect();
    let _ = lint::check(&config(&binary), &settings);
    // A 10 MB single line.
    let long = format!("[profile p]\nregion = {}\n", "x".repeat(10 * 1024 * 1024));
    let report = lint::check(&config(&long), &settings);
    assert!(report.diagnostics.iter().any(|d| d.rule.code == "K003"));
    // 100 000 sections.
    let mut many = String::new();
    for i in 0..100_000 {
        many.push_str(&format!("[profile p{i}]\nregion = us-east-1\n"));
    }
    let report = lint::check(&config(&many), &settings);
    assert!(report.diagnostics.is_empty());
}

/// Findings per code, for comparing reports.
fn counts(report: &lint::Report) -> std::collections::BTreeMap<&'static str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for d in &report.diagnostics {
        *counts.entry(d.rule.code).or_default() += 1;
    }
    counts
}

#[test]
fn a_large_input_finds_exactly_what_its_parts_find() {
    // Large inputs run the rules on two threads; the findings must not depend on it.
    let block = |i: usize| {
        format!(
            "[profile legacy{i}]\nsso_start_url = https://acme{i}.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 11112222333{}\nsso_role_name = Dev\nregoin = eu-west-1\n\n\
             [profile half{i}]\nsso_session = s{i}\nsso_account_id = 111122223333\nregion = mars-1\n\n\
             [sso-session s{i}]\nsso_start_url = https://s{i}.awsapps.com/start\nsso_region = eu-west-1\n\n\
             [profile chain{i}]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = nowhere{i}\noutput = xml\n\n",
            i % 10
        )
    };
    let settings = Settings::default();
    let one = block(0);
    let single = lint::check(&config(&one), &settings);
    assert!(!config(&one).is_large());
    let copies = 2_000;
    let many: String = (0..copies).map(block).collect();
    assert!(config(&many).is_large(), "{} bytes", many.len());
    let large = lint::check(&config(&many), &settings);
    let expected: std::collections::BTreeMap<_, _> = counts(&single)
        .into_iter()
        .map(|(code, n)| (code, n * copies))
        .collect();
    assert!(
        expected.len() >= 6,
        "the block trips several rules: {expected:?}"
    );
    assert_eq!(counts(&large), expected);
    // Sorted by position, as every consumer expects.
    assert!(
        large
            .diagnostics
            .windows(2)
            .all(|w| w[0].at.span.start() <= w[1].at.span.start())
    );
}

#[test]
fn values_are_checked_when_a_blank_line_follows() {
    // botocore's tree keeps the blank lines after a value; they continue nothing, so the
    // last key of every section (the usual layout) is checked like any other.
    let text = "[profile a]\nregion = mars-1\noutput = xml\n\n[profile b]\noutput = xml\nregion = mars-1\n\n\n[profile c]\nregion = us-east-1 # prod\n\n";
    let found = codes(&config(text), &Settings::default());
    assert_eq!(found, ["K003", "K004", "K004", "K003", "P006"], "{found:?}");
    let report = lint::check(&config(text), &Settings::default());
    let p006 = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "P006")
        .unwrap();
    assert!(p006.fix.is_some(), "the comment can move above the line");
}

/// Who a finding concerns, in the snapshots' words.
fn affected(readers: ssolint::lint::Readers) -> String {
    use ssolint::lint::Readers;
    match readers {
        r if r == Readers::ALL => "all tools".into(),
        r if r == Readers::BOTOCORE => "botocore".into(),
        r if r == Readers::SDK => "sdk".into(),
        r if r.is_empty() => "none".into(),
        r => r.names().join(","),
    }
}

/// R002 on random `source_profile` graphs (self references, with and without static keys,
/// chains into loops, dangling names) against a walk of every profile: exactly the loops
/// are reported, each once, naming exactly its profiles.
#[test]
fn source_profile_loops_are_exactly_the_cycles_of_the_graph() {
    let mut seed: u64 = 0x5eed;
    let mut below = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for _ in 0..300 {
        let n = 1 + below(10) as usize;
        // `targets[p]`: the profile `p` names, if any (index n: a profile that does not exist).
        let mut targets = Vec::new();
        let mut static_keys = Vec::new();
        let mut text = String::new();
        for p in 0..n {
            let target = (below(3) != 0).then(|| below(n as u64 + 1) as usize);
            let keys = below(4) == 0;
            text.push_str(&format!("[profile p{p}]\n"));
            if let Some(t) = target {
                text.push_str(&format!(
                    "source_profile = p{t}\nrole_arn = arn:aws:iam::123456789012:role/R\n"
                ));
            }
            if keys {
                text.push_str("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
            }
            targets.push(target);
            static_keys.push(keys);
        }
        // The rule's next step: a profile naming itself with static keys ends its chain.
        let next = |p: usize| -> Option<usize> {
            let t = targets[p]?;
            (t < n && !(t == p && static_keys[p])).then_some(t)
        };
        let mut expected: std::collections::BTreeSet<std::collections::BTreeSet<String>> =
            Default::default();
        for p in 0..n {
            let mut cycle = std::collections::BTreeSet::new();
            let mut at = next(p);
            for _ in 0..n {
                match at {
                    Some(q) => {
                        cycle.insert(format!("p{q}"));
                        if q == p {
                            expected.insert(cycle.clone());
                            break;
                        }
                        at = next(q);
                    }
                    None => break,
                }
            }
        }
        let report = lint::check(&config(&text), &only("R002"));
        let found: Vec<std::collections::BTreeSet<String>> = report
            .diagnostics
            .iter()
            .map(|d| {
                let message = d.message.to_string();
                message
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .take_while(|part| part.starts_with('p'))
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        assert_eq!(found.len(), expected.len(), "{text}");
        assert_eq!(
            found.into_iter().collect::<std::collections::BTreeSet<_>>(),
            expected,
            "{text}"
        );
    }
}
