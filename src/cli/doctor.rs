//! `ssolint doctor`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use codespan_reporting::term::termcolor::BufferedStandardStream;

use super::{EXIT_ERROR, EXIT_FINDINGS, default_locations};
use crate::aws::http::{Http, HttpOptions};
use crate::doctor::{self, FileInput, Inputs};
use crate::render;
use crate::syntax::Dialect;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The profile to diagnose (default: as the AWS CLI chooses: $AWS_PROFILE,
    /// $AWS_DEFAULT_PROFILE, `default`).
    #[arg(long, conflicts_with = "all")]
    pub profile: Option<String>,
    /// Every profile that uses IAM Identity Center.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only the local checks (no network).
    #[arg(long)]
    pub offline: bool,
    /// Sign in when the token is missing or dead, then go on.
    #[arg(long)]
    pub login: bool,
    #[command(flatten)]
    pub aws: super::AwsFlags,
    /// Colour: auto means a terminal and no NO_COLOR (FORCE_COLOR forces it).
    #[arg(long, value_enum, default_value_t = super::check::Color::Auto)]
    pub color: super::check::Color,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn read(path: &str, from_env: bool) -> FileInput {
    let path = Path::new(path).to_path_buf();
    let (text, mode) = match crate::workspace::read_optional(&path) {
        Ok(Some(source)) => (Ok(Some(source.text)), source.mode),
        Ok(None) => (Ok(None), None),
        Err(e) => (Err(e.to_string()), None),
    };
    FileInput {
        path,
        text,
        from_env,
        mode,
    }
}

pub fn run(args: Args) -> u8 {
    let Some(home) = home::home_dir() else {
        eprintln!("error: cannot find the home directory (set HOME)");
        return EXIT_ERROR;
    };
    let locations = default_locations(Dialect::Botocore);
    args.aws.apply();
    let env = |k: &str| super::aws_env(k);
    // Every network step is bounded: an unreachable endpoint fails within 10 seconds.
    let http = match Http::new(&HttpOptions {
        ca_bundle: std::env::var_os("AWS_CA_BUNDLE")
            .filter(|v| !v.is_empty())
            .map(Into::into),
        timeout: Duration::from_secs(10),
        retries: 1,
        debug: super::DEBUG.load(std::sync::atomic::Ordering::Relaxed),
    }) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut login_output = std::io::stderr();
    let system = doctor::System { vars: &env };
    let mut inputs = Inputs {
        environment: &system,
        config: read(&locations.config, locations.config_from_env),
        credentials: read(&locations.credentials, locations.credentials_from_env),
        home,
        profile_arg: args.profile.clone(),
        offline: args.offline,
        login: args.login,
        login_output: Some(&mut login_output),
    };
    let mut diagnoses = doctor::run(&mut inputs, &http, args.all);
    // On a terminal, offer the login instead of only failing.
    let token_failed = diagnoses.iter().any(|d| {
        d.checks
            .iter()
            .any(|c| c.id == doctor::CheckId::TokenCache && c.status == doctor::Status::Fail)
    });
    if token_failed && interactive && !args.login && !args.offline && args.format == Format::Text {
        eprint!("The token is missing or dead. Sign in now? [Y/n] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if !answer.trim().to_ascii_lowercase().starts_with('n') {
            inputs.login = true;
            diagnoses = doctor::run(&mut inputs, &http, args.all);
        }
    }
    let result = match args.format {
        Format::Json => render::doctor::json(&mut std::io::stdout().lock(), &diagnoses, args.all),
        Format::Text => {
            let choice = super::check::color_choice(args.color, true);
            let mut stream = BufferedStandardStream::stdout(choice);
            let r = render::doctor::text(&mut stream, &diagnoses);
            let _ = stream.flush();
            r
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    if diagnoses.iter().any(doctor::Diagnosis::failed) {
        EXIT_FINDINGS
    } else {
        0
    }
}
