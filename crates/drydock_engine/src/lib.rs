//! The playground's engines: what it computes in a web worker instead of the page, so that the
//! first load carries only what the first view needs (the editor, Dockerfile and Kubernetes
//! checking). Each engine is a separate wasm module (`crates/drydock_worker`), fetched the first
//! time the page needs it and precached for offline use; this crate is what it runs, as plain
//! functions from a [`Request`] to a [`Response`], both serializable (the page and the worker
//! exchange them as JSON text).
//!
//! An engine answers every request, malformed ones included: a request it cannot read is an
//! error response, never a panic (a panic would end the worker and every request after it).
//!
//! Engines:
//! - [`Engine::Diagram`]: the topology of the workspace, laid out ([`drydock_topology`]), sent in
//!   its compact text form ([`drydock_topology::wire`]). The page counts its own findings onto
//!   the nodes ([`drydock_topology::Topology::count_findings`]), so the engine needs the files and
//!   the view, nothing else.
//!
//! - [`Engine::Kustomize`]: every top-level kustomization of the workspace rendered
//!   ([`drydock_kustomize::workspace::render_workspace`]), sent as
//!   [`drydock_base::rendered::Rendered`] values on the wire: the rendered text, the origin of
//!   each piece, and the renderer's own findings. The page checks the text with the rules it has
//!   (the Kubernetes rules, the schema) and places each finding at its origin, so the engine
//!   carries the renderer alone.
//!
//! - [`Engine::Compose`]: every Compose project of the workspace checked
//!   ([`drydock_compose::workspace::render_workspace`]), sent as
//!   [`drydock_base::rendered::Rendered`] values whose findings are in the project's files (no
//!   rendered text yet: the resolved model comes with the loader).
//!
//! - [`Engine::Helm`]: every Helm chart of the workspace rendered as `helm template` renders it
//!   ([`drydock_helm::workspace::render_workspace`]), sent as
//!   [`drydock_base::rendered::Rendered`] values: the manifests' text with the template text or
//!   action that wrote each piece, the values-file line of each printed value, and the chart's
//!   own findings (`helm/render`, `helm/values-schema`, the `helm/*` lint rules). The page checks
//!   the text as it checks a kustomization's. A template `include`d in itself stops with Helm's
//!   error: at Helm's 1000 levels natively, at 150 in the wasm worker, whose stack (V8's, about
//!   1 MB in a Web Worker) holds no more.
//!
//! A language engine adds a variant to [`Engine`], a [`Task`] and an [`Output`]: the files in,
//! renders out (findings, rendered text with its source map).

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use drydock_base::workspace::{SourceFile, Workspace};
use drydock_topology::{Drawing, View};
use serde::{Deserialize, Serialize};

/// An engine: one worker, one wasm module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// Topology diagrams: the relation graph and the Dockerfile stages, laid out.
    Diagram,
    /// Kustomizations rendered as kustomize renders them.
    Kustomize,
    /// Compose projects checked as Docker Compose loads them.
    Compose,
    /// Helm charts rendered as `helm template` renders them.
    Helm,
    /// The API server's validation of the manifests and of what renders deploy.
    ApiServer,
}

impl Engine {
    pub const ALL: [Engine; 5] = [
        Engine::Diagram,
        Engine::Kustomize,
        Engine::Compose,
        Engine::Helm,
        Engine::ApiServer,
    ];

    /// The engine's name: its worker's file names (`engine_<name>…`) and its `<meta>`
    /// (`drydock-engine-<name>`) in the page.
    pub const fn name(self) -> &'static str {
        match self {
            Engine::Diagram => "diagram",
            Engine::Kustomize => "kustomize",
            Engine::Compose => "compose",
            Engine::Helm => "helm",
            Engine::ApiServer => "apiserver",
        }
    }

    /// What the status line calls it.
    pub const fn title(self) -> &'static str {
        match self {
            Engine::Diagram => "the diagram engine",
            Engine::Kustomize => "the Kustomize engine",
            Engine::Compose => "the Compose engine",
            Engine::Helm => "the Helm engine",
            Engine::ApiServer => "the API-server engine",
        }
    }
}

/// What the page asks an engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in the response, so the page can match answers to questions and drop stale ones.
    pub id: u64,
    pub files: Vec<SourceFile>,
    pub task: Task,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Task {
    /// A topology view of the files, laid out (findings not counted), with what `renders` (as
    /// [`drydock_base::rendered::Rendered::to_wire`] writes them: the Kustomize engine's
    /// answer) deploy drawn in place of the files they read.
    Diagram {
        view: View,
        #[serde(default)]
        renders: String,
    },
    /// Lays out a generated graph of `nodes` nodes `runs` times (the page times the round trip:
    /// the layout's cost in wasm, in the reader's browser).
    LayoutSample { nodes: usize, runs: usize },
    /// Every top-level kustomization of the files, rendered.
    Kustomize,
    /// Every Compose project of the files, checked.
    Compose,
    /// Every Compose project of the files that loads, converted to Kubernetes manifests.
    Convert,
    /// Every Helm chart of the files (subcharts with their parent), rendered.
    Helm,
    /// The API server's validation ([`drydock_core::api_server`]) of the Kubernetes files no
    /// render reads and of what `renders` (the Kustomize and Helm engines' answers, as
    /// [`drydock_base::rendered::Rendered::to_wire`] writes them) deploy, for the Kubernetes
    /// `version` (`"1.30"`; empty: the newest).
    ApiServer {
        #[serde(default)]
        renders: String,
        #[serde(default)]
        version: String,
    },
}

impl Task {
    /// The engine that does this task.
    pub const fn engine(&self) -> Engine {
        match self {
            Task::Diagram { .. } | Task::LayoutSample { .. } => Engine::Diagram,
            Task::Kustomize => Engine::Kustomize,
            Task::Compose | Task::Convert => Engine::Compose,
            Task::Helm => Engine::Helm,
            Task::ApiServer { .. } => Engine::ApiServer,
        }
    }
}

/// What an engine answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    pub result: Result<Output, String>,
}

/// Externally tagged (serde's default): the page's module reads it with the least code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    /// The drawing as [`Drawing::to_wire`] writes it (the page reads it with
    /// [`Drawing::from_wire`]: serde's derived code for it would outweigh the topology and the
    /// layout in the page's module).
    Diagram { drawing: String },
    /// How many nodes the last sample layout placed.
    LayoutSample { placed: usize },
    /// The renders as [`drydock_base::rendered::Rendered::to_wire`] writes them.
    Kustomize { renders: String },
    /// The projects as [`drydock_base::rendered::Rendered::to_wire`] writes them.
    Compose { renders: String },
    /// The manifests each project converts to: one new file per project.
    Convert { files: Vec<SourceFile> },
    /// The charts' renders as [`drydock_base::rendered::Rendered::to_wire`] writes them.
    Helm { renders: String },
    /// The findings as `drydock_core::api_server::to_wire` writes them (the page reads them with
    /// `drydock_core::api_server::findings`).
    ApiServer { findings: String },
}

/// The largest sample graph a [`Task::LayoutSample`] lays out, and the most runs: a request
/// cannot make the worker busy for long.
pub const SAMPLE_LIMITS: (usize, usize) = (2_000, 50);

/// The first message a worker posts, once its module is compiled and it listens: the page sends
/// nothing before it (a message that arrived earlier would find no listener).
pub const READY: &str = r#"{"ready":true}"#;

/// What an engine does with a task of its own: a worker is built around one of these
/// ([`diagram`], [`kustomize`]), so that its module holds that engine's code and no other's.
pub type Run = fn(Workspace, Task) -> Option<Output>;

/// The diagram engine: topology views, and the layout samples.
pub fn diagram(workspace: Workspace, task: Task) -> Option<Output> {
    match task {
        Task::Diagram { view, renders } => {
            let renders = drydock_base::rendered::Rendered::from_wire(&renders).unwrap_or_default();
            Some(Output::Diagram {
                drawing: Drawing::new_rendered(&workspace, &renders, &[], view).to_wire(),
            })
        }
        Task::LayoutSample { nodes, runs } => {
            let graph = drydock_layout::sample::generate(7, nodes.min(SAMPLE_LIMITS.0), 1.3, 4);
            let mut placed = 0;
            for _ in 0..runs.clamp(1, SAMPLE_LIMITS.1) {
                placed = drydock_layout::layout(&graph).nodes.len();
            }
            Some(Output::LayoutSample { placed })
        }
        Task::Kustomize | Task::Compose | Task::Convert | Task::Helm | Task::ApiServer { .. } => {
            None
        }
    }
}

/// The Kustomize engine: every top-level kustomization rendered.
pub fn kustomize(workspace: Workspace, task: Task) -> Option<Output> {
    match task {
        Task::Kustomize => {
            // Written from the renders the engine keeps for the next request, not copies.
            let renders = drydock_kustomize::workspace::render_workspace_shared(&workspace);
            let renders: Vec<&drydock_base::rendered::Rendered> =
                renders.iter().map(|render| &**render).collect();
            Some(Output::Kustomize {
                renders: drydock_base::rendered::Rendered::to_wire_refs(&renders),
            })
        }
        Task::Diagram { .. }
        | Task::LayoutSample { .. }
        | Task::Compose
        | Task::Convert
        | Task::Helm
        | Task::ApiServer { .. } => None,
    }
}

/// The Compose engine: every Compose project checked.
pub fn compose(workspace: Workspace, task: Task) -> Option<Output> {
    match task {
        Task::Compose => {
            let mut renders = drydock_compose::workspace::render_workspace(&workspace.files);
            renders.extend(drydock_links::compose_build::renders(&workspace.files));
            Some(Output::Compose {
                renders: drydock_base::rendered::Rendered::to_wire(&renders),
            })
        }
        Task::Convert => Some(Output::Convert {
            files: drydock_compose::workspace::convert_workspace(&workspace.files),
        }),
        Task::Diagram { .. }
        | Task::LayoutSample { .. }
        | Task::Kustomize
        | Task::Helm
        | Task::ApiServer { .. } => None,
    }
}

/// The Helm engine: every chart rendered.
pub fn helm(workspace: Workspace, task: Task) -> Option<Output> {
    match task {
        Task::Helm => Some(Output::Helm {
            renders: drydock_base::rendered::Rendered::to_wire(
                &drydock_helm::workspace::render_workspace(&workspace.files),
            ),
        }),
        Task::Diagram { .. }
        | Task::LayoutSample { .. }
        | Task::Kustomize
        | Task::Compose
        | Task::Convert
        | Task::ApiServer { .. } => None,
    }
}

/// The API-server engine: the API server's validation, which the page's module leaves out (it
/// is built without the `api-server` feature; this crate has it where that feature is on, in the
/// workers).
pub fn api_server(workspace: Workspace, task: Task) -> Option<Output> {
    #[cfg(feature = "api-server")]
    if let Task::ApiServer { renders, version } = task {
        let renders = drydock_base::rendered::Rendered::from_wire(&renders).unwrap_or_default();
        let mut settings = drydock_core::Settings::new();
        settings.kubernetes_version = version.parse().ok();
        let found = drydock_core::api_server::check(&workspace, &settings, &renders);
        return Some(Output::ApiServer {
            findings: drydock_core::api_server::to_wire(&found),
        });
    }
    let _ = (workspace, task);
    None
}

impl Engine {
    /// The engine's [`Run`] (for tests and tools; a worker names its own, so as not to link
    /// the others).
    pub fn run(self) -> Run {
        match self {
            Engine::Diagram => diagram,
            Engine::Kustomize => kustomize,
            Engine::Compose => compose,
            Engine::Helm => helm,
            Engine::ApiServer => api_server,
        }
    }
}

/// Does the task of `request` with `engine`; a task of another engine is an error response.
pub fn handle(engine: Engine, request: Request) -> Response {
    handle_with(engine, engine.run(), request)
}

/// [`handle`] with the engine's [`Run`] given.
pub fn handle_with(engine: Engine, run: Run, request: Request) -> Response {
    let Request { id, files, task } = request;
    let other = task.engine();
    let result = run(Workspace { files }, task)
        .ok_or_else(|| format!("{} cannot do a task of {}", engine.title(), other.title()));
    Response { id, result }
}

impl Request {
    /// The request as JSON text, as serde writes it (the worker reads it with serde), written by
    /// hand: the page then carries no serializer for it.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"id\":{},\"files\":[", self.id);
        for (at, file) in self.files.iter().enumerate() {
            if at > 0 {
                out.push(',');
            }
            out.push_str("{\"name\":");
            drydock_base::json::write_string(&mut out, &file.name);
            out.push_str(",\"text\":");
            drydock_base::json::write_string(&mut out, &file.text);
            out.push('}');
        }
        out.push_str("],\"task\":");
        match &self.task {
            Task::Diagram { view, renders } => {
                let view = match view {
                    View::Kubernetes => "kubernetes",
                    View::Dockerfile => "dockerfile",
                    View::Together => "together",
                    View::Compose => "compose",
                };
                out.push_str(&format!(
                    "{{\"kind\":\"diagram\",\"view\":\"{view}\",\"renders\":"
                ));
                drydock_base::json::write_string(&mut out, renders);
                out.push('}');
            }
            Task::LayoutSample { nodes, runs } => out.push_str(&format!(
                "{{\"kind\":\"layout-sample\",\"nodes\":{nodes},\"runs\":{runs}}}"
            )),
            Task::Kustomize => out.push_str("{\"kind\":\"kustomize\"}"),
            Task::Compose => out.push_str("{\"kind\":\"compose\"}"),
            Task::Convert => out.push_str("{\"kind\":\"convert\"}"),
            Task::Helm => out.push_str("{\"kind\":\"helm\"}"),
            Task::ApiServer { renders, version } => {
                out.push_str("{\"kind\":\"api-server\",\"renders\":");
                drydock_base::json::write_string(&mut out, renders);
                out.push_str(",\"version\":");
                drydock_base::json::write_string(&mut out, version);
                out.push('}');
            }
        }
        out.push('}');
        out
    }
}

impl Response {
    /// The response as [`drydock_base::wire`] text: what a worker posts, read by the page with
    /// [`Response::from_wire`] (serde's derived reader would weigh more in the page's module).
    pub fn to_wire(&self) -> String {
        use drydock_base::wire::Writer;
        let mut w = Writer::new();
        w.uint(usize::try_from(self.id).unwrap_or(usize::MAX));
        match &self.result {
            Err(why) => {
                w.uint(0);
                w.str(why);
            }
            Ok(Output::Diagram { drawing }) => {
                w.uint(1);
                w.str(drawing);
            }
            Ok(Output::LayoutSample { placed }) => {
                w.uint(2);
                w.uint(*placed);
            }
            Ok(Output::Kustomize { renders }) => {
                w.uint(3);
                w.str(renders);
            }
            Ok(Output::Compose { renders }) => {
                w.uint(4);
                w.str(renders);
            }
            Ok(Output::Convert { files }) => {
                w.uint(5);
                w.uint(files.len());
                for file in files {
                    w.str(&file.name);
                    w.str(&file.text);
                }
            }
            Ok(Output::Helm { renders }) => {
                w.uint(6);
                w.str(renders);
            }
            Ok(Output::ApiServer { findings }) => {
                w.uint(7);
                w.str(findings);
            }
        }
        w.finish()
    }

    /// What [`Response::to_wire`] wrote; `None` for anything else.
    pub fn from_wire(text: &str) -> Option<Response> {
        let mut r = drydock_base::wire::Reader::new(text);
        let id = u64::try_from(r.uint()?).ok()?;
        let result = match r.uint()? {
            0 => Err(r.str()?),
            1 => Ok(Output::Diagram { drawing: r.str()? }),
            2 => Ok(Output::LayoutSample { placed: r.uint()? }),
            3 => Ok(Output::Kustomize { renders: r.str()? }),
            4 => Ok(Output::Compose { renders: r.str()? }),
            5 => {
                let count = r.uint()?;
                let mut files = Vec::new();
                for _ in 0..count {
                    let name = r.str()?;
                    let text = r.str()?;
                    files.push(SourceFile { name, text });
                }
                Ok(Output::Convert { files })
            }
            6 => Ok(Output::Helm { renders: r.str()? }),
            7 => Ok(Output::ApiServer { findings: r.str()? }),
            _ => return None,
        };
        r.is_done().then_some(Response { id, result })
    }
}

/// A worker's whole job: a request as JSON text in, the response as wire text out
/// ([`Response::to_wire`]). Text that is not a request is answered with an error (id 0 when even
/// the id cannot be read).
pub fn respond(engine: Engine, message: &str) -> String {
    respond_with(engine, engine.run(), message)
}

/// [`respond`] with the engine's [`Run`] given: what a worker calls.
pub fn respond_with(engine: Engine, run: Run, message: &str) -> String {
    let response = match serde_json::from_str::<Request>(message) {
        Ok(request) => handle_with(engine, run, request),
        Err(error) => Response {
            id: serde_json::from_str::<serde_json::Value>(message)
                .ok()
                .and_then(|value| value.get("id").and_then(serde_json::Value::as_u64))
                .unwrap_or(0),
            result: Err(format!(
                "{} could not read the request: {error}",
                engine.title()
            )),
        },
    };
    response.to_wire()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Vec<SourceFile> {
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        vec![
            file(
                "Dockerfile",
                include_str!("../../../examples/seed/Dockerfile"),
            ),
            file(
                "nginx-deployment.yaml",
                include_str!("../../../examples/seed/nginx-deployment.yaml"),
            ),
            file(
                "nginx-service.yaml",
                include_str!("../../../examples/seed/nginx-service.yaml"),
            ),
        ]
    }

    #[test]
    fn a_diagram_request_is_answered_with_the_drawing_the_core_makes() {
        let request = Request {
            id: 7,
            files: seed(),
            task: Task::Diagram {
                view: View::Together,
                renders: String::new(),
            },
        };
        let text = respond(Engine::Diagram, &request.to_json());
        let response = Response::from_wire(&text).unwrap();
        assert_eq!(response.id, 7);
        let Ok(Output::Diagram { drawing }) = response.result else {
            panic!("not a drawing: {text}");
        };
        let drawing = Drawing::from_wire(&drawing).expect("a drawing on the wire");
        let expected = Drawing::new(&Workspace { files: seed() }, &[], View::Together);
        assert_eq!(drawing.topology, expected.topology);
        assert_eq!(drawing.layout, expected.layout);
        assert!(
            drawing
                .topology
                .nodes
                .iter()
                .any(|n| n.kind == drydock_topology::NodeKind::Workload)
        );
    }

    /// The API-server engine answers what the core's `api_server` finds, through the page's
    /// reader: a container without an image, in a plain manifest and in what an overlay renders.
    #[cfg(feature = "api-server")]
    #[test]
    fn an_api_server_request_is_answered_with_the_api_servers_findings() {
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n";
        let files = vec![
            file("pod.yaml", pod),
            file("base/kustomization.yaml", "resources:\n- pod.yaml\n"),
            file("base/pod.yaml", pod),
        ];
        let workspace = Workspace {
            files: files.clone(),
        };
        let renders = drydock_kustomize::workspace::render_workspace(&workspace);
        let request = Request {
            id: 3,
            files,
            task: Task::ApiServer {
                renders: drydock_base::rendered::Rendered::to_wire(&renders),
                version: "1.30".into(),
            },
        };
        let text = respond(Engine::ApiServer, &request.to_json());
        let response = Response::from_wire(&text).unwrap();
        assert_eq!(response.id, 3);
        let Ok(Output::ApiServer { findings }) = response.result else {
            panic!("not findings: {text}");
        };
        let settings = drydock_core::Settings::default();
        let found = drydock_core::api_server::findings(&workspace, &settings, &findings).unwrap();
        let places: Vec<(&str, &str, u32)> = found
            .iter()
            .map(|f| (f.path.as_str(), f.rule, f.start.line))
            .collect();
        assert_eq!(
            places,
            [
                ("pod.yaml", "kubernetes/missing-required-field", 7),
                ("base/pod.yaml", "kubernetes/missing-required-field", 7),
            ]
        );
        // Another engine does not do it.
        let text = respond(Engine::Helm, &request.to_json());
        assert!(Response::from_wire(&text).unwrap().result.is_err());
    }

    #[test]
    fn a_kustomize_request_is_answered_with_the_renders() {
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let files = vec![
            file("base/kustomization.yaml", "resources:\n- service.yaml\n"),
            file(
                "base/service.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
            ),
            file(
                "overlays/prod/kustomization.yaml",
                "namePrefix: prod-\nresources:\n- ../../base\n",
            ),
        ];
        let request = Request {
            id: 9,
            files,
            task: Task::Kustomize,
        };
        let text = respond(Engine::Kustomize, &request.to_json());
        let response = Response::from_wire(&text).unwrap();
        let Ok(Output::Kustomize { renders }) = response.result else {
            panic!("not renders: {text}");
        };
        let renders = drydock_base::rendered::Rendered::from_wire(&renders).unwrap();
        // The base is part of the overlay: one top-level kustomization.
        assert_eq!(renders.len(), 1);
        let render = renders.first().unwrap();
        assert_eq!(render.name, "overlays/prod");
        assert!(render.text.contains("name: prod-web"), "{}", render.text);
        assert!(render.sources.iter().any(|s| s == "base/service.yaml"));
        // The diagram engine does not render kustomizations.
        assert!(
            handle(
                Engine::Diagram,
                Request {
                    id: 1,
                    files: Vec::new(),
                    task: Task::Kustomize
                }
            )
            .result
            .is_err()
        );
    }

    #[test]
    fn a_convert_request_is_answered_with_the_manifests_of_each_project() {
        let request = Request {
            id: 5,
            files: vec![
                SourceFile {
                    name: "app/compose.yaml".into(),
                    text: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n".into(),
                },
                SourceFile {
                    name: "README.md".into(),
                    text: "# app\n".into(),
                },
            ],
            task: Task::Convert,
        };
        let text = respond(Engine::Compose, &request.to_json());
        let response = Response::from_wire(&text).unwrap();
        assert_eq!(response.id, 5);
        let Ok(Output::Convert { files }) = response.result else {
            panic!("not a conversion: {text}");
        };
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "app/kubernetes.yaml");
        assert!(
            files[0].text.contains("kind: Deployment"),
            "{}",
            files[0].text
        );
        assert!(files[0].text.contains("kind: Service"), "{}", files[0].text);
    }

    #[test]
    fn a_compose_request_is_answered_with_each_projects_findings() {
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let request = Request {
            id: 4,
            files: vec![
                file(
                    "app/compose.yaml",
                    "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n",
                ),
                file("app/.env", "TAG=1\n"),
            ],
            task: Task::Compose,
        };
        let text = respond(Engine::Compose, &request.to_json());
        let Ok(Output::Compose { renders }) = Response::from_wire(&text).unwrap().result else {
            panic!("not renders: {text}");
        };
        let renders = drydock_base::rendered::Rendered::from_wire(&renders).unwrap();
        assert_eq!(renders.len(), 1);
        let render = renders.first().unwrap();
        assert_eq!(render.sources, ["app/compose.yaml", "app/.env"]);
        let rules: Vec<&str> = render.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["compose/undefined-reference"]);
        // Only the Compose engine checks Compose projects.
        assert!(
            handle(
                Engine::Kustomize,
                Request {
                    id: 1,
                    files: Vec::new(),
                    task: Task::Compose
                }
            )
            .result
            .is_err()
        );
    }

    #[test]
    fn a_diagram_with_renders_draws_each_kustomization_as_a_group_of_what_it_deploys() {
        let file = |name: &str, text: &str| SourceFile {
            name: name.into(),
            text: text.into(),
        };
        let files = vec![
            file("base/kustomization.yaml", "resources:\n  - app.yaml\n"),
            file(
                "base/app.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: shop/web:1.0\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n",
            ),
            file(
                "overlays/prod/kustomization.yaml",
                "resources:\n  - ../../base\nnamePrefix: prod-\nimages:\n  - name: shop/web\n    newTag: \"2.0\"\npatches:\n  - path: replicas.yaml\n",
            ),
            file(
                "overlays/prod/replicas.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
            ),
            file(
                "overlays/dev/kustomization.yaml",
                "resources:\n  - ../../base\nnamePrefix: dev-\n",
            ),
            file(
                "plain.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loose\n",
            ),
        ];
        let workspace = Workspace {
            files: files.clone(),
        };
        let Some(Output::Kustomize { renders }) = kustomize(workspace, Task::Kustomize) else {
            panic!("no renders");
        };
        let request = Request {
            id: 2,
            files,
            task: Task::Diagram {
                view: View::Together,
                renders,
            },
        };
        let text = respond(Engine::Diagram, &request.to_json());
        let Some(Ok(Output::Diagram { drawing })) = Response::from_wire(&text).map(|r| r.result)
        else {
            panic!("not a drawing: {text}");
        };
        let topology = Drawing::from_wire(&drawing).unwrap().topology;
        let groups: Vec<&str> = topology.groups.iter().map(|g| g.label.as_str()).collect();
        for group in [
            "kustomize build overlays/dev",
            "kustomize build overlays/prod",
        ] {
            assert!(groups.contains(&group), "{groups:?}");
        }
        let node = |label: &str, kind: &str| {
            topology
                .nodes
                .iter()
                .find(|n| n.label == label && n.kind_label.starts_with(kind))
                .unwrap_or_else(|| panic!("no {kind} {label}: {:?}", topology.nodes))
        };
        // What each overlay deploys, drawn where it was written: the base's Deployment.
        for name in ["prod-web", "dev-web"] {
            let source = node(name, "Deployment").source.clone().unwrap();
            assert_eq!(source.path, "base/app.yaml", "{name}");
            assert_eq!(source.span.start, 0, "{name}: the object as written");
        }
        // The plain file as it is; no object from the files the renders read.
        let loose = node("loose", "ConfigMap");
        assert_eq!(
            loose.source.as_ref().map(|s| s.path.as_str()),
            Some("plain.yaml")
        );
        assert!(
            loose
                .group
                .and_then(|g| topology.groups.get(g))
                .is_none_or(|g| !g.label.starts_with("kustomize")),
            "{:?}",
            topology.groups
        );
        assert!(
            !topology.nodes.iter().any(|n| n.label == "web"),
            "the base alone is not drawn"
        );
        // The prod image comes from the overlay's newTag line.
        let image = node("shop/web:2.0", "").source.clone().unwrap();
        assert_eq!(image.path, "overlays/prod/kustomization.yaml");
        // Each overlay's Service selects its own Deployment, not the other overlay's.
        let service = topology
            .nodes
            .iter()
            .position(|n| n.label == "prod-web" && n.kind_label.starts_with("Service"))
            .unwrap();
        let targets: Vec<&str> = topology
            .edges
            .iter()
            .filter(|e| e.from == service)
            .filter_map(|e| topology.nodes.get(e.to))
            .map(|n| n.id.as_str())
            .collect();
        assert!(
            !targets.is_empty()
                && targets
                    .iter()
                    .all(|id| id.starts_with("render:overlays/prod|")),
            "{targets:?}"
        );
    }

    #[test]
    fn a_layout_sample_is_laid_out_within_the_limits() {
        let request = |nodes, runs| Request {
            id: 1,
            files: Vec::new(),
            task: Task::LayoutSample { nodes, runs },
        };
        let placed = |nodes, runs| match handle(Engine::Diagram, request(nodes, runs)).result {
            Ok(Output::LayoutSample { placed }) => placed,
            other => panic!("{other:?}"),
        };
        assert_eq!(placed(50, 2), 50);
        assert_eq!(placed(0, 0), 0);
        assert_eq!(placed(usize::MAX, 1), SAMPLE_LIMITS.0);
    }

    #[test]
    fn what_is_not_a_request_is_answered_with_an_error() {
        for (message, id) in [
            ("", 0),
            ("{", 0),
            ("[]", 0),
            (r#"{"id": 3}"#, 3),
            (r#"{"id": 4, "files": [], "task": {"kind": "jsonnet"}}"#, 4),
            (
                r#"{"id": 5, "files": [{"name": 1}], "task": {"kind": "diagram", "view": "kubernetes"}}"#,
                5,
            ),
        ] {
            let response = Response::from_wire(&respond(Engine::Diagram, message)).unwrap();
            assert_eq!(response.id, id, "{message}");
            let error = response.result.err().unwrap();
            assert!(error.contains("could not read the request"), "{error}");
        }
    }

    #[test]
    fn the_ready_message_is_json_no_response_can_be_mistaken_for() {
        let ready: serde_json::Value = serde_json::from_str(READY).unwrap();
        assert_eq!(ready["ready"], true);
        assert!(Response::from_wire(READY).is_none());
    }

    #[test]
    fn a_request_written_by_hand_is_what_serde_writes_and_reads() {
        let files = vec![
            SourceFile {
                name: "a \"b\"\\c.yaml".into(),
                text: "x:\t1\r\n\u{1}\u{8}\u{c}\u{1f}\u{7f}é ☃ \u{10348}\n".into(),
            },
            SourceFile {
                name: String::new(),
                text: String::new(),
            },
        ];
        for task in [
            Task::Diagram {
                view: View::Kubernetes,
                renders: String::new(),
            },
            Task::Diagram {
                view: View::Dockerfile,
                renders: "3:a\"\n".into(),
            },
            Task::Diagram {
                view: View::Together,
                renders: String::new(),
            },
            Task::LayoutSample {
                nodes: 12,
                runs: usize::MAX,
            },
            Task::Kustomize,
            Task::Compose,
            Task::Helm,
        ] {
            let request = Request {
                id: u64::MAX,
                files: files.clone(),
                task,
            };
            assert_eq!(request.to_json(), serde_json::to_string(&request).unwrap());
            let back: Request = serde_json::from_str(&request.to_json()).unwrap();
            assert_eq!(back.to_json(), request.to_json());
        }
    }

    #[test]
    fn every_response_reads_back_from_the_wire() {
        for result in [
            Err("no \"drawing\"\n".to_string()),
            Ok(Output::Diagram {
                drawing: "d|1".into(),
            }),
            Ok(Output::LayoutSample { placed: 7 }),
            Ok(Output::Kustomize {
                renders: String::new(),
            }),
            Ok(Output::Compose {
                renders: "0,".into(),
            }),
            Ok(Output::Helm {
                renders: "0,".into(),
            }),
        ] {
            let response = Response { id: 9, result };
            let wire = response.to_wire();
            assert_eq!(Response::from_wire(&wire).map(|r| r.to_wire()), Some(wire));
        }
    }

    /// Enough for Helm's 1000 levels of `include` in a debug build.
    const HELM_RENDER_STACK: usize = 16 << 20;

    fn chart(templates: &[(&str, &str)]) -> Vec<SourceFile> {
        let mut files = vec![
            SourceFile {
                name: "web/Chart.yaml".into(),
                text: "apiVersion: v2\nname: web\nversion: 0.1.0\n".into(),
            },
            SourceFile {
                name: "web/values.yaml".into(),
                text: "replicas: 2\nimage: nginx:1.27\n".into(),
            },
        ];
        files.extend(templates.iter().map(|(name, text)| SourceFile {
            name: format!("web/templates/{name}"),
            text: (*text).into(),
        }));
        files
    }

    fn helm_renders(files: Vec<SourceFile>) -> Vec<drydock_base::rendered::Rendered> {
        let request = Request {
            id: 3,
            files,
            task: Task::Helm,
        };
        let text = respond(Engine::Helm, &request.to_json());
        let response = Response::from_wire(&text).unwrap();
        assert_eq!(response.id, 3);
        let Ok(Output::Helm { renders }) = response.result else {
            panic!("not renders: {text}");
        };
        drydock_base::rendered::Rendered::from_wire(&renders).unwrap()
    }

    #[test]
    fn a_helm_request_is_answered_with_each_charts_render() {
        let renders = helm_renders(chart(&[(
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
        )]));
        assert_eq!(renders.len(), 1);
        let render = renders.first().unwrap();
        assert!(
            render
                .text
                .contains("# Source: web/templates/deployment.yaml"),
            "{}",
            render.text
        );
        assert!(render.text.contains("replicas: 2"), "{}", render.text);
        // The printed value is linked to the values line that set it.
        let at = render.text.find("replicas: 2").unwrap() + "replicas: ".len();
        let (file, _) = render
            .values_index()
            .holding(drydock_base::text::TextRange::new(at, at + 1))
            .expect("the value's line");
        assert_eq!(render.sources[file], "web/values.yaml");
        // Only the Helm engine renders charts.
        assert!(
            handle(
                Engine::Kustomize,
                Request {
                    id: 1,
                    files: Vec::new(),
                    task: Task::Helm
                }
            )
            .result
            .is_err()
        );
    }

    #[test]
    fn a_diagram_with_a_charts_renders_draws_what_it_deploys_as_helm_template() {
        let files = chart(&[(
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: {{ .Values.image }}\n",
        )]);
        let Some(Output::Helm { renders }) = helm(
            Workspace {
                files: files.clone(),
            },
            Task::Helm,
        ) else {
            panic!("no renders");
        };
        let Some(Output::Diagram { drawing }) = diagram(
            Workspace { files },
            Task::Diagram {
                view: View::Kubernetes,
                renders,
            },
        ) else {
            panic!("no drawing");
        };
        let topology = Drawing::from_wire(&drawing).unwrap().topology;
        let groups: Vec<&str> = topology.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(groups, ["helm template web"]);
        let node = topology
            .nodes
            .iter()
            .find(|n| n.label == "release-web")
            .unwrap_or_else(|| panic!("{:?}", topology.nodes));
        // Mapped back to the template that wrote it.
        assert_eq!(
            node.source.as_ref().map(|s| s.path.as_str()),
            Some("web/templates/deployment.yaml")
        );
    }

    /// A template that includes itself forever stops at Helm's 1000 levels with Helm's error,
    /// a finding: natively (a debug build needs 8 to 16 MiB of stack for it, a release build 3;
    /// the CLI renders on a 256 MiB thread). The wasm worker stops it at 150 levels with the same
    /// words, what a browser worker's stack holds (`drydock_helm::funcs`; `tests/ship.rs` proves
    /// it in Chromium).
    #[test]
    fn a_template_included_in_itself_is_answered_with_helms_error() {
        let files = chart(&[
            (
                "_helpers.tpl",
                "{{- define \"loop\" -}}{{ include \"loop\" . }}{{- end -}}\n",
            ),
            (
                "cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ include \"loop\" . | quote }}\n",
            ),
        ]);
        let renders = std::thread::Builder::new()
            .stack_size(HELM_RENDER_STACK)
            .spawn(move || helm_renders(files))
            .unwrap()
            .join()
            .expect("the render fits the stack");
        let render = renders.first().unwrap();
        let finding = render
            .findings
            .iter()
            .find(|f| f.rule == "helm/render")
            .unwrap_or_else(|| panic!("no helm/render finding: {:?}", render.findings));
        assert!(
            finding.message.ends_with(
                "rendering template has a nested reference name: loop: unable to execute template"
            ),
            "{}",
            finding.message.get(..200).unwrap_or_default()
        );
    }
}
