//! Where the shared files are and which profile is selected, as a pure function of the
//! environment, so both platforms can be tested anywhere.
//!
//! | step             | the SDKs                                             | botocore (AWS CLI v2)                          |
//! |------------------|------------------------------------------------------|------------------------------------------------|
//! | home             | `HOME`; Windows then `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH` | POSIX `HOME`; Windows `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH` (Python ≥ 3.8 ignores `HOME` there) |
//! | no home variable | the language's own idea of home (ours: the OS's)     | the password database (ours: the OS's)         |
//! | override paths   | `~` expanded when it is the first component          | `$VAR`/`${VAR}` expanded, then `~`            |
//! | profile          | `AWS_PROFILE`, else `default`                        | `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default` |

use crate::syntax::Dialect;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Platform {
    Unix,
    Windows,
}

impl Platform {
    pub const fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locations {
    pub config: String,
    pub credentials: String,
    pub profile: String,
    /// The config path came from `AWS_CONFIG_FILE`.
    pub config_from_env: bool,
    /// The credentials path came from `AWS_SHARED_CREDENTIALS_FILE`.
    pub credentials_from_env: bool,
}

/// Resolves the shared-file locations. `env` reads a variable; `os_home` is the home
/// directory the operating system reports, used only when no variable gives one.
pub fn locate(
    dialect: Dialect,
    platform: Platform,
    env: &dyn Fn(&str) -> Option<String>,
    os_home: Option<String>,
) -> Locations {
    let home = home_dir(dialect, platform, env).or(os_home);
    let sep = platform.separator();
    let default = |file: &str| match &home {
        Some(h) => format!("{}{sep}.aws{sep}{file}", h.trim_end_matches(sep)),
        None => format!("~{sep}.aws{sep}{file}"),
    };
    let from_env = |var: &str| {
        env(var)
            .filter(|v| !v.is_empty())
            .map(|v| expand(dialect, platform, &v, home.as_deref(), env))
    };
    let config = from_env("AWS_CONFIG_FILE");
    let credentials = from_env("AWS_SHARED_CREDENTIALS_FILE");
    let profile = match dialect {
        Dialect::Sdk => env("AWS_PROFILE"),
        Dialect::Botocore => env("AWS_PROFILE")
            .filter(|v| !v.is_empty())
            .or_else(|| env("AWS_DEFAULT_PROFILE")),
    }
    .filter(|v| !v.is_empty())
    .unwrap_or_else(|| "default".to_string());
    Locations {
        config_from_env: config.is_some(),
        credentials_from_env: credentials.is_some(),
        config: config.unwrap_or_else(|| default("config")),
        credentials: credentials.unwrap_or_else(|| default("credentials")),
        profile,
    }
}

fn home_dir(
    dialect: Dialect,
    platform: Platform,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let windows = || {
        var("USERPROFILE").or_else(|| match (var("HOMEDRIVE"), var("HOMEPATH")) {
            (Some(d), Some(p)) => Some(d + &p),
            _ => None,
        })
    };
    match (dialect, platform) {
        (_, Platform::Unix) => var("HOME"),
        (Dialect::Sdk, Platform::Windows) => var("HOME").or_else(windows),
        (Dialect::Botocore, Platform::Windows) => windows(),
    }
}

fn expand(
    dialect: Dialect,
    platform: Platform,
    path: &str,
    home: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> String {
    let path = match dialect {
        Dialect::Botocore => expand_vars(path, env),
        Dialect::Sdk => path.to_string(),
    };
    let Some(home) = home else { return path };
    let is_sep = |c: char| c == '/' || (platform == Platform::Windows && c == '\\');
    match path.strip_prefix('~') {
        Some("") => home.to_string(),
        Some(rest) if rest.starts_with(is_sep) => {
            let sep = platform.separator();
            let rest: Vec<&str> = rest.split(is_sep).filter(|c| !c.is_empty()).collect();
            format!(
                "{}{sep}{}",
                home.trim_end_matches(sep),
                rest.join(&sep.to_string())
            )
        }
        _ => path,
    }
}

/// Python's `os.path.expandvars` (POSIX flavour): `$NAME` and `${NAME}` are replaced
/// when set, left as written when not.
fn expand_vars(path: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        match env(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[i..i + 1 + consumed]),
        }
        rest = &rest[i + 1 + consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn tilde_and_variables_in_overrides() {
        let env = env_of(&[
            ("HOME", "/h"),
            ("AWS_CONFIG_FILE", "~/x/config"),
            ("X", "y"),
        ]);
        let l = locate(Dialect::Sdk, Platform::Unix, &env, None);
        assert_eq!(l.config, "/h/x/config");
        assert!(l.config_from_env);
        assert_eq!(
            expand_vars("$X/${X}/$UNSET/${UNSET}", &env),
            "y/y/$UNSET/${UNSET}"
        );
    }

    #[test]
    fn botocore_ignores_home_on_windows_and_reads_aws_default_profile() {
        let env = env_of(&[
            ("HOME", "C:\\h"),
            ("USERPROFILE", "C:\\u"),
            ("AWS_DEFAULT_PROFILE", "p"),
        ]);
        let l = locate(Dialect::Botocore, Platform::Windows, &env, None);
        assert_eq!(l.config, "C:\\u\\.aws\\config");
        assert_eq!(l.profile, "p");
        let l = locate(Dialect::Sdk, Platform::Windows, &env, None);
        assert_eq!(l.config, "C:\\h\\.aws\\config");
        assert_eq!(l.profile, "default");
    }
}
