//! What doctor reads of the machine, behind one trait: the clock, environment variables,
//! files, directory listings, the token cache directory's set-up and the installed AWS
//! CLI. [`System`] is the real machine; tests pass a fake, so every local check runs in
//! process with no files, no PATH and no clock of the machine's.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::files::DirState;

pub trait Environment {
    /// Seconds since the epoch, now.
    fn now(&self) -> u64;
    /// An environment variable as the AWS tools see it (`--endpoint-url` applied).
    fn var(&self, key: &str) -> Option<String>;
    /// A small file's text (`None`: missing or unreadable).
    fn read(&self, path: &Path) -> Option<String>;
    /// The entries of a directory (none when it cannot be listed).
    fn list(&self, dir: &Path) -> Vec<PathBuf>;
    /// A file's permission bits.
    fn file_mode(&self, path: &Path) -> Option<u32>;
    /// How a directory is set up (`None` when it does not exist).
    fn dir_state(&self, dir: &Path) -> Option<DirState>;
    /// Why a directory is not private to us (group- or world-writable, someone else's).
    fn unsafe_dir(&self, dir: &Path) -> Option<String>;
    /// What `aws --version` prints (`None` when there is no AWS CLI, or it hangs).
    fn aws_version_output(&self) -> Option<String>;
}

/// The real machine. `vars` is how the edge reads the environment (the CLI applies
/// `--endpoint-url` to it).
pub struct System<'e> {
    pub vars: &'e dyn Fn(&str) -> Option<String>,
}

impl Environment for System<'_> {
    fn now(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    fn var(&self, key: &str) -> Option<String> {
        (self.vars)(key)
    }

    fn read(&self, path: &Path) -> Option<String> {
        crate::workspace::read_text(path)
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries.filter_map(Result::ok).map(|e| e.path()).collect()
    }

    fn file_mode(&self, path: &Path) -> Option<u32> {
        crate::workspace::file_mode(path)
    }

    fn dir_state(&self, dir: &Path) -> Option<DirState> {
        crate::files::dir_state(dir)
    }

    fn unsafe_dir(&self, dir: &Path) -> Option<String> {
        crate::files::check_private_dir(dir)
            .err()
            .map(|e| e.to_string())
    }

    /// Runs `aws --version`, bounded to a few seconds.
    fn aws_version_output(&self) -> Option<String> {
        let mut child = std::process::Command::new("aws")
            .arg("--version")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = child.kill();
                    return None;
                }
            }
        }
        let output = child.wait_with_output().ok()?;
        Some(
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    }
}
