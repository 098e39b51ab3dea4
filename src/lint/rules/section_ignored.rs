//! P008 section-ignored: a config-file section that botocore does not read as a profile,
//! sso-session or services section (`[dev]`, `[Profile dev]`, `[ profile dev ]`,
//! `[profile a b]`).

use crate::lint::context::{Context, SectionKind};
use crate::lint::rules::Rule;
use crate::lint::{Affects, Applicability, Edit, Severity, Sink};
use crate::model::FileKind;
use crate::syntax::chars::is_sdk_identifier;

pub static RULE: Rule = Rule {
    code: "P008",
    name: "section-ignored",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    doc: include_str!("../../../rules/P008.md"),
    check,
};

const PREFIXES: [&str; 3] = ["profile", "sso-session", "services"];

fn check(context: &Context, sink: &mut Sink) {
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
                let sdk_reads = raw.starts_with([' ', '\t'])
                    && trimmed.starts_with(prefix)
                    && is_sdk_identifier(name);
                let who = if sdk_reads {
                    "the AWS SDKs read it as a section, but the AWS CLI and boto3 ignore it"
                } else {
                    "no AWS tool reads it (the prefix is case-sensitive and must start the header)"
                };
                sink.report(at, format!("[{raw}] is not read as [{fixed}]: {who}"))
                    .affects(if sdk_reads {
                        Affects::BOTOCORE
                    } else {
                        Affects::ALL
                    })
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
                sink.report(
                    at,
                    format!(
                        "every AWS tool ignores [{raw}]: a `{prefix}` header needs exactly one name after the prefix ({} words here)",
                        words.len()
                    ),
                )
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
