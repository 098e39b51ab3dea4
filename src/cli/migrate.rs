//! `ssolint migrate`: legacy SSO profiles → `[sso-session]` form. Shows a diff; writes only
//! with `--write`, safely.

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{BufferedStandardStream, Color, ColorSpec, WriteColor};

use super::check::{Color as ColorArg, color_choice};
use super::{EXIT_ERROR, EXIT_FINDINGS, default_locations, reader_gone_is_done};
use crate::fix::{self, migrate};
use crate::syntax::Dialect;
use crate::workspace;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Config files (each migrated on its own); `-` reads standard input and prints the
    /// migrated text. Default: $AWS_CONFIG_FILE, else ~/.aws/config.
    pub paths: Vec<PathBuf>,
    /// Apply the migration (atomically, keeping a backup next to the file).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// Exit 1 if anything would change (for CI and pre-commit); write nothing.
    #[arg(long)]
    pub check: bool,
    /// Name the session for a start URL: `--session-name https://acme.awsapps.com/start=acme`.
    #[arg(long, value_name = "URL=NAME", value_parser = parse_session_name)]
    pub session_name: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

fn parse_session_name(s: &str) -> Result<(String, String), String> {
    let (url, name) = s
        .rsplit_once('=')
        .ok_or_else(|| "expected URL=NAME".to_string())?;
    if url.is_empty() || name.is_empty() {
        return Err("expected URL=NAME".into());
    }
    Ok((url.to_string(), name.to_string()))
}

pub fn run(args: Args) -> u8 {
    crate::workers::start();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(default_locations(Dialect::Botocore).config)]
    } else {
        args.paths.clone()
    };
    let mut status = 0;
    for path in &paths {
        let code = match migrate_file(&args, path) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_ERROR
            }
        };
        status = status.max(code);
    }
    status
}

/// `migrate -`: standard input in, the migrated text out (the summary on standard error),
/// as `check --fix -` does.
fn migrate_stdin(args: &Args) -> Result<u8, String> {
    if args.write {
        return Err(
            "--write needs a file; with `-` the migrated text goes to standard output".into(),
        );
    }
    let text = workspace::read_stdin(Path::new("-")).map_err(|e| e.to_string())?;
    let options = migrate::Options {
        session_names: args.session_name.clone(),
    };
    let plan = migrate::plan(&text, &options).map_err(|e| format!("-: {e}"))?;
    let after = migrate::apply(&text, &plan);
    let mut stdout = std::io::stdout().lock();
    reader_gone_is_done(
        stdout
            .write_all(after.as_bytes())
            .and_then(|()| stdout.flush()),
    )
    .map_err(|e| e.to_string())?;
    eprint!("{}", summary(&plan));
    Ok(if args.check && !plan.is_empty() {
        EXIT_FINDINGS
    } else {
        0
    })
}

fn migrate_file(args: &Args, path: &Path) -> Result<u8, String> {
    if path.as_os_str() == "-" {
        return migrate_stdin(args);
    }
    let source = workspace::read(path).map_err(|e| e.to_string())?;
    let display = path.display().to_string();
    let options = migrate::Options {
        session_names: args.session_name.clone(),
    };
    let plan = migrate::plan(&source.text, &options).map_err(|e| format!("{display}: {e}"))?;
    let after = migrate::apply(&source.text, &plan);
    let mut out = BufferedStandardStream::stdout(color_choice(args.color, true));
    // A reader of the preview that stops reading has seen what it wanted (`| head`).
    let shown = match fix::edits_diff(&display, &source.text, &plan.edits) {
        Some(diff) => write_diff(&mut out, &diff).and_then(|()| out.flush()),
        None => out.flush(),
    };
    reader_gone_is_done(shown).map_err(|e| e.to_string())?;
    eprint!("{}", summary(&plan));
    for (url, name) in &args.session_name {
        let used = plan.created.iter().any(|c| &c.start_url == url)
            || plan.reused.iter().any(|r| &r.name == name);
        if !used {
            eprintln!(
                "ssolint: warning: --session-name {url}={name}: no legacy profile in {display} uses the start URL `{url}`, so it names nothing"
            );
        }
    }
    if plan.is_empty() {
        return Ok(0);
    }
    if args.check {
        eprintln!("ssolint: {display} would change; run `ssolint migrate --write` to apply");
        return Ok(EXIT_FINDINGS);
    }
    if !args.write {
        eprintln!("ssolint: nothing written; run again with --write to apply");
        return Ok(0);
    }
    let written = crate::files::replace(path, source.text.as_bytes(), after.as_bytes())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "ssolint: wrote {} (backup: {})",
        written.target.display(),
        written.backup.display()
    );
    eprint!("{}", next_steps(&plan));
    Ok(0)
}

/// The diff, with removed lines red and added lines green when colour is on.
pub(super) fn write_diff(out: &mut dyn WriteColor, diff: &str) -> std::io::Result<()> {
    for line in diff.split_inclusive('\n') {
        let color = if line.starts_with("+++") || line.starts_with("---") {
            Some(ColorSpec::new().set_bold(true).clone())
        } else if line.starts_with('+') {
            Some(ColorSpec::new().set_fg(Some(Color::Green)).clone())
        } else if line.starts_with('-') {
            Some(ColorSpec::new().set_fg(Some(Color::Red)).clone())
        } else if line.starts_with("@@") {
            Some(ColorSpec::new().set_fg(Some(Color::Cyan)).clone())
        } else {
            None
        };
        match color {
            Some(spec) => {
                out.set_color(&spec)?;
                write!(out, "{line}")?;
                out.reset()?;
            }
            None => write!(out, "{line}")?,
        }
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Profile names, quoted (a profile named `default` must not read as a word), the first
/// few of a long list.
fn list(names: &[String]) -> String {
    const SHOWN: usize = 6;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() <= SHOWN {
        return quoted.join(", ");
    }
    format!("{} profiles: {}, …", names.len(), quoted.join(", "))
}

/// What the migration does, in a few lines.
pub fn summary(plan: &migrate::Plan) -> String {
    let mut s = String::new();
    if plan.is_empty() && plan.skipped.is_empty() {
        s.push_str("ssolint: nothing to migrate: no legacy SSO profile\n");
        return s;
    }
    s.push_str(&format!(
        "ssolint: {} migrated, {} cleaned of keys their session already sets\n",
        plural(plan.migrated.len(), "legacy profile", "legacy profiles"),
        plural(plan.cleaned.len(), "hybrid profile", "hybrid profiles"),
    ));
    let spellings = |others: &[String], kept: &str| -> String {
        if others.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
        format!(
            "; the profiles also wrote it {} — the same portal, kept as `{kept}`",
            quoted.join(", ")
        )
    };
    for created in &plan.created {
        s.push_str(&format!(
            "  new [sso-session {}] ({}, {}) for {}{}\n",
            created.name,
            created.start_url,
            created.region,
            list(&created.profiles),
            spellings(&created.other_spellings, &created.start_url)
        ));
    }
    for reused in &plan.reused {
        s.push_str(&format!(
            "  existing [sso-session {}] now used by {}{}{}\n",
            reused.name,
            list(&reused.profiles),
            if reused.scopes_added {
                "; `sso_registration_scopes = sso:account:access` added to it, so its tokens refresh"
            } else {
                ""
            },
            spellings(&reused.other_spellings, "the session's")
        ));
    }
    for skipped in &plan.skipped {
        s.push_str(&format!(
            "  skipped profile `{}`: {}\n",
            skipped.profile, skipped.reason
        ));
    }
    s
}

/// What changes for the user after a write.
pub fn next_steps(plan: &migrate::Plan) -> String {
    let mut sessions: Vec<&str> = plan.created.iter().map(|c| c.name.as_str()).collect();
    sessions.extend(plan.reused.iter().map(|r| r.name.as_str()));
    sessions.dedup();
    if sessions.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\nNext: the token cache is now keyed by the session name, so sign in once per session:\n",
    );
    for name in sessions {
        s.push_str(&format!(
            "  ssolint login --sso-session {name}    (or: aws sso login --sso-session {name})\n"
        ));
    }
    s.push_str(
        "Tools that predate [sso-session] (AWS CLI before 2.9, old SDKs, old Terraform AWS providers,\n\
         some credential helpers) cannot read migrated profiles: see \"Compatibility\" in the README.\n",
    );
    s
}
