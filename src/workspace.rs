//! The workspace edge, shared by the CLI, the language server and doctor: reading the
//! user's files (regular files only, size-capped by [`crate::files`], then a UTF-8 check
//! with a precise location), their modes, which shared file a path is and its companion,
//! and finding and reading `ssolint.toml` with errors that keep their line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::files;
use crate::lint::settings::{Settings, SettingsError, SettingsFile};
use crate::model::FileKind;
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

/// Which shared file a path names: `credentials` in its file name (any case) means the
/// credentials file, anything else is a config file.
pub fn kind_of(path: &Path) -> FileKind {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
    match name {
        Some(n) if n.contains("credentials") => FileKind::Credentials,
        _ => FileKind::Config,
    }
}

/// The other shared file of the pair `path` belongs to: `credentials` beside a config
/// file, `config` beside a credentials file (the AWS tools' default names).
pub fn companion(path: &Path, kind: FileKind) -> PathBuf {
    match kind {
        FileKind::Config => path.with_file_name("credentials"),
        FileKind::Credentials => path.with_file_name("config"),
    }
}

/// A regular file's text, or `None` when it is missing or unusable (not UTF-8, a FIFO or
/// device, too large): for files beside the one at hand, where a long-running caller (the
/// language server) must never block on or exhaust memory for them.
pub fn read_text(path: &Path) -> Option<String> {
    read_optional(path).ok()?.map(|source| source.text)
}

/// Unix permission bits of a file (`None` elsewhere, or when it cannot be read).
pub fn file_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The names a project settings file may have, in the order they are looked for.
pub const SETTINGS_FILE_NAMES: [&str; 2] = ["ssolint.toml", ".ssolint.toml"];

/// The user's settings file: `ssolint/ssolint.toml` in the platform's config directory
/// (`$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS,
/// `%APPDATA%` on Windows).
pub fn user_settings_path() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("ssolint").join("ssolint.toml"))
}

/// The settings file that applies in `dir`: `ssolint.toml` or `.ssolint.toml` in `dir` or
/// the nearest parent that has one, else the user's settings file, if it exists. Only
/// regular files count (a FIFO named `ssolint.toml` is passed over, never opened).
pub fn discover_settings(dir: &Path) -> Option<PathBuf> {
    project_settings(dir).or_else(|| user_settings_path().filter(|p| is_regular_file(p)))
}

/// `ssolint.toml` or `.ssolint.toml` in `dir` or the nearest parent that has one.
pub fn project_settings(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|dir| SETTINGS_FILE_NAMES.map(|name| dir.join(name)))
        .find(|candidate| is_regular_file(candidate))
}

fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// A settings file that could not be used: why, and where.
#[derive(Debug)]
pub enum SettingsFileError {
    Read(ReadError),
    Invalid {
        path: PathBuf,
        /// 1-based line and column in the file, when the error is in it.
        at: Option<(usize, usize)>,
        error: SettingsError,
    },
}

impl fmt::Display for SettingsFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsFileError::Read(e) => e.fmt(f),
            SettingsFileError::Invalid {
                path,
                at: Some((line, column)),
                error,
            } => write!(f, "{}:{line}:{column}: {error}", path.display()),
            SettingsFileError::Invalid {
                path,
                at: None,
                error,
            } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SettingsFileError {}

/// A settings file read and parsed, with its text (to place later errors in it).
#[derive(Debug)]
pub struct LoadedSettings {
    pub path: PathBuf,
    pub text: String,
    pub file: SettingsFile,
}

impl LoadedSettings {
    /// [`Settings::new`] on this file's contents, errors placed in the file.
    pub fn settings(
        &self,
        select: Option<&[String]>,
        ignore: &[String],
    ) -> Result<Settings, SettingsFileError> {
        Settings::new(&self.file, select, ignore).map_err(|error| self.invalid(error))
    }

    fn invalid(&self, error: SettingsError) -> SettingsFileError {
        SettingsFileError::Invalid {
            path: self.path.clone(),
            at: error.position_in(&self.text),
            error,
        }
    }
}

/// Reads and parses the settings file at `path`.
pub fn load_settings(path: &Path) -> Result<LoadedSettings, SettingsFileError> {
    let text = read(path).map_err(SettingsFileError::Read)?.text;
    match SettingsFile::parse(&text) {
        Ok(file) => Ok(LoadedSettings {
            path: path.to_path_buf(),
            text,
            file,
        }),
        Err(error) => Err(SettingsFileError::Invalid {
            path: path.to_path_buf(),
            at: error.position_in(&text),
            error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_decides_the_kind_in_any_case() {
        for (path, kind) in [
            ("/home/u/.aws/credentials", FileKind::Credentials),
            ("/home/u/.aws/Credentials", FileKind::Credentials),
            ("/ci/CREDENTIALS.ini", FileKind::Credentials),
            ("/ci/team-credentials", FileKind::Credentials),
            ("/home/u/.aws/config", FileKind::Config),
            ("/credentials/config", FileKind::Config),
            ("", FileKind::Config),
        ] {
            assert_eq!(kind_of(Path::new(path)), kind, "{path}");
        }
        assert_eq!(
            companion(Path::new("/h/.aws/config"), FileKind::Config),
            Path::new("/h/.aws/credentials")
        );
        assert_eq!(
            companion(Path::new("/h/.aws/credentials"), FileKind::Credentials),
            Path::new("/h/.aws/config")
        );
    }

    #[test]
    fn project_settings_are_found_upward_and_the_nearest_wins() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b/c");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(project_settings(&nested), None);
        std::fs::write(dir.path().join(".ssolint.toml"), "").unwrap();
        assert_eq!(
            project_settings(&nested),
            Some(dir.path().join(".ssolint.toml"))
        );
        std::fs::write(dir.path().join("a/ssolint.toml"), "").unwrap();
        assert_eq!(
            project_settings(&nested),
            Some(dir.path().join("a/ssolint.toml"))
        );
        // `ssolint.toml` before `.ssolint.toml` in one directory.
        std::fs::write(dir.path().join("a/.ssolint.toml"), "").unwrap();
        assert_eq!(
            project_settings(&nested),
            Some(dir.path().join("a/ssolint.toml"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_settings_is_passed_over_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join("ssolint.toml"), "ignore = [\"K001\"]\n").unwrap();
        let fifo = nested.join("ssolint.toml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert_eq!(
            project_settings(&nested),
            Some(dir.path().join("ssolint.toml"))
        );
        // Read directly, it is refused at once (no reader ever waits on it).
        assert!(load_settings(&fifo).is_err());
        assert_eq!(read_text(&fifo), None);
    }

    #[test]
    fn settings_errors_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ssolint.toml");
        std::fs::write(&path, "select = [\"S\"]\n\nseverity = 3\n").unwrap();
        let error = load_settings(&path).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}:3:12: ", path.display())),
            "{error}"
        );
        std::fs::write(&path, "select = [\"S\", \"S9x\"]\n").unwrap();
        let loaded = load_settings(&path).unwrap();
        let error = loaded.settings(None, &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}:1:16: `S9x` selects no rule: use a code (S001), a name (legacy-sso-profile), a code prefix (S) or ALL",
                path.display()
            )
        );
        // From the command line, the file has no place for it.
        let error = loaded.settings(Some(&["Q1".into()]), &[]).unwrap_err();
        assert!(matches!(error, SettingsFileError::Invalid { at: None, .. }));
        let missing = load_settings(&dir.path().join("nope.toml")).unwrap_err();
        assert!(matches!(missing, SettingsFileError::Read(_)));
    }
}
