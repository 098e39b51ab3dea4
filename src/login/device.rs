//! The device-code flow: print the verification URL and the code on lines of their own,
//! open the browser unless told not to, poll at `interval` (+5 s after slow_down) until the
//! user approves or the code expires.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use crate::aws::oidc::{self, Client, Grant, Tokens};
use crate::login::flow::{Context, LoginError, Options, call, open_browser};
use crate::login::target::Target;

pub fn run(
    ctx: &mut Context,
    target: &Target,
    client: &Client,
    options: &Options,
) -> Result<Tokens, LoginError> {
    let device =
        oidc::start_device_authorization(ctx.http, ctx.oidc_endpoint, client, &target.start_url)
            .map_err(call("StartDeviceAuthorization"))?;
    let out = &mut *ctx.out;
    let _ = writeln!(
        out,
        "Open this URL in a browser, sign in, and confirm the code:"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", device.verification_uri_complete);
    let _ = writeln!(out);
    let _ = writeln!(out, "Code: {}", device.user_code);
    let _ = out.flush();
    if !options.no_browser {
        open_browser(&device.verification_uri_complete);
    }
    let deadline = Instant::now() + Duration::from_secs(device.expires_in);
    let mut interval = device.interval.max(1);
    let spinner = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let result = loop {
        if let Some(bar) = &spinner {
            let left = deadline.saturating_duration_since(Instant::now()).as_secs();
            bar.set_message(format!(
                "Waiting for approval ({}:{:02} left)",
                left / 60,
                left % 60
            ));
        }
        std::thread::sleep(Duration::from_secs(interval));
        match oidc::create_token(
            ctx.http,
            ctx.oidc_endpoint,
            client,
            Grant::DeviceCode(&device.device_code),
        ) {
            Ok(tokens) => break Ok(tokens),
            Err(e) => match e.code() {
                Some("AuthorizationPendingException") => continue,
                Some("SlowDownException") => {
                    interval += 5;
                    continue;
                }
                Some("ExpiredTokenException") => break Err(LoginError::Expired),
                Some("AccessDeniedException") => {
                    break Err(LoginError::Denied(
                        "the request was denied in the browser".into(),
                    ));
                }
                _ => break Err(call("CreateToken")(e)),
            },
        }
    };
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    result
}
