//! Every reader of the shared files as a value: what each real AWS tool makes of a pair of
//! texts, as a [`Config`] with positions.
//!
//! | question                  | botocore (CLI v2, boto3) | Rust (aws-config) / spec  | JavaScript v3               | Go v2                          | Java v2                     |
//! |---------------------------|--------------------------|---------------------------|-----------------------------|--------------------------------|-----------------------------|
//! | line breaks               | `\n`, `\r\n`, lone `\r`  | `\n`, `\r\n`              | `\n`, `\r\n`                | `\n` (`\r` kept, then trimmed) | `\n`, `\r\n`, lone `\r`     |
//! | refuses the file          | on any bad line          | on any bad line           | never (`__proto__`: empty)  | never                          | on any bad line             |
//! | comment after a value     | never                    | `#`/`;` after white space | `#`/`;` after white space   | `#`/`;` after space or tab     | `#`/`;` after space or tab  |
//! | comment after a header    | part of the name         | `#`/`;` anywhere after `]`| needs white space before it | `#`/`;` anywhere in the line   | `#`/`;` anywhere            |
//! | indented `k = v`          | continuation             | continuation              | a property of its own       | a property of its own          | continuation                |
//! | delimiter                 | first `=` or `:`         | first `=`                 | first `=`                   | first `=` or `:`               | first `=`                   |
//! | key case                  | lower-cased              | lower-cased               | kept                        | lower-cased                    | kept                        |
//! | quotes around a value     | kept                     | kept                      | kept                        | removed                        | kept                        |
//! | `[profile  a]`, `[ profile a ]` | `a` (shlex)        | `a`                       | dropped                     | `a`                            | `a`                         |
//! | `[profile "a"]`           | `a` (shlex)              | dropped                   | `a`                         | `"a"`                          | dropped                     |
//! | an empty value            | kept                     | kept                      | dropped (starts sub-keys)   | kept                           | kept                        |
//! | a section with no keys    | exists                   | exists                    | does not exist              | exists                         | exists                      |
//! | `[default]` + `[profile default]` | both merge       | `[profile default]`       | `[profile default]`         | `[profile default]`            | `[profile default]`         |
//!
//! The botocore and spec readers build the lossless tree (`syntax`) and resolve it
//! (`model::botocore`, `model::sdk`); the other readers are line readers of their own
//! (`js.rs`, `go.rs`, `java.rs`), each learnt from the SDK's source and pinned by a driver
//! that runs the real SDK in the test command (`tests/readers.rs`).

mod go;
mod java;

pub use go::exposed as go_exposed;
mod js;
mod lines;

use super::{Block, Config, Location, Map, Property, Text};
use crate::syntax::Dialect;

/// A program that reads the shared files.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reader {
    /// botocore (AWS CLI v2, boto3), through Python's configparser.
    Botocore,
    /// The AWS SDK for Rust (`aws-config`, through `aws-runtime`'s `env_config`).
    Rust,
    /// The AWS SDK for JavaScript v3 (`@smithy/shared-ini-file-loader`).
    Js,
    /// The AWS SDK for Go v2 (`github.com/aws/aws-sdk-go-v2/config`).
    Go,
    /// The AWS SDK for Java v2 (`software.amazon.awssdk:profiles`).
    Java,
    /// The cross-SDK profile-file specification (its parser test vectors).
    Spec,
}

impl Reader {
    pub const ALL: [Reader; 6] = [
        Reader::Botocore,
        Reader::Rust,
        Reader::Js,
        Reader::Go,
        Reader::Java,
        Reader::Spec,
    ];

    /// The real programs (spec excluded): what `check` judges a file by.
    pub const TOOLS: [Reader; 5] = [
        Reader::Botocore,
        Reader::Rust,
        Reader::Js,
        Reader::Go,
        Reader::Java,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reader::Botocore => "botocore",
            Reader::Rust => "rust",
            Reader::Js => "js",
            Reader::Go => "go",
            Reader::Java => "java",
            Reader::Spec => "spec",
        }
    }

    pub fn from_name(name: &str) -> Option<Reader> {
        match name.to_ascii_lowercase().as_str() {
            "botocore" | "cli" | "boto3" | "python" => Some(Reader::Botocore),
            "rust" => Some(Reader::Rust),
            "js" | "javascript" => Some(Reader::Js),
            "go" => Some(Reader::Go),
            "java" => Some(Reader::Java),
            "spec" | "sdk" => Some(Reader::Spec),
            _ => None,
        }
    }

    /// Who the user knows behind the reader, for messages.
    pub fn tools(self) -> &'static str {
        match self {
            Reader::Botocore => "the AWS CLI and boto3",
            Reader::Rust => "the Rust SDK",
            Reader::Js => "the JavaScript SDK",
            Reader::Go => "the Go SDK",
            Reader::Java => "the Java SDK",
            Reader::Spec => "the cross-SDK spec",
        }
    }

    /// Short form for lists in messages and tables.
    pub fn short(self) -> &'static str {
        match self {
            Reader::Botocore => "AWS CLI",
            Reader::Rust => "Rust",
            Reader::Js => "JS",
            Reader::Go => "Go",
            Reader::Java => "Java",
            Reader::Spec => "spec",
        }
    }

    /// The release each reader was learnt from and is tested against (the tests lock it).
    pub fn pinned(self) -> &'static str {
        match self {
            Reader::Botocore => "botocore 1.43.11",
            Reader::Rust => "aws-runtime 1.10.2 (aws-config)",
            Reader::Js => "@smithy/shared-ini-file-loader 4.7.2",
            Reader::Go => "aws-sdk-go-v2/config 1.33.19",
            Reader::Java => "software.amazon.awssdk:profiles 2.57.8",
            Reader::Spec => "SEP parser vectors (tests/data/aws-sdk)",
        }
    }

    /// Which lossless tree locates this reader's findings (botocore's own, or the spec's).
    pub fn dialect(self) -> Dialect {
        match self {
            Reader::Botocore => Dialect::Botocore,
            _ => Dialect::Sdk,
        }
    }

    /// Whether the reader refuses a whole file over one bad line (the others skip it).
    pub fn refuses_bad_lines(self) -> bool {
        matches!(
            self,
            Reader::Botocore | Reader::Rust | Reader::Java | Reader::Spec
        )
    }
}

/// A set of readers (bit per [`Reader`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Readers(u8);

impl Readers {
    pub const NONE: Readers = Readers(0);
    pub const ALL: Readers = Readers(0b11_1111);

    pub fn of(readers: impl IntoIterator<Item = Reader>) -> Readers {
        readers
            .into_iter()
            .fold(Readers::NONE, |set, r| set.with(r))
    }

    pub fn with(self, reader: Reader) -> Readers {
        Readers(self.0 | 1 << reader as u8)
    }

    pub fn contains(self, reader: Reader) -> bool {
        self.0 & (1 << reader as u8) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersects(self, other: Readers) -> bool {
        self.0 & other.0 != 0
    }

    pub fn union(self, other: Readers) -> Readers {
        Readers(self.0 | other.0)
    }

    pub fn minus(self, other: Readers) -> Readers {
        Readers(self.0 & !other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Reader> {
        Reader::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// "the AWS CLI and boto3, the Rust SDK and the Go SDK" (the spec only when alone).
    pub fn describe(self) -> String {
        let tools: Vec<Reader> = if self.minus(Readers::of([Reader::Spec])).is_empty() {
            self.iter().collect()
        } else {
            self.iter().filter(|r| *r != Reader::Spec).collect()
        };
        let names: Vec<&str> = tools.iter().map(|r| r.tools()).collect();
        match names.as_slice() {
            [] => "no reader".into(),
            [one] => (*one).into(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// How `reader` reads the config and credentials texts (either may be absent).
pub fn load<'t>(
    reader: Reader,
    config: Option<&'t str>,
    credentials: Option<&'t str>,
) -> Config<'t> {
    let mut out = match reader {
        Reader::Botocore => super::load(Dialect::Botocore, config, credentials).0,
        Reader::Spec => super::load(Dialect::Sdk, config, credentials).0,
        // The SDK's parser is the spec's reference implementation: `model::sdk` follows it,
        // including where it departs from the spec (sub-property names in `[services]`
        // kept as written; see DIVERGENCES in tests/sdk_vectors.rs).
        Reader::Rust => super::load(Dialect::Sdk, config, credentials).0,
        Reader::Js => js::load(config, credentials),
        Reader::Go => go::load(config, credentials),
        Reader::Java => java::load(config, credentials),
    };
    out.reader = reader;
    out
}

/// The sso-session section `name` (a profile's `sso_session` value) as `reader` looks it up,
/// or `None` when that reader finds none.
pub fn session<'c, 't>(
    reader: Reader,
    config: &'c Config<'t>,
    name: &str,
) -> Option<&'c Block<'t>> {
    match reader {
        // Go looks up the section `sso-session ` + the trimmed value, literally.
        Reader::Go => config.sso_sessions.get(name.trim()),
        _ => config.sso_sessions.get(name),
    }
}

/// Collects sections and properties for the line readers.
pub(super) struct Collector<'t> {
    pub out: Config<'t>,
}

/// Which map of [`Config`] a section lands in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Profile,
    SsoSession,
    Services,
}

impl<'t> Collector<'t> {
    pub fn new() -> Self {
        Collector {
            out: Config::new(Dialect::Sdk),
        }
    }

    pub fn map(&mut self, target: Target) -> &mut Map<Text<'t>, Block<'t>> {
        match target {
            Target::Profile => &mut self.out.profiles,
            Target::SsoSession => &mut self.out.sso_sessions,
            Target::Services => &mut self.out.services,
        }
    }

    /// The section `name` in `target`, created (with `header`) when new.
    pub fn section(&mut self, target: Target, name: Text<'t>, header: Location) -> &mut Block<'t> {
        let block = self.map(target).entry(name).or_default();
        block.headers.push(header);
        block
    }
}

/// A plain property.
pub(super) fn property<'t>(
    text: Text<'t>,
    key: Location,
    value: crate::syntax::Span,
) -> Property<'t> {
    Property {
        text,
        nested: None,
        key,
        value,
        inherited: false,
    }
}
