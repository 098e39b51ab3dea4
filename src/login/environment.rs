//! When a browser cannot complete the loopback redirect of the PKCE flow: an SSH session
//! (the browser runs elsewhere), Linux without a display, a container.

/// Why PKCE would fail here, if it would; `env` reads an environment variable.
pub fn browser_cannot_redirect(env: &dyn Fn(&str) -> Option<String>) -> Option<&'static str> {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    if set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT") {
        return Some(
            "this is an SSH session, and a browser on your own machine cannot reach this machine's loopback redirect",
        );
    }
    if in_container(env) {
        return Some("this is a container, whose loopback a browser outside it cannot reach");
    }
    if cfg!(target_os = "linux") && !set("DISPLAY") && !set("WAYLAND_DISPLAY") && !is_wsl() {
        return Some(
            "there is no display to open a browser on (DISPLAY and WAYLAND_DISPLAY are unset)",
        );
    }
    None
}

fn in_container(env: &dyn Fn(&str) -> Option<String>) -> bool {
    env("container").is_some()
        || std::path::Path::new("/.dockerenv").exists()
        || std::path::Path::new("/run/.containerenv").exists()
}

/// Windows Subsystem for Linux (the browser is Windows'; `wslview` opens it).
pub fn is_wsl() -> bool {
    cfg!(target_os = "linux")
        && std::fs::read_to_string("/proc/version")
            .is_ok_and(|v| v.to_ascii_lowercase().contains("microsoft"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_sessions_use_the_device_code() {
        let ssh = |k: &str| (k == "SSH_CONNECTION").then(|| "10.0.0.1 22 10.0.0.2 22".to_string());
        assert!(browser_cannot_redirect(&ssh).unwrap().contains("SSH"));
    }
}
