//! botocore's reading: `configparser.RawConfigParser` (strict) per file, then
//! `raw_config_parse` (nested values), `build_profile_map` (config file) and
//! `Session.full_config` (credentials file merged per key).

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{
    Block, Config, Location, Map, Problem, ProblemKind, Properties, Property, SourceFile,
    SubProperty, Text,
};
use crate::model::values::{lower_key, python_lower};
use crate::syntax::chars::{py_rstrip, py_splitlines, py_strip};
use crate::syntax::{Dialect, Entry, Span};

pub(super) fn resolve<'t>(
    config: Option<SourceFile<'t, '_>>,
    credentials: Option<SourceFile<'t, '_>>,
) -> Config<'t> {
    let mut out = Config::new(Dialect::Botocore);
    if let Some(file) = config {
        out.profiles.reserve(file.doc.sections.len());
        for (name, header, block) in raw_config_parse(file, &mut out.fatal) {
            build_profile_map_entry(&mut out, name, header, block);
        }
    }
    if let Some(file) = credentials {
        // Credentials sections are used literally as profile names, and their values
        // override the config file's key by key (`dict.update`).
        for (name, header, block) in raw_config_parse(file, &mut out.fatal) {
            let profile = out.profiles.entry(Cow::Borrowed(name)).or_default();
            profile.headers.push(header);
            profile.properties.extend(block.properties);
        }
    }
    out
}

/// `build_profile_map` for one section of the config file.
fn build_profile_map_entry<'t>(
    out: &mut Config<'t>,
    name: &'t str,
    header: Location,
    block: Block<'t>,
) {
    let target = if name.starts_with("profile") {
        Some(&mut out.profiles)
    } else if name.starts_with("sso-session") {
        Some(&mut out.sso_sessions)
    } else if name.starts_with("services") {
        Some(&mut out.services)
    } else {
        None
    };
    let Some(map) = target else {
        if name == "default" {
            insert_replacing(
                &mut out.profiles,
                &mut out.notes,
                "default".into(),
                header,
                block,
            );
        } else {
            out.notes.push(Problem {
                kind: ProblemKind::SectionIgnored,
                at: header,
                related: Vec::new(),
                message: format!(
                    "botocore reads [{name}] as a top-level section, not as a profile; only [default] may omit the `profile ` prefix"
                ),
            });
            out.other.insert(Cow::Borrowed(name), block);
        }
        return;
    };
    match super::sections::prefixed_name(name) {
        Ok(short) => insert_replacing(map, &mut out.notes, short, header, block),
        Err(why) => {
            out.notes.push(Problem {
                kind: ProblemKind::SectionIgnored,
                at: header,
                related: Vec::new(),
                message: format!("botocore silently ignores [{name}]: {why}"),
            });
        }
    }
}

/// Python's `profiles[name] = values`: a later section replaces an earlier one whole.
fn insert_replacing<'t>(
    map: &mut Map<Text<'t>, Block<'t>>,
    notes: &mut Vec<Problem>,
    name: Text<'t>,
    header: Location,
    mut block: Block<'t>,
) {
    if block.headers != [header] {
        block.headers = vec![header];
    }
    // One hash of the name, whether it is new (the norm) or replaces a profile.
    match map.entry(name) {
        indexmap::map::Entry::Vacant(vacant) => {
            vacant.insert(block);
        }
        indexmap::map::Entry::Occupied(mut occupied) => {
            notes.push(Problem {
                kind: ProblemKind::SectionShadowed,
                at: occupied.get().headers[0],
                related: vec![header],
                message: format!(
                    "botocore discards this section: a later section also names `{}` and replaces it whole (keys are not merged)",
                    occupied.key()
                ),
            });
            occupied.insert(block);
        }
    }
}

/// One section's options before `[DEFAULT]` is applied.
struct RawSection<'t> {
    name: &'t str,
    header: Location,
    properties: Properties<'t>,
}

/// `configparser` + `raw_config_parse`: section name → options (with `[DEFAULT]` applied).
fn raw_config_parse<'t>(
    file: SourceFile<'t, '_>,
    fatal: &mut Vec<Problem>,
) -> Vec<(&'t str, Location, Block<'t>)> {
    let SourceFile { kind, text, doc } = file;
    for error in &doc.errors {
        fatal.push(crate::model::config::syntax_problem(
            kind,
            error,
            Dialect::Botocore,
        ));
    }
    let at = |span: Span| Location { file: kind, span };

    let mut sections: Vec<RawSection> = Vec::new();
    let mut by_name: FxHashMap<&str, usize> = FxHashMap::default();
    let mut defaults: Properties<'t> = Properties::default();
    let mut nested_errors_in_defaults = Vec::new();
    for section in &doc.sections {
        let name = section.name.of(text);
        let is_default = name == "DEFAULT";
        // After a repeated header configparser has already given up: its keys are not checked.
        let (properties, duplicate) = if is_default {
            (&mut defaults, false)
        } else if let Some(&first) = by_name.get(name) {
            fatal.push(Problem {
                kind: ProblemKind::DuplicateSection,
                at: at(section.name),
                related: vec![sections[first].header],
                message: format!(
                    "section [{name}] already exists (configparser: DuplicateSectionError); botocore refuses the whole file"
                ),
            });
            (&mut sections[first].properties, true)
        } else {
            by_name.insert(name, sections.len());
            sections.push(RawSection {
                name,
                header: at(section.name),
                properties: Properties::with_capacity(section.entries.len()),
            });
            (
                &mut sections.last_mut().expect("just pushed").properties,
                false,
            )
        };
        for entry in doc.entries(section) {
            if entry.key.is_empty() {
                continue; // Already a syntax error.
            }
            let key = lower_key(entry, text);
            let (property, nested_error) = property(file, entry);
            if let Some(problem) = nested_error {
                if is_default {
                    nested_errors_in_defaults.push(problem);
                } else {
                    fatal.push(problem);
                }
            }
            let key_at = property.key;
            // One lookup both sets the key and finds the one it repeats.
            if let Some(first) = properties.insert(key, property)
                && !duplicate
            {
                let key = python_lower(entry.key.of(text));
                fatal.push(Problem {
                    kind: ProblemKind::DuplicateKey,
                    at: key_at,
                    related: vec![first.key],
                    message: format!(
                        "option `{key}` in section [{name}] already exists (configparser: DuplicateOptionError, keys are case-insensitive); botocore refuses the whole file"
                    ),
                });
            }
        }
    }
    // `[DEFAULT]` values are only parsed (and can only fail) when some section reads them.
    if !sections.is_empty() {
        fatal.extend(nested_errors_in_defaults);
    }

    sections
        .into_iter()
        .map(|raw| {
            // `cp.options()` = defaults' keys first, then the section's own; own values win.
            if defaults.is_empty() {
                let block = Block {
                    headers: vec![raw.header],
                    properties: raw.properties,
                };
                return (raw.name, raw.header, block);
            }
            let mut properties: Properties<'t> = defaults
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        Property {
                            inherited: true,
                            ..v.clone()
                        },
                    )
                })
                .collect();
            properties.extend(raw.properties);
            let block = Block {
                headers: vec![raw.header],
                properties,
            };
            (raw.name, raw.header, block)
        })
        .collect()
}

/// The value of one option: continuation lines joined with `\n` and right-stripped
/// (`_join_multiline_values`), then `_parse_nested` when it starts with a newline.
fn property<'t>(file: SourceFile<'t, '_>, entry: &Entry) -> (Property<'t>, Option<Problem>) {
    let SourceFile { kind, text, doc } = file;
    let continuations = doc.continuations(entry);
    // Blank continuation lines (botocore counts the blank lines after a value as part of
    // it) add only newlines, which the right-strip removes again: the value is its first
    // line, borrowed (the last key of most sections is followed by a blank line).
    let joined = if continuations.iter().all(|c| c.text.is_empty()) {
        let first = entry.value.of(text);
        debug_assert_eq!(py_rstrip(first), first, "values are trimmed");
        Cow::Borrowed(first)
    } else {
        match doc.joined_value(text, entry) {
            Cow::Owned(mut joined) => {
                joined.truncate(py_rstrip(&joined).len());
                Cow::Owned(joined)
            }
            borrowed => borrowed,
        }
    };
    let key = Location {
        file: kind,
        span: entry.key,
    };
    let mut error = None;
    let nested = joined.starts_with('\n').then(|| {
        let mut map = Map::default();
        // The joined value's lines come from the continuation lines in order: search on
        // from the last one found (linear; searching from the start was quadratic).
        let mut cursor = 0;
        for line in py_splitlines(&joined) {
            let line = py_strip(line);
            if line.is_empty() {
                continue;
            }
            let source = match continuations[cursor..]
                .iter()
                .position(|c| c.text.of(text).contains(line))
            {
                Some(i) => {
                    cursor += i;
                    continuations[cursor].text
                }
                None => doc.entry_span(entry),
            };
            match line.split_once('=') {
                Some((k, v)) => {
                    map.insert(
                        Cow::Owned(py_strip(k).to_string()),
                        SubProperty {
                            value: Cow::Owned(py_strip(v).to_string()),
                            key: Location { file: kind, span: source },
                        },
                    );
                }
                None if error.is_none() => {
                    // The line may be a secret's continuation: quote it through redaction.
                    let shown = if crate::model::redact::is_secret_line(text, source.start()) {
                        Cow::Borrowed(crate::model::REDACTED)
                    } else {
                        crate::model::redact::redact(line)
                    };
                    error = Some(Problem {
                        kind: ProblemKind::NestedWithoutEquals,
                        at: Location { file: kind, span: source },
                        related: vec![key],
                        message: format!(
                            "`{}` starts a nested block (nothing after the `=`), so every indented line must be `name = value`; `{shown}` is not, and botocore refuses the whole file",
                            entry.key.of(text)
                        ),
                    });
                }
                None => {}
            }
        }
        Box::new(map)
    });
    (
        Property {
            text: joined,
            nested,
            key,
            value: doc.value_span(entry),
            inherited: false,
        },
        error,
    )
}
