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

mod collect;
mod go;
mod java;
mod js;
mod lines;
mod lookup;

pub use go::exposed as go_exposed;
pub use lookup::session;

use super::{Block, Config, FileKind, Location, Map, SourceFile, Text};
pub use crate::model::tools::{Reader, Readers};
use crate::syntax::Dialect;

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

/// Names that are properties of every JavaScript object: a section of that name is lost in
/// the JavaScript SDK's plain-object map.
const JS_OBJECT_NAMES: &[&str] = &[
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// Whether the tools may read `file` differently, from botocore's tree of it: `false`
/// when every line is one all readers' line grammars read alike
/// ([`uniform_lines`](crate::syntax::Document::uniform_lines), found as the tree was
/// read) and so are the names, keys and values: plain `[profile name]`, `[sso-session
/// name]` or `[default]` headers (any header in the credentials file) with a name of
/// [`is_name_byte`](crate::model::values::is_name_byte)s that is not a JavaScript object
/// property, each with keys (the JavaScript SDK has no empty sections), none repeated
/// (botocore refuses a repeated header or key where the others merge), not both
/// `[default]` and `[profile default]`; lower-case keys (in the credentials file only
/// those the Go SDK reads there) with non-empty, unquoted values. Then every tool reads
/// exactly what botocore reads.
/// Conservative: `true` means only that the readers *may* differ, and then each is run.
pub fn may_diverge(file: SourceFile) -> bool {
    let SourceFile { kind, text, doc } = file;
    debug_assert_eq!(doc.dialect, Dialect::Botocore, "botocore's tree tells");
    if !doc.uniform_lines || !text.is_ascii() {
        return true;
    }
    let (mut bare_default, mut prefixed_default) = (false, false);
    let mut headers: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    headers.reserve(doc.sections.len());
    for section in &doc.sections {
        let inside = section.name.of(text);
        let name = match kind {
            FileKind::Config if inside == "default" => {
                bare_default = true;
                inside
            }
            FileKind::Config => {
                if let Some(name) = inside.strip_prefix("profile ") {
                    prefixed_default |= name == "default";
                    name
                } else if let Some(name) = inside.strip_prefix("sso-session ") {
                    name
                } else {
                    // `[services]` values are sub-properties, read differently;
                    // bare and other sections are dropped by some tools only.
                    return true;
                }
            }
            FileKind::Credentials => inside,
        };
        let plain =
            crate::model::values::is_valid_session_name(name) && !JS_OBJECT_NAMES.contains(&name);
        if !plain || (bare_default && prefixed_default) || !headers.insert(inside) {
            return true;
        }
        let entries = doc.entries(section);
        if entries.is_empty() {
            return true;
        }
        // Spans as bytes: no character-boundary checks in this loop over every key.
        let bytes_of = |span: crate::syntax::Span| &text.as_bytes()[span.start()..span.end()];
        for (i, entry) in entries.iter().enumerate() {
            let key = bytes_of(entry.key);
            let value = bytes_of(entry.value);
            // Keys every tool takes as written (JavaScript and Java keep the case, the
            // others lower it; `__proto__` sets a JavaScript object's prototype); values
            // every tool keeps (Go removes quotes, JavaScript takes an empty one for the
            // start of sub-properties).
            let plain = entry.plain_key
                && key != b"__proto__"
                && !value.is_empty()
                && !matches!(value[0], b'"' | b'\'')
                && !matches!(value[value.len() - 1], b'"' | b'\'');
            if !plain {
                return true;
            }
            if kind == FileKind::Credentials
                && !go::is_merged_key(std::str::from_utf8(key).unwrap_or_default())
            {
                return true;
            }
            // Sections have a handful of keys: comparing with the earlier ones is cheaper
            // than hashing them.
            if entries[..i].iter().any(|e| bytes_of(e.key) == key) {
                return true;
            }
        }
    }
    false
}

/// [`may_diverge`] for the pair of files, plus what only the pair shows: a profile in both
/// files (the Java SDK keeps the config file's value of a key, the others the credentials
/// file's; Go copies only some keys).
pub fn may_diverge_files(config: Option<SourceFile>, credentials: Option<SourceFile>) -> bool {
    if config.is_some_and(may_diverge) || credentials.is_some_and(may_diverge) {
        return true;
    }
    let (Some(config), Some(credentials)) = (config, credentials) else {
        return false;
    };
    // Both files are plain here: every section is a header of its own line.
    fn names<'t>(file: SourceFile<'t, '_>) -> rustc_hash::FxHashSet<&'t str> {
        file.doc
            .sections
            .iter()
            .map(|s| s.name.of(file.text))
            .collect()
    }
    let profiles = names(credentials);
    names(config).iter().any(|header| {
        let name = header.strip_prefix("profile ").unwrap_or(header);
        profiles.contains(name)
    })
}

/// [`may_diverge_files`] of two texts, parsing botocore's trees (for callers that have
/// none at hand).
pub fn may_diverge_texts(config: Option<&str>, credentials: Option<&str>) -> bool {
    let parse = crate::syntax::parse_judging_lines;
    let (config_doc, credentials_doc) = (config.map(parse), credentials.map(parse));
    fn source<'t, 'd>(
        kind: FileKind,
        text: Option<&'t str>,
        doc: Option<&'d crate::syntax::Document>,
    ) -> Option<SourceFile<'t, 'd>> {
        Some(SourceFile {
            kind,
            text: text?,
            doc: doc?,
        })
    }
    may_diverge_files(
        source(FileKind::Config, config, config_doc.as_ref()),
        source(FileKind::Credentials, credentials, credentials_doc.as_ref()),
    )
}

/// A setting (or a whole section) that two tools read differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// `profile`, `sso-session` or `services`.
    pub kind: &'static str,
    pub section: String,
    /// `None`: the section itself is present for some tools only.
    pub key: Option<String>,
    /// Each tool compared, with its value (`None`: not set, or no such section).
    pub readings: Vec<(Reader, Option<String>)>,
    /// Where one of the tools read it (the first that has it).
    pub at: Location,
}

impl Divergence {
    /// One tool's reading in words: the value in backquotes, through the redaction layer
    /// (a secret key's value is never shown), or "not set", "has it", "no such section".
    pub fn reading_text(&self, value: Option<&str>) -> String {
        let secret = self.key.as_deref().is_some_and(super::is_secret_key);
        match (value, &self.key) {
            (Some(_), None) => "has it".to_string(),
            (Some(_), Some(_)) if secret => format!("`{}`", super::REDACTED),
            (Some(v), Some(_)) => format!("`{}`", super::redact::redact(v)),
            (None, Some(_)) => "not set".to_string(),
            (None, None) => "no such section".to_string(),
        }
    }

    /// `AWS CLI, Rust: `a`; JS: not set` — readers grouped by what they read.
    pub fn describe(&self) -> String {
        let mut groups: Vec<(Option<&str>, Vec<Reader>)> = Vec::new();
        for (reader, value) in &self.readings {
            let value = value.as_deref();
            match groups.iter_mut().find(|(v, _)| *v == value) {
                Some((_, readers)) => readers.push(*reader),
                None => groups.push((value, vec![*reader])),
            }
        }
        groups
            .iter()
            .map(|(value, readers)| {
                let who: Vec<&str> = readers.iter().map(|r| r.short()).collect();
                format!("{}: {}", who.join(", "), self.reading_text(*value))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The simple settings of one section, as one tool reads it: single-line values of plain
/// keys (sub-properties and multi-line values are left to the rules that cover them).
fn simple<'b>(block: &'b Block) -> Vec<(&'b str, &'b str, Location)> {
    block
        .properties
        .iter()
        .filter(|(k, p)| p.nested.is_none() && !p.text.contains('\n') && !k.contains('.'))
        .map(|(k, p)| (k.as_ref(), p.text.as_ref(), p.key))
        .collect()
}

/// Every setting or section the given tools (`configs`, refusing ones excluded by the
/// caller) read differently, in the order of the first tool's sections.
pub fn divergences(configs: &[&Config]) -> Vec<Divergence> {
    let mut out = Vec::new();
    type Pick<'c, 't> = fn(&'c Config<'t>) -> &'c Map<Text<'t>, Block<'t>>;
    let maps: [(&'static str, Pick); 3] = [
        ("profile", |c| &c.profiles),
        ("sso-session", |c| &c.sso_sessions),
        ("services", |c| &c.services),
    ];
    for (kind, pick) in maps {
        let mut names: indexmap::IndexSet<&str, rustc_hash::FxBuildHasher> = Default::default();
        for config in configs {
            names.extend(pick(config).keys().map(|k| k.as_ref()));
        }
        for name in names {
            let blocks: Vec<Option<&Block>> = configs.iter().map(|c| pick(c).get(name)).collect();
            // A section with no settings anywhere differs only in name: not reported.
            let empty = blocks.iter().flatten().all(|b| b.properties.is_empty());
            if blocks.iter().any(Option::is_none) && !empty {
                let at = blocks
                    .iter()
                    .flatten()
                    .find_map(|b| b.headers.first().copied());
                out.push(Divergence {
                    kind,
                    section: name.to_string(),
                    key: None,
                    readings: configs
                        .iter()
                        .zip(&blocks)
                        .map(|(c, b)| (c.reader, b.map(|_| String::from("present"))))
                        .collect(),
                    at: at.expect("some tool has the section"),
                });
                continue;
            }
            if blocks.iter().any(Option::is_none) {
                continue;
            }
            let settings: Vec<Vec<(&str, &str, Location)>> = blocks
                .iter()
                .map(|b| simple(b.expect("all present")))
                .collect();
            let mut keys: Vec<String> = Vec::new();
            for one in &settings {
                for (k, _, _) in one {
                    let lower = k.to_lowercase();
                    if !keys.contains(&lower) {
                        keys.push(lower);
                    }
                }
            }
            for key in keys {
                // An empty value and no value are one reading here: tools that drop
                // `key =` treat it as unset, as the others do for most keys (K005's case).
                let values: Vec<Option<(&str, Location)>> = settings
                    .iter()
                    .map(|one| {
                        one.iter()
                            .find(|(k, v, _)| *k == key && !v.is_empty())
                            .map(|(_, v, at)| (*v, *at))
                    })
                    .collect();
                let first = values[0].map(|(v, _)| v);
                if values.iter().all(|v| v.map(|(v, _)| v) == first) {
                    continue;
                }
                let Some(at) = values
                    .iter()
                    .flatten()
                    .map(|(_, at)| *at)
                    .next()
                    .or_else(|| {
                        // Only case variants of the key exist: point at one of them.
                        settings
                            .iter()
                            .flatten()
                            .find(|(k, v, _)| k.to_lowercase() == key && !v.is_empty())
                            .map(|(_, _, at)| *at)
                    })
                else {
                    continue; // only empty values
                };
                out.push(Divergence {
                    kind,
                    section: name.to_string(),
                    key: Some(key),
                    readings: configs
                        .iter()
                        .zip(&values)
                        .map(|(c, v)| (c.reader, v.map(|(v, _)| v.to_string())))
                        .collect(),
                    at,
                });
            }
        }
    }
    out
}
