//! The language server in process, through the tower `LspService` that `ssolint lsp` serves:
//! initialize, open, change, save, configuration, and every feature, with the edits the
//! server proposes applied to the text and the result checked. (`tests/lsp.rs` drives the
//! real binary over stdio for framing and stdout hygiene.)

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use ssolint::lsp::Backend;
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};

/// An editor as the server sees it: requests go in through the service; notifications and
/// server-to-client requests come out of the client socket, which a task drains.
struct Editor {
    service: LspService<Backend>,
    published: mpsc::UnboundedReceiver<Value>,
    /// What the editor answers to `workspace/configuration` for the `ssolint` section.
    configuration: Arc<Mutex<Value>>,
    /// How many `workspace/configuration` requests the server made.
    configuration_requests: Arc<Mutex<usize>>,
    /// The edits the server asked the editor to apply (`workspace/applyEdit`).
    applied: Arc<Mutex<Vec<Value>>>,
    /// Notifications read while waiting for another one.
    pending: Vec<Value>,
    next_id: i64,
    /// The server's answer to `initialize`.
    initialized: Value,
}

const PATIENCE: Duration = Duration::from_secs(10);

impl Editor {
    /// An editor that answers `workspace/configuration` and resolves code actions lazily.
    async fn start(
        encodings: &[&str],
        initialization_options: Value,
        configuration: Value,
    ) -> Editor {
        let capabilities = json!({
            "general": {"positionEncodings": encodings},
            "workspace": {"configuration": true},
            "textDocument": {
                "codeAction": {"resolveSupport": {"properties": ["edit"]}},
                "publishDiagnostics": {"relatedInformation": true, "codeDescriptionSupport": true, "dataSupport": true},
            },
        });
        Editor::start_with(capabilities, initialization_options, configuration).await
    }

    async fn start_with(
        capabilities: Value,
        initialization_options: Value,
        configuration: Value,
    ) -> Editor {
        Editor::start_as(
            Value::Null,
            capabilities,
            initialization_options,
            configuration,
        )
        .await
    }

    /// An editor that names itself (`clientInfo`).
    async fn start_as(
        client_info: Value,
        capabilities: Value,
        initialization_options: Value,
        configuration: Value,
    ) -> Editor {
        let (service, socket) = ssolint::lsp::service();
        let (sender, published) = mpsc::unbounded_channel();
        let configuration = Arc::new(Mutex::new(configuration));
        let configuration_requests = Arc::new(Mutex::new(0));
        let (mut from_server, mut to_server) = socket.split();
        let answer = configuration.clone();
        let asked = configuration_requests.clone();
        let applied = Arc::new(Mutex::new(Vec::new()));
        let applying = applied.clone();
        tokio::spawn(async move {
            while let Some(message) = from_server.next().await {
                match message.id() {
                    Some(id) => {
                        let response = match message.method() {
                            "workspace/diagnostic/refresh" => {
                                applying.lock().unwrap().push(json!({"refresh": true}));
                                Response::from_ok(id.clone(), Value::Null)
                            }
                            "client/registerCapability" => {
                                applying.lock().unwrap().push(json!({
                                    "registered": message.params().cloned().unwrap_or_default()
                                }));
                                Response::from_ok(id.clone(), Value::Null)
                            }
                            "workspace/applyEdit" => {
                                applying
                                    .lock()
                                    .unwrap()
                                    .push(message.params().cloned().unwrap_or_default());
                                Response::from_ok(id.clone(), json!({"applied": true}))
                            }
                            method => {
                                assert_eq!(method, "workspace/configuration");
                                *asked.lock().unwrap() += 1;
                                let value = answer.lock().unwrap().clone();
                                Response::from_ok(id.clone(), json!([value]))
                            }
                        };
                        if to_server.send(response).await.is_err() {
                            break;
                        }
                    }
                    None => {
                        let _ = sender.send(serde_json::to_value(&message).unwrap());
                    }
                }
            }
        });
        let mut editor = Editor {
            service,
            published,
            configuration,
            configuration_requests,
            applied,
            pending: Vec::new(),
            next_id: 1,
            initialized: Value::Null,
        };
        let result = editor
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "clientInfo": client_info,
                    "capabilities": capabilities,
                    "initializationOptions": initialization_options,
                }),
            )
            .await;
        assert_eq!(result["serverInfo"]["name"], "ssolint");
        assert_eq!(
            result["serverInfo"]["version"],
            env!("CARGO_PKG_VERSION"),
            "{result}"
        );
        editor.initialized = result;
        editor.notify("initialized", json!({})).await;
        editor
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        let service = self.service.ready().await.expect("the server is running");
        tokio::time::timeout(PATIENCE, service.call(request))
            .await
            .expect("the server answers in time")
            .expect("the server is running")
    }

    async fn request(&mut self, method: &'static str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request::build(method).id(id).params(params).finish();
        let response = self.call(request).await.expect("a request is answered");
        let (_, body) = response.into_parts();
        body.unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    async fn request_error(&mut self, method: &'static str, params: Value) -> String {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request::build(method).id(id).params(params).finish();
        let response = self.call(request).await.expect("a request is answered");
        match response.into_parts().1 {
            Ok(value) => panic!("{method} should fail, answered {value}"),
            Err(e) => e.message.to_string(),
        }
    }

    async fn notify(&mut self, method: &'static str, params: Value) {
        let request = Request::build(method).params(params).finish();
        assert!(
            self.call(request).await.is_none(),
            "notifications get no answer"
        );
    }

    /// The next notification of `method` from the server.
    async fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.pending.iter().position(|m| m["method"] == method) {
            return self.pending.remove(i)["params"].clone();
        }
        loop {
            let message = tokio::time::timeout(PATIENCE, self.published.recv())
                .await
                .expect("the notification arrives in time")
                .expect("the server is running");
            if message["method"] == method {
                return message["params"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    async fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.published.recv())
                .await
                .expect("diagnostics arrive in time")
                .expect("the server is running");
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            if message["method"] != "textDocument/publishDiagnostics" {
                self.pending.push(message);
            }
        }
    }

    async fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "awsconfig", "version": 1, "text": text}}),
        )
        .await;
        self.diagnostics(uri).await
    }

    /// Version `version` of the document is `text` (the server pushes diagnostics only if
    /// its findings change).
    async fn edit(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        )
        .await;
    }

    /// [`Editor::edit`], for a text whose findings differ: the diagnostics pushed for it.
    async fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.edit(uri, version, text).await;
        self.diagnostics(uri).await
    }

    async fn code_actions(&mut self, uri: &str, diagnostic: &Value) -> Vec<Value> {
        let actions = self
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
            )
            .await;
        actions.as_array().unwrap().clone()
    }
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:?}"))
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}

/// The byte offset of an LSP position, counting characters in UTF-16 units or UTF-8 bytes.
fn offset(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Applies a workspace edit's changes for `uri` as an editor does (all ranges refer to the
/// text before the edit).
fn apply(text: &str, edit: &Value, uri: &str, utf8: bool) -> String {
    let mut edits: Vec<(usize, usize, &str)> = edit["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edits for {uri}: {edit}"))
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, new_text);
    }
    out
}

fn uri(dir: &tempfile::TempDir, name: &str) -> String {
    format!("file://{}", dir.path().join(name).display())
}

/// A reviewed JSON snapshot under `snapshots/lsp/` (shared with the stdio tests, so both
/// transports must publish exactly the same diagnostics).
fn snapshot(name: &str, value: &Value) {
    insta::with_settings!({
        snapshot_path => "../snapshots/lsp",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, serde_json::to_string_pretty(value).unwrap());
    });
}

const LEGACY: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\nregoin = eu-west-1\n\n[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = dev\n";

/// A config whose `ci` takes its credentials from `base` (R001 until `base` exists), and a
/// credentials file that defines `base`.
const NEEDS_BASE: &str =
    "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = base\n";
const DEFINES_BASE: &str =
    "[base]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n";

#[tokio::test]
async fn initialize_negotiates_the_encoding_and_announces_every_feature() {
    for (offered, chosen) in [
        (vec!["utf-16"], "utf-16"),
        (vec![], "utf-16"),
        (vec!["utf-8", "utf-16"], "utf-8"),
        (vec!["utf-32", "utf-8"], "utf-8"),
    ] {
        let (mut service, _socket) = ssolint::lsp::service();
        let request = Request::build("initialize")
            .id(1)
            .params(json!({"capabilities": {"general": {"positionEncodings": offered}}}))
            .finish();
        let response = service.ready().await.unwrap().call(request).await.unwrap();
        let capabilities = response.unwrap().into_parts().1.unwrap()["capabilities"].clone();
        assert_eq!(
            capabilities["positionEncoding"], chosen,
            "offered {offered:?}"
        );
        for provider in [
            "hoverProvider",
            "completionProvider",
            "definitionProvider",
            "referencesProvider",
            "renameProvider",
            "documentSymbolProvider",
            "codeActionProvider",
            "foldingRangeProvider",
            "documentLinkProvider",
            "semanticTokensProvider",
            "executeCommandProvider",
        ] {
            assert!(
                !capabilities[provider].is_null() && capabilities[provider] != false,
                "{provider}: {capabilities}"
            );
        }
        assert_eq!(
            capabilities["textDocumentSync"]["change"], 2,
            "incremental sync: {capabilities}"
        );
        assert_eq!(capabilities["textDocumentSync"]["save"], true);
    }
}

#[tokio::test]
async fn diagnostics_follow_open_change_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    let diagnostics = editor.open(&uri, LEGACY).await;
    snapshot(
        "lsp-diagnostics-legacy",
        &serde_json::from_str(
            &json!(diagnostics)
                .to_string()
                .replace(&uri, "file:///CONFIG"),
        )
        .unwrap(),
    );
    let s001 = find(&diagnostics, "S001");
    assert_eq!(s001["severity"], 2, "a warning");
    assert_eq!(s001["source"], "ssolint");
    assert_eq!(
        s001["range"],
        json!({"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 12}})
    );
    assert!(
        s001["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/rules/S001.md")
    );
    assert!(
        s001["message"].as_str().unwrap().contains("\nhelp: "),
        "{s001}"
    );
    // The related spans are the legacy keys, in this document.
    let related: Vec<&Value> = s001["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["location"]["range"]["start"]["line"])
        .collect();
    assert_eq!(related, [&json!(1), &json!(2)]);
    assert_eq!(find(&diagnostics, "K001")["data"]["name"], "unknown-key");

    // Each change re-analyses the whole text.
    let diagnostics = editor
        .change(&uri, 2, &LEGACY.replace("regoin", "region"))
        .await;
    assert!(!codes(&diagnostics).contains(&"K001"), "{diagnostics:?}");
    let diagnostics = editor.change(&uri, 3, "[default]\n[profile broken\n").await;
    assert_eq!(codes(&diagnostics), ["P002"], "{diagnostics:?}");
    let diagnostics = editor.change(&uri, 4, "").await;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");

    // A closed document is forgotten: requests about it answer nothing.
    editor
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let hover = editor
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(hover.is_null(), "{hover}");
}

#[tokio::test]
async fn settings_come_from_the_editor_and_ssolint_toml_wins() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    // initializationOptions: K001 off.
    let mut editor = Editor::start(&["utf-16"], json!({"ignore": ["K001"]}), Value::Null).await;
    let diagnostics = editor.open(&uri, LEGACY).await;
    assert!(codes(&diagnostics).contains(&"S001"));
    assert!(!codes(&diagnostics).contains(&"K001"), "{diagnostics:?}");
    assert_eq!(*editor.configuration_requests.lock().unwrap(), 1);

    // workspace/configuration, pulled after `initialized`, replaces them.
    let mut editor = Editor::start(
        &["utf-16"],
        json!({"ignore": ["K001"]}),
        json!({"ignore": ["S001"], "severity": {"K001": "error"}}),
    )
    .await;
    let diagnostics = editor.open(&uri, LEGACY).await;
    assert!(!codes(&diagnostics).contains(&"S001"), "{diagnostics:?}");
    assert_eq!(find(&diagnostics, "K001")["severity"], 1, "an error now");

    // A configuration change is pulled again and every open document re-analysed.
    *editor.configuration.lock().unwrap() = json!({"select": ["K001"]});
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    assert_eq!(codes(&editor.diagnostics(&uri).await), ["K001"]);
    assert_eq!(*editor.configuration_requests.lock().unwrap(), 2);
    // ... or pushed with the notification.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"ssolint": {"select": ["S001"]}}}),
        )
        .await;
    assert_eq!(codes(&editor.diagnostics(&uri).await), ["S001"]);

    // ssolint.toml next to the file is the project's word: it wins over the editor's.
    std::fs::write(dir.path().join("ssolint.toml"), "select = [\"R\"]\n").unwrap();
    let other = format!("file://{}", dir.path().join("other/config").display());
    std::fs::create_dir(dir.path().join("other")).unwrap();
    let diagnostics = editor
        .open(
            &other,
            "[profile a]\nsource_profile = nowhere\nrole_arn = arn:aws:iam::111122223333:role/A\n",
        )
        .await;
    assert_eq!(codes(&diagnostics), ["R001"], "{diagnostics:?}");
}

#[tokio::test]
async fn quick_fixes_suppressions_and_migration_edit_the_text_as_promised() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    let diagnostics = editor.open(&uri, LEGACY).await;

    // The rule's own fix, applied, removes the finding.
    let k001 = find(&diagnostics, "K001").clone();
    let actions = editor.code_actions(&uri, &k001).await;
    let rename = titled(&actions, "Rename to `region`");
    assert_eq!(rename["kind"], "quickfix");
    assert_eq!(rename["diagnostics"][0]["code"], "K001");
    let fixed = apply(LEGACY, &rename["edit"], &uri, false);
    assert_eq!(fixed, LEGACY.replace("regoin", "region"));
    assert!(!codes(&editor.change(&uri, 2, &fixed).await).contains(&"K001"));

    // "Suppress CODE here" silences exactly that finding, and the directive is used.
    let diagnostics = editor.change(&uri, 3, LEGACY).await;
    let k001 = find(&diagnostics, "K001").clone();
    let actions = editor.code_actions(&uri, &k001).await;
    let suppressed = apply(
        LEGACY,
        &titled(&actions, "Suppress K001 here")["edit"],
        &uri,
        false,
    );
    assert!(
        suppressed.contains("# ssolint: ignore[K001] reason\nregoin = eu-west-1\n"),
        "{suppressed}"
    );
    let after = codes(&editor.change(&uri, 4, &suppressed).await)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    assert!(
        !after.contains(&"K001".into()) && !after.contains(&"X001".into()),
        "{after:?}"
    );
    assert!(after.contains(&"S001".into()), "{after:?}");

    // "Migrate this file" makes the same edits as `ssolint migrate`.
    let diagnostics = editor.change(&uri, 5, LEGACY).await;
    let s001 = find(&diagnostics, "S001").clone();
    let actions = editor.code_actions(&uri, &s001).await;
    let offered = titled(&actions, "Migrate this file to sso-session");
    assert_eq!(offered["kind"], "source");
    // Planned only when chosen (codeAction/resolve): offering it costs nothing.
    assert!(offered.get("edit").is_none(), "{offered}");
    let migrate = editor.request("codeAction/resolve", offered.clone()).await;
    let migrated = apply(LEGACY, &migrate["edit"], &uri, false);
    let plan = ssolint::fix::migrate::plan(LEGACY, &Default::default()).unwrap();
    assert_eq!(migrated, ssolint::fix::migrate::apply(LEGACY, &plan));
    assert!(migrated.contains("[sso-session acme]"), "{migrated}");
    let after = editor.change(&uri, 6, &migrated).await;
    assert!(!codes(&after).contains(&"S001"), "{after:?}");
}

#[tokio::test]
async fn hover_completion_navigation_rename_and_outline() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "# ssolint: ignore[S009] later\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n[profile dev]\nsso_session = acme\nregion = \n\n[profile ci]\nsource_profile = dev\noutput = \n[";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, text).await;
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});

    let hover = |value: &Value| {
        value["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let key = editor.request("textDocument/hover", at(3, 2)).await;
    assert!(hover(&key).contains("**sso_region**"), "{key}");
    assert_eq!(key["range"]["start"], json!({"line": 3, "character": 0}));
    let session = editor.request("textDocument/hover", at(6, 15)).await;
    assert!(
        hover(&session).contains("https://acme.awsapps.com/start")
            && hover(&session).contains("eu-west-1"),
        "{session}"
    );
    let rule = editor.request("textDocument/hover", at(0, 19)).await;
    assert!(
        hover(&rule).contains("missing-registration-scopes"),
        "{rule}"
    );
    assert!(
        editor
            .request("textDocument/hover", at(4, 0))
            .await
            .is_null()
    );

    let labels = |items: Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let regions = labels(editor.request("textDocument/completion", at(7, 9)).await);
    assert!(regions.contains(&"eu-west-1".into()) && regions.contains(&"cn-north-1".into()));
    let sessions = labels(editor.request("textDocument/completion", at(6, 14)).await);
    assert_eq!(sessions, ["acme"]);
    let profiles = labels(editor.request("textDocument/completion", at(10, 17)).await);
    assert!(profiles.contains(&"dev".into()), "{profiles:?}");
    let outputs = labels(editor.request("textDocument/completion", at(11, 9)).await);
    assert!(
        outputs.contains(&"json".into()) && outputs.contains(&"yaml-stream".into()),
        "{outputs:?}"
    );
    let session_keys = labels(editor.request("textDocument/completion", at(4, 0)).await);
    assert!(
        session_keys.contains(&"sso_registration_scopes".into()),
        "{session_keys:?}"
    );
    assert!(
        !session_keys.contains(&"role_arn".into()),
        "profile keys are not offered in a session: {session_keys:?}"
    );
    let headers = labels(editor.request("textDocument/completion", at(12, 1)).await);
    assert!(
        headers.iter().any(|h| h.starts_with("sso-session")),
        "{headers:?}"
    );

    let definition = editor.request("textDocument/definition", at(10, 18)).await;
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 5, "character": 9})
    );
    let references = editor
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 14}, "context": {"includeDeclaration": false}}),
        )
        .await;
    assert_eq!(references.as_array().unwrap().len(), 1, "{references}");
    let rename = editor
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 10}, "newName": "developer"}),
        )
        .await;
    let renamed = apply(text, &rename, &uri, false);
    assert!(
        renamed.contains("[profile developer]") && renamed.contains("source_profile = developer"),
        "{renamed}"
    );
    let refused = editor
        .request_error(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 10}, "newName": "two words"}),
        )
        .await;
    assert!(refused.contains("spaces"), "{refused}");

    let symbols = editor
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["[sso-session acme]", "[profile dev]", "[profile ci]"]
    );
    let children: Vec<&str> = symbols[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["sso_session", "region"]);
}

#[tokio::test]
async fn positions_are_exact_in_either_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    // "é" is 2 bytes in UTF-8 and 1 unit in UTF-16; "𝄞" 4 bytes and 2 units.
    let text = "[profile é𝄞]\nregoin = x\n[profile b]\nsource_profile = é𝄞\nregoin = é𝄞 # 𝄞\n";
    for (encodings, utf8, name_end) in [
        (&["utf-16"][..], false, 12),
        (&["utf-8", "utf-16"][..], true, 15),
    ] {
        let mut editor = Editor::start(encodings, Value::Null, Value::Null).await;
        let diagnostics = editor.open(&uri, text).await;
        let header = diagnostics
            .iter()
            .find(|d| d["range"]["start"]["line"] == 0)
            .expect("the non-portable name is flagged");
        assert_eq!(header["range"]["end"]["character"], name_end, "{header}");
        let definition = editor
            .request(
                "textDocument/definition",
                json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 18}}),
            )
            .await;
        assert_eq!(
            definition["range"],
            json!({"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": name_end}})
        );
        // Applying a fix at a position past non-ASCII text lands on the right bytes.
        let k001 = diagnostics
            .iter()
            .find(|d| d["code"] == "K001" && d["range"]["start"]["line"] == 4)
            .unwrap()
            .clone();
        let actions = editor.code_actions(&uri, &k001).await;
        let fixed = apply(
            text,
            &titled(&actions, "Rename to `region`")["edit"],
            &uri,
            utf8,
        );
        assert!(fixed.ends_with("region = é𝄞 # 𝄞\n"), "{fixed}");
        // Positions past the end of a line or of the document are clamped, not a crash.
        let far = editor
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": 1000, "character": 1000}}),
            )
            .await;
        assert!(far.is_null(), "{far}");
    }
}

#[tokio::test]
async fn the_other_file_on_disk_is_read_on_open_and_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text =
        "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = base\n";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    assert!(codes(&editor.open(&uri, text).await).contains(&"R001"));
    // The credentials file appears; saving the config re-reads it.
    std::fs::write(
        dir.path().join("credentials"),
        "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    .unwrap();
    editor
        .notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let diagnostics = editor.diagnostics(&uri).await;
    assert!(!codes(&diagnostics).contains(&"R001"), "{diagnostics:?}");
    // Findings in the other file are not shown in this one, and its secrets never are.
    let credentials = serde_json::to_string(&diagnostics).unwrap();
    assert!(!credentials.contains("wJalrXUtnFEMI"), "{credentials}");
    assert!(
        diagnostics.iter().all(|d| d["code"] != "C002"),
        "{diagnostics:?}"
    );

    // Opened itself, the credentials file is analysed as one (C002 on the long-lived key).
    let credentials_uri = format!("file://{}", dir.path().join("credentials").display());
    let text = std::fs::read_to_string(dir.path().join("credentials")).unwrap();
    let diagnostics = editor.open(&credentials_uri, &text).await;
    assert!(codes(&diagnostics).contains(&"C002"), "{diagnostics:?}");
    assert!(
        !serde_json::to_string(&diagnostics)
            .unwrap()
            .contains("wJalrXUtnFEMI")
    );
}

#[tokio::test]
async fn shutdown_then_exit_stops_the_service() {
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    assert!(editor.request("shutdown", Value::Null).await.is_null());
    editor.notify("exit", Value::Null).await;
    let stopped = editor.service.ready().await;
    assert!(stopped.is_err(), "the service refuses work after exit");
}

/// Hover on a line that the tools read differently shows each tool's reading; an ordinary
/// line shows only the key's documentation.
#[tokio::test]
async fn hover_shows_what_each_tool_reads_where_they_differ() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "[profile dev]\nRegion = us-east-1\noutput = json\n";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, text).await;
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let hover = editor.request("textDocument/hover", at(1, 2)).await;
    let value = hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(value.contains("| tool | reads |"), "{value}");
    assert!(value.contains("| the Go SDK | `us-east-1` |"), "{value}");
    assert!(
        value.contains("| the JavaScript SDK | not set |"),
        "{value}"
    );
    assert!(value.contains("| the Java SDK | not set |"), "{value}");
    assert!(
        value.contains("**region**"),
        "the key's documentation follows: {value}"
    );
    let plain = editor.request("textDocument/hover", at(2, 2)).await;
    let plain = plain["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        !plain.contains("| tool |") && plain.contains("**output**"),
        "{plain}"
    );

    // The table comes before the hover the line has anyway (here: the sso-session).
    let text = "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n[profile dev]\nsso_session = \"acme\"\n";
    editor.change(&uri, 2, text).await;
    let hover = editor.request("textDocument/hover", at(4, 16)).await;
    let value = hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        value.contains("| the Go SDK | `acme` |"),
        "Go removes the quotes: {value}"
    );
    assert!(
        value.contains("| the AWS CLI and boto3 | `\"acme\"` |"),
        "{value}"
    );
    assert!(
        value.contains("**sso-session `\"acme\"`** is not defined"),
        "{value}"
    );
}

/// A quick fix is taken from the server's analysis of the current text, never from what
/// the client sends back: after a line above a misspelt key is deleted, the old
/// diagnostic's fix (it travelled in `data`) renamed `output` instead, two lines down.
#[tokio::test]
async fn a_quick_fix_never_edits_text_it_was_not_computed_for() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let before = "[profile a]\n\nregoin = eu-west-1\noutput = json\n";
    let after = "[profile a]\nregoin = eu-west-1\noutput = json\n";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    let stale = find(&editor.open(&uri, before).await, "K001").clone();
    let current = find(&editor.change(&uri, 2, after).await, "K001").clone();
    assert_ne!(stale["range"], current["range"]);
    // Asked with the stale diagnostic: its range now holds `output`, which has no finding,
    // so nothing is offered there.
    let actions = editor.code_actions(&uri, &stale).await;
    assert!(actions.is_empty(), "{actions:#?}");
    // Asked where the typo is now: its fix renames exactly it.
    let actions = editor.code_actions(&uri, &current).await;
    let fix = titled(&actions, "Rename to `region`");
    assert_eq!(
        apply(after, &fix["edit"], &uri, false),
        "[profile a]\nregion = eu-west-1\noutput = json\n"
    );
    // A client that keeps no `data` (ALE) gets the same fix from the range alone.
    let mut bare = current.clone();
    bare.as_object_mut().unwrap().remove("data");
    let actions = editor.code_actions(&uri, &bare).await;
    assert!(
        actions.iter().any(|a| a["title"] == fix["title"]),
        "{actions:#?}"
    );
}

/// The fix travels as a versioned edit to clients that take them: an editor that has moved
/// on to another version refuses it instead of applying it to other text.
#[tokio::test]
async fn edits_carry_the_version_they_were_computed_for() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let capabilities = json!({
        "workspace": {"configuration": true, "workspaceEdit": {"documentChanges": true}},
    });
    let mut editor = Editor::start_with(capabilities, Value::Null, Value::Null).await;
    let k001 = find(&editor.open(&uri, LEGACY).await, "K001").clone();
    // The same findings in version 7: nothing is pushed, the fix is made for 7.
    editor.edit(&uri, 7, LEGACY).await;
    let actions = editor.code_actions(&uri, &k001).await;
    let rename = titled(&actions, "Rename to `region`");
    let change = &rename["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 7, "{rename}");
    assert_eq!(change["textDocument"]["uri"], uri.as_str());
}

/// `context.only` is honoured, and "Migrate this file" costs nothing to offer: a client
/// without lazy resolution gets a command the server runs (`workspace/applyEdit`), and
/// the profiles it leaves alone are named (it once skipped them silently).
#[tokio::test]
async fn code_actions_honour_only_and_migration_is_lazy_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "[profile a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n[profile b]\nsso_start_url = https://b.awsapps.com/start\nsso_account_id = 111122223333\nsso_role_name = R\n";
    let capabilities = json!({"workspace": {"configuration": true}});
    let mut editor = Editor::start_with(capabilities, Value::Null, Value::Null).await;
    let diagnostics = editor.open(&uri, text).await;
    let s001 = find(&diagnostics, "S001").clone();
    let ask = |only: Value| json!({"textDocument": {"uri": uri}, "range": s001["range"], "context": {"diagnostics": [], "only": only}});
    let quick = editor
        .request("textDocument/codeAction", ask(json!(["quickfix"])))
        .await;
    assert!(!quick.as_array().unwrap().is_empty());
    assert!(
        quick
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] == "quickfix"),
        "{quick}"
    );
    let source = editor
        .request("textDocument/codeAction", ask(json!(["source"])))
        .await;
    let source = source.as_array().unwrap();
    assert_eq!(source.len(), 1, "{source:?}");
    let migrate = &source[0];
    assert_eq!(migrate["title"], "Migrate this file to sso-session");
    assert!(migrate.get("edit").is_none());
    let command = &migrate["command"];
    assert_eq!(command["command"], "ssolint.migrate");
    let result = editor
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    assert!(result.is_null());
    let message = editor.notification("window/showMessage").await;
    let text_of = message["message"].as_str().unwrap();
    assert!(
        text_of.contains("`b`") && text_of.contains("no `sso_region`"),
        "{text_of}"
    );
    let applied = editor.applied.lock().unwrap().clone();
    assert_eq!(applied.len(), 1);
    let migrated = apply(text, &applied[0]["edit"], &uri, false);
    let plan = ssolint::fix::migrate::plan(text, &Default::default()).unwrap();
    assert_eq!(migrated, ssolint::fix::migrate::apply(text, &plan));
    // A command for a version the document no longer has changes nothing.
    editor.edit(&uri, 2, text).await;
    editor
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    let warning = editor.notification("window/showMessage").await;
    assert!(
        warning["message"].as_str().unwrap().contains("changed"),
        "{warning}"
    );
    assert_eq!(editor.applied.lock().unwrap().len(), 1);
    // A file without legacy profiles is offered no migration at all.
    let modern = "[profile m]\nregion = eu-west-1\n";
    editor.change(&uri, 3, modern).await;
    let none = editor
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(none.as_array().unwrap().is_empty(), "{none}");
}

/// `workspace/configuration` is asked only of a client that announced it answers.
#[tokio::test]
async fn configuration_is_asked_only_of_clients_that_answer_it() {
    let capabilities = json!({"general": {"positionEncodings": ["utf-16"]}});
    let mut editor =
        Editor::start_with(capabilities, Value::Null, json!({"ignore": ["K001"]})).await;
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    editor.open(&uri, "[profile p]\nregoin = x\n").await;
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    assert_eq!(*editor.configuration_requests.lock().unwrap(), 0);
}

/// Completion items replace exactly what is typed (accepting `eu-west-1` after `eu-w` gave
/// `eu-eu-west-1` in Neovim and Helix), say what they are, offer no key the section already
/// has, and `source_profile` never offers the profile itself.
#[tokio::test]
async fn completion_inserts_exactly_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text =
        "[profile dev]\nregion = eu-w\noutput = json\n\n[profile ci]\nsource_profile = \nout";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, text).await;
    let complete = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let regions = editor
        .request("textDocument/completion", complete(1, 13))
        .await;
    let west = regions
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "eu-west-1")
        .unwrap()
        .clone();
    assert_eq!(west["kind"], 12, "a value: {west}");
    assert_eq!(west["filterText"], "eu-west-1");
    let edit = &west["textEdit"];
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 9}));
    assert_eq!(edit["range"]["end"], json!({"line": 1, "character": 13}));
    let changes = json!({"changes": {uri.clone(): [edit]}});
    let accepted = apply(text, &changes, &uri, false);
    assert!(accepted.contains("region = eu-west-1\n"), "{accepted}");
    // Keys: not `region` or `output` again in [profile dev]; the typed `out` is replaced.
    let keys = editor
        .request("textDocument/completion", complete(2, 0))
        .await;
    let labels: Vec<&str> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(!labels.contains(&"region"), "{labels:?}");
    assert!(
        labels.contains(&"output"),
        "output is this line's own key: {labels:?}"
    );
    let ci_keys = editor
        .request("textDocument/completion", complete(6, 3))
        .await;
    let output = ci_keys
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "output")
        .unwrap()
        .clone();
    assert_eq!(output["kind"], 10, "a property: {output}");
    assert_eq!(
        output["textEdit"]["range"]["start"],
        json!({"line": 6, "character": 0})
    );
    // source_profile: the other profiles, never this one.
    let sources = editor
        .request("textDocument/completion", complete(5, 17))
        .await;
    let names: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dev"]);
}

/// The two files are one configuration: editing the credentials file in the editor
/// re-lints the open config file with the edited text (it once never did), and a change on
/// disk that the editor watches for the server reloads what surrounds each document.
#[tokio::test]
async fn editing_either_file_updates_both_files_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let config_uri = uri(&dir, "config");
    let credentials_uri = uri(&dir, "credentials");
    let capabilities = json!({
        "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
    });
    let mut editor = Editor::start_with(capabilities, Value::Null, Value::Null).await;
    // `base` exists nowhere yet: R001 (undefined source profile).
    assert!(codes(&editor.open(&config_uri, NEEDS_BASE).await).contains(&"R001"));
    // Opening the credentials file that defines it clears the config's finding.
    editor.open(&credentials_uri, DEFINES_BASE).await;
    let config_now = editor.diagnostics(&config_uri).await;
    assert!(!codes(&config_now).contains(&"R001"), "{config_now:?}");
    // Removing it there brings the finding back, without touching the config document.
    editor.change(&credentials_uri, 2, "").await;
    let config_now = editor.diagnostics(&config_uri).await;
    assert!(codes(&config_now).contains(&"R001"), "{config_now:?}");
    // The server asked to be told about the files it depends on.
    let registered = editor.applied.lock().unwrap().clone();
    assert!(
        registered
            .iter()
            .any(|r| r["registered"]["registrations"][0]["method"]
                == "workspace/didChangeWatchedFiles"),
        "{registered:?}"
    );
    // A settings file appears on disk: the watcher's notice re-reads it.
    editor
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": credentials_uri}}),
        )
        .await;
    std::fs::write(dir.path().join("ssolint.toml"), "ignore = [\"R001\"]\n").unwrap();
    editor
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&dir, "ssolint.toml"), "type": 1}]}),
        )
        .await;
    let config_now = editor.diagnostics(&config_uri).await;
    assert!(!codes(&config_now).contains(&"R001"), "{config_now:?}");
}

/// Each section folds; rule codes in suppression comments link to their docs and start
/// URLs to themselves.
#[tokio::test]
async fn folding_ranges_and_document_links() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "# ssolint: ignore[S001, K001] migrating\n[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n[profile one]\n[sso-session acme]\nsso_region = eu-west-1\n\n";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, text).await;
    let folds = editor
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let spans: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    // [profile one] is one line: nothing to fold. Trailing blank lines stay outside.
    assert_eq!(spans, [(1, 3), (6, 7)]);
    let links = editor
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let links: Vec<(Value, &str)> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["range"]["start"].clone(), l["target"].as_str().unwrap()))
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    assert_eq!(links[0].0, json!({"line": 0, "character": 18}));
    assert!(links[0].1.ends_with("/rules/S001.md"), "{links:?}");
    assert_eq!(links[1].0, json!({"line": 0, "character": 24}));
    assert!(links[1].1.ends_with("/rules/K001.md"));
    assert_eq!(
        links[2],
        (
            json!({"line": 2, "character": 16}),
            "https://acme.awsapps.com/start"
        )
    );
}

/// Semantic tokens: section names, keys, values, comments, and secret values marked (the
/// `secret` modifier), in the negotiated encoding.
#[tokio::test]
async fn semantic_tokens_mark_sections_keys_values_comments_and_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "credentials");
    let text = "# ci — rotated monthly\n[ci]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = s3cr3t\n";
    for (encodings, comment_length) in [(vec!["utf-16"], 22), (vec!["utf-8"], 24)] {
        let mut editor = Editor::start(&encodings, Value::Null, Value::Null).await;
        editor.open(&uri, text).await;
        let result = editor
            .request(
                "textDocument/semanticTokens/full",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        let data: Vec<u64> = result["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        // (Δline, Δstart, length, type, modifiers) per token.
        let tokens: Vec<&[u64]> = data.chunks(5).collect();
        assert_eq!(
            tokens,
            [
                &[0, 0, comment_length, 3, 0][..],
                &[1, 1, 2, 0, 0],
                &[1, 0, 17, 1, 0],
                &[0, 20, 20, 2, 0],
                &[1, 0, 21, 1, 0],
                &[0, 24, 6, 2, 1],
            ],
            "{encodings:?}"
        );
    }
}

/// Incremental sync: range changes applied in order, in the negotiated encoding, give the
/// same text (and findings) as sending the whole text.
#[tokio::test]
async fn incremental_changes_apply_in_order_in_either_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "[profile dév]\nregoin = eu-west-1\n";
    for (encodings, after_v) in [(vec!["utf-16"], 12), (vec!["utf-8"], 13)] {
        let mut editor = Editor::start(&encodings, Value::Null, Value::Null).await;
        assert!(codes(&editor.open(&uri, text).await).contains(&"K001"));
        let at = |line: u32, character: u32| json!({"line": line, "character": character});
        editor
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                    // `regoin` → `region`, then a key after `dév]`'s line, then an edit
                    // after the `v` (whose column the width of the é decides).
                    {"range": {"start": at(1, 0), "end": at(1, 6)}, "text": "region"},
                    {"range": {"start": at(2, 0), "end": at(2, 0)}, "text": "output = json\n"},
                    {"range": {"start": at(0, after_v), "end": at(0, after_v)}, "text": "x"},
                ]}),
            )
            .await;
        let diagnostics = editor.diagnostics(&uri).await;
        assert!(!codes(&diagnostics).contains(&"K001"), "{diagnostics:?}");
        let symbols = editor
            .request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        assert_eq!(symbols[0]["name"], "[profile dévx]", "{encodings:?}");
        let keys: Vec<&str> = symbols[0]["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["name"].as_str().unwrap())
            .collect();
        assert_eq!(keys, ["region", "output"]);
    }
}

/// Clients that pull diagnostics get them on request, by result id (unchanged when
/// nothing changed), and no pushes; a change asks them to pull again.
#[tokio::test]
async fn pull_diagnostics_for_clients_that_pull() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let capabilities = json!({
        "workspace": {"diagnostics": {"refreshSupport": true}},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
    });
    let mut editor = Editor::start_with(capabilities, Value::Null, Value::Null).await;
    let init_check = editor
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": "file:///none/config"}}),
        )
        .await;
    assert_eq!(init_check["kind"], "full");
    editor
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "awsconfig", "version": 1, "text": "[profile p]\nregoin = x\n"}}),
        )
        .await;
    let pull = |previous: Option<&str>| json!({"textDocument": {"uri": uri}, "previousResultId": previous});
    let first = editor.request("textDocument/diagnostic", pull(None)).await;
    assert_eq!(first["kind"], "full");
    assert!(codes(first["items"].as_array().unwrap()).contains(&"K001"));
    let id = first["resultId"].as_str().unwrap().to_string();
    let again = editor
        .request("textDocument/diagnostic", pull(Some(&id)))
        .await;
    assert_eq!(again["kind"], "unchanged", "{again}");
    editor
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "[profile p]\nregion = eu-west-1\n"}]}),
        )
        .await;
    let changed = editor
        .request("textDocument/diagnostic", pull(Some(&id)))
        .await;
    assert_eq!(changed["kind"], "full");
    assert!(!codes(changed["items"].as_array().unwrap()).contains(&"K001"));
    assert!(
        editor
            .applied
            .lock()
            .unwrap()
            .iter()
            .any(|r| r["refresh"] == true)
    );
    // Nothing was pushed.
    while let Ok(message) = editor.published.try_recv() {
        assert_ne!(
            message["method"], "textDocument/publishDiagnostics",
            "{message}"
        );
    }
}

/// Neovim 0.11 pulls diagnostics but cannot be told to pull again (no `refreshSupport`):
/// it re-pulls a document only after editing it, so with pulling the config's findings
/// never followed an edit of the credentials file. Such a client gets pushed diagnostics.
#[tokio::test]
async fn a_client_that_pulls_but_cannot_be_refreshed_gets_pushes() {
    let dir = tempfile::tempdir().unwrap();
    let config_uri = uri(&dir, "config");
    let credentials_uri = uri(&dir, "credentials");
    let capabilities = json!({
        "workspace": {"configuration": true},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
    });
    let mut editor = Editor::start_with(capabilities, Value::Null, Value::Null).await;
    assert!(
        editor.initialized["capabilities"]["diagnosticProvider"].is_null(),
        "{}",
        editor.initialized
    );
    assert!(codes(&editor.open(&config_uri, NEEDS_BASE).await).contains(&"R001"));
    editor.open(&credentials_uri, DEFINES_BASE).await;
    let config_now = editor.diagnostics(&config_uri).await;
    assert!(!codes(&config_now).contains(&"R001"), "{config_now:?}");
}

/// A pushed diagnostic carries only the parts the client takes (Eglot takes neither related
/// information nor code links: on 10 000 findings they were 4.3 MB of every 10.4 MB
/// publish), and to a client that keeps diagnostics by line and column (Neovim) an edit
/// that leaves the findings as they were pushes nothing (typing inside a value re-sent all
/// 10 000); Eglot, which keeps buffer offsets, gets every version.
#[tokio::test]
async fn pushes_carry_what_the_client_takes_and_only_when_findings_change() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let eglot = json!({
        "workspace": {"configuration": true},
        "textDocument": {"publishDiagnostics": {"relatedInformation": false, "codeDescriptionSupport": false}},
    });
    let neovim = json!({
        "workspace": {"configuration": true},
        "textDocument": {"publishDiagnostics": {"relatedInformation": true, "dataSupport": true}},
    });
    // Eglot names itself nowhere (1.9) and keeps buffer offsets: it gets every version.
    for (name, client, related, link, data, pushes_unchanged) in [
        (Value::Null, eglot, false, false, false, true),
        (
            json!({"name": "Neovim", "version": "0.11.4"}),
            neovim,
            true,
            false,
            true,
            false,
        ),
    ] {
        let mut editor = Editor::start_as(name, client.clone(), Value::Null, Value::Null).await;
        let diagnostics = editor.open(&uri, LEGACY).await;
        let s001 = find(&diagnostics, "S001");
        assert_eq!(
            s001["relatedInformation"].is_array(),
            related,
            "{client}: {s001}"
        );
        assert_eq!(
            s001["codeDescription"].is_object(),
            link,
            "{client}: {s001}"
        );
        assert_eq!(s001["data"].is_object(), data, "{client}: {s001}");
        assert!(
            s001["message"].as_str().unwrap().contains("legacy"),
            "{s001}"
        );
        // Version 2 changes a value and no finding; version 3 fixes the typo. A client that
        // keeps positions by line and column gets only 3.
        let typed = LEGACY.replace("role/Ci", "role/Cix");
        assert_ne!(typed, LEGACY);
        editor
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typed}]}),
            )
            .await;
        // The analysis of version 2 is done before version 3 arrives.
        editor
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": s001["range"], "context": {"diagnostics": []}}),
            )
            .await;
        editor
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typed.replace("regoin", "region")}]}),
            )
            .await;
        let mut pushed = editor.notification("textDocument/publishDiagnostics").await;
        if pushes_unchanged {
            assert_eq!(pushed["version"], 2, "{client}: {pushed}");
            pushed = editor.notification("textDocument/publishDiagnostics").await;
        }
        assert_eq!(pushed["version"], 3, "{client}: {pushed}");
        assert!(!codes(pushed["diagnostics"].as_array().unwrap()).contains(&"K001"));
    }
}

/// A file with more findings than editors take pushes the most severe of them, and says how
/// many it leaves out (Eglot took 122 s to show 10 000).
#[tokio::test]
async fn a_file_with_thousands_of_findings_pushes_the_worst_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let extra = 200;
    let mut text = String::new();
    for i in 0..ssolint::lsp::PUSH_LIMIT + extra {
        text.push_str(&format!(
            "[profile p{i}]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n"
        ));
    }
    // One error, at the very end: it is among those shown.
    text.push_str("[profile last]\nsource_profile = nowhere\n");
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    let diagnostics = editor.open(&uri, &text).await;
    assert_eq!(diagnostics.len(), ssolint::lsp::PUSH_LIMIT + 1);
    let notice = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        notice.starts_with(&format!("{} more findings", extra + 1)),
        "{notice}"
    );
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(diagnostics.last().unwrap()["code"], "R001");
    let s001 = diagnostics.iter().filter(|d| d["code"] == "S001").count();
    assert_eq!(s001, ssolint::lsp::PUSH_LIMIT - 1);
}

/// Requests share what a text parses to until the text changes: after an edit, hover and the
/// outline answer for the new text, never from the kept tree of the old one.
#[tokio::test]
async fn requests_after_an_edit_answer_for_the_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, "[profile a]\nregion = eu-west-1\n").await;
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}});
    let outline = json!({"textDocument": {"uri": uri}});
    let before = editor.request("textDocument/hover", at.clone()).await;
    assert!(
        before["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**region**"),
        "{before}"
    );
    let symbols = editor
        .request("textDocument/documentSymbol", outline.clone())
        .await;
    assert_eq!(symbols[0]["name"], "[profile a]", "{symbols}");
    editor.edit(&uri, 2, "[profile b]\noutput = json\n").await;
    let after = editor.request("textDocument/hover", at).await;
    assert!(
        after["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**output**"),
        "{after}"
    );
    let symbols = editor.request("textDocument/documentSymbol", outline).await;
    assert_eq!(symbols[0]["name"], "[profile b]", "{symbols}");
}

/// The outline lists each section's keys under it, unless that makes it longer than
/// `OUTLINE_LIMIT`: then the sections alone (10 000 profiles once gave 80 000 symbols,
/// 14.6 MB, 340 ms of the server's time).
#[tokio::test]
async fn a_long_outline_lists_the_sections_alone() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let profile = |i: usize| format!("[profile p{i}]\nregion = eu-west-1\noutput = json\n");
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    let outline = json!({"textDocument": {"uri": uri}});
    // Three symbols a section: a third of the limit of sections is just within it.
    let fits: String = (0..ssolint::lsp::OUTLINE_LIMIT / 3).map(profile).collect();
    editor.open(&uri, &fits).await;
    let symbols = editor
        .request("textDocument/documentSymbol", outline.clone())
        .await;
    assert_eq!(
        symbols.as_array().unwrap().len(),
        ssolint::lsp::OUTLINE_LIMIT / 3
    );
    assert_eq!(symbols[0]["children"][1]["name"], "output");
    let long: String = (0..ssolint::lsp::OUTLINE_LIMIT / 3 + 1)
        .map(profile)
        .collect();
    editor.edit(&uri, 2, &long).await;
    let symbols = editor.request("textDocument/documentSymbol", outline).await;
    let sections = symbols.as_array().unwrap();
    assert_eq!(sections.len(), ssolint::lsp::OUTLINE_LIMIT / 3 + 1);
    assert!(
        sections.iter().all(|s| s.get("children").is_none()),
        "{}",
        sections[0]
    );
    assert_eq!(
        sections.last().unwrap()["name"],
        format!("[profile p{}]", ssolint::lsp::OUTLINE_LIMIT / 3)
    );
}

/// The two files are one configuration for names too: a `source_profile` defined in the
/// credentials file is offered in completion and its definition is found there — on disk,
/// or as the editor has it when it is open (both once saw only the file at hand).
#[tokio::test]
async fn definition_and_completion_see_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let config_uri = uri(&dir, "config");
    let credentials_uri = uri(&dir, "credentials");
    std::fs::write(dir.path().join("credentials"), DEFINES_BASE).unwrap();
    let config = "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = base\n[profile other]\nsource_profile = \n";
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&config_uri, config).await;
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": config_uri}, "position": {"line": line, "character": character}});
    let definition = editor.request("textDocument/definition", at(2, 18)).await;
    assert_eq!(definition["uri"], credentials_uri.as_str(), "{definition}");
    assert_eq!(
        definition["range"],
        json!({"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 5}})
    );
    let items = editor.request("textDocument/completion", at(4, 17)).await;
    let base = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "base")
        .unwrap_or_else(|| panic!("{items}"))
        .clone();
    assert_eq!(base["detail"], "defined in the credentials file", "{base}");
    // Open in the editor, with `base` moved down: its text there counts.
    editor
        .open(&credentials_uri, "[ci-user]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n[base]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n")
        .await;
    let definition = editor.request("textDocument/definition", at(2, 18)).await;
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 3, "character": 1}),
        "{definition}"
    );
}

/// VS Code's settings shape is understood, and a settings mistake reaches the user
/// (`window/showMessage`) instead of silently turning every rule back on.
#[tokio::test]
async fn settings_in_vs_code_s_shape_and_settings_mistakes_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "[profile p]\nregoin = x\n";
    let vscode = json!({"path": "/opt/ssolint", "filePatterns": ["**/.aws/config"], "settings": {"ignore": ["K001"]}});
    let mut editor = Editor::start(&["utf-16"], vscode, Value::Null).await;
    assert!(!codes(&editor.open(&uri, text).await).contains(&"K001"));

    let unknown = json!({"ignore": ["K001", "Q42"]});
    let mut editor = Editor::start(&["utf-16"], unknown, Value::Null).await;
    let diagnostics = editor.open(&uri, text).await;
    let shown = editor.notification("window/showMessage").await;
    assert_eq!(shown["type"], 1, "an error: {shown}");
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("`Q42` selects no rule"),
        "{shown}"
    );
    // The defaults are in force meanwhile (and the user has been told).
    assert!(codes(&diagnostics).contains(&"K001"));

    // A project settings file with a mistake: named with its line and column.
    std::fs::write(
        dir.path().join("ssolint.toml"),
        "# team\nignroe = [\"K001\"]\n",
    )
    .unwrap();
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    editor.open(&uri, text).await;
    let shown = editor.notification("window/showMessage").await;
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("ssolint.toml:2:1: unknown field `ignroe`"),
        "{message}"
    );
}

/// Files beside the document are read only when they are regular files: a FIFO as the
/// companion or as `ssolint.toml` once blocked the whole server, a companion linked to
/// `/dev/zero` was read until memory failed.
#[cfg(unix)]
#[tokio::test]
async fn a_fifo_or_a_device_beside_the_document_never_blocks_the_server() {
    let make_fifo = |path: &std::path::Path| {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    let fifo_dir = tempfile::tempdir().unwrap();
    make_fifo(&fifo_dir.path().join("credentials"));
    let nested = fifo_dir.path().join("team");
    std::fs::create_dir_all(&nested).unwrap();
    make_fifo(&fifo_dir.path().join("ssolint.toml"));
    let zero_dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", zero_dir.path().join("credentials")).unwrap();
    let mut editor = Editor::start(&["utf-16"], Value::Null, Value::Null).await;
    for dir in [fifo_dir.path(), nested.as_path(), zero_dir.path()] {
        let uri = format!("file://{}/config", dir.display());
        // `open` waits (bounded) for the diagnostics: they come.
        let diagnostics = editor.open(&uri, "[profile p]\nregoin = x\n").await;
        assert!(
            codes(&diagnostics).contains(&"K001"),
            "{dir:?}: {diagnostics:?}"
        );
    }
}
