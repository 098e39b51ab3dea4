//! The lines a reader cannot parse, one per line with each reader's wording: what P001
//! (invalid-line) and P002 (malformed-section-header) report, split by whether the line
//! is a header.

use std::collections::BTreeMap;

use crate::lint::context::Context;
use crate::lint::diagnostic::Affects;
use crate::lint::files::FileView;
use crate::model::readers::{Reader, Readers};
use crate::model::{Location, ProblemKind};
use crate::syntax::{Dialect, Span, SyntaxErrorKind};

/// A line one or more readers reject, with each reader's wording.
pub(crate) struct LineError {
    pub at: Location,
    /// Index of the line in the botocore document.
    pub line: usize,
    pub botocore: Option<String>,
    pub sdk: Option<String>,
    /// Whether the Java SDK refuses the file at this line (it has its own line reader).
    pub java: bool,
    pub kinds: Vec<SyntaxErrorKind>,
}

impl LineError {
    /// The tools that refuse the whole file over this line.
    pub fn refusers(&self) -> Readers {
        let mut set = Readers::NONE;
        if self.botocore.is_some() {
            set = set.with(Reader::Botocore);
        }
        if self.sdk.is_some() {
            set = set.with(Reader::Rust).with(Reader::Spec);
        }
        if self.java {
            set = set.with(Reader::Java);
        }
        set
    }

    /// The tools that load the file but drop this line: the JavaScript and Go SDKs (and
    /// Java where it does not refuse) when the line breaks the SDKs' syntax.
    fn skippers(&self) -> Readers {
        if self.sdk.is_some() || self.java {
            Readers::of([Reader::Js, Reader::Go, Reader::Java]).minus(self.refusers())
        } else {
            Readers::NONE
        }
    }

    pub fn affects(&self) -> Affects {
        self.refusers().union(self.skippers())
    }

    /// The reader's error, then who refuses the file and what the others do.
    pub fn message(&self) -> String {
        let what = self
            .botocore
            .as_deref()
            .or(self.sdk.as_deref())
            .unwrap_or("invalid line");
        format!(
            "{what}: {}",
            refusal_clause(self.refusers(), self.skippers())
        )
    }
}

/// "the AWS CLI and boto3 and the Rust SDK refuse the whole file; the JavaScript SDK and
/// the Go SDK skip this line and read the rest; …" — measured per reader (tests/readers.rs).
pub(crate) fn refusal_clause(refusers: Readers, skippers: Readers) -> String {
    let refusing = refusers.intersect(Readers::TOOLS);
    let skipping = skippers.intersect(Readers::TOOLS).minus(refusing);
    let accepting = Readers::TOOLS.minus(refusing).minus(skipping);
    let mut parts = vec![refusing.say("refuses the whole file", "refuse the whole file")];
    if !skipping.is_empty() {
        parts.push(skipping.say(
            "skips this line and reads the rest",
            "skip this line and read the rest",
        ));
    }
    if !accepting.is_empty() {
        parts.push(accepting.say("accepts this line", "accept this line"));
    }
    parts.join("; ")
}

/// The syntax errors of both readers, one per line (file order).
pub(crate) fn line_errors(context: &Context) -> Vec<LineError> {
    let mut out: Vec<LineError> = Vec::new();
    for file in context.files() {
        let mut by_line: BTreeMap<usize, LineError> = BTreeMap::new();
        for dialect in Dialect::ALL {
            let errors = match dialect {
                Dialect::Botocore => &file.botocore.errors[..],
                Dialect::Sdk => file.sdk_errors(),
            };
            for error in errors {
                if matches!(
                    error.kind,
                    SyntaxErrorKind::ByteOrderMark | SyntaxErrorKind::BeforeFirstSection
                ) {
                    continue;
                }
                let message = error.message(dialect).to_string();
                add(
                    &mut by_line,
                    file,
                    error.span,
                    dialect,
                    message,
                    Some(error.kind.clone()),
                );
            }
        }
        let nested = context
            .botocore
            .fatal
            .iter()
            .filter(|p| p.kind == ProblemKind::NestedWithoutEquals && p.at.file == file.kind);
        for problem in nested {
            let message = problem.message.clone();
            add(
                &mut by_line,
                file,
                problem.at.span,
                Dialect::Botocore,
                message,
                None,
            );
        }
        if !by_line.is_empty() {
            // The Java SDK's own verdict, on the same lines.
            let lines = &file.botocore.lines;
            for problem in context
                .reading(Reader::Java)
                .fatal
                .iter()
                .filter(|p| p.at.file == file.kind)
            {
                let line = lines
                    .partition_point(|l| l.span.end() <= problem.at.span.start())
                    .min(lines.len().saturating_sub(1));
                if let Some(entry) = by_line.get_mut(&line) {
                    entry.java = true;
                }
            }
        }
        out.extend(by_line.into_values());
    }
    out
}

/// Adds an error to the entry for its line (botocore's lines: the SDK reader splits lines
/// the same way except at a lone CR, where the nearest botocore line is used).
fn add(
    by_line: &mut BTreeMap<usize, LineError>,
    file: &FileView,
    span: Span,
    dialect: Dialect,
    message: String,
    kind: Option<SyntaxErrorKind>,
) {
    let lines = &file.botocore.lines;
    let line = lines
        .partition_point(|l| l.span.end() <= span.start())
        .min(lines.len().saturating_sub(1));
    let entry = by_line.entry(line).or_insert_with(|| LineError {
        at: file.at(span),
        line,
        botocore: None,
        sdk: None,
        java: false,
        kinds: Vec::new(),
    });
    let slot = match dialect {
        Dialect::Botocore => &mut entry.botocore,
        Dialect::Sdk => &mut entry.sdk,
    };
    slot.get_or_insert(message);
    entry.kinds.extend(kind);
}

/// Whether a line is a (broken) section header: P002's, not P001's.
pub(crate) fn is_header_line(context: &Context, e: &LineError) -> bool {
    e.kinds.contains(&SyntaxErrorKind::MalformedHeader)
        || context.text_at(e.at).trim_start().starts_with('[')
}
