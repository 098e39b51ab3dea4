//! Conversions at the protocol's edge: byte offsets ↔ LSP positions in the negotiated
//! encoding (snapped to character boundaries in this one place), URIs ↔ paths and file
//! kinds, edits ↔ workspace edits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::*;

use crate::model::FileKind;
use crate::syntax::{LineIndex, Span};
use crate::workspace;

/// Which file a URI names (the workspace's rule: `credentials` in the file name).
pub(crate) fn kind_of(uri: &Uri) -> FileKind {
    workspace::kind_of(Path::new(uri.path().as_str()))
}

pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// Converts between byte offsets and LSP positions in the negotiated encoding.
pub(crate) struct Positions<'t> {
    text: &'t str,
    index: LineIndex,
    utf8: bool,
    /// An ASCII text counts the same columns in every encoding: its positions need no walk
    /// over the characters before them (a 10 000-profile file converts ~20 000 of them per
    /// analysis).
    ascii: bool,
    /// The line of the last position converted: the next is usually on it or just after.
    last_line: std::cell::Cell<usize>,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str, utf8: bool) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
            utf8,
            ascii: text.is_ascii(),
            last_line: std::cell::Cell::new(0),
        }
    }

    /// The position of a byte offset (clamped to the text, snapped back to the start of
    /// the character it falls in).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        if self.utf8 || self.ascii {
            let line = self.index.line_of_after(offset, self.last_line.get());
            self.last_line.set(line);
            Position::new(line as u32, (offset - self.index.line_start(line)) as u32)
        } else {
            let (line, character) = self.index.utf16_position(self.text, offset);
            Position::new(line, character)
        }
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start()), self.position(span.end()))
    }

    /// The byte offset of a position: always a character boundary of the text. A position
    /// past a line's end is its end; past the last line, the text's end; inside a
    /// character (a UTF-8 column in the middle of a multi-byte one, a UTF-16 column between
    /// surrogates), the character's start.
    pub(crate) fn offset(&self, position: Position) -> usize {
        if self.utf8 {
            let line = position.line as usize;
            if line >= self.index.line_count() {
                return self.text.len();
            }
            let start = self.index.line_start(line);
            let end = self.text[start..]
                .find(['\n', '\r'])
                .map_or(self.text.len(), |i| start + i);
            self.text
                .floor_char_boundary((start + position.character as usize).min(end))
        } else {
            let offset = self
                .index
                .offset_of_utf16(self.text, position.line, position.character);
            self.text.floor_char_boundary(offset.min(self.text.len()))
        }
    }
}

/// One document's edits for its `version`: a versioned `documentChanges` edit where the
/// client takes them (it refuses the edit once its text is another version), else plain
/// `changes`.
pub(crate) fn versioned_edit(
    uri: &Uri,
    version: i32,
    versioned: bool,
    edits: Vec<TextEdit>,
) -> WorkspaceEdit {
    if !versioned {
        return workspace_edit(uri, edits);
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }])),
        ..WorkspaceEdit::default()
    }
}

/// One document's edits as a workspace edit.
pub(crate) fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::analysis::Analysis;

    /// Texts of many-byte characters, and positions anywhere (inside characters, past line
    /// ends, past the last line): every offset is a boundary, and nothing that takes one
    /// panics (found: completion inside a multi-byte character, hover after `—`).
    #[test]
    fn every_position_maps_to_a_boundary_and_nothing_panics_on_it() {
        let pieces = [
            "[profile dév]\n",
            "region = eu-west-1\n",
            "# ssolint: ignore[S001]—why\n",
            "sso_session = 🚀\n",
            "key=välue\r\n",
            "  nested = ✓\n",
            "[sso-session 東京]\n",
            "\n",
            "credential_process = é",
            "\r",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..300 {
            let text: String = (0..1 + next(8))
                .map(|_| pieces[next(pieces.len())])
                .collect();
            let analysis = Analysis::new(&text, FileKind::Config);
            for utf8 in [false, true] {
                let positions = Positions::new(&text, utf8);
                for _ in 0..40 {
                    let position = Position::new(next(12) as u32, next(40) as u32);
                    let offset = positions.offset(position);
                    assert!(
                        offset <= text.len() && text.is_char_boundary(offset),
                        "{text:?} {position:?}"
                    );
                    let back = positions.offset(positions.position(offset));
                    assert_eq!(back, offset, "{text:?} {position:?}");
                    let _ = analysis.hover(offset);
                    let _ = analysis.completions(offset);
                    let _ = analysis.name_at(offset);
                }
            }
        }
    }
}
