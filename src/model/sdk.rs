//! The SDKs' reading (the cross-SDK profile-file spec; `aws-runtime` `env_config`):
//! section names split into prefix and name, identifiers validated, repeated sections
//! merged key by key, `[profile default]` preferred to `[default]`, files merged key by key.

use std::borrow::Cow;

use super::{
    Config, FileKind, Location, Map, Problem, ProblemKind, Property, SourceFile, SubProperty, Text,
};
use crate::syntax::chars::{is_sdk_identifier, is_sdk_space};
use crate::syntax::{Dialect, Entry, Span};

pub(super) fn resolve<'t>(
    config: Option<SourceFile<'t, '_>>,
    credentials: Option<SourceFile<'t, '_>>,
) -> Config<'t> {
    let mut out = Config::new(Dialect::Sdk);
    for file in [config, credentials].into_iter().flatten() {
        for error in &file.doc.errors {
            out.fatal.push(crate::model::config::syntax_problem(
                file.kind,
                error,
                Dialect::Sdk,
            ));
        }
        merge_file(&mut out, file);
    }
    out
}

/// `SectionPair::parse`: trim, split at the first space or tab into prefix and name.
fn split_section_name(raw: &str) -> (Option<&str>, &str) {
    let trimmed = raw.trim_matches(is_sdk_space);
    match trimmed.find(is_sdk_space) {
        Some(i) => (Some(trimmed[..i].trim()), trimmed[i..].trim()),
        None => (None, trimmed.trim()),
    }
}

enum Target<'t> {
    Profile,
    SsoSession,
    Other(&'t str),
}

fn merge_file<'t>(out: &mut Config<'t>, file: SourceFile<'t, '_>) {
    let SourceFile { kind, text, doc } = file;
    let at = |span| Location { file: kind, span };
    let has_prefixed_default = kind == FileKind::Config
        && doc
            .sections
            .iter()
            .any(|s| split_section_name(s.name.of(text)) == (Some("profile"), "default"));
    for section in &doc.sections {
        let raw = section.name.of(text);
        let (prefix, name) = split_section_name(raw);
        let header = at(section.name);
        let ignore = |out: &mut Config, message: String| {
            out.notes.push(Problem {
                kind: ProblemKind::SectionIgnored,
                at: header,
                related: Vec::new(),
                message,
            });
        };
        let target = match (kind, prefix) {
            (FileKind::Config, Some(_)) if !is_sdk_identifier(name) => {
                ignore(
                    out,
                    format!(
                        "the SDKs ignore [{raw}]: `{name}` is not a valid identifier (letters, digits and _-/.%@:+ only)"
                    ),
                );
                continue;
            }
            (FileKind::Config, Some("profile")) => Target::Profile,
            (FileKind::Config, Some("sso-session")) => Target::SsoSession,
            (FileKind::Config, Some(p)) => Target::Other(p),
            (FileKind::Config, None) if name == "default" => {
                if has_prefixed_default {
                    out.notes.push(Problem {
                        kind: ProblemKind::SectionShadowed,
                        at: header,
                        related: Vec::new(),
                        message: "the SDKs ignore [default] because this file also has [profile default], which takes priority".into(),
                    });
                    continue;
                }
                Target::Profile
            }
            (FileKind::Config, None) => {
                ignore(
                    out,
                    format!(
                        "the SDKs ignore [{raw}]: sections in the config file other than [default] need a prefix, e.g. [profile {name}]"
                    ),
                );
                continue;
            }
            (FileKind::Credentials, Some("profile")) => {
                ignore(
                    out,
                    format!(
                        "the SDKs ignore [{raw}]: profiles in the credentials file must not start with `profile`"
                    ),
                );
                continue;
            }
            (FileKind::Credentials, Some(_)) => {
                ignore(
                    out,
                    format!(
                        "the SDKs ignore [{raw}] in the credentials file: such sections belong in the config file"
                    ),
                );
                continue;
            }
            (FileKind::Credentials, None) if !is_sdk_identifier(name) => {
                ignore(
                    out,
                    format!("the SDKs ignore [{raw}]: `{name}` is not a valid identifier"),
                );
                continue;
            }
            (FileKind::Credentials, None) => Target::Profile,
        };
        let (map, key, other_section) = match target {
            Target::Profile => (&mut out.profiles, Cow::Borrowed(name), false),
            Target::SsoSession => (&mut out.sso_sessions, Cow::Borrowed(name), false),
            Target::Other("services") => (&mut out.services, Cow::Borrowed(name), true),
            Target::Other(prefix) => (&mut out.other, Cow::Owned(format!("{prefix} {name}")), true),
        };
        let block = map.entry(key).or_default();
        block.headers.push(header);
        let mut ignored_keys = Vec::new();
        for entry in doc.entries(section) {
            let key = ascii_lower(entry.key.of(text));
            if !is_sdk_identifier(&key) || key.is_empty() {
                ignored_keys.push(entry.key);
                continue;
            }
            let property = if other_section {
                other_section_property(file, entry)
            } else {
                property(file, entry)
            };
            // Repeated sections and repeated keys: the last value wins.
            block.properties.insert(key, property);
        }
        for span in ignored_keys {
            out.notes.push(Problem {
                kind: ProblemKind::KeyIgnored,
                at: at(span),
                related: Vec::new(),
                message: format!(
                    "the SDKs ignore `{}`: not a valid identifier",
                    span.of(text)
                ),
            });
        }
    }
}

/// A profile or sso-session property: the raw string, and the spec's map view when the
/// first line is empty (`s3 =` + indented `k = v` lines; invalid names dropped).
fn property<'t>(file: SourceFile<'t, '_>, entry: &Entry) -> Property<'t> {
    let SourceFile { kind, text, doc } = file;
    let continuations = doc.continuations(entry);
    let raw = doc.joined_value(text, entry);
    let nested = (entry.value.is_empty() && !continuations.is_empty())
        .then(|| {
            continuations
                .iter()
                .filter_map(|c| c.pair)
                .filter(|(k, _, _)| is_sdk_identifier(k.of(text)) && !k.is_empty())
                .map(|(k, _, v)| sub_property(kind, text, k, v))
                .collect::<Map<_, _>>()
        })
        .map(Box::new);
    Property {
        text: raw,
        nested,
        key: Location {
            file: kind,
            span: entry.key,
        },
        value: doc.value_span(entry),
        inherited: false,
    }
}

/// In `[services …]` and other prefixed sections every value is read as `k = v` lines;
/// names are kept as written and lines without `=` are dropped.
fn other_section_property<'t>(file: SourceFile<'t, '_>, entry: &Entry) -> Property<'t> {
    let SourceFile { kind, text, doc } = file;
    let mut p = property(file, entry);
    let mut map = Map::default();
    if let Some((k, v)) = entry.value.of(text).split_once('=') {
        map.insert(
            Cow::Borrowed(k.trim()),
            SubProperty {
                value: Cow::Borrowed(v.trim()),
                key: p.key,
            },
        );
    }
    for c in doc.continuations(entry) {
        if let Some((k, _, v)) = c.pair {
            let (name, sub) = sub_property(kind, text, k, v);
            map.insert(name, sub);
        }
    }
    p.nested = Some(Box::new(map));
    p
}

/// Keys are ASCII-lower-cased; borrow when they already are.
fn ascii_lower(key: &str) -> Text<'_> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    }
}

fn sub_property(kind: FileKind, text: &str, key: Span, value: Span) -> (Text<'_>, SubProperty<'_>) {
    let sub = SubProperty {
        value: Cow::Borrowed(value.of(text)),
        key: Location {
            file: kind,
            span: key,
        },
    };
    (Cow::Borrowed(key.of(text)), sub)
}
