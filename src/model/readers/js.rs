//! The AWS SDK for JavaScript v3 (`@smithy/shared-ini-file-loader` 4.7, `parseIni` in
//! `@smithy/core/config`): a forgiving line reader.
//!
//! - Lines split at `\n` / `\r\n`; each is cut at the first `#`/`;` that starts the line or
//!   follows white space, then trimmed (JavaScript white space, which includes U+FEFF, so a
//!   byte-order mark is skipped).
//! - A header is a trimmed line `[…]`; the inside, untrimmed, must match
//!   `^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$`. A match with prefix `profile`, `sso-session` or
//!   `services` names the section `prefix.name`; another prefix drops it; no match keeps
//!   the inside as the section's name (`default`, or something the config file ignores).
//! - `k = v` with a non-empty key: an empty value opens sub-keys (`k.sub`), stored only for
//!   the lines that follow, until a line that is not indented; nothing else is continued.
//!   Lines without `=` are skipped. Keys keep their case; values keep their quotes.
//! - A section without a property does not exist. `[__proto__]` or `[profile __proto__]`
//!   throws, and the loader then reads the whole file as empty.
//! - Config file: only `profile.*`, `sso-session.*`, `services.*` and `default` survive,
//!   and `[profile default]` replaces `[default]` wholesale. The credentials file keeps
//!   every section under its own name. Profiles merge key by key, credentials last.

use std::borrow::Cow;

use super::collect::{Collector, Target, property};
use super::lines::{Breaks, offset, split};
use crate::model::{Config, FileKind, Location, Map, Problem, ProblemKind};
use crate::syntax::Span;

/// JavaScript's `\s` and `String.prototype.trim` set.
pub(super) fn is_js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// A section as `parseIni` keys it, with its properties.
struct Section<'t> {
    key: String,
    header: Span,
    properties: Vec<(Cow<'t, str>, &'t str, Span, Span)>,
}

/// `parseIni`: the sections with at least one property, in order of first appearance, or
/// `Err` with the blocked header's span.
fn parse_ini(text: &str) -> Result<Vec<Section<'_>>, Span> {
    let mut sections: Vec<Section> = Vec::new();
    let mut index: Map<String, usize> = Map::default();
    let mut current: Option<(String, Span)> = None;
    let mut sub_section: Option<String> = None;
    for (at, line) in split(text, Breaks::Newline) {
        let cut = comment_start(line);
        let trimmed = line[..cut].trim_matches(is_js_space);
        if trimmed.starts_with('[') && trimmed.ends_with(']') && trimmed.len() >= 2 {
            sub_section = None;
            let inside = &trimmed[1..trimmed.len() - 1];
            let header = Span::new(
                offset(at, line, trimmed),
                offset(at, line, trimmed) + trimmed.len(),
            );
            current = match prefixed(inside) {
                Some((prefix, name)) => matches!(prefix, "profile" | "sso-session" | "services")
                    .then(|| (format!("{prefix}.{name}"), header)),
                None => Some((inside.to_string(), header)),
            };
            if inside == "__proto__" || inside == "profile __proto__" {
                return Err(header);
            }
            continue;
        }
        let Some((section, header)) = &current else {
            continue;
        };
        let Some(eq) = trimmed.find('=').filter(|&i| i > 0) else {
            continue;
        };
        let name = trimmed[..eq].trim_matches(is_js_space);
        let value = trimmed[eq + 1..].trim_matches(is_js_space);
        if value.is_empty() {
            sub_section = Some(name.to_string());
            continue;
        }
        if sub_section.is_some() && !line.starts_with(is_js_space) {
            sub_section = None;
        }
        let key: Cow<str> = match &sub_section {
            Some(sub) => Cow::Owned(format!("{sub}.{name}")),
            None => Cow::Borrowed(name),
        };
        // Properties come in runs under one header: the last slot is usually the one.
        let slot = match sections.last() {
            Some(last) if last.key == *section => sections.len() - 1,
            _ => *index.entry(section.clone()).or_insert_with(|| {
                sections.push(Section {
                    key: section.clone(),
                    header: *header,
                    properties: Vec::new(),
                });
                sections.len() - 1
            }),
        };
        if key == "__proto__" {
            continue; // the section exists, but assigning this sets its prototype: no property
        }
        let key_at = offset(at, line, name);
        let value_at = offset(at, line, value);
        sections[slot].properties.push((
            key,
            value,
            Span::new(key_at, key_at + name.len()),
            Span::new(value_at, value_at + value.len()),
        ));
    }
    Ok(sections)
}

/// `split(/(^|\s)[;#]/)[0]`: where the kept part of a line ends.
fn comment_start(line: &str) -> usize {
    let mut previous_space = true;
    for (i, c) in line.char_indices() {
        if (c == '#' || c == ';') && previous_space {
            // The white space before the comment character is part of the cut.
            return line[..i].char_indices().next_back().map_or(i, |(j, _)| j);
        }
        previous_space = is_js_space(c);
    }
    line.len()
}

/// `^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$`.
fn prefixed(inside: &str) -> Option<(&str, &str)> {
    let prefix_end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|&i| i > 0)?;
    let prefix = &inside[..prefix_end];
    let space = inside[prefix_end..]
        .chars()
        .next()
        .filter(|&c| is_js_space(c))?;
    let rest = &inside[prefix_end + space.len_utf8()..];
    let name_char = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@' | '+' | '.' | '%' | ':' | '/')
    };
    let name = match rest.chars().next() {
        Some(q @ ('"' | '\'')) if rest.len() >= 2 && rest.ends_with(q) => &rest[1..rest.len() - 1],
        _ => rest,
    };
    (!name.is_empty() && name.chars().all(name_char)).then_some((prefix, name))
}

fn add<'t>(
    out: &mut Collector<'t>,
    file: FileKind,
    target: Target,
    name: String,
    section: &Section<'t>,
) {
    let header = Location {
        file,
        span: section.header,
    };
    let block = out.section(target, Cow::Owned(name), header);
    for (key, value, key_span, value_span) in &section.properties {
        block.properties.insert(
            key.clone(),
            property(
                Cow::Borrowed(*value),
                Location {
                    file,
                    span: *key_span,
                },
                *value_span,
            ),
        );
    }
}

fn blocked(out: &mut Collector, file: FileKind, span: Span) {
    out.out.notes.push(Problem {
        kind: ProblemKind::SectionIgnored,
        at: Location { file, span },
        related: Vec::new(),
        message:
            "the JavaScript SDK throws on this section name and then reads the whole file as empty"
                .into(),
    });
}

pub(super) fn load<'t>(config: Option<&'t str>, credentials: Option<&'t str>) -> Config<'t> {
    let mut out = Collector::new();
    if let Some(text) = config {
        match parse_ini(text) {
            Err(span) => blocked(&mut out, FileKind::Config, span),
            Ok(sections) => {
                // `getConfigData`: `default`, then the prefixed sections in order; a
                // `profile.default` replaces `default` wholesale.
                if let Some(default) = sections.iter().find(|s| s.key == "default") {
                    add(
                        &mut out,
                        FileKind::Config,
                        Target::Profile,
                        "default".into(),
                        default,
                    );
                }
                for section in &sections {
                    let Some((prefix, name)) = section.key.split_once('.') else {
                        continue;
                    };
                    let target = match prefix {
                        "profile" => Target::Profile,
                        "sso-session" => Target::SsoSession,
                        "services" => Target::Services,
                        _ => continue,
                    };
                    if target == Target::Profile && name == "default" {
                        out.out.profiles.shift_remove("default");
                    }
                    add(
                        &mut out,
                        FileKind::Config,
                        target,
                        name.to_string(),
                        section,
                    );
                }
            }
        }
    }
    if let Some(text) = credentials {
        match parse_ini(text) {
            Err(span) => blocked(&mut out, FileKind::Credentials, span),
            Ok(sections) => {
                for section in &sections {
                    add(
                        &mut out,
                        FileKind::Credentials,
                        Target::Profile,
                        section.key.clone(),
                        section,
                    );
                }
            }
        }
    }
    out.out
}
