//! Reading input files at the edge: UTF-8 check with a precise location, missing files.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::syntax::{LineIndex, MAX_TEXT_LEN};

/// A file's text with the path it was read from.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    NotUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
        column: usize,
    },
    TooLarge {
        path: PathBuf,
        len: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, error } => write!(f, "{}: cannot read: {error}", path.display()),
            ReadError::TooLarge { path, len } => write!(
                f,
                "{}: {len} bytes is larger than ssolint reads (4 GiB); this is not an AWS config file",
                path.display()
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
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            len: bytes.len(),
        });
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
    let bytes = std::fs::read(path).map_err(|error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(Source {
        path: path.to_path_buf(),
        text: decode(path, bytes)?,
    })
}

/// Reads a file that may be missing (the AWS tools treat a missing shared file as empty).
pub fn read_optional(path: &Path) -> Result<Option<Source>, ReadError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(Source {
            path: path.to_path_buf(),
            text: decode(path, bytes)?,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(ReadError::Io {
            path: path.to_path_buf(),
            error,
        }),
    }
}
