//! Syntax: a lossless, span-exact tree of an AWS config or credentials file.
//! Knows INI as the two AWS readers read it, nothing of profiles or SSO.

pub mod chars;
mod lines;
mod span;
mod tree;

pub use lines::{PhysicalLine, physical_lines};
pub use span::{LineCol, LineCursor, LineIndex, MAX_TEXT_LEN, Span};
pub use tree::{
    Continuation, Dialect, Document, Entry, Line, LineKind, PARALLEL_ABOVE, Section, SyntaxError,
    SyntaxErrorKind, fresh_start, parse, parse_judging_lines, parse_judging_lines_split,
};
