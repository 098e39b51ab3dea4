//! The AWS SDK for Java v2 (`software.amazon.awssdk:profiles` 2.57, `ProfileFileReader`):
//! the spec's strict reader, with Java's own line breaks and trimming.
//!
//! - Lines split at `\n`, `\r\n` and a lone `\r`; a byte-order mark is not skipped.
//! - Blank (only space/tab) and column-0 `#`/`;` lines are skipped.
//! - `[…]`: cut at the first `#`/`;`, trimmed (`String.trim`: every character up to
//!   U+0020), it must end with `]` or the file is refused. `sso-session NAME` and
//!   `services NAME` are sections of their own (config file only); `profile NAME`
//!   (space or tab) and `default` are profiles; a name that is not an identifier
//!   (letters, digits, `_-/.%@:+`) drops the section and every line under it.
//! - A line starting with space/tab continues the last property (refused when there is
//!   none); a property with an empty value makes its continuations sub-properties, each of
//!   which must have a key and `=` (the file is refused otherwise).
//! - Any other line is a property: cut at ` #`, ` ;`, `\t#`, `\t;`, trimmed, split at the
//!   first `=` (refused without one, or with an empty key); keys that are not identifiers
//!   are dropped with their continuations; keys and values are kept as written.
//! - `[profile default]` replaces an earlier `[default]` and hides a later one. Repeated
//!   sections merge, later keys winning. Of the two files, the config file's value of a
//!   property wins (the aggregate keeps the first file's).
//! - A sub-property `k = v` under `parent =` is also a property `parent.k` of its own.

use std::borrow::Cow;

use super::collect::{Collector, Target, property};
use super::lines::{Breaks, offset, split};
use crate::model::{Config, FileKind, Location, Problem, ProblemKind};
use crate::syntax::{Span, SyntaxErrorKind};

/// Java's `String.trim()`.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

fn is_identifier(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.' | '%' | '@' | ':' | '+')
    })
}

fn earliest(line: &str, patterns: &[&str]) -> usize {
    patterns
        .iter()
        .filter_map(|p| line.find(p))
        .min()
        .unwrap_or(line.len())
}

struct Refusal {
    kind: SyntaxErrorKind,
    span: Span,
    message: &'static str,
}

/// Where properties currently go.
struct Current {
    target: Target,
    name: String,
}

fn read_file<'t>(out: &mut Collector<'t>, text: &'t str, file: FileKind) -> Result<(), Refusal> {
    let mut current: Option<Current> = None;
    let mut ignoring_section = false;
    let mut property: Option<String> = None;
    let mut ignoring_property = false;
    let mut sub_properties = false;
    let mut seen_prefixed_default = false;
    let at_ = |span| Location { file, span };
    for (at, line) in split(text, Breaks::AnyBreak) {
        let span_of = |part: &str| {
            let start = offset(at, line, part);
            Span::new(start, start + part.len())
        };
        if line.chars().all(|c| c == ' ' || c == '\t')
            || line.starts_with('#')
            || line.starts_with(';')
        {
            continue;
        }
        if line.starts_with('[') {
            let trimmed = java_trim(&line[..earliest(line, &["#", ";"])]);
            if !trimmed.ends_with(']') || trimmed.len() < 2 {
                return Err(Refusal {
                    kind: SyntaxErrorKind::MalformedHeader,
                    span: span_of(trimmed),
                    message: "Section definition must end with ']'",
                });
            }
            let inside = java_trim(&trimmed[1..trimmed.len() - 1]);
            let header = at_(span_of(trimmed));
            property = None;
            ignoring_property = false;
            let special = ["sso-session", "services"].into_iter().find(|title| {
                inside
                    .strip_prefix(title)
                    .is_some_and(|rest| rest.starts_with([' ', '\t']))
            });
            let chosen = match special {
                Some(title) if file == FileKind::Config => {
                    let name = java_trim(&inside[title.len()..]);
                    let target = if title == "services" {
                        Target::Services
                    } else {
                        Target::SsoSession
                    };
                    is_identifier(name).then(|| (target, name.to_string()))
                }
                _ => profile_name(inside, file, &mut seen_prefixed_default, out),
            };
            match chosen {
                Some((target, name)) => {
                    out.section(target, Cow::Owned(name.clone()), header);
                    current = Some(Current { target, name });
                    ignoring_section = false;
                }
                None => {
                    ignoring_section = true;
                }
            }
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            if ignoring_section || ignoring_property {
                continue;
            }
            let (Some(section), Some(key)) = (&current, &property) else {
                return Err(Refusal {
                    kind: SyntaxErrorKind::ContinuationWithoutProperty,
                    span: span_of(java_trim(line)),
                    message: "Expected a profile or property definition",
                });
            };
            let trimmed = java_trim(line);
            if sub_properties {
                match trimmed.find('=') {
                    None => {
                        return Err(Refusal {
                            kind: SyntaxErrorKind::SubPropertyMissingEquals,
                            span: span_of(trimmed),
                            message: "Expected an '=' sign defining a property",
                        });
                    }
                    Some(eq) if java_trim(&trimmed[..eq]).is_empty() => {
                        return Err(Refusal {
                            kind: SyntaxErrorKind::SubPropertyEmptyKey,
                            span: span_of(trimmed),
                            message: "Property did not have a name",
                        });
                    }
                    Some(_) => {}
                }
            }
            let block = out
                .map(section.target)
                .get_mut(section.name.as_str())
                .expect("the current section exists");
            let p = block
                .properties
                .get_mut(key.as_str())
                .expect("the current property exists");
            let mut joined = p.text.to_string();
            joined.push('\n');
            joined.push_str(trimmed);
            p.text = Cow::Owned(joined);
            p.value = Span::new(
                p.value.start().min(span_of(trimmed).start()),
                span_of(trimmed).end(),
            );
            if sub_properties {
                // Each sub-property is also a property of its own, `parent.key`.
                let eq = trimmed.find('=').expect("checked above");
                let sub = java_trim(&trimmed[..eq]);
                let value = java_trim(&trimmed[eq + 1..]);
                if is_identifier(sub) {
                    block.properties.insert(
                        Cow::Owned(format!("{key}.{sub}")),
                        property_of(value, at_(span_of(sub)), span_of(value)),
                    );
                }
            }
            continue;
        }
        if ignoring_section {
            continue;
        }
        let Some(section) = &current else {
            return Err(Refusal {
                kind: SyntaxErrorKind::BeforeFirstSection,
                span: span_of(java_trim(line)),
                message: "Expected a profile definition",
            });
        };
        let kept = java_trim(&line[..earliest(line, &[" #", " ;", "\t#", "\t;"])]);
        let Some(eq) = kept.find('=') else {
            return Err(Refusal {
                kind: SyntaxErrorKind::MissingDelimiter,
                span: span_of(kept),
                message: "Expected an '=' sign defining a property",
            });
        };
        let key = java_trim(&kept[..eq]);
        let value = java_trim(&kept[eq + 1..]);
        if key.is_empty() {
            return Err(Refusal {
                kind: SyntaxErrorKind::EmptyKey,
                span: span_of(kept),
                message: "Property did not have a name",
            });
        }
        if !is_identifier(key) {
            ignoring_property = true;
            property = None;
            continue;
        }
        let block = out
            .map(section.target)
            .get_mut(section.name.as_str())
            .expect("the current section exists");
        block.properties.insert(
            Cow::Borrowed(key),
            property_of(value, at_(span_of(key)), span_of(value)),
        );
        property = Some(key.to_string());
        ignoring_property = false;
        sub_properties = value.is_empty();
    }
    Ok(())
}

fn property_of<'t>(value: &'t str, key: Location, span: Span) -> crate::model::Property<'t> {
    property(Cow::Borrowed(value), key, span)
}

/// `parseProfileDefinition`: the profile a header names, or `None` when Java ignores it.
fn profile_name(
    inside: &str,
    file: FileKind,
    seen_prefixed_default: &mut bool,
    out: &mut Collector,
) -> Option<(Target, String)> {
    let prefixed = inside.starts_with("profile ") || inside.starts_with("profile\t");
    let name = match file {
        FileKind::Config if prefixed => java_trim(&inside["profile".len()..]),
        FileKind::Config if inside == "default" => "default",
        FileKind::Config => return None,
        FileKind::Credentials => inside,
    };
    if !is_identifier(name) {
        return None;
    }
    if file == FileKind::Config && name == "default" && out.out.profiles.contains_key("default") {
        if !prefixed && *seen_prefixed_default {
            return None;
        }
        if prefixed && !*seen_prefixed_default {
            out.out.profiles.shift_remove("default");
        }
    }
    if name == "default" && prefixed {
        *seen_prefixed_default = true;
    }
    Some((Target::Profile, name.to_string()))
}

pub(super) fn load<'t>(config: Option<&'t str>, credentials: Option<&'t str>) -> Config<'t> {
    let mut out = Collector::new();
    for (file, text) in [
        (FileKind::Config, config),
        (FileKind::Credentials, credentials),
    ] {
        let Some(text) = text else { continue };
        // Each file is parsed on its own and merged; a refusal refuses everything.
        let mut one = Collector::new();
        match read_file(&mut one, text, file) {
            Ok(()) => {
                for (target, map) in [
                    (Target::Profile, one.out.profiles),
                    (Target::SsoSession, one.out.sso_sessions),
                    (Target::Services, one.out.services),
                ] {
                    for (name, block) in map {
                        // The aggregate keeps the first file's value of a property.
                        let into = out.map(target).entry(name).or_default();
                        into.headers.extend(block.headers);
                        for (key, p) in block.properties {
                            into.properties.insert_if_absent(key, p);
                        }
                    }
                }
            }
            Err(refusal) => out.out.fatal.push(Problem {
                kind: ProblemKind::Syntax(refusal.kind),
                at: Location {
                    file,
                    span: refusal.span,
                },
                related: Vec::new(),
                message: format!("the Java SDK refuses the file: {}", refusal.message),
            }),
        }
    }
    out.out
}
