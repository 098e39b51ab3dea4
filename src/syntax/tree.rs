//! The lossless tree and the two readers that build it.
//!
//! Both AWS readers are line based but disagree on what a line *is*:
//!
//! | question                     | botocore (Python configparser)        | SDKs (cross-SDK spec)              |
//! |------------------------------|---------------------------------------|------------------------------------|
//! | line breaks                  | `\n`, `\r\n`, lone `\r`               | `\n`, `\r\n`                       |
//! | white space                  | Python `isspace`                      | space and tab                      |
//! | comment line                 | stripped line starts `#`/`;`          | column 0 `#`/`;`                   |
//! | continuation                 | indented deeper than the key's line   | starts with space/tab              |
//! | delimiter                    | first `=` or `:`                      | first `=`                          |
//! | inline comment on a value    | never                                 | `#`/`;` after white space          |
//! | header end                   | last `]` on the line                  | `]` before any `#`/`;`             |
//!
//! so `parse` takes the dialect and records what that reader sees. The tree never owns or
//! changes the text: every node is a span, and the lines tile the input, so printing the
//! lines' spans gives back the input byte for byte.

use std::ops::Range;

use super::Span;
use super::chars::{is_py_space, is_sdk_space, trim_end_fast, trim_start_fast, trimmed_range};
use super::lines::{PhysicalLine, physical_lines, physical_lines_in};
use super::span::MAX_TEXT_LEN;

/// Which reader's rules to apply.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// AWS CLI v2, boto3 and botocore (Python `configparser`).
    Botocore,
    /// The AWS SDKs' shared profile-file specification (Rust, Java, Go v2, JS v3, Kotlin …).
    Sdk,
}

impl Dialect {
    pub const ALL: [Dialect; 2] = [Dialect::Botocore, Dialect::Sdk];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Botocore => "botocore",
            Dialect::Sdk => "sdk",
        }
    }

    /// The tools a user would recognise behind the dialect.
    pub fn tools(self) -> &'static str {
        match self {
            Dialect::Botocore => "the AWS CLI and boto3",
            Dialect::Sdk => "the AWS SDKs",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Comment,
    Header,
    Property,
    Continuation,
    /// A line neither reader accepts (see the matching [`SyntaxError`]).
    Invalid,
}

#[derive(Clone, Debug)]
pub struct Line {
    /// The whole line including its terminator.
    pub span: Span,
    /// The line without its terminator.
    pub content: Span,
    pub kind: LineKind,
}

/// `[name] trailing`
#[derive(Clone, Debug)]
pub struct Section {
    /// Index of the header line in [`Document::lines`].
    pub line: usize,
    /// From `[` to the closing `]` inclusive (to the end of the line when unterminated).
    pub header: Span,
    /// The raw text between the brackets, untrimmed: what the reader uses as the section key.
    pub name: Span,
    /// Text after the closing `]` (botocore ignores it; the SDKs allow only a comment there).
    pub trailing: Span,
    /// This section's entries: a range of [`Document::entries`].
    pub entries: Range<usize>,
    /// Lines owned by this section: its header up to the next header (exclusive).
    pub lines: Range<usize>,
}

/// `key = value` plus any continuation lines.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key's line (`u32`, like every span: one per key line, so every byte counts).
    pub line: u32,
    /// The key as written (trimmed, not lower-cased).
    pub key: Span,
    /// The `=` (or, for botocore, `:`).
    pub delimiter: Span,
    /// The value on the key's own line, trimmed; for the SDKs without its inline comment.
    pub value: Span,
    /// An inline comment the SDKs strip from the value ([`Entry::comment`]; empty when
    /// there is none, as always for botocore: a comment has at least its `#` or `;`).
    comment: Span,
    /// This entry's continuation lines: a range of [`Document::continuations`].
    pub continuations: Range<u32>,
    /// The key is written in lower-case ASCII letters, digits and `_` only, found by
    /// botocore's reader when it judges the lines
    /// ([`parse_judging_lines`]; else, and in the SDK reader's tree, `false`): it is its
    /// own lower-case form, which every tool reads as written.
    pub plain_key: bool,
}

impl Entry {
    /// The inline comment the SDKs strip from the value, if any (never for botocore).
    pub fn comment(&self) -> Option<Span> {
        (!self.comment.is_empty()).then_some(self.comment)
    }
}

/// The bytes of a [`Entry::plain_key`].
const PLAIN_KEY_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_';
        b += 1;
    }
    table
};

// One per key line in each reader's tree (60 002 on 10 000 profiles).
const _: () = assert!(std::mem::size_of::<Entry>() <= 48);

/// An indented line that belongs to the value above it.
#[derive(Clone, Debug)]
pub struct Continuation {
    pub line: usize,
    /// The trimmed text. Empty for a blank line inside a botocore value (which keeps it).
    pub text: Span,
    /// For a `k = v` line: the key, `=` and value spans (sub-property candidates).
    pub pair: Option<(Span, Span, Span)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A UTF-8 byte-order mark: neither reader skips it.
    ByteOrderMark,
    /// A line that is not a header, comment or blank before the first header.
    BeforeFirstSection,
    /// An indented line right after a header.
    ContinuationWithoutProperty,
    /// A header missing its `]` (SDKs) or with nothing between the brackets.
    MalformedHeader,
    /// No `=` (or `:` for botocore) on a property line.
    MissingDelimiter,
    /// `= value` with no key.
    EmptyKey,
    /// A sub-property line without `=` (SDKs).
    SubPropertyMissingEquals,
    /// A sub-property line `= v` (SDKs).
    SubPropertyEmptyKey,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
}

impl SyntaxError {
    /// The message, worded for people; the SDK spec's own wording is kept where it exists,
    /// so that users can search for it.
    pub fn message(&self, dialect: Dialect) -> &'static str {
        use SyntaxErrorKind::*;
        match (&self.kind, dialect) {
            (ByteOrderMark, _) => {
                "the file starts with a UTF-8 byte-order mark, which the AWS tools do not skip"
            }
            (BeforeFirstSection, Dialect::Botocore) => {
                "line before the first section header (configparser: MissingSectionHeaderError)"
            }
            (BeforeFirstSection, Dialect::Sdk) => {
                "Expected a section definition: this line comes before any [section] header"
            }
            (ContinuationWithoutProperty, _) => {
                "Expected a property definition, found continuation: an indented line directly under a header"
            }
            (MalformedHeader, Dialect::Botocore) => {
                "malformed section header: nothing between `[` and `]`"
            }
            (MalformedHeader, Dialect::Sdk) => "Section definition must end with ']'",
            (MissingDelimiter, Dialect::Botocore) => {
                "Expected an '=' or ':' sign defining a property"
            }
            (MissingDelimiter, Dialect::Sdk) => "Expected an '=' sign defining a property",
            (EmptyKey, _) => "Property did not have a name",
            (SubPropertyMissingEquals, _) => {
                "Expected an '=' sign defining a property in sub-property"
            }
            (SubPropertyEmptyKey, _) => "Property did not have a name in sub-property",
        }
    }
}

/// The parsed file, as one reader sees it. Nodes live in flat vectors (one allocation
/// each, not one per section) and refer to each other by index ranges.
#[derive(Clone, Debug)]
pub struct Document {
    pub dialect: Dialect,
    pub lines: Vec<Line>,
    pub sections: Vec<Section>,
    /// Every `key = value`, in file order. Those before the first section's range are
    /// orphans: lines before any header (always an error, kept for tooling).
    pub entries: Vec<Entry>,
    pub continuations: Vec<Continuation>,
    pub errors: Vec<SyntaxError>,
    /// The UTF-8 byte-order mark, if the text starts with one.
    pub bom: Option<Span>,
    /// Every line is one that both readers' line grammars read alike (found by botocore's
    /// reader as it reads each line; always `false` in the SDK reader's tree): an empty
    /// line, a comment in column 0, a `[header]` alone on its line without `#` or `;`, or a
    /// `key = value` in column 0 in a section, with white space only of space and tab
    /// around the `=` and the value and no `#`/`;` after white space; no lone CR. Then
    /// the SDK reader's tree is this one's ([`Document::plain_as_sdk`]), and whether the
    /// tools read the same settings is a question of the names, keys and values
    /// (`model::readers::may_diverge`).
    pub uniform_lines: bool,
}

impl Document {
    /// The SDK reader's tree of a file whose botocore tree this is, for a file of
    /// [`Document::uniform_lines`]: there the two readers agree on every span but one, the
    /// blank lines botocore counts as part of the value above them (they are its only
    /// continuations). Copying is cheaper than parsing the text again; `tests/readers.rs`
    /// and `tests/roundtrip_proptest.rs` check the claim against the SDK reader's parse.
    pub fn plain_as_sdk(&self) -> Document {
        debug_assert!(
            self.dialect == Dialect::Botocore && self.uniform_lines,
            "only botocore's tree of a file of uniform lines is the SDK reader's"
        );
        let mut sdk = Document {
            dialect: Dialect::Sdk,
            continuations: Vec::new(),
            uniform_lines: false,
            ..self.clone()
        };
        for entry in &mut sdk.entries {
            entry.continuations = 0..0;
            entry.plain_key = false;
        }
        sdk
    }

    /// The exact input, rebuilt from the tree.
    pub fn print(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in &self.lines {
            out.push_str(line.span.of(text));
        }
        out
    }

    pub fn entries(&self, section: &Section) -> &[Entry] {
        &self.entries[section.entries.clone()]
    }

    pub fn continuations(&self, entry: &Entry) -> &[Continuation] {
        let Range { start, end } = entry.continuations;
        &self.continuations[start as usize..end as usize]
    }

    /// Entries that come before the first header.
    pub fn orphans(&self) -> &[Entry] {
        let end = self
            .sections
            .first()
            .map_or(self.entries.len(), |s| s.entries.start);
        &self.entries[..end]
    }

    /// The value's lines joined with `\n`: the first line's value, then each continuation
    /// line's trimmed text (what both readers build before their own post-processing).
    /// Borrows when there are no continuation lines.
    pub fn joined_value<'t>(&self, text: &'t str, entry: &Entry) -> std::borrow::Cow<'t, str> {
        let continuations = self.continuations(entry);
        if continuations.is_empty() {
            return std::borrow::Cow::Borrowed(entry.value.of(text));
        }
        let mut joined = String::from(entry.value.of(text));
        for c in continuations {
            joined.push('\n');
            joined.push_str(c.text.of(text));
        }
        std::borrow::Cow::Owned(joined)
    }

    /// From the key to the end of the last non-blank continuation.
    pub fn entry_span(&self, entry: &Entry) -> Span {
        let end = self
            .continuations(entry)
            .iter()
            .rev()
            .find(|c| !c.text.is_empty())
            .map_or(entry.value.end().max(entry.delimiter.end()), |c| {
                c.text.end()
            });
        Span::new(entry.key.start().min(entry.delimiter.start()), end)
    }

    /// From the first value character to the end of the last continuation.
    pub fn value_span(&self, entry: &Entry) -> Span {
        let end = self.entry_span(entry).end();
        Span::new(entry.value.start(), end.max(entry.value.end()))
    }
}

/// Parses `text` as `dialect` reads it. Never fails: problems are listed in `errors`.
/// The lines are not judged ([`Document::uniform_lines`] is `false`): for the readers
/// that only resolve the tree ([`parse_judging_lines`] for the lint's context).
pub fn parse(text: &str, dialect: Dialect) -> Document {
    parse_as(text, dialect, false)
}

/// botocore's tree of `text`, each line judged on the way for
/// [`Document::uniform_lines`] (about a quarter more instructions than [`parse`]): what tells whether
/// the SDK reader's tree is this one and whether any tool may read the file differently.
pub fn parse_judging_lines(text: &str) -> Document {
    // (A small text is not searched for a cut: most texts the language server reads.)
    let cut = (text.len() >= PARALLEL_ABOVE)
        .then(|| fresh_start(text))
        .flatten();
    match cut {
        Some(at) => parse_judging_lines_split(text, at),
        None => parse_as(text, Dialect::Botocore, true),
    }
}

/// [`parse_judging_lines`] with the second half, from the header at `at` (a
/// [`fresh_start`]), read beside the first (`rayon_core::join`). (Public for the test that holds it to the
/// one-thread reading at every possible cut.)
#[doc(hidden)]
pub fn parse_judging_lines_split(text: &str, at: usize) -> Document {
    let (mut doc, second) = rayon_core::join(
        || read_sized(text, Dialect::Botocore, true, 0..at, 0..text.len()),
        || read(text, Dialect::Botocore, true, at..text.len()),
    );
    append(&mut doc, second);
    close_ranges(&mut doc);
    doc
}

/// Texts at least this large use the second core: botocore's reader reads them in two
/// parts ([`parse_judging_lines`]), and the lint and `migrate` run their phases side by
/// side. Handing a half to a worker costs ~30 µs, a 256 KiB part ~1 ms to read.
pub const PARALLEL_ABOVE: usize = 256 * 1024;

/// Where botocore's reader can start afresh in the second half of `text`: a line in
/// column 0 that it reads as a header (`[`, then a `]` at least two bytes on, white space
/// after it only). A header ends any value and any indentation, so the lines from there
/// on read the same whether or not the lines before were read first. (Public for the
/// test that holds it to the tree's headers.)
#[doc(hidden)]
pub fn fresh_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = text.len() / 2;
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"\n[") {
        let start = from + found + 1;
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(text.len(), |i| start + i);
        let line = trim_end_fast(&text[start..end], is_py_space);
        if memchr::memrchr(b']', line.as_bytes()).is_some_and(|close| close >= 2) {
            return Some(start);
        }
        from = start;
    }
    None
}

fn parse_as(text: &str, dialect: Dialect, judge_lines: bool) -> Document {
    let mut doc = read(text, dialect, judge_lines, 0..text.len());
    close_ranges(&mut doc);
    doc
}

/// The tree of the lines of `range` (the whole text, or a part from a fresh start to its
/// end), before [`close_ranges`].
fn read(text: &str, dialect: Dialect, judge_lines: bool, range: Range<usize>) -> Document {
    read_sized(text, dialect, judge_lines, range.clone(), range)
}

/// [`read`] with the tree's vectors sized for the lines of `sized_for` (the whole text
/// for the first part of a cut one, so that the second part is appended in place).
fn read_sized(
    text: &str,
    dialect: Dialect,
    judge_lines: bool,
    range: Range<usize>,
    sized_for: Range<usize>,
) -> Document {
    // Sized up front (a regrowth copies megabytes of a large file's tree): one line per
    // line break, whichever break the file uses.
    let part = &text.as_bytes()[sized_for];
    let newlines = memchr::memchr_iter(b'\n', part).count();
    let returns = memchr::memchr_iter(b'\r', part).count();
    let estimated_lines = newlines.max(returns) + 1;
    let mut builder = Builder {
        text,
        doc: Document {
            dialect,
            lines: Vec::with_capacity(estimated_lines),
            sections: Vec::with_capacity(estimated_lines / 8),
            entries: Vec::with_capacity(estimated_lines),
            continuations: Vec::new(),
            errors: Vec::new(),
            bom: (range.start == 0 && text.starts_with('\u{feff}')).then(|| Span::new(0, 3)),
            uniform_lines: false,
        },
    };
    if let Some(bom) = builder.doc.bom {
        builder.error(SyntaxErrorKind::ByteOrderMark, bom);
    }
    match dialect {
        Dialect::Botocore if judge_lines => {
            builder.doc.uniform_lines = builder.python::<true>(range);
        }
        Dialect::Botocore => {
            builder.python::<false>(range);
        }
        Dialect::Sdk => builder.sdk(),
    }
    builder.doc
}

/// `first` followed by `second`, the tree of the part that follows it: the second part's
/// indices shifted past the first's. The lines and the entries (most of the bytes) are
/// copied side by side.
fn append(first: &mut Document, second: Document) {
    let (lines, entries, continuations) = (
        first.lines.len(),
        first.entries.len(),
        small_index(first.continuations.len()),
    );
    let Document {
        lines: first_lines,
        sections: first_sections,
        entries: first_entries,
        continuations: first_continuations,
        ..
    } = first;
    rayon_core::join(
        || first_lines.extend(second.lines),
        || {
            first_entries.extend(second.entries.into_iter().map(|mut entry| {
                entry.line += small_index(lines);
                // (An entry without continuations keeps the reader's `0..0`.)
                if !entry.continuations.is_empty() {
                    entry.continuations.start += continuations;
                    entry.continuations.end += continuations;
                }
                entry
            }));
            first_sections.extend(second.sections.into_iter().map(|mut section| {
                section.line += lines;
                section.entries.start += entries;
                section
            }));
            first_continuations.extend(second.continuations.into_iter().map(|mut c| {
                c.line += lines;
                c
            }));
        },
    );
    first.errors.extend(second.errors);
    first.uniform_lines &= second.uniform_lines;
}

/// Close the ranges: a section runs to the next header, its entries to the next section's.
fn close_ranges(doc: &mut Document) {
    let (line_count, entry_count) = (doc.lines.len(), doc.entries.len());
    for i in (0..doc.sections.len()).rev() {
        let (next_line, next_entry) = doc
            .sections
            .get(i + 1)
            .map_or((line_count, entry_count), |n| (n.line, n.entries.start));
        let section = &mut doc.sections[i];
        section.lines = section.line..next_line;
        section.entries = section.entries.start..next_entry;
    }
}

/// A `key = value` line (starting at `key`, in column 0, ending at `line_end`) that both
/// readers split at the same place: `=` is the delimiter, the key is not empty, and the
/// white space around `=` and after the value is spaces and tabs only (the SDKs trim no
/// other). (Whether the line holds an inline comment for the SDKs is the caller's test.)
fn uniform_property(
    bytes: &[u8],
    key: Span,
    delimiter: usize,
    value: Span,
    line_end: usize,
) -> bool {
    let blank = |from: usize, to: usize| bytes[from..to].iter().all(|&b| b == b' ' || b == b'\t');
    bytes[delimiter] == b'='
        && !key.is_empty()
        && blank(key.end(), delimiter)
        && blank(delimiter + 1, value.start())
        && blank(value.end(), line_end)
}

/// A line or continuation index as an entry keeps it: there are fewer than bytes, and a
/// text is at most [`MAX_TEXT_LEN`] bytes (as for [`Span`]).
fn small_index(index: usize) -> u32 {
    debug_assert!(index <= MAX_TEXT_LEN);
    index as u32
}

struct Builder<'t> {
    text: &'t str,
    doc: Document,
}

impl<'t> Builder<'t> {
    fn error(&mut self, kind: SyntaxErrorKind, span: Span) {
        self.doc.errors.push(SyntaxError { kind, span });
    }

    fn push_line(&mut self, span: Span, content: Span, kind: LineKind) -> usize {
        self.doc.lines.push(Line {
            span,
            content,
            kind,
        });
        self.doc.lines.len() - 1
    }

    /// Appends a continuation to the last entry (continuations only ever extend the
    /// most recent entry, so each entry's continuations are contiguous).
    fn continue_last_entry(&mut self, continuation: Continuation) {
        self.doc.continuations.push(continuation);
        let end = small_index(self.doc.continuations.len());
        let entry = self.doc.entries.last_mut().expect("a current entry exists");
        if entry.continuations.is_empty() {
            entry.continuations = end - 1..end;
        } else {
            entry.continuations.end = end;
        }
    }

    /// Content of a line with a leading byte-order mark excluded (it is reported once).
    fn content_without_bom(&self, content: Span) -> Span {
        match self.doc.bom {
            Some(bom) if content.start() == 0 => {
                Span::new(bom.end().min(content.end()), content.end())
            }
            _ => content,
        }
    }

    fn add_section(&mut self, line: usize, header: Span, name: Span, trailing: Span) -> usize {
        let first_entry = self.doc.entries.len();
        self.doc.sections.push(Section {
            line,
            header,
            name,
            trailing,
            entries: first_entry..first_entry,
            lines: line..line + 1,
        });
        self.doc.sections.len() - 1
    }

    fn add_entry(&mut self, entry: Entry) {
        self.doc.entries.push(entry);
    }

    /// `k = v` inside a continuation (the sub-property view), split at the first `=`.
    fn pair(&self, text: Span, trim: fn(char) -> bool) -> Option<(Span, Span, Span)> {
        let s = text.of(self.text);
        let eq = s.find('=')?;
        let (ks, ke) = trimmed_range(&s[..eq], trim);
        let (vs, ve) = trimmed_range(&s[eq + 1..], trim);
        let base = text.start();
        Some((
            Span::new(base + ks, base + ke),
            Span::new(base + eq, base + eq + 1),
            Span::new(base + eq + 1 + vs, base + eq + 1 + ve),
        ))
    }

    /// Python `configparser.RawConfigParser._read` with botocore's settings
    /// (delimiters `=`/`:`, full-line comments `#`/`;`, no inline comments, empty lines in
    /// values), over the lines of `range` (the whole text, or a part that starts at a
    /// header: [`parse_judging_lines`]). Returns [`Document::uniform_lines`], found on the
    /// way: the one pass over the lines that both the tree and the readers' agreement need.
    fn python<const JUDGE_LINES: bool>(&mut self, range: Range<usize>) -> bool {
        let text = self.text;
        let mut section: Option<usize> = None;
        // configparser's `optname`: is there an option (the last entry) that indented lines continue?
        let mut current = false;
        // configparser's `indent_level`, in characters.
        let mut indent_level = 0usize;
        // (A byte-order mark is each reader's error; the trees are not compared there.)
        let mut uniform = JUDGE_LINES && self.doc.bom.is_none();
        // Most lines hold no `#` or `;`: their positions, found in one vectorised pass,
        // tell the few headers and values that need the comment test.
        let mut markers = memchr::memchr2_iter(b'#', b';', &text.as_bytes()[range.clone()])
            .map(|at| at + range.start)
            .peekable();
        // Whether a `#`/`;` in `from..to` ends the line for some tool: anywhere in a header;
        // in a property line, after white space (any character but a visible ASCII one
        // counts here).
        let mut comment_in = |from: usize, to: usize, anywhere: bool| {
            while markers.next_if(|&at| at < from).is_some() {}
            let mut found = false;
            while let Some(at) = markers.next_if(|&at| at < to) {
                found |= anywhere || !text.as_bytes()[at - 1].is_ascii_graphic();
            }
            found
        };
        for pl in physical_lines_in(text, range.clone()) {
            let content = self.content_without_bom(pl.content);
            let raw = content.of(text);
            let (s, e) = trimmed_range(raw, is_py_space);
            let stripped = Span::new(content.start() + s, content.start() + e);
            let value = stripped.of(text);
            // A lone CR ends a line for botocore only; white space before the first
            // character is an indentation or a key the SDKs read differently.
            uniform = uniform
                && (pl.span.end() - pl.content.end() != 1
                    || text.as_bytes()[pl.content.end()] == b'\n')
                && s == 0
                && (value.is_empty() == raw.is_empty());
            if value.is_empty() {
                let line = self.push_line(pl.span, pl.content, LineKind::Blank);
                // A blank line inside a value is kept (as an empty line) until the value ends.
                if section.is_some() && current {
                    self.continue_last_entry(Continuation {
                        line,
                        text: Span::empty(stripped.start()),
                        pair: None,
                    });
                }
                continue;
            }
            if value.starts_with('#') || value.starts_with(';') {
                self.push_line(pl.span, pl.content, LineKind::Comment);
                continue;
            }
            let cur_indent = if s == 0 { 0 } else { raw[..s].chars().count() };
            if section.is_some() && current && cur_indent > indent_level {
                let line = self.push_line(pl.span, pl.content, LineKind::Continuation);
                let pair = self.pair(stripped, is_py_space);
                self.continue_last_entry(Continuation {
                    line,
                    text: stripped,
                    pair,
                });
                continue;
            }
            indent_level = cur_indent;
            // SECTCRE `\[(?P<header>.+)\]`, matched at the start: greedy, so the last `]` closes.
            if value.starts_with('[')
                && let Some(close) = memchr::memrchr(b']', value.as_bytes()).filter(|&i| i >= 2)
            {
                // Nothing after the `]`, and no `#`/`;` (the SDKs end a header there,
                // botocore does not).
                uniform = uniform
                    && close + 1 == raw.len()
                    && !comment_in(stripped.start(), stripped.end(), true);
                let line = self.push_line(pl.span, pl.content, LineKind::Header);
                let at = stripped.start();
                let index = self.add_section(
                    line,
                    Span::new(at, at + close + 1),
                    Span::new(at + 1, at + close),
                    Span::new(at + close + 1, stripped.end()),
                );
                section = Some(index);
                current = false;
                continue;
            }
            // OPTCRE `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: split at the first delimiter.
            let delimiter = value.bytes().position(|b| b == b'=' || b == b':');
            let line = self.push_line(
                pl.span,
                pl.content,
                if delimiter.is_some() {
                    LineKind::Property
                } else {
                    LineKind::Invalid
                },
            );
            if section.is_none() {
                self.error(SyntaxErrorKind::BeforeFirstSection, stripped);
            }
            let Some(d) = delimiter else {
                uniform = false;
                if section.is_some() {
                    self.error(SyntaxErrorKind::MissingDelimiter, stripped);
                }
                continue;
            };
            let at = stripped.start();
            let key = trim_end_fast(&value[..d], is_py_space);
            let key_end = at + key.len();
            // Judging the lines, whether the key is plain: a branch-free fold over its
            // bytes (a test per byte in the delimiter's loop cost four times as much).
            let plain_key = JUDGE_LINES
                && !key.is_empty()
                && key
                    .bytes()
                    .fold(true, |plain, b| plain & PLAIN_KEY_BYTE[usize::from(b)]);
            let after = &value[d + 1..];
            let value_start =
                at + d + 1 + (after.len() - trim_start_fast(after, is_py_space).len());
            uniform = uniform
                && section.is_some()
                && uniform_property(
                    text.as_bytes(),
                    Span::new(at, key_end),
                    at + d,
                    Span::new(value_start, stripped.end()),
                    content.end(),
                )
                && !comment_in(at, stripped.end(), false);
            let entry = Entry {
                line: small_index(line),
                key: Span::new(at, key_end),
                delimiter: Span::new(at + d, at + d + 1),
                value: Span::new(value_start, stripped.end()),
                comment: Span::empty(stripped.end()),
                continuations: 0..0,
                plain_key,
            };
            if entry.key.is_empty() && section.is_some() {
                self.error(SyntaxErrorKind::EmptyKey, entry.delimiter);
            }
            self.add_entry(entry);
            current = section.is_some();
        }
        uniform
    }

    /// The SDKs' profile-file parser (`aws-runtime` `env_config/parse.rs`, the SEP test suite).
    fn sdk(&mut self) {
        let text = self.text;
        let mut section: Option<usize> = None;
        // Is there a property (the last entry) that continuation lines extend?
        let mut current = false;
        let mut is_subproperty = false;
        let mut physical = physical_lines(text).peekable();
        while let Some(first) = physical.next() {
            // A lone `\r` does not end a line for the SDKs (`str::lines`): glue such lines.
            let mut last: PhysicalLine = first;
            while last.ends_with_lone_cr(text)
                && let Some(next) = physical.next()
            {
                last = next;
            }
            let span = Span::new(first.span.start(), last.span.end());
            let content_end = if last.ends_with_lone_cr(text) {
                last.span.end()
            } else {
                last.content.end()
            };
            let full_content = Span::new(first.content.start(), content_end);
            let content = self.content_without_bom(full_content);
            let raw = content.of(text);
            if raw.chars().all(is_sdk_space) {
                self.push_line(span, full_content, LineKind::Blank);
                continue;
            }
            if raw.starts_with('#') || raw.starts_with(';') {
                self.push_line(span, full_content, LineKind::Comment);
                continue;
            }
            if raw.starts_with('[') {
                let (start, end, comment) = prepare_line(raw, false);
                let prepared = &raw[start..end];
                let at = content.start();
                let line;
                let (header, name) = if prepared.ends_with(']') && prepared.len() >= 2 {
                    line = self.push_line(span, full_content, LineKind::Header);
                    (
                        Span::new(at + start, at + end),
                        Span::new(at + start + 1, at + end - 1),
                    )
                } else {
                    line = self.push_line(span, full_content, LineKind::Invalid);
                    self.error(
                        SyntaxErrorKind::MalformedHeader,
                        Span::new(at + start, at + end),
                    );
                    (
                        Span::new(at + start, at + end),
                        Span::new(at + start + 1, at + end),
                    )
                };
                let trailing = match comment {
                    Some(c) => Span::new(at + c, at + raw.trim_end_matches(is_sdk_space).len()),
                    None => Span::empty(at + end),
                };
                section = Some(self.add_section(line, header, name, trailing));
                current = false;
                is_subproperty = false;
                continue;
            }
            if raw.starts_with(is_sdk_space) {
                let (s, e) = trimmed_range(raw, is_sdk_space);
                let trimmed = Span::new(content.start() + s, content.start() + e);
                if !(current && section.is_some()) {
                    self.push_line(span, full_content, LineKind::Invalid);
                    let kind = if section.is_none() {
                        SyntaxErrorKind::BeforeFirstSection
                    } else {
                        SyntaxErrorKind::ContinuationWithoutProperty
                    };
                    self.error(kind, trimmed);
                    continue;
                }
                let line = self.push_line(span, full_content, LineKind::Continuation);
                if is_subproperty {
                    // Validated with comments stripped, stored raw.
                    let (ps, pe, _) = prepare_line(raw, true);
                    let prepared = &raw[ps..pe];
                    match prepared.find('=') {
                        None => self.error(SyntaxErrorKind::SubPropertyMissingEquals, trimmed),
                        Some(eq) if prepared[..eq].trim_matches(is_sdk_space).is_empty() => {
                            self.error(SyntaxErrorKind::SubPropertyEmptyKey, trimmed)
                        }
                        Some(_) => {}
                    }
                }
                let pair = self.pair(trimmed, is_sdk_space);
                self.continue_last_entry(Continuation {
                    line,
                    text: trimmed,
                    pair,
                });
                continue;
            }
            // A property line.
            let (start, end, comment) = prepare_line(raw, true);
            let prepared = &raw[start..end];
            let at = content.start();
            if section.is_none() {
                self.error(
                    SyntaxErrorKind::BeforeFirstSection,
                    Span::new(at + start, at + end),
                );
            }
            let Some(eq) = prepared.find('=') else {
                self.push_line(span, full_content, LineKind::Invalid);
                if section.is_some() {
                    self.error(
                        SyntaxErrorKind::MissingDelimiter,
                        Span::new(at + start, at + end),
                    );
                }
                current = false;
                continue;
            };
            let line = self.push_line(span, full_content, LineKind::Property);
            let (ks, ke) = trimmed_range(&prepared[..eq], is_sdk_space);
            let (vs, ve) = trimmed_range(&prepared[eq + 1..], is_sdk_space);
            let base = at + start;
            let entry = Entry {
                line: small_index(line),
                key: Span::new(base + ks, base + ke),
                delimiter: Span::new(base + eq, base + eq + 1),
                value: Span::new(base + eq + 1 + vs, base + eq + 1 + ve),
                comment: comment.map_or(Span::empty(base + eq + 1 + ve), |c| {
                    Span::new(at + c, at + raw.trim_end_matches(is_sdk_space).len())
                }),
                continuations: 0..0,
                plain_key: false,
            };
            if entry.key.is_empty() && section.is_some() {
                self.error(SyntaxErrorKind::EmptyKey, entry.delimiter);
            }
            is_subproperty = entry.value.is_empty();
            self.add_entry(entry);
            current = section.is_some();
        }
    }
}

/// The SDKs' `prepare_line`: trim space/tab, cut at the first comment character
/// (for property lines only where white space precedes it), trim again.
/// Returns the kept range and where the comment starts, relative to `line`.
fn prepare_line(line: &str, comments_need_whitespace: bool) -> (usize, usize, Option<usize>) {
    let (start, end) = trimmed_range(line, is_sdk_space);
    let trimmed = &line[start..end];
    // `#` and `;` are ASCII, so scanning bytes finds them; only the character before a
    // candidate needs decoding (it may be any Unicode white space).
    let comment = trimmed.bytes().enumerate().find_map(|(i, b)| {
        let candidate = (b == b'#' || b == b';')
            && (!comments_need_whitespace
                || trimmed[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace));
        candidate.then_some(i)
    });
    match comment {
        Some(c) => {
            let kept = trimmed[..c].trim_end_matches(is_sdk_space);
            (start, start + kept.len(), Some(start + c))
        }
        None => (start, end, None),
    }
}
