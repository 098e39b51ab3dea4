//! What rules produce: findings ([`Diagnostic`]) with their labels, help and fix edits,
//! the [`Sink`] rules write them to, and a check's [`Report`].

use std::borrow::Cow;

use crate::lint::registry::{Applicability, Rule, Severity};
use crate::model::readers::Readers;
use crate::model::{FileKind, Location};
use crate::syntax::Span;

/// Replace `span` of `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileKind,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative: "Remove the duplicate `region`".
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// Keys whose reading the fix means to change (a safe fix may change no other):
    /// verification compares every reader's reading without them.
    pub changes: &'static [&'static str],
}

/// Text that is usually a literal: no allocation for the common case (a 10 000-profile
/// file can produce 10 000 findings with the same help).
pub type Message = Cow<'static, str>;

/// A secondary span with what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub at: Location,
    pub message: Message,
}

/// Which readers a finding concerns (a set of [`Reader`]s).
pub type Affects = Readers;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// The primary span.
    pub at: Location,
    /// What is wrong and why, in one or two sentences.
    pub message: String,
    pub labels: Vec<Label>,
    /// How to fix it by hand, when there is no automatic fix or it needs explaining.
    pub help: Option<Message>,
    /// Boxed: most findings have none, and a finding is moved and kept by the
    /// thousand (a `Fix` inline made every `Diagnostic` 64 bytes larger).
    pub fix: Option<Box<Fix>>,
    pub affects: Affects,
}

// A large file has one per finding (10 000 on the legacy benchmark), moved while sorted.
const _: () = assert!(std::mem::size_of::<Diagnostic>() <= 104);

impl Diagnostic {
    /// Adds a secondary label.
    pub fn label(&mut self, at: Location, message: impl Into<Message>) -> &mut Self {
        self.labels.push(Label {
            at,
            message: message.into(),
        });
        self
    }

    pub fn help(&mut self, help: impl Into<Message>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(
        &mut self,
        applicability: Applicability,
        title: impl Into<String>,
        edits: Vec<Edit>,
    ) -> &mut Self {
        self.fix = Some(Box::new(Fix {
            title: title.into(),
            applicability,
            edits,
            changes: &[],
        }));
        self
    }

    /// Declares the keys whose reading the fix (set before) means to change.
    pub fn changing(&mut self, keys: &'static [&'static str]) -> &mut Self {
        if let Some(fix) = &mut self.fix {
            fix.changes = keys;
        }
        self
    }

    pub fn affects(&mut self, affects: Affects) -> &mut Self {
        self.affects = affects;
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}

/// Where a rule puts its findings; stamps each with the rule and its default severity.
pub struct Sink<'o> {
    rule: &'static Rule,
    out: &'o mut Vec<Diagnostic>,
}

impl<'o> Sink<'o> {
    pub fn new(rule: &'static Rule, out: &'o mut Vec<Diagnostic>) -> Self {
        Sink { rule, out }
    }

    /// Findings so far (of every rule): lets a rule tell whether a check reported.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn report(&mut self, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.rule,
            severity: self.rule.severity,
            at,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
            affects: Affects::ALL,
        });
        self.out.last_mut().expect("just pushed")
    }
}

/// The result of checking one pair of files.
#[derive(Debug)]
pub struct Report {
    /// Sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings hidden by suppression comments.
    pub suppressed: usize,
    /// Rules that panicked on this input (a bug): their findings are missing, every other
    /// rule's are here.
    pub crashed: Vec<&'static str>,
}
