//! Code actions. Every edit is computed from the server's analysis of the document's
//! current text, never from what a client sends back (a stale diagnostic's range points at
//! other text once a line above it changed), and travels as a versioned edit where the
//! client takes them, so an editor that has moved on rejects it. Quick fixes and "Suppress
//! CODE here" for the findings in the requested range; "Migrate this file to sso-session"
//! when the file has legacy profiles: resolved lazily (`codeAction/resolve`) or run as a
//! command (`ssolint.migrate`), since planning a large file takes tens of milliseconds.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::*;

use crate::fix::migrate;
use crate::model::FileKind;

use crate::lsp::backend::{Backend, Document};
use crate::lsp::positions::{Positions, versioned_edit};
use crate::lsp::publish::{DiagnosticForm, to_lsp};

/// The command that migrates a document (arguments: `MigrateData`).
pub(crate) const MIGRATE_COMMAND: &str = "ssolint.migrate";

pub(crate) const MIGRATE_TITLE: &str = "Migrate this file to sso-session";

/// What a lazy "Migrate this file" carries: the document and the version it was offered for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MigrateData {
    pub(crate) uri: Uri,
    pub(crate) version: i32,
}

/// Whether two ranges share a position (touching counts: a cursor at a finding's end).
fn overlaps(a: Range, b: Range) -> bool {
    let key = |p: Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

/// Whether `context.only` (absent: everything) asks for actions of `kind`.
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

pub(crate) fn code_actions(
    backend: &Backend,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let Some((doc, published)) = backend.current(uri) else {
        return Vec::new();
    };
    let capabilities = backend.capabilities();
    let positions = Positions::new(&doc.text, capabilities.utf8);
    let only = params.context.only.as_deref();
    let mut actions = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for finding in &published.findings {
            if !overlaps(finding.range, params.range) {
                continue;
            }
            let code = finding.rule.code;
            let diagnostic = &to_lsp([finding].into_iter(), uri, DiagnosticForm::FULL)[0];
            if let Some(fix) = &finding.fix {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(versioned_edit(
                        uri,
                        doc.version,
                        capabilities.versioned_edits,
                        fix.text_edits(&positions),
                    )),
                    is_preferred: Some(fix.safe),
                    ..CodeAction::default()
                }));
            }
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {code} here"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(versioned_edit(
                    uri,
                    doc.version,
                    capabilities.versioned_edits,
                    vec![suppression(
                        &doc,
                        &positions,
                        diagnostic.range.start.line,
                        code,
                    )],
                )),
                ..CodeAction::default()
            }));
        }
    }
    if doc.kind == FileKind::Config
        && published.has_legacy_profiles
        && wanted(only, &CodeActionKind::SOURCE)
    {
        let data = MigrateData {
            uri: uri.clone(),
            version: doc.version,
        };
        let value = serde_json::to_value(&data).ok();
        actions.push(CodeActionOrCommand::CodeAction(
            if capabilities.resolves_edits {
                CodeAction {
                    title: MIGRATE_TITLE.into(),
                    kind: Some(CodeActionKind::SOURCE),
                    data: value,
                    ..CodeAction::default()
                }
            } else {
                CodeAction {
                    title: MIGRATE_TITLE.into(),
                    kind: Some(CodeActionKind::SOURCE),
                    command: Some(Command {
                        title: MIGRATE_TITLE.into(),
                        command: MIGRATE_COMMAND.into(),
                        arguments: value.map(|v| vec![v]),
                    }),
                    ..CodeAction::default()
                }
            },
        ));
    }
    actions
}

/// An own-line `# ssolint: ignore[CODE]` above `line`, indented like it.
fn suppression(doc: &Document, positions: &Positions, line: u32, code: &str) -> TextEdit {
    let line_start = positions.offset(Position::new(line, 0));
    let indent: String = doc.text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = crate::model::layout::newline_of(&doc.text);
    let at = Position::new(line, 0);
    TextEdit::new(
        Range::new(at, at),
        format!("{indent}# ssolint: ignore[{code}] reason{newline}"),
    )
}

/// The migration of the document as `data` names it, if that is still its version: the
/// edit, and what the user should hear about profiles it leaves alone.
pub(crate) fn migration(
    backend: &Backend,
    data: &MigrateData,
) -> Option<(WorkspaceEdit, Option<String>)> {
    let doc = backend.document(&data.uri)?;
    if doc.version != data.version || doc.kind != FileKind::Config {
        return None;
    }
    let plan = migrate::plan(&doc.text, &migrate::Options::default()).ok()?;
    let capabilities = backend.capabilities();
    let positions = Positions::new(&doc.text, capabilities.utf8);
    let edits = plan
        .edits
        .iter()
        .map(|e| TextEdit::new(positions.range(e.span), e.replacement.clone()))
        .collect();
    let skipped = (!plan.skipped.is_empty()).then(|| {
        let reasons: Vec<String> = plan
            .skipped
            .iter()
            .map(|s| format!("`{}`: {}", s.profile, s.reason))
            .collect();
        crate::model::redact::controls(&format!(
            "ssolint: {} profile(s) not migrated — {}",
            plan.skipped.len(),
            reasons.join("; ")
        ))
        .into_owned()
    });
    Some((
        versioned_edit(&data.uri, doc.version, capabilities.versioned_edits, edits),
        skipped,
    ))
}
