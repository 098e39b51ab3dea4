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

use super::{Block, Config, Location, Map, Text};
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

/// A byte table of the bytes `member` accepts (a `const fn` cannot take a closure).
macro_rules! byte_table {
    (|$b:ident| $member:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            table[i] = $member;
            i += 1;
        }
        table
    }};
}

/// The bytes of a section name every reader takes as written.
const PLAIN_SECTION_NAME_BYTE: [bool; 256] = byte_table!(|b| crate::model::values::is_name_byte(b));

/// The bytes of a key every reader takes as written (and lower-cases to itself).
const PLAIN_KEY_BYTE: [bool; 256] =
    byte_table!(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');

/// One pass over a file's lines: `false` when every line is one all readers read alike
/// (a plain `[profile name]`, `[sso-session name]`, `[services name]` or `[default]`
/// header; a lower-case `key = value` with a non-empty value under a header; a comment in
/// column 0; an empty line), so that every tool reads exactly what botocore reads.
/// Conservative: `true` means only that the readers *may* differ, and then each is run.
pub fn may_diverge(kind: super::FileKind, text: &str) -> bool {
    let bytes = text.as_bytes();
    if !text.is_ascii() {
        return true; // also catches a byte-order mark
    }
    // A CR is alike for everyone only as the first half of CRLF.
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return true;
    }
    // Most values hold no `#` or `;`: their positions, found in one vectorised pass, tell
    // the few lines that need the exact inline-comment test.
    let mut markers = memchr::memchr2_iter(b'#', b';', bytes).peekable();
    let mut in_section = false;
    let mut section_has_property = true;
    let (mut bare_default, mut prefixed_default) = (false, false);
    // botocore refuses a repeated header or key where the others merge: not alike.
    let mut headers: rustc_hash::FxHashSet<&[u8]> = rustc_hash::FxHashSet::default();
    let mut keys: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let line_start = start;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let mut line = &bytes[start..end];
        start = end + 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        let Some(&first) = line.first() else {
            continue;
        };
        match first {
            b'#' | b';' => {}
            b'[' => {
                if !section_has_property {
                    return true; // the JavaScript SDK has no empty sections
                }
                let Some(inside) = line.strip_prefix(b"[").and_then(|l| l.strip_suffix(b"]"))
                else {
                    return true;
                };
                let name: &[u8] = match kind {
                    super::FileKind::Config if inside == b"default" => {
                        bare_default = true;
                        inside
                    }
                    super::FileKind::Config => {
                        if let Some(name) = inside.strip_prefix(b"profile ") {
                            prefixed_default |= name == b"default";
                            name
                        } else if let Some(name) = inside.strip_prefix(b"sso-session ") {
                            name
                        } else {
                            // `[services]` values are sub-properties, read differently;
                            // bare and other sections are dropped by some tools only.
                            return true;
                        }
                    }
                    super::FileKind::Credentials => inside,
                };
                let plain = !name.is_empty()
                    && name
                        .iter()
                        .all(|&b| PLAIN_SECTION_NAME_BYTE[usize::from(b)])
                    && !JS_OBJECT_NAMES.iter().any(|n| n.as_bytes() == name);
                if !plain || (bare_default && prefixed_default) || !headers.insert(inside) {
                    return true;
                }
                keys.clear();
                in_section = true;
                section_has_property = false;
            }
            _ => {
                // Keys are short: a plain loop beats a vectorised search here.
                let Some(eq) = line.iter().position(|&b| b == b'=') else {
                    return true;
                };
                let mut key = &line[..eq];
                while let [rest @ .., b' ' | b'\t'] = key {
                    key = rest;
                }
                let mut value = &line[eq + 1..];
                while let [b' ' | b'\t', rest @ ..] = value {
                    value = rest;
                }
                while let [rest @ .., b' ' | b'\t'] = value {
                    value = rest;
                }
                let plain_key = !key.is_empty()
                    && key.iter().all(|&b| PLAIN_KEY_BYTE[usize::from(b)])
                    && key != b"__proto__"; // JavaScript drops it (it sets the prototype)
                let quoted = matches!(value.first(), Some(b'"' | b'\''))
                    || matches!(value.last(), Some(b'"' | b'\''));
                while markers.next_if(|&at| at < line_start).is_some() {}
                let line_has_marker = markers
                    .peek()
                    .is_some_and(|&at| at < line_start + line.len());
                // A `#`/`;` after white space starts a comment for some tools only.
                let comment = line_has_marker
                    && value
                        .windows(2)
                        .any(|w| matches!(w[1], b'#' | b';') && matches!(w[0], b' ' | b'\t'));
                if !in_section || !plain_key || value.is_empty() || quoted || comment {
                    return true;
                }
                if kind == super::FileKind::Credentials
                    && !go::is_merged_key(std::str::from_utf8(key).unwrap_or(""))
                {
                    return true;
                }
                if keys.contains(&key) {
                    return true;
                }
                keys.push(key);
                section_has_property = true;
            }
        }
    }
    !section_has_property
}

/// [`may_diverge`] for the pair of files, plus what only the pair shows: a profile in both
/// files (the Java SDK keeps the config file's value of a key, the others the credentials
/// file's; Go copies only some keys).
pub fn may_diverge_files(config: Option<&str>, credentials: Option<&str>) -> bool {
    use super::FileKind;
    if config.is_some_and(|t| may_diverge(FileKind::Config, t))
        || credentials.is_some_and(|t| may_diverge(FileKind::Credentials, t))
    {
        return true;
    }
    let (Some(config), Some(credentials)) = (config, credentials) else {
        return false;
    };
    let headers = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']').map(str::to_string))
            .collect()
    };
    let profiles = headers(credentials);
    if profiles.is_empty() {
        return false;
    }
    headers(config).iter().any(|h| {
        let name = h.strip_prefix("profile ").unwrap_or(h);
        profiles.iter().any(|p| p == name)
    })
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
