//! The rules' checks: one file per rule, named after the pattern it flags, each with a
//! `pub fn check(&Context, &mut Sink)`. A rule's identity and defaults are in
//! `lint::registry`; its documentation is `rules/<CODE>.md` at the top of the repository.
//! Helpers shared by several rules live in `helpers.rs` (and the facts they need in
//! `model`), never in another rule's file.

use crate::lint::context::Context;
use crate::lint::diagnostic::Sink;
use crate::lint::registry::{self, Rule};

pub mod helpers;
pub(crate) mod line_errors;
pub(crate) mod required_keys;

mod conflicting_role_sources;
mod cross_file_credential_conflict;
mod default_profile_ambiguity;
mod duplicate_key;
mod duplicate_section;
mod duplicate_sso_session;
mod empty_value;
mod incomplete_sso_role;
mod inline_comment_in_value;
mod invalid_account_id;
mod invalid_line;
mod invalid_region;
mod invalid_sso_session_name;
mod invalid_start_url;
mod invalid_value;
mod key_in_wrong_section;
mod legacy_sso_profile;
mod long_lived_access_key;
mod malformed_section_header;
mod missing_registration_scopes;
mod missing_sso_region;
mod missing_sso_start_url;
mod non_portable_section_name;
mod permissive_file_mode;
mod profile_prefix_in_credentials;
mod property_before_section;
mod readers_disagree;
mod redundant_sso_keys;
mod role_without_source;
mod secret_in_config_file;
mod section_ignored;
mod shadowed_credential_source;
mod source_profile_cycle;
mod sso_session_conflict;
mod swallowed_continuation;
mod undefined_services_section;
mod undefined_source_profile;
mod undefined_sso_session;
mod unknown_key;
mod unused_sso_session;
mod uppercase_default_section;
mod utf8_bom;

/// A rule's check: reads the context, writes findings.
pub type Check = fn(&Context, &mut Sink);

/// Every rule with a check, in code order (X001, reported by `suppress`, has none).
pub static CHECKS: &[(&Rule, Check)] = &[
    (&registry::P001, invalid_line::check),
    (&registry::P002, malformed_section_header::check),
    (&registry::P003, property_before_section::check),
    (&registry::P004, duplicate_section::check),
    (&registry::P005, duplicate_key::check),
    (&registry::P006, inline_comment_in_value::check),
    (&registry::P007, utf8_bom::check),
    (&registry::P008, section_ignored::check),
    (&registry::P009, profile_prefix_in_credentials::check),
    (&registry::P010, default_profile_ambiguity::check),
    (&registry::P011, non_portable_section_name::check),
    (&registry::P012, swallowed_continuation::check),
    (&registry::P013, uppercase_default_section::check),
    (&registry::P014, readers_disagree::check),
    (&registry::S001, legacy_sso_profile::check),
    (&registry::S002, missing_sso_start_url::check),
    (&registry::S003, missing_sso_region::check),
    (&registry::S004, incomplete_sso_role::check),
    (&registry::S005, undefined_sso_session::check),
    (&registry::S006, sso_session_conflict::check),
    (&registry::S007, redundant_sso_keys::check),
    (&registry::S008, invalid_start_url::check),
    (&registry::S009, missing_registration_scopes::check),
    (&registry::S010, unused_sso_session::check),
    (&registry::S011, duplicate_sso_session::check),
    (&registry::S012, invalid_sso_session_name::check),
    (&registry::S013, invalid_account_id::check),
    (&registry::S014, shadowed_credential_source::check),
    (&registry::R001, undefined_source_profile::check),
    (&registry::R002, source_profile_cycle::check),
    (&registry::R003, undefined_services_section::check),
    (&registry::R004, role_without_source::check),
    (&registry::R005, conflicting_role_sources::check),
    (&registry::K001, unknown_key::check),
    (&registry::K002, key_in_wrong_section::check),
    (&registry::K003, invalid_region::check),
    (&registry::K004, invalid_value::check),
    (&registry::K005, empty_value::check),
    (&registry::C001, secret_in_config_file::check),
    (&registry::C002, long_lived_access_key::check),
    (&registry::C003, cross_file_credential_conflict::check),
    (&registry::C004, permissive_file_mode::check),
];

/// The check of `rule`, if it has one.
pub fn check_of(rule: &Rule) -> Option<Check> {
    CHECKS
        .iter()
        .find(|(r, _)| r.code == rule.code)
        .map(|&(_, check)| check)
}
