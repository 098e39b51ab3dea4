//! The user's files, read and written at the edge without ever losing or leaking data.
//!
//! Reading ([`read`]): only regular files (after following the links the user named), opened
//! without blocking (a FIFO never hangs us), at most [`MAX_FILE_LEN`] bytes (a device such as
//! `/dev/zero` is refused before one byte is read).
//!
//! Replacing ([`replace`]) on Linux, every step through a directory handle, never by path:
//! 1. follow the user's symlinks to the target (a link the user named is theirs), refusing
//!    targets under `/proc` or `/dev` (`/dev/stdin` is not a file to rewrite);
//! 2. take an exclusive `flock` on the target's directory: ssolint processes writing in one
//!    directory queue up instead of racing;
//! 3. open the target with `O_NOFOLLOW`, refuse anything but a regular, owner-writable file
//!    with one link, and compare its bytes with what was read;
//! 4. write the new text into an anonymous `O_TMPFILE` inode (a crash or a full disk leaves no
//!    debris), give it the target's mode, owner and group through the descriptor (never a
//!    chmod through a path), fsync, and link it under a random name with `O_EXCL` semantics;
//! 5. exchange it with the target in one `renameat2(RENAME_EXCHANGE)`, then check that what
//!    was replaced is the inode we compared, take a read lease on it (granted only while
//!    nobody has it open for writing; a writer still holding it open gets two seconds to
//!    close it), compare its bytes again while the lease is held, and check the lease is
//!    unbroken (nobody opened it for writing meanwhile); on any mismatch exchange back (a
//!    late writer then writes into the restored file) and report [`WriteError::Changed`];
//! 6. the replaced inode itself becomes the backup, renamed without replacing anything
//!    (`config.ssolint.bak`, then `.bak.2`, `.bak.3`, …): a backup is always a whole earlier
//!    file and no earlier backup is ever overwritten.
//!
//! Where leases are unavailable (NFS; another user's file without CAP_LEASE) the second
//! comparison alone decides, and a program that opened the old file before the exchange
//! and writes after the comparison writes into the backup. Elsewhere than Linux the exchange
//! and the anonymous temporary file are not available and the write is a compare, then a
//! rename of a `create_new` temporary file (not atomic with the comparison).

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest file ssolint reads: 64 MiB (a 100 000-profile config is about 21 MB).
pub const MAX_FILE_LEN: u64 = 64 << 20;

#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// A FIFO, a device, a socket or a directory.
    NotRegular {
        path: PathBuf,
        what: &'static str,
    },
    TooLarge {
        path: PathBuf,
        len: u64,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, error } => write!(f, "{}: cannot read: {error}", path.display()),
            ReadError::NotRegular { path, what } => write!(
                f,
                "{}: is {what}, not a regular file; ssolint reads only regular files (use `-` to read standard input)",
                path.display()
            ),
            ReadError::TooLarge { path, len } => write!(
                f,
                "{}: {len} bytes is larger than ssolint reads ({} MiB); this is not an AWS config file",
                path.display(),
                MAX_FILE_LEN >> 20
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// What a file is, for messages.
fn describe(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// A regular file's bytes and permission bits.
#[derive(Debug)]
pub struct FileBytes {
    pub bytes: Vec<u8>,
    /// Unix permission bits (`None` elsewhere).
    pub mode: Option<u32>,
}

/// Reads a regular file (symlinks followed), refusing anything else and anything larger than
/// [`MAX_FILE_LEN`]. `Ok(None)` when the file does not exist.
pub fn read(path: &Path) -> Result<Option<FileBytes>, ReadError> {
    let io_error = |error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading waits for a writer; non-blocking it returns at once
        // (and O_NONBLOCK means nothing for a regular file).
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
    };
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            what: describe(metadata.file_type()),
        });
    }
    if metadata.len() > MAX_FILE_LEN {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            len: metadata.len(),
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // The file may grow while we read: never past the cap.
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            len: bytes.len() as u64,
        });
    }
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        Some(metadata.permissions().mode() & 0o7777)
    };
    #[cfg(not(unix))]
    let mode = None;
    Ok(Some(FileBytes { bytes, mode }))
}

/// Reads at most [`MAX_FILE_LEN`] bytes from a stream (standard input).
pub fn read_stream(name: &Path, stream: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    stream
        .take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError::Io {
            path: name.to_path_buf(),
            error,
        })?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(ReadError::TooLarge {
            path: name.to_path_buf(),
            len: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds the bytes that were read (or was replaced).
    Changed {
        path: PathBuf,
    },
    /// Not something ssolint rewrites: a device, `/proc`, a FIFO, a directory.
    NotRegular {
        path: PathBuf,
        what: String,
    },
    /// More than one hard link: a rename would silently split them.
    HardLinked {
        path: PathBuf,
        links: u64,
    },
    /// The owner cannot write it: the user made it read-only on purpose.
    ReadOnly {
        path: PathBuf,
        mode: u32,
    },
    Io {
        path: PathBuf,
        error: io::Error,
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
            WriteError::NotRegular { path, what } => write!(
                f,
                "{}: is {what}; ssolint rewrites only regular files; nothing was written",
                path.display()
            ),
            WriteError::HardLinked { path, links } => write!(
                f,
                "{}: has {links} hard links; replacing it would separate them, so nothing was written (use a symlink, or apply the diff by hand)",
                path.display()
            ),
            WriteError::ReadOnly { path, mode } => write!(
                f,
                "{}: is read-only (mode {mode:04o}); nothing was written (make it writable to let ssolint change it)",
                path.display()
            ),
            WriteError::Io { path, error } => write!(
                f,
                "{}: cannot write: {error}; the file was left as it was",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {}

/// What a successful write did.
#[derive(Debug)]
pub struct Written {
    /// The file actually replaced (the symlink's target).
    pub target: PathBuf,
    /// The whole earlier file.
    pub backup: PathBuf,
}

/// The `n`th backup name next to `target`: `config.ssolint.bak`, `config.ssolint.bak.2`, …
pub fn backup_name(target_name: &std::ffi::OsStr, n: u32) -> std::ffi::OsString {
    let mut name = target_name.to_os_string();
    name.push(".ssolint.bak");
    if n > 1 {
        name.push(format!(".{n}"));
    }
    name
}

/// An unpredictable name for a temporary file next to `target_name`.
fn temp_name(target_name: &std::ffi::OsStr) -> std::ffi::OsString {
    use rand::RngExt;
    let suffix: u64 = rand::rng().random();
    let mut name = std::ffi::OsString::from(".");
    name.push(target_name);
    name.push(format!(".ssolint-{suffix:016x}.tmp"));
    name
}

/// Follows the symlinks of the path the user named to the file they point at, refusing
/// targets that are not files on a file system (`/proc/self/fd/0`, devices).
pub fn resolve_target(path: &Path) -> Result<PathBuf, WriteError> {
    let io_error = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    let target = fs::canonicalize(path).map_err(io_error)?;
    for special in ["/proc", "/dev", "/sys"] {
        if target.starts_with(special) || path.starts_with(special) {
            return Err(WriteError::NotRegular {
                path: path.to_path_buf(),
                what: format!("under {special}"),
            });
        }
    }
    Ok(target)
}

/// Replaces the file at `path` (read earlier as `expected`) with `contents`.
pub fn replace(path: &Path, expected: &[u8], contents: &[u8]) -> Result<Written, WriteError> {
    let target = resolve_target(path)?;
    #[cfg(target_os = "linux")]
    {
        linux::replace(path, &target, expected, contents)
    }
    #[cfg(not(target_os = "linux"))]
    {
        portable::replace(path, &target, expected, contents)
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::OsStr;
    use std::fs::File;
    use std::io::{Read, Seek, Write};
    use std::os::fd::OwnedFd;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags, RenameFlags};
    use rustix::io::Errno;

    use super::{WriteError, Written, backup_name, temp_name};

    /// How long a writer waits for another ssolint writing in the same directory.
    const LOCK_WAIT: Duration = Duration::from_secs(30);

    pub fn replace(
        named: &Path,
        target: &Path,
        expected: &[u8],
        contents: &[u8],
    ) -> Result<Written, WriteError> {
        let io = |error: std::io::Error| WriteError::Io {
            path: target.to_path_buf(),
            error,
        };
        let errno = |e: Errno| io(e.into());
        let changed = || WriteError::Changed {
            path: named.to_path_buf(),
        };
        let dir_path = target.parent().unwrap_or(Path::new("/"));
        let name = target.file_name().ok_or_else(|| WriteError::NotRegular {
            path: named.to_path_buf(),
            what: "a directory".into(),
        })?;
        let dir = rustix::fs::open(
            dir_path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(errno)?;
        lock(&dir).map_err(errno)?;

        // The file as it is now, never through a link planted after we resolved the path.
        let old = match rustix::fs::openat(
            &dir,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => fd,
            Err(Errno::LOOP) | Err(Errno::NOENT) => return Err(changed()),
            Err(e) => return Err(errno(e)),
        };
        let stat = rustix::fs::fstat(&old).map_err(errno)?;
        let file_type = FileType::from_raw_mode(stat.st_mode);
        if file_type != FileType::RegularFile {
            return Err(WriteError::NotRegular {
                path: named.to_path_buf(),
                what: format!("{file_type:?}"),
            });
        }
        let mode = stat.st_mode & 0o7777;
        if mode & 0o200 == 0 {
            return Err(WriteError::ReadOnly {
                path: named.to_path_buf(),
                mode,
            });
        }
        if stat.st_nlink > 1 {
            return Err(WriteError::HardLinked {
                path: named.to_path_buf(),
                links: stat.st_nlink as u64,
            });
        }
        let mut old = File::from(old);
        if !holds(&mut old, expected).map_err(io)? {
            return Err(changed());
        }

        // The new file, complete (mode, owner, bytes, on disk) before it has a name.
        let (new, linked_name) = new_file(&dir, name).map_err(io)?;
        let named_temp = linked_name.clone();
        let temp = match (|| -> std::io::Result<std::ffi::OsString> {
            let mut file = File::from(new.try_clone()?);
            rustix::fs::fchmod(&new, Mode::from_raw_mode(mode))?;
            let new_stat = rustix::fs::fstat(&new)?;
            if (new_stat.st_uid, new_stat.st_gid) != (stat.st_uid, stat.st_gid) {
                rustix::fs::fchown(
                    &new,
                    Some(rustix::fs::Uid::from_raw(stat.st_uid)),
                    Some(rustix::fs::Gid::from_raw(stat.st_gid)),
                )?;
                // Changing the owner clears set-id bits: set the mode again.
                rustix::fs::fchmod(&new, Mode::from_raw_mode(mode))?;
            }
            file.write_all(contents)?;
            file.sync_all()?;
            match linked_name {
                Some(name) => Ok(name),
                None => link_anonymous(&dir, &new, name),
            }
        })() {
            Ok(temp) => temp,
            Err(error) => {
                // An anonymous file vanishes with its descriptor; a named one is removed.
                if let Some(temp) = &named_temp {
                    let _ = rustix::fs::unlinkat(&dir, temp, AtFlags::empty());
                }
                return Err(io(error));
            }
        };

        // Swap, then prove that what we replaced is what we compared.
        if let Err(e) = rustix::fs::renameat_with(&dir, &temp, &dir, name, RenameFlags::EXCHANGE) {
            let _ = rustix::fs::unlinkat(&dir, &temp, AtFlags::empty());
            return Err(errno(e));
        }
        let swap_back = || {
            // Put the other writer's file back and drop ours.
            let _ = rustix::fs::renameat_with(&dir, &temp, &dir, name, RenameFlags::EXCHANGE);
            let _ = rustix::fs::unlinkat(&dir, &temp, AtFlags::empty());
            let _ = rustix::fs::fsync(&dir);
        };
        let replaced = rustix::fs::statat(&dir, &temp, AtFlags::SYMLINK_NOFOLLOW);
        let same_inode = replaced
            .as_ref()
            .is_ok_and(|s| (s.st_dev, s.st_ino) == (stat.st_dev, stat.st_ino));
        // A writer that opened the old file before the exchange may still write to it: a
        // read lease is granted only while nobody has the file open for writing, and is
        // broken by anyone who opens it for writing while we compare.
        let lease = if same_inode {
            lease::take(&old)
        } else {
            lease::Taken::Refused
        };
        if lease == lease::Taken::Refused {
            swap_back();
            return Err(changed());
        }
        let unchanged = holds(&mut old, expected).unwrap_or(false);
        let still_alone = lease == lease::Taken::Unsupported || lease::held(&old);
        if !unchanged || !still_alone {
            // Swap back before releasing the lease: a writer waiting on it then writes
            // into the restored file.
            swap_back();
            lease::release(&old);
            return Err(changed());
        }
        lease::release(&old);
        // The replaced file is the backup, under the first free backup name.
        let mut n = 1;
        let backup = loop {
            let candidate = backup_name(name, n);
            match rustix::fs::renameat_with(&dir, &temp, &dir, &candidate, RenameFlags::NOREPLACE) {
                Ok(()) => break candidate,
                Err(Errno::EXIST) if n < 100_000 => n += 1,
                Err(e) => {
                    // The new text is in place; only the backup failed: say so.
                    let _ = rustix::fs::unlinkat(&dir, &temp, AtFlags::empty());
                    let _ = rustix::fs::fsync(&dir);
                    return Err(WriteError::Io {
                        path: target.with_file_name(backup_name(name, n)),
                        error: std::io::Error::other(format!(
                            "the file was written but its backup could not be kept: {e}"
                        )),
                    });
                }
            }
        };
        let _ = rustix::fs::fsync(&dir);
        Ok(Written {
            target: target.to_path_buf(),
            backup: target.with_file_name(backup),
        })
    }

    /// File leases (`fcntl(F_SETLEASE)`), which tell whether anyone has a file open for
    /// writing, and whether anyone opens it while we look.
    mod lease {
        use std::os::fd::AsFd;
        use std::time::{Duration, Instant};

        use ssolint_lease::Lease;

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Taken {
            Held,
            /// Someone kept the file open for writing: it may still be written.
            Refused,
            /// The file system or our privileges allow no lease (NFS, another owner without
            /// CAP_LEASE): the comparison alone decides.
            Unsupported,
        }

        /// How long to wait for a writer that has the old file open to close it.
        const WAIT: Duration = Duration::from_secs(2);

        /// Takes a read lease on `fd` (opened read-only), waiting a little for writers.
        pub fn take(fd: &impl AsFd) -> Taken {
            // A broken lease is announced by a signal, SIGIO by default, which would end
            // the process: announce it with SIGURG, ignored by default (we poll instead).
            if ssolint_lease::set_signal(fd.as_fd(), ssolint_lease::SIGURG).is_err() {
                return Taken::Unsupported;
            }
            let deadline = Instant::now() + WAIT;
            loop {
                match ssolint_lease::set(fd.as_fd(), Lease::Read) {
                    Ok(()) => return Taken::Held,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        if Instant::now() >= deadline {
                            return Taken::Refused;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Err(_) => return Taken::Unsupported,
                }
            }
        }

        /// Whether our lease is intact (nobody opened the file for writing since).
        pub fn held(fd: &impl AsFd) -> bool {
            ssolint_lease::get(fd.as_fd()).is_ok_and(|lease| lease == Lease::Read)
        }

        pub fn release(fd: &impl AsFd) {
            let _ = ssolint_lease::set(fd.as_fd(), Lease::None);
        }
    }

    /// Whether `file` holds exactly `expected` (read from its start).
    fn holds(file: &mut File, expected: &[u8]) -> std::io::Result<bool> {
        file.rewind()?;
        let mut current = Vec::with_capacity(expected.len() + 1);
        file.take(expected.len() as u64 + 1)
            .read_to_end(&mut current)?;
        Ok(current == expected)
    }

    /// Waits for the directory's exclusive lock (other ssolint processes writing here).
    fn lock(dir: &OwnedFd) -> Result<(), Errno> {
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match rustix::fs::flock(dir, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => return Ok(()),
                Err(Errno::WOULDBLOCK) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// An anonymous file in `dir` (`O_TMPFILE`), or, where the file system has none, a new
    /// file under a random name (`O_EXCL|O_NOFOLLOW`), returned with that name.
    fn new_file(
        dir: &OwnedFd,
        target_name: &OsStr,
    ) -> std::io::Result<(OwnedFd, Option<std::ffi::OsString>)> {
        match rustix::fs::openat(
            dir,
            ".",
            OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        ) {
            Ok(fd) => return Ok((fd, None)),
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOENT) => {}
            Err(e) => return Err(e.into()),
        }
        loop {
            let name = temp_name(target_name);
            match rustix::fs::openat(
                dir,
                &name,
                OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::RDWR | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(fd) => return Ok((fd, Some(name))),
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Gives an anonymous file a random, new name in `dir`.
    fn link_anonymous(
        dir: &OwnedFd,
        fd: &OwnedFd,
        target_name: &OsStr,
    ) -> std::io::Result<std::ffi::OsString> {
        let proc_path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(fd));
        loop {
            let name = temp_name(target_name);
            match rustix::fs::linkat(
                rustix::fs::CWD,
                proc_path.as_str(),
                dir,
                &name,
                AtFlags::SYMLINK_FOLLOW,
            ) {
                Ok(()) => return Ok(name),
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod portable {
    use std::fs;
    use std::io::Write;
    use std::path::Path;

    use super::{WriteError, Written, backup_name, temp_name};

    pub fn replace(
        named: &Path,
        target: &Path,
        expected: &[u8],
        contents: &[u8],
    ) -> Result<Written, WriteError> {
        let io = |error| WriteError::Io {
            path: target.to_path_buf(),
            error,
        };
        let metadata = fs::symlink_metadata(target).map_err(io)?;
        if metadata.permissions().readonly() {
            return Err(WriteError::ReadOnly {
                path: named.to_path_buf(),
                mode: 0o444,
            });
        }
        if fs::read(target).map_err(io)? != expected {
            return Err(WriteError::Changed {
                path: named.to_path_buf(),
            });
        }
        let name = target.file_name().unwrap_or_default();
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut n = 1;
        let backup = loop {
            let candidate = dir.join(backup_name(name, n));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&candidate)
            {
                Ok(mut file) => {
                    file.write_all(expected).map_err(io)?;
                    file.sync_all().map_err(io)?;
                    break candidate;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
                Err(e) => return Err(io(e)),
            }
        };
        let temp = dir.join(temp_name(name));
        let result = (|| {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            file.write_all(contents)?;
            file.sync_all()?;
            fs::set_permissions(&temp, metadata.permissions())?;
            fs::rename(&temp, target)
        })();
        if let Err(error) = result {
            let _ = fs::remove_file(&temp);
            return Err(io(error));
        }
        Ok(Written {
            target: target.to_path_buf(),
            backup,
        })
    }
}

/// Why a directory that holds secrets (the token cache) is not used.
#[derive(Debug)]
pub struct UnsafeDir {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for UnsafeDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}; ssolint will not read or write tokens there (another local user could read or replace them) — fix it with `chmod 700` and `chown` to your user",
            self.path.display(),
            self.reason
        )
    }
}

impl std::error::Error for UnsafeDir {}

/// The mode and owner of a directory, for doctor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirState {
    pub mode: u32,
    pub uid: u32,
    pub owned_by_us: bool,
}

/// How `dir` is set up (`None` when it does not exist).
pub fn dir_state(dir: &Path) -> Option<DirState> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = fs::metadata(dir).ok()?;
        let me = rustix::process::geteuid().as_raw();
        Some(DirState {
            mode: m.mode() & 0o7777,
            uid: m.uid(),
            owned_by_us: m.uid() == me,
        })
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Refuses a secrets directory that another user could write into (as OpenSSH refuses a
/// loose `~/.ssh`): it must be a directory owned by the effective user (or root), and not
/// writable by group or others. A missing directory is fine (it will be created 0700).
pub fn check_private_dir(dir: &Path) -> Result<(), UnsafeDir> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let unsafe_dir = |reason: String| UnsafeDir {
            path: dir.to_path_buf(),
            reason,
        };
        let metadata = match fs::metadata(dir) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(unsafe_dir(e.to_string())),
        };
        if !metadata.is_dir() {
            return Err(unsafe_dir("is not a directory".into()));
        }
        let me = rustix::process::geteuid().as_raw();
        if metadata.uid() != me && metadata.uid() != 0 {
            return Err(unsafe_dir(format!(
                "is owned by user id {}, not by you ({me})",
                metadata.uid()
            )));
        }
        let mode = metadata.mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(unsafe_dir(format!(
                "is writable by {} (mode {mode:04o})",
                if mode & 0o002 != 0 {
                    "everyone"
                } else {
                    "its group"
                }
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates `dir` (and missing parents) with mode 0700, then checks it as
/// [`check_private_dir`] does.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir)?;
    }
    check_private_dir(dir).map_err(io::Error::other)
}

/// Writes a secret file (`dir/name`, mode 0600) atomically: a new file under an
/// unpredictable name (`O_CREAT|O_EXCL|O_NOFOLLOW`), fsynced, then renamed over `name` (a
/// rename replaces a planted link instead of following it). The directory is created 0700
/// and refused when another user could write into it.
pub fn write_private(dir: &Path, name: &str, contents: &[u8]) -> io::Result<PathBuf> {
    use std::io::Write;
    create_private_dir(dir)?;
    let path = dir.join(name);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let (temp, mut file) = loop {
        let temp = dir.join(temp_name(std::ffi::OsStr::new(name)));
        match options.open(&temp) {
            Ok(file) => break (temp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, &path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| path)
}

/// Opens (creating, 0600) a lock file in a private directory, never through a symlink.
pub fn open_lock_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}
