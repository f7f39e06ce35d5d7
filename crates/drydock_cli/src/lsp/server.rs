//! The server's loop: one thread, one message at a time. Changes mark the workspace dirty; it is
//! checked again once no message is waiting (a burst of keystrokes is checked once), or at once
//! when a request needs its findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use drydock_core::{Finding, Settings};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, InitializeParams, InitializeResult, MessageType,
    PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    UnchangedDocumentDiagnosticReport, Url, notification, request,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::actions;
use super::documents::Documents;
use super::findings;
use super::position::{Encoding, Lines};

/// How the server runs, besides what the client says.
pub struct Options {
    /// Make the workspace folder the current directory, so that what renders read from the
    /// disk (a base outside the folder, a chart's files, a Compose `.env`) is found by the
    /// names files have in the workspace, as for `drydock check` run there. The binary does; an
    /// in-process test, sharing its process with others, does not.
    pub change_directory: bool,
}

/// Serves one client until it says `exit`: `Ok` after a `shutdown`, an error otherwise (the exit
/// status the protocol asks for).
pub fn run(connection: &Connection, options: &Options) -> Result<(), String> {
    let params = initialize(connection)?;
    let mut server = Server::new(connection, params, options);
    server.serve()
}

/// The `initialize` request.
struct Initialize {
    id: RequestId,
    params: InitializeParams,
    /// As sent: lsp-types reads the workspace's diagnostic capabilities under `diagnostic`, where
    /// the protocol has `diagnostics`.
    raw: serde_json::Value,
}

/// Waits for `initialize` (answering any other request with an error) and reads its params.
fn initialize(connection: &Connection) -> Result<Initialize, String> {
    loop {
        let (id, params) = connection
            .initialize_start()
            .map_err(|error| format!("before initialize: {error}"))?;
        match InitializeParams::deserialize(&params) {
            Ok(parsed) => {
                return Ok(Initialize {
                    id,
                    params: parsed,
                    raw: params,
                });
            }
            Err(error) => send(
                connection,
                Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("invalid initialize params: {error}"),
                ),
            ),
        }
    }
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); otherwise they are pushed.
    pull: bool,
    /// The client can be told to pull again (`workspace/diagnostic/refresh`).
    refresh: bool,
    checker: findings::Checker,
    documents: Documents,
    /// The workspace's findings by file name, as of the last check.
    findings: HashMap<String, Vec<Finding>>,
    /// A change since the last check.
    dirty: bool,
    /// Documents opened or changed since the last check: their diagnostics are sent (pushed)
    /// even when equal, and when pulled, changes in them do not call for a refresh.
    touched: HashSet<Url>,
    /// Each open document's diagnostics as of the last check.
    reported: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    shut_down: bool,
    requests_sent: u64,
}

impl<'c> Server<'c> {
    fn new(
        connection: &'c Connection,
        Initialize { id, params, raw }: Initialize,
        options: &Options,
    ) -> Server<'c> {
        let capabilities = &params.capabilities;
        let encoding = Encoding::negotiate(
            capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_deref()),
        );
        let pull = capabilities
            .text_document
            .as_ref()
            .is_some_and(|text| text.diagnostic.is_some());
        let refresh = ["diagnostics", "diagnostic"].iter().any(|key| {
            raw.pointer(&format!("/capabilities/workspace/{key}/refreshSupport"))
                == Some(&serde_json::Value::Bool(true))
        });
        let root = root_of(&params);
        send(
            connection,
            Response::new_ok(id, initialize_result(encoding)),
        );

        // Told to the user: the configuration cannot be used, the folder cannot be read. Only
        // logged: each file of the folder that cannot be read (one message says how many).
        let mut warnings = Vec::new();
        let mut unread = Vec::new();
        let mut settings = Settings::new();
        let mut documents = Documents::new(root.clone());
        if let Some(root) = &root {
            if options.change_directory
                && let Err(error) = std::env::set_current_dir(root)
            {
                warnings.push(format!("{}: {error}", root.display()));
            }
            match crate::config::load(None, root) {
                Ok(config) => {
                    settings = crate::settings(&config, root, None, None);
                    let ignored = |path: &Path| {
                        !config.ignore.is_empty()
                            && crate::discover::relative_to(path, root, &config.base).is_some_and(
                                |relative| config.ignore.iter().any(|glob| glob.matches(&relative)),
                            )
                    };
                    unread = documents.read_folder(&ignored);
                }
                Err(error) => {
                    warnings.push(format!("{error} (checking with the default settings)"));
                    unread = documents.read_folder(&|_| false);
                }
            }
        }
        if unread.len() > 1 {
            for problem in &unread {
                eprintln!("drydock lsp: {problem}");
            }
            warnings.push(format!(
                "{} files of the folder were not read (the server's log says why)",
                unread.len()
            ));
        } else {
            warnings.extend(unread);
        }
        for warning in warnings {
            eprintln!("drydock lsp: {warning}");
            send(
                connection,
                Notification::new(
                    notification::ShowMessage::METHOD.to_owned(),
                    ShowMessageParams {
                        typ: MessageType::WARNING,
                        message: format!("drydock: {warning}"),
                    },
                ),
            );
        }
        Server {
            connection,
            encoding,
            pull,
            refresh,
            checker: findings::Checker::new(settings),
            documents,
            findings: HashMap::new(),
            // Nothing to report until a document opens: its check is the first.
            dirty: false,
            touched: HashSet::new(),
            reported: HashMap::new(),
            shut_down: false,
            requests_sent: 0,
        }
    }

    fn serve(&mut self) -> Result<(), String> {
        let mut next = None;
        loop {
            let message = match next.take() {
                Some(message) => message,
                None => self
                    .connection
                    .receiver
                    .recv()
                    .map_err(|_| "the client left without `exit`".to_owned())?,
            };
            match message {
                Message::Request(request) => self.on_request(request),
                Message::Notification(notification)
                    if notification.method == notification::Exit::METHOD =>
                {
                    return if self.shut_down {
                        Ok(())
                    } else {
                        Err("`exit` before `shutdown`".to_owned())
                    };
                }
                Message::Notification(notification) => self.on_notification(notification),
                // Answers to our `workspace/diagnostic/refresh`: nothing to do.
                Message::Response(_) => {}
            }
            if self.dirty {
                match self.connection.receiver.try_recv() {
                    Ok(message) => next = Some(message),
                    Err(_) => self.check(),
                }
            }
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let response = if self.shut_down {
            Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            )
        } else {
            match request.method.as_str() {
                request::Shutdown::METHOD => {
                    self.shut_down = true;
                    Response::new_ok(id, ())
                }
                request::Initialize::METHOD => Response::new_err(
                    id,
                    ErrorCode::InvalidRequest as i32,
                    "already initialized".to_owned(),
                ),
                request::DocumentDiagnosticRequest::METHOD => match params(&request) {
                    Ok(params) => Response::new_ok(id, self.pull_diagnostics(&params)),
                    Err(response) => response,
                },
                request::CodeActionRequest::METHOD => match params(&request) {
                    Ok(params) => Response::new_ok(id, self.code_actions(&params)),
                    Err(response) => response,
                },
                method => Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("drydock does not answer `{method}`"),
                ),
            }
        };
        send(self.connection, response);
    }

    fn on_notification(&mut self, notification: Notification) {
        if self.shut_down {
            return;
        }
        match notification.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Some(params) =
                    notification_params::<DidOpenTextDocumentParams>(&notification)
                {
                    let document = params.text_document;
                    self.touched.insert(document.uri.clone());
                    self.documents.open(
                        document.uri,
                        &document.language_id,
                        document.text,
                        document.version,
                    );
                    self.dirty = true;
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Some(params) =
                    notification_params::<DidChangeTextDocumentParams>(&notification)
                {
                    let document = params.text_document;
                    if self.documents.change(
                        &document.uri,
                        document.version,
                        params.content_changes,
                        self.encoding,
                    ) {
                        self.touched.insert(document.uri);
                        self.dirty = true;
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Some(params) =
                    notification_params::<DidCloseTextDocumentParams>(&notification)
                {
                    let uri = params.text_document.uri;
                    if self.documents.close(&uri).is_some() {
                        self.reported.remove(&uri);
                        self.touched.remove(&uri);
                        self.dirty = true;
                        if !self.pull {
                            self.publish(uri, Vec::new(), None);
                        }
                    }
                }
            }
            // `initialized`, `$/cancelRequest` (every request is answered before the next is
            // read), saves (the open text is what is checked), settings: nothing to do.
            _ => {}
        }
    }

    /// Checks the workspace, then tells the client what changed: pushed, every open document
    /// whose diagnostics changed or that was edited; pulled, a refresh when a document the
    /// client did not edit has other diagnostics now (a cross-file rule).
    fn check(&mut self) {
        self.findings = self.checker.check(&self.documents.workspace());
        self.dirty = false;
        let touched = std::mem::take(&mut self.touched);
        let mut others_changed = false;
        let mut publish = Vec::new();
        for document in self.documents.open_documents() {
            let diagnostics = self.diagnostics_of(&document.uri, &document.name);
            let changed = self.reported.get(&document.uri) != Some(&diagnostics);
            let edited = touched.contains(&document.uri);
            if self.pull {
                others_changed |= changed && !edited;
            } else if changed || edited {
                publish.push((document.uri.clone(), diagnostics.clone(), document.version));
            }
            self.reported.insert(document.uri.clone(), diagnostics);
        }
        for (uri, diagnostics, version) in publish {
            self.publish(uri, diagnostics, Some(version));
        }
        if self.pull && self.refresh && others_changed {
            self.requests_sent += 1;
            send(
                self.connection,
                Request::new(
                    RequestId::from(format!("drydock/refresh/{}", self.requests_sent)),
                    request::WorkspaceDiagnosticRefresh::METHOD.to_owned(),
                    (),
                ),
            );
        }
    }

    fn check_if_dirty(&mut self) {
        if self.dirty {
            self.check();
        }
    }

    /// The diagnostics of the file `name` (at `uri`), open or on the disk, as of the last check.
    fn diagnostics_of(&self, uri: &Url, name: &str) -> Vec<lsp_types::Diagnostic> {
        let (Some(findings), Some(text)) = (self.findings.get(name), self.documents.text_of(name))
        else {
            return Vec::new();
        };
        let lines = Lines::new(text, self.encoding);
        findings
            .iter()
            .map(|finding| findings::diagnostic(finding, &lines, uri))
            .collect()
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        send(
            self.connection,
            Notification::new(
                notification::PublishDiagnostics::METHOD.to_owned(),
                PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version,
                },
            ),
        );
    }

    fn pull_diagnostics(
        &mut self,
        params: &DocumentDiagnosticParams,
    ) -> DocumentDiagnosticReportResult {
        self.check_if_dirty();
        let uri = &params.text_document.uri;
        let name = match self.documents.get(uri) {
            Some(document) => document.name.clone(),
            None => self.documents.name_of(uri),
        };
        let items = self.diagnostics_of(uri, &name);
        // The report's id is its content's: a client that has it is told nothing changed.
        let result_id = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_string(&items)
                .unwrap_or_default()
                .hash(&mut hasher);
            format!("{:016x}", hasher.finish())
        };
        let report = if params.previous_result_id.as_ref() == Some(&result_id) {
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
                    items,
                },
            })
        };
        DocumentDiagnosticReportResult::Report(report)
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        self.check_if_dirty();
        let Some(document) = self.documents.get(&params.text_document.uri) else {
            return Vec::new();
        };
        let lines = Lines::new(&document.text, self.encoding);
        let findings = self
            .findings
            .get(&document.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        actions::actions(
            &actions::Request {
                uri: &document.uri,
                name: &document.name,
                text: &document.text,
                range: lines.text_range(params.range),
                only: params.context.only.as_deref(),
            },
            findings,
            &lines,
            self.checker.settings(),
        )
    }
}

fn initialize_result(encoding: Encoding) -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("drydock".to_owned()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(actions::FIX_ALL),
                ]),
                resolve_provider: Some(false),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "drydock".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

/// The workspace folder: the first the client names, else its root URI; only a local folder.
fn root_of(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)] // `rootUri`: what clients without workspace folders send.
    let root_uri = params.root_uri.as_ref();
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(root_uri)
        .and_then(|uri| uri.to_file_path().ok())
}

/// A request's params, or the error response that says why they are not.
fn params<P: DeserializeOwned>(request: &Request) -> Result<P, Response> {
    serde_json::from_value(request.params.clone()).map_err(|error| {
        Response::new_err(
            request.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!("invalid params for `{}`: {error}", request.method),
        )
    })
}

/// A notification's params; a malformed notification is logged and ignored (it has no answer).
fn notification_params<P: DeserializeOwned>(notification: &Notification) -> Option<P> {
    serde_json::from_value(notification.params.clone())
        .map_err(|error| {
            eprintln!(
                "drydock lsp: invalid params for `{}`: {error}",
                notification.method
            );
        })
        .ok()
}

/// Sends a message; should the client be gone, the next read says so.
fn send(connection: &Connection, message: impl Into<Message>) {
    let _ = connection.sender.send(message.into());
}
