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
mod positions;
mod publish;
mod server;

use tower_lsp_server::{ClientSocket, LspService, Server};

pub use backend::Backend;
pub use publish::{RULE_DOCS, diagnostics};

/// The language server as a tower service and the socket its client messages go out on:
/// what [`serve_stdio`] runs, and what the in-process tests drive.
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves on stdin/stdout until the client exits.
pub fn serve_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = service();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
