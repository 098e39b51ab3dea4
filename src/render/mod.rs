//! Outputs: each machine or human format in its own file. Core types are not
//! `Serialize`; the views here are the stable boundary.

pub mod ci;
pub mod concise;
pub mod doctor;
pub mod full;
pub mod github;
pub mod json;
pub mod resolve;
pub mod sarif;

use crate::lint::{Diagnostic, Report, Severity};
use crate::model::{FileKind, Location};
use crate::syntax::{LineCol, LineIndex};

/// One checked file: what the outputs need to point into it. (`Debug` never shows the
/// text.)
pub struct SourceText {
    /// As the user named it (or `--stdin-filename`).
    pub path: String,
    pub text: String,
    /// Built on the first position asked for: a run without findings never needs it
    /// (on a 10 000-profile file it is ~5 M instructions).
    index: std::sync::OnceLock<LineIndex>,
    /// Secret values of an earlier version of the text (before fixes), hidden wherever
    /// they appear in this one.
    pub earlier_secrets: Vec<String>,
}

impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceText")
            .field("path", &self.path)
            .field("text", &crate::model::redact::Withheld(&self.text))
            .finish_non_exhaustive()
    }
}

impl SourceText {
    pub fn new(path: String, text: String) -> Self {
        SourceText {
            path,
            text,
            index: std::sync::OnceLock::new(),
            earlier_secrets: Vec::new(),
        }
    }

    /// Also hides, wherever they are, the secret values of `earlier` (the text as read).
    pub fn hiding_secrets_of(mut self, earlier: &str) -> Self {
        self.earlier_secrets = crate::model::redact::secret_values(earlier);
        self
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.index
            .get_or_init(|| LineIndex::new(&self.text))
            .line_col(&self.text, offset)
    }

    /// The text with every secret value (and its continuation lines) replaced by `*`, byte
    /// for byte, so that spans still fit: what code frames may show.
    pub fn masked(&self) -> std::borrow::Cow<'_, str> {
        crate::model::redact::mask_also(&self.text, &self.earlier_secrets)
    }
}

/// A config file and its credentials file (either may be absent), checked together.
#[derive(Debug)]
pub struct Group {
    pub config: Option<usize>,
    pub credentials: Option<usize>,
    pub report: Report,
}

/// Everything a run checked, ready to render.
#[derive(Debug, Default)]
pub struct Checked {
    pub files: Vec<SourceText>,
    pub groups: Vec<Group>,
    /// Findings fixed by `--fix` (for the summary).
    pub fixed: usize,
    /// `--quiet`: the findings and nothing else (no summary line).
    pub quiet: bool,
}

impl Checked {
    /// Index into `files` of a location in a group.
    pub fn file_index(&self, group: &Group, at: Location) -> usize {
        match at.file {
            FileKind::Config => group.config.or(group.credentials),
            FileKind::Credentials => group.credentials.or(group.config),
        }
        .expect("a diagnostic points into a checked file")
    }

    pub fn file(&self, group: &Group, at: Location) -> &SourceText {
        &self.files[self.file_index(group, at)]
    }

    /// Every diagnostic with its group, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&Group, &Diagnostic)> {
        self.groups
            .iter()
            .flat_map(|g| g.report.diagnostics.iter().map(move |d| (g, d)))
    }

    /// 1-based start and end of a location.
    pub fn range(&self, group: &Group, at: Location) -> (LineCol, LineCol) {
        let file = self.file(group, at);
        (file.line_col(at.span.start()), file.line_col(at.span.end()))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    pub fn fixable(&self, unsafe_fixes: bool) -> usize {
        self.diagnostics()
            .filter(|(_, d)| crate::fix::allowed(d, unsafe_fixes))
            .count()
    }

    pub fn suppressed(&self) -> usize {
        self.groups.iter().map(|g| g.report.suppressed).sum()
    }

    /// Exit status 1 when an error or warning remains.
    pub fn has_failures(&self) -> bool {
        self.diagnostics()
            .any(|(_, d)| d.severity >= Severity::Warning)
    }
}

/// `3 errors, 1 warning` style counts (`no problems` when none).
pub fn summary_line(checked: &Checked, unsafe_fixes: bool) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (errors, warnings, infos) = (
        checked.count(Severity::Error),
        checked.count(Severity::Warning),
        checked.count(Severity::Info),
    );
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning", "warnings"));
    }
    if infos > 0 {
        parts.push(plural(infos, "note", "notes"));
    }
    let mut line = if parts.is_empty() {
        "No problems found".to_string()
    } else {
        format!("Found {}", parts.join(", "))
    };
    if checked.fixed > 0 {
        line.push_str(&format!(" ({} fixed)", checked.fixed));
    }
    line.push('.');
    let safe = checked.fixable(false);
    let all = checked.fixable(true);
    if safe > 0 {
        line.push_str(&format!(
            "\n[*] {} fixable with `--fix`.",
            plural(safe, "finding is", "findings are")
        ));
    }
    if all > safe && !unsafe_fixes {
        line.push_str(&format!(
            "\n{} more fixable with `--fix --unsafe-fixes`.",
            all - safe
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::SourceText;
    use crate::syntax::LineIndex;

    /// The line index is built only when a position is asked for, and answers as one
    /// built up front.
    #[test]
    fn the_line_index_is_built_on_the_first_position() {
        let text = "[default]\r\nregion = eu-west-1\rx\n\u{e9}t\u{e9} = 1\n";
        let source = SourceText::new("config".into(), text.into());
        assert!(source.index.get().is_none());
        let eager = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(source.line_col(offset), eager.line_col(text, offset));
            }
        }
        assert!(source.index.get().is_some());
    }
}
