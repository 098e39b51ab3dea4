//! P008 section-ignored: a config-file section that botocore does not read as a profile,
//! sso-session or services section (`[dev]`, `[Profile dev]`, `[ profile dev ]`,
//! `[profile a b]`).

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::files::SectionKind;
use crate::lint::registry::Applicability;
use crate::model::FileKind;
use crate::model::readers::{Reader, Readers};
use crate::syntax::chars::is_sdk_identifier;

const PREFIXES: [&str; 3] = ["profile", "sso-session", "services"];

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    for (section, kind) in file.sections() {
        if *kind != SectionKind::Ignored {
            continue;
        }
        let raw = section.name.of(file.text);
        let trimmed = raw.trim();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let at = file.at(section.name);
        let prefix_as_written = words.first().copied().unwrap_or("");
        let canonical_prefix = PREFIXES
            .iter()
            .find(|p| p.eq_ignore_ascii_case(prefix_as_written));
        match (canonical_prefix, words.as_slice()) {
            // `[Profile dev]`, `[ profile dev ]`, `[PROFILE dev]`.
            (Some(prefix), [_, name]) => {
                let fixed = format!("{prefix} {name}");
                let (reads, ignores) = who_reads(context, prefix, name);
                let who = if reads.is_empty() {
                    "no AWS tool reads it (the prefix is case-sensitive and must start the header)"
                        .to_string()
                } else {
                    format!(
                        "{} it as [{fixed}], but {} it",
                        reads.say("reads", "read"),
                        ignores.say("ignores", "ignore")
                    )
                };
                sink.report(at, format!("[{raw}] is not read as [{fixed}]: {who}"))
                    .affects(ignores)
                    .fix(
                        Applicability::Unsafe,
                        format!("Rename the section to [{fixed}]"),
                        vec![Edit {
                            file: FileKind::Config,
                            span: section.name,
                            replacement: fixed,
                        }],
                    );
            }
            (Some(prefix), _) => {
                // Go reads the rest of the header, spaces included, as the name.
                let rest = trimmed[prefix_as_written.len()..].trim_start();
                let (reads, ignores) = who_reads(context, prefix, rest);
                let who = if reads.is_empty() {
                    format!("every AWS tool ignores [{raw}]")
                } else {
                    format!(
                        "{} [{raw}] and {} `{rest}`",
                        ignores.say("ignores", "ignore"),
                        reads.say("reads a section named", "read a section named")
                    )
                };
                sink.report(
                    at,
                    format!(
                        "{who}: a `{prefix}` header needs exactly one name after the prefix ({} words here)",
                        words.len()
                    ),
                )
                .affects(ignores)
                .help("use a name without spaces, e.g. with `-` between the words");
            }
            (None, [name]) => {
                let d = sink.report(
                    at,
                    format!(
                        "every AWS tool ignores [{raw}] in the config file: profiles there are written [profile {name}] (only [default] has no prefix)"
                    ),
                );
                d.help(format!(
                    "if this is a profile, write [profile {name}]; sections without a prefix belong in the credentials file"
                ));
                if is_sdk_identifier(name) {
                    d.fix(
                        Applicability::Unsafe,
                        format!("Rename the section to [profile {name}]"),
                        vec![Edit {
                            file: FileKind::Config,
                            span: section.name,
                            replacement: format!("profile {name}"),
                        }],
                    );
                }
            }
            (None, _) => {
                sink.report(
                    at,
                    format!(
                        "every AWS tool ignores [{raw}]: it is not a profile, sso-session or services section"
                    ),
                );
            }
        }
    }
}

/// Which tools read a section `prefix name` under that name, and which do not (each
/// tool's own reading: `model::readers`).
fn who_reads(context: &Context, prefix: &str, name: &str) -> (Readers, Readers) {
    let (mut reads, mut ignores) = (Readers::NONE, Readers::NONE);
    for reader in Reader::TOOLS {
        let config = context.reading(reader);
        let map = match prefix {
            "sso-session" => &config.sso_sessions,
            "services" => &config.services,
            _ => &config.profiles,
        };
        if map.contains_key(name) {
            reads = reads.with(reader);
        } else {
            ignores = ignores.with(reader);
        }
    }
    (reads, ignores)
}
