//! Linux file leases as safe functions: `fcntl(F_SETLEASE)`, `fcntl(F_GETLEASE)` and
//! `fcntl(F_SETSIG)`, which neither rustix nor nix wraps. This is the one `unsafe` call
//! ssolint needs; it lives here so that the main crate can `#![forbid(unsafe_code)]`.
//! Elsewhere than Linux the crate is empty.

#![cfg(target_os = "linux")]
#![deny(unsafe_op_in_unsafe_fn)]

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

/// A lease on an open file.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lease {
    /// Broken when anyone opens the file for writing or truncates it (needs a descriptor
    /// opened read-only).
    Read,
    /// Broken when anyone opens the file at all.
    Write,
    /// No lease.
    None,
}

impl Lease {
    fn arg(self) -> libc::c_int {
        match self {
            Lease::Read => libc::F_RDLCK,
            Lease::Write => libc::F_WRLCK,
            Lease::None => libc::F_UNLCK,
        }
    }
}

/// `F_SETSIG` (Linux's `__F_SETSIG`, 10 on every architecture that uses
/// asm-generic/fcntl.h; the libc crate does not export it).
const F_SETSIG: libc::c_int = 10;

/// SIGURG: ignored by default, so announcing a broken lease with it never ends the
/// process (the default, SIGIO, would).
pub const SIGURG: i32 = libc::SIGURG;

/// One `fcntl` whose argument is an integer.
fn fcntl_int(
    fd: BorrowedFd<'_>,
    command: libc::c_int,
    arg: libc::c_int,
) -> io::Result<libc::c_int> {
    // SAFETY: `fd` is an open descriptor, borrowed for the duration of the call; the
    // commands used here (F_SETLEASE, F_GETLEASE, F_SETSIG) take an integer argument and
    // read or write no memory of the caller's.
    let result = unsafe { libc::fcntl(fd.as_raw_fd(), command, arg) };
    if result == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

/// Takes, changes or releases the lease. A read lease is refused with
/// `ErrorKind::WouldBlock` while anyone has the file open for writing.
pub fn set(fd: BorrowedFd<'_>, lease: Lease) -> io::Result<()> {
    fcntl_int(fd, libc::F_SETLEASE, lease.arg()).map(drop)
}

/// The lease held on the file through this descriptor.
pub fn get(fd: BorrowedFd<'_>) -> io::Result<Lease> {
    let kind = fcntl_int(fd, libc::F_GETLEASE, 0)?;
    Ok(match kind {
        libc::F_RDLCK => Lease::Read,
        libc::F_WRLCK => Lease::Write,
        _ => Lease::None,
    })
}

/// Which signal announces that the lease is being broken.
pub fn set_signal(fd: BorrowedFd<'_>, signal: i32) -> io::Result<()> {
    fcntl_int(fd, F_SETSIG, signal).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    /// Some file systems (overlay, NFS) refuse leases, so the test looks for one that
    /// grants them — the temporary directory, else `/dev/shm` (tmpfs always does) — and
    /// fails when none does: a test that saw no lease would prove nothing.
    #[test]
    fn a_read_lease_is_held_until_released_and_refused_to_a_writer_s_file() {
        let candidates = [std::env::temp_dir(), std::path::PathBuf::from("/dev/shm")];
        let mut refusals = Vec::new();
        for base in &candidates {
            let dir = base.join(format!("ssolint-lease-{}", std::process::id()));
            if std::fs::create_dir_all(&dir).is_err() {
                refusals.push(format!("{}: cannot create a directory", base.display()));
                continue;
            }
            let path = dir.join("f");
            std::fs::write(&path, "x").unwrap();
            let reader = std::fs::File::open(&path).unwrap();
            set_signal(reader.as_fd(), SIGURG).unwrap();
            let granted = set(reader.as_fd(), Lease::Read);
            if let Ok(()) = granted {
                assert_eq!(get(reader.as_fd()).unwrap(), Lease::Read);
                set(reader.as_fd(), Lease::None).unwrap();
                assert_eq!(get(reader.as_fd()).unwrap(), Lease::None);
                let writer = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                let again = std::fs::File::open(&path).unwrap();
                let refused = set(again.as_fd(), Lease::Read).unwrap_err();
                assert_eq!(refused.kind(), io::ErrorKind::WouldBlock);
                drop(writer);
            }
            std::fs::remove_dir_all(&dir).unwrap();
            match granted {
                Ok(()) => return,
                Err(e) => refusals.push(format!("{}: {e}", base.display())),
            }
        }
        panic!("no file system here grants a read lease: {refusals:?}");
    }
}
