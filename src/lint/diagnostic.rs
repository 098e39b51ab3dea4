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

/// A finding's message, kept in its parts: a fixed sentence around one name from the file.
/// A large file's findings of one rule usually differ only in the name (S001 on 10 000
/// legacy profiles: 3.7 MB of copies of one sentence), so they share the sentence's text
/// and each holds only its name. Compared, shown and serialized as the whole string.
#[derive(Clone)]
pub enum Sentence {
    /// Composed by the rule.
    Written(Box<str>),
    /// `around[0]`, the name, `around[1]` (the pair is static: one reference, so that a
    /// `Sentence` is three words, like a `String`).
    Around {
        around: &'static [&'static str; 2],
        name: Box<str>,
    },
}

impl Sentence {
    /// `around[0]`, `name`, `around[1]`.
    pub fn around(around: &'static [&'static str; 2], name: &str) -> Self {
        Sentence::Around {
            around,
            name: name.into(),
        }
    }

    /// The text in order; in a [`Sentence::Around`] the rule wrote the first and the last
    /// part (renderers escape each part, so a name cannot hide inside a sentence).
    pub fn parts(&self) -> [&str; 3] {
        match self {
            Sentence::Written(text) => [text, "", ""],
            Sentence::Around { around, name } => [around[0], name, around[1]],
        }
    }

    pub fn len(&self) -> usize {
        self.parts().iter().map(|p| p.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, pattern: &str) -> bool {
        match self {
            Sentence::Written(text) => text.contains(pattern),
            Sentence::Around { .. } => self.to_string().contains(pattern),
        }
    }

    pub fn starts_with(&self, prefix: &str) -> bool {
        self.len() >= prefix.len() && self.bytes().take(prefix.len()).eq(prefix.bytes())
    }

    /// The sentence, then `\nhelp: ` and `help` when there is one (how the editors' and CI
    /// services' one-string messages carry both), in one allocation.
    pub fn with_help(&self, help: Option<&str>) -> String {
        let help = help.filter(|h| !h.is_empty());
        let mut text = String::with_capacity(self.len() + help.map_or(0, |h| h.len() + 7));
        self.parts().iter().for_each(|part| text.push_str(part));
        if let Some(help) = help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        text
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.parts().into_iter().flat_map(str::bytes)
    }
}

impl std::fmt::Display for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.parts().iter().try_for_each(|part| f.write_str(part))
    }
}

/// As the string it stands for.
impl std::fmt::Debug for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// Equal when the text is, however it is held.
impl PartialEq for Sentence {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.bytes().eq(other.bytes())
    }
}

impl Eq for Sentence {}

impl PartialEq<str> for Sentence {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && self.bytes().eq(other.bytes())
    }
}

impl PartialEq<&str> for Sentence {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl From<String> for Sentence {
    fn from(text: String) -> Self {
        Sentence::Written(text.into_boxed_str())
    }
}

impl From<&str> for Sentence {
    fn from(text: &str) -> Self {
        Sentence::Written(text.into())
    }
}

impl serde::Serialize for Sentence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Sentence::Written(text) => serializer.serialize_str(text),
            Sentence::Around { .. } => serializer.collect_str(self),
        }
    }
}

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
    pub message: Sentence,
    pub labels: Vec<Label>,
    /// How to fix it by hand, when there is no automatic fix or it needs explaining.
    pub help: Option<Message>,
    /// Boxed: most findings have none, and a finding is moved and kept by the
    /// thousand (a `Fix` inline made every `Diagnostic` 64 bytes larger).
    pub fix: Option<Box<Fix>>,
    pub affects: Affects,
}

const _: () = assert!(std::mem::size_of::<Sentence>() == std::mem::size_of::<String>());
// A large file has one per finding (10 000 on the legacy benchmark), moved while sorted.
const _: () = assert!(std::mem::size_of::<Diagnostic>() <= 104);

impl Diagnostic {
    /// Adds a secondary label.
    pub fn label(&mut self, at: Location, message: impl Into<Message>) -> &mut Self {
        // Most findings have one or two labels: room for two, not the four a first push
        // makes (S001's 10 000 findings, 0.8 MB of fresh memory).
        if self.labels.capacity() == 0 {
            self.labels.reserve_exact(2);
        }
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

    /// Room for `additional` more findings: a rule that reports once per profile of a
    /// kind it can count cheaply reserves them, instead of the findings being copied at
    /// every doubling (S001: one per legacy profile, thousands).
    pub fn reserve(&mut self, additional: usize) {
        self.out.reserve(additional);
    }

    pub fn report(&mut self, at: Location, message: impl Into<Sentence>) -> &mut Diagnostic {
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

#[cfg(test)]
mod tests {
    use super::Sentence;

    /// A sentence held in parts is the string it stands for, in every way it is used.
    #[test]
    fn a_sentence_in_parts_is_its_whole_text() {
        let parts = Sentence::around(&["profile `", "` is legacy"], "dev");
        let whole = Sentence::from("profile `dev` is legacy");
        assert_eq!(parts, whole);
        assert_eq!(parts, "profile `dev` is legacy");
        assert_ne!(parts, Sentence::around(&["profile `", "` is legacy"], "de"));
        assert_ne!(parts, "profile `dev` is legac");
        assert_eq!(parts.to_string(), "profile `dev` is legacy");
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
        assert_eq!(parts.len(), whole.len());
        assert!(parts.starts_with("profile `dev"));
        assert!(!parts.starts_with("profile `dew"));
        assert!(!parts.starts_with("profile `dev` is legacy!"));
        assert!(parts.contains("`dev` is"));
        assert_eq!(
            serde_json::to_string(&parts).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        assert_eq!(parts.with_help(None), "profile `dev` is legacy");
        assert_eq!(parts.with_help(Some("")), "profile `dev` is legacy");
        assert_eq!(
            parts.with_help(Some("migrate")),
            "profile `dev` is legacy\nhelp: migrate"
        );
    }
}
