//! Model: sections become profiles, sso-sessions and services; the config and credentials
//! files are merged; every value keeps where it was written. Two dialects, both exact:
//! [`Dialect::Botocore`] (AWS CLI v2, boto3) and [`Dialect::Sdk`] (the cross-SDK spec).
//! No I/O happens here and nothing fails: what a tool would refuse is listed in
//! [`Config::fatal`], what it would silently drop in [`Config::notes`].

mod botocore;
pub mod location;
pub mod readers;
pub mod reading;
pub mod redact;
mod sdk;
pub mod sections;
pub mod shlex;
pub mod values;

use std::borrow::Cow;

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use crate::syntax::{Dialect, Document, Span, SyntaxError};

/// Which of the two shared files a span points into.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Config,
    Credentials,
}

impl FileKind {
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }
}

/// A span in one of the two files.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileKind,
    pub span: Span,
}

/// One parsed input file. The resolved [`Config`] borrows the text (`'t`), not the tree.
#[derive(Copy, Clone, Debug)]
pub struct SourceFile<'t, 'd> {
    pub kind: FileKind,
    pub text: &'t str,
    pub doc: &'d Document,
}

/// An insertion-ordered map (Python dicts keep insertion order, and so does botocore's
/// output) with a fast non-cryptographic hasher: keys come from the user's own files.
pub type Map<K, V> = IndexMap<K, V, FxBuildHasher>;

/// Names and values borrow from the file text where they are written verbatim.
pub type Text<'a> = Cow<'a, str>;

/// A `key = value` as the dialect resolves it.
#[derive(Clone, Debug)]
pub struct Property<'a> {
    /// The value as a string. For a value with continuation lines: the lines joined by `\n`
    /// (botocore: right-stripped; the SDKs: their raw sub-property string, e.g. `"\nk = v"`).
    pub text: Text<'a>,
    /// Sub-properties (`s3 =` followed by indented `k = v` lines), in file order.
    pub nested: Option<Box<Map<Text<'a>, SubProperty<'a>>>>,
    /// The key as written.
    pub key: Location,
    /// From the first value character to the end of the last continuation line.
    pub value: Span,
    /// Written in a `[DEFAULT]` section, not in this one (botocore only).
    pub inherited: bool,
}

impl<'a> Property<'a> {
    /// The plain string value, or `None` for sub-properties.
    pub fn as_str(&self) -> Option<&str> {
        match self.nested {
            None => Some(&self.text),
            Some(_) => None,
        }
    }

    pub fn value_location(&self) -> Location {
        Location {
            file: self.key.file,
            span: self.value,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SubProperty<'a> {
    pub value: Text<'a>,
    pub key: Location,
}

/// A profile, sso-session, services or other section after merging.
#[derive(Clone, Debug, Default)]
pub struct Block<'a> {
    /// Every header that contributed, in the order the dialect applied them.
    pub headers: Vec<Location>,
    pub properties: Map<Text<'a>, Property<'a>>,
}

impl<'a> Block<'a> {
    pub fn get(&self, key: &str) -> Option<&Property<'a>> {
        self.properties.get(key)
    }

    /// A plain string value (sub-properties excluded).
    pub fn str(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Property::as_str)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A line the reader rejects.
    Syntax(crate::syntax::SyntaxErrorKind),
    /// The same header text twice in one file (botocore: DuplicateSectionError).
    DuplicateSection,
    /// The same key twice in one section, case-insensitively (botocore: DuplicateOptionError).
    DuplicateKey,
    /// A nested `key =` block with a line that has no `=`.
    NestedWithoutEquals,
    /// A section the dialect drops without a word.
    SectionIgnored,
    /// A key the dialect drops (SDKs: not a valid identifier).
    KeyIgnored,
    /// A section replaced or dropped because another one maps to the same name.
    SectionShadowed,
    /// The reader's program crashes on the files (Go: a panic).
    Crash,
    /// The reader loads the files but refuses to use one profile (Go: partial credentials).
    ProfileRefused,
}

/// Something a dialect refuses (fatal) or silently does (note), with where and why.
#[derive(Clone, Debug)]
pub struct Problem {
    pub kind: ProblemKind,
    pub at: Location,
    pub related: Vec<Location>,
    pub message: String,
}

/// The whole configuration as one dialect sees it.
#[derive(Clone, Debug)]
pub struct Config<'a> {
    pub dialect: Dialect,
    /// The reader whose view this is.
    pub reader: readers::Reader,
    pub profiles: Map<Text<'a>, Block<'a>>,
    pub sso_sessions: Map<Text<'a>, Block<'a>>,
    pub services: Map<Text<'a>, Block<'a>>,
    /// botocore: bare `[name]` sections of the config file (its top-level keys);
    /// the SDKs: sections with another prefix, keyed `"prefix name"`.
    pub other: Map<Text<'a>, Block<'a>>,
    /// Problems that make the tool refuse the files. Non-empty means: nothing loads.
    pub fatal: Vec<Problem>,
    /// Things the tool does silently that a user would want to know.
    pub notes: Vec<Problem>,
}

impl Config<'_> {
    fn new(dialect: Dialect) -> Self {
        Config {
            dialect,
            reader: match dialect {
                Dialect::Botocore => readers::Reader::Botocore,
                Dialect::Sdk => readers::Reader::Spec,
            },
            profiles: Map::default(),
            sso_sessions: Map::default(),
            services: Map::default(),
            other: Map::default(),
            fatal: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn is_loadable(&self) -> bool {
        self.fatal.is_empty()
    }
}

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

fn syntax_problem(file: FileKind, error: &SyntaxError, dialect: Dialect) -> Problem {
    Problem {
        kind: ProblemKind::Syntax(error.kind.clone()),
        at: Location {
            file,
            span: error.span,
        },
        related: Vec::new(),
        message: error.message(dialect).to_string(),
    }
}

pub use redact::{REDACTED, SECRET_KEYS, is_secret_key};

/// Whether `key`, as written, is exactly one of the AWS secret keys (rules that talk about
/// credentials; redaction uses the wider [`is_secret_key`]).
pub fn is_secret_key_as_written(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A `key = value` line as it may be shown: the value replaced by [`REDACTED`] when the
/// key (before the first `=` or `:`) names a secret.
pub fn redact_assignment(line: &str) -> Cow<'_, str> {
    let Some(at) = line.find(['=', ':']) else {
        return Cow::Borrowed(line);
    };
    if is_secret_key(&line[..at]) {
        Cow::Owned(format!("{} {REDACTED}", line[..=at].trim_end()))
    } else {
        Cow::Borrowed(line)
    }
}

/// The names in `candidates` closest to `wanted` (a misspelt profile or rule name), best
/// first, at most three: those that start with it or contain it, then those within a third
/// of its length in edits (at least two).
pub fn closest_names<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Vec<&'c str> {
    let lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .filter_map(|c| {
            let candidate = c.to_lowercase();
            if !lower.is_empty() && (candidate.starts_with(&lower) || candidate.contains(&lower)) {
                return Some((0, c));
            }
            let distance = strsim::damerau_levenshtein(&lower, &candidate);
            (distance <= limit).then_some((distance, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// ` (did you mean `a`, `b`?)` for [`closest_names`], or nothing.
pub fn did_you_mean_suffix(names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!(" (did you mean {}?)", quoted.join(", "))
}

/// A start URL as the portal it names: scheme and host lower-cased, and a final `#/`, `#`
/// and `/` dropped. `https://Acme.awsapps.com/start/` and `https://acme.awsapps.com/start#/`
/// are the same portal to every reader and to AWS; they differ only as token-cache keys of
/// legacy profiles.
pub fn portal_key(url: &str) -> String {
    let mut rest = url.trim();
    for suffix in ["#/", "#"] {
        if let Some(stripped) = rest.strip_suffix(suffix) {
            rest = stripped;
            break;
        }
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    match rest.find("://") {
        Some(scheme_end) => {
            let after = &rest[scheme_end + 3..];
            let host_end = after.find('/').map_or(after.len(), |i| i);
            format!(
                "{}://{}{}",
                rest[..scheme_end].to_ascii_lowercase(),
                after[..host_end].to_ascii_lowercase(),
                &after[host_end..]
            )
        }
        None => rest.to_string(),
    }
}
