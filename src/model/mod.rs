//! Model: sections become profiles, sso-sessions and services; the config and credentials
//! files are merged; every value keeps where it was written. Two dialects, both exact:
//! [`Dialect::Botocore`] (AWS CLI v2, boto3) and [`Dialect::Sdk`] (the cross-SDK spec).
//! No I/O happens here and nothing fails: what a tool would refuse is listed in
//! [`Config::fatal`], what it would silently drop in [`Config::notes`].

mod botocore;
pub mod config;
pub mod known_keys;
pub mod layout;
pub mod location;
pub mod names;
pub mod readers;
pub mod reading;
pub mod redact;
mod sdk;
pub mod sections;
pub mod shlex;
pub mod tools;
pub mod values;

use crate::syntax::{Dialect, Document};

pub use config::{
    Block, Config, FileKind, KeyName, Location, Map, Problem, ProblemKind, Properties, Property,
    SourceFile, SubProperty, Text,
};
pub use known_keys::KnownKey;
pub use names::{closest_names, did_you_mean_suffix};
pub use redact::{
    REDACTED, SECRET_KEYS, is_secret_key, is_secret_key_as_written, redact_assignment,
};
pub use values::portal_key;

/// Resolves the config and credentials files (either may be absent) as their dialect does.
/// Both documents must have been parsed with the same dialect.
pub fn resolve<'t>(
    config: Option<SourceFile<'t, '_>>,
    credentials: Option<SourceFile<'t, '_>>,
) -> Config<'t> {
    let dialect = config
        .or(credentials)
        .map_or(Dialect::Botocore, |f| f.doc.dialect);
    debug_assert!(
        [config, credentials]
            .iter()
            .flatten()
            .all(|f| f.doc.dialect == dialect),
        "both files must be parsed with the same dialect"
    );
    match dialect {
        Dialect::Botocore => botocore::resolve(config, credentials),
        Dialect::Sdk => sdk::resolve(config, credentials),
    }
}

/// Parses and resolves in one step (what most callers want).
pub fn load<'a>(
    dialect: Dialect,
    config: Option<&'a str>,
    credentials: Option<&'a str>,
) -> (Config<'a>, [Option<Document>; 2]) {
    let config_doc = config.map(|t| crate::syntax::parse(t, dialect));
    let credentials_doc = credentials.map(|t| crate::syntax::parse(t, dialect));
    let resolved = resolve(
        config
            .zip(config_doc.as_ref())
            .map(|(text, doc)| SourceFile {
                kind: FileKind::Config,
                text,
                doc,
            }),
        credentials
            .zip(credentials_doc.as_ref())
            .map(|(text, doc)| SourceFile {
                kind: FileKind::Credentials,
                text,
                doc,
            }),
    );
    (resolved, [config_doc, credentials_doc])
}
