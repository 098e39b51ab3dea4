//! `--format concise`: one line per finding, `path:line:col: CODE [*] message`
//! (`[*]`: fixable with `--fix`).

use std::io::{self, Write};

use crate::render::Checked;
use crate::syntax::LineCursor;

pub fn write(out: &mut dyn Write, checked: &Checked, unsafe_fixes: bool) -> io::Result<()> {
    // Each line is assembled in one buffer and written whole: the formatting machinery
    // cost ~2 000 instructions a line, a large share of a 10 000-finding run.
    let mut line = Vec::with_capacity(512);
    let mut numbers = itoa::Buffer::new();
    let mut plain = KnownPlain::default();
    // Findings come sorted by position within each file: one cursor per file counts the
    // lines on from the previous finding (`LineCursor`), no index of every line is built.
    let mut cursors: Vec<Option<LineCursor>> = checked.files.iter().map(|_| None).collect();
    for (group, d) in checked.diagnostics() {
        let index = checked.file_index(group, d.at);
        let file = &checked.files[index];
        let start = cursors[index]
            .get_or_insert_with(|| LineCursor::new(&file.text))
            .line_col(d.at.span.start());
        line.clear();
        plain.push_escaped(&mut line, &file.path, 0);
        line.push(b':');
        line.extend_from_slice(numbers.format(start.line).as_bytes());
        line.push(b':');
        line.extend_from_slice(numbers.format(start.column).as_bytes());
        line.extend_from_slice(b": ");
        line.extend_from_slice(d.severity.name().as_bytes());
        line.push(b' ');
        line.extend_from_slice(d.rule.code.as_bytes());
        if crate::fix::allowed(d, false) {
            line.extend_from_slice(b" [*]");
        }
        line.push(b' ');
        for part in d.message.parts() {
            plain.push_escaped(&mut line, part, KnownPlain::WORTH_REMEMBERING);
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    if checked.quiet {
        return Ok(());
    }
    writeln!(out, "{}", super::summary_line(checked, unsafe_fixes))
}

/// Texts already found free of control characters, by address and length, so that the
/// same text is scanned once: a file's path, and a rule's static sentence (S001's 330
/// bytes around each of thousands of profile names). Sound because every text handed in
/// borrows from the report being written, alive and unchanged for the whole loop.
#[derive(Default)]
struct KnownPlain {
    seen: [(usize, usize); 8],
    next: usize,
}

impl KnownPlain {
    /// Message parts shorter than this are scanned every time (names differ from finding
    /// to finding: remembering them would only push the sentences out).
    const WORTH_REMEMBERING: usize = 32;

    /// Appends `text` to `line`, control characters escaped; remembers it when it is plain
    /// and at least `remember_from` bytes long.
    fn push_escaped(&mut self, line: &mut Vec<u8>, text: &str, remember_from: usize) {
        let key = (text.as_ptr() as usize, text.len());
        if self.seen.contains(&key) {
            line.extend_from_slice(text.as_bytes());
            return;
        }
        let escaped = crate::model::redact::controls(text);
        if matches!(escaped, std::borrow::Cow::Borrowed(_)) && text.len() >= remember_from {
            self.seen[self.next] = key;
            self.next = (self.next + 1) % self.seen.len();
        }
        line.extend_from_slice(escaped.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::KnownPlain;

    /// A remembered text is copied as it is; a text with a control character is escaped
    /// every time, and is never taken for a plain text it shares an address with.
    #[test]
    fn only_texts_found_plain_are_copied_unscanned() {
        let plain = "a sentence long enough to be worth remembering, with no control";
        // Owned, as a finding's message is; its first 40 bytes hold no control character.
        let hostile = String::from("a sentence long enough to be worth remembering, \x1b[31m red");
        let mut known = KnownPlain::default();
        for _ in 0..3 {
            let mut line = Vec::new();
            let long = KnownPlain::WORTH_REMEMBERING;
            known.push_escaped(&mut line, plain, long);
            known.push_escaped(&mut line, &hostile, long);
            known.push_escaped(&mut line, &hostile[..40], long);
            let line = String::from_utf8(line).unwrap();
            assert!(!line.contains('\u{1b}'), "{line}");
            assert_eq!(line.matches("\\x1b").count(), 1, "{line}");
            assert!(line.starts_with(plain));
        }
        assert!(known.seen.contains(&(plain.as_ptr() as usize, plain.len())));
        assert!(
            !known
                .seen
                .contains(&(hostile.as_ptr() as usize, hostile.len()))
        );
    }
}
