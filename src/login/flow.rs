//! What every sign-in flow (device code, PKCE) gets and returns: options, the outside
//! world it talks to, its outcome and its errors.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::aws::http::{CallError, Http};
use crate::login::environment;

/// How a login goes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub use_device_code: bool,
    pub no_browser: bool,
    pub redirect_port: Option<u16>,
}

/// Why a login failed, with what to do about it.
#[derive(Debug)]
pub enum LoginError {
    Call {
        during: &'static str,
        error: CallError,
    },
    Expired,
    Denied(String),
    Cancelled,
    Io(String),
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginError::Call { during, error } => {
                let hint = match error.code() {
                    Some("InvalidRequestException") => " — check sso_start_url",
                    Some("InvalidClientException") => {
                        " — the client registration is no longer valid; run the login again"
                    }
                    Some("InvalidGrantException") => {
                        " — if this follows \"Allow\" in the browser, sso_region is probably not the Identity Center's region"
                    }
                    Some("AccessDeniedException") => " — the request was denied in the browser",
                    None => {
                        " — check the network, proxy (HTTPS_PROXY) and CA bundle (AWS_CA_BUNDLE)"
                    }
                    _ => "",
                };
                write!(f, "{during} failed: {error}{hint}")
            }
            LoginError::Expired => write!(
                f,
                "the sign-in was not completed in time; run `ssolint login` again"
            ),
            LoginError::Denied(why) => write!(f, "the sign-in was refused: {why}"),
            LoginError::Cancelled => write!(f, "cancelled; the token cache was left as it was"),
            LoginError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoginError {}

pub(crate) fn call(during: &'static str) -> impl Fn(CallError) -> LoginError {
    move |error| LoginError::Call { during, error }
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Everything a login needs from outside.
pub struct Context<'a> {
    pub http: &'a Http,
    pub oidc_endpoint: &'a str,
    /// `~/.aws/sso/cache`.
    pub cache_dir: PathBuf,
    /// Where progress lines go (stdout for the CLI; tests capture it).
    pub out: &'a mut dyn std::io::Write,
}

/// What a login produced.
#[derive(Debug)]
pub struct Outcome {
    pub token_path: PathBuf,
    /// Another login for the same session finished while this one waited: its token is used.
    pub reused: bool,
    pub flow: &'static str,
}

/// Opens a URL in the user's browser (`wslview` on WSL, `$BROWSER` honoured); failures are
/// not fatal: the URL is printed anyway.
pub fn open_browser(url: &str) -> bool {
    if environment::is_wsl()
        && std::process::Command::new("wslview")
            .arg(url)
            .status()
            .is_ok_and(|s| s.success())
    {
        return true;
    }
    webbrowser::open(url).is_ok()
}
