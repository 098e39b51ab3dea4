//! `ssolint doctor`: from the config file to GetCallerIdentity, one check at a time, each
//! with a status, what it found, and — when it is not a pass — the exact command or edit
//! that fixes it. Later checks are skipped, with the reason, when an earlier failure makes
//! them meaningless.
//!
//! Layout, each module importing only those before it: `check` (the ids in their order,
//! results, facts) ← `environment` (the machine behind a trait: clock, variables, files,
//! directories, `aws --version`) ← `chain` (pure: profile selection, `source_profile`
//! chains, which checks are skipped and why) ← `state` (a diagnosis in progress and the
//! helpers checks share) ← `checks/` (one file per check or family) ← this file (the run).
//! Output formats are `render::doctor`'s.

pub mod chain;
pub mod check;
pub mod checks;
pub mod environment;
pub mod state;

pub use chain::select_profile;
pub use check::{Check, CheckId, Diagnosis, Fact, ProfileKind, Status};
pub use environment::{Environment, System};
pub use state::{FileInput, Inputs, Shared};

use crate::aws::http::Http;
use crate::model;
use crate::syntax::Dialect;
use chain::{skip_reason, sso_of};
use state::Doctor;

/// Diagnoses one profile (or, with `all`, every SSO profile).
pub fn run(inputs: &mut Inputs, http: &Http, all: bool) -> Vec<Diagnosis> {
    let config_text = inputs.config.text.clone().ok().flatten();
    let credentials_text = inputs.credentials.text.clone().ok().flatten();
    let (config, _) = model::load(
        Dialect::Botocore,
        config_text.as_deref(),
        credentials_text.as_deref(),
    );
    let mut shared = Shared::default();
    let environment = inputs.environment;
    let profiles: Vec<(String, String)> = if all {
        config
            .profiles
            .iter()
            .filter(|(n, _)| sso_of(&config, n).is_ok_and(|s| s.is_some()))
            .map(|(n, _)| (n.to_string(), "--all".to_string()))
            .collect()
    } else {
        vec![select_profile(inputs.profile_arg.as_deref(), &|k| {
            environment.var(k)
        })]
    };
    profiles
        .into_iter()
        .map(|(name, source)| {
            let mut doctor = Doctor {
                inputs,
                http,
                config: &config,
                config_text: config_text.as_deref(),
                credentials_text: credentials_text.as_deref(),
                shared: &mut shared,
                profile: name.clone(),
                stopped: None,
                sso: None,
                server_date: None,
                token: None,
                access_token: None,
                role_credentials: None,
            };
            let checks = CheckId::ALL
                .into_iter()
                .map(|id| match skip_reason(id, &doctor.progress()) {
                    Some(reason) => Check::skipped(id, reason),
                    None => run_check(&mut doctor, id),
                })
                .collect();
            Diagnosis {
                profile: name,
                profile_source: source,
                checks,
            }
        })
        .collect()
}

/// The registry: each check's function.
fn run_check(d: &mut Doctor, id: CheckId) -> Check {
    use checks::{access, files, machine, network, start_url, token};
    match id {
        CheckId::ConfigParse => files::config_parse(d),
        CheckId::ProfileResolve => files::profile_resolve(d),
        CheckId::ConfigLint => files::config_lint(d),
        CheckId::EnvOverrides => machine::env_overrides(d),
        CheckId::AwsCli => machine::aws_cli(d),
        CheckId::StartUrl => start_url::start_url(d),
        CheckId::EndpointReachable => network::endpoint_reachable(d),
        CheckId::ClockSkew => network::clock_skew(d),
        CheckId::TokenCache => token::token_cache(d),
        CheckId::TokenRefresh => token::token_refresh(d),
        CheckId::AccountAccess => access::account_access(d),
        CheckId::RoleAccess => access::role_access(d),
        CheckId::RoleCredentials => access::role_credentials(d),
        CheckId::CallerIdentity => access::caller_identity(d),
    }
}

#[cfg(test)]
mod tests;
