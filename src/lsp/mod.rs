//! `ssolint lsp`: the analysis served over the Language Server Protocol (tower-lsp-server,
//! the maintained fork of tower-lsp: same model, fixes still land). Diagnostics on open and
//! change, quick fixes, suppressions and "migrate this file", hover, completion, go to
//! definition, references, rename, document symbols. Nothing but protocol on stdout.

pub mod analysis;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService, Server};

use crate::lint::settings::{Settings, SettingsFile};
use crate::lint::{self, Applicability, Input};
use crate::model::FileKind;
use crate::syntax::{LineIndex, Span};
use crate::workspace;
use analysis::{Analysis, NameKind};

/// The rule docs' home, for `codeDescription` links.
pub const RULE_DOCS: &str = "https://github.com/ssolint/ssolint/blob/main/rules";

#[derive(Clone)]
struct Document {
    text: String,
    kind: FileKind,
    /// The other file of the pair and the settings, read from disk when the document is
    /// opened or saved — not on every keystroke.
    companion: Option<String>,
    /// The file's permission bits on disk (C004), read with the companion.
    mode: Option<u32>,
    settings: Settings,
}

pub struct Backend {
    client: Client,
    documents: Mutex<HashMap<Uri, Document>>,
    /// Negotiated: UTF-16 (the LSP default) or UTF-8.
    utf8: Mutex<bool>,
    /// From `initializationOptions` / `workspace/configuration` (`None` until the editor
    /// sends any).
    options: Mutex<Option<SettingsFile>>,
}

/// Which file a URI names (the workspace's rule: `credentials` in the file name).
fn kind_of(uri: &Uri) -> FileKind {
    workspace::kind_of(Path::new(uri.path().as_str()))
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// Converts between byte offsets and LSP positions in the negotiated encoding.
struct Positions<'t> {
    text: &'t str,
    index: LineIndex,
    utf8: bool,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str, utf8: bool) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
            utf8,
        }
    }

    fn position(&self, offset: usize) -> Position {
        if self.utf8 {
            let line = self.index.line_of(offset.min(self.text.len()));
            Position::new(line as u32, (offset - self.index.line_start(line)) as u32)
        } else {
            let (line, character) = self.index.utf16_position(self.text, offset);
            Position::new(line, character)
        }
    }

    fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start()), self.position(span.end()))
    }

    fn offset(&self, position: Position) -> usize {
        if self.utf8 {
            let start = self.index.line_start(position.line as usize);
            let end = self.text[start..]
                .find(['\n', '\r'])
                .map_or(self.text.len(), |i| start + i);
            (start + position.character as usize).min(end)
        } else {
            self.index
                .offset_of_utf16(self.text, position.line, position.character)
        }
    }
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            documents: Mutex::new(HashMap::new()),
            utf8: Mutex::new(false),
            options: Mutex::new(None),
        }
    }

    fn document(&self, uri: &Uri) -> Option<Document> {
        self.documents.lock().ok()?.get(uri).cloned()
    }

    fn utf8(&self) -> bool {
        self.utf8.lock().map(|u| *u).unwrap_or(false)
    }

    /// The settings for a document: the project's `ssolint.toml` upward from it, else the
    /// editor's, else the user's settings file (the CLI's order, with the editor's settings
    /// before the user-wide file).
    fn settings(&self, path: Option<&Path>) -> Settings {
        let load = |path: PathBuf| workspace::load_settings(&path).ok().map(|l| l.file);
        let file = path
            .and_then(Path::parent)
            .and_then(workspace::project_settings)
            .and_then(load)
            .or_else(|| self.options.lock().ok().and_then(|o| o.clone()))
            .or_else(|| workspace::user_settings_path().and_then(load))
            .unwrap_or_default();
        Settings::new(&file, None, &[]).unwrap_or_default()
    }

    /// The document's findings (its companion file on disk taken into account).
    /// A document with what surrounds it on disk.
    fn load(&self, uri: &Uri, text: String) -> Document {
        let kind = kind_of(uri);
        let path = path_of(uri);
        Document {
            companion: path
                .as_deref()
                .and_then(|p| workspace::read_text(&workspace::companion(p, kind))),
            mode: path.as_deref().and_then(workspace::file_mode),
            settings: self.settings(path.as_deref()),
            text,
            kind,
        }
    }

    async fn publish(&self, uri: Uri) {
        let Some(doc) = self.document(&uri) else {
            return;
        };
        // A panic in the analysis must not take the server down: report nothing for this
        // version and keep serving.
        let utf8 = self.utf8();
        let diagnostics = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            diagnostics(
                &uri,
                &doc.text,
                doc.kind,
                doc.companion.as_deref(),
                doc.mode,
                &doc.settings,
                utf8,
            )
        }))
        .unwrap_or_default();
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    /// Runs `f` on the document's analysis at a position (`None` when the document is not
    /// open or `f` finds nothing; a panic inside `f` is contained).
    fn at<T: Default>(
        &self,
        uri: &Uri,
        position: Position,
        f: impl FnOnce(&Analysis, &Positions, usize) -> T,
    ) -> T {
        let Some(doc) = self.document(uri) else {
            return T::default();
        };
        let utf8 = self.utf8();
        guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            let offset = positions.offset(position);
            let analysis = Analysis::new(&doc.text, doc.kind);
            f(&analysis, &positions, offset)
        })
    }

    /// The `ssolint` section of the editor's own configuration, when it offers one.
    async fn pull_configuration(&self) -> Option<Value> {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("ssolint".into()),
        }];
        let values = self.client.configuration(items).await.ok()?;
        values.into_iter().next().filter(|v| !v.is_null())
    }

    /// Settings from the editor (`ssolint.toml` next to a file still wins for that file).
    fn set_options(&self, value: Value) {
        if let Ok(parsed) = serde_json::from_value::<SettingsFile>(value)
            && let Ok(mut options) = self.options.lock()
        {
            *options = Some(parsed);
        }
    }

    fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// What `ssolint lsp` publishes for a document: every finding in it (the pair's other file
/// taken into account), in the negotiated encoding. Pure, so that it can be benchmarked.
pub fn diagnostics(
    uri: &Uri,
    text: &str,
    kind: FileKind,
    other_file: Option<&str>,
    mode: Option<u32>,
    settings: &Settings,
    utf8: bool,
) -> Vec<Diagnostic> {
    let input = match kind {
        FileKind::Config => Input {
            config: Some(text),
            credentials: other_file,
            config_mode: mode,
            ..Input::default()
        },
        FileKind::Credentials => Input {
            config: other_file,
            credentials: Some(text),
            credentials_mode: mode,
            ..Input::default()
        },
    };
    let report = lint::check(&input, settings);
    let positions = Positions::new(text, utf8);
    // One parsed link per rule, not one per finding (a large file has thousands).
    let mut links: HashMap<&'static str, Option<Uri>> = HashMap::new();
    report
        .diagnostics
        .iter()
        .filter(|d| d.at.file == kind)
        .map(|d| {
            let href = links
                .entry(d.rule.code)
                .or_insert_with(|| format!("{RULE_DOCS}/{}.md", d.rule.code).parse().ok())
                .clone();
            to_lsp(uri, kind, d, href, &positions)
        })
        .collect()
}

fn to_lsp(
    uri: &Uri,
    kind: FileKind,
    d: &lint::Diagnostic,
    href: Option<Uri>,
    positions: &Positions,
) -> Diagnostic {
    let severity = match d.severity {
        lint::Severity::Error => DiagnosticSeverity::ERROR,
        lint::Severity::Warning => DiagnosticSeverity::WARNING,
        lint::Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| l.at.file == kind)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), positions.range(l.at.span)),
            message: l.message.to_string(),
        })
        .collect();
    let fix = d.fix.as_ref().filter(|f| f.edits.iter().all(|e| e.file == kind)).map(|f| {
        json!({
            "title": f.title,
            "safe": f.applicability == Applicability::Safe,
            "edits": f.edits.iter().map(|e| json!({"range": positions.range(e.span), "text": e.replacement})).collect::<Vec<_>>(),
        })
    });
    let help = d.help.as_deref().unwrap_or_default();
    let mut message = String::with_capacity(d.message.len() + help.len() + 7);
    message.push_str(&d.message);
    if !help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range: positions.range(d.at.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("ssolint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "name": d.rule.name, "fix": fix })),
    }
}

fn guarded<T: Default>(f: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_default()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        if let Ok(mut u) = self.utf8.lock() {
            *u = offers_utf8;
        }
        if let Some(options) = params.initialization_options {
            self.set_options(options);
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if offers_utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["[".into(), "=".into(), " ".into()]),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "ssolint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if let Some(value) = self.pull_configuration().await {
            self.set_options(value);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients either push the new settings or send null and expect to be asked.
        let pushed = params.settings.get("ssolint").filter(|v| !v.is_null());
        let value = match pushed {
            Some(value) => Some(value.clone()),
            None => self.pull_configuration().await,
        };
        if let Some(value) = value {
            self.set_options(value);
        }
        let open: Vec<(Uri, String)> = self
            .documents
            .lock()
            .map(|docs| {
                docs.iter()
                    .map(|(u, d)| (u.clone(), d.text.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (uri, text) in open {
            let doc = self.load(&uri, text);
            if let Ok(mut docs) = self.documents.lock() {
                docs.insert(uri.clone(), doc);
            }
            self.publish(uri).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let doc = self.load(&uri, params.text_document.text);
        if let Ok(mut docs) = self.documents.lock() {
            docs.insert(uri.clone(), doc);
        }
        self.publish(uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(change) = params.content_changes.into_iter().last()
            && let Ok(mut docs) = self.documents.lock()
            && let Some(doc) = docs.get_mut(&uri)
        {
            doc.text = change.text;
        }
        self.publish(uri).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // The pair's other file or ssolint.toml may have changed meanwhile.
        let uri = params.text_document.uri;
        let Some(text) = self.document(&uri).map(|d| d.text) else {
            return;
        };
        let doc = self.load(&uri, text);
        if let Ok(mut docs) = self.documents.lock() {
            docs.insert(uri.clone(), doc);
        }
        self.publish(uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        if let Ok(mut docs) = self.documents.lock() {
            docs.remove(&params.text_document.uri);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        Ok(self.at(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset| {
                analysis.hover(offset).map(|(text, span)| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: text,
                    }),
                    range: Some(positions.range(span)),
                })
            },
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        Ok(
            self.at(&at.text_document.uri, at.position, |analysis, _, offset| {
                let items: Vec<CompletionItem> = analysis
                    .completions(offset)
                    .into_iter()
                    .map(|(label, detail, documentation)| CompletionItem {
                        label,
                        detail: Some(detail),
                        documentation: documentation.map(|d| {
                            Documentation::MarkupContent(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: d,
                            })
                        }),
                        ..CompletionItem::default()
                    })
                    .collect();
                Some(CompletionResponse::Array(items))
            }),
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri.clone();
        Ok(self.at(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset| {
                let name = analysis.name_at(offset)?;
                let target = analysis
                    .names()
                    .into_iter()
                    .find(|n| n.definition && n.kind == name.kind && n.name == name.name)?;
                Some(GotoDefinitionResponse::Scalar(Location::new(
                    uri,
                    positions.range(target.span),
                )))
            },
        ))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let uri = at.text_document.uri.clone();
        let include_declaration = params.context.include_declaration;
        Ok(self.at(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset| {
                let name = analysis.name_at(offset)?;
                Some(
                    analysis
                        .names()
                        .into_iter()
                        .filter(|n| {
                            n.kind == name.kind
                                && n.name == name.name
                                && (include_declaration || !n.definition)
                        })
                        .map(|n| Location::new(uri.clone(), positions.range(n.span)))
                        .collect(),
                )
            },
        ))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let new_name = params.new_name;
        if new_name.is_empty() || new_name.contains(char::is_whitespace) {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "names in the AWS config file cannot be empty or contain spaces",
            ));
        }
        let at = params.text_document_position;
        let uri = at.text_document.uri.clone();
        Ok(self.at(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset| {
                let name = analysis.name_at(offset)?;
                let edits: Vec<TextEdit> = analysis
                    .names()
                    .into_iter()
                    .filter(|n| n.kind == name.kind && n.name == name.name)
                    .map(|n| TextEdit::new(positions.range(n.span), new_name.clone()))
                    .collect();
                Some(Backend::edit(&uri, edits))
            },
        ))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.document(&uri) else {
            return Ok(None);
        };
        let utf8 = self.utf8();
        Ok(guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            #[allow(deprecated)]
            let symbols: Vec<DocumentSymbol> = Analysis::new(&doc.text, doc.kind)
                .symbols()
                .into_iter()
                .map(|s| DocumentSymbol {
                    name: s.title,
                    detail: None,
                    kind: match s.kind {
                        NameKind::Profile => SymbolKind::OBJECT,
                        NameKind::SsoSession => SymbolKind::KEY,
                        NameKind::Services => SymbolKind::MODULE,
                    },
                    tags: None,
                    deprecated: None,
                    range: positions.range(s.span),
                    selection_range: positions.range(s.name_span),
                    children: Some(
                        s.keys
                            .into_iter()
                            .map(|(key, span)| DocumentSymbol {
                                name: key,
                                detail: None,
                                kind: SymbolKind::PROPERTY,
                                tags: None,
                                deprecated: None,
                                range: positions.range(span),
                                selection_range: positions.range(span),
                                children: None,
                            })
                            .collect(),
                    ),
                })
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.document(&uri) else {
            return Ok(None);
        };
        let utf8 = self.utf8();
        Ok(guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            let mut actions: Vec<CodeActionOrCommand> = Vec::new();
            for d in &params.context.diagnostics {
                let Some(NumberOrString::String(code)) = &d.code else {
                    continue;
                };
                if let Some(fix) = d
                    .data
                    .as_ref()
                    .and_then(|v| v.get("fix"))
                    .filter(|f| !f.is_null())
                {
                    let edits: Vec<TextEdit> = fix["edits"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|e| {
                            Some(TextEdit::new(
                                serde_json::from_value(e["range"].clone()).ok()?,
                                e["text"].as_str()?.to_string(),
                            ))
                        })
                        .collect();
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix["title"].as_str().unwrap_or("Fix").to_string(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(Backend::edit(&uri, edits)),
                        is_preferred: Some(fix["safe"] == Value::Bool(true)),
                        ..CodeAction::default()
                    }));
                }
                // "Suppress CODE here": an own-line directive above the finding's line.
                let line_start = positions.offset(Position::new(d.range.start.line, 0));
                let line = &doc.text[line_start..];
                let indent: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let newline = crate::model::layout::newline_of(&doc.text);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress {code} here"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(Backend::edit(
                        &uri,
                        vec![TextEdit::new(
                            Range::new(
                                Position::new(d.range.start.line, 0),
                                Position::new(d.range.start.line, 0),
                            ),
                            format!("{indent}# ssolint: ignore[{code}] reason{newline}"),
                        )],
                    )),
                    ..CodeAction::default()
                }));
            }
            if doc.kind == FileKind::Config
                && let Ok(plan) =
                    crate::fix::migrate::plan(&doc.text, &crate::fix::migrate::Options::default())
                && !plan.is_empty()
            {
                let edits = plan
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(positions.range(e.span), e.replacement.clone()))
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Migrate this file to sso-session".into(),
                    kind: Some(CodeActionKind::SOURCE),
                    edit: Some(Backend::edit(&uri, edits)),
                    ..CodeAction::default()
                }));
            }
            Some(actions)
        }))
    }
}

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
