//! Drydock's playground: a workspace of files, checked by the core on every edit.
//!
//! The core computes everything; this crate holds the application state (one reducer in
//! `state.rs`), converts the core's byte ranges to the browser's UTF-16 offsets at the editor
//! boundary (`editor.rs`), and renders.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

/// The allocator of the wasm module: faster and smaller than Rust's default wasm allocator
/// (dlmalloc); the page's first load is 2.9 KB gzip smaller with it. Single-threaded wasm only
/// (no `atomics`), as these modules are built.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod assets;
mod assist;
mod diagram;
mod editor;
mod engine;
mod examples;
mod files;
mod findings;
mod fixes;
mod markdown;
mod moved;
mod rendered;
mod rules_page;
mod saved;
mod schema;
mod side;
mod state;
mod storage;
mod timing;
mod zip;

use std::cell::RefCell;
use std::rc::Rc;

use drydock_core::{FileKind, Finding, LineIndex};
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::editor::{Editor, Reveal};
use crate::examples::{Example, GALLERY};
use crate::findings::plural;
use crate::rules_page::RulesPage;
use crate::schema::SchemaStatus;
use crate::side::Side;
use crate::state::{Action, State, Theme};

fn main() {
    // For the time-to-interactive breakdown: when the wasm has been fetched, compiled and started.
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark("drydock:main");
    }
    std::panic::set_hook(Box::new(|info| {
        // The text is saved on every change before checking, so it survives; say so.
        gloo::console::error!(info.to_string());
        show_internal_error(&info.to_string());
    }));
    // The first render goes into an element outside the page (see `attach_root`): the editor,
    // created while rendering, then reads no layout of a page half built (CodeMirror reads the
    // selection, which makes the browser lay the page out), and the page is laid out once, with
    // everything in it. The element goes in right after Yew's first pass of work (a future queued
    // behind the one that runs it), which renders every component before it may yield: so before
    // the browser's next frame, in which CodeMirror measures itself (measured outside the page, it
    // would think itself hidden and measure again once shown). The app's first effect puts it in
    // too, should that order ever differ.
    let document = gloo::utils::document();
    match document.create_element("div") {
        Ok(root) => {
            root.set_class_name("app-root");
            ROOT.with(|pending| *pending.borrow_mut() = Some(root.clone()));
            yew::Renderer::<App>::with_root(root).render();
            wasm_bindgen_futures::spawn_local(async { attach_root() });
        }
        Err(_) => {
            yew::Renderer::<App>::new().render();
        }
    }
    // Offline after one visit: the worker precaches the build (see www/sw.js). Registered after
    // the first render (a task queued behind it), so that precaching does not compete with it.
    gloo::timers::callback::Timeout::new(0, || {
        let _ = gloo::utils::window()
            .navigator()
            .service_worker()
            .register("./sw.js");
    })
    .forget();
}

thread_local! {
    /// The element the app renders into, until it is put in the page.
    static ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
    /// Whether a frame was rendered since the app was put in the page (set in its animation
    /// frame callback, so any later task runs after that frame's style, layout and paint).
    static FIRST_FRAME: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Puts the app's element in the page, once: after its first render, before the next frame and
/// before any effect of the app's that reads the page.
fn attach_root() {
    let Some(root) = ROOT.with(|pending| pending.borrow_mut().take()) else {
        return;
    };
    if let Some(body) = gloo::utils::document().body() {
        let _ = body.append_child(&root);
    }
    // Set while the browser renders the next frame: a task that sees it runs after that frame's
    // style, layout and paint.
    let rendering = Closure::once_into_js(|| FIRST_FRAME.with(|done| done.set(true)));
    let _ = gloo::utils::window().request_animation_frame(rendering.unchecked_ref());
}

/// Runs `then` once the first frame with the app in the page is out: now if it is, else after the
/// next frame.
fn after_first_frame(then: impl FnOnce() + 'static) {
    if FIRST_FRAME.with(std::cell::Cell::get) {
        then();
    } else {
        after_next_frame(then);
    }
}

/// Shown without Yew, since after a panic the app can no longer render.
fn show_internal_error(message: &str) {
    let document = gloo::utils::document();
    if let Ok(banner) = document.create_element("div") {
        banner.set_class_name("internal-error");
        banner.set_attribute("role", "alert").ok();
        banner.set_text_content(Some(&format!(
            "Drydock hit an internal error and stopped checking. Your files are saved: reload the page to continue. ({message})"
        )));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(&banner);
        }
    }
}

fn initial_state(mode: storage::Mode) -> State {
    if mode.embed {
        // An embed shows the files it was given and never touches the reader's saved work.
        let mut state = match storage::decode_fragment(&current_hash()) {
            Ok(saved) => State::from_saved(saved),
            Err(problem) => {
                let mut state = State::example(examples::seed_files());
                state.notice = Some(problem);
                state
            }
        };
        state.persist = false;
        if let Some(theme) = mode.theme {
            state.settings.theme = theme;
        }
        return state;
    }
    storage::load().map_or_else(|| State::example(examples::seed_files()), State::from_saved)
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Requests to an engine one at a time: while one is answered, the latest of those made since
/// waits its turn (the ones it replaced would be answered for text already gone).
#[derive(Default)]
struct Asking {
    busy: bool,
    next: Option<Box<dyn FnOnce()>>,
}

/// Sends a request (`send`) now, or when the one being answered is done.
fn ask_in_turn(asking: &RefCell<Asking>, send: Box<dyn FnOnce()>) {
    {
        let mut asking = asking.borrow_mut();
        if asking.busy {
            asking.next = Some(send);
            return;
        }
        asking.busy = true;
    }
    send();
}

/// What the language engines answered for one state of the workspace: the kustomizations'
/// renders, the Compose projects and the Helm charts' renders (an engine that could not be had
/// answers nothing: its files are checked as they are).
#[derive(Default)]
struct Answers {
    kustomize: Vec<drydock_core::rendered::Rendered>,
    compose: Vec<drydock_core::rendered::Rendered>,
    helm: Vec<drydock_core::rendered::Rendered>,
}

/// Asks the engine of each task in turn, then hands every answer to `done`.
fn ask_each(
    mut tasks: Vec<drydock_engine::Task>,
    files: Vec<drydock_core::SourceFile>,
    answers: Answers,
    done: Box<dyn FnOnce(Answers)>,
) {
    if tasks.is_empty() {
        done(answers);
        return;
    }
    let task = tasks.remove(0);
    // The last request takes the files; an earlier one, a copy (the next needs them).
    let (sent, files) = if tasks.is_empty() {
        (files, Vec::new())
    } else {
        (files.clone(), files)
    };
    engine::request(task, sent, move |result| {
        let mut answers = answers;
        let read = |renders: &str| {
            timing::time("renders read", || {
                drydock_core::rendered::Rendered::from_wire(renders).unwrap_or_default()
            })
        };
        match result {
            Ok(drydock_engine::Output::Kustomize { renders }) => answers.kustomize = read(&renders),
            Ok(drydock_engine::Output::Compose { renders }) => answers.compose = read(&renders),
            Ok(drydock_engine::Output::Helm { renders }) => answers.helm = read(&renders),
            _ => {}
        }
        ask_each(tasks, files, answers, done);
    });
}

/// What the API-server engine found (the page's module is built without the API server's
/// validation: see `drydock_core::api_server`), with the files it was asked about.
type ApiFound = Rc<(Vec<drydock_core::SourceFile>, Vec<Finding>)>;

/// Asks the API-server engine about `files` and what `renders` (wire text) deploy, in turn;
/// the answer is kept unless a later request was made since (`asked` counts them).
fn ask_api_server(
    asking: &Rc<RefCell<Asking>>,
    asked: &Rc<RefCell<u64>>,
    found: &UseStateHandle<ApiFound>,
    files: Vec<drydock_core::SourceFile>,
    renders: String,
    settings: drydock_core::settings::Settings,
) {
    let generation = {
        let mut n = asked.borrow_mut();
        *n += 1;
        *n
    };
    let (turn, asked, found) = (asking.clone(), asked.clone(), found.clone());
    ask_in_turn(
        asking,
        Box::new(move || {
            let done = TurnDone(turn);
            let version = settings
                .kubernetes_version
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let task = drydock_engine::Task::ApiServer { renders, version };
            engine::request(task, files.clone(), move |result| {
                let _done = done;
                if *asked.borrow() != generation {
                    return;
                }
                if let Ok(drydock_engine::Output::ApiServer { findings }) = result {
                    let workspace = drydock_core::Workspace { files };
                    let read = drydock_core::api_server::findings(&workspace, &settings, &findings);
                    found.set(Rc::new((workspace.files, read.unwrap_or_default())));
                }
            });
        }),
    );
}

/// The API-server engine's findings, in the workspace as it is now: a file edited since the
/// engine was asked keeps those of its findings the edit did not touch, moved with the text
/// around them, until the answer about its new text arrives.
fn api_findings(
    workspace: &drydock_core::Workspace,
    found: &(Vec<drydock_core::SourceFile>, Vec<Finding>),
) -> Vec<Finding> {
    // Per file asked about: its text now, and the edit since (with the new text's lines).
    let mut files: std::collections::HashMap<&str, Option<(moved::OneEdit, LineIndex<'_>)>> =
        std::collections::HashMap::new();
    for (at, asked) in found.0.iter().enumerate() {
        let now = match workspace.files.get(at) {
            Some(file) if file.name == asked.name => Some(file),
            _ => workspace.files.iter().find(|f| f.name == asked.name),
        };
        // A file gone since has no findings.
        match now {
            None => {}
            Some(file) if file.text == asked.text => {
                files.insert(&asked.name, None);
            }
            Some(file) => {
                let edit = moved::OneEdit::between(&asked.text, &file.text);
                files.insert(&asked.name, Some((edit, LineIndex::new(&file.text))));
            }
        }
    }
    found
        .1
        .iter()
        .filter_map(|finding| match files.get(finding.path.as_str())? {
            None => Some(finding.clone()),
            Some((edit, index)) => moved::finding(edit, index, finding),
        })
        .collect()
}

/// Held by a request's reply: when dropped (the reply handled, or never to be called), the
/// request waiting its turn is sent.
struct TurnDone(Rc<RefCell<Asking>>);

impl Drop for TurnDone {
    fn drop(&mut self) {
        let next = {
            let mut asking = self.0.borrow_mut();
            asking.busy = false;
            asking.next.take()
        };
        if let Some(send) = next {
            ask_in_turn(&self.0, send);
        }
    }
}

/// The workspace pass (the cross-file rules, and the Kubernetes rules over what kustomizations
/// render), by the check `kept` between calls; started anew when the schema arrived since.
fn kept_check(
    kept: &RefCell<(bool, drydock_core::incremental::WorkspaceCheck)>,
    schema_loaded: bool,
    workspace: &drydock_core::Workspace,
    settings: &drydock_core::settings::Settings,
    renders: &[drydock_core::rendered::Rendered],
) -> Vec<Finding> {
    let mut kept = kept.borrow_mut();
    if kept.0 != schema_loaded {
        *kept = (
            schema_loaded,
            drydock_core::incremental::WorkspaceCheck::new(),
        );
    }
    kept.1.check(workspace, settings, renders)
}

#[function_component(App)]
fn app() -> Html {
    let _timing = timing::Span::start("render App");
    let mode = *use_memo((), |()| storage::Mode::from_location());
    // Already done after the first render (see `main`); here in case it was not, as the app's
    // first effect, so that its others see it in the page.
    use_effect_with((), |()| attach_root());
    let state = use_reducer(move || initial_state(mode));
    let route = use_state(current_hash);
    let readers = use_mut_ref(Vec::new);
    let split = use_state(|| 60.0_f64);
    let panes = use_node_ref();
    // Set on every caret move; a render only when it moved to another place.
    let cursor = use_state_eq(|| None::<(String, usize)>);
    // The Kubernetes schema arrives after the first render (see `schema.rs`).
    let schema = use_state(SchemaStatus::initial);
    let schema_loaded = schema.is_loaded();

    // Findings for the whole workspace. Each file is re-checked only when its text or the settings
    // changed, so typing in one file does not re-check the others.
    let cache = use_mut_ref(FindingsCache::default);
    let settings = state.settings.core();
    // Cross-file rules re-read every manifest of the workspace, so while the user types they run
    // once typing pauses (the per-file findings above are immediate). On load, and when only the
    // settings or the schema changed, they run in the task right after the render: the first
    // paint shows every file's own findings without waiting for them.
    let cross = use_state(|| Rc::new(Vec::new()));
    let cross_timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    // The workspace's kustomizations and Helm charts, rendered by the Kustomize and Helm engines
    // (web workers, each fetched the first time the workspace holds a kustomization or a
    // `Chart.yaml`): the files they read are checked through what they render. `renders_for` numbers the requests, so a late answer about
    // files since edited is dropped.
    let renders = use_state(|| Rc::new(Vec::<drydock_core::rendered::Rendered>::new()));
    let renders_for = use_mut_ref(|| 0_u64);
    // The workspace pass, kept between keystrokes (only the files an edit changed are parsed
    // again, and only the documents of a render it changed are checked again), with the schema
    // state it was made for: installing the schema starts anew.
    let kept = use_mut_ref(|| (false, drydock_core::incremental::WorkspaceCheck::new()));
    // One request to the Kustomize engine at a time: typing faster than it renders replaces the
    // request waiting its turn, so the renders keep up with the latest text.
    let asking = use_mut_ref(Asking::default);
    let api = use_state(ApiFound::default);
    let api_asked = use_mut_ref(|| 0_u64);
    let asking_api = use_mut_ref(Asking::default);
    let api_timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let pass = Pass {
        cross: cross.clone(),
        cross_timer,
        renders: renders.clone(),
        renders_for,
        kept,
        asking,
        api: api.clone(),
        api_asked,
        asking_api,
        api_timer,
        shows_renders: use_mut_ref(|| false),
        started_for: use_mut_ref(|| None),
    };
    // An edit starts the pass before it is reduced (see `Pass::start_early`).
    let on_edit = {
        let (state, pass, settings) = (state.clone(), pass.clone(), settings.clone());
        Callback::from(move |(index, text): (usize, String)| {
            pass.start_early(&state.workspace, index, &text, &settings, schema_loaded);
            timing::time("reduce + save", || {
                state.dispatch(Action::Edit { index, text })
            });
        })
    };
    {
        let pass = pass.clone();
        use_effect_with(
            (state.workspace.clone(), settings.clone(), schema_loaded),
            move |(workspace, settings, schema_loaded)| {
                pass.start(workspace, settings, *schema_loaded);
            },
        );
    }
    let findings = use_memo(
        (
            state.workspace.clone(),
            settings.clone(),
            (*cross).clone(),
            schema_loaded,
            (*renders).clone(),
            (*api).clone(),
        ),
        |(workspace, settings, cross, schema_loaded, renders, api)| {
            let mut per_file = timing::time("check (per-file, incremental)", || {
                cache
                    .borrow_mut()
                    .check(workspace, settings, *schema_loaded)
            });
            // A file a kustomization reads is checked as Kubernetes through its render only.
            if !renders.is_empty() {
                let owned = drydock_core::kustomize::owned(renders);
                per_file.retain(|f| {
                    !f.rule.starts_with("kubernetes/")
                        || !drydock_core::kustomize::owns(&owned, &f.path)
                });
            }
            per_file.extend(api_findings(workspace, api));
            timing::time("merge findings", || {
                merge_findings(workspace, per_file, cross)
            })
        },
    );

    // Follow `#rules/…` links; open share links once, asking before replacing local work.
    {
        let (route, state, schema) = (route.clone(), state.clone(), schema.clone());
        use_effect_with((), move |()| {
            after_first_frame(move || {
                mark_ready();
                // The app is interactive without the schema: it is fetched once the first frame
                // is out, so that installing it does not hold that frame back.
                if !schema.is_loaded() {
                    wasm_bindgen_futures::spawn_local(
                        async move { schema.set(schema::load().await) },
                    );
                }
            });
            if !mode.embed {
                open_share_link(&state);
            }
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current_hash())
            });
            move || drop(listener)
        });
    }
    // F8 / Shift+F8, as in VS Code: the next or previous finding the panel shows, by place
    // (within the active file from the caret on, then the next files), selected in the editor.
    let navigation = use_mut_ref(Navigation::default);
    {
        let mut navigation = navigation.borrow_mut();
        navigation.state = Some(state.clone());
        navigation.findings = findings.clone();
        navigation.cursor = (*cursor).clone();
    }
    {
        let navigation = navigation.clone();
        use_effect_with((), move |()| {
            let listener = EventListener::new(&gloo::utils::window(), "keydown", move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.key() != "F8" || event.ctrl_key() || event.alt_key() || event.meta_key() {
                    return;
                }
                event.prevent_default();
                navigation.borrow_mut().step(!event.shift_key());
            });
            move || drop(listener)
        });
    }
    // Theme: `system` follows the operating system through CSS; the toggle pins one.
    use_effect_with(state.settings.theme, |theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = match theme {
                Theme::System => root.remove_attribute("data-theme"),
                Theme::Light => root.set_attribute("data-theme", "light"),
                Theme::Dark => root.set_attribute("data-theme", "dark"),
            };
        }
    });

    let on_cursor = {
        let cursor = cursor.clone();
        use_callback((), move |at: (String, usize), ()| cursor.set(Some(at)))
    };
    let on_rule_choice = {
        let state = state.clone();
        Callback::from(move |(rule, choice)| state.dispatch(Action::SetRule { rule, choice }))
    };

    let showing_rules = route.starts_with("#rules");
    let focus_rule = route
        .strip_prefix("#rules/")
        .map(|id| js_sys::decode_uri_component(id).map_or(id.to_owned(), String::from));

    // An embed tells its host page how tall it is whenever that changes (a file typed into, a tab
    // switched, a narrower window), so the iframe can fit it.
    let app_ref = use_node_ref();
    {
        let app_ref = app_ref.clone();
        use_effect_with((), move |()| {
            let follow = mode.embed.then(|| follow_height(&app_ref)).flatten();
            move || {
                if let Some((observer, _)) = follow {
                    observer.disconnect();
                }
            }
        });
    }
    let side = html! {
        <Side state={state.clone()} findings={findings.clone()} cursor={(*cursor).clone()}
            diagram={!mode.embed || mode.diagram} renders={(*renders).clone()} />
    };

    if mode.embed {
        return html! {
            <div class={classes!("app", "embed", mode.read_only.then_some("read-only"))} ref={app_ref}>
                if let Some(notice) = &state.notice {
                    <div class="notice" role="status"><span>{ notice }</span></div>
                }
                <main class="embed-panes">
                    <Workspace state={state.clone()} findings={findings.clone()} readers={readers.clone()}
                        read_only={mode.read_only} chrome={false} schema={(*schema).clone()} {on_cursor} on_edit={on_edit.clone()} />
                    { side }
                </main>
                <footer class="embed-footer">
                    <a href={open_in_playground(&state)} target="_blank" rel="noopener">{ "Open in the Drydock playground ↗" }</a>
                </footer>
            </div>
        };
    }

    html! {
        <div class="app">
            <Toolbar state={state.clone()} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="status">
                    <span>{ notice }</span>
                    <button type="button" class="link" onclick={{
                        let state = state.clone();
                        move |_| state.dispatch(Action::Notice(None))
                    }}>{ "Dismiss" }</button>
                </div>
            }
            <main class="panes" hidden={showing_rules} ref={panes.clone()} style={format!("--left: {:.1}%", drydock_topology::Fixed(*split))}>
                <Workspace state={state.clone()} findings={findings.clone()} readers={readers.clone()} read_only={false} chrome={true}
                    schema={(*schema).clone()} {on_cursor} {on_edit} />
                <Splitter split={split.clone()} panes={panes.clone()} />
                { side }
            </main>
            if showing_rules {
                <RulesPage focus={focus_rule} settings={state.settings.rules.clone()} on_choice={on_rule_choice} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EngineStatusProps {
    engine: drydock_engine::Engine,
}

/// What the status line says of an engine (see `engine.rs`): nothing until it is asked for or
/// once it is ready; that it is loading; or that it could not be loaded, and what that costs.
#[function_component(EngineStatusNote)]
fn engine_status_note(props: &EngineStatusProps) -> Html {
    let engine = props.engine;
    let status = engine::use_engine_status(engine);
    let what = match engine {
        drydock_engine::Engine::Diagram => "the Topology tab cannot draw",
        drydock_engine::Engine::Kustomize => {
            "kustomizations are not rendered (their files are checked as plain manifests)"
        }
        drydock_engine::Engine::Compose => {
            "Compose projects are not checked (their files are checked as YAML)"
        }
        drydock_engine::Engine::Helm => {
            "Helm charts are not rendered (their templates are not checked)"
        }
        drydock_engine::Engine::ApiServer => {
            "the API server's validation is not run (the other checks are)"
        }
    };
    html! {
        <span class={classes!("engine-status", matches!(status, engine::EngineStatus::Failed(_)).then_some("failed"))}
            data-engine={engine.name()} data-status={status.name()}>
            { match &status {
                engine::EngineStatus::Idle | engine::EngineStatus::Ready => html! {},
                engine::EngineStatus::Loading => html! { { format!(" · loading {}…", engine.title()) } },
                engine::EngineStatus::Failed(why) => html! {
                    <span role="alert" title={why.clone()}>
                        { format!(" · {} could not be loaded: {what} until a reload online; findings are still checked", engine.title()) }
                    </span>
                },
            } }
        </span>
    }
}

/// The last findings of each file, keyed by its name, with the text and settings they are for.
/// A changed manifest is re-checked incrementally (`drydock_core::incremental`: only the YAML
/// documents whose text changed), so typing in a 5,000-line bundle re-checks one document. The
/// CustomResourceDefinitions every file is validated against are rebuilt only when a file that
/// defines one changes. Everything is checked again once the Kubernetes schema is installed.
#[derive(Default)]
struct FindingsCache {
    files: std::collections::HashMap<String, CachedFile>,
    crds: Option<(u64, drydock_core::k8s::Crds)>,
    /// Whether the findings kept are for the installed schema.
    schema_loaded: bool,
}

struct CachedFile {
    text: String,
    settings: drydock_core::settings::Settings,
    /// The CRDs' key the findings are for; `None` before the first check.
    crds: Option<u64>,
    checker: drydock_core::incremental::IncrementalCheck,
    findings: Vec<Finding>,
}

impl FindingsCache {
    fn check(
        &mut self,
        workspace: &drydock_core::Workspace,
        settings: &drydock_core::settings::Settings,
        schema_loaded: bool,
    ) -> Vec<Finding> {
        use std::hash::{Hash, Hasher};
        if self.schema_loaded != schema_loaded {
            // The documents' cached results were judged without the schema.
            self.files.clear();
            self.schema_loaded = schema_loaded;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for file in workspace
            .files
            .iter()
            .filter(|f| f.text.contains("CustomResourceDefinition"))
        {
            file.name.hash(&mut hasher);
            file.text.hash(&mut hasher);
        }
        let crd_key = hasher.finish();
        if self.crds.as_ref().is_none_or(|(key, _)| *key != crd_key) {
            self.crds = Some((crd_key, drydock_core::k8s::Crds::from_workspace(workspace)));
        }
        let Some((_, crds)) = &self.crds else {
            return Vec::new();
        };
        let mut all = Vec::new();
        let mut next = std::collections::HashMap::with_capacity(workspace.files.len());
        for file in &workspace.files {
            let mut cached = self.files.remove(&file.name).unwrap_or_else(|| CachedFile {
                text: String::new(),
                settings: settings.clone(),
                crds: None,
                checker: drydock_core::incremental::IncrementalCheck::new(),
                findings: Vec::new(),
            });
            // The checker itself notices new settings or CRDs (and then checks everything); a
            // file whose text and settings are unchanged is not looked at.
            if cached.crds != Some(crd_key)
                || cached.text != file.text
                || &cached.settings != settings
            {
                cached.findings = cached.checker.check(file, settings, crds);
                cached.text.clone_from(&file.text);
                cached.settings.clone_from(settings);
                cached.crds = Some(crd_key);
            }
            all.extend(cached.findings.iter().cloned());
            next.insert(file.name.clone(), cached);
        }
        self.files = next;
        all
    }
}

/// What the page keeps between keystrokes for the workspace pass: the cross-file rules, the
/// engines' renders and their check, and the API-server engine's findings.
#[derive(Clone)]
struct Pass {
    cross: UseStateHandle<Rc<Vec<Finding>>>,
    cross_timer: Rc<RefCell<Option<gloo::timers::callback::Timeout>>>,
    renders: UseStateHandle<Rc<Vec<drydock_core::rendered::Rendered>>>,
    /// Whether the last renders set were any (the handle's value is the one of its render).
    shows_renders: Rc<RefCell<bool>>,
    renders_for: Rc<RefCell<u64>>,
    kept: Rc<RefCell<(bool, drydock_core::incremental::WorkspaceCheck)>>,
    asking: Rc<RefCell<Asking>>,
    api: UseStateHandle<ApiFound>,
    api_asked: Rc<RefCell<u64>>,
    asking_api: Rc<RefCell<Asking>>,
    api_timer: Rc<RefCell<Option<gloo::timers::callback::Timeout>>>,
    /// What the pass was last started for: an edit starts it before the state changes (see
    /// [`Pass::start_early`]), and the render that follows finds it started. The same settings
    /// and schema state again means the files changed: the user is typing.
    started_for: Rc<
        RefCell<
            Option<(
                drydock_core::Workspace,
                drydock_core::settings::Settings,
                bool,
            )>,
        >,
    >,
}

impl Pass {
    /// Starts the pass for `workspace`, unless it was started for it already.
    fn start(
        &self,
        workspace: &drydock_core::Workspace,
        settings: &drydock_core::settings::Settings,
        schema_loaded: bool,
    ) {
        let typed = {
            let mut started = self.started_for.borrow_mut();
            let typed = started
                .as_ref()
                .is_some_and(|(_, s, l)| s == settings && *l == schema_loaded);
            if typed && started.as_ref().is_some_and(|(w, ..)| w == workspace) {
                return;
            }
            *started = Some((workspace.clone(), settings.clone(), schema_loaded));
            typed
        };
        self.run(workspace, settings, schema_loaded, typed);
    }

    /// An edit's pass, started as the editor reports the text, before the state is reduced and
    /// the app renders: the engines render while the page checks the file and draws.
    fn start_early(
        &self,
        workspace: &drydock_core::Workspace,
        index: usize,
        text: &str,
        settings: &drydock_core::settings::Settings,
        schema_loaded: bool,
    ) {
        let mut next = workspace.clone();
        match next.files.get_mut(index) {
            Some(file) => text.clone_into(&mut file.text),
            None => return,
        }
        self.start(&next, settings, schema_loaded);
    }

    fn run(
        &self,
        workspace: &drydock_core::Workspace,
        settings: &drydock_core::settings::Settings,
        schema_loaded: bool,
        typed: bool,
    ) {
        let (workspace, settings) = (workspace.clone(), settings.clone());
        let (kept, asking) = (self.kept.clone(), self.asking.clone());
        let (cross, renders, renders_for) = (
            self.cross.clone(),
            self.renders.clone(),
            self.renders_for.clone(),
        );
        let shows_renders = self.shows_renders.clone();
        let generation = {
            let mut n = self.renders_for.borrow_mut();
            *n += 1;
            *n
        };
        // Each file's kind, detected once: kustomizations go to their engine, manifests
        // (plain or rendered) to the API-server engine.
        let (mut kustomizations, mut manifests) = (false, false);
        for f in &workspace.files {
            match FileKind::detect(&f.name, &f.text) {
                FileKind::Kustomization => kustomizations = true,
                FileKind::Kubernetes => manifests = true,
                _ => {}
            }
        }
        let compose = drydock_core::compose::has_compose_files(&workspace.files);
        // While the user types, the API-server engine is asked once typing pauses: its
        // findings meanwhile stay on screen, moved with the text (`api_findings`), and
        // its work does not take a core from the next keystroke's render and check.
        let ask_api = {
            let (settings, api_timer) = (settings.clone(), self.api_timer.clone());
            let (asking_api, api_asked, api) = (
                self.asking_api.clone(),
                self.api_asked.clone(),
                self.api.clone(),
            );
            move |files: Vec<drydock_core::SourceFile>,
                  renders: Rc<Vec<drydock_core::rendered::Rendered>>| {
                let delay = if typed { API_SERVER_DELAY_MS } else { 0 };
                let ask = gloo::timers::callback::Timeout::new(delay, move || {
                    let renders = drydock_core::rendered::Rendered::to_wire(&renders);
                    ask_api_server(&asking_api, &api_asked, &api, files, renders, settings);
                });
                // Replacing the timer cancels the request still pending.
                *api_timer.borrow_mut() = Some(ask);
            }
        };
        let charts = workspace
            .files
            .iter()
            .any(|f| f.name == "Chart.yaml" || f.name.ends_with("/Chart.yaml"));
        if kustomizations || compose || charts {
            // Rendering is off the page's thread: asked at once (or, while the engines
            // work on the last request, as soon as they answer), checked on arrival.
            *self.cross_timer.borrow_mut() = None;
            let files = workspace.files.clone();
            let turn = asking.clone();
            let tasks: Vec<drydock_engine::Task> = [
                kustomizations.then_some(drydock_engine::Task::Kustomize),
                compose.then_some(drydock_engine::Task::Compose),
                charts.then_some(drydock_engine::Task::Helm),
            ]
            .into_iter()
            .flatten()
            .collect();
            ask_in_turn(
                &asking,
                Box::new(move || {
                    // Dropped with the last reply, answered or not: the next request goes.
                    let done = TurnDone(turn);
                    ask_each(
                        tasks,
                        files,
                        Answers::default(),
                        Box::new(move |answers| {
                            let _done = done;
                            if *renders_for.borrow() != generation {
                                return;
                            }
                            // The Compose projects are checked with the renders; the
                            // Rendered tab and the diagram show what kustomizations and
                            // charts deploy.
                            let mut shown = answers.kustomize;
                            shown.extend(answers.helm);
                            let shown = Rc::new(shown);
                            if manifests || !shown.is_empty() {
                                // After the frame that shows the renders: the API
                                // server's findings follow them, never hold them back.
                                let (files, shown) = (workspace.files.clone(), shown.clone());
                                after_next_frame(move || ask_api(files, shown));
                            }
                            let mut all = (*shown).clone();
                            all.extend(answers.compose);
                            cross.set(Rc::new(timing::time("check (cross-file)", || {
                                kept_check(&kept, schema_loaded, &workspace, &settings, &all)
                            })));
                            *shows_renders.borrow_mut() = !shown.is_empty();
                            renders.set(shown);
                        }),
                    );
                }),
            );
            return;
        }
        if self.shows_renders.replace(false) {
            renders.set(Rc::new(Vec::new()));
        }
        if manifests {
            ask_api(workspace.files.clone(), Rc::default());
        }
        let delay = if typed { CROSS_FILE_DELAY_MS } else { 0 };
        let timeout = gloo::timers::callback::Timeout::new(delay, move || {
            cross.set(Rc::new(timing::time("check (cross-file)", || {
                kept_check(&kept, schema_loaded, &workspace, &settings, &[])
            })));
        });
        // Replacing the timer cancels the one still pending.
        *self.cross_timer.borrow_mut() = Some(timeout);
    }
}

/// How long typing must pause before the cross-file rules run again.
const CROSS_FILE_DELAY_MS: u32 = 200;

/// How long typing must pause before the API-server engine is asked again.
const API_SERVER_DELAY_MS: u32 = 250;

/// Per-file findings and cross-file findings, each file's ordered by position, files in
/// workspace order: the order `drydock_core::check_with` gives.
/// What F8 needs between renders: the latest state, findings and caret, and the finding it went
/// to last (so that the next press goes on from it, not from the caret it left at its end).
#[derive(Default)]
struct Navigation {
    state: Option<UseReducerHandle<State>>,
    findings: Rc<Vec<Finding>>,
    cursor: Option<(String, usize)>,
    last: Option<(String, usize, usize, &'static str)>,
}

impl Navigation {
    fn step(&mut self, forward: bool) {
        let Some(state) = &self.state else {
            return;
        };
        let files = &state.workspace.files;
        let order = |path: &str| files.iter().position(|f| f.name == path);
        // By file, then place: the order of the editor's squiggles. The next (or previous)
        // finding is found in one pass, without sorting them.
        let key = |finding: &'_ Finding| {
            order(&finding.path)
                .map(|file| (file, finding.range.start, finding.range.end, finding.rule))
        };
        let shown = || {
            self.findings
                .iter()
                .filter(|finding| state.filter.shows(finding))
                .filter_map(|finding| Some((key(finding)?, finding)))
        };
        let last = self.last.as_ref().and_then(|(path, start, end, rule)| {
            // Only while the caret is still where that press left it.
            let still = self
                .cursor
                .as_ref()
                .is_none_or(|(p, offset)| p == path && offset == end);
            still.then_some((order(path)?, *start, *end, *rule))
        });
        let caret = match (&self.cursor, files.get(state.active)) {
            (Some((path, offset)), _) => order(path).map(|file| (file, *offset)),
            (None, Some(file)) => order(&file.name).map(|file| (file, 0)),
            (None, None) => None,
        }
        .unwrap_or((0, 0));
        let after = |k: &(usize, usize, usize, &str)| match last {
            Some(at) => *k > at,
            None => (k.0, k.1) >= caret,
        };
        let before = |k: &(usize, usize, usize, &str)| match last {
            Some(at) => *k < at,
            None => (k.0, k.1) < caret,
        };
        let found = if forward {
            shown()
                .filter(|(k, _)| after(k))
                .min_by_key(|(k, _)| *k)
                .or_else(|| shown().min_by_key(|(k, _)| *k))
        } else {
            shown()
                .filter(|(k, _)| before(k))
                .max_by_key(|(k, _)| *k)
                .or_else(|| shown().max_by_key(|(k, _)| *k))
        };
        let Some((_, finding)) = found else {
            return;
        };
        self.last = Some((
            finding.path.clone(),
            finding.range.start,
            finding.range.end,
            finding.rule,
        ));
        state.dispatch(Action::Reveal {
            path: finding.path.clone(),
            start: finding.range.start,
            end: finding.range.end,
        });
    }
}

fn merge_findings(
    workspace: &drydock_core::Workspace,
    mut all: Vec<Finding>,
    cross: &[Finding],
) -> Vec<Finding> {
    if cross.is_empty() {
        return all;
    }
    all.extend(cross.iter().cloned());
    let order = |path: &str| {
        workspace
            .files
            .iter()
            .position(|f| f.name == path)
            .unwrap_or(usize::MAX)
    };
    all.sort_by(|a, b| {
        (order(&a.path), a.range.start, a.range.end, a.rule).cmp(&(
            order(&b.path),
            b.range.start,
            b.range.end,
            b.rule,
        ))
    });
    // A cross-file finding about a file that is gone is dropped.
    all.retain(|f| order(&f.path) != usize::MAX);
    all
}

/// Runs `then` in the first task after the next frame, whose style, layout and paint are then
/// done.
fn after_next_frame(then: impl FnOnce() + 'static) {
    let next = Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, then).forget();
    });
    let _ = gloo::utils::window().request_animation_frame(next.unchecked_ref());
}

/// Records when the app is interactive — its first render's effects run (editors created,
/// findings shown, handlers in place) and a frame with it produced — for the time-to-interactive
/// measurement (`window.__drydockReady`, milliseconds since navigation).
fn mark_ready() {
    let window = gloo::utils::window();
    if let Some(performance) = window.performance() {
        let _ = js_sys::Reflect::set(&window, &"__drydockReady".into(), &performance.now().into());
        // The same moment in traces, among the page's tasks.
        let _ = performance.mark("drydock:ready");
    }
}

/// Posts the embed's height whenever the app's element changes size, from its first layout on (a
/// `ResizeObserver` reports the first size by itself, in the frame after it starts observing, so
/// nothing here makes the browser lay the page out early). Without a `ResizeObserver`, the height
/// is posted once. The closure lives as long as the observer.
fn follow_height(app: &NodeRef) -> Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)> {
    let element = app.cast::<web_sys::Element>()?;
    let changed = {
        let element = element.clone();
        Closure::<dyn FnMut()>::new(move || post_height(&element))
    };
    match web_sys::ResizeObserver::new(changed.as_ref().unchecked_ref()) {
        Ok(observer) => {
            observer.observe(&element);
            Some((observer, changed))
        }
        Err(_) => {
            post_height(&element);
            None
        }
    }
}

/// Sends the height of the app's element (where its content ends, in the document) to the page
/// embedding this one: the document's own scroll height never falls below the frame's, so an
/// embed could grow but never shrink. Only a number crosses: never the files.
fn post_height(app: &web_sys::Element) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let bottom = app.get_bounding_client_rect().bottom() + window.scroll_y().unwrap_or(0.0);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"drydock:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &bottom.ceil().into());
    let _ = parent.post_message(&message, "*");
}

/// The full playground with this embed's files, as a share link.
fn open_in_playground(state: &State) -> String {
    let location = gloo::utils::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    format!("{base}{}", storage::embed_fragment(&state.saved()))
}

fn open_share_link(state: &UseReducerHandle<State>) {
    let hash = current_hash();
    if !hash.starts_with(storage::SHARE_PREFIX) && !hash.starts_with(storage::EMBED_PREFIX) {
        return;
    }
    match storage::decode_fragment(&hash) {
        Ok(shared) => {
            let local = state.saved();
            let differs = local.files != shared.files;
            let had_local = storage::load().is_some();
            let replace = !had_local
                || !differs
                || gloo::dialogs::confirm(
                    "This link holds a shared workspace. Replace the files you are working on with it? (Cancel keeps your files.)",
                );
            if replace {
                state.dispatch(Action::LoadShared(shared));
            } else {
                state.dispatch(Action::Notice(Some(
                    "Kept your files; the shared workspace was not opened.".to_owned(),
                )));
            }
        }
        Err(problem) => state.dispatch(Action::Notice(Some(problem))),
    }
    // Drop the fragment so a reload does not ask again.
    if let Ok(history) = gloo::utils::window().history() {
        let location = gloo::utils::window().location();
        let url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    state: UseReducerHandle<State>,
}

#[function_component(Toolbar)]
fn toolbar(props: &ToolbarProps) -> Html {
    let state = &props.state;
    let on_example = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            if let Some(example) = Example::by_id(&select.value())
                && gloo::dialogs::confirm(&format!(
                    "Open the example “{}”? It replaces the files you have open.",
                    example.title
                ))
            {
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match example.load().await {
                        Ok(files) => state.dispatch(Action::LoadExample(files)),
                        Err(why) => gloo::dialogs::alert(&format!(
                            "The example could not be opened: {why}. Your files are unchanged."
                        )),
                    }
                });
            }
            select.set_value("");
        })
    };
    let on_theme = {
        let state = state.clone();
        // Asked on the click, not on every render: the browser evaluates a media query then.
        Callback::from(move |_: MouseEvent| {
            let next = match state.settings.theme {
                Theme::System if editor::prefers_dark() => Theme::Light,
                Theme::System => Theme::Dark,
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Light,
            };
            state.dispatch(Action::SetTheme(next))
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let state = state.clone();
            let saved = state.saved();
            wasm_bindgen_futures::spawn_local(async move {
                match storage::share_fragment(&saved).await {
                    Ok(fragment) => {
                        let location = gloo::utils::window().location();
                        let base = format!(
                            "{}{}{}",
                            location.origin().unwrap_or_default(),
                            location.pathname().unwrap_or_default(),
                            location.search().unwrap_or_default()
                        );
                        let link = format!("{base}{fragment}");
                        let clipboard = gloo::utils::window().navigator().clipboard();
                        let _ = clipboard.write_text(&link);
                        state.dispatch(Action::Notice(Some(format!(
                            "Share link copied to the clipboard ({} characters). The files travel in the link itself, never through a server.",
                            link.len()
                        ))));
                        if let Some(output) =
                            gloo::utils::document().get_element_by_id("share-link")
                        {
                            let _ = output.set_attribute("data-link", &link);
                        }
                    }
                    Err(problem) => state.dispatch(Action::Notice(Some(problem))),
                }
            });
        })
    };
    let on_version = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                state.dispatch(Action::SetKubernetesVersion(
                    (!value.is_empty()).then_some(value),
                ));
            }
        })
    };
    let latest = drydock_core::k8s::KubernetesVersion::LATEST;
    let oldest = drydock_core::k8s::KubernetesVersion::OLDEST;
    let chosen = state
        .settings
        .kubernetes_version
        .clone()
        .unwrap_or_default();
    let theme_label = match state.settings.theme {
        Theme::System => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    html! {
        <header class="topbar">
            <a class="brand" href="#">{ "Drydock" }</a>
            <p class="tagline">{ "Dockerfiles and Kubernetes manifests: what is wrong, why, and how to fix it. Nothing leaves your browser." }</p>
            <nav class="toolbar" aria-label="Playground">
                <label>
                    <span class="visually-hidden">{ "Open an example" }</span>
                    <select class="gallery" onchange={on_example} aria-label="Open an example">
                        <option value="" selected=true>{ "Examples…" }</option>
                        { for GALLERY.iter().map(|example| html! {
                            <option value={example.id} title={example.description}>{ example.title }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span class="visually-hidden">{ "Kubernetes version to check against" }</span>
                    <select class="k8s-version" onchange={on_version} aria-label="Kubernetes version to check against"
                        title="Kubernetes version the manifests are checked against">
                        <option value="" selected={chosen.is_empty()}>{ format!("Kubernetes {latest} (newest)") }</option>
                        { for (oldest.minor..latest.minor).rev().map(|minor| {
                            let version = drydock_core::k8s::KubernetesVersion::new(minor).to_string();
                            html! { <option value={version.clone()} selected={chosen == version}>{ format!("Kubernetes {version}") }</option> }
                        }) }
                    </select>
                </label>
                <button type="button" onclick={on_share} id="share-link">{ "Share" }</button>
                <a class="button" href="#rules">{ "Rules" }</a>
                <button type="button" onclick={on_theme} title="Switch between light and dark">{ theme_label }</button>
            </nav>
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct SplitterProps {
    /// The editor column's share of the width, in percent.
    split: UseStateHandle<f64>,
    panes: NodeRef,
}

/// The handle between the editor and the findings: drag it, or focus it and use the arrow keys.
#[function_component(Splitter)]
fn splitter(props: &SplitterProps) -> Html {
    let dragging = use_state(|| false);
    let set_from_pointer = {
        let (split, panes) = (props.split.clone(), props.panes.clone());
        move |event: &PointerEvent| {
            if let Some(element) = panes.cast::<web_sys::Element>() {
                let rect = element.get_bounding_client_rect();
                if rect.width() > 0.0 {
                    let percent =
                        (f64::from(event.client_x()) - rect.left()) / rect.width() * 100.0;
                    split.set(percent.clamp(25.0, 80.0));
                }
            }
        }
    };
    let on_down = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(event.pointer_id());
            }
            dragging.set(true);
        })
    };
    let on_move = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            if *dragging {
                set_from_pointer(&event);
            }
        })
    };
    let on_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let on_key = {
        let split = props.split.clone();
        Callback::from(move |event: KeyboardEvent| {
            let step = match event.key().as_str() {
                "ArrowLeft" => -2.0,
                "ArrowRight" => 2.0,
                _ => return,
            };
            event.prevent_default();
            split.set((*split + step).clamp(25.0, 80.0));
        })
    };
    html! {
        <div class={classes!("splitter", dragging.then_some("dragging"))} role="separator" aria-orientation="vertical"
            aria-label="Resize the editor and the findings" tabindex="0"
            aria-valuemin="25" aria-valuemax="80" aria-valuenow={format!("{:.0}", drydock_topology::Fixed(*props.split))}
            onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up} onkeydown={on_key} />
    }
}

type Readers = Rc<RefCell<Vec<gloo::file::callbacks::FileReader>>>;

#[derive(Properties)]
struct WorkspaceProps {
    state: UseReducerHandle<State>,
    findings: Rc<Vec<Finding>>,
    readers: Readers,
    read_only: bool,
    /// The file actions (new, rename, upload, …); off in embeds.
    chrome: bool,
    /// The editor's cursor moved: file and byte offset.
    #[prop_or_default]
    on_cursor: Callback<(String, usize)>,
    /// Whether the Kubernetes schema is there yet (said in the status line).
    schema: SchemaStatus,
    /// A file's text was edited: its index and new text (made with the state, so left out of
    /// the comparison).
    on_edit: Callback<(usize, String)>,
}

impl PartialEq for WorkspaceProps {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
            && self.findings == other.findings
            && self.read_only == other.read_only
            && self.chrome == other.chrome
            && self.schema == other.schema
    }
}

#[function_component(Workspace)]
fn workspace(props: &WorkspaceProps) -> Html {
    let _timing = timing::Span::start("render Workspace");
    let state = &props.state;
    let dragging = use_state(|| false);
    let on_drop = {
        let (state, readers, dragging) = (state.clone(), props.readers.clone(), dragging.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(list) = event.data_transfer().and_then(|transfer| transfer.files()) {
                files::read_uploads(list, &state, &readers);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };

    html! {
        <section class={classes!("workspace", dragging.then_some("dragging"))} aria-label="Files"
            ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
            <files::FileBar state={state.clone()} findings={props.findings.clone()} readers={props.readers.clone()} actions={props.chrome} />
            { for state.workspace.files.iter().enumerate().map(|(index, file)| {
                let on_change = {
                    let on_edit = props.on_edit.clone();
                    Callback::from(move |text: String| on_edit.emit((index, text)))
                };
                let reveal = state.reveal.filter(|r| r.0 == index).map(|(_, start, end, serial)| {
                    let line_index = LineIndex::new(&file.text);
                    let utf16 = |offset| u32::try_from(line_index.utf16_offset(offset)).unwrap_or(u32::MAX);
                    Reveal { from: utf16(start), to: utf16(end), serial }
                });
                let language = match FileKind::detect(&file.name, &file.text) {
                    FileKind::Dockerfile => "dockerfile",
                    FileKind::Kubernetes | FileKind::Yaml | FileKind::Kustomization | FileKind::Compose | FileKind::HelmTemplate => "yaml",
                    FileKind::Env | FileKind::Other => "plain",
                };
                let active = index == state.active;
                html! {
                    <div class="editor-pane" key={file.name.clone()} hidden={!active} role="tabpanel"
                        id={format!("panel-{index}")} aria-labelledby={format!("tab-{index}")}>
                        <Editor name={file.name.clone()} text={file.text.clone()} {language}
                            findings={props.findings.clone()} {on_change} {reveal} read_only={props.read_only} visible={active}
                            on_cursor={{
                                let (on_cursor, name, text) = (props.on_cursor.clone(), file.name.clone(), file.text.clone());
                                Callback::from(move |utf16: u32| on_cursor.emit((name.clone(), LineIndex::new(&text).offset_from_utf16(utf16 as usize))))
                            }} />
                    </div>
                }
            }) }
            if state.workspace.files.is_empty() {
                <p class="empty-workspace">{ "No files. Add one, upload some, drop them here, or open an example." }</p>
            }
            <p class="status-line" aria-live="polite" data-schema={props.schema.name()}
                data-bytes={state.workspace.files.iter().map(|f| f.text.len()).sum::<usize>().to_string()}>
                { format!("{} · {}", plural(state.workspace.files.len(), "file"), plural(props.findings.len(), "finding")) }
                { match &props.schema {
                    SchemaStatus::Loaded => html! {},
                    SchemaStatus::Loading => html! {
                        <span class="schema-status">{ " · loading the Kubernetes schema…" }</span>
                    },
                    SchemaStatus::Failed(problem) => html! {
                        <span class="schema-status failed" role="alert" title={problem.clone()}>
                            { " · the Kubernetes schema could not be loaded: manifests are not validated against it (kinds, apiVersions, fields) until a reload online" }
                        </span>
                    },
                } }
                { for drydock_engine::Engine::ALL.into_iter().map(|engine| html! { <EngineStatusNote {engine} /> }) }
            </p>
        </section>
    }
}
