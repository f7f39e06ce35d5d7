//! The server in process: a client on the other end of `Connection::memory()` drives its loop on
//! a thread, and whole exchanges are snapshots (`snapshots/`). `tests/cli/lsp.rs` runs the real
//! binary over standard input and output.

use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{TextEdit, Url};
use serde_json::{Value, json};

use super::position::{Encoding, Lines};
use super::{Options, RuleDocsDir, run};

const SEED: &str = include_str!("../../../../examples/seed/Dockerfile");
const WAIT: Duration = Duration::from_secs(30);

struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Every message, in order, as `{"client": …}` or `{"server": …}`.
    transcript: Vec<Value>,
    /// Messages read while waiting for another.
    unread: Vec<Message>,
}

impl Client {
    /// Starts a server and initializes it with these client capabilities.
    fn start(capabilities: Value) -> (Client, Value) {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || {
            run(
                &server,
                &Options {
                    change_directory: false,
                    rule_docs: RuleDocsDir::Off,
                },
            )
        });
        let mut client = Client {
            connection: client,
            server: Some(handle),
            next_id: 0,
            transcript: Vec::new(),
            unread: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Message) {
        self.transcript
            .push(json!({ "client": serde_json::to_value(&message).unwrap() }));
        self.connection.sender.send(message).unwrap();
    }

    fn receive(&mut self) -> Message {
        let message = self
            .connection
            .receiver
            .recv_timeout(WAIT)
            .expect("the server said nothing");
        self.transcript
            .push(json!({ "server": serde_json::to_value(&message).unwrap() }));
        message
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_owned(), params).into());
    }

    /// Sends a request and waits for its response: the result, or the error as `{"error": …}`.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_owned(), params).into());
        loop {
            match self.receive() {
                Message::Response(Response {
                    id: got,
                    response_result,
                }) if got == id => {
                    return match response_result {
                        Ok(result) => result,
                        Err(error) => json!({ "error": serde_json::to_value(error).unwrap() }),
                    };
                }
                other => self.unread.push(other),
            }
        }
    }

    /// The next notification (or request) from the server with this method.
    fn expect(&mut self, method: &str) -> Value {
        let found = self.unread.iter().position(|message| match message {
            Message::Notification(n) => n.method == method,
            Message::Request(r) => r.method == method,
            Message::Response(_) => false,
        });
        let message = match found {
            Some(index) => self.unread.remove(index),
            None => loop {
                let message = self.receive();
                let matches = match &message {
                    Message::Notification(n) => n.method == method,
                    Message::Request(r) => r.method == method,
                    Message::Response(_) => false,
                };
                if matches {
                    break message;
                }
                self.unread.push(message);
            },
        };
        match message {
            Message::Notification(n) => n.params,
            Message::Request(r) => json!({ "id": r.id, "params": r.params }),
            Message::Response(_) => unreachable!(),
        }
    }

    /// Whether the server sent nothing more (waiting a moment for it).
    fn is_quiet(&mut self) -> bool {
        self.unread.is_empty()
            && self
                .connection
                .receiver
                .recv_timeout(Duration::from_millis(300))
                .is_err()
    }

    /// `shutdown` then `exit`: how the server's loop ended.
    fn stop(mut self) -> (Result<(), String>, Vec<Value>) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let outcome = self.server.take().unwrap().join().unwrap();
        (outcome, self.transcript)
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "dockerfile", "version": 1, "text": text
            }}),
        );
    }
}

const DOCKERFILE: &str = "file:///project/Dockerfile";

fn push_client() -> Client {
    Client::start(json!({})).0
}

/// The diagnostics of a `publishDiagnostics` as (rule, range).
fn ranges(published: &Value) -> Vec<(String, Value)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["range"].clone()))
        .collect()
}

/// The client's side of applying edits, in the negotiated encoding.
fn apply(text: &str, edits: &[TextEdit], encoding: Encoding) -> String {
    let lines = Lines::new(text, encoding);
    let mut ranges: Vec<_> = edits
        .iter()
        .map(|edit| (lines.text_range(edit.range), edit.new_text.as_str()))
        .collect();
    ranges.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, new_text) in ranges {
        out.replace_range(range.start..range.end, new_text);
    }
    out
}

/// The edits a code action makes to `uri`.
fn edits_of(action: &Value, uri: &str) -> Vec<TextEdit> {
    serde_json::from_value(action["edit"]["changes"][uri].clone()).unwrap()
}

#[test]
fn initialize_negotiates_utf8_when_offered_and_utf16_otherwise() {
    let (client, utf8) = Client::start(json!({
        "general": { "positionEncodings": ["utf-16", "utf-8"] }
    }));
    insta::assert_json_snapshot!(utf8, { ".serverInfo.version" => "[version]" });
    assert_eq!(client.stop().0, Ok(()));
    for capabilities in [
        json!({}),
        json!({ "general": { "positionEncodings": ["utf-32"] } }),
    ] {
        let (client, result) = Client::start(capabilities);
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        let mut without_encoding = result.clone();
        without_encoding["capabilities"]["positionEncoding"] = json!("utf-8");
        assert_eq!(without_encoding, utf8, "only the encoding differs");
        assert_eq!(client.stop().0, Ok(()));
    }
}

#[test]
fn the_seed_dockerfile_gets_its_findings_and_an_edit_that_fixes_copy_clears_it() {
    let mut client = push_client();
    client.open(DOCKERFILE, SEED);
    let opened = client.expect("textDocument/publishDiagnostics");
    assert_eq!(opened["version"], 1);
    // `COPY. /app` on line 14 (0-based 13): the whole `COPY.` word.
    let copy: Vec<_> = ranges(&opened)
        .into_iter()
        .filter(|(rule, _)| rule == "dockerfile/unknown-instruction")
        .collect();
    assert_eq!(
        copy,
        [(
            "dockerfile/unknown-instruction".to_owned(),
            json!({ "start": { "line": 13, "character": 0 }, "end": { "line": 13, "character": 5 } })
        )]
    );
    // An incremental change: a space after `COPY`.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": DOCKERFILE, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": 13, "character": 4 }, "end": { "line": 13, "character": 4 } },
                "text": " "
            }]
        }),
    );
    let changed = client.expect("textDocument/publishDiagnostics");
    assert_eq!(changed["version"], 2);
    let rules: Vec<String> = ranges(&changed).into_iter().map(|(rule, _)| rule).collect();
    assert!(
        !rules
            .iter()
            .any(|rule| rule == "dockerfile/unknown-instruction")
    );
    assert_eq!(
        rules.len() + 1,
        ranges(&opened).len(),
        "only that finding went"
    );
    // Closing clears what was pushed.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": DOCKERFILE } }),
    );
    let closed = client.expect("textDocument/publishDiagnostics");
    assert_eq!(closed["diagnostics"], json!([]));
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(transcript, {
        "[].server.result.serverInfo.version" => "[version]"
    });
}

#[test]
fn the_quick_fix_and_fix_all_edit_the_document() {
    let mut client = push_client();
    client.open(DOCKERFILE, SEED);
    client.expect("textDocument/publishDiagnostics");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": DOCKERFILE },
            "range": { "start": { "line": 13, "character": 2 }, "end": { "line": 13, "character": 2 } },
            "context": { "diagnostics": [] }
        }),
    );
    insta::assert_json_snapshot!("quick_fix_actions", actions);
    let quick_fix = &actions[0];
    assert_eq!(quick_fix["kind"], "quickfix");
    let fixed = apply(SEED, &edits_of(quick_fix, DOCKERFILE), Encoding::Utf16);
    assert!(fixed.contains("\nCOPY . /app\n"));
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["title"].as_str().unwrap().starts_with("Ignore"))
        .unwrap();
    let ignored = apply(SEED, &edits_of(ignore, DOCKERFILE), Encoding::Utf16);
    assert!(ignored.contains("\n# drydock ignore=dockerfile/unknown-instruction\nCOPY. /app\n"));

    // Fix-all, asked for as editors do on save.
    let all = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": DOCKERFILE },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] }
        }),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.drydock");
    let fixed_all = apply(SEED, &edits_of(&all[0], DOCKERFILE), Encoding::Utf16);
    let expected = drydock_core::fix_all(
        &drydock_core::SourceFile {
            name: "/project/Dockerfile".to_owned(),
            text: SEED.to_owned(),
        },
        &drydock_core::Settings::new(),
    );
    assert_eq!(fixed_all, expected);
    insta::assert_snapshot!("fixed_all", fixed_all);

    // The whole text sent back: its fixed findings are gone, and so are their actions.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": DOCKERFILE, "version": 2 },
            "contentChanges": [{ "text": fixed_all }]
        }),
    );
    let after = client.expect("textDocument/publishDiagnostics");
    assert!(
        !ranges(&after)
            .iter()
            .any(|(rule, _)| rule == "dockerfile/unknown-instruction")
    );
    let none = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": DOCKERFILE },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll.drydock"] }
        }),
    );
    assert_eq!(none, json!([]));
    assert_eq!(client.stop().0, Ok(()));
}

#[test]
fn columns_after_non_ascii_text_count_in_the_negotiated_encoding() {
    // `🐳` is 4 bytes in UTF-8 and 2 units in UTF-16; `é` 2 and 1.
    let text = "FROM debian:12\nRUN echo \"🐳 café\" && apt-get install -y curl\n";
    let mut starts = Vec::new();
    for encoding in ["utf-8", "utf-16"] {
        let (mut client, _) = Client::start(json!({
            "general": { "positionEncodings": [encoding] }
        }));
        client.open(DOCKERFILE, text);
        let published = client.expect("textDocument/publishDiagnostics");
        let (_, range) = ranges(&published)
            .into_iter()
            .find(|(rule, _)| rule == "dockerfile/apt-get-no-install-recommends")
            .unwrap();
        starts.push(range["start"].clone());
        // An edit past the non-ASCII text, in the same encoding: `curl` becomes `wget`.
        let curl =
            range["start"]["character"].as_u64().unwrap() + "apt-get install -y ".len() as u64;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": DOCKERFILE, "version": 2 },
                "contentChanges": [{
                    "range": { "start": { "line": 1, "character": curl }, "end": { "line": 1, "character": curl + 4 } },
                    "text": "wget"
                }]
            }),
        );
        client.expect("textDocument/publishDiagnostics");
        let fix_all = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": DOCKERFILE },
                "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } },
                "context": { "diagnostics": [], "only": ["source.fixAll"] }
            }),
        );
        let encoding = if encoding == "utf-8" {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let edited = text.replace("curl", "wget");
        let fixed = apply(&edited, &edits_of(&fix_all[0], DOCKERFILE), encoding);
        assert!(
            fixed.contains(
                "RUN echo \"🐳 café\" && apt-get install --no-install-recommends -y wget"
            ),
            "{fixed}"
        );
        assert_eq!(client.stop().0, Ok(()));
    }
    // `RUN echo "🐳 café" && ` is 25 bytes, 22 UTF-16 units.
    assert_eq!(
        starts,
        [
            json!({ "line": 1, "character": 25 }),
            json!({ "line": 1, "character": 22 })
        ]
    );
}

#[test]
fn pulled_diagnostics_and_a_refresh_when_another_file_changes_them() {
    let (mut client, _) = Client::start(json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    }));
    let service = "file:///project/service.yaml";
    let deployment = "file:///project/deployment.yaml";
    client.open(
        service,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n",
    );
    let pod = |app: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
        )
    };
    client.open(deployment, &pod("web"));
    let pull = |client: &mut Client, uri: &str| -> Vec<String> {
        let report = client.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert_eq!(report["kind"], "full");
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!pull(&mut client, service).contains(&"kubernetes/service-selects-nothing".to_owned()));
    pull(&mut client, deployment);
    // Pulled again with the last report's id: unchanged.
    let first = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": deployment } }),
    );
    let again = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": deployment }, "previousResultId": first["resultId"] }),
    );
    assert_eq!(
        again,
        json!({ "kind": "unchanged", "resultId": first["resultId"] })
    );
    assert!(client.is_quiet(), "nothing pushed to a client that pulls");

    // The deployment's pods change label: the service, not edited, selects nothing now.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": deployment, "version": 2 },
            "contentChanges": [{ "text": pod("api") }]
        }),
    );
    let refresh = client.expect("workspace/diagnostic/refresh");
    assert_eq!(refresh["params"], Value::Null);
    let id: RequestId = serde_json::from_value(refresh["id"].clone()).unwrap();
    client.send(Response::new_ok(id, ()).into());
    assert!(pull(&mut client, service).contains(&"kubernetes/service-selects-nothing".to_owned()));
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(transcript, {
        "[].server.result.serverInfo.version" => "[version]",
        "[].server.result.resultId" => "[id]",
        "[].client.params.previousResultId" => "[id]",
    });
}

#[test]
fn a_manifest_finding_is_silenced_by_the_objects_annotation() {
    let uri = "file:///project/service.yaml";
    let rule = "kubernetes/service-selects-nothing";
    let service = |metadata: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n{metadata}spec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n"
        )
    };
    // Created in `metadata`, added to `annotations`, appended to the annotation's list.
    let cases = [
        (
            "  name: web\n",
            "  annotations:\n    drydock.dev/ignore: \"kubernetes/service-selects-nothing\"\n  name: web\n",
        ),
        (
            "  name: web\n  annotations:\n    team: shop\n",
            "  name: web\n  annotations:\n    drydock.dev/ignore: \"kubernetes/service-selects-nothing\"\n    team: shop\n",
        ),
        (
            "  name: web\n  annotations:\n    drydock.dev/ignore: kubernetes/image-latest-tag\n",
            "  name: web\n  annotations:\n    drydock.dev/ignore: \"kubernetes/image-latest-tag,kubernetes/service-selects-nothing\"\n",
        ),
    ];
    for (metadata, silenced) in cases {
        let mut client = push_client();
        let text = service(metadata);
        client.open(uri, &text);
        let published = client.expect("textDocument/publishDiagnostics");
        let (_, range) = ranges(&published)
            .into_iter()
            .find(|(code, _)| code == rule)
            .unwrap();
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range,
                "context": { "diagnostics": [], "only": ["quickfix"] }
            }),
        );
        let ignore = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|action| {
                action["title"] == format!("Ignore `{rule}` for this object (drydock.dev/ignore)")
            })
            .unwrap_or_else(|| panic!("{actions:#}"));
        let edited = apply(&text, &edits_of(ignore, uri), Encoding::Utf16);
        assert_eq!(edited, service(silenced));
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": edited }]
            }),
        );
        let after = client.expect("textDocument/publishDiagnostics");
        assert!(
            !ranges(&after).iter().any(|(code, _)| code == rule),
            "{after:#}"
        );
        assert_eq!(client.stop().0, Ok(()));
    }
}

#[test]
fn malformed_input_gets_an_error_not_a_panic() {
    let mut client = push_client();
    // A notification with the wrong params is ignored; a request gets an error.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": "file:///nowhere/Dockerfile", "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": 99, "character": 99 }, "end": { "line": 0, "character": 0 } }, "text": "x" }]
        }),
    );
    let bad = client.request("textDocument/codeAction", json!({ "range": "nope" }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = client.request("textDocument/formatting", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Positions outside the text are clamped, not trusted.
    client.open(DOCKERFILE, "FROM alpine:3.20\nRUN echo é\n");
    client.expect("textDocument/publishDiagnostics");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": DOCKERFILE, "version": 2 },
            "contentChanges": [
                { "range": { "start": { "line": 1, "character": 10 }, "end": { "line": 1, "character": 9 } }, "text": "e" },
                { "range": { "start": { "line": 7, "character": 3 }, "end": { "line": 9, "character": 0 } }, "text": "\nCMD [\"sh\"]\n" }
            ]
        }),
    );
    client.expect("textDocument/publishDiagnostics");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": DOCKERFILE },
            "range": { "start": { "line": 4000000000u32, "character": 4000000000u32 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert!(actions.is_array(), "{actions}");
    // After `shutdown`, requests are refused until `exit`.
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let late = client.request("textDocument/diagnostic", json!({}));
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    let outcome = client.server.take().unwrap().join().unwrap();
    assert_eq!(outcome, Ok(()));
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let mut client = push_client();
    client.notify("exit", Value::Null);
    let outcome = client.server.take().unwrap().join().unwrap();
    assert!(outcome.is_err());
}

#[test]
fn a_workspace_name_is_the_path_in_the_folder() {
    let mut documents = super::documents::Documents::new(Some("/project".into()));
    let name = |documents: &super::documents::Documents, uri: &str| {
        documents.name_of(&Url::parse(uri).unwrap())
    };
    assert_eq!(
        name(&documents, "file:///project/app/Dockerfile"),
        "app/Dockerfile"
    );
    assert_eq!(
        name(&documents, "file:///elsewhere/Dockerfile"),
        "../elsewhere/Dockerfile"
    );
    assert_eq!(
        name(&documents, "untitled:Untitled-1"),
        "untitled:Untitled-1"
    );
    documents.open(
        Url::parse("file:///project/Dockerfile").unwrap(),
        "dockerfile",
        "FROM x".to_owned(),
        1,
    );
    // Named by the editor's language when the name says nothing.
    documents.open(
        Url::parse("untitled:Untitled-1").unwrap(),
        "dockerfile",
        "FROM x".to_owned(),
        1,
    );
    documents.open(
        Url::parse("file:///project/build/Dockerfile-dev").unwrap(),
        "dockerfile",
        "FROM x".to_owned(),
        1,
    );
    let names: Vec<String> = documents
        .workspace()
        .files
        .iter()
        .map(|file| file.name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "Dockerfile",
            "build/Dockerfile-dev.dockerfile",
            "untitled:Untitled-1.dockerfile"
        ]
    );
}

impl Client {
    fn open_as(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": language, "version": 1, "text": text
            }}),
        );
    }

    /// A request about a position of a document.
    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        let mut params = json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character }
        });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        self.request(method, params)
    }
}

/// A transcript without the diagnostics the server pushed: when a check runs (after which
/// message, how many times for documents opened together) depends on timing, and they are not
/// what these exchanges are about.
fn without_diagnostics(transcript: Vec<Value>) -> Vec<Value> {
    transcript
        .into_iter()
        .filter(|message| message["server"]["method"] != "textDocument/publishDiagnostics")
        .collect()
}

/// The position of the first `needle` in `text` (plus `after` bytes), in UTF-16.
fn position_of(text: &str, needle: &str, after: usize) -> (u32, u32) {
    let offset = text.find(needle).unwrap() + after;
    let position = Lines::new(text, Encoding::Utf16).position(offset);
    (position.line, position.character)
}

const DEPLOYMENT_URI: &str = "file:///project/deployment.yaml";
const SERVICE_URI: &str = "file:///project/service.yaml";
const CONFIG_URI: &str = "file:///project/config.yaml";
const DEPLOYMENT_YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: web-config\n          env:\n            - name: MODE\n              valueFrom:\n                configMapKeyRef:\n                  name: \"web-config\"\n                  key: mode\n";
const SERVICE_YAML: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
const CONFIG_YAML: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  mode: fast\n";

#[test]
fn completion_and_hover_in_a_deployment() {
    let mut client = push_client();
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          im\n";
    client.open_as(DEPLOYMENT_URI, "yaml", text);
    client.expect("textDocument/publishDiagnostics");
    let (line, character) = position_of(text, "          im\n", 12);
    let completion = client.at("textDocument/completion", DEPLOYMENT_URI, line, character);
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap_or_else(|| panic!("{completion:#}"))
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["image", "imagePullPolicy"]);
    // Each with the schema's description, offline.
    let image = &completion[0];
    assert!(
        image["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Container image name"),
        "{image:#}"
    );
    // A value the schema enumerates, documented by its field.
    let service = "apiVersion: v1\nkind: Service\nspec:\n  type: \n";
    client.open_as(SERVICE_URI, "yaml", service);
    let values = client.at("textDocument/completion", SERVICE_URI, 3, 8);
    let labels: Vec<&str> = values
        .as_array()
        .unwrap_or_else(|| panic!("{values:#}"))
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
    );
    assert!(
        values[0]["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("type determines how the Service is exposed"),
        "{values:#}"
    );
    let (line, character) = position_of(text, "replicas", 3);
    let hover = client.at("textDocument/hover", DEPLOYMENT_URI, line, character);
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**Deployment.spec.replicas** — `integer`"),
        "{shown}"
    );
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 5, "character": 2 }, "end": { "line": 5, "character": 10 } })
    );
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(without_diagnostics(transcript), {
        "[].server.result.serverInfo.version" => "[version]",
    });
}

#[test]
fn hover_on_a_finding_shows_its_rules_documentation() {
    let mut client = push_client();
    client.open(DOCKERFILE, SEED);
    client.expect("textDocument/publishDiagnostics");
    // `COPY. /app`, line 14.
    let hover = client.at("textDocument/hover", DOCKERFILE, 13, 2);
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("# dockerfile/unknown-instruction\n"),
        "{shown}"
    );
    assert!(shown.contains("## What it does"), "{shown}");
    // An instruction's own documentation, then a finding's rule.
    let hover = client.at("textDocument/hover", DOCKERFILE, 0, 1);
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**FROM**\n\nStarts a build stage"),
        "{shown}"
    );
    assert_eq!(client.stop().0, Ok(()));
}

#[test]
fn dockerfile_completion_offers_flags_values_and_stages() {
    let mut client = push_client();
    let text = "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=\nRUN --mount=type=\nRUN --net\n";
    client.open(DOCKERFILE, text);
    client.expect("textDocument/publishDiagnostics");
    let labels = |client: &mut Client, line: u32, character: u32| -> Vec<String> {
        client
            .at("textDocument/completion", DOCKERFILE, line, character)
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(labels(&mut client, 3, 12), ["build"]);
    assert_eq!(
        labels(&mut client, 4, 17),
        ["bind", "cache", "secret", "ssh", "tmpfs"]
    );
    let network = client.at("textDocument/completion", DOCKERFILE, 5, 9);
    insta::assert_json_snapshot!("dockerfile_flag_completion", network);
    assert_eq!(labels(&mut client, 2, 2), ["FROM"]);
    assert_eq!(client.stop().0, Ok(()));
}

#[test]
fn definition_from_a_service_to_its_deployment_in_another_file() {
    let mut client = push_client();
    client.open_as(SERVICE_URI, "yaml", SERVICE_YAML);
    client.open_as(DEPLOYMENT_URI, "yaml", DEPLOYMENT_YAML);
    client.open_as(CONFIG_URI, "yaml", CONFIG_YAML);
    // On `app: web` under the Service's selector.
    let (line, character) = position_of(SERVICE_YAML, "    app: web", 6);
    let definition = client.at("textDocument/definition", SERVICE_URI, line, character);
    assert_eq!(
        definition,
        json!([{ "uri": DEPLOYMENT_URI, "range": {
            "start": { "line": 12, "character": 8 }, "end": { "line": 12, "character": 16 }
        }}])
    );
    // From a `configMapRef` to the ConfigMap.
    let (line, character) = position_of(DEPLOYMENT_YAML, "web-config", 2);
    let definition = client.at("textDocument/definition", DEPLOYMENT_URI, line, character);
    assert_eq!(definition[0]["uri"], CONFIG_URI);
    // Who refers to the Deployment, and to the ConfigMap.
    let (line, character) = position_of(DEPLOYMENT_YAML, "name: web", 7);
    let references = client.at("textDocument/references", DEPLOYMENT_URI, line, character);
    let (line, character) = position_of(CONFIG_YAML, "web-config", 0);
    let config_references = client.at("textDocument/references", CONFIG_URI, line, character);
    assert_eq!(
        config_references.as_array().unwrap().len(),
        3,
        "{config_references:#}"
    );
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    assert_eq!(references.as_array().unwrap().len(), 2, "{references:#}");
    insta::assert_json_snapshot!(without_diagnostics(transcript), {
        "[].server.result.serverInfo.version" => "[version]",
    });
}

#[test]
fn a_config_map_renames_across_files() {
    let mut client = push_client();
    client.open_as(DEPLOYMENT_URI, "yaml", DEPLOYMENT_YAML);
    client.open_as(CONFIG_URI, "yaml", CONFIG_YAML);
    // From the quoted reference: the name inside the quotes.
    let (line, character) = position_of(DEPLOYMENT_YAML, "\"web-config\"", 3);
    let prepared = client.at(
        "textDocument/prepareRename",
        DEPLOYMENT_URI,
        line,
        character,
    );
    assert_eq!(prepared["placeholder"], "web-config");
    assert_eq!(prepared["range"]["start"]["character"], 25);
    let rename = |client: &mut Client, name: &str| {
        client.request(
            "textDocument/rename",
            json!({
                "textDocument": { "uri": DEPLOYMENT_URI },
                "position": { "line": line, "character": character },
                "newName": name
            }),
        )
    };
    let refused = rename(&mut client, "Web_Config");
    assert_eq!(refused["error"]["code"], -32803, "{refused}");
    let edit = rename(&mut client, "shop-config");
    let changes: std::collections::HashMap<String, Vec<TextEdit>> =
        serde_json::from_value(edit["changes"].clone()).unwrap();
    let renamed = apply(DEPLOYMENT_YAML, &changes[DEPLOYMENT_URI], Encoding::Utf16);
    assert_eq!(
        renamed,
        DEPLOYMENT_YAML.replace("web-config", "shop-config")
    );
    let renamed = apply(CONFIG_YAML, &changes[CONFIG_URI], Encoding::Utf16);
    assert_eq!(renamed, CONFIG_YAML.replace("web-config", "shop-config"));
    // Nothing to rename on a key.
    let nothing = client.at("textDocument/prepareRename", DEPLOYMENT_URI, 0, 2);
    assert_eq!(nothing, Value::Null);
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(without_diagnostics(transcript), {
        "[].server.result.serverInfo.version" => "[version]",
    });
}

#[test]
fn a_stage_renames_in_both_encodings() {
    // `🐳` before the reference: 4 bytes in UTF-8, 2 units in UTF-16.
    let text = "FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --chown=🐳 --from=build /app /app\nRUN --mount=type=cache,from=build,target=/x true\n";
    let expected = text
        .replace("AS build", "AS compile")
        .replace("=build", "=compile");
    for (encoding, kind) in [(Encoding::Utf8, "utf-8"), (Encoding::Utf16, "utf-16")] {
        let (mut client, _) = Client::start(json!({
            "general": { "positionEncodings": [kind] }
        }));
        client.open(DOCKERFILE, text);
        client.expect("textDocument/publishDiagnostics");
        let offset = text.find("=build").unwrap() + 3;
        let position = Lines::new(text, encoding).position(offset);
        let definition = client.at(
            "textDocument/definition",
            DOCKERFILE,
            position.line,
            position.character,
        );
        assert_eq!(
            definition,
            json!([{ "uri": DOCKERFILE, "range": {
                "start": { "line": 0, "character": 15 }, "end": { "line": 0, "character": 20 }
            }}])
        );
        let references = client.at(
            "textDocument/references",
            DOCKERFILE,
            position.line,
            position.character,
        );
        assert_eq!(references.as_array().unwrap().len(), 3, "{references:#}");
        let edit = client.request(
            "textDocument/rename",
            json!({
                "textDocument": { "uri": DOCKERFILE },
                "position": position,
                "newName": "compile"
            }),
        );
        let edits: Vec<TextEdit> =
            serde_json::from_value(edit["changes"][DOCKERFILE].clone()).unwrap();
        assert_eq!(apply(text, &edits, encoding), expected, "{kind}");
        assert_eq!(client.stop().0, Ok(()));
    }
}

#[test]
fn document_symbols_outline_stages_objects_and_services() {
    let mut client = push_client();
    let compose = "file:///project/compose.yaml";
    client.open(
        DOCKERFILE,
        "ARG V=1\nFROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
    );
    client.open_as(
        SERVICE_URI,
        "yaml",
        &format!("{SERVICE_YAML}---\n{CONFIG_YAML}"),
    );
    client.open_as(
        compose,
        "yaml",
        "services:\n  web:\n    image: nginx:1.27\n  api:\n    build: ./api\n",
    );
    let symbols: Vec<Value> = [DOCKERFILE, SERVICE_URI, compose]
        .iter()
        .map(|uri| {
            client.request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            )
        })
        .collect();
    insta::assert_json_snapshot!("document_symbols", symbols);
    assert_eq!(client.stop().0, Ok(()));
}

#[test]
fn a_settings_change_checks_again() {
    let cronjob = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: busybox:1.36\n";
    let uri = "file:///project/cronjob.yaml";
    let codes = |published: &Value| -> Vec<String> {
        ranges(published)
            .into_iter()
            .map(|(code, _)| code)
            .collect()
    };
    // Pushed by the client (it has no `workspace/configuration`).
    let mut client = push_client();
    client.open_as(uri, "yaml", cronjob);
    let latest = codes(&client.expect("textDocument/publishDiagnostics"));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "drydock": { "kubernetesVersion": "1.24" } } }),
    );
    let older = codes(&client.expect("textDocument/publishDiagnostics"));
    assert_ne!(latest, older);
    assert!(
        older.contains(&"kubernetes/deprecated-api".to_owned()),
        "{older:?}"
    );
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(transcript, {
        "[].server.result.serverInfo.version" => "[version]",
    });

    // Asked for by the server, and the folder's configuration file watched.
    let folder = std::env::temp_dir().join(format!("drydock-lsp-settings-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let config = folder.join(".drydock.yaml");
    std::fs::write(&config, "kubernetes-version: \"1.37\"\n").unwrap();
    let root = Url::from_directory_path(&folder).unwrap();
    let uri = root.join("cronjob.yaml").unwrap();
    let (server, connection) = Connection::memory();
    let handle = std::thread::spawn(move || {
        run(
            &server,
            &Options {
                change_directory: false,
                rule_docs: RuleDocsDir::Off,
            },
        )
    });
    let mut client = Client {
        connection,
        server: Some(handle),
        next_id: 0,
        transcript: Vec::new(),
        unread: Vec::new(),
    };
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "capabilities": {
            "workspace": { "configuration": true, "didChangeWatchedFiles": { "dynamicRegistration": true } }
        }}),
    );
    client.notify("initialized", json!({}));
    let registration = client.expect("client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let id: RequestId = serde_json::from_value(registration["id"].clone()).unwrap();
    client.send(Response::new_ok(id, ()).into());
    let asked = client.expect("workspace/configuration");
    assert_eq!(asked["params"]["items"][0]["section"], "drydock");
    let id: RequestId = serde_json::from_value(asked["id"].clone()).unwrap();
    client.send(Response::new_ok(id, json!([{ "kubernetesVersion": "1.24" }])).into());
    client.open_as(uri.as_str(), "yaml", cronjob);
    let asked_for = codes(&client.expect("textDocument/publishDiagnostics"));
    assert_eq!(
        asked_for, older,
        "the client's setting wins over the file's"
    );
    // The file switches the rule off; the watcher says so.
    std::fs::write(&config, "rules:\n  kubernetes/deprecated-api: off\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": Url::from_file_path(&config).unwrap(), "type": 2 }] }),
    );
    let watched = codes(&client.expect("textDocument/publishDiagnostics"));
    assert!(
        !watched.contains(&"kubernetes/deprecated-api".to_owned()),
        "{watched:?}"
    );
    // Opened in the editor and edited, unsaved: its text is what counts.
    let config_uri = Url::from_file_path(&config).unwrap();
    client.open_as(
        config_uri.as_str(),
        "yaml",
        "rules:\n  kubernetes/deprecated-api: off\n",
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": config_uri, "version": 2 },
            "contentChanges": [{ "text": "rules:\n  kubernetes/deprecated-api: on\n" }]
        }),
    );
    let typed = loop {
        let published = client.expect("textDocument/publishDiagnostics");
        if published["uri"] == uri.as_str() {
            break codes(&published);
        }
    };
    assert_eq!(typed, asked_for);
    assert_eq!(client.stop().0, Ok(()));
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn an_image_leads_to_the_dockerfile_that_builds_it() {
    let mut client = push_client();
    let dockerfile = "file:///project/web/Dockerfile";
    let text = "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nUSER 1000\nEXPOSE 8080\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
    client.open(dockerfile, text);
    let manifest = DEPLOYMENT_YAML.replace("nginx:1.27", "registry.example.com/web:1.4");
    client.open_as(DEPLOYMENT_URI, "yaml", &manifest);
    let (line, character) = position_of(&manifest, "registry.example.com", 4);
    let hover = client.at("textDocument/hover", DEPLOYMENT_URI, line, character);
    assert_eq!(
        hover["contents"]["value"],
        "**Built by `/project/web/Dockerfile`** (linked by its name)\n\n- final stage from `alpine:3.20`\n- `USER 1000`\n- `EXPOSE 8080/tcp`\n- `CMD [\"/app\"]`"
    );
    let definition = client.at("textDocument/definition", DEPLOYMENT_URI, line, character);
    assert_eq!(
        definition,
        json!([{ "uri": dockerfile, "range": {
            "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 16 }
        }}])
    );
    // And back, from the final stage's `FROM`.
    let references = client.at("textDocument/references", dockerfile, 2, 6);
    assert_eq!(references[0]["uri"], DEPLOYMENT_URI, "{references:#}");
    assert_eq!(client.stop().0, Ok(()));
}

#[test]
fn a_helm_template_completes_and_describes_the_charts_values() {
    let mut client = push_client();
    let values = "replicaCount: 2\nimage:\n  repository: nginx\n  tag: \"1.27\"\n";
    client.open_as("file:///project/web/values.yaml", "yaml", values);
    client.expect("textDocument/publishDiagnostics");
    let template = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - image: \"{{ .Values.image.repository }}:{{ .Values.image. }}\"\n";
    let uri = "file:///project/web/templates/deployment.yaml";
    client.open_as(uri, "helm", template);
    let (line, character) = position_of(template, ".Values.image. }}", 14);
    let completion = client.at("textDocument/completion", uri, line, character);
    let items = completion
        .as_array()
        .unwrap_or_else(|| panic!("{completion:#}"));
    let labels: Vec<&str> = items
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["repository", "tag"]);
    assert_eq!(items[1]["detail"], "string \"1.27\"");
    let (line, character) = position_of(template, "replicaCount }}", 3);
    let hover = client.at("textDocument/hover", uri, line, character);
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(
        shown,
        "**`.Values.replicaCount`** — integer 2\n\nSet in the chart's `values.yaml`, line 1."
    );
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 3, "character": 15 }, "end": { "line": 3, "character": 35 } })
    );
    let (outcome, _) = client.stop();
    assert_eq!(outcome, Ok(()));
}

/// The labels of a completion response.
fn labels_of(completion: &Value) -> Vec<String> {
    completion
        .as_array()
        .unwrap_or_else(|| panic!("{completion:#}"))
        .iter()
        .map(|item| item["label"].as_str().unwrap().to_owned())
        .collect()
}

const COMPOSE_URI: &str = "file:///project/compose.yaml";

#[test]
fn compose_completes_keys_values_and_names_and_describes_keys() {
    let mut client = push_client();
    let text = "services:\n  web:\n    image: nginx:1.27\n    restart: \n    depends_on:\n      - \n    networks:\n      - \n    heal\n  db:\n    image: postgres:17\nnetworks:\n  front: {}\n";
    client.open_as(COMPOSE_URI, "yaml", text);
    client.expect("textDocument/publishDiagnostics");
    let at = |client: &mut Client, needle: &str, after: usize| {
        let (line, character) = position_of(text, needle, after);
        client.at("textDocument/completion", COMPOSE_URI, line, character)
    };
    let restart = at(&mut client, "restart: ", 9);
    assert_eq!(
        labels_of(&restart),
        ["no", "always", "on-failure", "unless-stopped"]
    );
    let depends = at(&mut client, "depends_on:\n      - ", 20);
    assert_eq!(labels_of(&depends), ["db"]);
    let networks = at(&mut client, "networks:\n      - ", 18);
    assert_eq!(labels_of(&networks), ["front"]);
    let key = at(&mut client, "    heal\n", 8);
    assert_eq!(labels_of(&key), ["healthcheck"]);
    let (line, character) = position_of(text, "image: nginx", 2);
    let hover = client.at("textDocument/hover", COMPOSE_URI, line, character);
    let (outcome, transcript) = client.stop();
    assert_eq!(outcome, Ok(()));
    insta::assert_json_snapshot!(without_diagnostics(transcript), {
        "[].server.result.serverInfo.version" => "[version]",
    });
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**services.web.image** — `string`"),
        "{hover:#}"
    );
}

#[test]
fn compose_names_lead_to_their_definitions_and_a_build_to_its_dockerfile() {
    let mut client = push_client();
    let dockerfile = "file:///project/web/Dockerfile";
    client.open(dockerfile, "FROM nginx:1.27\n");
    let text = "services:\n  web:\n    build: ./web\n    depends_on:\n      - db\n    networks:\n      - front\n  db:\n    image: postgres:17\n    network_mode: service:web\nnetworks:\n  front: {}\n";
    client.open_as(COMPOSE_URI, "yaml", text);
    let definition_of = |client: &mut Client, needle: &str, after: usize| {
        let (line, character) = position_of(text, needle, after);
        client.at("textDocument/definition", COMPOSE_URI, line, character)
    };
    let range = |start: (u32, u32), end: (u32, u32)| json!({ "start": { "line": start.0, "character": start.1 }, "end": { "line": end.0, "character": end.1 } });
    assert_eq!(
        definition_of(&mut client, "- db", 2),
        json!([{ "uri": COMPOSE_URI, "range": range((7, 2), (7, 4)) }])
    );
    assert_eq!(
        definition_of(&mut client, "- front", 3),
        json!([{ "uri": COMPOSE_URI, "range": range((11, 2), (11, 7)) }])
    );
    assert_eq!(
        definition_of(&mut client, "service:web", 9),
        json!([{ "uri": COMPOSE_URI, "range": range((1, 2), (1, 5)) }])
    );
    assert_eq!(
        definition_of(&mut client, "./web", 2),
        json!([{ "uri": dockerfile, "range": range((0, 0), (0, 0)) }])
    );
    // From the service's key: its definition and who names it.
    let references = client.at("textDocument/references", COMPOSE_URI, 7, 3);
    assert_eq!(
        references,
        json!([
            { "uri": COMPOSE_URI, "range": range((4, 8), (4, 10)) },
            { "uri": COMPOSE_URI, "range": range((7, 2), (7, 4)) },
        ])
    );
    assert_eq!(client.stop().0, Ok(()));
}

impl Client {
    /// Starts a server on the workspace folder `folder` (no client capabilities).
    fn start_in(folder: &std::path::Path) -> Client {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || {
            run(
                &server,
                &Options {
                    change_directory: false,
                    rule_docs: RuleDocsDir::Off,
                },
            )
        });
        let mut client = Client {
            connection,
            server: Some(handle),
            next_id: 0,
            transcript: Vec::new(),
            unread: Vec::new(),
        };
        let root = Url::from_directory_path(folder).unwrap();
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        client
    }
}

#[test]
fn a_kustomization_completes_fields_and_paths_and_leads_to_the_files_it_names() {
    let folder = std::env::temp_dir().join(format!("drydock-lsp-kustomize-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("overlay")).unwrap();
    std::fs::create_dir_all(folder.join("base")).unwrap();
    std::fs::write(
        folder.join("base/kustomization.yaml"),
        "resources:\n  - deployment.yaml\n",
    )
    .unwrap();
    std::fs::write(folder.join("base/deployment.yaml"), DEPLOYMENT_YAML).unwrap();
    std::fs::write(
        folder.join("overlay/patch.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
    )
    .unwrap();
    let text = "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n  - path: \ncommonLabels:\n  app: web\nima\n";
    std::fs::write(folder.join("overlay/kustomization.yaml"), text).unwrap();
    let mut client = Client::start_in(&folder);
    let uri = Url::from_file_path(folder.join("overlay/kustomization.yaml")).unwrap();
    let uri = uri.as_str();
    client.open_as(uri, "yaml", text);
    client.expect("textDocument/publishDiagnostics");
    let fields = client.at("textDocument/completion", uri, 7, 3);
    assert_eq!(labels_of(&fields), ["images"]);
    let paths = client.at("textDocument/completion", uri, 4, 10);
    assert_eq!(labels_of(&paths), ["kustomization.yaml", "patch.yaml"]);
    let hover = client.at("textDocument/hover", uri, 5, 3);
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**Deprecated**: use `labels` instead"),
        "{shown}"
    );
    let start =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    let base = client.at("textDocument/definition", uri, 1, 6);
    assert_eq!(
        base,
        json!([{ "uri": Url::from_file_path(folder.join("base/kustomization.yaml")).unwrap(), "range": start }])
    );
    let patch = client.at("textDocument/definition", uri, 3, 12);
    assert_eq!(
        patch,
        json!([{ "uri": Url::from_file_path(folder.join("overlay/patch.yaml")).unwrap(), "range": start }])
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let outline: Vec<(String, Vec<String>)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| {
            let children = symbol["children"]
                .as_array()
                .map(|children| {
                    children
                        .iter()
                        .map(|child| child["name"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (symbol["name"].as_str().unwrap().to_owned(), children)
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("resources".to_owned(), vec!["../base".to_owned()]),
            ("patches".to_owned(), vec!["patch.yaml".to_owned()]),
            ("commonLabels".to_owned(), vec![]),
        ]
    );
    insta::assert_json_snapshot!("kustomization_path_completion", paths);
    assert_eq!(client.stop().0, Ok(()));
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_document_opened_as_the_folder_has_it_gets_the_folders_findings_without_a_check() {
    let folder = std::env::temp_dir().join(format!("drydock-lsp-same-open-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let deployment = DEPLOYMENT_YAML.replace("app: web", "app: api");
    std::fs::write(folder.join("service.yaml"), SERVICE_YAML).unwrap();
    std::fs::write(folder.join("deployment.yaml"), &deployment).unwrap();
    let codes = |published: &Value| -> Vec<String> {
        ranges(published)
            .into_iter()
            .map(|(code, _)| code)
            .collect()
    };
    let uri = |name: &str| Url::from_file_path(folder.join(name)).unwrap().to_string();
    // Opened as the disk has them: the folder's check (its cross-file findings included).
    let mut client = Client::start_in(&folder);
    client.open_as(&uri("service.yaml"), "yaml", SERVICE_YAML);
    let service = client.expect("textDocument/publishDiagnostics");
    assert!(
        codes(&service).contains(&"kubernetes/service-selects-nothing".to_owned()),
        "{service:#}"
    );
    client.open_as(&uri("deployment.yaml"), "yaml", &deployment);
    let same = client.expect("textDocument/publishDiagnostics");
    assert_eq!(same["uri"], uri("deployment.yaml"));
    assert_eq!(client.stop().0, Ok(()));
    // Opened with another text (a line more at the end): checked, and found alike.
    let mut client = Client::start_in(&folder);
    client.open_as(
        &uri("deployment.yaml"),
        "yaml",
        &format!("{deployment}# edited\n"),
    );
    let checked = client.expect("textDocument/publishDiagnostics");
    assert_eq!(same["diagnostics"], checked["diagnostics"]);
    assert_eq!(client.stop().0, Ok(()));
    let _ = std::fs::remove_dir_all(&folder);
}
