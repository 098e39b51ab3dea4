//! `ssolint lsp` over stdio, as an editor talks to it: initialize, open, change, and every
//! feature answering through the real binary's framing. Nothing but protocol may appear on
//! stdout. (`tests/lsp_service.rs` drives the same server in process, in more depth.)

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
    /// Notifications received so far.
    notifications: Vec<Value>,
}

impl Client {
    fn start(utf8: bool) -> Client {
        Client::start_in(utf8, Path::new("/nonexistent"))
    }

    /// A server whose user config directory (`XDG_CONFIG_HOME`) is `config_home`.
    fn start_in(utf8: bool, config_home: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssolint"))
            .arg("lsp")
            .env("XDG_CONFIG_HOME", config_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut client = Client {
            child,
            stdin,
            stdout,
            next_id: 1,
            notifications: Vec::new(),
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let result = client.request(
            "initialize",
            // A client that takes every part of a diagnostic.
            json!({"processId": null, "rootUri": null, "capabilities": {
                "general": {"positionEncodings": encodings},
                "textDocument": {"publishDiagnostics": {"relatedInformation": true, "codeDescriptionSupport": true, "dataSupport": true}},
            }}),
        );
        assert_eq!(result["serverInfo"]["name"], "ssolint");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Reads one framed message (anything else on stdout fails the test).
    fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            assert!(!line.is_empty(), "the server closed stdout");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("not a header: {line:?}"));
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.read();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
            if let Some(server_id) = message
                .get("id")
                .filter(|_| message.get("method").is_some())
            {
                // A request from the server (workspace/configuration): answer it.
                let result = if message["method"] == "workspace/configuration" {
                    json!([null])
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": server_id, "result": result}));
                continue;
            }
            self.notifications.push(message);
        }
    }

    /// Waits for the diagnostics of `uri` (the next publish).
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Some(i) = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            }) {
                let n = self.notifications.remove(i);
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let message = self.read();
            if let Some(server_id) = message
                .get("id")
                .filter(|_| message.get("method").is_some())
            {
                self.send(json!({"jsonrpc": "2.0", "id": server_id, "result": [null]}));
                continue;
            }
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "awsconfig", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn assert_hover(client: &mut Client, position: Value, expected: &str) {
    let hover = client.request("textDocument/hover", position);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains(expected), "{hover}");
}

/// A reviewed JSON snapshot under `snapshots/lsp/`.
fn snapshot(name: &str, json_text: &str) {
    let value: Value = serde_json::from_str(json_text).unwrap();
    insta::with_settings!({
        snapshot_path => "../snapshots/lsp",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, serde_json::to_string_pretty(&value).unwrap());
    });
}

const LEGACY: &str = "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Dev\nregoin = eu-west-1\n\n[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = dev\n";

fn uri(dir: &tempfile::TempDir, name: &str) -> String {
    format!("file://{}", dir.path().join(name).display())
}

#[test]
fn diagnostics_on_open_and_change_with_codes_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut client = Client::start(false);
    let diagnostics = client.open(&uri, LEGACY);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"S001") && codes.contains(&"K001"),
        "{codes:?}"
    );
    snapshot(
        "lsp-diagnostics-legacy",
        &json!(diagnostics)
            .to_string()
            .replace(&uri, "file:///CONFIG"),
    );
    let s001 = diagnostics.iter().find(|d| d["code"] == "S001").unwrap();
    assert_eq!(s001["range"]["start"], json!({"line": 0, "character": 1}));
    assert_eq!(s001["source"], "ssolint");
    assert!(
        s001["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/rules/S001.md")
    );
    assert_eq!(s001["relatedInformation"].as_array().unwrap().len(), 2);
    // A change that fixes the typo: K001 goes.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": LEGACY.replace("regoin", "region")}]}),
    );
    let codes: Vec<String> = client
        .diagnostics(&uri)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(!codes.contains(&"K001".to_string()), "{codes:?}");
}

#[test]
fn code_actions_fix_suppress_and_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut client = Client::start(false);
    let diagnostics = client.open(&uri, LEGACY);
    let k001 = diagnostics
        .iter()
        .find(|d| d["code"] == "K001")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": k001["range"], "context": {"diagnostics": [k001]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Rename to `region`"), "{titles:?}");
    assert!(titles.contains(&"Suppress K001 here"), "{titles:?}");
    assert!(
        titles.contains(&"Migrate this file to sso-session"),
        "{titles:?}"
    );
    let rename = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Rename to `region`")
        .unwrap();
    let edits = &rename["edit"]["changes"][&uri];
    assert_eq!(edits[0]["newText"], "region");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 5, "character": 0})
    );
    let suppress = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Suppress K001 here")
        .unwrap();
    assert_eq!(
        suppress["edit"]["changes"][&uri][0]["newText"],
        "# ssolint: ignore[K001] reason\n"
    );
}

#[test]
fn hover_completion_navigation_and_symbols() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let text = "# ssolint: ignore[S009] later\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n[profile dev]\nsso_session = acme\nregion = \n";
    let mut client = Client::start(false);
    client.open(&uri, text);
    let pos = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    // Hover on a key, on a session reference, on a rule code in a suppression.
    assert_hover(&mut client, pos(3, 2), "**sso_region**");
    assert_hover(&mut client, pos(6, 15), "https://acme.awsapps.com/start");
    assert_hover(&mut client, pos(0, 19), "missing-registration-scopes");
    // Completion: region values after `region =`, session names after `sso_session =`, keys.
    let items = client.request("textDocument/completion", pos(7, 9));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"eu-west-1") && labels.contains(&"us-gov-west-1"),
        "{labels:?}"
    );
    let items = client.request("textDocument/completion", pos(6, 14));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["acme"]);
    // Definition, references, rename of the session.
    let definition = client.request("textDocument/definition", pos(6, 15));
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 1, "character": 13})
    );
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 14}, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(references.as_array().unwrap().len(), 2);
    let rename = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 14}, "newName": "corp"}),
    );
    assert_eq!(rename["changes"][&uri].as_array().unwrap().len(), 2);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    snapshot("lsp-document-symbols", &symbols.to_string());
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["[sso-session acme]", "[profile dev]"]);
}

#[test]
fn positions_follow_the_negotiated_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    // "é" is 2 bytes in UTF-8, 1 unit in UTF-16; "𝄞" 4 bytes, 2 units.
    let text = "[profile é𝄞]\nregoin = x\n[profile b]\nsource_profile = é𝄞\n";
    let mut client = Client::start(false);
    client.open(&uri, text);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 18}}),
    );
    assert_eq!(
        definition["range"],
        json!({"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 12}})
    );
    drop(client);
    let mut client = Client::start(true);
    client.open(&uri, text);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 18}}),
    );
    assert_eq!(
        definition["range"],
        json!({"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 15}})
    );
}

#[test]
fn the_companion_credentials_file_on_disk_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("credentials"), "[base]\naws_access_key_id = ASIAEXAMPLE1234567\naws_secret_access_key = x\naws_session_token = y\n").unwrap();
    let uri = uri(&dir, "config");
    let mut client = Client::start(false);
    let diagnostics = client.open(
        &uri,
        "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/Ci\nsource_profile = base\n",
    );
    assert!(
        diagnostics.iter().all(|d| d["code"] != "R001"),
        "base is in the credentials file: {diagnostics:?}"
    );
}

/// The CLI and the server share one workspace edge: the same file kinds (a `Credentials`
/// file in any case), the same settings (the user's `ssolint.toml` when no project file
/// applies), so the same findings.
#[test]
fn the_server_and_the_cli_agree_on_file_kinds_and_settings() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("ssolint")).unwrap();
    std::fs::write(
        home.path().join("ssolint/ssolint.toml"),
        "ignore = [\"S001\"]\n",
    )
    .unwrap();
    let cases = [
        (
            "config",
            "[profile dev]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\nregoin = x\n",
        ),
        (
            "Credentials",
            "[profile ci]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n",
        ),
    ];
    let mut client = Client::start_in(false, home.path());
    for (name, text) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut served: Vec<String> = client
            .open(&uri(&dir, name), text)
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        served.sort();
        let cli = Command::new(env!("CARGO_BIN_EXE_ssolint"))
            .args(["check", path.to_str().unwrap(), "--format", "json"])
            .env("XDG_CONFIG_HOME", home.path())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&cli.stdout).unwrap();
        let mut checked: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        checked.sort();
        assert_eq!(served, checked, "{name}");
        assert!(!served.contains(&"S001".to_string()), "{name}: {served:?}");
        assert!(!served.is_empty(), "{name}");
    }
}

/// The process's exit status after `n` tenths of a second at most (`None`: still running).
fn exit_within(child: &mut std::process::Child, tenths: u32) -> Option<i32> {
    for _ in 0..tenths {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status.code().unwrap_or(-1));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    None
}

/// One malformed message costs that message, not the server: a body that is not JSON and a
/// broken `Content-Length` get a parse error (-32700) and the server answers the next
/// request (it once ended with exit 0, stdin still open).
#[test]
fn malformed_messages_get_a_parse_error_and_the_server_goes_on() {
    let mut client = Client::start(false);
    write!(
        client.stdin,
        "Content-Length: 16\r\n\r\n{{\"jsonrpc\": \"2.0"
    )
    .unwrap();
    client.stdin.flush().unwrap();
    let error = client.read();
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert!(error["id"].is_null());
    write!(client.stdin, "Content-Length: twelve\r\n\r\n").unwrap();
    client.stdin.flush().unwrap();
    let error = client.read();
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("twelve")
    );
    // Still serving.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///nowhere/config"}}),
    );
    assert!(symbols.is_null(), "{symbols}");
}

/// A bare server process and its stdin (its stdout read by `answer_to`).
fn bare_server() -> (Child, ChildStdin) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssolint"))
        .arg("lsp")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

/// Reads the server's output until the answer to request `id` (as an editor waits for the
/// answer to `shutdown` before it sends `exit`).
fn answer_to(child: &mut Child, id: i64) {
    let stdout = child.stdout.as_mut().unwrap();
    let mut seen = Vec::new();
    let needle = format!("\"id\":{id}");
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains(&needle) {
        assert_eq!(
            stdout.read(&mut byte).unwrap(),
            1,
            "the server closed stdout"
        );
        seen.push(byte[0]);
    }
}

fn send_to(stdin: &mut ChildStdin, message: Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// `exit` after `shutdown` is exit status 0; `exit` without it, or the end of input, is 1
/// (the protocol's rule; it once exited 0 either way).
#[test]
fn exit_status_follows_the_shutdown_rule() {
    let initialize =
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}});
    let (mut clean, mut stdin) = bare_server();
    send_to(&mut stdin, initialize.clone());
    answer_to(&mut clean, 1);
    send_to(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    answer_to(&mut clean, 2);
    send_to(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(exit_within(&mut clean, 50), Some(0));

    let (mut abrupt, mut stdin) = bare_server();
    send_to(&mut stdin, initialize.clone());
    send_to(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(exit_within(&mut abrupt, 50), Some(1));

    // Closing stdin: the editor died.
    let (mut gone, mut stdin) = bare_server();
    send_to(&mut stdin, initialize);
    drop(stdin);
    assert_eq!(exit_within(&mut gone, 50), Some(1));
}

/// A client that announces `workspace/configuration` but never answers it does not keep
/// the server alive after `shutdown` and `exit`.
#[test]
fn an_unanswered_configuration_request_does_not_outlive_exit() {
    let (mut child, mut stdin) = bare_server();
    send_to(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"workspace": {"configuration": true}}}}),
    );
    answer_to(&mut child, 1);
    send_to(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send_to(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    answer_to(&mut child, 2);
    send_to(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    // Within the server's patience for the answer (5 s), plus margin.
    let status = exit_within(&mut child, 100);
    let _ = child.kill();
    assert_eq!(status, Some(0));
}

/// A burst of edits costs one analysis, of the newest text (plus at most two stragglers),
/// and the last diagnostics published are the newest version's.
#[test]
fn a_burst_of_edits_is_analysed_once() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri(&dir, "config");
    let mut client = Client::start(false);
    client.open(&uri, LEGACY);
    // Twenty keystrokes, written at once as a fast typist's editor sends them.
    let mut burst = String::new();
    for version in 2..=21 {
        let text = LEGACY.replace("regoin", &"x".repeat(version));
        let body = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        }})
        .to_string();
        burst.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
    client.stdin.write_all(burst.as_bytes()).unwrap();
    client.stdin.flush().unwrap();
    // Read until the newest version's diagnostics; count every publish on the way.
    let mut versions = Vec::new();
    while versions.last() != Some(&json!(21)) {
        let message = client.read();
        if message["method"] == "textDocument/publishDiagnostics" {
            versions.push(message["params"]["version"].clone());
        }
    }
    let published = versions;
    assert!(
        (1..=3).contains(&published.len()),
        "{} analyses for one burst",
        published.len()
    );
    assert_eq!(published.last(), Some(&json!(21)));
}
