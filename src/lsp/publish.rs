//! What is published for a document: its findings as LSP diagnostics (pure), with each
//! fix's identity in `data` (the fix itself is computed again from the current text when
//! it is asked for).

use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::ls_types::*;

use crate::lint::settings::Settings;
use crate::lint::{self, Applicability, Input};
use crate::model::FileKind;

use crate::lsp::positions::Positions;

/// The rule docs' home, for `codeDescription` links.
pub const RULE_DOCS: &str = "https://github.com/ssolint/ssolint/blob/main/rules";

/// What `ssolint lsp` publishes for a document: every finding in it (the pair's other file
/// taken into account), in the negotiated encoding. Pure, so that it can be benchmarked.
pub fn diagnostics(
    uri: &Uri,
    text: &str,
    kind: FileKind,
    other_file: Option<&str>,
    mode: Option<u32>,
    settings: &Settings,
    utf8: bool,
) -> Vec<Diagnostic> {
    let input = match kind {
        FileKind::Config => Input {
            config: Some(text),
            credentials: other_file,
            config_mode: mode,
            ..Input::default()
        },
        FileKind::Credentials => Input {
            config: other_file,
            credentials: Some(text),
            credentials_mode: mode,
            ..Input::default()
        },
    };
    let report = lint::check(&input, settings);
    let positions = Positions::new(text, utf8);
    // One parsed link per rule, not one per finding (a large file has thousands).
    let mut links: HashMap<&'static str, Option<Uri>> = HashMap::new();
    report
        .diagnostics
        .iter()
        .filter(|d| d.at.file == kind)
        .map(|d| {
            let href = links
                .entry(d.rule.code)
                .or_insert_with(|| format!("{RULE_DOCS}/{}.md", d.rule.code).parse().ok())
                .clone();
            to_lsp(uri, kind, d, href, &positions)
        })
        .collect()
}

fn to_lsp(
    uri: &Uri,
    kind: FileKind,
    d: &lint::Diagnostic,
    href: Option<Uri>,
    positions: &Positions,
) -> Diagnostic {
    let severity = match d.severity {
        lint::Severity::Error => DiagnosticSeverity::ERROR,
        lint::Severity::Warning => DiagnosticSeverity::WARNING,
        lint::Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| l.at.file == kind)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), positions.range(l.at.span)),
            message: l.message.to_string(),
        })
        .collect();
    let fix = d.fix.as_ref().filter(|f| f.edits.iter().all(|e| e.file == kind)).map(|f| {
        json!({
            "title": f.title,
            "safe": f.applicability == Applicability::Safe,
            "edits": f.edits.iter().map(|e| json!({"range": positions.range(e.span), "text": e.replacement})).collect::<Vec<_>>(),
        })
    });
    let help = d.help.as_deref().unwrap_or_default();
    let mut message = String::with_capacity(d.message.len() + help.len() + 7);
    message.push_str(&d.message);
    if !help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range: positions.range(d.at.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("ssolint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "name": d.rule.name, "fix": fix })),
    }
}
