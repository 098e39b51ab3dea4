//! The command line: argument parsing and one module per subcommand. The only layer
//! (with the LSP) that touches files, environment and terminal.

mod check;
mod doctor;
mod emulate;
mod export;
mod list_profiles;
mod login;
mod migrate;
mod populate;
mod resolve;
mod rule;
pub mod source;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::location::{Locations, Platform, locate};
use crate::model::readers::Reader;
use crate::syntax::Dialect;

#[derive(Parser, Debug)]
#[command(
    name = "ssolint",
    version,
    about = "Lint, migrate and diagnose AWS IAM Identity Center (SSO) configuration",
    long_about = "ssolint reads ~/.aws/config and ~/.aws/credentials exactly as the AWS CLI (botocore) \
                  and the AWS SDKs do, and tells you what they will do with them."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint the AWS config and credentials files: every finding with its exact place, why it
    /// matters and how to fix it.
    Check(check::Args),
    /// Rewrite legacy SSO profiles into [sso-session] form: a diff by default, --write to apply.
    Migrate(migrate::Args),
    /// Add a profile for every account and role your sso-session grants (diff first;
    /// --write to apply, --prune to remove those whose assignment is gone).
    Populate(populate::Args),
    /// Diagnose a profile from the config file to GetCallerIdentity, and name the fix.
    Doctor(doctor::Args),
    /// Sign in to IAM Identity Center and cache the token where the AWS CLI and SDKs find it.
    Login(login::LoginArgs),
    /// Sign out: end the portal session and remove cached tokens (all, or one session's).
    Logout(login::LogoutArgs),
    /// Serve diagnostics, fixes, hover, completion and navigation over LSP on stdio.
    Lsp,
    /// Print a profile's IAM Identity Center role credentials, as `aws configure
    /// export-credentials` does (for `credential_process`, or `eval` in a shell).
    ExportCredentials(export::Args),
    /// Run a local IAM Identity Center (SSO OIDC, portal, STS) for tests, demos and offline CI.
    Emulate(emulate::Args),
    /// Print the profile names a reader finds, one per line (as `aws configure list-profiles`).
    ListProfiles(list_profiles::Args),
    /// Show a rule's documentation, or list all rules.
    Rule(rule::Args),
    /// Print the profiles, sso-sessions and services exactly as a dialect resolves them.
    Resolve(resolve::Args),
    /// Print a shell completion script: `ssolint completions bash > /etc/bash_completion.d/ssolint`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `ssolint man > ~/.local/share/man/man1/ssolint.1`.
    Man,
}

/// The reader whose rules to apply.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// AWS CLI v2, boto3, botocore (Python configparser).
    Botocore,
    /// The cross-SDK profile-file spec (`--reader spec`; the Rust SDK follows it).
    Sdk,
}

/// A reader of the shared files, as `--reader` names it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReaderArg {
    /// The AWS CLI v2, boto3 and the tools built on them (botocore).
    Botocore,
    /// The AWS SDK for Rust (aws-config).
    Rust,
    /// The AWS SDK for JavaScript v3 (CDK, Amplify, Serverless, the AWS Toolkit for VS Code).
    Js,
    /// The AWS SDK for Go v2 (Terraform, OpenTofu, eksctl, most Kubernetes tooling).
    Go,
    /// The AWS SDK for Java v2.
    Java,
    /// The cross-SDK profile-file specification (its test vectors).
    Spec,
}

impl From<ReaderArg> for Reader {
    fn from(r: ReaderArg) -> Reader {
        match r {
            ReaderArg::Botocore => Reader::Botocore,
            ReaderArg::Rust => Reader::Rust,
            ReaderArg::Js => Reader::Js,
            ReaderArg::Go => Reader::Go,
            ReaderArg::Java => Reader::Java,
            ReaderArg::Spec => Reader::Spec,
        }
    }
}

impl From<DialectArg> for Reader {
    fn from(d: DialectArg) -> Reader {
        match d {
            DialectArg::Botocore => Reader::Botocore,
            DialectArg::Sdk => Reader::Spec,
        }
    }
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Dialect {
        match d {
            DialectArg::Botocore => Dialect::Botocore,
            DialectArg::Sdk => Dialect::Sdk,
        }
    }
}

/// Default file locations from the real environment.
pub fn default_locations(dialect: Dialect) -> Locations {
    locate(
        dialect,
        Platform::current(),
        &|k| std::env::var(k).ok(),
        home::home_dir().map(|p| p.to_string_lossy().into_owned()),
    )
}

/// `--debug` (login, logout, doctor, populate, export-credentials): one line per HTTP request
/// on standard error.
pub(crate) static DEBUG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--endpoint-url`: one URL for every Identity Center service (OIDC, portal, STS), ahead of
/// the `AWS_ENDPOINT_URL*` variables and the config file, as the AWS CLI's flag is.
pub(crate) static ENDPOINT_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The environment as the AWS endpoint resolution sees it, with `--endpoint-url` applied.
pub(crate) fn aws_env(key: &str) -> Option<String> {
    if key.starts_with("AWS_ENDPOINT_URL")
        && let Some(url) = ENDPOINT_URL.get()
    {
        return Some(url.clone());
    }
    if key == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" && ENDPOINT_URL.get().is_some() {
        return None;
    }
    std::env::var(key).ok()
}

/// The AWS CLI's global flags that apply to the commands that call AWS.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AwsFlags {
    /// Send every Identity Center call (OIDC, portal, STS) to this URL, as the AWS CLI's
    /// `--endpoint-url` does (ahead of AWS_ENDPOINT_URL* and the config file).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Print one line per HTTP request on standard error (method, URL, status, time; never
    /// a header or a body).
    #[arg(long)]
    pub debug: bool,
}

impl AwsFlags {
    pub fn apply(&self) {
        if let Some(url) = &self.endpoint_url {
            let _ = ENDPOINT_URL.set(url.clone());
        }
        DEBUG.store(self.debug, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Exit status: 0 clean, 1 findings or refused input, 2 usage, I/O or internal error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Emulate(args) => emulate::run(args),
        Command::ExportCredentials(args) => export::run(args),
        Command::Login(args) => login::login(args),
        Command::Lsp => match crate::lsp::serve_stdio() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_ERROR
            }
        },
        Command::Logout(args) => login::logout(args),
        Command::Migrate(args) => migrate::run(args),
        Command::Populate(args) => populate::run(args),
        Command::Resolve(args) => resolve::run(args),
        Command::Rule(args) => rule::run(args),
        Command::ListProfiles(args) => list_profiles::run(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "ssolint", &mut std::io::stdout());
            0
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut std::io::stdout()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    EXIT_ERROR
                }
            }
        }
    };
    ExitCode::from(code)
}

pub(crate) fn path_arg(p: &Option<PathBuf>) -> Option<PathBuf> {
    p.clone().filter(|p| p.as_os_str() != "")
}
