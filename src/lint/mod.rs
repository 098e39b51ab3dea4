//! The rule engine: runs the catalogue's rules over both dialects' view of the files,
//! applies settings and suppression comments, and returns plain [`Diagnostic`]s.
//! Pure: no I/O, no clock, no environment. What the edges know about the files
//! (their mode) comes in through [`Input`].

pub mod context;
pub mod key_uses;
pub mod keys;
pub mod rules;
pub mod settings;
pub mod suppress;

use std::borrow::Cow;

pub use crate::model::readers::{Reader, Readers};
use crate::model::{FileKind, Location};
use crate::syntax::Span;

pub use context::{Context, Input, SectionKind};
pub use rules::{RULES, Rule, rule_by_code, select, split_front_matter};
pub use settings::Settings;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without the user reviewing it (ruff's terms).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Keeps what every AWS tool reads, or only removes what none of them uses.
    Safe,
    /// Changes what some tool reads (usually to what the user meant): `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

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
    pub fix: Option<Fix>,
    pub affects: Affects,
}

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
        self.fix = Some(Fix {
            title: title.into(),
            applicability,
            edits,
            changes: &[],
        });
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

impl Sink<'_> {
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

/// Runs the selected rules over `input` and applies suppression comments.
pub fn check(input: &Input, settings: &Settings) -> Report {
    let context = Context::new(input, settings);
    let enabled: Vec<&'static Rule> = RULES
        .iter()
        .copied()
        .filter(|r| settings.is_enabled(r) && r.code != suppress::UNUSED_SUPPRESSION.code)
        .collect();
    // One rule's bug must not lose the whole report: a rule that panics loses only its
    // own findings (and is named in `crashed`).
    let run = |rules: &[&'static Rule]| {
        let mut out = Vec::new();
        let mut crashed = Vec::new();
        for &rule in rules {
            let kept = out.len();
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_rule(&context, rule, &mut out)
            }));
            if ran.is_err() {
                out.truncate(kept);
                crashed.push(rule.code);
            }
        }
        (out, crashed)
    };
    // Rules only read the context, so a large input spreads them over the two cores: the
    // SSO rules (about half the work) on a second thread, the rest here.
    let (mut diagnostics, mut crashed) = if input.is_large() {
        let (sso, rest): (Vec<_>, Vec<_>) = enabled.iter().partition(|r| r.code.starts_with('S'));
        std::thread::scope(|scope| {
            let second = scope.spawn(|| run(&sso));
            let (mut diagnostics, mut crashed) = run(&rest);
            let (more, more_crashed) = second.join().expect("rule panics are caught");
            diagnostics.extend(more);
            crashed.extend(more_crashed);
            (diagnostics, crashed)
        })
    } else {
        run(&enabled)
    };
    crashed.sort_unstable();
    yield_to_specific_findings(&mut diagnostics, &context);
    diagnostics.retain(|d| d.affects.intersects(settings.readers));
    for d in &mut diagnostics {
        if let Some(&severity) = settings.severity.get(d.rule.code) {
            d.severity = severity;
        }
    }
    let suppressions = suppress::Suppressions::collect(&context);
    let (mut diagnostics, suppressed) = suppressions.apply(diagnostics, &context, settings);
    sort(&mut diagnostics);
    // A finding reached through two paths (e.g. a `[DEFAULT]` key read by every profile) is
    // reported once.
    diagnostics
        .dedup_by(|a, b| a.rule.code == b.rule.code && a.at == b.at && a.message == b.message);
    Report {
        diagnostics,
        suppressed,
        crashed,
    }
}

/// P014 (readers-disagree) is the general case of the portability rules: where another
/// finding already stands on the same line, that finding explains the difference and the
/// general one is dropped. The one place where one rule's output depends on another's
/// (besides X001, which runs after suppression).
fn yield_to_specific_findings(diagnostics: &mut Vec<Diagnostic>, context: &Context) {
    const GENERAL: &str = "P014";
    if !diagnostics.iter().any(|d| d.rule.code == GENERAL) {
        return;
    }
    let line_of = |at: Location| -> (FileKind, usize) {
        let line = context.file(at.file).map_or(0, |f| {
            f.botocore
                .lines
                .partition_point(|l| l.span.end() <= at.span.start())
        });
        (at.file, line)
    };
    let specific: std::collections::HashSet<(FileKind, usize)> = diagnostics
        .iter()
        .filter(|d| d.rule.code != GENERAL)
        .map(|d| line_of(d.at))
        .collect();
    diagnostics.retain(|d| d.rule.code != GENERAL || !specific.contains(&line_of(d.at)));
}

/// Runs one rule (for profiling and tests of a single rule).
pub fn run_rule(context: &Context, rule: &'static Rule, out: &mut Vec<Diagnostic>) {
    let mut sink = Sink { rule, out };
    (rule.check)(context, &mut sink);
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.at.file, a.at.span.start(), a.rule.code, a.at.span.end()).cmp(&(
            b.at.file,
            b.at.span.start(),
            b.rule.code,
            b.at.span.end(),
        ))
    });
}
