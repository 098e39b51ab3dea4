//! The dispatcher: each protocol method to its handler.

use serde_json::Value;
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::actions;
use crate::lsp::analysis::{CandidateKind, NameKind, TokenKind};
use crate::lsp::backend::{Backend, ClientCapabilities, KEEPS_POSITIONS, guarded};
use crate::lsp::positions::{Positions, workspace_edit};
use crate::lsp::publish::{DiagnosticForm, to_lsp};

/// The semantic token types (indices as `tokens` sends them) and the one modifier.
fn semantic_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::NAMESPACE,
            SemanticTokenType::PROPERTY,
            SemanticTokenType::STRING,
            SemanticTokenType::COMMENT,
        ],
        token_modifiers: vec![SemanticTokenModifier::new("secret")],
    }
}

/// The most symbols an outline lists with the sections' keys (yaml-language-server's
/// default limit); past it, the sections alone.
pub const OUTLINE_LIMIT: usize = 5000;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let text_document = params.capabilities.text_document.as_ref();
        let workspace = params.capabilities.workspace.as_ref();
        let capabilities = ClientCapabilities {
            utf8: offers_utf8,
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            resolves_edits: text_document
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            versioned_edits: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            // Pulling only for clients the server can tell to pull again: an edit of the
            // credentials file changes the config's findings, and a client that cannot be
            // refreshed (Neovim 0.11) would re-pull the config only after editing it.
            pulls_diagnostics: text_document.is_some_and(|t| t.diagnostic.is_some())
                && workspace
                    .and_then(|w| w.diagnostics.as_ref())
                    .and_then(|d| d.refresh_support)
                    .unwrap_or(false),
            diagnostic_form: text_document
                .and_then(|t| t.publish_diagnostics.as_ref())
                .map(|p| DiagnosticForm {
                    related_information: p.related_information.unwrap_or(false),
                    code_description: p.code_description_support.unwrap_or(false),
                    data: p.data_support.unwrap_or(false),
                })
                .unwrap_or(DiagnosticForm::BARE),
            keeps_positions: params
                .client_info
                .as_ref()
                .is_some_and(|c| KEEPS_POSITIONS.contains(&c.name.as_str())),
            watches_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        };
        if let Ok(mut stored) = self.capabilities.lock() {
            *stored = capabilities;
        }
        // Pull diagnostics for the clients that ask and can be refreshed (VS Code), pushed
        // to the others.
        let diagnostic_provider = capabilities.pulls_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("ssolint".into()),
                // The other shared file's edits change this one's findings.
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        });
        if let Some(options) = params.initialization_options {
            self.set_options(options).await;
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
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
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
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                diagnostic_provider,
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: semantic_legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: Some(false),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE,
                        ]),
                        resolve_provider: Some(true),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![actions::MIGRATE_COMMAND.into()],
                    ..ExecuteCommandOptions::default()
                }),
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
        // The files a document's findings depend on besides itself: the other shared file
        // and the settings. When they change on disk, every open document is read again.
        if self.capabilities().watches_files {
            let watchers = [
                "**/config",
                "**/credentials",
                "**/ssolint.toml",
                "**/.ssolint.toml",
            ]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).into()),
                kind: None,
            })
            .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let _ = self
                .client
                .register_capability(vec![Registration {
                    id: "ssolint-watched-files".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                }])
                .await;
        }
        if let Some(value) = self.pull_configuration().await {
            self.set_options(value).await;
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
            self.set_options(value).await;
        }
        self.reload_all().await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.reload_all().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let doc = self.load(
            &uri,
            params.text_document.text.into(),
            params.text_document.version,
        );
        if let Ok(mut docs) = self.documents.lock() {
            docs.insert(uri.clone(), doc);
        }
        self.publish_pair(uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let utf8 = self.utf8();
        if let Ok(mut docs) = self.documents.lock()
            && let Some(doc) = docs.get_mut(&uri)
        {
            // Each change in turn, its range in the text the previous ones left. The text is
            // copied out to edit and back into a shared one once per notification, however
            // many changes it holds (requests meanwhile share the previous text).
            let mut text: Option<String> = None;
            for change in params.content_changes {
                match change.range {
                    None => text = Some(change.text),
                    Some(range) => {
                        let current = text.get_or_insert_with(|| doc.text.to_string());
                        let positions = Positions::new(current, utf8);
                        let start = positions.offset(range.start);
                        let end = positions.offset(range.end).max(start);
                        current.replace_range(start..end, &change.text);
                    }
                }
            }
            if let Some(text) = text {
                doc.text = std::sync::Arc::from(text);
            }
            doc.version = params.text_document.version;
            doc.published = None;
            doc.parsed = None;
        }
        self.publish_latest(uri, params.text_document.version).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // The pair's other file or ssolint.toml may have changed meanwhile.
        let uri = params.text_document.uri;
        let Some((text, version)) = self.with_document(&uri, |d| (d.text.clone(), d.version))
        else {
            return;
        };
        let doc = self.load(&uri, text, version);
        if let Ok(mut docs) = self.documents.lock() {
            docs.insert(uri.clone(), doc);
        }
        self.publish_pair(uri).await;
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
        Ok(self.at_pair(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset, _| {
                let completions = analysis.completions(offset);
                // Every item replaces exactly what is typed of it: accepting `eu-west-1`
                // after `eu-w` gives `eu-west-1` (not `eu-eu-west-1`) in every editor.
                let range = positions.range(completions.replace);
                let items: Vec<CompletionItem> = completions
                    .items
                    .into_iter()
                    .map(|c| CompletionItem {
                        kind: Some(match c.kind {
                            CandidateKind::Section => CompletionItemKind::MODULE,
                            CandidateKind::Key => CompletionItemKind::PROPERTY,
                            CandidateKind::Value => CompletionItemKind::VALUE,
                            CandidateKind::Name => CompletionItemKind::REFERENCE,
                        }),
                        detail: Some(c.detail),
                        documentation: c.documentation.map(|d| {
                            Documentation::MarkupContent(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: d,
                            })
                        }),
                        filter_text: Some(c.label.clone()),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                            range,
                            c.label.clone(),
                        ))),
                        label: c.label,
                        ..CompletionItem::default()
                    })
                    .collect();
                Some(CompletionResponse::Array(items))
            },
        ))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri.clone();
        let utf8 = self.utf8();
        Ok(self.at_pair(
            &at.text_document.uri,
            at.position,
            |analysis, positions, offset, other_uri| {
                let name = analysis.name_at(offset)?;
                let (span, in_companion) = analysis.definition(&name)?;
                let location = match (in_companion, &analysis.companion, other_uri) {
                    (false, _, _) => Location::new(uri, positions.range(span)),
                    (true, Some(other), Some(other_uri)) => Location::new(
                        other_uri.clone(),
                        Positions::new(other.text, utf8).range(span),
                    ),
                    (true, _, _) => return None,
                };
                Some(GotoDefinitionResponse::Scalar(location))
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
                Some(workspace_edit(&uri, edits))
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
            let analysis = self.analysis(&uri, &doc);
            let sections = analysis.symbols();
            // Keys are listed under their section unless that makes the outline too long to
            // be of use (and slow: 80 000 symbols, 14.6 MB, for 10 000 profiles); then the
            // sections alone, as yaml-language-server limits its outline.
            let entries: usize = sections.iter().map(|s| 1 + s.keys.len()).sum();
            let with_keys = entries <= OUTLINE_LIMIT;
            #[allow(deprecated)]
            let symbols: Vec<DocumentSymbol> = sections
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
                    children: with_keys.then(|| {
                        s.keys
                            .iter()
                            .map(|entry| {
                                let span = entry.key.cover(entry.value);
                                DocumentSymbol {
                                    name: entry.key.of(&doc.text).to_string(),
                                    detail: None,
                                    kind: SymbolKind::PROPERTY,
                                    tags: None,
                                    deprecated: None,
                                    range: positions.range(span),
                                    selection_range: positions.range(span),
                                    children: None,
                                }
                            })
                            .collect()
                    }),
                })
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        }))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let Some((_, published)) = self.current(&uri) else {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport::default()),
            ));
        };
        // The result is named by the analysis it comes from (a new one for every change
        // of the document, its companion or the settings).
        let result_id = published.id.to_string();
        let unchanged = params.previous_result_id.as_deref() == Some(result_id.as_str());
        let report = if unchanged {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: to_lsp(published.findings.iter(), &uri, DiagnosticForm::FULL),
                },
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.document(&uri) else {
            return Ok(None);
        };
        let utf8 = self.utf8();
        Ok(guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            let tokens = self.analysis(&uri, &doc).tokens();
            // Relative encoding: line delta, start delta (on the same line), length, type,
            // modifiers.
            let mut data = Vec::with_capacity(tokens.len());
            let (mut line, mut start) = (0u32, 0u32);
            for token in tokens {
                let from = positions.position(token.span.start());
                let to = positions.position(token.span.end());
                if to.line != from.line || to.character <= from.character {
                    continue;
                }
                let delta_line = from.line - line;
                let delta_start = if delta_line == 0 {
                    from.character - start
                } else {
                    from.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: to.character - from.character,
                    token_type: match token.kind {
                        TokenKind::Section => 0,
                        TokenKind::Key => 1,
                        TokenKind::Value => 2,
                        TokenKind::Comment => 3,
                    },
                    token_modifiers_bitset: u32::from(token.secret),
                });
                (line, start) = (from.line, from.character);
            }
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        }))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.document(&uri) else {
            return Ok(None);
        };
        Ok(guarded(|| {
            let folds = self.analysis(&uri, &doc).folds();
            Some(
                folds
                    .into_iter()
                    .map(|(start, end)| FoldingRange {
                        start_line: start as u32,
                        end_line: end as u32,
                        kind: Some(FoldingRangeKind::Region),
                        ..FoldingRange::default()
                    })
                    .collect(),
            )
        }))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.document(&uri) else {
            return Ok(None);
        };
        let utf8 = self.utf8();
        Ok(guarded(|| {
            let positions = Positions::new(&doc.text, utf8);
            let links = self
                .analysis(&uri, &doc)
                .links(crate::lsp::publish::RULE_DOCS);
            Some(
                links
                    .into_iter()
                    .filter_map(|(span, target)| {
                        Some(DocumentLink {
                            range: positions.range(span),
                            target: Some(target.parse().ok()?),
                            tooltip: None,
                            data: None,
                        })
                    })
                    .collect(),
            )
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(Some(guarded(|| actions::code_actions(self, &params))))
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let data = action
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<actions::MigrateData>(d).ok());
        if let Some(data) = data
            && let Some((edit, skipped)) = guarded(|| actions::migration(self, &data))
        {
            action.edit = Some(edit);
            if let Some(message) = skipped {
                self.client.show_message(MessageType::INFO, message).await;
            }
        }
        Ok(action)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != actions::MIGRATE_COMMAND {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "no command `{}`",
                params.command
            )));
        }
        let data = params
            .arguments
            .into_iter()
            .next()
            .and_then(|d| serde_json::from_value::<actions::MigrateData>(d).ok())
            .ok_or_else(|| {
                tower_lsp_server::jsonrpc::Error::invalid_params("expected {uri, version}")
            })?;
        match guarded(|| actions::migration(self, &data)) {
            Some((edit, skipped)) => {
                if let Some(message) = skipped {
                    self.client.show_message(MessageType::INFO, message).await;
                }
                let _ = self.client.apply_edit(edit).await;
            }
            None => {
                self.client
                    .show_message(
                        MessageType::WARNING,
                        "ssolint: the file changed since the migration was offered; ask again",
                    )
                    .await;
            }
        }
        Ok(None)
    }
}
