//! Writing the user's files without ever losing data: through a symlink to its target,
//! only if the file is still what we read, with a backup, atomically (temporary file in the
//! same directory, then rename), keeping the file's mode.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file as it was read, to be replaced later.
#[derive(Clone, Debug)]
pub struct Snapshot<'a> {
    /// The path the user named (may be a symlink).
    pub path: &'a Path,
    /// The bytes that were read (the file must still hold exactly these).
    pub bytes: &'a [u8],
}

#[derive(Debug)]
pub enum WriteError {
    Changed {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed { path } => write!(
                f,
                "{}: the file changed since ssolint read it; nothing was written (run again)",
                path.display()
            ),
            WriteError::Io { path, error } => {
                write!(
                    f,
                    "{}: cannot write: {error}; the file was left as it was",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for WriteError {}

/// What a successful write did.
#[derive(Debug)]
pub struct Written {
    /// The file actually replaced (the symlink's target).
    pub target: PathBuf,
    pub backup: PathBuf,
}

/// The backup kept next to `target`: `config` → `config.ssolint.bak`.
pub fn backup_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".ssolint.bak");
    target.with_file_name(name)
}

/// Replaces the file read in `snapshot` with `contents`.
pub fn replace(snapshot: &Snapshot, contents: &str) -> Result<Written, WriteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| WriteError::Io { path, error }
    };
    // Follow symlinks: the link stays a link, its target gets the new contents.
    let target = fs::canonicalize(snapshot.path).map_err(io(snapshot.path))?;
    let current = fs::read(&target).map_err(io(&target))?;
    if current != snapshot.bytes {
        return Err(WriteError::Changed {
            path: snapshot.path.to_path_buf(),
        });
    }
    let metadata = fs::metadata(&target).map_err(io(&target))?;
    let dir = target.parent().unwrap_or(Path::new("."));

    let backup = backup_path(&target);
    write_new(&backup, &current, &metadata)?;

    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(target.file_name().unwrap_or_default());
    temp_name.push(format!(".ssolint-{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    write_new(&temp, contents.as_bytes(), &metadata)?;
    if let Err(error) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(WriteError::Io {
            path: target,
            error,
        });
    }
    sync_dir(dir);
    Ok(Written { target, backup })
}

/// Writes `bytes` to `path` (created or truncated) with `like`'s permissions, durably.
fn write_new(path: &Path, bytes: &[u8], like: &fs::Metadata) -> Result<(), WriteError> {
    let io = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(like.permissions().mode() & 0o7777);
    }
    let mut file = options.open(path).map_err(io)?;
    // `mode` applies only when the file is created, and the umask trims it: set it exactly.
    fs::set_permissions(path, like.permissions()).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        fs::write(&path, "[default]\nregion = us-east-1\n").unwrap();
        let read = b"[default]\nregion = eu-west-1\n";
        let snapshot = Snapshot {
            path: &path,
            bytes: read,
        };
        let err = replace(&snapshot, "[default]\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "[default]\nregion = us-east-1\n",
            "left as it was"
        );
        assert!(
            !backup_path(&path).exists(),
            "no backup for a refused write"
        );
    }

    #[test]
    fn replaces_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        let original = "[default]\r\nregion = us-east-1";
        fs::write(&path, original).unwrap();
        let snapshot = Snapshot {
            path: &path,
            bytes: original.as_bytes(),
        };
        let written = replace(&snapshot, "[default]\r\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "[default]\r\n");
        assert_eq!(fs::read_to_string(&written.backup).unwrap(), original);
    }
}
