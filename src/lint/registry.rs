//! The rule registry: every rule's stable identity and defaults (code, name, severity,
//! fix applicability, documentation), and selecting rules by code, name or prefix. The
//! bottom of `lint`: it knows nothing of files; `settings` selects from it, `diagnostic`
//! stamps findings with it, and `rules` maps each entry to its check (X001's findings come
//! from `suppress`). Codes are stable: never renumber, never reuse.

use std::fmt;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without the user reviewing it (ruff's terms).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Keeps what every AWS tool reads, or only removes what none of them uses.
    Safe,
    /// Changes what some tool reads (usually to what the user meant): `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A rule's identity and defaults. Its check is `rules::check_of(rule)`.
pub struct Rule {
    pub code: &'static str,
    /// Kebab-case; reads well after "allow" (ruff's naming test).
    pub name: &'static str,
    pub severity: Severity,
    /// The fix it offers, if any.
    pub fix: Option<Applicability>,
    /// `rules/<CODE>.md`: TOML front matter, then Markdown.
    pub doc: &'static str,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

impl Rule {
    /// The Markdown body of the doc (without its front matter).
    pub fn doc_body(&self) -> &'static str {
        split_front_matter(self.doc).map_or(self.doc, |(_, body)| body)
    }

    /// The first paragraph of "What it flags", as one line.
    pub fn summary(&self) -> String {
        let body = self.doc_body();
        let after = body
            .split_once("## What it flags")
            .map_or(body, |(_, rest)| rest);
        after
            .trim_start()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Its position in [`RULES`].
    pub fn index(&self) -> usize {
        RULES
            .iter()
            .position(|r| r.code == self.code)
            .expect("every rule is registered")
    }
}

/// `+++\nTOML\n+++\nbody` → (TOML, body).
pub fn split_front_matter(doc: &str) -> Option<(&str, &str)> {
    let rest = doc.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")?;
    Some((&rest[..end], &rest[end + 5..]))
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &P001, &P002, &P003, &P004, &P005, &P006, &P007, &P008, &P009, &P010, &P011, &P012, &P013,
    &P014, &S001, &S002, &S003, &S004, &S005, &S006, &S007, &S008, &S009, &S010, &S011, &S012,
    &S013, &S014, &R001, &R002, &R003, &R004, &R005, &K001, &K002, &K003, &K004, &K005, &C001,
    &C002, &C003, &C004, &X001,
];

/// The rule with this code or name.
pub fn rule_by_code(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rules a selector (`ALL`, code, prefix, name) names.
pub fn select(selector: &str) -> impl Iterator<Item = &'static Rule> + '_ {
    RULES
        .iter()
        .copied()
        .filter(move |r| specificity(selector, r).is_some())
}

/// How specifically `selector` names `rule`: `None` when it does not, else higher for
/// narrower selectors (`ALL` < `S` < `S0` < `S00` < `S001` = `legacy-sso-profile`).
pub fn specificity(selector: &str, rule: &Rule) -> Option<usize> {
    if selector == "ALL" {
        return Some(0);
    }
    if selector == rule.name {
        return Some(rule.code.len());
    }
    let upper = selector.to_ascii_uppercase();
    (!upper.is_empty() && rule.code.starts_with(&upper)).then_some(upper.len())
}

/// `invalid-line`, checked in `lint/rules/invalid_line.rs`.
pub static P001: Rule = Rule {
    code: "P001",
    name: "invalid-line",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/P001.md"),
};

/// `malformed-section-header`, checked in `lint/rules/malformed_section_header.rs`.
pub static P002: Rule = Rule {
    code: "P002",
    name: "malformed-section-header",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/P002.md"),
};

/// `property-before-section`, checked in `lint/rules/property_before_section.rs`.
pub static P003: Rule = Rule {
    code: "P003",
    name: "property-before-section",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/P003.md"),
};

/// `duplicate-section`, checked in `lint/rules/duplicate_section.rs`.
pub static P004: Rule = Rule {
    code: "P004",
    name: "duplicate-section",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/P004.md"),
};

/// `duplicate-key`, checked in `lint/rules/duplicate_key.rs`.
pub static P005: Rule = Rule {
    code: "P005",
    name: "duplicate-key",
    severity: Severity::Error,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../rules/P005.md"),
};

/// `inline-comment-in-value`, checked in `lint/rules/inline_comment_in_value.rs`.
pub static P006: Rule = Rule {
    code: "P006",
    name: "inline-comment-in-value",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/P006.md"),
};

/// `utf8-bom`, checked in `lint/rules/utf8_bom.rs`.
pub static P007: Rule = Rule {
    code: "P007",
    name: "utf8-bom",
    severity: Severity::Error,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../rules/P007.md"),
};

/// `section-ignored`, checked in `lint/rules/section_ignored.rs`.
pub static P008: Rule = Rule {
    code: "P008",
    name: "section-ignored",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/P008.md"),
};

/// `profile-prefix-in-credentials`, checked in `lint/rules/profile_prefix_in_credentials.rs`.
pub static P009: Rule = Rule {
    code: "P009",
    name: "profile-prefix-in-credentials",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/P009.md"),
};

/// `default-profile-ambiguity`, checked in `lint/rules/default_profile_ambiguity.rs`.
pub static P010: Rule = Rule {
    code: "P010",
    name: "default-profile-ambiguity",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/P010.md"),
};

/// `non-portable-section-name`, checked in `lint/rules/non_portable_section_name.rs`.
pub static P011: Rule = Rule {
    code: "P011",
    name: "non-portable-section-name",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/P011.md"),
};

/// `swallowed-continuation`, checked in `lint/rules/swallowed_continuation.rs`.
pub static P012: Rule = Rule {
    code: "P012",
    name: "swallowed-continuation",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/P012.md"),
};

/// `uppercase-default-section`, checked in `lint/rules/uppercase_default_section.rs`.
pub static P013: Rule = Rule {
    code: "P013",
    name: "uppercase-default-section",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/P013.md"),
};

/// `readers-disagree`, checked in `lint/rules/readers_disagree.rs`.
pub static P014: Rule = Rule {
    code: "P014",
    name: "readers-disagree",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/P014.md"),
};

/// `legacy-sso-profile`, checked in `lint/rules/legacy_sso_profile.rs`.
pub static S001: Rule = Rule {
    code: "S001",
    name: "legacy-sso-profile",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/S001.md"),
};

/// `missing-sso-start-url`, checked in `lint/rules/missing_sso_start_url.rs`.
pub static S002: Rule = Rule {
    code: "S002",
    name: "missing-sso-start-url",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/S002.md"),
};

/// `missing-sso-region`, checked in `lint/rules/missing_sso_region.rs`.
pub static S003: Rule = Rule {
    code: "S003",
    name: "missing-sso-region",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/S003.md"),
};

/// `incomplete-sso-role`, checked in `lint/rules/incomplete_sso_role.rs`.
pub static S004: Rule = Rule {
    code: "S004",
    name: "incomplete-sso-role",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/S004.md"),
};

/// `undefined-sso-session`, checked in `lint/rules/undefined_sso_session.rs`.
pub static S005: Rule = Rule {
    code: "S005",
    name: "undefined-sso-session",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/S005.md"),
};

/// `sso-session-conflict`, checked in `lint/rules/sso_session_conflict.rs`.
pub static S006: Rule = Rule {
    code: "S006",
    name: "sso-session-conflict",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/S006.md"),
};

/// `redundant-sso-keys`, checked in `lint/rules/redundant_sso_keys.rs`.
pub static S007: Rule = Rule {
    code: "S007",
    name: "redundant-sso-keys",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../rules/S007.md"),
};

/// `invalid-start-url`, checked in `lint/rules/invalid_start_url.rs`.
pub static S008: Rule = Rule {
    code: "S008",
    name: "invalid-start-url",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/S008.md"),
};

/// `missing-registration-scopes`, checked in `lint/rules/missing_registration_scopes.rs`.
pub static S009: Rule = Rule {
    code: "S009",
    name: "missing-registration-scopes",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../rules/S009.md"),
};

/// `unused-sso-session`, checked in `lint/rules/unused_sso_session.rs`.
pub static S010: Rule = Rule {
    code: "S010",
    name: "unused-sso-session",
    severity: Severity::Info,
    fix: None,
    doc: include_str!("../../rules/S010.md"),
};

/// `duplicate-sso-session`, checked in `lint/rules/duplicate_sso_session.rs`.
pub static S011: Rule = Rule {
    code: "S011",
    name: "duplicate-sso-session",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/S011.md"),
};

/// `invalid-sso-session-name`, checked in `lint/rules/invalid_sso_session_name.rs`.
pub static S012: Rule = Rule {
    code: "S012",
    name: "invalid-sso-session-name",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/S012.md"),
};

/// `invalid-account-id`, checked in `lint/rules/invalid_account_id.rs`.
pub static S013: Rule = Rule {
    code: "S013",
    name: "invalid-account-id",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/S013.md"),
};

/// `shadowed-credential-source`, checked in `lint/rules/shadowed_credential_source.rs`.
pub static S014: Rule = Rule {
    code: "S014",
    name: "shadowed-credential-source",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/S014.md"),
};

/// `undefined-source-profile`, checked in `lint/rules/undefined_source_profile.rs`.
pub static R001: Rule = Rule {
    code: "R001",
    name: "undefined-source-profile",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/R001.md"),
};

/// `source-profile-cycle`, checked in `lint/rules/source_profile_cycle.rs`.
pub static R002: Rule = Rule {
    code: "R002",
    name: "source-profile-cycle",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/R002.md"),
};

/// `undefined-services-section`, checked in `lint/rules/undefined_services_section.rs`.
pub static R003: Rule = Rule {
    code: "R003",
    name: "undefined-services-section",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/R003.md"),
};

/// `role-without-source`, checked in `lint/rules/role_without_source.rs`.
pub static R004: Rule = Rule {
    code: "R004",
    name: "role-without-source",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/R004.md"),
};

/// `conflicting-role-sources`, checked in `lint/rules/conflicting_role_sources.rs`.
pub static R005: Rule = Rule {
    code: "R005",
    name: "conflicting-role-sources",
    severity: Severity::Error,
    fix: None,
    doc: include_str!("../../rules/R005.md"),
};

/// `unknown-key`, checked in `lint/rules/unknown_key.rs`.
pub static K001: Rule = Rule {
    code: "K001",
    name: "unknown-key",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/K001.md"),
};

/// `key-in-wrong-section`, checked in `lint/rules/key_in_wrong_section.rs`.
pub static K002: Rule = Rule {
    code: "K002",
    name: "key-in-wrong-section",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/K002.md"),
};

/// `invalid-region`, checked in `lint/rules/invalid_region.rs`.
pub static K003: Rule = Rule {
    code: "K003",
    name: "invalid-region",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/K003.md"),
};

/// `invalid-value`, checked in `lint/rules/invalid_value.rs`.
pub static K004: Rule = Rule {
    code: "K004",
    name: "invalid-value",
    severity: Severity::Error,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/K004.md"),
};

/// `empty-value`, checked in `lint/rules/empty_value.rs`.
pub static K005: Rule = Rule {
    code: "K005",
    name: "empty-value",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../rules/K005.md"),
};

/// `secret-in-config-file`, checked in `lint/rules/secret_in_config_file.rs`.
pub static C001: Rule = Rule {
    code: "C001",
    name: "secret-in-config-file",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/C001.md"),
};

/// `long-lived-access-key`, checked in `lint/rules/long_lived_access_key.rs`.
pub static C002: Rule = Rule {
    code: "C002",
    name: "long-lived-access-key",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/C002.md"),
};

/// `cross-file-credential-conflict`, checked in `lint/rules/cross_file_credential_conflict.rs`.
pub static C003: Rule = Rule {
    code: "C003",
    name: "cross-file-credential-conflict",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/C003.md"),
};

/// `permissive-file-mode`, checked in `lint/rules/permissive_file_mode.rs`.
pub static C004: Rule = Rule {
    code: "C004",
    name: "permissive-file-mode",
    severity: Severity::Warning,
    fix: None,
    doc: include_str!("../../rules/C004.md"),
};

/// `unused-suppression`, reported by `lint/suppress.rs` after the other rules ran.
pub static X001: Rule = Rule {
    code: "X001",
    name: "unused-suppression",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    doc: include_str!("../../rules/X001.md"),
};
