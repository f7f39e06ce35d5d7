//! The server's loop: one thread, one message at a time. Changes mark the workspace dirty; it is
//! checked again once no message is waiting (a burst of keystrokes is checked once), or at once
//! when a request needs its findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use drydock_core::k8s::KubernetesVersion;
use drydock_core::{Finding, Settings};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    ConfigurationItem, ConfigurationParams, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, DocumentSymbolParams,
    DocumentSymbolResponse, FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, MessageType, OneOf, PublishDiagnosticsParams,
    ReferenceParams, Registration, RegistrationParams, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, RenameOptions, RenameParams, ServerCapabilities,
    ServerInfo, ShowMessageParams, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, UnchangedDocumentDiagnosticReport, Url,
    WorkDoneProgressOptions, WorkspaceEdit, notification, request,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::actions;
use super::assist;
use super::documents::{Documents, Opened};
use super::findings;
use super::navigation::{At, Navigator};
use super::position::{Encoding, Lines};
use super::rule_docs::{RuleDocs, RuleDocsDir};
use super::symbols;

/// How the server runs, besides what the client says.
pub struct Options {
    /// Make the workspace folder the current directory, so that what renders read from the
    /// disk (a base outside the folder, a chart's files, a Compose `.env`) is found by the
    /// names files have in the workspace, as for `drydock check` run there. The binary does; an
    /// in-process test, sharing its process with others, does not.
    pub change_directory: bool,
    /// Where the rules' pages that diagnostics link to are written.
    pub rule_docs: RuleDocsDir,
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
    /// The client answers `workspace/configuration`: the `drydock` section is asked for at
    /// start and whenever the client says its settings changed.
    configuration: bool,
    /// The client lets the server register file watchers (`workspace/didChangeWatchedFiles`).
    watch: bool,
    /// Settings the client gives (`drydock.kubernetesVersion`): they win over the folder's
    /// configuration file, as command-line options win over it for `drydock check`.
    client_settings: ClientSettings,
    /// The configuration file's `ignore` list and base as last read: the folder is read again
    /// when they change.
    ignore: (Vec<crate::glob::Glob>, PathBuf),
    checker: findings::Checker,
    /// The rules' pages diagnostics link to.
    rule_docs: RuleDocs,
    documents: Documents,
    /// What the workspace's references point at, built when a request first needs it after a
    /// change.
    navigator: Option<Navigator>,
    /// The workspace's findings by file name, as of the last check.
    findings: HashMap<String, Vec<Finding>>,
    /// Something to tell the client since the last check: a change, or a document opened.
    dirty: bool,
    /// The workspace changed since the last check: its findings are to be found again (a
    /// document opened with the text the folder has for it changes nothing).
    stale: bool,
    /// Documents opened or changed since the last check: their diagnostics are sent (pushed)
    /// even when equal, and when pulled, changes in them do not call for a refresh.
    touched: HashSet<Url>,
    /// Each open document's diagnostics as of the last check.
    reported: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    shut_down: bool,
    requests_sent: u64,
    /// Our `workspace/configuration` requests not answered yet.
    configuration_requests: HashSet<RequestId>,
}

/// The settings a client sends under `drydock` (`workspace/configuration`, pushed with
/// `workspace/didChangeConfiguration`, or as `initializationOptions`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ClientSettings {
    kubernetes_version: Option<KubernetesVersion>,
    /// What was wrong with them, for the user: the setting is then left out.
    problem: Option<String>,
}

impl ClientSettings {
    /// The `drydock` section of what a client sent; `None` when it is not an object of
    /// settings (then nothing changes). An empty value is no setting (a client's defaults are
    /// often empty strings); one that is not a version is left out and said.
    fn from_section(section: &serde_json::Value) -> Option<ClientSettings> {
        if section.is_null() {
            return Some(ClientSettings::default());
        }
        let section = section.as_object()?;
        let mut settings = ClientSettings::default();
        match section.get("kubernetesVersion") {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(text)) if text.trim().is_empty() => {}
            Some(serde_json::Value::String(text)) => match text.parse() {
                Ok(version) => settings.kubernetes_version = Some(version),
                Err(error) => {
                    settings.problem = Some(format!("setting drydock.kubernetesVersion: {error}"));
                }
            },
            Some(other) => {
                settings.problem = Some(format!(
                    "setting drydock.kubernetesVersion: `{other}` is not a version: write it as a string, like \"1.30\""
                ));
            }
        }
        Some(settings)
    }
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
        let workspace = capabilities.workspace.as_ref();
        let configuration = workspace.and_then(|w| w.configuration) == Some(true);
        let watch = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            == Some(true);
        // Settings sent with `initialize` (`initializationOptions`, under `drydock` or not), for
        // clients that have no `workspace/configuration`.
        let mut client_settings = params
            .initialization_options
            .as_ref()
            .and_then(|options| {
                ClientSettings::from_section(options.get("drydock").unwrap_or(options))
            })
            .unwrap_or_default();
        let root = root_of(&params);
        send(
            connection,
            Response::new_ok(id, initialize_result(encoding)),
        );

        let mut warnings: Vec<String> = client_settings.problem.take().into_iter().collect();
        if let Some(root) = &root
            && options.change_directory
            && let Err(error) = std::env::set_current_dir(root)
        {
            warnings.push(format!("{}: {error}", root.display()));
        }
        let mut server = Server {
            connection,
            encoding,
            pull,
            refresh,
            configuration,
            watch,
            client_settings,
            ignore: (Vec::new(), PathBuf::new()),
            checker: findings::Checker::new(Settings::new()),
            rule_docs: RuleDocs::new(&options.rule_docs),
            documents: Documents::new(root),
            navigator: None,
            findings: HashMap::new(),
            // Nothing to report until a document opens: its check is the first.
            dirty: false,
            stale: true,
            touched: HashSet::new(),
            reported: HashMap::new(),
            shut_down: false,
            requests_sent: 0,
            configuration_requests: HashSet::new(),
        };
        warnings.extend(server.configure(true));
        server.dirty = false;
        for warning in warnings {
            server.warn(&warning);
        }
        server
    }

    /// Tells the user (and the log) something went wrong that they can fix.
    fn warn(&self, warning: &str) {
        eprintln!("drydock lsp: {warning}");
        send(
            self.connection,
            Notification::new(
                notification::ShowMessage::METHOD.to_owned(),
                ShowMessageParams {
                    typ: MessageType::WARNING,
                    message: format!("drydock: {warning}"),
                },
            ),
        );
    }

    /// Reads the configuration (the folder's `.drydock.yaml` or `.hadolint.yaml`, an open one's
    /// unsaved text first, with the client's settings over it) and the folder's files when
    /// what it ignores changed (or `first`). Every file is checked again with the new settings.
    /// Returns what the user should be told: the configuration cannot be used, the folder cannot
    /// be read. Only logged: each file of the folder that cannot be read (one message says how
    /// many).
    fn configure(&mut self, first: bool) -> Vec<String> {
        let mut warnings = Vec::new();
        let Some(root) = self.documents.root().map(Path::to_path_buf) else {
            let mut settings = Settings::new();
            settings.kubernetes_version = self.client_settings.kubernetes_version;
            self.set_settings(settings);
            return warnings;
        };
        let documents = &self.documents;
        let read = |path: &Path| match Url::from_file_path(path)
            .ok()
            .and_then(|uri| documents.get(&uri))
        {
            Some(document) => Ok(document.text.clone()),
            None => std::fs::read_to_string(path),
        };
        let config = match crate::config::load_with(None, &root, &read) {
            Ok(config) => config,
            Err(error) => {
                warnings.push(format!("{error} (checking with the default settings)"));
                crate::config::Config {
                    base: root.clone(),
                    ..crate::config::Config::default()
                }
            }
        };
        let settings = crate::settings(
            &config,
            &root,
            self.client_settings.kubernetes_version,
            None,
        );
        self.set_settings(settings);
        let ignore = (config.ignore.clone(), config.base.clone());
        if first || ignore != self.ignore {
            self.ignore = ignore;
            let ignored = |path: &Path| {
                !config.ignore.is_empty()
                    && crate::discover::relative_to(path, &root, &config.base).is_some_and(
                        |relative| config.ignore.iter().any(|glob| glob.matches(&relative)),
                    )
            };
            let unread = self.documents.reread_folder(&ignored);
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
        }
        warnings
    }

    /// New settings: every file is checked again (when the settings differ).
    fn set_settings(&mut self, settings: Settings) {
        if *self.checker.settings() != settings {
            self.checker = findings::Checker::new(settings);
            self.changed();
        }
    }

    /// The workspace changed: it is checked again, and navigation rebuilt when next asked.
    fn changed(&mut self) {
        self.dirty = true;
        self.stale = true;
        self.navigator = None;
    }

    /// After `initialized`: watch the configuration files, ask for the client's settings.
    fn on_initialized(&mut self) {
        if self.watch {
            let watchers = crate::config::DRYDOCK_NAMES
                .iter()
                .chain(&crate::config::HADOLINT_NAMES)
                .map(|name| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{name}")),
                    kind: None,
                })
                .collect();
            self.requests_sent += 1;
            send(
                self.connection,
                Request::new(
                    RequestId::from(format!("drydock/watch/{}", self.requests_sent)),
                    request::RegisterCapability::METHOD.to_owned(),
                    RegistrationParams {
                        registrations: vec![Registration {
                            id: "drydock/configuration-files".to_owned(),
                            method: notification::DidChangeWatchedFiles::METHOD.to_owned(),
                            register_options: serde_json::to_value(
                                DidChangeWatchedFilesRegistrationOptions { watchers },
                            )
                            .ok(),
                        }],
                    },
                ),
            );
        }
        self.ask_configuration();
    }

    fn ask_configuration(&mut self) {
        if !self.configuration {
            return;
        }
        self.requests_sent += 1;
        let id = RequestId::from(format!("drydock/configuration/{}", self.requests_sent));
        self.configuration_requests.insert(id.clone());
        send(
            self.connection,
            Request::new(
                id,
                request::WorkspaceConfiguration::METHOD.to_owned(),
                ConfigurationParams {
                    items: vec![ConfigurationItem {
                        scope_uri: None,
                        section: Some("drydock".to_owned()),
                    }],
                },
            ),
        );
    }

    /// The client's answer to one of our requests.
    fn on_response(&mut self, response: Response) {
        if !self.configuration_requests.remove(&response.id) {
            return;
        }
        let section = response
            .response_result
            .ok()
            .and_then(|result| result.get(0).cloned())
            .unwrap_or_default();
        if let Some(settings) = ClientSettings::from_section(&section) {
            self.client_settings_changed(settings);
        }
    }

    fn client_settings_changed(&mut self, mut settings: ClientSettings) {
        if let Some(problem) = settings.problem.take() {
            self.warn(&problem);
        }
        if settings != self.client_settings {
            self.client_settings = settings;
            for warning in self.configure(false) {
                self.warn(&warning);
            }
        }
    }

    /// Whether `uri` is a configuration file the server reads.
    fn is_configuration(uri: &Url) -> bool {
        let name = uri
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .unwrap_or_default();
        crate::config::DRYDOCK_NAMES
            .iter()
            .chain(&crate::config::HADOLINT_NAMES)
            .any(|known| *known == name)
    }

    /// The configuration file changed: read again. What is wrong with it is said to the user
    /// when `tell` (opened, saved, changed on the disk), only logged while it is being typed.
    fn configuration_changed(&mut self, tell: bool) {
        for warning in self.configure(false) {
            if tell {
                self.warn(&warning);
            } else {
                eprintln!("drydock lsp: {warning}");
            }
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
                Message::Response(response) => self.on_response(response),
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
        let method = request.method.clone();
        // The core never panics by design; should it, the request gets an error and the server
        // goes on (what a request builds lazily, the navigation, is built again).
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.respond(request)))
                .unwrap_or_else(|_| {
                    self.navigator = None;
                    Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("drydock could not answer `{method}` (an internal error)"),
                    )
                });
        send(self.connection, response);
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shut_down {
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
                request::Completion::METHOD => match params(&request) {
                    Ok(params) => Response::new_ok(id, self.completion(&params)),
                    Err(response) => response,
                },
                request::HoverRequest::METHOD => match params(&request) {
                    Ok(params) => Response::new_ok(id, self.hover(&params)),
                    Err(response) => response,
                },
                request::DocumentSymbolRequest::METHOD => match params(&request) {
                    Ok(params) => Response::new_ok(id, self.symbols(&params)),
                    Err(response) => response,
                },
                request::GotoDefinition::METHOD => match params::<GotoDefinitionParams>(&request) {
                    Ok(params) => Response::new_ok(
                        id,
                        GotoDefinitionResponse::Array(
                            self.at(&params.text_document_position_params, |at| at.definition()),
                        ),
                    ),
                    Err(response) => response,
                },
                request::References::METHOD => match params::<ReferenceParams>(&request) {
                    Ok(params) => {
                        let declaration = params.context.include_declaration;
                        Response::new_ok(
                            id,
                            self.at(&params.text_document_position, |at| {
                                at.references(declaration)
                            }),
                        )
                    }
                    Err(response) => response,
                },
                request::PrepareRenameRequest::METHOD => {
                    match params::<TextDocumentPositionParams>(&request) {
                        Ok(params) => {
                            Response::new_ok(id, self.at(&params, |at| at.prepare_rename()))
                        }
                        Err(response) => response,
                    }
                }
                request::Rename::METHOD => match params::<RenameParams>(&request) {
                    Ok(params) => {
                        let new_name = params.new_name.trim().to_owned();
                        let renamed: Result<Option<WorkspaceEdit>, String> =
                            self.at(&params.text_document_position, |at| at.rename(&new_name));
                        match renamed {
                            Ok(edit) => Response::new_ok(id, edit),
                            Err(message) => {
                                Response::new_err(id, ErrorCode::RequestFailed as i32, message)
                            }
                        }
                    }
                    Err(response) => response,
                },
                method => Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("drydock does not answer `{method}`"),
                ),
            }
        }
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
                    let configuration = Self::is_configuration(&document.uri);
                    let opened = self.documents.open(
                        document.uri,
                        &document.language_id,
                        document.text,
                        document.version,
                    );
                    match opened {
                        Opened::Changed => self.changed(),
                        // Its diagnostics are still to be sent.
                        Opened::Same => self.dirty = true,
                    }
                    if configuration {
                        self.configuration_changed(true);
                    }
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
                        let configuration = Self::is_configuration(&document.uri);
                        self.touched.insert(document.uri);
                        self.changed();
                        if configuration {
                            self.configuration_changed(false);
                        }
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
                        self.changed();
                        if Self::is_configuration(&uri) {
                            self.configuration_changed(true);
                        }
                        if !self.pull {
                            self.publish(uri, Vec::new(), None);
                        }
                    }
                }
            }
            notification::Initialized::METHOD => self.on_initialized(),
            notification::DidSaveTextDocument::METHOD => {
                if let Some(params) =
                    notification_params::<DidSaveTextDocumentParams>(&notification)
                    && Self::is_configuration(&params.text_document.uri)
                {
                    self.configuration_changed(true);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                if let Some(params) =
                    notification_params::<DidChangeWatchedFilesParams>(&notification)
                    && params
                        .changes
                        .iter()
                        .any(|change| Self::is_configuration(&change.uri))
                {
                    self.configuration_changed(true);
                }
            }
            notification::DidChangeConfiguration::METHOD => {
                if let Some(params) =
                    notification_params::<DidChangeConfigurationParams>(&notification)
                {
                    // Pushed settings are used as they are; a client that can be asked is
                    // asked (many send `null` and expect the server to pull).
                    let pushed = params
                        .settings
                        .get("drydock")
                        .and_then(ClientSettings::from_section);
                    match pushed {
                        Some(settings) if !self.configuration => {
                            self.client_settings_changed(settings);
                        }
                        _ => self.ask_configuration(),
                    }
                }
            }
            // `$/cancelRequest` (every request is answered before the next is read), other
            // saves (the open text is what is checked): nothing to do.
            _ => {}
        }
    }

    /// Checks the workspace, then tells the client what changed: pushed, every open document
    /// whose diagnostics changed or that was edited; pulled, a refresh when a document the
    /// client did not edit has other diagnostics now (a cross-file rule).
    ///
    /// A document's diagnostics are made again only when it was edited or its findings changed
    /// (its text, and so its diagnostics, did not): with hundreds of documents open, a keystroke
    /// converts the findings of a few.
    fn check(&mut self) {
        let previous = if self.stale {
            self.stale = false;
            let findings = self.checker.check(self.documents.workspace());
            Some(std::mem::replace(&mut self.findings, findings))
        } else {
            None
        };
        self.dirty = false;
        let touched = std::mem::take(&mut self.touched);
        let mut others_changed = false;
        let mut publish = Vec::new();
        for document in self.documents.open_documents() {
            let edited = touched.contains(&document.uri);
            let same_findings = previous.as_ref().is_none_or(|previous| {
                previous.get(&document.name) == self.findings.get(&document.name)
            });
            if !edited && same_findings && self.reported.contains_key(&document.uri) {
                continue;
            }
            let diagnostics = self.diagnostics_of(&document.uri, &document.name);
            let changed = self.reported.get(&document.uri) != Some(&diagnostics);
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
            .map(|finding| findings::diagnostic(finding, &lines, uri, &self.rule_docs))
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
                docs: &self.rule_docs,
            },
            findings,
            &lines,
            self.checker.settings(),
        )
    }
}

impl Server<'_> {
    /// An open document's name and text, and the offset of a position in it.
    fn document_at(
        &self,
        uri: &Url,
        position: lsp_types::Position,
    ) -> Option<(&super::documents::Document, Lines<'_>, usize)> {
        let document = self.documents.get(uri)?;
        let lines = Lines::new(&document.text, self.encoding);
        let offset = lines.offset(position);
        Some((document, lines, offset))
    }

    fn completion(&self, params: &CompletionParams) -> CompletionResponse {
        let position = &params.text_document_position;
        match self.document_at(&position.text_document.uri, position.position) {
            Some((document, lines, offset)) => {
                let values = assist::values_file_of(&document.name)
                    .and_then(|values| self.documents.text_of(&values));
                let folder = self.documents.root().map(|root| {
                    let name = document.name.as_str();
                    root.join(name.rfind('/').and_then(|at| name.get(..at)).unwrap_or(""))
                });
                assist::completion(
                    &document.name,
                    &document.text,
                    &lines,
                    offset,
                    values,
                    folder.as_deref(),
                )
            }
            None => CompletionResponse::Array(Vec::new()),
        }
    }

    fn hover(&mut self, params: &HoverParams) -> Option<Hover> {
        self.check_if_dirty();
        let position = &params.text_document_position_params;
        let uri = &position.text_document.uri;
        // In a manifest, an image may be built by a Dockerfile of the workspace.
        let manifest = self
            .documents
            .get(uri)
            .is_some_and(|document| assist::is_manifest(&document.name, &document.text));
        let navigator = match self.navigator.take() {
            Some(navigator) => Some(navigator),
            None if manifest => Some(Navigator::new(
                self.documents.workspace().clone(),
                self.checker.settings(),
            )),
            None => None,
        };
        let hover =
            self.document_at(uri, position.position)
                .and_then(|(document, lines, offset)| {
                    let findings = self
                        .findings
                        .get(&document.name)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    let image = navigator
                        .as_ref()
                        .filter(|_| manifest)
                        .and_then(|navigator| navigator.image_hover(&document.name, offset));
                    let values = assist::values_file_of(&document.name)
                        .and_then(|values| self.documents.text_of(&values));
                    assist::hover(
                        &document.name,
                        &document.text,
                        &lines,
                        offset,
                        findings,
                        image,
                        values,
                    )
                });
        self.navigator = navigator;
        hover
    }

    fn symbols(&self, params: &DocumentSymbolParams) -> DocumentSymbolResponse {
        let uri = &params.text_document.uri;
        let name = self.documents.name_for(uri);
        let symbols = self
            .documents
            .text_of(&name)
            .map(|text| symbols::symbols(&name, text, &Lines::new(text, self.encoding)))
            .unwrap_or_default();
        DocumentSymbolResponse::Nested(symbols)
    }

    /// Answers a question about a position with the workspace's navigation (built now if a
    /// change dropped it).
    fn at<T>(
        &mut self,
        params: &TextDocumentPositionParams,
        answer: impl FnOnce(&At<'_>) -> T,
    ) -> T {
        let navigator = match self.navigator.take() {
            Some(navigator) => navigator,
            None => Navigator::new(self.documents.workspace().clone(), self.checker.settings()),
        };
        let uri = &params.text_document.uri;
        let name = self.documents.name_for(uri);
        let answer = answer(&At {
            navigator: &navigator,
            documents: &self.documents,
            encoding: self.encoding,
            uri,
            name: &name,
            position: params.position,
        });
        self.navigator = Some(navigator);
        answer
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
            completion_provider: Some(CompletionOptions {
                // `--` and `=` in Dockerfile flags, `,` between mount fields.
                trigger_characters: Some(vec!["-".to_owned(), "=".to_owned(), ",".to_owned()]),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_settings_are_read_leniently() {
        let read = |value: serde_json::Value| ClientSettings::from_section(&value);
        let version = |minor| ClientSettings {
            kubernetes_version: Some(KubernetesVersion::new(minor)),
            problem: None,
        };
        assert_eq!(
            read(json!({ "kubernetesVersion": "1.30" })),
            Some(version(30))
        );
        assert_eq!(
            read(json!({ "kubernetesVersion": " 1.24 ", "other": true })),
            Some(version(24))
        );
        // Empty or absent: no setting.
        for unset in [json!({ "kubernetesVersion": "" }), json!({}), json!(null)] {
            assert_eq!(read(unset), Some(ClientSettings::default()));
        }
        // Not a version: no setting, and a word for the user.
        for wrong in [json!(1.3), json!("latest"), json!("1.99")] {
            let settings = read(json!({ "kubernetesVersion": wrong })).unwrap();
            assert_eq!(settings.kubernetes_version, None);
            let problem = settings.problem.unwrap();
            assert!(
                problem.starts_with("setting drydock.kubernetesVersion: "),
                "{problem}"
            );
        }
        assert_eq!(read(json!("1.30")), None, "not a section: nothing changes");
    }
}
