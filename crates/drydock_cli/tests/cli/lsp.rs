//! `drydock lsp` as an editor starts it: the real binary over standard input and output, with
//! Content-Length framing. The protocol itself is tested in process (`src/lsp/tests.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Server {
    fn start(cwd: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_drydock"))
            .arg("lsp")
            .current_dir(cwd)
            // The rules' pages diagnostics link to are written here, not in the user's cache.
            .env(
                "XDG_CACHE_HOME",
                super::scratch(&format!(
                    "lsp-cache-{}",
                    cwd.file_name().unwrap_or_default().to_string_lossy()
                )),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap() == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = Some(value.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                stdout.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message with this `id` (a response) or `method` (a notification).
    fn expect(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no {what} from `drydock lsp`"));
            if matches(&message) {
                return message;
            }
        }
    }

    fn publish_for(&mut self, uri: &str) -> Value {
        self.expect("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })["params"]
            .clone()
    }

    /// `shutdown` and `exit`: the exit status.
    fn stop(mut self) -> i32 {
        self.send(json!({ "jsonrpc": "2.0", "id": 99, "method": "shutdown" }));
        let response = self.expect("shutdown response", |m| m["id"] == 99);
        assert_eq!(response["result"], Value::Null);
        self.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
        drop(self.stdin);
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

fn initialize(server: &mut Server, folder: &Path) {
    let folder = std::fs::canonicalize(folder).unwrap();
    let uri = format!("file://{}", folder.display());
    server.send(json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "processId": null,
            "capabilities": {},
            "workspaceFolders": [{ "uri": uri, "name": "project" }]
        }
    }));
    let result = server.expect("initialize response", |m| m["id"] == 1);
    assert_eq!(
        result["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    server.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
}

fn open(server: &mut Server, uri: &str, text: &str) {
    server.send(json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": {
            "uri": uri, "languageId": "dockerfile", "version": 1, "text": text
        }}
    }));
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", std::fs::canonicalize(path).unwrap().display())
}

#[test]
fn the_binary_serves_the_seed_dockerfile_over_stdio() {
    let seed = super::root().join("examples/seed");
    let mut server = Server::start(&seed);
    initialize(&mut server, &seed);
    let uri = file_uri(&seed.join("Dockerfile"));
    open(
        &mut server,
        &uri,
        &std::fs::read_to_string(seed.join("Dockerfile")).unwrap(),
    );
    let published = server.publish_for(&uri);
    let copy = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "dockerfile/unknown-instruction")
        .unwrap();
    assert_eq!(
        copy["range"],
        json!({ "start": { "line": 13, "character": 0 }, "end": { "line": 13, "character": 5 } })
    );
    assert_eq!(copy["severity"], 1);
    assert_eq!(copy["source"], "drydock");
    // The code links to the rule's page, written to the cache as `drydock rules ID` prints it.
    let href = copy["codeDescription"]["href"].as_str().unwrap();
    let page = href.strip_prefix("file://").unwrap();
    assert!(
        page.ends_with(&format!(
            "/drydock/rules/{}/dockerfile/unknown-instruction.md",
            env!("CARGO_PKG_VERSION")
        )),
        "{href}"
    );
    let printed = Command::new(env!("CARGO_BIN_EXE_drydock"))
        .args(["rules", "dockerfile/unknown-instruction"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(page).unwrap(), printed.stdout);
    assert_eq!(server.stop(), 0);
}

#[test]
fn files_of_the_folder_that_are_not_open_count_for_cross_file_rules() {
    let dir = super::scratch("lsp-folder");
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
    let deployment = |app: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
        )
    };
    std::fs::write(dir.join("service.yaml"), service).unwrap();
    std::fs::write(dir.join("deployment.yaml"), deployment("api")).unwrap();
    let mut server = Server::start(&dir);
    initialize(&mut server, &dir);
    let uri = file_uri(&dir.join("service.yaml"));
    open(&mut server, &uri, service);
    let codes = |published: &Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // The deployment on the disk runs `app: api` pods: the service selects none.
    let published = server.publish_for(&uri);
    assert!(
        codes(&published).contains(&"kubernetes/service-selects-nothing".to_owned()),
        "{published:#}"
    );
    // Opened and edited to run `app: web` pods, unsaved: the finding goes.
    let deployment_uri = file_uri(&dir.join("deployment.yaml"));
    open(&mut server, &deployment_uri, &deployment("api"));
    server.send(json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {
            "textDocument": { "uri": deployment_uri, "version": 2 },
            "contentChanges": [{ "text": deployment("web") }]
        }
    }));
    let published = loop {
        let published = server.publish_for(&uri);
        if !codes(&published).contains(&"kubernetes/service-selects-nothing".to_owned()) {
            break published;
        }
    };
    assert_eq!(published["version"], 1);
    assert_eq!(server.stop(), 0);
}

#[test]
fn definition_reaches_a_file_that_is_not_open_and_hover_has_the_fields_docs() {
    let dir = super::scratch("lsp-navigation");
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";
    std::fs::write(dir.join("service.yaml"), service).unwrap();
    std::fs::write(dir.join("deployment.yaml"), deployment).unwrap();
    let mut server = Server::start(&dir);
    initialize(&mut server, &dir);
    let uri = file_uri(&dir.join("service.yaml"));
    open(&mut server, &uri, service);
    server.publish_for(&uri);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    server.send(json!({
        "jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": at(6, 6)
    }));
    let definition = server.expect("definition response", |m| m["id"] == 2);
    assert_eq!(
        definition["result"],
        json!([{
            "uri": file_uri(&dir.join("deployment.yaml")),
            "range": { "start": { "line": 11, "character": 8 }, "end": { "line": 11, "character": 16 } }
        }])
    );
    // The field's description comes with the binary.
    server.send(json!({
        "jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": at(8, 8)
    }));
    let hover = server.expect("hover response", |m| m["id"] == 3);
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with(
            "**Service.spec.ports[].port** — `integer`\n\nThe port that will be exposed"
        ),
        "{shown}"
    );
    assert_eq!(server.stop(), 0);
}

#[test]
fn the_folders_configuration_applies_and_a_broken_one_is_said() {
    let dir = super::scratch("lsp-config");
    std::fs::write(dir.join("Dockerfile"), "FROM ubuntu:latest\nCOPY. /app\n").unwrap();
    let codes = |published: &Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let uri = file_uri(&dir.join("Dockerfile"));

    std::fs::write(
        dir.join(".drydock.yaml"),
        "rules:\n  dockerfile/image-latest-tag: off\n",
    )
    .unwrap();
    let mut server = Server::start(&dir);
    initialize(&mut server, &dir);
    open(&mut server, &uri, "FROM ubuntu:latest\nCOPY. /app\n");
    let found = codes(&server.publish_for(&uri));
    assert!(found.contains(&"dockerfile/unknown-instruction".to_owned()));
    assert!(
        !found.contains(&"dockerfile/image-latest-tag".to_owned()),
        "{found:?}"
    );
    assert_eq!(server.stop(), 0);

    std::fs::write(dir.join(".drydock.yaml"), "rules: [\n").unwrap();
    let mut server = Server::start(&dir);
    initialize(&mut server, &dir);
    let warning = server.expect("showMessage", |m| m["method"] == "window/showMessage");
    assert_eq!(warning["params"]["type"], 2);
    let message = warning["params"]["message"].as_str().unwrap();
    assert!(
        message.contains(".drydock.yaml") && message.contains("default settings"),
        "{message}"
    );
    open(&mut server, &uri, "FROM ubuntu:latest\nCOPY. /app\n");
    let found = codes(&server.publish_for(&uri));
    assert!(
        found.contains(&"dockerfile/image-latest-tag".to_owned()),
        "{found:?}"
    );
    assert_eq!(server.stop(), 0);
}

/// Opens `path` (under `dir`) as it is on the disk, then replaces its text unsaved: the codes of
/// the findings published for it after each step.
fn open_then_edit(dir: &Path, path: &str, edited: &str) -> (Vec<String>, Vec<String>) {
    let mut server = Server::start(dir);
    initialize(&mut server, dir);
    let uri = file_uri(&dir.join(path));
    open(
        &mut server,
        &uri,
        &std::fs::read_to_string(dir.join(path)).unwrap(),
    );
    let codes = |published: Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = codes(server.publish_for(&uri));
    server.send(json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": edited }]
        }
    }));
    let after = codes(server.publish_for(&uri));
    assert_eq!(server.stop(), 0);
    (before, after)
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: IMAGE\n";

#[test]
fn an_unsaved_manifest_is_what_its_kustomization_renders() {
    let dir = super::scratch("lsp-kustomize");
    std::fs::write(
        dir.join("kustomization.yaml"),
        "resources:\n  - deployment.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deployment.yaml"),
        DEPLOYMENT.replace("IMAGE", "nginx:1.27"),
    )
    .unwrap();
    let (before, after) = open_then_edit(
        &dir,
        "deployment.yaml",
        &DEPLOYMENT.replace("IMAGE", "nginx"),
    );
    let tag = "kubernetes/image-tag".to_owned();
    assert!(!before.contains(&tag), "{before:?}");
    assert!(after.contains(&tag), "{after:?}");
}

#[test]
fn an_unsaved_helm_template_is_what_its_chart_renders() {
    let dir = super::scratch("lsp-helm");
    let chart = dir.join("chart");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.yaml"), "image: nginx:1.27\n").unwrap();
    std::fs::write(
        chart.join("templates/deployment.yaml"),
        DEPLOYMENT.replace("IMAGE", "{{ .Values.image }}"),
    )
    .unwrap();
    let (before, after) = open_then_edit(
        &dir,
        "chart/templates/deployment.yaml",
        &DEPLOYMENT.replace("IMAGE", "nginx {{- /* untagged */ -}}"),
    );
    let tag = "kubernetes/image-tag".to_owned();
    assert!(!before.contains(&tag), "{before:?}");
    assert!(after.contains(&tag), "{after:?}");
}
