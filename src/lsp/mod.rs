//! `ssolint lsp`: the analysis served over the Language Server Protocol (tower-lsp-server,
//! the maintained fork of tower-lsp: same model, fixes still land). Diagnostics on open and
//! change, quick fixes, suppressions and "migrate this file", hover, completion, go to
//! definition, references, rename, document symbols. Nothing but protocol on stdout.
//!
//! Layout, each module importing only those before it: `analysis` (pure answers for a text
//! and an offset) ← `positions` (conversions) ← `publish` (what is published, pure) ←
//! `backend` (documents and settings) ← `actions` (code actions) ← `server` (the
//! dispatcher) ← this facade.

mod actions;
pub mod analysis;
mod backend;
pub mod framing;
mod positions;
mod publish;
mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tower_lsp_server::{ClientSocket, LspService, Server};

pub use backend::Backend;
pub use publish::{
    DiagnosticForm, Finding, PUSH_LIMIT, Published, RULE_DOCS, analyse, diagnostics, pushed, to_lsp,
};
pub use server::OUTLINE_LIMIT;

/// The language server as a tower service and the socket its client messages go out on:
/// what [`serve_stdio`] runs, and what the in-process tests drive.
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves on stdin/stdout until the client exits (or stdin ends). Returns whether the
/// client asked for `shutdown` first (the process's exit status is 1 when not, as the
/// protocol says). Everything the client sends passes [`framing::guard`] first.
pub fn serve_stdio() -> std::io::Result<bool> {
    crate::workers::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let clean = runtime.block_on(async {
        let shut_down = Arc::new(AtomicBool::new(false));
        let flag = shut_down.clone();
        let (service, socket) =
            LspService::new(move |client| Backend::with_shutdown_flag(client, flag));
        let (to_server, server_input) = tokio::io::duplex(1 << 16);
        let (server_output, from_server) = tokio::io::duplex(1 << 16);
        let (replies, mut outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
        // One writer owns stdout: the server's frames and the guard's errors never mix.
        let writer = tokio::spawn(async move {
            let mut stdout = tokio::io::stdout();
            while let Some(frame) = outgoing.recv().await {
                if stdout.write_all(&frame).await.is_err() || stdout.flush().await.is_err() {
                    break;
                }
            }
        });
        let guard = tokio::spawn(framing::guard(
            tokio::io::stdin(),
            to_server,
            replies.clone(),
        ));
        let pump = tokio::spawn(framing::frames(from_server, replies));
        Server::new(server_input, server_output, socket)
            .serve(service)
            .await;
        // The server is done (exit, or the end of input): send what it wrote, then stop
        // reading the client.
        guard.abort();
        let _ = pump.await;
        let _ = writer.await;
        shut_down.load(Ordering::SeqCst)
    });
    // A read of stdin may still be blocked in a worker thread: do not wait for it.
    runtime.shutdown_background();
    Ok(clean)
}
