//! How a file is laid out, for edits that must fit it: the line terminator it uses, and
//! the whole lines an entry occupies (what removing it deletes).

use crate::syntax::{Document, Entry, Span};

/// The line terminator the file uses (its first one; `\n` for a file without any), for
/// inserted lines.
pub fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The lines of an entry (its key line and non-blank continuation lines) with their
/// terminators. Blank lines that botocore keeps inside a value are left to separate
/// sections.
pub fn entry_lines(doc: &Document, entry: &Entry) -> Span {
    let first = doc.lines[entry.line as usize].span;
    let last = doc
        .continuations(entry)
        .iter()
        .rev()
        .find(|c| !c.text.is_empty())
        .map_or(first, |c| doc.lines[c.line].span);
    first.cover(last)
}

/// The entry whose key is at `key`.
pub fn entry_at(doc: &Document, key: Span) -> Option<&Entry> {
    let i = doc.entries.partition_point(|e| e.key.start() < key.start());
    doc.entries.get(i).filter(|e| e.key == key)
}

/// [`entry_lines`] of the entry whose key is at `key`.
pub fn entry_lines_at(doc: &Document, key: Span) -> Option<Span> {
    entry_at(doc, key).map(|entry| entry_lines(doc, entry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Dialect, parse};

    #[test]
    fn the_first_terminator_decides_the_newline() {
        assert_eq!(newline_of("[a]\r\nk = v\n"), "\r\n");
        assert_eq!(newline_of("[a]\nk = v\r\n"), "\n");
        assert_eq!(newline_of("[a]"), "\n");
        assert_eq!(newline_of("\n\r\n"), "\n");
    }

    #[test]
    fn an_entry_covers_its_continuations_but_not_trailing_blank_lines() {
        let text = "[a]\ns3 =\n  x = 1\n\nnext = 2\n";
        let doc = parse(text, Dialect::Botocore);
        let s3 = &doc.entries[0];
        assert_eq!(entry_lines(&doc, s3).of(text), "s3 =\n  x = 1\n");
        let next = doc.entries[1].key;
        assert_eq!(entry_lines_at(&doc, next).unwrap().of(text), "next = 2\n");
        assert_eq!(entry_lines_at(&doc, Span::new(0, 1)), None);
    }
}
