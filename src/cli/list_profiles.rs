//! `ssolint list-profiles`: the profile names a reader finds in the config and credentials
//! files, one per line, as `aws configure list-profiles` prints them.

use std::path::Path;

use super::{DialectArg, EXIT_ERROR, default_locations, write_stdout};
use crate::model;
use crate::workspace;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Whose view: botocore (the AWS CLI, boto3) or the SDKs'.
    #[arg(long, value_enum, default_value_t = DialectArg::Botocore)]
    pub dialect: DialectArg,
}

pub fn run(args: Args) -> u8 {
    let dialect = args.dialect.into();
    let locations = default_locations(dialect);
    let read = |path: &str| workspace::read_optional(Path::new(path)).map_err(|e| e.to_string());
    let (config, credentials) = match (read(&locations.config), read(&locations.credentials)) {
        (Ok(c), Ok(k)) => (c, k),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (resolved, _) = model::load(
        dialect,
        config.as_ref().map(|s| s.text.as_str()),
        credentials.as_ref().map(|s| s.text.as_str()),
    );
    if let Some(problem) = resolved.fatal.first() {
        eprintln!(
            "error: {} (run `ssolint check`)",
            crate::model::redact::controls(&problem.message)
        );
        return EXIT_ERROR;
    }
    let mut out = String::new();
    for name in resolved.profiles.keys() {
        out.push_str(&crate::model::redact::controls(name));
        out.push('\n');
    }
    write_stdout(|stdout| stdout.write_all(out.as_bytes()))
}
