//! Reading input files at the edge: regular files only, size-capped ([`crate::files`]), then
//! a UTF-8 check with a precise location.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::files;
use crate::syntax::{LineIndex, MAX_TEXT_LEN};

/// A file's text with the path it was read from. (`Debug` shows the text's length, never
/// the text: it holds secrets.)
#[derive(Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// Unix permission bits, when read from a file.
    pub mode: Option<u32>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("path", &self.path)
            .field("text", &crate::model::redact::Withheld(&self.text))
            .field("mode", &self.mode)
            .finish()
    }
}

#[derive(Debug)]
pub enum ReadError {
    File(files::ReadError),
    NotUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    Missing {
        path: PathBuf,
    },
    /// A directory with no AWS config or credentials file in it.
    NoAwsFiles {
        dir: PathBuf,
    },
}

impl From<files::ReadError> for ReadError {
    fn from(e: files::ReadError) -> Self {
        ReadError::File(e)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::File(e) => e.fmt(f),
            ReadError::Missing { path } => write!(
                f,
                "{}: cannot read: No such file or directory (os error 2)",
                path.display()
            ),
            ReadError::NoAwsFiles { dir } => write!(
                f,
                "{}: a directory with no AWS `config` or `credentials` file in it (or in its .aws)",
                dir.display()
            ),
            ReadError::NotUtf8 {
                path,
                offset,
                line,
                column,
            } => write!(
                f,
                "{}:{line}:{column}: not valid UTF-8 (byte offset {offset}); the AWS tools read these files as UTF-8 — re-save the file as UTF-8",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decodes bytes as UTF-8, naming the first bad byte by offset, line and column.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() > MAX_TEXT_LEN {
        return Err(files::ReadError::TooLarge {
            path: path.to_path_buf(),
            len: bytes.len() as u64,
        }
        .into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let good = std::str::from_utf8(&bytes[..offset]).expect("valid up to offset");
            let position = LineIndex::new(good).line_col(good, offset);
            Err(ReadError::NotUtf8 {
                path: path.to_path_buf(),
                offset,
                line: position.line,
                column: position.column,
            })
        }
    }
}

/// Reads a file that must exist.
pub fn read(path: &Path) -> Result<Source, ReadError> {
    read_optional(path)?.ok_or_else(|| ReadError::Missing {
        path: path.to_path_buf(),
    })
}

/// Reads a file that may be missing (the AWS tools treat a missing shared file as empty).
pub fn read_optional(path: &Path) -> Result<Option<Source>, ReadError> {
    let Some(file) = files::read(path)? else {
        return Ok(None);
    };
    Ok(Some(Source {
        path: path.to_path_buf(),
        text: decode(path, file.bytes)?,
        mode: file.mode.map(|m| m & 0o777),
    }))
}

/// Reads standard input (at most [`files::MAX_FILE_LEN`] bytes), naming it `name`.
pub fn read_stdin(name: &Path) -> Result<String, ReadError> {
    let bytes = files::read_stream(name, std::io::stdin().lock())?;
    decode(name, bytes)
}
