//! What a reader makes of the files: profiles, sso-sessions and services as blocks of
//! properties that keep where they were written, and the problems that make a tool
//! refuse the files or silently drop a part.

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
    pub reader: crate::model::tools::Reader,
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
    pub(crate) fn new(dialect: Dialect) -> Self {
        Config {
            dialect,
            reader: match dialect {
                Dialect::Botocore => crate::model::tools::Reader::Botocore,
                Dialect::Sdk => crate::model::tools::Reader::Spec,
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

pub(crate) fn syntax_problem(file: FileKind, error: &SyntaxError, dialect: Dialect) -> Problem {
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
