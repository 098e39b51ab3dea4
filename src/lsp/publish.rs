//! What is published for a document: its findings as LSP diagnostics, and beside them
//! (kept by the server, never trusted from the client) each finding's quick fix in the
//! same positions. Pure, so that it can be benchmarked.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::*;

use crate::lint::settings::Settings;
use crate::lint::{self, Applicability, Input};
use crate::model::FileKind;

use crate::lsp::positions::Positions;

/// The rule docs' home, for `codeDescription` links.
pub const RULE_DOCS: &str = "https://github.com/ssolint/ssolint/blob/main/rules";

/// What a published diagnostic carries in `data`: the rule's name, and whether the server
/// has a fix for it. The fix itself is never sent this way: a stale copy would edit text it
/// was not computed for (a line deleted above it shifts every range), so code actions take
/// fixes from the server's analysis of the current text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingData {
    pub name: String,
    pub fixable: bool,
}

/// The optional parts of a diagnostic a client takes (its `publishDiagnostics`
/// capabilities); the others are left out of what is pushed to it. On 10 000 findings the
/// related information alone is 3.6 MB of a 10.4 MB publish, for editors that never show it
/// (Eglot announces neither it nor code links).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiagnosticForm {
    pub related_information: bool,
    pub code_description: bool,
    pub data: bool,
}

impl DiagnosticForm {
    /// Range, severity, code, source and message (and tags): what every client takes.
    pub const BARE: DiagnosticForm = DiagnosticForm {
        related_information: false,
        code_description: false,
        data: false,
    };

    /// Every part (what pulling clients get: the pull capability names no parts).
    pub const FULL: DiagnosticForm = DiagnosticForm {
        related_information: true,
        code_description: true,
        data: true,
    };

    /// `d` with only the parts of this form.
    pub fn shape(&self, d: &Diagnostic) -> Diagnostic {
        Diagnostic {
            range: d.range,
            severity: d.severity,
            code: d.code.clone(),
            code_description: self
                .code_description
                .then(|| d.code_description.clone())
                .flatten(),
            source: d.source.clone(),
            message: d.message.clone(),
            related_information: self
                .related_information
                .then(|| d.related_information.clone())
                .flatten(),
            tags: d.tags.clone(),
            data: self.data.then(|| d.data.clone()).flatten(),
        }
    }
}

/// At most this many findings of a document are pushed (the worst first, in document
/// order), then one notice of how many more there are. Editors that take pushes slow down
/// faster than linearly with the count: Eglot with Flymake shows 1 000 in 2 s, 3 000 in
/// 13 s and 10 000 in 122 s (a 10 000-profile legacy config has 10 000 findings).
pub const PUSH_LIMIT: usize = 1000;

/// The diagnostics to push of `all`, in `form`: all of them up to [`PUSH_LIMIT`], else the
/// [`PUSH_LIMIT`] most severe (earlier first among equals), in document order, and a notice
/// at the top of the file saying how many are left out and where to see them.
pub fn pushed(all: &[Diagnostic], form: DiagnosticForm) -> Vec<Diagnostic> {
    if all.len() <= PUSH_LIMIT {
        return all.iter().map(|d| form.shape(d)).collect();
    }
    // ERROR is 1, WARNING 2, …: the smallest first.
    let rank = |d: &Diagnostic| {
        (
            d.severity.unwrap_or(DiagnosticSeverity::ERROR),
            d.range.start,
        )
    };
    let mut chosen: Vec<&Diagnostic> = all.iter().collect();
    chosen.sort_by_key(|d| rank(d));
    chosen.truncate(PUSH_LIMIT);
    chosen.sort_by_key(|d| d.range.start);
    let mut shown: Vec<Diagnostic> = chosen.into_iter().map(|d| form.shape(d)).collect();
    shown.insert(
        0,
        Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some("ssolint".into()),
            message: format!(
                "{} more findings in this file are not shown here (editors slow down past {PUSH_LIMIT}): `ssolint check` lists them all",
                all.len() - PUSH_LIMIT
            ),
            ..Diagnostic::default()
        },
    );
    shown
}

/// A finding's fix, in the document's positions.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// One analysis of one version of a document.
#[derive(Clone, Debug, Default)]
pub struct Published {
    pub diagnostics: Vec<Diagnostic>,
    /// `fixes[i]` is `diagnostics[i]`'s fix.
    pub fixes: Vec<Option<QuickFix>>,
    /// Whether a legacy SSO profile is in the document (S001): "Migrate this file" applies.
    pub has_legacy_profiles: bool,
    /// Which analysis of the server's this is (the pull diagnostics' result id).
    pub id: u64,
}

/// What `ssolint lsp` publishes for a document: every finding in it (the pair's other file
/// taken into account), in the negotiated encoding.
pub fn diagnostics(
    uri: &Uri,
    text: &str,
    kind: FileKind,
    other_file: Option<&str>,
    mode: Option<u32>,
    settings: &Settings,
    utf8: bool,
) -> Vec<Diagnostic> {
    analyse(uri, text, kind, other_file, mode, settings, utf8).diagnostics
}

/// [`diagnostics`] with their fixes.
pub fn analyse(
    uri: &Uri,
    text: &str,
    kind: FileKind,
    other_file: Option<&str>,
    mode: Option<u32>,
    settings: &Settings,
    utf8: bool,
) -> Published {
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
    let mut published = Published::default();
    for d in report.diagnostics.iter().filter(|d| d.at.file == kind) {
        let href = links
            .entry(d.rule.code)
            .or_insert_with(|| format!("{RULE_DOCS}/{}.md", d.rule.code).parse().ok())
            .clone();
        // Only fixes that stay inside this document can be offered for it.
        let fix = d
            .fix
            .as_ref()
            .filter(|f| f.edits.iter().all(|e| e.file == kind))
            .map(|f| QuickFix {
                title: f.title.clone(),
                safe: f.applicability == Applicability::Safe,
                edits: f
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(positions.range(e.span), e.replacement.clone()))
                    .collect(),
            });
        published.has_legacy_profiles |= d.rule.code == "S001";
        published
            .diagnostics
            .push(to_lsp(uri, kind, d, href, fix.is_some(), &positions));
        published.fixes.push(fix);
    }
    published
}

fn to_lsp(
    uri: &Uri,
    kind: FileKind,
    d: &lint::Diagnostic,
    href: Option<Uri>,
    fixable: bool,
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
        data: serde_json::to_value(FindingData {
            name: d.rule.name.to_string(),
            fixable,
        })
        .ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEVERITIES: [DiagnosticSeverity; 4] = [
        DiagnosticSeverity::ERROR,
        DiagnosticSeverity::WARNING,
        DiagnosticSeverity::INFORMATION,
        DiagnosticSeverity::HINT,
    ];

    fn at(line: u32, severity: DiagnosticSeverity) -> Diagnostic {
        Diagnostic {
            range: Range::new(Position::new(line, 0), Position::new(line, 1)),
            severity: Some(severity),
            message: format!("finding on line {line}"),
            ..Diagnostic::default()
        }
    }

    proptest! {
        /// Up to the limit, everything is pushed as it is; past it, the limit's worth of the
        /// most severe (earlier first among equals), in document order, after a notice with
        /// the count left out.
        #[test]
        fn pushed_keeps_the_most_severe_in_document_order(
            severities in prop::collection::vec(0..4usize, 0..2500),
        ) {
            let all: Vec<Diagnostic> = severities
                .iter()
                .enumerate()
                .map(|(line, &s)| at(line as u32, SEVERITIES[s]))
                .collect();
            let shown = pushed(&all, DiagnosticForm::FULL);
            if all.len() <= PUSH_LIMIT {
                prop_assert_eq!(shown, all);
                return Ok(());
            }
            prop_assert_eq!(shown.len(), PUSH_LIMIT + 1);
            let left_out = all.len() - PUSH_LIMIT;
            let notice = format!("{left_out} more findings");
            prop_assert!(shown[0].message.starts_with(&notice), "{}", shown[0].message);
            let kept = &shown[1..];
            prop_assert!(kept.windows(2).all(|w| w[0].range.start < w[1].range.start));
            let mut expected: Vec<&Diagnostic> = all.iter().collect();
            expected.sort_by_key(|d| (d.severity, d.range.start));
            expected.truncate(PUSH_LIMIT);
            expected.sort_by_key(|d| d.range.start);
            prop_assert!(kept.iter().eq(expected.into_iter()));
        }
    }
}
