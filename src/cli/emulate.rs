//! `ssolint emulate`: a local IAM Identity Center (OIDC, portal, STS) on one loopback port.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::{EXIT_ERROR, write_stdout};
use crate::emulator::org::{OrgFile, default_org};
use crate::emulator::{Emulator, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on: `HOST:PORT`, where HOST may be `localhost`. The default port is
    /// fixed, so the printed exports stay valid when the emulator restarts; port 0: any free
    /// port.
    #[arg(long, default_value = DEFAULT_LISTEN, value_name = "HOST:PORT", value_parser = parse_listen)]
    pub listen: SocketAddr,
    /// The organisations to serve (TOML); default: the built-in org (see the README).
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Approve device codes and authorizations at once, without a browser.
    #[arg(long)]
    pub auto_approve: bool,
    /// Listen on an address other than loopback.
    #[arg(long)]
    pub allow_remote: bool,
}

/// The default address: loopback and a fixed port.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:47555";

/// `HOST:PORT` as an address: an IP address, or a host name (`localhost`) resolved, loopback
/// preferred.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    if let Ok(address) = text.parse::<SocketAddr>() {
        return Ok(address);
    }
    let (host, port) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("`{text}` is not HOST:PORT"))?;
    let port: u16 = port
        .parse()
        .map_err(|_| format!("`{port}` is not a port number"))?;
    if host.eq_ignore_ascii_case("localhost") {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    use std::net::ToSocketAddrs;
    let addresses: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve `{host}`: {e}"))?
        .collect();
    addresses
        .iter()
        .find(|a| a.ip().is_loopback())
        .or(addresses.first())
        .copied()
        .ok_or_else(|| format!("`{host}` resolves to no address"))
}

pub fn run(args: Args) -> u8 {
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "error: {} is not a loopback address; the emulator hands out tokens to anyone who asks, so it listens on loopback only unless --allow-remote",
            args.listen
        );
        return EXIT_ERROR;
    }
    let org = match &args.org {
        None => default_org(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| OrgFile::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(org) => org,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return EXIT_ERROR;
            }
        },
    };
    let first = org.orgs[0].clone();
    let options = Options {
        listen: args.listen,
        auto_approve: args.auto_approve,
        log_requests: true,
        ..Options::default()
    };
    let mut emulator = match Emulator::start(org, options) {
        Ok(e) => e,
        Err(e) => {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                " (another emulator may be running; `--listen 127.0.0.1:0` takes any free port)"
            } else {
                ""
            };
            eprintln!("error: cannot listen on {}: {e}{hint}", args.listen);
            return EXIT_ERROR;
        }
    };
    let url = emulator.url().to_string();
    // The banner is for whoever reads it; the emulator serves whether or not anyone does.
    let _ = write_stdout(|out| {
        writeln!(out, "export AWS_ENDPOINT_URL_SSO_OIDC={url}")?;
        writeln!(out, "export AWS_ENDPOINT_URL_SSO={url}")?;
        writeln!(out, "export AWS_ENDPOINT_URL_STS={url}")?;
        writeln!(out)?;
        writeln!(out, "# start URL: {}", first.start_url)?;
        writeln!(out, "[sso-session emulator]")?;
        writeln!(out, "sso_start_url = {}", first.start_url)?;
        writeln!(out, "sso_region = {}", first.region)?;
        writeln!(out, "sso_registration_scopes = sso:account:access")?;
        writeln!(out)?;
        writeln!(
            out,
            "# Ctrl-C stops the emulator. Requests follow, one per line."
        )
    });
    let shutdown = emulator.take_shutdown();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    runtime.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    if let Some(tx) = shutdown {
        let _ = tx.send(());
    }
    emulator.wait();
    0
}
