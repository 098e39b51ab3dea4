//! S009 missing-registration-scopes: an `[sso-session]` without `sso_registration_scopes`.

use crate::lint::context::Context;
use crate::lint::diagnostic::{Edit, Sink};
use crate::lint::registry::Applicability;
use crate::model::{FileKind, KnownKey};
use crate::syntax::{LineKind, Span};

pub fn check(context: &Context, sink: &mut Sink) {
    let Some(file) = &context.config else {
        return;
    };
    for (name, session) in &context.botocore.sso_sessions {
        if session.get(KnownKey::SsoRegistrationScopes).is_some() {
            continue;
        }
        let header = context.header(session);
        if header.file != FileKind::Config {
            continue;
        }
        let d = sink.report(
            header,
            format!(
                "[sso-session {name}] has no `sso_registration_scopes`: a device-code login (`--use-device-code`, SSH, containers) registers without scopes and gets an 8-hour token that cannot be refreshed"
            ),
        );
        // Insert after the section's last key line, in the file's own layout.
        let Some(section) = file
            .botocore
            .sections
            .iter()
            .find(|s| s.name == header.span)
        else {
            continue;
        };
        let last_line = section
            .lines
            .clone()
            .rev()
            .find(|&i| {
                !matches!(
                    file.botocore.lines[i].kind,
                    LineKind::Blank | LineKind::Comment
                )
            })
            .unwrap_or(section.line);
        let line = &file.botocore.lines[last_line];
        let newline = file.newline();
        let (at, text) = if line.span.end() > line.content.end() {
            (
                line.span.end(),
                format!("sso_registration_scopes = sso:account:access{newline}"),
            )
        } else {
            (
                line.span.end(),
                format!("{newline}sso_registration_scopes = sso:account:access"),
            )
        };
        let spaced = spacing_like(file.text, &file.botocore, section);
        d.fix(
            Applicability::Safe,
            "Add `sso_registration_scopes = sso:account:access`",
            vec![Edit {
                file: FileKind::Config,
                span: Span::empty(at),
                replacement: if spaced {
                    text
                } else {
                    text.replace(" = ", "=")
                },
            }],
        )
        .changing(&["sso_registration_scopes"]);
    }
}

/// Whether the section writes `key = value` (true) or `key=value`.
fn spacing_like(
    text: &str,
    doc: &crate::syntax::Document,
    section: &crate::syntax::Section,
) -> bool {
    doc.entries(section).first().is_none_or(|e| {
        e.key.end() < e.delimiter.start() || text[e.delimiter.end()..].starts_with(' ')
    })
}
