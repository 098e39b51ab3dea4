//! `ssolint populate`: a profile for every account and role the portal grants, in
//! sso-session form. Signs in if needed (the same login and cache as `ssolint login`),
//! lists the assignments, shows the diff; writes only with `--write`, safely.

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::BufferedStandardStream;
use serde_json::json;

use super::check::{Color as ColorArg, color_choice};
use super::login::{CachedToken, cached_token, env, home, http_for};
use super::migrate::write_diff;
use super::{EXIT_ERROR, EXIT_FINDINGS, default_locations, reader_gone_is_done, write_stdout};
use crate::aws::cache;
use crate::aws::endpoints::{self, Service};
use crate::aws::oidc;
use crate::fix::{self, populate};
use crate::login::{self, Options as LoginOptions};
use crate::model;
use crate::model::KnownKey;
use crate::syntax::Dialect;
use crate::workspace;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The config file. Default: $AWS_CONFIG_FILE, else ~/.aws/config.
    pub path: Option<PathBuf>,
    /// The sso-session whose accounts and roles to add.
    #[arg(long, conflicts_with = "profile")]
    pub sso_session: Option<String>,
    /// Use the sso-session of this profile (default: as the AWS CLI chooses the profile,
    /// $AWS_PROFILE, $AWS_DEFAULT_PROFILE, `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// Profile names. Fields: {account_name}, {account_id}, {role_name}, {session_name};
    /// characters profile names should avoid become `-`.
    #[arg(long, default_value = populate::DEFAULT_TEMPLATE)]
    pub name: String,
    /// `region` for the new profiles.
    #[arg(long)]
    pub region: Option<String>,
    /// `output` for the new profiles.
    #[arg(long)]
    pub output: Option<String>,
    /// Remove profiles that ssolint populate generated and whose assignment is gone
    /// (hand-written profiles are never touched).
    #[arg(long)]
    pub prune: bool,
    /// Apply the plan (atomically, keeping a backup next to the file).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// Exit 1 if the file is not current; write nothing.
    #[arg(long)]
    pub check: bool,
    /// Take over profiles other tools generated (Granted, aws-sso-util, aws-sso-cli) for
    /// assignments of this session: legacy ones are migrated to the session first (with
    /// `ssolint migrate`'s checks), then marked as ssolint's, their tool's marker keys removed.
    #[arg(long)]
    pub adopt: bool,
    /// Do not sign in: fail when there is no valid cached token.
    #[arg(long)]
    pub no_login: bool,
    /// Sign in with the device code flow.
    #[arg(long)]
    pub use_device_code: bool,
    /// Print the sign-in URL instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    #[command(flatten)]
    pub aws: super::AwsFlags,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> u8 {
    args.aws.apply();
    match run_inner(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn run_inner(args: &Args) -> Result<u8, String> {
    let locations = default_locations(Dialect::Botocore);
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(&locations.config));
    let file = workspace::read(&path).map_err(|e| e.to_string())?;
    let credentials =
        workspace::read_optional(Path::new(&locations.credentials)).map_err(|e| e.to_string())?;
    let (config, _) = model::load(
        Dialect::Botocore,
        Some(&file.text),
        credentials.as_ref().map(|c| c.text.as_str()),
    );
    let position = |at: model::Location| {
        let text = match at.file {
            model::FileKind::Config => file.text.as_str(),
            model::FileKind::Credentials => credentials.as_ref().map_or("", |c| c.text.as_str()),
        };
        let lc = crate::syntax::LineIndex::new(text).line_col(text, at.span.start());
        format!("{}:{}:{}", path.display(), lc.line, lc.column)
    };
    if let Some(problem) = config.fatal.first() {
        return Err(format!(
            "{}: {} (run `ssolint check`)",
            position(problem.at),
            problem.message
        ));
    }
    // The session: named, or the chosen profile's.
    let profile_name = args.profile.clone().unwrap_or(locations.profile);
    let target = login::select(
        &config,
        &profile_name,
        args.profile.is_some() || args.sso_session.is_none(),
        args.sso_session.as_deref(),
        &position,
    )?;
    let Some(session) = target.session.clone() else {
        return Err(format!(
            "profile `{profile_name}` is a legacy SSO profile: populate writes sso-session profiles; run `ssolint migrate` first, or name a session with --sso-session"
        ));
    };
    let profile_block = target
        .profile
        .as_deref()
        .and_then(|p| config.profiles.get(p));
    let http = http_for(&config, target.profile.as_deref())?;
    let oidc_endpoint =
        endpoints::resolve(Service::Oidc, &target.region, &env, &config, profile_block);
    let portal = endpoints::resolve(
        Service::Portal,
        &target.region,
        &env,
        &config,
        profile_block,
    );
    let cache_dir = cache::token_dir(&home()?);
    let access_token = token(args, &target, &session, &http, &oidc_endpoint, &cache_dir)?;

    // Every (account, role), paginated.
    let accounts = oidc::list_accounts(&http, &portal, &access_token)
        .map_err(|e| format!("ListAccounts failed: {e}"))?;
    let mut assignments = Vec::new();
    for account in &accounts {
        let roles = oidc::list_account_roles(&http, &portal, &access_token, &account.id)
            .map_err(|e| format!("ListAccountRoles for {} failed: {e}", account.id))?;
        for role in roles {
            assignments.push(populate::Assignment {
                account_id: account.id.clone(),
                account_name: account.name.clone(),
                role_name: role,
            });
        }
    }
    let options = populate::Options {
        session: session.clone(),
        template: args.name.clone(),
        region: args.region.clone(),
        output: args.output.clone(),
        prune: args.prune,
        adopt: args.adopt,
    };
    // Adopting legacy profiles of other tools: migrate them to the session first.
    let mut text = file.text.clone();
    let mut migrated_first: Vec<String> = Vec::new();
    if args.adopt {
        let first = populate::plan(&text, &assignments, &options).map_err(|e| e.to_string())?;
        let legacy: std::collections::HashSet<String> = first
            .foreign
            .iter()
            .filter(|(name, _)| {
                config
                    .profiles
                    .get(name.as_str())
                    .is_some_and(|p| p.get(KnownKey::SsoSession).is_none())
            })
            .map(|(name, _)| name.clone())
            .collect();
        if !legacy.is_empty() {
            let migration = fix::migrate::plan_profiles(&text, &Default::default(), Some(&legacy))
                .map_err(|e| e.to_string())?;
            for skipped in &migration.skipped {
                eprintln!(
                    "ssolint: not adopted: profile `{}`: {}",
                    skipped.profile, skipped.reason
                );
            }
            migrated_first = migration.migrated.clone();
            text = fix::migrate::apply(&text, &migration);
        }
    }
    let plan = populate::plan(&text, &assignments, &options).map_err(|e| e.to_string())?;
    let after = populate::apply(&text, &plan);
    let changes = after != file.text;
    let display = path.display().to_string();
    if args.format == Format::Json {
        let json = plan_json(&plan, &session, assignments.len(), changes);
        let status = write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        });
        if status != 0 {
            return Ok(status);
        }
    } else {
        let mut out = BufferedStandardStream::stdout(color_choice(args.color, true));
        let diff = if migrated_first.is_empty() {
            fix::edits_diff(&display, &file.text, &plan.edits)
        } else {
            fix::unified_diff(&display, &file.text, &after)
        };
        // A reader of the preview that stops reading has seen what it wanted (`| head`).
        let shown = match diff {
            Some(diff) => write_diff(&mut out, &diff).and_then(|()| out.flush()),
            None => out.flush(),
        };
        reader_gone_is_done(shown).map_err(|e| e.to_string())?;
        eprint!(
            "{}",
            summary(&plan, &session, assignments.len(), args.prune)
        );
        if !migrated_first.is_empty() {
            eprintln!(
                "ssolint: migrated to sso-session `{session}` before adopting: {}",
                migrated_first.join(", ")
            );
        }
    }
    if !changes {
        return Ok(0);
    }
    if args.check {
        eprintln!("ssolint: {display} is not current; run `ssolint populate --write` to apply");
        return Ok(EXIT_FINDINGS);
    }
    if !args.write {
        eprintln!("ssolint: nothing written; run again with --write to apply");
        return Ok(0);
    }
    let written = crate::files::replace(&path, file.text.as_bytes(), after.as_bytes())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "ssolint: wrote {} (backup: {})",
        written.target.display(),
        written.backup.display()
    );
    Ok(0)
}

/// A valid access token for the session: the cached one, refreshed when close to expiry,
/// else a new sign-in (unless `--no-login`).
fn token(
    args: &Args,
    target: &login::Target,
    session: &str,
    http: &crate::aws::http::Http,
    oidc_endpoint: &str,
    cache_dir: &Path,
) -> Result<String, String> {
    if let CachedToken::Valid(token) = cached_token(target, http, oidc_endpoint, cache_dir) {
        return Ok(token);
    }
    if args.no_login {
        return Err(format!(
            "no valid token for sso-session `{session}`: run `ssolint login --sso-session {session}` (or drop --no-login)"
        ));
    }
    let mut stderr = std::io::stderr();
    let mut ctx = login::Context {
        http,
        oidc_endpoint,
        cache_dir: cache_dir.to_path_buf(),
        out: &mut stderr,
    };
    login::login(
        &mut ctx,
        target,
        &LoginOptions {
            use_device_code: args.use_device_code,
            no_browser: args.no_browser,
            redirect_port: None,
        },
    )
    .map_err(|e| e.to_string())?;
    match cached_token(target, http, oidc_endpoint, cache_dir) {
        CachedToken::Valid(token) => Ok(token),
        CachedToken::Unusable(why) => Err(format!("signed in, but {why}")),
    }
}

fn summary(plan: &populate::Plan, session: &str, assignments: usize, prune: bool) -> String {
    let mut out = format!(
        "ssolint: sso-session `{session}` grants {assignments} account/role assignment(s): {} new profile(s), {} already present",
        plan.added.len(),
        plan.existing.len()
    );
    if !plan.stale.is_empty() {
        out.push_str(&format!(
            ", {} generated profile(s) whose assignment is gone{}",
            plan.stale.len(),
            if prune {
                " (removed)"
            } else {
                " (remove them with --prune)"
            }
        ));
    }
    out.push('\n');
    for (_, why) in &plan.collisions {
        out.push_str(&format!("ssolint: skipped: {why}\n"));
    }
    for (profile, tool) in &plan.foreign {
        if plan.adopted.contains(profile) {
            out.push_str(&format!(
                "ssolint: profile `{profile}` (generated by {tool}) is now ssolint's\n"
            ));
        } else {
            out.push_str(&format!(
                "ssolint: profile `{profile}` was generated by {tool}; it is left as it is (`--adopt` takes it over in sso-session form)\n"
            ));
        }
    }
    crate::model::redact::controls(&out).into_owned()
}

fn plan_json(
    plan: &populate::Plan,
    session: &str,
    assignments: usize,
    changes: bool,
) -> serde_json::Value {
    let assignment = |name: &str, a: &populate::Assignment| {
        json!({
            "profile": name,
            "account_id": a.account_id,
            "account_name": a.account_name,
            "role_name": a.role_name,
        })
    };
    json!({
        "version": 1,
        "sso_session": session,
        "assignments": assignments,
        "added": plan.added.iter().map(|(n, a)| assignment(n, a)).collect::<Vec<_>>(),
        "existing": plan.existing.iter().map(|(n, a)| assignment(n, a)).collect::<Vec<_>>(),
        "stale": plan.stale,
        "collisions": plan.collisions.iter().map(|(n, why)| json!({"profile": n, "reason": why})).collect::<Vec<_>>(),
        "foreign": plan.foreign.iter().map(|(n, tool)| json!({"profile": n, "tool": tool, "adopted": plan.adopted.contains(n)})).collect::<Vec<_>>(),
        "changes": changes,
    })
}
