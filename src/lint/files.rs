//! Each file of the input as the rules see it: its text, both readers' trees and
//! botocore's classification of each section; and the [`Input`] the edges hand over.

use std::sync::{Arc, OnceLock};

use crate::model::{FileKind, Location, SourceFile, layout};
use crate::syntax::{Dialect, Document, Entry, Section, Span, SyntaxError};

/// The files to check, as text, and what the edge knows about them.
/// (`Debug` shows the texts' lengths, never the texts: they hold secrets.)
#[derive(Clone, Default)]
pub struct Input<'t> {
    pub config: Option<&'t str>,
    pub credentials: Option<&'t str>,
    /// Unix permission bits (`st_mode & 0o777`), when the edge knows them (C004).
    pub config_mode: Option<u32>,
    pub credentials_mode: Option<u32>,
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::model::redact::Withheld;
        f.debug_struct("Input")
            .field("config", &self.config.map(Withheld))
            .field("credentials", &self.credentials.map(Withheld))
            .field("config_mode", &self.config_mode)
            .field("credentials_mode", &self.credentials_mode)
            .finish()
    }
}

pub use crate::model::sections::{SectionKind, classify_header};

/// Inputs at least this large use the second core (see [`Input::is_large`]).
pub(crate) use crate::syntax::PARALLEL_ABOVE;

/// One file, parsed by both readers.
pub struct FileView<'t> {
    pub kind: FileKind,
    pub text: &'t str,
    /// botocore's tree (shared: the language server keeps its document's, [`crate::lint::check_keeping_trees`]).
    pub botocore: Arc<Document>,
    /// The SDK reader's tree ([`FileView::sdk`]), made on first use: parsed when a line
    /// of the file may read differently, else botocore's copied (most checks of a plain
    /// input never ask, and the copy is a sixth of the context's memory).
    sdk: OnceLock<Document>,
    /// botocore's classification of each of `botocore.sections` ([`FileView::sections`]),
    /// made on first use: on a large input by the key uses, beside the resolution (which
    /// classifies the names its own way), not before both.
    kinds: OnceLock<Vec<SectionKind<'t>>>,
    pub mode: Option<u32>,
}

impl Input<'_> {
    /// Large enough that the second core pays for itself (handing a half to a worker
    /// costs ~30 µs; a 10 000-profile file, ~1.8 MB, takes ~7 ms per reader).
    pub fn is_large(&self) -> bool {
        self.config.map_or(0, str::len) + self.credentials.map_or(0, str::len) >= PARALLEL_ABOVE
    }
}

impl<'t> FileView<'t> {
    pub(crate) fn new(
        kind: FileKind,
        text: &'t str,
        mode: Option<u32>,
        botocore: Document,
    ) -> Self {
        FileView {
            kind,
            text,
            botocore: Arc::new(botocore),
            sdk: OnceLock::new(),
            kinds: OnceLock::new(),
            mode,
        }
    }

    /// The file as the SDKs' reader parses it. For a file whose every line both readers
    /// read alike ([`Document::uniform_lines`]) that is botocore's tree without the blank
    /// lines botocore counts as continuations ([`Document::plain_as_sdk`]).
    pub fn sdk(&self) -> &Document {
        self.sdk.get_or_init(|| {
            if self.botocore.uniform_lines {
                self.botocore.plain_as_sdk()
            } else {
                crate::syntax::parse(self.text, Dialect::Sdk)
            }
        })
    }

    /// The SDK reader's own tree, `None` when it is botocore's (every line read alike: no
    /// inline comment and no continuation, [`FileView::sdk`]).
    pub fn parsed_sdk(&self) -> Option<&Document> {
        (!self.botocore.uniform_lines).then(|| self.sdk())
    }

    /// The SDK reader's syntax errors, without copying a uniform file's tree (the copy
    /// keeps botocore's errors).
    pub fn sdk_errors(&self) -> &[SyntaxError] {
        match self.parsed_sdk() {
            Some(sdk) => &sdk.errors,
            None => &self.botocore.errors,
        }
    }

    /// The file with botocore's tree, as the model takes it.
    pub fn source(&self) -> SourceFile<'t, '_> {
        SourceFile {
            kind: self.kind,
            text: self.text,
            doc: &self.botocore,
        }
    }

    pub fn at(&self, span: Span) -> Location {
        Location {
            file: self.kind,
            span,
        }
    }

    /// botocore's sections with their classification.
    pub fn sections(&self) -> impl Iterator<Item = (&Section, &SectionKind<'t>)> {
        let kinds = self.kinds.get_or_init(|| {
            self.botocore
                .sections
                .iter()
                .map(|s| classify_header(self.kind, s.name.of(self.text)))
                .collect()
        });
        self.botocore.sections.iter().zip(kinds)
    }

    /// The whole physical line `line` (with its terminator): what deleting a line removes.
    pub fn line_span(&self, line: usize) -> Span {
        self.botocore.lines[line].span
    }

    /// The lines of an entry with their terminators: what removing the entry deletes
    /// ([`layout::entry_lines`]).
    pub fn entry_lines(&self, entry: &Entry) -> Span {
        layout::entry_lines(&self.botocore, entry)
    }

    /// The line terminator the file uses, for inserted lines ([`layout::newline_of`]).
    pub fn newline(&self) -> &'static str {
        layout::newline_of(self.text)
    }

    /// The botocore entry whose key is at `key`.
    pub fn entry_at(&self, key: Span) -> Option<&Entry> {
        layout::entry_at(&self.botocore, key)
    }
}
