//! Migration of legacy SSO profiles (`sso_start_url`/`sso_region` in the profile) to
//! `[sso-session]` form, as edits on the lossless tree. Pure: text in, plan and edits out.
//!
//! The plan keeps what botocore resolves for every profile — account, role, start URL,
//! region — and every other key; it only moves the start URL and region into sessions:
//!
//! - legacy profiles are grouped by (portal, region): spellings of one portal (`/start` and
//!   `/start/`, a final `#` or `#/`, the host's case — [`model::portal_key`]) are one group,
//!   which keeps its first profile's spelling (the plan lists the others);
//! - a group reuses an existing session of the same portal and region (adding
//!   `sso_registration_scopes` when it has none), else gets a new one named after the portal,
//!   unique among the file's sessions;
//! - in each profile `sso_start_url = URL` becomes `sso_session = NAME` on the same line and
//!   the `sso_region` line goes; hybrid profiles lose keys that repeat their session's;
//! - a new session is inserted right before the first profile that uses it (above that
//!   profile's leading comments), written like the file's own lines;
//! - profiles that are incomplete or unclear are reported and left alone, never guessed.

use std::collections::BTreeMap;

use crate::lint::Edit;
use crate::model::{self, Block, Config, FileKind, KnownKey, Property, SourceFile, layout};
use crate::syntax::{self, Dialect, Document, LineKind, Span};

/// Scopes written into new sessions: what `aws configure sso` writes, and what makes
/// device-code logins refreshable.
pub use crate::model::values::DEFAULT_SCOPES;

/// What the user chose on the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Start URL → session name (`--session-name URL=NAME`).
    pub session_names: Vec<(String, String)>,
}

/// A session the migration creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub name: String,
    pub start_url: String,
    pub region: String,
    pub scopes: String,
    /// Profiles that now use it, in file order.
    pub profiles: Vec<String>,
    /// Other spellings of the portal the profiles used (the first profile's is kept).
    pub other_spellings: Vec<String>,
}

/// An existing session that migrated profiles now use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReusedSession {
    pub name: String,
    pub profiles: Vec<String>,
    /// `sso_registration_scopes` was missing and is added (what makes tokens refreshable).
    pub scopes_added: bool,
    /// Other spellings of the portal the profiles used (`…/start/`).
    pub other_spellings: Vec<String>,
}

/// A profile left as it is, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub profile: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub created: Vec<NewSession>,
    pub reused: Vec<ReusedSession>,
    /// Legacy profiles rewritten to use a session.
    pub migrated: Vec<String>,
    /// Hybrid profiles whose redundant keys were removed.
    pub cleaned: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub edits: Vec<Edit>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// Why a file cannot be migrated at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// botocore refuses the file: the model is not trustworthy enough to edit.
    Unreadable { first: String },
    /// `[DEFAULT]` has keys: botocore would copy them into the new sessions.
    DefaultsSection,
    /// A `--session-name` that cannot be used.
    BadSessionName { name: String, why: String },
    /// The plan did not survive verification (a bug: nothing is shown or written).
    Unverified { problem: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unreadable { first } => write!(
                f,
                "the AWS CLI cannot read this file ({first}); fix that first (`ssolint check` shows where), then migrate"
            ),
            Refusal::DefaultsSection => write!(
                f,
                "the file has a [DEFAULT] section with keys: botocore copies them into every section, new sso-sessions included, which can break the migrated profiles; move those keys where they belong first (`ssolint rule P013`)"
            ),
            Refusal::BadSessionName { name, why } => {
                write!(f, "--session-name `{name}`: {why}")
            }
            Refusal::Unverified { problem } => write!(
                f,
                "the planned migration failed its own verification ({problem}); nothing was changed — please report this file's shape"
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Keys that move into the session (and must not stay in a migrated profile).
const SESSION_KEYS: [&str; 3] = ["sso_start_url", "sso_region", "sso_registration_scopes"];

/// Plans the migration of a config file, verified before it is returned: the planned text
/// is re-read by every reader, and a profile is migrated only if every reader that accepted
/// the file still accepts it, every profile keeps its account, role, start URL, region and
/// other settings, no profile is lost, and planning again finds nothing to do. Profiles
/// whose migration fails that are found by bisection, skipped, and reported with the reason.
pub fn plan(text: &str, options: &Options) -> Result<Plan, Refusal> {
    plan_profiles(text, options, None)
}

/// [`plan`] restricted to the profiles in `only` (all when `None`), with the same
/// verification.
pub fn plan_profiles(
    text: &str,
    options: &Options,
    only: Option<&std::collections::HashSet<String>>,
) -> Result<Plan, Refusal> {
    // A large file is read by both readers (for the verification) on the second core while
    // it is planned; a plan with nothing to do discards the readings.
    let (full, before) = if is_large(text) {
        let (full, before) =
            rayon_core::join(|| plan_only(text, options, only), || Readings::of(text));
        (full, Some(before))
    } else {
        (plan_only(text, options, only), None)
    };
    let full = full?;
    if full.is_empty() {
        return Ok(full);
    }
    let before = before.unwrap_or_else(|| Readings::of(text));
    let Err(first_problem) = verify(text, &before, &full, options, only) else {
        return Ok(full);
    };
    // Find the profiles whose migration makes things worse, in halves.
    let units: Vec<String> = full.migrated.iter().chain(&full.cleaned).cloned().collect();
    let mut good: Vec<String> = Vec::new();
    let mut bad: Vec<(String, String)> = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![units];
    while let Some(set) = pending.pop() {
        let trial: std::collections::HashSet<String> = good.iter().chain(&set).cloned().collect();
        let planned = plan_only(text, options, Some(&trial))?;
        match verify(text, &before, &planned, options, Some(&trial)) {
            Ok(()) => good.extend(set),
            Err(problem) if set.len() == 1 => bad.push((set[0].clone(), problem)),
            Err(_) => {
                let (a, b) = set.split_at(set.len() / 2);
                pending.push(b.to_vec());
                pending.push(a.to_vec());
            }
        }
    }
    let allowed: std::collections::HashSet<String> = good.into_iter().collect();
    let mut verified = plan_only(text, options, Some(&allowed))?;
    if let Err(problem) = verify(text, &before, &verified, options, Some(&allowed)) {
        // Never shown or written unverified: give up on the whole file.
        return Err(Refusal::Unverified { problem });
    }
    debug_assert!(!bad.is_empty(), "the full plan failed: {first_problem}");
    for (profile, problem) in bad {
        verified.skipped.push(Skipped {
            profile,
            reason: format!(
                "migrating it would make the file worse: {problem}; migrate it by hand"
            ),
        });
    }
    Ok(verified)
}

/// What both readers make of a config text (`None` when the reader refuses it).
struct Readings<'t> {
    botocore: Option<Config<'t>>,
    sdk: Option<Config<'t>>,
}

impl<'t> Readings<'t> {
    /// Both readings, side by side on the two cores for a large text.
    fn of(text: &'t str) -> Readings<'t> {
        let read = |dialect| {
            let (config, _) = model::load(dialect, Some(text), None);
            config.is_loadable().then_some(config)
        };
        let (botocore, sdk) = if is_large(text) {
            rayon_core::join(|| read(Dialect::Botocore), || read(Dialect::Sdk))
        } else {
            (read(Dialect::Botocore), read(Dialect::Sdk))
        };
        Readings { botocore, sdk }
    }
}

/// Large enough that the second core pays for itself (as `check` decides).
fn is_large(text: &str) -> bool {
    text.len() >= crate::lint::files::PARALLEL_ABOVE
}

/// Keys a migration may move or rewrite in a profile.
const MOVED_KEYS: [&str; 4] = [
    "sso_start_url",
    "sso_region",
    "sso_registration_scopes",
    "sso_session",
];

/// A profile's sign-in as a reader resolves it: account, role, start URL (as a portal key:
/// spellings of one portal are one portal, and the migration may keep another spelling)
/// and region, through its sso-session when it has one; and its other settings. Borrows
/// from the reading: verification compares 10 000 profiles twice per reader.
#[derive(PartialEq)]
struct Identity<'c> {
    account: Option<&'c str>,
    role: Option<&'c str>,
    portal: Option<String>,
    region: Option<&'c str>,
    others: Vec<(&'c str, &'c str)>,
}

fn identity<'c>(config: &'c Config, profile: &'c Block) -> Identity<'c> {
    let (url, region) = match profile.str(KnownKey::SsoSession) {
        Some(name) => {
            let session = config.sso_sessions.get(name);
            let get = |k: &str| session.and_then(|s| s.str(k));
            (get("sso_start_url"), get("sso_region"))
        }
        None => (
            profile.str(KnownKey::SsoStartUrl),
            profile.str(KnownKey::SsoRegion),
        ),
    };
    Identity {
        account: profile.str(KnownKey::SsoAccountId),
        role: profile.str(KnownKey::SsoRoleName),
        portal: url.map(model::portal_key),
        region,
        others: profile
            .properties
            .iter()
            .filter(|(k, _)| !MOVED_KEYS.contains(&k.as_ref()))
            .map(|(k, p)| (k.as_ref(), p.text.as_ref()))
            .collect(),
    }
}

/// Why `plan` applied to `text` is not a faithful migration, if it is not.
fn verify(
    text: &str,
    before: &Readings,
    plan: &Plan,
    options: &Options,
    only: Option<&std::collections::HashSet<String>>,
) -> Result<(), String> {
    let after_text = apply(text, plan);
    // Planning the result again (below) runs beside the two readings of it.
    let (after, again) = if is_large(&after_text) {
        let (after, again) = rayon_core::join(
            || Readings::of(&after_text),
            || plan_only(&after_text, options, only),
        );
        (after, Some(again))
    } else {
        (Readings::of(&after_text), None)
    };
    for (reader, b, a) in [
        ("the AWS CLI (botocore)", &before.botocore, &after.botocore),
        ("the AWS SDKs", &before.sdk, &after.sdk),
    ] {
        let Some(b) = b else { continue };
        let Some(a) = a else {
            return Err(format!("{reader} would refuse the file"));
        };
        if a.profiles.len() != b.profiles.len() {
            return Err(format!(
                "{reader} would read {} profiles instead of {}",
                a.profiles.len(),
                b.profiles.len()
            ));
        }
        for (name, profile) in &b.profiles {
            let Some(migrated) = a.profiles.get(name.as_ref()) else {
                return Err(format!("{reader} would lose profile `{name}`"));
            };
            if identity(b, profile) != identity(a, migrated) {
                return Err(format!(
                    "{reader} would read profile `{name}` differently (account, role, start URL, region or another setting)"
                ));
            }
        }
    }
    match again.unwrap_or_else(|| plan_only(&after_text, options, only)) {
        Ok(again) if again.is_empty() => Ok(()),
        Ok(_) => Err("a second migration would still change the file".into()),
        Err(e) => Err(format!(
            "the migrated file could not be planned again ({e})"
        )),
    }
}

/// Plans without verifying; `only`: migrate (and clean) only these profiles.
fn plan_only(
    text: &str,
    options: &Options,
    only: Option<&std::collections::HashSet<String>>,
) -> Result<Plan, Refusal> {
    let doc = syntax::parse(text, Dialect::Botocore);
    let config = model::resolve(
        Some(SourceFile {
            kind: FileKind::Config,
            text,
            doc: &doc,
        }),
        None,
    );
    if let Some(problem) = config.fatal.first() {
        let line = crate::syntax::LineIndex::new(text).line_col(text, problem.at.span.start());
        return Err(Refusal::Unreadable {
            first: format!("line {}: {}", line.line, problem.message),
        });
    }
    let has_defaults = doc
        .sections
        .iter()
        .any(|s| s.name.of(text) == "DEFAULT" && !doc.entries(s).is_empty());
    if has_defaults {
        return Err(Refusal::DefaultsSection);
    }
    for (_, name) in &options.session_names {
        if !crate::model::values::is_valid_session_name(name) {
            return Err(Refusal::BadSessionName {
                name: name.clone(),
                why: "use letters, digits, `-`, `_` and `.` only".into(),
            });
        }
    }
    let mut planner = Planner {
        text,
        doc: &doc,
        config: &config,
        options,
        only,
        plan: Plan::default(),
        taken: config.sso_sessions.keys().map(|k| k.to_string()).collect(),
        newline: layout::newline_of(text),
        spaced: spaced_delimiters(text, &doc),
    };
    planner.clean_hybrids();
    planner.migrate_legacy()?;
    Ok(planner.plan)
}

/// Applies a plan's edits.
pub fn apply(text: &str, plan: &Plan) -> String {
    let edits: Vec<&Edit> = plan.edits.iter().collect();
    super::apply(text, &edits).0
}

struct Planner<'a, 't> {
    text: &'t str,
    doc: &'a Document,
    config: &'a Config<'t>,
    options: &'a Options,
    /// Profiles the plan may touch (`None`: all).
    only: Option<&'a std::collections::HashSet<String>>,
    plan: Plan,
    /// Session names in use (existing and planned).
    taken: Vec<String>,
    newline: &'static str,
    spaced: bool,
}

/// A legacy profile ready to migrate.
struct Candidate<'a, 't> {
    name: &'a str,
    block: &'a Block<'t>,
    start_url: &'a Property<'t>,
    region: &'a Property<'t>,
}

impl<'a, 't> Planner<'a, 't> {
    fn skip(&mut self, profile: &str, reason: impl Into<String>) {
        self.plan.skipped.push(Skipped {
            profile: profile.to_string(),
            reason: reason.into(),
        });
    }

    /// The whole lines of the entry whose key is at `key`.
    fn entry_lines(&self, key: Span) -> Option<Span> {
        layout::entry_lines_at(self.doc, key)
    }

    fn delete(&mut self, property: &Property) {
        if let Some(span) = self.entry_lines(property.key.span) {
            self.plan.edits.push(Edit {
                file: FileKind::Config,
                span,
                replacement: String::new(),
            });
        }
    }

    /// S007: a profile with `sso_session` that repeats its session's values exactly.
    fn clean_hybrids(&mut self) {
        for (name, profile) in &self.config.profiles {
            if self.only.is_some_and(|only| !only.contains(name.as_ref())) {
                continue;
            }
            let Some(session_name) = profile.str(KnownKey::SsoSession) else {
                continue;
            };
            let Some(session) = self.config.sso_sessions.get(session_name) else {
                continue;
            };
            let mut cleaned = false;
            for key in SESSION_KEYS {
                let (Some(mine), Some(theirs)) = (profile.get(key), session.get(key)) else {
                    continue;
                };
                if mine.key.file != FileKind::Config {
                    continue;
                }
                if mine.text != theirs.text {
                    self.skip(
                        name,
                        format!(
                            "`{key}` differs from its sso-session `{session_name}` (S006): decide which is right, then run again"
                        ),
                    );
                    continue;
                }
                self.delete(mine);
                cleaned = true;
            }
            if cleaned {
                self.plan.cleaned.push(name.to_string());
            }
        }
    }

    fn candidate(&mut self, name: &'a str, block: &'a Block<'t>) -> Option<Candidate<'a, 't>> {
        if block.get(KnownKey::SsoSession).is_some() {
            return None;
        }
        let start_url = block.get(KnownKey::SsoStartUrl)?;
        let Some(region) = block.get(KnownKey::SsoRegion) else {
            self.skip(name, "has `sso_start_url` but no `sso_region` (S003): add the Identity Center region, then run again");
            return None;
        };
        for p in [start_url, region] {
            if p.key.file != FileKind::Config {
                self.skip(
                    name,
                    "its SSO keys are in the credentials file: move them to the config file first",
                );
                return None;
            }
            if p.nested.is_some() || p.text.contains('\n') {
                self.skip(
                    name,
                    "its start URL or region spans several lines (P012): fix that first",
                );
                return None;
            }
            if crate::model::values::intended_value(&p.text) != p.text.as_ref() {
                self.skip(name, "its start URL or region has an inline comment, which the AWS CLI reads as part of the value (P006): move the comment to its own line first");
                return None;
            }
            if p.text.is_empty() {
                self.skip(name, "its start URL or region is empty (K005)");
                return None;
            }
        }
        if block
            .get(KnownKey::SsoRegistrationScopes)
            .is_some_and(|p| p.nested.is_some() || p.text.contains('\n'))
        {
            self.skip(name, "its `sso_registration_scopes` spans several lines (P012): write the scopes on one line, separated by commas, then run again");
            return None;
        }
        if block.get(KnownKey::SsoAccountId).is_some() != block.get(KnownKey::SsoRoleName).is_some()
        {
            self.skip(name, "has only one of `sso_account_id` and `sso_role_name` (S004): complete it, then run again");
            return None;
        }
        Some(Candidate {
            name,
            block,
            start_url,
            region,
        })
    }

    fn migrate_legacy(&mut self) -> Result<(), Refusal> {
        let config = self.config;
        let mut candidates: Vec<Candidate> = Vec::new();
        for (name, block) in &config.profiles {
            if self.only.is_some_and(|only| !only.contains(name.as_ref())) {
                continue;
            }
            if let Some(c) = self.candidate(name, block) {
                candidates.push(c);
            }
        }
        // Groups by (start URL, region), in order of first appearance.
        // Spellings of one portal (`/start` and `/start/`, `#/`, the host's case) are one
        // group: the first profile's spelling is kept.
        // Keyed by (portal key, region): one lookup per profile, however many portals.
        let mut by_pair: model::Map<(String, String), (String, Vec<Candidate>)> =
            model::Map::default();
        for c in candidates {
            let key = (
                model::portal_key(&c.start_url.text),
                c.region.text.to_string(),
            );
            by_pair
                .entry(key)
                .or_insert_with(|| (c.start_url.text.to_string(), Vec::new()))
                .1
                .push(c);
        }
        let groups: Vec<(String, String, Vec<Candidate>)> = by_pair
            .into_iter()
            .map(|((_, region), (url, members))| (url, region, members))
            .collect();
        let regions_per_base = {
            let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (url, region, _) in &groups {
                let regions = map.entry(base_name(url)).or_default();
                if !regions.contains(region) {
                    regions.push(region.clone());
                }
            }
            map
        };
        for (url, region, members) in groups {
            let session = self.session_for(&url, &region, &members, &regions_per_base)?;
            let Some(session) = session else {
                continue;
            };
            // A set: a group of 10 000 profiles made this loop quadratic.
            let using: std::collections::HashSet<&str> =
                session.1.iter().map(String::as_str).collect();
            for c in members.iter().filter(|c| using.contains(c.name)) {
                self.rewrite_profile(c, &session.0);
                self.plan.migrated.push(c.name.to_string());
            }
        }
        Ok(())
    }

    /// The session a group will use: an existing one with the same pair, or a new one
    /// (planned and inserted), with the members that use it. `None` when the group is
    /// skipped.
    fn session_for(
        &mut self,
        url: &str,
        region: &str,
        members: &[Candidate],
        regions_per_base: &BTreeMap<String, Vec<String>>,
    ) -> Result<Option<(String, Vec<String>)>, Refusal> {
        let names: Vec<String> = members.iter().map(|c| c.name.to_string()).collect();
        let requested = self
            .options
            .session_names
            .iter()
            .find(|(u, _)| model::portal_key(u) == model::portal_key(url))
            .map(|(_, n)| n.clone());
        let existing = self.config.sso_sessions.iter().find(|(name, s)| {
            s.str(KnownKey::SsoStartUrl).map(model::portal_key) == Some(model::portal_key(url))
                && s.str(KnownKey::SsoRegion) == Some(region)
                && requested.as_deref().is_none_or(|r| r == name.as_ref())
        });
        // The spellings the group's profiles used, besides the one kept.
        let other_spellings: Vec<String> = {
            let mut v: Vec<String> = members
                .iter()
                .map(|c| c.start_url.text.to_string())
                .filter(|u| u != url)
                .collect();
            v.sort();
            v.dedup();
            v
        };
        if let Some((name, session)) = existing {
            // The session's other keys are copied into each profile by botocore and must
            // not contradict it.
            let mut usable = Vec::new();
            for c in members {
                let conflict = session.properties.iter().find(|(k, v)| {
                    !SESSION_KEYS.contains(&k.as_ref())
                        && c.block.get(k.as_ref()).is_some_and(|p| p.text != v.text)
                });
                match conflict {
                    Some((k, _)) => self.skip(
                        c.name,
                        format!("sets `{k}` differently from sso-session `{name}`, which would copy its own value in (S006)"),
                    ),
                    None => usable.push(c.name.to_string()),
                }
            }
            if usable.is_empty() {
                return Ok(None);
            }
            // A session without scopes gets them, as new sessions do.
            let scopes_added = session.get(KnownKey::SsoRegistrationScopes).is_none();
            if scopes_added
                && let Some(last) = session
                    .properties
                    .values()
                    .filter(|p| p.key.file == FileKind::Config)
                    .filter_map(|p| self.entry_lines(p.key.span))
                    .map(|span| span.end())
                    .max()
            {
                let nl = self.newline;
                let lead = if self.text[..last].ends_with('\n') {
                    ""
                } else {
                    nl
                };
                self.plan.edits.push(Edit {
                    file: FileKind::Config,
                    span: Span::empty(last),
                    replacement: format!(
                        "{lead}{}{}",
                        self.assignment("sso_registration_scopes", DEFAULT_SCOPES),
                        if lead.is_empty() { nl } else { "" }
                    ),
                });
            }
            self.plan.reused.push(ReusedSession {
                name: name.to_string(),
                profiles: usable.clone(),
                scopes_added,
                other_spellings,
            });
            return Ok(Some((name.to_string(), usable)));
        }
        let name = match requested {
            Some(name) => {
                if self.taken.contains(&name) {
                    return Err(Refusal::BadSessionName {
                        name,
                        why: format!(
                            "a session of that name already exists for another portal or region than {url} ({region}); choose another name"
                        ),
                    });
                }
                name
            }
            None => {
                let base = base_name(url);
                let several_regions = regions_per_base.get(&base).is_some_and(|r| r.len() > 1);
                let wanted = if several_regions {
                    format!("{base}-{region}")
                } else {
                    base
                };
                self.unique(&wanted)
            }
        };
        self.taken.push(name.clone());
        // Scopes: those the profiles already carried (ignored in a profile, but what the
        // user meant), if they agree; else the default.
        let carried: Vec<&str> = members
            .iter()
            .filter_map(|c| c.block.str(KnownKey::SsoRegistrationScopes))
            .collect();
        let scopes = match carried.first() {
            Some(first) if carried.iter().all(|s| s == first) && !first.is_empty() => {
                first.to_string()
            }
            _ => DEFAULT_SCOPES.to_string(),
        };
        let blocks: Vec<&Block> = members.iter().map(|c| c.block).collect();
        self.insert_session(&name, url, region, &scopes, &blocks);
        self.plan.created.push(NewSession {
            name: name.clone(),
            start_url: url.to_string(),
            region: region.to_string(),
            scopes,
            profiles: names.clone(),
            other_spellings,
        });
        Ok(Some((name, names)))
    }

    fn unique(&self, wanted: &str) -> String {
        if !self.taken.iter().any(|t| t == wanted) {
            return wanted.to_string();
        }
        (2..)
            .map(|n| format!("{wanted}-{n}"))
            .find(|n| !self.taken.contains(n))
            .expect("some suffix is free")
    }

    fn assignment(&self, key: &str, value: &str) -> String {
        if self.spaced {
            format!("{key} = {value}")
        } else {
            format!("{key}={value}")
        }
    }

    /// Inserts `[sso-session NAME]` above the first profile that uses it (and above that
    /// profile's own leading comments).
    /// Inserts the session above the first member whose header starts its line (an indented
    /// header is a continuation for some readers: a block inserted above it would take it
    /// over), or at the end of the file when none does.
    fn insert_session(
        &mut self,
        name: &str,
        url: &str,
        region: &str,
        scopes: &str,
        members: &[&Block],
    ) {
        let text_of = |span: Span| -> &str { &self.text[span.range()] };
        let section = members.iter().find_map(|block| {
            let header = block
                .headers
                .iter()
                .rev()
                .find(|h| h.file == FileKind::Config)?;
            let section = self.doc.sections.iter().find(|s| s.name == header.span)?;
            text_of(self.doc.lines[section.line].span)
                .starts_with('[')
                .then_some(section)
        });
        let nl = self.newline;
        let block = format!(
            "[sso-session {name}]{nl}{}{nl}{}{nl}{}{nl}",
            self.assignment("sso_start_url", url),
            self.assignment("sso_region", region),
            self.assignment("sso_registration_scopes", scopes),
        );
        let (at, replacement) = match section {
            Some(section) => {
                let mut at_line = section.line;
                while at_line > 0 && self.doc.lines[at_line - 1].kind == LineKind::Comment {
                    at_line -= 1;
                }
                (self.doc.lines[at_line].span.start(), format!("{block}{nl}"))
            }
            None => {
                // A blank line before it; first the end of the last line if it has none.
                let lead = match (self.text.is_empty(), self.text.ends_with('\n')) {
                    (true, _) => String::new(),
                    (false, true) => nl.to_string(),
                    (false, false) => format!("{nl}{nl}"),
                };
                (self.text.len(), format!("{lead}{block}"))
            }
        };
        self.plan.edits.push(Edit {
            file: FileKind::Config,
            span: Span::empty(at),
            replacement,
        });
    }

    fn rewrite_profile(&mut self, c: &Candidate, session: &str) {
        // `sso_start_url = URL` → `sso_session = NAME`, keeping the spacing around `=`.
        self.plan.edits.push(Edit {
            file: FileKind::Config,
            span: c.start_url.key.span,
            replacement: "sso_session".into(),
        });
        self.plan.edits.push(Edit {
            file: FileKind::Config,
            span: c.start_url.value,
            replacement: session.to_string(),
        });
        self.delete(c.region);
        if let Some(scopes) = c.block.get(KnownKey::SsoRegistrationScopes)
            && scopes.key.file == FileKind::Config
        {
            self.delete(scopes);
        }
    }
}

/// A session name from a start URL: `acme` from `https://acme.awsapps.com/start`,
/// `d-9067aaaaaa` from a `d-` URL, the directory from a GovCloud or China portal, the
/// instance from an issuer URL, the host's words otherwise.
pub fn base_name(url: &str) -> String {
    let parsed = url::Url::parse(url).ok();
    let host = parsed
        .as_ref()
        .and_then(|u| u.host_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let last_segment = parsed
        .as_ref()
        .and_then(|u| u.path_segments())
        .and_then(|mut s| s.rfind(|p| !p.is_empty()))
        .map(str::to_string);
    let first_label = host.split('.').next().unwrap_or("").to_string();
    let raw = if host.starts_with("identitycenter.") || first_label == "start" {
        // https://identitycenter.amazonaws.com/ssoins-…, https://start.us-gov-home.awsapps.com/directory/acme
        last_segment.unwrap_or(first_label)
    } else if host.ends_with(".awsapps.com")
        || host.ends_with(".awsapps.cn")
        || host.contains(".portal.")
        || host.ends_with(".app.aws")
    {
        first_label
    } else {
        // A vanity URL: its host without the generic parts.
        host.split('.')
            .filter(|l| !["www", "sso", "login", "start", "com", "net", "org", "io"].contains(l))
            .collect::<Vec<_>>()
            .join("-")
    };
    let clean = crate::model::values::session_name_from(&raw);
    let clean = clean.trim_matches(['-', '.']).to_string();
    if clean.is_empty() {
        "sso".into()
    } else {
        clean
    }
}

/// Whether the file writes `key = value` (the default) rather than `key=value`.
fn spaced_delimiters(text: &str, doc: &Document) -> bool {
    let mut spaced = 0;
    let mut tight = 0;
    for e in doc.entries.iter().take(200) {
        if e.key.end() < e.delimiter.start() || text[e.delimiter.end()..].starts_with(' ') {
            spaced += 1;
        } else {
            tight += 1;
        }
    }
    spaced >= tight
}
