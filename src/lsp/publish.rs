//! What is published for a document: its findings as LSP diagnostics, and beside them
//! (kept by the server, never trusted from the client) each finding's quick fix in the
//! same positions. Pure, so that it can be benchmarked.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::*;

use crate::lint::settings::Settings;
use crate::lint::{self, Applicability, Input};
use crate::model::FileKind;

use crate::lsp::analysis::Parsed;
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
}

/// At most this many findings of a document are pushed (the worst first, in document
/// order), then one notice of how many more there are. Editors that take pushes slow down
/// faster than linearly with the count: Eglot with Flymake shows 1 000 in 2 s, 3 000 in
/// 13 s and 10 000 in 122 s (a 10 000-profile legacy config has 10 000 findings).
pub const PUSH_LIMIT: usize = 1000;

/// The diagnostics to push of `all`, in `form`: all of them up to [`PUSH_LIMIT`], else the
/// [`PUSH_LIMIT`] most severe (earlier first among equals), in document order, and a notice
/// at the top of the file saying how many are left out and where to see them.
pub fn pushed(all: &[Finding], uri: &Uri, form: DiagnosticForm) -> Vec<Diagnostic> {
    if all.len() <= PUSH_LIMIT {
        return to_lsp(all.iter(), uri, form);
    }
    // ERROR is 1, WARNING 2, …: the smallest first.
    let rank = |f: &Finding| (f.severity, f.range.start);
    let mut chosen: Vec<&Finding> = all.iter().collect();
    chosen.sort_by_key(|f| rank(f));
    chosen.truncate(PUSH_LIMIT);
    chosen.sort_by_key(|f| f.range.start);
    let mut shown = Vec::with_capacity(PUSH_LIMIT + 1);
    shown.push(Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("ssolint".into()),
        message: format!(
            "{} more findings in this file are not shown here (editors slow down past {PUSH_LIMIT}): `ssolint check` lists them all",
            all.len() - PUSH_LIMIT
        ),
        ..Diagnostic::default()
    });
    shown.extend(to_lsp(chosen.into_iter(), uri, form));
    shown
}

/// A rule's link to its docs and the `data` of its findings (with a fix or without).
type RuleParts = (Option<Uri>, Option<serde_json::Value>);

/// `findings` as LSP diagnostics of the document `uri`, with the parts of `form`.
pub fn to_lsp<'f>(
    findings: impl Iterator<Item = &'f Finding>,
    uri: &Uri,
    form: DiagnosticForm,
) -> Vec<Diagnostic> {
    // One parsed link and one `data` value per rule, not one per finding (a large file
    // has thousands).
    let mut per_rule: HashMap<(&'static str, bool), RuleParts> = HashMap::new();
    findings
        .map(|f| {
            let fixable = f.fix.is_some();
            let (href, data) = per_rule.entry((f.rule.code, fixable)).or_insert_with(|| {
                (
                    format!("{RULE_DOCS}/{}.md", f.rule.code).parse().ok(),
                    serde_json::to_value(FindingData {
                        name: f.rule.name.to_string(),
                        fixable,
                    })
                    .ok(),
                )
            });
            let related: Vec<DiagnosticRelatedInformation> = if form.related_information {
                f.related
                    .iter()
                    .map(|(range, message)| DiagnosticRelatedInformation {
                        location: Location::new(uri.clone(), *range),
                        message: message.to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Diagnostic {
                range: f.range,
                severity: Some(f.severity),
                code: Some(NumberOrString::String(f.rule.code.to_string())),
                code_description: href
                    .as_ref()
                    .filter(|_| form.code_description)
                    .map(|href| CodeDescription { href: href.clone() }),
                source: Some("ssolint".into()),
                message: f.message.with_help(f.help.as_deref()),
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: data.as_ref().filter(|_| form.data).cloned(),
            }
        })
        .collect()
}

/// A finding's fix, in byte offsets of the text it was computed for (converted to the
/// client's positions only when a code action offers it: [`QuickFix::text_edits`]).
#[derive(Clone, Debug, PartialEq)]
pub struct QuickFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<(crate::syntax::Span, String)>,
}

impl QuickFix {
    /// The edits in the positions of `positions`, which must be of the analysed text.
    pub(crate) fn text_edits(&self, positions: &Positions) -> Vec<TextEdit> {
        self.edits
            .iter()
            .map(|(span, replacement)| TextEdit::new(positions.range(*span), replacement.clone()))
            .collect()
    }
}

/// One finding of a document, in the client's positions: what its LSP diagnostic is made
/// of, without the protocol's allocations (a URI per link, a JSON value per finding), which
/// [`to_lsp`] adds only for what is sent. A push sends at most [`PUSH_LIMIT`] of the 10 000
/// findings of a large file.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub range: Range,
    pub severity: DiagnosticSeverity,
    pub rule: &'static lint::Rule,
    pub message: lint::Sentence,
    /// Sent after the message (`\nhelp: …`), joined only for what is pushed.
    pub help: Option<lint::Message>,
    /// The labels in this document.
    pub related: Vec<(Range, lint::Message)>,
    /// Only a fix that stays inside this document.
    pub fix: Option<QuickFix>,
}

/// What a client is shown of a finding, borrowed (of its fix, only whether it has one):
/// what [`to_lsp`] makes of it. Two findings shown alike push the same diagnostic, even when
/// their fixes' byte offsets differ (an edit on a line above shifts them, not the position).
type Shown<'f> = (
    Range,
    DiagnosticSeverity,
    &'static str,
    &'f lint::Sentence,
    Option<&'f str>,
    &'f [(Range, lint::Message)],
    bool,
);

impl Finding {
    pub fn shown(&self) -> Shown<'_> {
        (
            self.range,
            self.severity,
            self.rule.code,
            &self.message,
            self.help.as_deref().filter(|h| !h.is_empty()),
            &self.related,
            self.fix.is_some(),
        )
    }
}

/// Whether two analyses push the same diagnostics.
pub fn shown_alike(a: &[Finding], b: &[Finding]) -> bool {
    a.iter()
        .map(Finding::shown)
        .eq(b.iter().map(Finding::shown))
}

/// One analysis of one version of a document.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// In document order.
    pub findings: Vec<Finding>,
    /// Whether a legacy SSO profile is in the document (S001): "Migrate this file" applies.
    pub has_legacy_profiles: bool,
    /// Which analysis of the server's this is (the pull diagnostics' result id).
    pub id: u64,
    /// The document's tree as the analysis read it, for the requests about this version
    /// (no second parse of the text).
    pub parsed: Option<Parsed>,
}

/// What `ssolint lsp` publishes for a document: every finding in it (the pair's other file
/// taken into account), in the negotiated encoding, with every part.
pub fn diagnostics(
    uri: &Uri,
    text: &str,
    kind: FileKind,
    other_file: Option<&str>,
    mode: Option<u32>,
    settings: &Settings,
    utf8: bool,
) -> Vec<Diagnostic> {
    let published = analyse(text, kind, other_file, mode, settings, utf8);
    to_lsp(published.findings.iter(), uri, DiagnosticForm::FULL)
}

/// The findings of a document, with their fixes (what the server keeps of an analysis).
pub fn analyse(
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
    let (report, trees) = lint::check_keeping_trees(&input, settings);
    let positions = Positions::new(text, utf8);
    let mut published = Published::default();
    let [config_tree, credentials_tree] = trees;
    published.parsed = match kind {
        FileKind::Config => config_tree,
        FileKind::Credentials => credentials_tree,
    }
    .map(Parsed::of);
    for d in report.diagnostics.into_iter().filter(|d| d.at.file == kind) {
        // The fix stays in byte offsets until a code action asks (most are never asked for).
        let fix = d
            .fix
            .filter(|f| f.edits.iter().all(|e| e.file == kind))
            .map(|f| QuickFix {
                title: f.title,
                safe: f.applicability == Applicability::Safe,
                edits: f
                    .edits
                    .into_iter()
                    .map(|e| (e.span, e.replacement))
                    .collect(),
            });
        published.has_legacy_profiles |= d.rule.code == "S001";
        published.findings.push(Finding {
            range: positions.range(d.at.span),
            severity: match d.severity {
                lint::Severity::Error => DiagnosticSeverity::ERROR,
                lint::Severity::Warning => DiagnosticSeverity::WARNING,
                lint::Severity::Info => DiagnosticSeverity::INFORMATION,
            },
            rule: d.rule,
            message: d.message,
            help: d.help,
            related: d
                .labels
                .into_iter()
                .filter(|l| l.at.file == kind)
                .map(|l| (positions.range(l.at.span), l.message))
                .collect(),
            fix,
        });
    }
    published
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tree an analysis keeps for the requests about its text is the document's own
    /// (not the other file's) and the one a request would parse (`Parsed::new`), for
    /// either file of the pair and a text of either size (a large one is read in two).
    #[test]
    fn the_analysis_keeps_the_tree_a_request_would_parse() {
        let large = "[profile p]\nregion = eu-west-1\n".repeat(12_000);
        let settings = Settings::default();
        for text in ["[default]\nregion = eu-west-1\n", large.as_str()] {
            let other = "[other]\nregion = us-east-1\n";
            for kind in [FileKind::Config, FileKind::Credentials] {
                let published = analyse(text, kind, Some(other), None, &settings, false);
                let kept = published.parsed.expect("the analysis keeps its tree");
                assert_eq!(
                    kept.tree_debug(),
                    Parsed::new(text).tree_debug(),
                    "{kind:?}"
                );
            }
        }
    }

    const SEVERITIES: [DiagnosticSeverity; 4] = [
        DiagnosticSeverity::ERROR,
        DiagnosticSeverity::WARNING,
        DiagnosticSeverity::INFORMATION,
        DiagnosticSeverity::HINT,
    ];

    fn at(line: u32, severity: DiagnosticSeverity) -> Finding {
        let range = Range::new(Position::new(line, 0), Position::new(line, 1));
        Finding {
            range,
            severity,
            rule: lint::RULES[0],
            message: format!("finding on line {line}").into(),
            help: None,
            related: vec![(range, "here".into())],
            fix: None,
        }
    }

    fn uri() -> Uri {
        "file:///home/dev/.aws/config".parse().unwrap()
    }

    /// Each optional part is sent to the clients that announce it, and only to them.
    #[test]
    fn a_diagnostic_carries_exactly_the_parts_of_its_form() {
        let finding = at(3, DiagnosticSeverity::WARNING);
        for related_information in [false, true] {
            for code_description in [false, true] {
                for data in [false, true] {
                    let form = DiagnosticForm {
                        related_information,
                        code_description,
                        data,
                    };
                    let [d] = &to_lsp([&finding].into_iter(), &uri(), form)[..] else {
                        panic!("one finding, one diagnostic");
                    };
                    assert_eq!(d.related_information.is_some(), related_information);
                    assert_eq!(d.code_description.is_some(), code_description);
                    assert_eq!(d.data.is_some(), data);
                    assert_eq!(d.range, finding.range);
                    assert_eq!(finding.message, d.message.as_str());
                    assert_eq!(
                        d.code,
                        Some(NumberOrString::String(lint::RULES[0].code.into()))
                    );
                }
            }
        }
    }

    /// A longer comment above a finding with a fix moves the fix's byte offsets, not the
    /// finding's line and column: nothing new to push (to a client that keeps positions).
    #[test]
    fn an_edit_on_a_line_above_leaves_the_findings_shown_alike() {
        let settings = Settings::default();
        let findings = |comment: &str| {
            let text = format!("{comment}\n[profile p]\nregoin = eu-west-1\n");
            analyse(&text, FileKind::Config, None, None, &settings, false).findings
        };
        let (before, after) = (findings("# a"), findings("# ab"));
        assert!(before.iter().any(|f| f.fix.is_some()), "{before:?}");
        assert_ne!(before, after, "the fixes' offsets differ");
        assert!(shown_alike(&before, &after));
        assert!(
            !shown_alike(&before, &findings("# a\n")),
            "a new line moves them"
        );
    }

    proptest! {
        /// Up to the limit, everything is pushed as it is; past it, the limit's worth of the
        /// most severe (earlier first among equals), in document order, after a notice with
        /// the count left out.
        #[test]
        fn pushed_keeps_the_most_severe_in_document_order(
            severities in prop::collection::vec(0..4usize, 0..2500),
        ) {
            let all: Vec<Finding> = severities
                .iter()
                .enumerate()
                .map(|(line, &s)| at(line as u32, SEVERITIES[s]))
                .collect();
            let shown = pushed(&all, &uri(), DiagnosticForm::FULL);
            if all.len() <= PUSH_LIMIT {
                prop_assert_eq!(shown, to_lsp(all.iter(), &uri(), DiagnosticForm::FULL));
                return Ok(());
            }
            prop_assert_eq!(shown.len(), PUSH_LIMIT + 1);
            let left_out = all.len() - PUSH_LIMIT;
            let notice = format!("{left_out} more findings");
            prop_assert!(shown[0].message.starts_with(&notice), "{}", shown[0].message);
            let kept = &shown[1..];
            prop_assert!(kept.windows(2).all(|w| w[0].range.start < w[1].range.start));
            let mut expected: Vec<&Finding> = all.iter().collect();
            expected.sort_by_key(|f| (f.severity, f.range.start));
            expected.truncate(PUSH_LIMIT);
            expected.sort_by_key(|f| f.range.start);
            prop_assert_eq!(kept, &to_lsp(expected.into_iter(), &uri(), DiagnosticForm::FULL)[..]);
        }
    }
}
