//! The tools that read the shared files, as values: [`Reader`] (botocore, Rust, JS, Go,
//! Java, the spec) and [`Readers`], a set of them (what a finding affects). How each one
//! reads is `model::readers`.

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
    pub const BOTOCORE: Readers = Readers(1 << Reader::Botocore as u8);
    /// The real programs ([`Reader::TOOLS`]).
    pub const TOOLS: Readers = Readers(0b01_1111);
    /// Every reader but botocore.
    pub const SDK: Readers = Readers(0b11_1110);
    /// The readers that refuse a whole file over one bad line.
    pub const STRICT: Readers = Readers(
        1 << Reader::Botocore as u8
            | 1 << Reader::Rust as u8
            | 1 << Reader::Java as u8
            | 1 << Reader::Spec as u8,
    );

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

    pub fn intersect(self, other: Readers) -> Readers {
        Readers(self.0 & other.0)
    }

    /// Whether [`Readers::describe`] names one tool in the singular (botocore is
    /// "the AWS CLI and boto3": plural).
    pub fn is_single(self) -> bool {
        self.0.count_ones() == 1 && !self.contains(Reader::Botocore)
    }

    pub fn minus(self, other: Readers) -> Readers {
        Readers(self.0 & !other.0)
    }

    pub fn only(reader: Reader) -> Readers {
        Readers::NONE.with(reader)
    }

    /// The readers that build `dialect`'s tree (botocore; every other).
    pub fn of_dialect(dialect: Dialect) -> Readers {
        match dialect {
            Dialect::Botocore => Readers::BOTOCORE,
            Dialect::Sdk => Readers::SDK,
        }
    }

    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Reader::name).collect()
    }

    pub fn iter(self) -> impl Iterator<Item = Reader> {
        Reader::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// "the JavaScript SDK reads" / "the Rust SDK and the Go SDK read": the set, then the
    /// verb that agrees with it.
    pub fn say(self, singular: &str, plural: &str) -> String {
        format!(
            "{} {}",
            self.describe(),
            if self.is_single() { singular } else { plural }
        )
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
