//! Physical lines, found with `memchr` (a vectorised search for the two break bytes: a
//! large file is mostly not line breaks). Everything AWS-specific (continuations,
//! sub-properties, comment rules of each reader) is done above it, in `tree.rs`.

use super::Span;

/// One physical line: `span` includes the terminator, `content` excludes it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PhysicalLine {
    pub span: Span,
    pub content: Span,
}

impl PhysicalLine {
    /// The terminator is a lone `\r` (old Mac style). Python breaks lines there; the SDKs do not.
    pub fn ends_with_lone_cr(&self, text: &str) -> bool {
        &text[self.content.end()..self.span.end()] == "\r"
    }
}

/// Splits `text` at `\n`, `\r\n` and lone `\r`, exactly as Python's universal newlines do.
/// The spans tile `text` with no gap and no overlap.
pub fn physical_lines(text: &str) -> PhysicalLines<'_> {
    physical_lines_in(text, 0..text.len())
}

/// [`physical_lines`] of the part `range` of `text` (which starts a line and ends one, or
/// the text), with spans in the whole text.
pub fn physical_lines_in(text: &str, range: std::ops::Range<usize>) -> PhysicalLines<'_> {
    let bytes = &text.as_bytes()[..range.end];
    PhysicalLines {
        bytes,
        breaks: memchr::memchr2_iter(b'\n', b'\r', &bytes[range.start..]),
        offset: range.start,
        start: range.start,
    }
}

/// Iterator returned by [`physical_lines`].
pub struct PhysicalLines<'t> {
    bytes: &'t [u8],
    /// The breaks of `bytes[offset..]`, found relative to `offset`.
    breaks: memchr::Memchr2<'t>,
    offset: usize,
    start: usize,
}

impl Iterator for PhysicalLines<'_> {
    type Item = PhysicalLine;

    fn next(&mut self) -> Option<PhysicalLine> {
        let start = self.start;
        let (content_end, end) = match self.breaks.next().map(|at| at + self.offset) {
            Some(at) if self.bytes[at] == b'\r' && self.bytes.get(at + 1) == Some(&b'\n') => {
                self.breaks.next(); // the `\n` of the `\r\n`
                (at, at + 2)
            }
            Some(at) => (at, at + 1),
            None if start < self.bytes.len() => (self.bytes.len(), self.bytes.len()),
            None => return None,
        };
        self.start = end;
        Some(PhysicalLine {
            span: Span::new(start, end),
            content: Span::new(start, content_end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<&str> {
        physical_lines(text).map(|l| l.content.of(text)).collect()
    }

    #[test]
    fn splits_like_universal_newlines() {
        assert_eq!(contents("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(contents("a\r\r\nb"), vec!["a", "", "b"]);
        assert_eq!(contents(""), Vec::<&str>::new());
        assert_eq!(contents("\n\n"), vec!["", ""]);
        assert_eq!(contents("[x]\n[y"), vec!["[x]", "[y"]);
        assert_eq!(contents("k=v=w\r"), vec!["k=v=w"]);
    }

    #[test]
    fn spans_tile_the_input() {
        let text = "[profile a]\r\nx = 1\n\n  y\r;c\r\nz=";
        let mut at = 0;
        for line in physical_lines(text) {
            assert_eq!(line.span.start(), at);
            at = line.span.end();
        }
        assert_eq!(at, text.len());
    }
}
