//! What several subcommands share: exit codes, argument types, the AWS CLI's global flags
//! and the default file locations.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::model::location::{Locations, Platform, locate};
use crate::model::readers::Reader;
use crate::syntax::Dialect;

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

pub(crate) fn path_arg(p: &Option<PathBuf>) -> Option<PathBuf> {
    p.clone().filter(|p| p.as_os_str() != "")
}

/// Writes a command's output to standard output through one buffer. A reader that stops
/// reading (`ssolint resolve | head`) has what it asked for: the output ends quietly, as
/// grep's and ruff's do (`println!` would panic). Any other failure to write (a full disk)
/// is an error, with [`EXIT_ERROR`].
pub fn write_stdout(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> u8 {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match reader_gone_is_done(write(&mut out).and_then(|()| std::io::Write::flush(&mut out))) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: writing the output: {e}");
            EXIT_ERROR
        }
    }
}

/// A write to standard output that failed because its reader went away counts as done
/// ([`write_stdout`]).
pub fn reader_gone_is_done(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
