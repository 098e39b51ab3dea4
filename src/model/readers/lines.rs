//! Line splitting as each reader does it, with each line's byte offset.

/// How a reader breaks the text into lines.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Breaks {
    /// `\n` and `\r\n` (JS: `split(/\r?\n/)`).
    Newline,
    /// `\n` only: a `\r` before it stays in the line (Go: `strings.Split(s, "\n")`).
    NewlineKeepCr,
    /// `\n`, `\r\n` and a lone `\r` (Java: `BufferedReader.lines()`).
    AnyBreak,
}

/// `(offset, line)` for every line, terminators excluded. Like the readers, a final
/// terminator yields no extra line for Java; JS and Go see a last empty line (harmless: an
/// empty line is skipped by both).
pub(super) fn split(text: &str, breaks: Breaks) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let end = if breaks == Breaks::Newline && i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                out.push((start, &text[start..end]));
                start = i + 1;
            }
            b'\r' if breaks == Breaks::AnyBreak => {
                out.push((start, &text[start..i]));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() || breaks != Breaks::AnyBreak {
        out.push((start, &text[start..]));
    }
    out
}

/// Where `part` (a sub-slice of `line`) starts in the text, `line` starting at `at`.
pub(super) fn offset(at: usize, line: &str, part: &str) -> usize {
    at + (part.as_ptr() as usize - line.as_ptr() as usize)
}
