//! `ssolint emulate`: a local IAM Identity Center — SSO OIDC, the SSO portal and STS
//! GetCallerIdentity on one loopback port — that the unmodified AWS SDKs accept. Wire shapes,
//! error codes and headers follow `shared/reference/botocore-semantics.md` §7.
//!
//! Layout: [`org`] (what is served), [`state`] (the protocol state machines, no I/O), and
//! one file per service turning HTTP into state calls and back ([`oidc`], [`portal`],
//! [`sts`]). [`Emulator`] runs it on a background thread for tests and for the CLI.

pub mod oidc;
pub mod org;
pub mod portal;
pub mod state;
pub mod sts;
pub mod wire;

pub use wire::{ErrorCode, Service, Shared, empty_ok, http_date, json_error, lock, now};

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State as Extract};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use rand::RngExt;

use org::{Faults, OrgFile};
use state::{AwsError, RequestRecord, State};

/// Options of a running emulator.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    pub auto_approve: bool,
    /// Print one line per request (method, path, status, error code: never a secret).
    pub log_requests: bool,
    /// A connection that has not sent a request's headers within this time is closed (a
    /// client that connects and says nothing must not hold a task forever).
    pub header_read_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            auto_approve: false,
            log_requests: false,
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// The HTTP application.
pub fn router(shared: Shared, log_requests: bool) -> Router {
    Router::new()
        .route("/client/register", post(oidc::register_client))
        .route(
            "/device_authorization",
            post(oidc::start_device_authorization),
        )
        .route("/token", post(oidc::create_token))
        .route(
            "/authorize",
            get(oidc::authorize).post(oidc::approve_authorization),
        )
        .route("/device", get(oidc::device_page).post(oidc::approve_device))
        .route("/assignment/accounts", get(portal::list_accounts))
        .route("/assignment/roles", get(portal::list_account_roles))
        .route("/federation/credentials", get(portal::get_role_credentials))
        .route("/logout", post(portal::logout))
        .route("/", post(sts::handle).get(oidc::home))
        .layer(middleware::from_fn_with_state(
            (shared.clone(), log_requests),
            faults_and_log,
        ))
        .with_state(shared)
}

/// Applies faults (latency, errors, clock offset) and records each request.
async fn faults_and_log(
    Extract((shared, log_requests)): Extract<(Shared, bool)>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let service = Service::of(&method, &path);
    let faults: Faults = lock(&shared).faults.clone();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let roll: f64 = rand::rng().random();
    let injected = if roll < faults.server_error_rate {
        Some(AwsError::new(
            "InternalServerException",
            500,
            "Injected server error",
        ))
    } else if roll < faults.server_error_rate + faults.throttle_rate {
        Some(AwsError::new(
            "TooManyRequestsException",
            429,
            "Injected throttling",
        ))
    } else {
        None
    };
    let mut response = match injected {
        Some(error) if service == Service::Sts => {
            sts::error_response(sts::StsError::from_injected(error))
        }
        Some(error) => json_error(service, error),
        None => next.run(request).await,
    };
    if faults.date_offset_secs != 0 {
        let skewed = now().saturating_add_signed(faults.date_offset_secs);
        if let Ok(value) = HeaderValue::from_str(&http_date(skewed)) {
            response.headers_mut().insert(header::DATE, value);
        }
    }
    let record = RequestRecord {
        method: method.to_string(),
        path,
        status: response.status().as_u16(),
        error: response
            .extensions()
            .get::<ErrorCode>()
            .map(|e| e.0.to_string()),
    };
    if log_requests {
        println!(
            "{} {} {}{}",
            record.method,
            record.path,
            record.status,
            record
                .error
                .as_deref()
                .map(|e| format!(" {e}"))
                .unwrap_or_default()
        );
    }
    lock(&shared).requests.push(record);
    response
}

/// A running emulator (background thread with its own runtime). Stops when dropped.
pub struct Emulator {
    url: String,
    shared: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Accepts connections until `stop` fires, serving each over HTTP/1 with a header-read
/// timeout.
async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                Err(_) => continue,
            },
            _ = &mut stop => return,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

impl Emulator {
    /// Binds `options.listen` (port 0: any free port) and serves until stopped.
    pub fn start(org: OrgFile, options: Options) -> std::io::Result<Emulator> {
        let shared: Shared = Arc::new(Mutex::new(State::new(org, options.auto_approve)));
        let listener = std::net::TcpListener::bind(options.listen)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(shared.clone(), options.log_requests);
        let header_timeout = options.header_read_timeout;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("ssolint-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("a bound non-blocking listener");
                    serve(listener, app, header_timeout, rx).await;
                });
            })?;
        Ok(Emulator {
            url: format!("http://{address}"),
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The base URL of all three services.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }

    /// Approves the pending device code with this user code, as the user would.
    pub fn approve_device(&self, user_code: &str) -> bool {
        self.state().approve_device(user_code, None)
    }

    pub fn set_faults(&self, faults: Faults) {
        self.state().faults = faults;
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state().requests.clone()
    }

    /// Blocks until the server stops (for the CLI; the server stops on `stop`).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// A sender that stops the server (for a Ctrl-C handler).
    pub fn take_shutdown(&mut self) -> Option<tokio::sync::oneshot::Sender<()>> {
        self.shutdown.take()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}
