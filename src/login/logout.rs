//! `ssolint logout`: like `aws sso logout` (every cached token: portal Logout, then the file
//! goes; SSO role credentials in `~/.aws/cli/cache` go too; client registrations stay), or
//! for one session only.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::aws::cache::{self, TokenFile};
use crate::aws::http::Http;
use crate::aws::oidc;

#[derive(Debug, Default)]
pub struct Report {
    pub tokens_removed: Vec<PathBuf>,
    pub credentials_removed: usize,
    /// Portal Logout calls that failed (the files are removed anyway, as the CLI does).
    pub logout_failures: Vec<String>,
}

/// Removes `*.ssolint.lock` files nobody holds (earlier versions left them behind).
fn remove_idle_locks(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.to_string_lossy().ends_with(".ssolint.lock") {
            continue;
        }
        if let Ok(file) = crate::files::open_lock_file(&path)
            && file.try_lock().is_ok()
        {
            let _ = std::fs::remove_file(&path);
            let _ = file.unlock();
        }
    }
}

/// Logs out every cached token. `portal_for(region)` gives the portal endpoint.
pub fn all(http: &Http, portal_for: &dyn Fn(&str) -> String, home: &Path) -> Report {
    let mut report = Report::default();
    let dir = cache::token_dir(home);
    for path in json_files(&dir) {
        let Some(token) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| TokenFile::parse(&t))
        else {
            continue; // Registrations and unreadable files stay.
        };
        end(http, portal_for, &token, &path, &mut report);
    }
    remove_idle_locks(&dir);
    for path in json_files(&cache::credential_dir(home)) {
        let is_sso = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|v| v.get("ProviderType").and_then(Value::as_str) == Some("sso"));
        if is_sso && std::fs::remove_file(&path).is_ok() {
            report.credentials_removed += 1;
        }
    }
    report
}

/// Logs out one session (or legacy start URL): its token, and the role credentials cached for
/// the given (account, role) pairs.
pub fn one(
    http: &Http,
    portal_for: &dyn Fn(&str) -> String,
    home: &Path,
    key: cache::Key,
    roles: &[(String, String)],
) -> Report {
    let mut report = Report::default();
    let input = match key {
        cache::Key::Session(s) | cache::Key::StartUrl(s) => s,
    };
    let path = cache::token_dir(home).join(format!("{}.json", cache::token_key(input)));
    if let Some(token) = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| TokenFile::parse(&t))
    {
        end(http, portal_for, &token, &path, &mut report);
    }
    for (account, role) in roles {
        let file = cache::credential_dir(home).join(format!(
            "{}.json",
            cache::role_credentials_key(account, role, key)
        ));
        if std::fs::remove_file(file).is_ok() {
            report.credentials_removed += 1;
        }
    }
    report
}

fn end(
    http: &Http,
    portal_for: &dyn Fn(&str) -> String,
    token: &TokenFile,
    path: &Path,
    report: &mut Report,
) {
    if let Some(region) = &token.region
        && let Err(e) = oidc::logout(http, &portal_for(region), &token.access_token)
    {
        report.logout_failures.push(e.to_string());
    }
    if std::fs::remove_file(path).is_ok() {
        report.tokens_removed.push(path.to_path_buf());
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
