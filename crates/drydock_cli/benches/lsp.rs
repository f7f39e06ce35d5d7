//! A keystroke in the language server (`cargo xtask bench lsp`): the 5,000-line manifest bundle
//! of the playground's latency test (~150 Deployment + Service pairs, ~300 documents, in
//! `bundle.yaml`, the only file of a workspace folder) open in `drydock lsp`, then one character
//! typed at its end or in its middle (an incremental `didChange`, alternately inserting and
//! deleting it), timed until the server has sent that version's `publishDiagnostics`.
//!
//! The server is the `drydock` binary over standard input and output, as an editor runs it (a
//! client that does not pull diagnostics, so they are pushed); the time includes applying the
//! change, the check, converting the findings and writing them as JSON. In the same run, the
//! core's work on the same two texts, to read the server's time against:
//!
//! - `core_whole`: `check_file_in_workspace`, the file's own rules from a fresh parse (the
//!   baseline: what the server does for the edited file's own findings);
//! - `core_incremental`: `IncrementalCheck`, which re-checks the edited YAML document only;
//! - `core_cross_file`: `WorkspaceCheck` of the one-file workspace, the cross-file pass the
//!   server runs after the per-file rules (it parses the changed file again).
//!
//! The server's time less `core_whole` and `core_cross_file` is its own: the protocol, positions,
//! and diagnostics of the whole file rebuilt and sent on each keystroke.
//!
//! `lsp_keystroke_corpus` does the same in a real workspace: `../shared/corpus/k8s` (943
//! manifests) as the folder, one of them open and typed in at its end; there `core_cross_file`
//! is the cross-file pass over the whole corpus (skipped when the corpus is absent).

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::incremental::{IncrementalCheck, WorkspaceCheck};
use drydock_core::k8s::Crds;
use drydock_core::{Settings, SourceFile, Workspace, check_file_in_workspace};
use serde_json::{Value, json};

/// The same bundle as `manifest_bundle` in `tests/browser.rs` and `bundle` in
/// `drydock_core/benches/incremental.rs`.
fn bundle(lines: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\n  labels:\n    app: app-{n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{n}\n  template:\n    metadata:\n      labels:\n        app: app-{n}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:{n}.0\n          ports:\n            - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{n}\nspec:\n  selector:\n    app: app-{n}\n  ports:\n    - port: 80\n      targetPort: 8080\n"
        ));
        n += 1;
    }
    out
}

/// How long to wait for an answer before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(60);

/// `drydock lsp` as an editor runs it, and what it has sent, read on a thread of its own.
struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    /// The version of each `publishDiagnostics`.
    published: Receiver<Option<i64>>,
}

impl Server {
    fn start(folder: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_drydock"))
            .arg("lsp")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("drydock lsp starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("piped stdin")));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, published) = channel();
        let answers = Arc::clone(&stdin);
        std::thread::spawn(move || read_messages(stdout, &answers, &sender));
        let server = Server {
            child,
            stdin,
            published,
        };
        let root = url(folder);
        server.send(&json!({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "bench"}],
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            },
        }));
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&self, message: &Value) {
        write_message(&self.stdin, message);
    }

    /// Waits for the diagnostics of `version` (skipping earlier ones).
    fn diagnostics_of(&self, version: i64) {
        loop {
            match self.published.recv_timeout(PATIENCE) {
                Ok(Some(published)) if published == version => return,
                Ok(_) => {}
                Err(error) => panic!("no diagnostics for version {version}: {error}"),
            }
        }
    }

    fn stop(mut self) {
        self.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) {
    let body = message.to_string();
    let mut stdin = stdin.lock().expect("stdin lock");
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads");
    stdin.flush().expect("the server reads");
}

/// Reads the server's messages: the versions of diagnostics are passed on, requests answered
/// (with nothing: the client has no settings to give), the rest dropped.
fn read_messages(stdout: impl Read, stdin: &Mutex<ChildStdin>, published: &Sender<Option<i64>>) {
    let mut reader = BufReader::new(stdout);
    let mut header = String::new();
    loop {
        let mut length = None;
        loop {
            header.clear();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let line = header.trim();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        // Diagnostics are found without reading the whole message: on a keystroke, the time
        // is the server's, not a JSON parse of a megabyte of diagnostics by this client.
        if contains(&body, br#""method":"textDocument/publishDiagnostics""#) {
            if published.send(version_of(&body)).is_err() {
                return;
            }
            continue;
        }
        let Ok(message) = serde_json::from_slice::<Value>(&body) else {
            continue;
        };
        if let (Some(method), Some(id)) = (message["method"].as_str(), message.get("id")) {
            let result = match method {
                "workspace/configuration" => {
                    let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![Value::Null; items])
                }
                _ => Value::Null,
            };
            write_message(
                stdin,
                &json!({"jsonrpc": "2.0", "id": id, "result": result}),
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The `version` of a `publishDiagnostics`: the params' last field, after the diagnostics.
fn version_of(body: &[u8]) -> Option<i64> {
    let key = br#""version":"#;
    let at = (0..body.len().saturating_sub(key.len()))
        .rev()
        .find(|&at| body.get(at..at + key.len()) == Some(key))?;
    let digits: String = body
        .get(at + key.len()..)?
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .map(|&byte| char::from(byte))
        .collect();
    digits.parse().ok()
}

/// The (0-based) line and column of byte `at` of an ASCII text.
fn position(text: &str, at: usize) -> Value {
    let before = text.get(..at).unwrap_or_default();
    let line = before.matches('\n').count();
    let column = at - before.rfind('\n').map_or(0, |newline| newline + 1);
    json!({"line": line, "character": column})
}

/// One keystroke's work: a file's two texts (before and after the character) in the workspace
/// it belongs to, and the server to type in.
struct Case<'a> {
    /// The edited file's name in the workspace, and its two texts.
    files: [SourceFile; 2],
    /// The whole workspace with each of the two texts.
    workspaces: [Workspace; 2],
    /// The workspace folder the server is started in; the edited file is under it.
    folder: &'a Path,
    /// Where the character is typed, in bytes.
    at: usize,
}

fn keystroke(c: &mut Criterion) {
    let text = bundle(5000);
    let middle = text
        .get(text.len() / 2..)
        .and_then(|rest| rest.find("\n---\n"))
        .map_or(text.len(), |i| text.len() / 2 + i);
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-keystroke");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a folder for the workspace");
    std::fs::write(folder.join("bundle.yaml"), &text).expect("the bundle is written");
    for (name, at) in [("end", text.len()), ("middle", middle)] {
        let file = SourceFile {
            name: "bundle.yaml".into(),
            text: text.clone(),
        };
        let case = Case::new(&[file], 0, &folder, at);
        case.bench(c, &format!("lsp_keystroke_{name}"));
    }

    // The same in a real workspace: the manifest corpus is the folder (read by the server when
    // it starts), one of its manifests open and typed in at its end.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    if let Ok(corpus) = corpus.canonicalize() {
        let mut files = Vec::new();
        read_manifests(&corpus, &corpus, &mut files);
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let edited = files
            .iter()
            .position(|file| file.name.ends_with("kubernetes-manifests__frontend.yaml"))
            .unwrap_or(0);
        let at = files[edited].text.len();
        let case = Case::new(&files, edited, &corpus, at);
        case.bench(c, "lsp_keystroke_corpus");
    }
}

/// The YAML files under `dir`, named relative to `root` as the server names them.
fn read_manifests(root: &Path, dir: &Path, files: &mut Vec<SourceFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            read_manifests(root, &path, files);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
            && let (Ok(text), Ok(name)) = (std::fs::read_to_string(&path), path.strip_prefix(root))
        {
            files.push(SourceFile {
                name: name.to_string_lossy().into_owned(),
                text,
            });
        }
    }
}

impl<'a> Case<'a> {
    /// `workspace[edited]` typed in at `at`.
    fn new(workspace: &[SourceFile], edited: usize, folder: &'a Path, at: usize) -> Case<'a> {
        let before = workspace[edited].clone();
        let mut after = before.clone();
        after.text.insert(at, '#');
        let workspaces = [&before, &after].map(|file| {
            let mut workspace_with = Workspace::new();
            workspace_with.files = workspace.to_vec();
            workspace_with.files[edited] = file.clone();
            workspace_with
        });
        Case {
            files: [before, after],
            workspaces,
            folder,
            at,
        }
    }

    fn bench(&self, c: &mut Criterion, group_name: &str) {
        let settings = Settings::default();
        let crds = Crds::default();
        let files = &self.files;
        println!(
            "{group_name}: {} ({} lines, {} findings) in a workspace of {} files",
            files[0].name,
            files[0].text.lines().count(),
            check_file_in_workspace(&files[0], &settings, &crds).len(),
            self.workspaces[0].files.len(),
        );
        let mut group = c.benchmark_group(group_name);
        group.sample_size(20);
        // Alternating the two texts, as typing and deleting the character.
        group.bench_function("core_whole", |b| {
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(check_file_in_workspace(&files[i % 2], &settings, &crds))
            })
        });
        group.bench_function("core_incremental", |b| {
            let mut checker = IncrementalCheck::new();
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(checker.check(&files[i % 2], &settings, &crds))
            })
        });
        group.bench_function("core_cross_file", |b| {
            let mut checker = WorkspaceCheck::new();
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(checker.check(&self.workspaces[i % 2], &settings, &[]))
            })
        });

        let server = Server::start(self.folder);
        let uri = url(&self.folder.join(&files[0].name));
        server.send(&json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 0, "text": files[0].text,
            }},
        }));
        server.diagnostics_of(0);
        let start = position(&files[0].text, self.at);
        let end_typed = position(&files[1].text, self.at + 1);
        let mut version = 0;
        group.bench_function("server", |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    version += 1;
                    // Odd versions type the character, even ones delete it.
                    let change = if version % 2 == 1 {
                        json!({"range": {"start": start, "end": start}, "text": "#"})
                    } else {
                        json!({"range": {"start": start, "end": end_typed}, "text": ""})
                    };
                    let message = json!({
                        "jsonrpc": "2.0", "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": uri, "version": version},
                            "contentChanges": [change],
                        },
                    });
                    let started = Instant::now();
                    server.send(&message);
                    server.diagnostics_of(version);
                    total += started.elapsed();
                }
                total
            })
        });
        server.stop();
        group.finish();
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
