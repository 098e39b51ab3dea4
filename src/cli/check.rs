//! `ssolint check`: lint the files, print findings, apply fixes on request.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

use super::{
    EXIT_ERROR, EXIT_FINDINGS, ReaderArg, default_locations, reader_gone_is_done, write_stdout,
};
use crate::files;
use crate::fix;
use crate::lint::settings::{Settings, SettingsFile};
use crate::lint::{self, Input};
use crate::model::FileKind;
use crate::model::readers::{Reader, Readers};
use crate::render::{self, Checked, Group, SourceText};
use crate::syntax::Dialect;
use crate::workspace::{self, ReadError};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files to check; `-` reads standard input. Default: $AWS_CONFIG_FILE or ~/.aws/config,
    /// plus $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials. A config file and a
    /// credentials file in the same directory are checked together.
    pub paths: Vec<PathBuf>,
    /// The name to report for standard input (its name decides config or credentials).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Rules to run: codes, names, code prefixes or ALL (comma-separated; replaces the
    /// settings file's `select`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules to run besides those selected (added to `--select` or the settings file's).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Rules not to run (added to the settings file's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The output format (`--output-format` is ruff's name for it).
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Write the report to FILE instead of standard output (no colour).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print the findings and nothing else (no summary line).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Print how many findings each rule has, instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the files that would be checked, and exit.
    #[arg(long)]
    pub show_files: bool,
    /// Print the settings in effect (settings file, rules that run), and exit.
    #[arg(long)]
    pub show_settings: bool,
    /// Add `# ssolint: ignore[CODES]` above every line with findings (ruff's --add-noqa),
    /// writing the files safely; every reader must read them as before.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub add_suppressions: bool,
    /// Check again whenever a checked file or the settings file changes, until interrupted.
    #[arg(long)]
    pub watch: bool,
    /// With --fix or --diff: list every fix applied (rule, file, line, what it did).
    #[arg(long)]
    pub show_fixes: bool,
    /// With --fix: exit 1 when anything was fixed, even if nothing remains.
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Apply safe fixes (and unsafe ones with --unsafe-fixes), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Include unsafe fixes (they change what some tool reads, to what you meant).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 if there are any.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Exit 0 even when problems remain.
    #[arg(long)]
    pub exit_zero: bool,
    /// Colour: auto means a terminal and no NO_COLOR.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Report only what concerns these readers (comma-separated: botocore, rust, js, go,
    /// java, spec), e.g. `--reader go` for a Terraform-only team. Default: the settings
    /// file's `readers`, else all.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "LIST",
        conflicts_with = "dialect"
    )]
    pub reader: Vec<ReaderArg>,
    /// The older, coarser form of `--reader`: botocore, sdk (every SDK) or all.
    #[arg(long, value_enum, default_value_t = DialectChoice::All)]
    pub dialect: DialectChoice,
    /// The settings file (default: ssolint.toml or .ssolint.toml upward from the first file,
    /// then ~/.config/ssolint/ssolint.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every settings file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Full,
    Concise,
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    Sarif,
    Github,
    /// GitLab's Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectChoice {
    /// AWS CLI v2, boto3.
    Botocore,
    /// The AWS SDKs.
    Sdk,
    All,
}

/// A file to check, read at the edge.
struct Loaded {
    display: String,
    kind: FileKind,
    /// Where it was read from; `None` for standard input.
    path: Option<PathBuf>,
    /// The file's contents (UTF-8, so also its exact bytes).
    text: String,
    mode: Option<u32>,
}

pub fn run(args: Args) -> u8 {
    // Started before the files are read, so that the workers are placed by the time a
    // large input needs them.
    crate::workers::start();
    if args.watch {
        return watch(&args);
    }
    match run_inner(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// `--watch`: check, then check again whenever a checked file (or the settings file) changes,
/// until interrupted. Polls size and modification time four times a second: two small files
/// need no file-system notification machinery.
fn watch(args: &Args) -> u8 {
    if args.fix
        || args.diff
        || args.add_suppressions
        || args.paths.iter().any(|p| p.as_os_str() == "-")
    {
        eprintln!("error: --watch checks files: not with -, --fix, --diff or --add-suppressions");
        return EXIT_ERROR;
    }
    let stamp = |paths: &[PathBuf]| -> Vec<Option<(u64, std::time::SystemTime)>> {
        paths
            .iter()
            .map(|p| {
                let m = std::fs::metadata(p).ok()?;
                Some((m.len(), m.modified().ok()?))
            })
            .collect()
    };
    loop {
        let watched: Vec<PathBuf> = match load(args) {
            Ok(files) => {
                let mut paths: Vec<PathBuf> = files.iter().filter_map(|f| f.path.clone()).collect();
                if !args.isolated {
                    paths.extend(args.config.clone().or_else(|| discover_settings(&files)));
                }
                paths
            }
            Err(_) => args.paths.clone(),
        };
        if let Err(message) = run_inner(args) {
            eprintln!("error: {message}");
        }
        eprintln!(
            "ssolint: watching {} file(s) for changes (Ctrl-C stops)",
            watched.len()
        );
        let before = stamp(&watched);
        while stamp(&watched) == before {
            std::thread::sleep(std::time::Duration::from_millis(250));
        }
        eprintln!("ssolint: a file changed; checking again");
    }
}

fn run_inner(args: &Args) -> Result<u8, String> {
    let mut files = load(args).map_err(|e| e.to_string())?;
    let mut settings = load_settings(args, &files)?;
    // `--reader` replaces the settings file's `readers`; the older `--dialect` narrows too.
    if !args.reader.is_empty() {
        settings.readers = Readers::of(args.reader.iter().map(|&r| Reader::from(r)));
    } else {
        match args.dialect {
            DialectChoice::Botocore => settings.readers = Readers::BOTOCORE,
            DialectChoice::Sdk => settings.readers = Readers::SDK,
            DialectChoice::All => {}
        }
    }
    if args.show_files {
        return Ok(write_stdout(|out| {
            for f in &files {
                writeln!(out, "{}", crate::model::redact::controls(&f.display))?;
            }
            Ok(())
        }));
    }
    if args.show_settings {
        let settings_file = if args.isolated {
            None
        } else {
            args.config.clone().or_else(|| discover_settings(&files))
        };
        let enabled: Vec<&str> = crate::lint::RULES
            .iter()
            .filter(|r| settings.is_enabled(r))
            .map(|r| r.code)
            .collect();
        return Ok(write_stdout(|out| {
            writeln!(
                out,
                "settings file: {}",
                settings_file.map_or("(none)".to_string(), |p| p.display().to_string())
            )?;
            writeln!(out, "rules ({}): {}", enabled.len(), enabled.join(" "))?;
            writeln!(out, "readers: {}", settings.readers.names().join(" "))?;
            for (code, severity) in &settings.severity {
                writeln!(out, "severity: {code} = {}", severity.name())?;
            }
            Ok(())
        }));
    }
    if files.is_empty() {
        let locations = default_locations(Dialect::Botocore);
        eprintln!(
            "ssolint: nothing to check: no config file at {} and no credentials file at {}",
            locations.config, locations.credentials
        );
        return Ok(0);
    }
    let groups = pair(&files);
    let mut checked = Checked::default();
    let mut pending_diff = false;
    // 64 KiB, a pipe's buffer: a 10 000-finding report is 2.8 MB (345 writes with the
    // default 8 KiB).
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for (config, credentials) in groups {
        let config_file = config.map(|i| &files[i]);
        let credentials_file = credentials.map(|i| &files[i]);
        let input = Input {
            config: config_file.map(|f| f.text.as_str()),
            credentials: credentials_file.map(|f| f.text.as_str()),
            config_mode: config_file.and_then(|f| f.mode),
            credentials_mode: credentials_file.and_then(|f| f.mode),
        };
        if args.add_suppressions {
            let report = lint::check(&input, &settings);
            for file in [config_file, credentials_file].into_iter().flatten() {
                let edits = fix::suppression_edits(&file.text, file.kind, &report);
                let Some(path) = &file.path else {
                    return Err("--add-suppressions needs files, not standard input".into());
                };
                if edits.is_empty() {
                    continue;
                }
                let refs: Vec<&crate::lint::Edit> = edits.iter().collect();
                let after = fix::apply(&file.text, &refs).0;
                files::replace(path, file.text.as_bytes(), after.as_bytes())
                    .map_err(|e| e.to_string())?;
                eprintln!(
                    "ssolint: added {} suppression comment(s) to {}",
                    edits.len(),
                    file.display
                );
            }
            continue;
        }
        let (report, texts) = if args.fix || args.diff {
            let fixed = fix::fix(&input, &settings, args.unsafe_fixes);
            checked.fixed += fixed.fixed;
            if args.show_fixes {
                for a in &fixed.applied {
                    let file = match a.file {
                        FileKind::Config => config_file.or(credentials_file),
                        FileKind::Credentials => credentials_file.or(config_file),
                    };
                    eprintln!(
                        "ssolint: fixed {} at {}:{}: {}",
                        a.rule.code,
                        file.map_or("-", |f| f.display.as_str()),
                        a.line,
                        crate::model::redact::controls(&a.title)
                    );
                }
            }
            for d in &fixed.dropped {
                let file = match d.at.file {
                    FileKind::Config => config_file.or(credentials_file),
                    FileKind::Credentials => credentials_file.or(config_file),
                };
                eprintln!(
                    "ssolint: {}:{}: the {} fix was not applied: {}",
                    file.map_or("-", |f| f.display.as_str()),
                    d.line,
                    d.rule.code,
                    d.reason
                );
            }
            let texts = [
                (config_file, fixed.config),
                (credentials_file, fixed.credentials),
            ];
            for (file, after) in &texts {
                let (Some(file), Some(after)) = (file, after) else {
                    continue;
                };
                // Standard input with --fix: the text goes to standard output, fixed or not.
                if file.path.is_none() && !args.diff {
                    write!(stdout, "{after}").map_err(|e| e.to_string())?;
                    continue;
                }
                if *after == file.text {
                    continue;
                }
                if args.diff {
                    pending_diff = true;
                    if let Some(diff) = fix::unified_diff(&file.display, &file.text, after) {
                        write!(stdout, "{diff}").map_err(|e| e.to_string())?;
                    }
                    continue;
                }
                if let Some(path) = &file.path {
                    let written = files::replace(path, file.text.as_bytes(), after.as_bytes())
                        .map_err(|e| e.to_string())?;
                    eprintln!(
                        "ssolint: fixed {} (backup: {})",
                        written.target.display(),
                        written.backup.display()
                    );
                }
            }
            (fixed.report, texts.map(|(_, after)| after))
        } else {
            // Watching, the next check follows: only a process about to exit leaves the
            // context unfreed.
            let report = if args.watch {
                lint::check(&input, &settings)
            } else {
                lint::check_before_exit(&input, &settings)
            };
            (report, [None, None])
        };
        // The report points into the text as fixed, else as read (moved, not copied: a
        // large file is megabytes).
        let [config_text, credentials_text] = texts;
        let mut add = |index: Option<usize>, text: Option<String>| {
            index.map(|i| {
                let source = match text {
                    // A fixed text: its frames also hide the secrets of the text as read (a
                    // fix may have moved a secret's line where it no longer reads as one).
                    Some(fixed) => SourceText::new(files[i].display.clone(), fixed)
                        .hiding_secrets_of(&files[i].text),
                    None => SourceText::new(
                        files[i].display.clone(),
                        std::mem::take(&mut files[i].text),
                    ),
                };
                checked.files.push(source);
                checked.files.len() - 1
            })
        };
        let config_index = add(config, config_text);
        let credentials_index = add(credentials, credentials_text);
        for code in &report.crashed {
            eprintln!(
                "ssolint: internal error: rule {code} failed on {}; its findings are missing, the other rules' are complete (please report this)",
                [config_index, credentials_index]
                    .iter()
                    .flatten()
                    .map(|&i| checked.files[i].path.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            );
        }
        checked.groups.push(Group {
            config: config_index,
            credentials: credentials_index,
            report,
        });
    }
    if args.diff {
        // The diff first, then the line about it, also when both streams go to one place.
        stdout.flush().map_err(|e| e.to_string())?;
        let unsafe_only = checked.fixable(true) - checked.fixable(false);
        let mut message = if pending_diff {
            "ssolint: the diff above shows the fixes; nothing was written (use --fix to apply)"
                .to_string()
        } else {
            "ssolint: no fixes to apply".to_string()
        };
        if !args.unsafe_fixes && unsafe_only > 0 {
            message.push_str(&format!(
                "\nssolint: {unsafe_only} more finding(s) have unsafe fixes (they change what a tool reads): `--diff --unsafe-fixes` shows them, `--fix --unsafe-fixes` applies them"
            ));
        }
        eprintln!("{message}");
        return Ok(if pending_diff && !args.exit_zero {
            EXIT_FINDINGS
        } else {
            0
        });
    }
    if args.add_suppressions {
        return Ok(0);
    }
    checked.quiet = args.quiet;
    let stdin_fixed = args.fix && files.iter().any(|f| f.path.is_none());
    let result = if args.statistics {
        statistics(&mut stdout, &checked)
    } else if let Some(path) = &args.output_file {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
        );
        render_to(&mut file, args, &checked, false).and_then(|()| file.flush())
    } else if stdin_fixed {
        // Standard output carries the fixed text; the report goes to standard error.
        stdout.flush().map_err(|e| e.to_string())?;
        render_to(&mut std::io::stderr().lock(), args, &checked, false)
    } else {
        render_to(&mut stdout, args, &checked, true)
    };
    // The reader stopped reading (`ssolint check | head`): it has what it wanted, and an
    // error message would only clutter the terminal (as grep and ruff behave).
    reader_gone_is_done(result.and_then(|()| stdout.flush())).map_err(|e| e.to_string())?;
    let code = if (checked.has_failures() && !args.exit_zero)
        || (args.exit_non_zero_on_fix && checked.fixed > 0)
    {
        EXIT_FINDINGS
    } else {
        0
    };
    // The process exits next: freeing a large file's trees and findings one allocation at a
    // time would only cost time (a tenth of a 10 000-profile check). Not when watching: the
    // next check follows.
    if !args.watch {
        std::mem::forget(checked);
        std::mem::forget(files);
    }
    Ok(code)
}

/// `--statistics`: findings per rule, most first, as ruff prints them.
fn statistics(out: &mut dyn Write, checked: &Checked) -> std::io::Result<()> {
    let mut counts: Vec<(&'static crate::lint::Rule, usize, usize)> = Vec::new();
    for (_, d) in checked.diagnostics() {
        let fixable = usize::from(fix::allowed(d, false));
        match counts.iter_mut().find(|(r, _, _)| r.code == d.rule.code) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += fixable;
            }
            None => counts.push((d.rule, 1, fixable)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    for (rule, count, fixable) in counts {
        writeln!(
            out,
            "{count:>5}\t{}\t{}{}",
            rule.code,
            if fixable > 0 { "[*] " } else { "" },
            rule.name
        )?;
    }
    Ok(())
}

fn render_to(
    out: &mut dyn Write,
    args: &Args,
    checked: &Checked,
    is_stdout: bool,
) -> std::io::Result<()> {
    match args.format {
        Format::Full => {
            let choice = color_choice(args.color, is_stdout);
            let mut stream = if is_stdout {
                BufferedStandardStream::stdout(choice)
            } else {
                BufferedStandardStream::stderr(choice)
            };
            let result = render::full::write(&mut stream, checked, args.unsafe_fixes);
            stream.flush()?;
            result
        }
        Format::Concise => render::concise::write(out, checked, args.unsafe_fixes),
        Format::Json => render::json::write(out, checked),
        Format::JsonLines => render::json::write_lines(out, checked),
        Format::Sarif => render::sarif::write(out, checked),
        Format::Github => render::github::write(out, checked),
        Format::Gitlab => render::ci::gitlab(out, checked),
        Format::Junit => render::ci::junit(out, checked),
    }
}

/// `FORCE_COLOR` or `CLICOLOR_FORCE` set to something other than empty or `0`: colour even
/// when the output is not a terminal (CI logs that render ANSI).
fn forced_colour() -> bool {
    ["FORCE_COLOR", "CLICOLOR_FORCE"]
        .iter()
        .any(|k| std::env::var(k).is_ok_and(|v| !v.is_empty() && v != "0"))
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub(super) fn color_choice(color: Color, is_stdout: bool) -> ColorChoice {
    match color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if forced_colour() => ColorChoice::Always,
        Color::Auto => {
            let tty = if is_stdout {
                std::io::stdout().is_terminal()
            } else {
                std::io::stderr().is_terminal()
            };
            if tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }
        }
    }
}

fn load(args: &Args) -> Result<Vec<Loaded>, ReadError> {
    let mut out = Vec::new();
    // `--stdin-filename` alone means standard input, as in ruff.
    let stdin_only = [PathBuf::from("-")];
    let paths: &[PathBuf] = if args.paths.is_empty() && args.stdin_filename.is_some() {
        &stdin_only
    } else {
        &args.paths
    };
    if paths.is_empty() {
        let locations = default_locations(Dialect::Botocore);
        for (path, kind) in [
            (locations.config, FileKind::Config),
            (locations.credentials, FileKind::Credentials),
        ] {
            let path = PathBuf::from(path);
            if let Some(source) = workspace::read_optional(&path)? {
                out.push(loaded(&path, kind, source));
            }
        }
        return Ok(out);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            out.push(Loaded {
                display: name.display().to_string(),
                kind: workspace::kind_of(&name),
                path: None,
                text: workspace::read_stdin(&name)?,
                mode: None,
            });
            continue;
        }
        if path.is_dir() {
            // A directory: the AWS files in it (or in its `.aws`), and those its settings file
            // names, as a linter checks a tree.
            let mut found = aws_files_in(path);
            if !args.isolated {
                found.extend(files_named_in_settings(path)?);
            }
            if found.is_empty() {
                return Err(ReadError::NoAwsFiles { dir: path.clone() });
            }
            for (file, kind) in found {
                out.push(loaded(&file, kind, workspace::read(&file)?));
            }
            continue;
        }
        out.push(loaded(
            path,
            workspace::kind_of(path),
            workspace::read(path)?,
        ));
    }
    Ok(out)
}

/// The `files = [...]` of `dir`'s `ssolint.toml` (or `.ssolint.toml`), resolved against it.
fn files_named_in_settings(dir: &Path) -> Result<Vec<(PathBuf, FileKind)>, ReadError> {
    for name in workspace::SETTINGS_FILE_NAMES {
        let settings = dir.join(name);
        let Some(source) = workspace::read_optional(&settings)? else {
            continue;
        };
        let Ok(parsed) = SettingsFile::parse(&source.text) else {
            return Ok(Vec::new()); // Reported when the settings are loaded.
        };
        return Ok(parsed
            .files
            .iter()
            .map(|f| {
                let path = dir.join(f);
                let kind = workspace::kind_of(&path);
                (path, kind)
            })
            .collect());
    }
    Ok(Vec::new())
}

/// `config` and `credentials` in `dir`, else in `dir/.aws`.
fn aws_files_in(dir: &Path) -> Vec<(PathBuf, FileKind)> {
    for base in [dir.to_path_buf(), dir.join(".aws")] {
        let found: Vec<(PathBuf, FileKind)> = [
            ("config", FileKind::Config),
            ("credentials", FileKind::Credentials),
        ]
        .into_iter()
        .map(|(name, kind)| (base.join(name), kind))
        .filter(|(p, _)| p.is_file())
        .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn loaded(path: &Path, kind: FileKind, source: workspace::Source) -> Loaded {
    Loaded {
        display: path.display().to_string(),
        kind,
        path: Some(path.to_path_buf()),
        text: source.text,
        mode: source.mode,
    }
}

/// Pairs each config file with the credentials file in the same directory.
fn pair(files: &[Loaded]) -> Vec<(Option<usize>, Option<usize>)> {
    let dir = |f: &Loaded| -> Option<PathBuf> {
        f.path
            .as_ref()
            .map(|p| p.parent().unwrap_or(Path::new("")).to_path_buf())
    };
    let mut groups: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let partner = groups.iter_mut().find(|(config, credentials)| {
            let other = match file.kind {
                FileKind::Config if config.is_none() => *credentials,
                FileKind::Credentials if credentials.is_none() => *config,
                _ => None,
            };
            other.is_some_and(|o| dir(&files[o]).is_some() && dir(&files[o]) == dir(file))
        });
        match (partner, file.kind) {
            (Some(group), FileKind::Config) => group.0 = Some(i),
            (Some(group), FileKind::Credentials) => group.1 = Some(i),
            (None, FileKind::Config) => groups.push((Some(i), None)),
            (None, FileKind::Credentials) => groups.push((None, Some(i))),
        }
    }
    groups
}

fn load_settings(args: &Args, files: &[Loaded]) -> Result<Settings, String> {
    let path = if args.isolated {
        None
    } else if let Some(path) = &args.config {
        Some(path.clone())
    } else {
        discover_settings(files)
    };
    let loaded = match &path {
        Some(path) => Some(workspace::load_settings(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let default = SettingsFile::default();
    let parsed = loaded.as_ref().map_or(&default, |l| &l.file);
    // `--extend-select` adds to whatever selects: the command line, the file, or ALL.
    let select: Option<Vec<String>> = if args.extend_select.is_empty() {
        args.select.clone()
    } else {
        let base = args
            .select
            .clone()
            .or_else(|| parsed.select.clone())
            .unwrap_or_else(|| vec!["ALL".to_string()]);
        Some(
            base.into_iter()
                .chain(args.extend_select.iter().cloned())
                .collect(),
        )
    };
    match &loaded {
        Some(loaded) => loaded
            .settings(select.as_deref(), &args.ignore)
            .map_err(|e| e.to_string()),
        None => Settings::new(parsed, select.as_deref(), &args.ignore).map_err(|e| e.to_string()),
    }
}

/// The settings file for the first file's directory (or the working directory).
fn discover_settings(files: &[Loaded]) -> Option<PathBuf> {
    let start = files
        .iter()
        .find_map(|f| f.path.as_ref())
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    match start {
        Some(start) => workspace::discover_settings(&start),
        None => workspace::user_settings_path().filter(|p| p.is_file()),
    }
}
