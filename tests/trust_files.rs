//! Never lose data: the write protocol of `ssolint::files` and the commands that use it,
//! under races, planted links, hard links, read-only files, other users' files, and inputs
//! that are not files (FIFOs, devices, `/dev/stdin`).

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ssolint::files::{self, WriteError};

fn ssolint(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ssolint"));
    command
        .args(args)
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env("HOME", "/nonexistent");
    command
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const LEGACY: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n";

#[test]
fn refuses_when_the_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    fs::write(&path, "[default]\nregion = us-east-1\n").unwrap();
    let err =
        files::replace(&path, b"[default]\nregion = eu-west-1\n", b"[default]\n").unwrap_err();
    assert!(matches!(err, WriteError::Changed { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[default]\nregion = us-east-1\n"
    );
    assert_eq!(listing(dir.path()), ["config"], "no backup, no debris");
}

#[test]
fn backups_are_numbered_and_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    fs::write(&path, "one\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    // A backup the user made themselves under our name is kept too.
    fs::write(dir.path().join("config.ssolint.bak"), "the user's\n").unwrap();
    let first = files::replace(&path, b"one\n", b"two\n").unwrap();
    let second = files::replace(&path, b"two\n", b"three\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "three\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("config.ssolint.bak")).unwrap(),
        "the user's\n"
    );
    assert_eq!(first.backup, dir.path().join("config.ssolint.bak.2"));
    assert_eq!(fs::read_to_string(&first.backup).unwrap(), "one\n");
    assert_eq!(second.backup, dir.path().join("config.ssolint.bak.3"));
    assert_eq!(fs::read_to_string(&second.backup).unwrap(), "two\n");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o7777,
        0o640,
        "mode kept exactly"
    );
    assert_eq!(
        listing(dir.path()),
        [
            "config",
            "config.ssolint.bak",
            "config.ssolint.bak.2",
            "config.ssolint.bak.3"
        ],
        "no temporary files left"
    );
}

#[test]
fn a_symlink_the_user_named_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles");
    fs::create_dir(&real).unwrap();
    fs::write(real.join("config"), "a\n").unwrap();
    let link = dir.path().join("config");
    std::os::unix::fs::symlink(real.join("config"), &link).unwrap();
    let written = files::replace(&link, b"a\n", b"b\n").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(real.join("config")).unwrap(), "b\n");
    assert_eq!(written.backup, real.join("config.ssolint.bak"));
}

#[test]
fn hard_linked_and_read_only_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    fs::write(&path, "a\n").unwrap();
    fs::hard_link(&path, dir.path().join("other-name")).unwrap();
    let err = files::replace(&path, b"a\n", b"b\n").unwrap_err();
    assert!(
        matches!(err, WriteError::HardLinked { links: 2, .. }),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("other-name")).unwrap(),
        "a\n"
    );
    fs::remove_file(dir.path().join("other-name")).unwrap();

    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = files::replace(&path, b"a\n", b"b\n").unwrap_err();
    assert!(
        matches!(err, WriteError::ReadOnly { mode: 0o444, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "a\n");
    assert_eq!(listing(dir.path()), ["config"]);
}

/// The lost-update race: another program appends a line while ssolint replaces the file.
/// Every appended line must end up in the file, or the write must be refused.
#[test]
fn no_update_is_lost_to_a_concurrent_appender() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let base: String = (0..2_000)
        .map(|i| format!("[profile p{i}]\nregion = us-east-1\n"))
        .collect();
    let (mut written, mut refused, mut lost) = (0, 0, 0);
    let races = 1_000;
    // Calibrate: spread the appends over twice the time one write takes.
    let new_text = base.replace("us-east-1", "eu-west-1");
    fs::write(&path, &base).unwrap();
    let started = Instant::now();
    files::replace(&path, base.as_bytes(), new_text.as_bytes()).unwrap();
    let window = (started.elapsed().as_micros() as u64 * 2).max(50);
    for round in 0..races {
        fs::write(&path, &base).unwrap();
        let line = format!("# appended {round}\n");
        let barrier = Arc::new(Barrier::new(2));
        let appender = {
            let (path, line, barrier) = (path.clone(), line.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                // Spread the append over the whole write.
                let spin = Instant::now() + Duration::from_micros(round as u64 * 7_919 % window);
                while Instant::now() < spin {}
                let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
                // Every other round the appender is "descheduled" between its open and its
                // write: the write then lands in the file it opened, which may already be
                // the old one.
                if round % 2 == 1 {
                    let pause =
                        Instant::now() + Duration::from_micros(round as u64 * 3_571 % window);
                    while Instant::now() < pause {}
                }
                f.write_all(line.as_bytes()).unwrap();
            })
        };
        barrier.wait();
        let result = files::replace(&path, base.as_bytes(), new_text.as_bytes());
        appender.join().unwrap();
        let now = fs::read_to_string(&path).unwrap();
        match result {
            Ok(_) => {
                written += 1;
                if !now.contains(&line) {
                    lost += 1;
                }
            }
            Err(WriteError::Changed { .. }) => {
                refused += 1;
                assert!(
                    now.contains(&line) && now.starts_with(&base),
                    "refused, kept"
                );
            }
            Err(e) => panic!("{e}"),
        }
        for name in listing(dir.path()) {
            if name != "config" {
                fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
    }
    eprintln!("{races} races: {written} written, {refused} refused, {lost} lost");
    assert_eq!(lost, 0, "{written} written, {refused} refused");
    assert!(written > 0 && refused > 0, "both outcomes were exercised");
}

/// Two writers with the same snapshot (two ssolint commands at once): exactly one wins,
/// the other is refused, and the winner's text is what the file holds.
#[test]
fn two_writers_never_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    for round in 0..300 {
        fs::write(&path, "base\n").unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let writers: Vec<_> = ["first\n", "second\n"]
            .into_iter()
            .map(|text| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    files::replace(&path, b"base\n", text.as_bytes()).map(|_| text)
                })
            })
            .collect();
        let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
        let winners: Vec<&str> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), winners[0]);
        for name in listing(dir.path()) {
            if name != "config" {
                fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
    }
}

/// `check --fix` and `migrate --write` on one file at once: never both reporting success
/// with one's edits lost.
#[test]
fn fix_and_migrate_racing_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    // S001 (migrate) plus a safe fix for check (S009: a session without scopes).
    let text = format!(
        "{LEGACY}[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n"
    );
    let (mut fixed, mut migrated, mut refused) = (0, 0, 0);
    for _ in 0..100 {
        fs::write(&path, &text).unwrap();
        let p = path.to_str().unwrap();
        let fix = ssolint(&["check", "--isolated", "--fix", p])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let migrate = ssolint(&["migrate", "--write", p])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let fix = fix.wait_with_output().unwrap();
        let migrate = migrate.wait_with_output().unwrap();
        let (fix_err, migrate_err) = (
            String::from_utf8_lossy(&fix.stderr),
            String::from_utf8_lossy(&migrate.stderr),
        );
        let fix_wrote = fix_err.contains("ssolint: fixed");
        let migrate_wrote = migrate_err.contains("ssolint: wrote");
        for (wrote, err) in [(fix_wrote, &fix_err), (migrate_wrote, &migrate_err)] {
            if !wrote {
                assert!(err.contains("changed since ssolint read it"), "{err}");
                refused += 1;
            }
        }
        let now = fs::read_to_string(&path).unwrap();
        // Whatever each one reported as written is in the file.
        if migrate_wrote {
            migrated += 1;
            assert!(now.contains("[sso-session"), "migration kept: {now}");
        }
        if fix_wrote {
            fixed += 1;
            assert!(now.contains("sso_registration_scopes"), "fix kept: {now}");
        }
        for name in listing(dir.path()) {
            if name != "config" {
                fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
    }
    eprintln!("100 races: {fixed} fixed, {migrated} migrated, {refused} refused");
    assert!(fixed + migrated >= 100, "each race has a winner");
}

#[test]
fn what_is_not_a_regular_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for args in [
        vec!["check", "--isolated"],
        vec!["resolve"],
        vec!["migrate"],
    ] {
        let started = Instant::now();
        let mut command = ssolint(&args);
        command.arg(&fifo);
        let out = command.output().unwrap();
        assert!(started.elapsed() < Duration::from_secs(10), "{args:?} hung");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("a FIFO, not a regular file"), "{stderr}");
    }
    let started = Instant::now();
    let out = ssolint(&["check", "--isolated", "/dev/zero"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a device, not a regular file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A regular file over the cap is refused by its size, not read.
    let big = dir.path().join("big");
    let file = fs::File::create(&big).unwrap();
    file.set_len(files::MAX_FILE_LEN + 1).unwrap();
    let err = files::read(&big).unwrap_err();
    assert!(matches!(err, files::ReadError::TooLarge { .. }), "{err}");
}

#[test]
fn migrate_write_on_dev_stdin_never_rewrites_the_redirected_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    fs::write(&path, LEGACY).unwrap();
    let out = ssolint(&["migrate", "--write", "/dev/stdin"])
        .stdin(fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&path).unwrap(), LEGACY, "left as it was");
    assert_eq!(listing(dir.path()), ["config"]);
}

/// Root writing a user's file (`sudo ssolint migrate --write ~u/.aws/config`) in a directory
/// that user controls: links planted at every name ssolint might use are never followed,
/// and the file keeps its owner, group and mode.
#[test]
fn planted_links_are_never_followed_and_owner_is_kept() {
    if !is_root() {
        eprintln!("skipped: needs root to play both users");
        return;
    }
    let (uid, gid) = (65534, 65534);
    let victim_dir = tempfile::tempdir().unwrap();
    let victim = victim_dir.path().join("root-only");
    fs::write(&victim, "root's secret\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o600)).unwrap();

    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    fs::create_dir(&aws).unwrap();
    std::os::unix::fs::chown(&aws, Some(uid), Some(gid)).unwrap();
    let config = aws.join("config");
    fs::write(&config, LEGACY).unwrap();
    std::os::unix::fs::chown(&config, Some(uid), Some(gid)).unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).unwrap();
    // The user plants links at the backup name and at the old predictable temp names.
    let me = std::process::id();
    for name in std::iter::once("config.ssolint.bak".to_string())
        .chain((me..me + 2_000).map(|pid| format!(".config.ssolint-{pid}.tmp")))
    {
        std::os::unix::fs::symlink(&victim, aws.join(&name)).unwrap();
        let _ = rustix::fs::chownat(
            rustix::fs::CWD,
            aws.join(&name).as_path(),
            Some(rustix::fs::Uid::from_raw(uid)),
            Some(rustix::fs::Gid::from_raw(gid)),
            rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
        );
    }
    let out = ssolint(&["migrate", "--write", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "root's secret\n");
    let victim_meta = fs::metadata(&victim).unwrap();
    assert_eq!(victim_meta.permissions().mode() & 0o7777, 0o600);
    assert_eq!(victim_meta.uid(), 0);
    let meta = fs::metadata(&config).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (uid, gid), "owner and group kept");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600);
    assert!(
        fs::read_to_string(&config)
            .unwrap()
            .contains("[sso-session")
    );
    let backup = aws.join("config.ssolint.bak.2");
    assert_eq!(fs::read_to_string(&backup).unwrap(), LEGACY);
    assert_eq!(fs::metadata(&backup).unwrap().uid(), uid);
}

/// The same attack by an unprivileged user on their own directory is harmless too, and
/// a file an unprivileged user cannot write is left alone.
#[test]
fn an_unprivileged_user_writes_only_what_they_may() {
    if !is_root() {
        eprintln!("skipped: needs root to become another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let config = dir.path().join("config");
    fs::write(&config, LEGACY).unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    let out = ssolint(&["migrate", "--write", config.to_str().unwrap()])
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&config).unwrap(), LEGACY);
    assert_eq!(listing(dir.path()), ["config"], "no debris");
}

/// A full disk: the new text cannot be written, so nothing changes and nothing is left
/// behind (the new file is anonymous until complete), and an earlier backup is untouched.
#[test]
fn a_full_disk_leaves_the_file_its_backups_and_no_debris() {
    if !is_root() {
        eprintln!("skipped: needs root to mount a small file system");
        return;
    }
    let mount_point = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(mount_point.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let path = mount_point.path().join("config");
        let original = "x".repeat(20_000);
        fs::write(&path, &original).unwrap();
        fs::write(
            mount_point.path().join("config.ssolint.bak"),
            "earlier backup",
        )
        .unwrap();
        let bigger = "y".repeat(60_000);
        let err = files::replace(&path, original.as_bytes(), bigger.as_bytes()).unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
        assert_eq!(
            fs::read_to_string(mount_point.path().join("config.ssolint.bak")).unwrap(),
            "earlier backup"
        );
        assert_eq!(
            listing(mount_point.path()),
            ["config", "config.ssolint.bak"]
        );
    });
    let _ = Command::new("umount").arg(mount_point.path()).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// `migrate --write` killed (SIGKILL) at random moments: the file is always the whole old
/// text or the whole new one, a backup is always the whole old text, and no partial
/// temporary file is left.
#[test]
fn sigkill_at_any_moment_leaves_old_or_new_and_no_debris() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let original: String = (0..6_000)
        .map(|i| {
            format!("[profile p{i}]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n")
        })
        .collect();
    let plan = ssolint::fix::migrate::plan(&original, &Default::default()).unwrap();
    let migrated = ssolint::fix::migrate::apply(&original, &plan);
    let (mut old, mut new) = (0, 0);
    for round in 0..60u64 {
        fs::write(&path, &original).unwrap();
        let mut child = ssolint(&["migrate", "--write", path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(round * 7_919 % 250_000));
        let _ = child.kill();
        let _ = child.wait();
        let now = fs::read_to_string(&path).unwrap();
        if now == original {
            old += 1;
        } else {
            assert_eq!(
                now, migrated,
                "round {round}: neither the old nor the new text"
            );
            new += 1;
        }
        for name in listing(dir.path()) {
            match name.as_str() {
                "config" => {}
                "config.ssolint.bak" => {
                    assert_eq!(
                        fs::read_to_string(dir.path().join(&name)).unwrap(),
                        original
                    );
                    fs::remove_file(dir.path().join(&name)).unwrap();
                }
                other => panic!("round {round}: debris {other}"),
            }
        }
    }
    eprintln!("60 kills: {old} left the old text, {new} the new one");
}
