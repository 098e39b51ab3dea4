//! Byte spans and the line/column index used to report them.

use std::fmt;
use std::ops::Range;

/// A half-open byte range into one source text. Offsets are `u32`: the tree holds a
/// few spans per line, and halving them keeps a 100 000-profile file's tree small
/// (input files are limited to 4 GiB, see [`MAX_TEXT_LEN`]).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

/// The largest text the syntax layer accepts; the file readers refuse larger files.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end && end <= MAX_TEXT_LEN);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// An empty span at `offset` (used for insertion points and missing values).
    pub const fn empty(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub const fn start(self) -> usize {
        self.start as usize
    }

    pub const fn end(self) -> usize {
        self.end as usize
    }

    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether `offset` lies inside (start inclusive, end exclusive).
    pub const fn contains_offset(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start().min(other.start()), self.end().max(other.end()))
    }

    /// The text this span covers.
    pub fn of(self, text: &str) -> &str {
        &text[self.range()]
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values, as people and
/// most terminals do (LSP positions are derived separately in UTF-16).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    /// `offset` (a character boundary) on the 0-based `line` that starts at `line_start`.
    fn at(text: &str, line: usize, line_start: usize, offset: usize) -> LineCol {
        LineCol {
            line: line + 1,
            column: text[line_start..offset].chars().count() + 1,
        }
    }
}

/// Maps byte offsets to lines. Lines end at `\n`, `\r\n` or a lone `\r`, as in Python's
/// universal newlines and in the LSP specification.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // memchr finds the breaks with SIMD: a large file is mostly not line breaks. A file
        // without a CR (the norm) needs the one-byte search only, sized by a first count.
        if memchr::memchr(b'\r', bytes).is_none() {
            let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return LineIndex { starts };
        }
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let crlf_first_half = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if !crlf_first_half {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// Number of lines (a trailing terminator opens one more, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// [`LineIndex::line_of`] for an offset at or after the start of line `hint`, where
    /// that is cheaper: offsets converted in file order (a report's findings, their labels)
    /// land on the same line or a few lines on, and a search over a large file's lines
    /// misses the cache on each step.
    pub fn line_of_after(&self, offset: usize, hint: usize) -> usize {
        const NEAR: usize = 8;
        if self.starts.get(hint).is_some_and(|&start| start <= offset) {
            let mut line = hint;
            for _ in 0..NEAR {
                match self.starts.get(line + 1) {
                    Some(&next) if next <= offset => line += 1,
                    _ => return line,
                }
            }
        }
        self.line_of(offset)
    }

    /// 1-based line and column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        LineCol::at(text, line, self.starts[line], offset)
    }

    /// 0-based line and UTF-16 column, as the Language Server Protocol counts them.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
        (line as u32, col as u32)
    }

    /// Inverse of [`LineIndex::utf16_position`]; positions past a line's end clamp to it.
    pub fn offset_of_utf16(&self, text: &str, line: u32, column: u32) -> usize {
        let line = line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut remaining = column as usize;
        for (i, c) in text[start..end].char_indices() {
            if c == '\n' || c == '\r' || remaining == 0 {
                return start + i;
            }
            remaining = remaining.saturating_sub(c.len_utf16());
        }
        end
    }
}

/// Line and column of offsets asked for mostly in increasing order (a report's findings,
/// sorted by position): the newlines between one offset and the next are counted with a
/// vectorised count, so the whole text is searched once, with no index of every line (90 000
/// on a 10 000-profile file, the index cost more to build than all the lookups). An offset
/// before the last one, or a text with a CR (where lone CRs end lines too), is answered by
/// a [`LineIndex`], built on that first need.
pub struct LineCursor<'t> {
    text: &'t str,
    /// The last offset asked for, its 0-based line and where that line starts.
    offset: usize,
    line: usize,
    line_start: usize,
    index: Option<LineIndex>,
}

impl<'t> LineCursor<'t> {
    pub fn new(text: &'t str) -> Self {
        LineCursor {
            text,
            offset: 0,
            line: 0,
            line_start: 0,
            index: memchr::memchr(b'\r', text.as_bytes()).map(|_| LineIndex::new(text)),
        }
    }

    /// [`LineIndex::line_col`], the same answer for every offset.
    pub fn line_col(&mut self, offset: usize) -> LineCol {
        let text = self.text;
        if offset < self.offset {
            self.index.get_or_insert_with(|| LineIndex::new(text));
        }
        if let Some(index) = &self.index {
            return index.line_col(text, offset);
        }
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let between = &text.as_bytes()[self.offset..offset];
        if let Some(last) = memchr::memrchr(b'\n', between) {
            self.line += memchr::memchr_iter(b'\n', between).count();
            self.line_start = self.offset + last + 1;
        }
        self.offset = offset;
        LineCol::at(text, self.line, self.line_start, offset)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hinted search finds what the plain one finds, whatever the hint.
    #[test]
    fn line_of_after_agrees_with_line_of_for_every_hint() {
        let text = "a\n\nbb\r\nccc\rd\n\n\n\n\n\n\n\n\n\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            for hint in 0..index.line_count() + 2 {
                assert_eq!(
                    index.line_of_after(offset, hint),
                    index.line_of(offset),
                    "offset {offset}, hint {hint}"
                );
            }
        }
    }

    #[test]
    fn line_col_counts_every_terminator_kind() {
        let text = "a\nb\r\nc\rdé";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 2), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 3, column: 1 });
        // 'é' is two bytes but one column.
        assert_eq!(
            index.line_col(text, text.len()),
            LineCol { line: 4, column: 3 }
        );
    }

    #[test]
    fn utf16_round_trip() {
        let text = "[profile 😀]\nx = 1";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.utf16_position(text, x), (1, 0));
        let close = text.find(']').unwrap();
        let (l, c) = index.utf16_position(text, close);
        assert_eq!((l, c), (0, 11));
        assert_eq!(index.offset_of_utf16(text, l, c), close);
    }
}
