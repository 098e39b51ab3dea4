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
mod shared;

pub use shared::{AwsFlags, DialectArg, EXIT_ERROR, EXIT_FINDINGS, ReaderArg, default_locations};
pub(crate) use shared::{DEBUG, aws_env, path_arg, reader_gone_is_done, write_stdout};

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Emulate(args) => emulate::run(args),
        Command::ExportCredentials(args) => export::run(args),
        Command::Login(args) => login::login(args),
        // `exit` without `shutdown` first (or the end of input) is an error exit.
        Command::Lsp => match crate::lsp::serve_stdio() {
            Ok(true) => 0,
            Ok(false) => 1,
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
            // Generated whole first: clap_complete panics on a failed write.
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "ssolint", &mut script);
            write_stdout(|out| out.write_all(&script))
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            write_stdout(|out| clap_mangen::Man::new(command).render(out))
        }
    };
    ExitCode::from(code)
}
