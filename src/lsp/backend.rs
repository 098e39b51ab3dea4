//! The server's state: the open documents (each with what surrounds it on disk), the
//! negotiated encoding, the editor's settings, and publishing a document's findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use crate::lint::settings::{Settings, SettingsFile};
use crate::model::FileKind;
use crate::workspace;

use crate::lsp::analysis::{Analysis, Parsed};
use crate::lsp::positions::{Positions, kind_of, path_of};
use crate::lsp::publish::{DiagnosticForm, Published, analyse, pushed, shown_alike};

#[derive(Clone)]
pub(crate) struct Document {
    /// Shared, not copied: every request takes the document out of the lock, and a
    /// 10 000-profile text is 2 MB.
    pub(crate) text: Arc<str>,
    pub(crate) kind: FileKind,
    /// The other file of the pair and the settings, read from disk when the document is
    /// opened or saved — not on every keystroke. When the other file is open in the
    /// editor too, its text there counts instead (`companion_uri`).
    pub(crate) companion: Option<Arc<str>>,
    pub(crate) companion_uri: Option<Uri>,
    /// The file's permission bits on disk (C004), read with the companion.
    pub(crate) mode: Option<u32>,
    pub(crate) settings: Settings,
    /// What is wrong with the settings that apply, to be shown (`settings` are then the
    /// defaults).
    pub(crate) settings_error: Option<String>,
    /// The editor's version of the text.
    pub(crate) version: i32,
    /// The analysis of this very text (`None` until one is made): what code actions take
    /// fixes from.
    pub(crate) published: Option<Arc<Published>>,
    /// The analysis whose diagnostics were last pushed for this document: an edit that
    /// leaves them as they were (typing inside a value, mostly) pushes nothing, instead of
    /// all of them again (10 MB on 10 000 findings).
    pub(crate) pushed: Option<Arc<Published>>,
    /// What a text parses to, once a request needs it, with the text it is of: it counts
    /// only while that is still the document's text.
    pub(crate) parsed: Option<(Arc<str>, Parsed)>,
}

/// What the client said it can do, in `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ClientCapabilities {
    /// Positions in UTF-8 (else UTF-16, the LSP default).
    pub(crate) utf8: bool,
    /// It answers `workspace/configuration`.
    pub(crate) configuration: bool,
    /// It resolves a code action's `edit` lazily (`codeAction/resolve`).
    pub(crate) resolves_edits: bool,
    /// It takes versioned `documentChanges` in workspace edits.
    pub(crate) versioned_edits: bool,
    /// It pulls diagnostics (`textDocument/diagnostic`) and re-pulls every document's when
    /// asked (`workspace/diagnostic/refresh`): nothing is pushed to it.
    pub(crate) pulls_diagnostics: bool,
    /// The parts of a diagnostic it takes when they are pushed.
    pub(crate) diagnostic_form: DiagnosticForm,
    /// It keeps pushed diagnostics by line and column, moving them with the edits, so an
    /// edit that leaves the findings as they were needs no push. Known only of the clients
    /// named in [`KEEPS_POSITIONS`]: Eglot converts them to buffer offsets once and reports
    /// those again after an edit, so they drift unless every edit brings a new push.
    pub(crate) keeps_positions: bool,
    /// It watches files for the server when asked (`workspace/didChangeWatchedFiles`
    /// registered dynamically).
    pub(crate) watches_files: bool,
}

pub struct Backend {
    pub(crate) client: Client,
    pub(crate) documents: Mutex<HashMap<Uri, Document>>,
    pub(crate) capabilities: Mutex<ClientCapabilities>,
    /// Set by `shutdown`: `exit` without it is an error exit.
    pub(crate) shut_down: Arc<AtomicBool>,
    /// The settings mistake last shown (each is shown once).
    pub(crate) shown_settings_error: Mutex<Option<String>>,
    /// How many analyses were made (each one's id).
    pub(crate) analyses: AtomicU64,
    /// From `initializationOptions` / `workspace/configuration` (`None` until the editor
    /// sends any).
    pub(crate) options: Mutex<Option<SettingsFile>>,
}

/// The clients (`clientInfo.name`) known to keep pushed diagnostics by line and column.
pub(crate) const KEEPS_POSITIONS: [&str; 2] = ["Neovim", "helix"];

/// How many times an edit's analysis lets the rest of a burst arrive first.
const BURST_TURNS: usize = 8;

/// How long the editor gets to answer `workspace/configuration`.
const CONFIGURATION_PATIENCE: Duration = Duration::from_secs(5);

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend::with_shutdown_flag(client, Arc::new(AtomicBool::new(false)))
    }

    /// A backend that sets `shut_down` when the client asks for `shutdown`.
    pub fn with_shutdown_flag(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        Backend {
            shut_down,
            analyses: AtomicU64::new(1),
            shown_settings_error: Mutex::new(None),
            client,
            documents: Mutex::new(HashMap::new()),
            capabilities: Mutex::new(ClientCapabilities::default()),
            options: Mutex::new(None),
        }
    }

    pub(crate) fn document(&self, uri: &Uri) -> Option<Document> {
        self.with_document(uri, Document::clone)
    }

    /// `f` of the open document, without copying it (its text can be megabytes: the
    /// per-keystroke path reads versions and names this way).
    pub(crate) fn with_document<T>(&self, uri: &Uri, f: impl FnOnce(&Document) -> T) -> Option<T> {
        self.documents.lock().ok()?.get(uri).map(f)
    }

    pub(crate) fn capabilities(&self) -> ClientCapabilities {
        self.capabilities.lock().map(|c| *c).unwrap_or_default()
    }

    pub(crate) fn utf8(&self) -> bool {
        self.capabilities().utf8
    }

    /// The settings for a document: the project's `ssolint.toml` upward from it, else the
    /// editor's, else the user's settings file (the CLI's order, with the editor's settings
    /// before the user-wide file).
    /// A mistake in them (a file that does not parse, a rule that does not exist) is
    /// returned to be shown to the user, with the defaults in force meanwhile — never a
    /// silent reset.
    pub(crate) fn settings(&self, path: Option<&Path>) -> (Settings, Option<String>) {
        let from_file = |path: PathBuf| -> Result<Settings, String> {
            let loaded = workspace::load_settings(&path).map_err(|e| e.to_string())?;
            loaded.settings(None, &[]).map_err(|e| e.to_string())
        };
        let project = path
            .and_then(Path::parent)
            .and_then(workspace::project_settings);
        let chosen = match project {
            Some(file) => from_file(file),
            None => match self.options.lock().ok().and_then(|o| o.clone()) {
                Some(editor) => Settings::new(&editor, None, &[])
                    .map_err(|e| format!("the editor's ssolint settings: {e}")),
                None => match workspace::user_settings_path().filter(|p| p.is_file()) {
                    Some(user) => from_file(user),
                    None => Ok(Settings::default()),
                },
            },
        };
        match chosen {
            Ok(settings) => (settings, None),
            Err(message) => (
                Settings::default(),
                Some(crate::model::redact::controls(&format!("ssolint: {message}")).into_owned()),
            ),
        }
    }

    /// Shows a settings mistake once (until it changes).
    pub(crate) async fn report_settings(&self, uri: &Uri) {
        let Some(message) = self
            .with_document(uri, |d| d.settings_error.clone())
            .flatten()
        else {
            return;
        };
        let new = match self.shown_settings_error.lock() {
            Ok(mut shown) if shown.as_deref() != Some(message.as_str()) => {
                *shown = Some(message.clone());
                true
            }
            _ => false,
        };
        if new {
            self.client.show_message(MessageType::ERROR, message).await;
        }
    }

    /// A document with what surrounds it on disk.
    pub(crate) fn load(&self, uri: &Uri, text: Arc<str>, version: i32) -> Document {
        let kind = kind_of(uri);
        let path = path_of(uri);
        let companion = path.as_deref().map(|p| workspace::companion(p, kind));
        let (settings, settings_error) = self.settings(path.as_deref());
        Document {
            companion: companion
                .as_deref()
                .and_then(workspace::read_text)
                .map(Arc::from),
            companion_uri: companion.and_then(Uri::from_file_path),
            mode: path.as_deref().and_then(workspace::file_mode),
            settings,
            settings_error,
            text,
            kind,
            version,
            published: None,
            pushed: None,
            parsed: None,
        }
    }

    /// The analysis of the document's current text: the stored one when it is of this
    /// version, else a new one (stored for the next request).
    pub(crate) fn current(&self, uri: &Uri) -> Option<(Document, Arc<Published>)> {
        let doc = self.document(uri)?;
        if let Some(published) = &doc.published {
            return Some((doc.clone(), published.clone()));
        }
        let mut analysis = self.analyse(&doc);
        analysis.id = self.analyses.fetch_add(1, Ordering::Relaxed);
        // The analysis's tree serves this text's requests too.
        let parsed = analysis.parsed.take();
        let published = Arc::new(analysis);
        if let Ok(mut docs) = self.documents.lock()
            && let Some(stored) = docs.get_mut(uri)
            && stored.version == doc.version
            && Arc::ptr_eq(&stored.text, &doc.text)
        {
            stored.published = Some(published.clone());
            let kept = matches!(&stored.parsed, Some((text, _)) if Arc::ptr_eq(text, &doc.text));
            if let (false, Some(parsed)) = (kept, parsed) {
                stored.parsed = Some((doc.text.clone(), parsed));
            }
        }
        Some((doc, published))
    }

    /// The analysis of the document's text for requests: parsed once per text, kept until
    /// the text changes.
    pub(crate) fn analysis<'d>(&self, uri: &Uri, doc: &'d Document) -> Analysis<'d> {
        let parsed = match &doc.parsed {
            Some((text, parsed)) if Arc::ptr_eq(text, &doc.text) => parsed.clone(),
            _ => {
                let parsed = Parsed::new(&doc.text);
                if let Ok(mut docs) = self.documents.lock()
                    && let Some(stored) = docs.get_mut(uri)
                    && Arc::ptr_eq(&stored.text, &doc.text)
                {
                    stored.parsed = Some((doc.text.clone(), parsed.clone()));
                }
                parsed
            }
        };
        Analysis::of(&doc.text, doc.kind, parsed)
    }

    /// A panic in the analysis must not take the server down: it publishes nothing for this
    /// version and keeps serving.
    fn analyse(&self, doc: &Document) -> Published {
        let utf8 = self.utf8();
        // The two files are one configuration: the other one as the editor has it, when
        // it is open there, else as it is on disk.
        let open_companion = doc
            .companion_uri
            .as_ref()
            .and_then(|other| {
                self.with_document(other, |o| (o.kind != doc.kind).then(|| o.text.clone()))
            })
            .flatten();
        let companion = open_companion.as_deref().or(doc.companion.as_deref());
        guarded(|| {
            analyse(
                &doc.text,
                doc.kind,
                companion,
                doc.mode,
                &doc.settings,
                utf8,
            )
        })
    }

    /// Publishes the document, then the other file of its pair when that is open too (its
    /// findings depend on this one's text).
    pub(crate) async fn publish_pair(&self, uri: Uri) {
        self.report_settings(&uri).await;
        let companion = self
            .with_document(&uri, |d| d.companion_uri.clone())
            .flatten();
        self.publish(uri).await;
        let Some(other) = companion else {
            return;
        };
        let open = match self.documents.lock() {
            Ok(mut docs) => docs
                .get_mut(&other)
                .map(|doc| doc.published = None)
                .is_some(),
            Err(_) => false,
        };
        if open {
            self.publish(other).await;
        }
    }

    /// Reads again what surrounds every open document on disk (the other file, the
    /// settings, the mode) and publishes them all: a watched file changed.
    pub(crate) async fn reload_all(&self) {
        let open: Vec<(Uri, Arc<str>, i32)> = self
            .documents
            .lock()
            .map(|docs| {
                docs.iter()
                    .map(|(u, d)| (u.clone(), d.text.clone(), d.version))
                    .collect()
            })
            .unwrap_or_default();
        for (uri, text, version) in open {
            let doc = self.load(&uri, text, version);
            if let Ok(mut docs) = self.documents.lock() {
                docs.insert(uri.clone(), doc);
            }
            self.report_settings(&uri).await;
            self.publish(uri).await;
        }
    }

    /// Publishes version `version` of the document, unless a newer version arrives first:
    /// it yields once, so that the rest of a burst of edits is stored before it analyses,
    /// and then only the newest text is analysed (a burst costs one analysis, not one per
    /// keystroke).
    pub(crate) async fn publish_latest(&self, uri: Uri, version: i32) {
        // A few turns of the scheduler: the guard, the pipe and the server's reader each
        // take one to bring in the next message of a burst.
        for _ in 0..BURST_TURNS {
            tokio::task::yield_now().await;
            if self.with_document(&uri, |d| d.version) != Some(version) {
                return;
            }
        }
        self.publish_pair(uri).await;
    }

    pub(crate) async fn publish(&self, uri: Uri) {
        let capabilities = self.capabilities();
        if capabilities.pulls_diagnostics {
            // The client asks when it wants them; tell it they changed.
            let _ = self.client.workspace_diagnostic_refresh().await;
            return;
        }
        let Some((doc, published)) = self.current(&uri) else {
            return;
        };
        let unchanged = capabilities.keeps_positions
            && doc
                .pushed
                .as_ref()
                .is_some_and(|pushed| shown_alike(&pushed.findings, &published.findings));
        if unchanged {
            return;
        }
        if let Ok(mut docs) = self.documents.lock()
            && let Some(stored) = docs.get_mut(&uri)
        {
            stored.pushed = Some(published.clone());
        }
        let diagnostics = pushed(&published.findings, &uri, capabilities.diagnostic_form);
        self.client
            .publish_diagnostics(uri, diagnostics, Some(doc.version))
            .await;
    }

    /// Runs `f` on the document's analysis at a position (`None` when the document is not
    /// open or `f` finds nothing; a panic inside `f` is contained).
    pub(crate) fn at<T: Default>(
        &self,
        uri: &Uri,
        position: Position,
        f: impl FnOnce(&Analysis, &Positions, usize) -> T,
    ) -> T {
        self.at_in(uri, position, false, |analysis, positions, offset, _| {
            f(analysis, positions, offset)
        })
    }

    /// [`Backend::at`] with the other file of the pair in the analysis (its
    /// `companion`), and that file's URI to `f`: for the requests about profile names,
    /// which either file may define.
    pub(crate) fn at_pair<T: Default>(
        &self,
        uri: &Uri,
        position: Position,
        f: impl FnOnce(&Analysis, &Positions, usize, Option<&Uri>) -> T,
    ) -> T {
        self.at_in(uri, position, true, f)
    }

    fn at_in<T: Default>(
        &self,
        uri: &Uri,
        position: Position,
        pair: bool,
        f: impl FnOnce(&Analysis, &Positions, usize, Option<&Uri>) -> T,
    ) -> T {
        let Some(doc) = self.document(uri) else {
            return T::default();
        };
        // The other file as the editor has it when it is open there, else as on disk.
        let open_other = doc
            .companion_uri
            .as_ref()
            .filter(|_| pair)
            .and_then(|other| self.document(other).filter(|o| o.kind != doc.kind));
        let utf8 = self.utf8();
        guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            let offset = positions.offset(position);
            let companion = match (&open_other, &doc.companion_uri) {
                (Some(other), Some(other_uri)) => Some(self.analysis(other_uri, other)),
                _ if pair => doc
                    .companion
                    .as_deref()
                    .map(|text| Analysis::new(text, doc.kind.other())),
                _ => None,
            };
            let analysis = self.analysis(uri, &doc).with_companion(companion);
            f(&analysis, &positions, offset, doc.companion_uri.as_ref())
        })
    }

    /// The `ssolint` section of the editor's own configuration, when it offers one.
    /// Asked only of clients that said they answer, and given up after a while: a client
    /// that never answers must not hold the server (or its shutdown) forever.
    pub(crate) async fn pull_configuration(&self) -> Option<Value> {
        if !self.capabilities().configuration {
            return None;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("ssolint".into()),
        }];
        let answer = tokio::time::timeout(CONFIGURATION_PATIENCE, self.client.configuration(items));
        let values = answer.await.ok()?.ok()?;
        values.into_iter().next().filter(|v| !v.is_null())
    }

    /// Settings from the editor (`ssolint.toml` next to a file still wins for that file).
    ///
    /// Two shapes are taken: `ssolint.toml`'s keys themselves (`{"ignore": [...]}`), or the
    /// VS Code extension's section, whose `settings` holds them beside the extension's own
    /// `path`, `filePatterns` and `trace` (`{"path": ..., "settings": {"ignore": [...]}}`).
    /// A value of neither shape is shown to the user and leaves the settings as they were.
    pub(crate) async fn set_options(&self, value: Value) {
        let value = match value.get("settings") {
            Some(inner) if inner.is_object() => inner.clone(),
            _ => match value {
                Value::Object(mut map) => {
                    for key in ["path", "filePatterns", "trace"] {
                        map.remove(key);
                    }
                    Value::Object(map)
                }
                other => other,
            },
        };
        match serde_json::from_value::<SettingsFile>(value) {
            Ok(parsed) => {
                if let Ok(mut options) = self.options.lock() {
                    *options = Some(parsed);
                }
            }
            Err(e) => {
                let message = format!("ssolint: the editor's ssolint settings: {e}");
                self.client
                    .show_message(
                        MessageType::ERROR,
                        crate::model::redact::controls(&message).into_owned(),
                    )
                    .await;
            }
        }
    }
}

pub(crate) fn guarded<T: Default>(f: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_default()
}
