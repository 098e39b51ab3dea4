//! Physical lines. `ini_core` is the line scanner: its items borrow from the input, so
//! the start of each line is recovered from how much input remains after each item.
//! Everything AWS-specific (continuations, sub-properties, comment rules of each reader)
//! is done above it, in `tree.rs`, because ini_core's own item kinds follow neither reader.

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
    PhysicalLines {
        text,
        parser: ini_core::Parser::new(text),
        start: 0,
    }
}

/// Iterator returned by [`physical_lines`].
pub struct PhysicalLines<'t> {
    text: &'t str,
    parser: ini_core::Parser<'t>,
    start: usize,
}

impl Iterator for PhysicalLines<'_> {
    type Item = PhysicalLine;

    fn next(&mut self) -> Option<PhysicalLine> {
        let start = self.start;
        loop {
            self.parser.next()?;
            let next = self.text.len() - self.parser.remainder().len();
            if next == start {
                // ini_core's `SectionEnd` pseudo item consumes nothing.
                continue;
            }
            let line = &self.text.as_bytes()[start..next];
            let mut content_end = next;
            if line.ends_with(b"\r\n") {
                content_end -= 2;
            } else if line.ends_with(b"\n") || line.ends_with(b"\r") {
                content_end -= 1;
            }
            self.start = next;
            return Some(PhysicalLine {
                span: Span::new(start, next),
                content: Span::new(start, content_end),
            });
        }
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
