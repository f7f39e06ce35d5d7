//! The engines (`drydock_engine`): what the page does not compute itself. Each engine is a web
//! worker with its own wasm module, started the first time the page needs it (or, when the
//! browser is idle after the first render, ahead of that: [`prefetch`]), so the first load
//! carries only the editor and the checks of the first view. The service worker precaches every
//! engine, so they load offline after one visit.
//!
//! The page and a worker exchange text: [`drydock_engine::Request`] out as JSON,
//! [`drydock_engine::Response`] back in the wire format, matched by id. Nothing is sent before the worker says it
//! is ready (a message that arrived before its module listened would be lost); requests made
//! meanwhile wait in a queue. A worker that cannot be loaded (offline before a first visit, a
//! file missing) fails every request waiting for it and says why; the page goes on without it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use drydock_core::SourceFile;
use drydock_engine::{Engine, Output, Request, Response, Task};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};
use yew::prelude::*;

/// Where an engine is in the page's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineStatus {
    /// Not asked for yet.
    Idle,
    Loading,
    Ready,
    /// It could not be loaded: why.
    Failed(String),
}

impl EngineStatus {
    /// For the status line's `data-engine-<name>` (the browser tests wait on it).
    pub fn name(&self) -> &'static str {
        match self {
            EngineStatus::Idle => "idle",
            EngineStatus::Loading => "loading",
            EngineStatus::Ready => "ready",
            EngineStatus::Failed(_) => "failed",
        }
    }
}

type Reply = Box<dyn FnOnce(Result<Output, String>)>;

/// One engine's worker and the requests in flight.
struct Running {
    /// None when the worker could not even be created.
    worker: Option<Worker>,
    status: EngineStatus,
    /// Requests made before the worker was ready, in order.
    queue: Vec<String>,
    waiting: HashMap<u64, Reply>,
    // The worker's handlers, kept as long as it runs.
    _handlers: Option<Handlers>,
}

struct Handlers {
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

/// How long a worker may take to say it is ready before it counts as failed: its script and
/// module arrive from the network (or the service worker's cache) and compile.
const READY_TIMEOUT_MS: u32 = 60_000;

thread_local! {
    static ENGINES: RefCell<HashMap<Engine, Running>> = RefCell::new(HashMap::new());
    /// Components to re-render when an engine's status changes.
    static LISTENERS: RefCell<Vec<(u64, Callback<()>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

fn next_id() -> u64 {
    NEXT_ID.with(|id| {
        let next = id.get();
        id.set(next.wrapping_add(1).max(1));
        next
    })
}

/// An engine's status now.
pub fn status(engine: Engine) -> EngineStatus {
    ENGINES.with(|engines| {
        engines
            .borrow()
            .get(&engine)
            .map_or(EngineStatus::Idle, |running| running.status.clone())
    })
}

/// Asks the engine of `task` to do it over `files`; `reply` gets the output, or why there is
/// none. Starts the engine if it is not running.
pub fn request(
    task: Task,
    files: Vec<SourceFile>,
    reply: impl FnOnce(Result<Output, String>) + 'static,
) {
    let engine = task.engine();
    let id = next_id();
    let message = crate::timing::time("engine request written", || {
        Request { id, files, task }.to_json()
    });
    start(engine);
    // From the request to its answer read back (the worker's whole job and both messages),
    // recorded under the engine's title ("the Kustomize engine").
    let round_trip = crate::timing::Span::start(engine.title());
    let mut reply: Option<Reply> = Some(Box::new(move |result| {
        drop(round_trip);
        reply(result)
    }));
    let failed = ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        let Some(running) = engines.get_mut(&engine) else {
            return Some(format!("{} could not be started", engine.title()));
        };
        match (&running.status, &running.worker) {
            (EngineStatus::Failed(why), _) => return Some(why.clone()),
            (EngineStatus::Ready, Some(worker)) => {
                if worker.post_message(&JsValue::from_str(&message)).is_err() {
                    return Some(format!("{} did not take the request", engine.title()));
                }
            }
            _ => running.queue.push(message),
        }
        if let Some(reply) = reply.take() {
            running.waiting.insert(id, reply);
        }
        None
    });
    // Answered outside the borrow: a reply may make another request.
    if let (Some(why), Some(reply)) = (failed, reply) {
        reply(Err(why));
    }
}

/// Starts `engine` when the browser is next idle, so that its first use does not wait for the
/// download and compilation.
pub fn prefetch(engine: Engine) {
    let window = gloo::utils::window();
    let start_it = Closure::once_into_js(move || start(engine));
    if window
        .request_idle_callback(start_it.unchecked_ref())
        .is_err()
    {
        start(engine);
    }
}

/// The worker script of `engine`: named by the build in `<meta name="drydock-engine-<name>">`;
/// under `trunk serve`, Trunk's own loader.
fn url(engine: Engine) -> String {
    crate::assets::named_in_page(
        &format!("drydock-engine-{}", engine.name()),
        &format!("./engine_{}_loader.js", engine.name()),
    )
}

/// Starts the worker of `engine`, unless it runs (or failed) already.
fn start(engine: Engine) {
    if ENGINES.with(|engines| engines.borrow().contains_key(&engine)) {
        return;
    }
    let url = url(engine);
    let Ok(worker) = Worker::new(&url) else {
        // Recorded, so that it is not tried again on every request.
        ENGINES.with(|engines| {
            engines.borrow_mut().insert(
                engine,
                Running {
                    worker: None,
                    status: EngineStatus::Failed(format!(
                        "{} could not be started ({url})",
                        engine.title()
                    )),
                    queue: Vec::new(),
                    waiting: HashMap::new(),
                    _handlers: None,
                },
            )
        });
        notify();
        return;
    };
    insert(engine, worker);
    notify();
    // A worker that never says it is ready has failed, whatever the reason.
    gloo::timers::callback::Timeout::new(READY_TIMEOUT_MS, move || {
        if status(engine) == EngineStatus::Loading {
            fail(
                engine,
                format!(
                    "{} did not start within {} s",
                    engine.title(),
                    READY_TIMEOUT_MS / 1000
                ),
            );
        }
    })
    .forget();
}

fn insert(engine: Engine, worker: Worker) {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if let Some(text) = data.as_string() {
            received(engine, &text);
        } else if let Some(ms) = data.as_f64() {
            // The worker's own time for the answer that follows (see `drydock_worker::serve`),
            // recorded under the engine's name.
            crate::timing::record(engine.name(), ms);
        }
    });
    // A script that cannot be fetched is a plain `Event`, an error while it runs an `ErrorEvent`.
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let detail = event
            .dyn_ref::<ErrorEvent>()
            .map(ErrorEvent::message)
            .unwrap_or_default();
        fail(
            engine,
            if detail.is_empty() {
                format!("{} could not be loaded", engine.title())
            } else {
                format!("{} could not be loaded: {detail}", engine.title())
            },
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    ENGINES.with(|engines| {
        engines.borrow_mut().insert(
            engine,
            Running {
                worker: Some(worker),
                status: EngineStatus::Loading,
                queue: Vec::new(),
                waiting: HashMap::new(),
                _handlers: Some(Handlers {
                    _on_message: on_message,
                    _on_error: on_error,
                }),
            },
        )
    });
}

/// A message from a worker: that it is ready, that it failed, or a response.
fn received(engine: Engine, text: &str) {
    if text == drydock_engine::READY {
        let queued = ENGINES.with(|engines| {
            let mut engines = engines.borrow_mut();
            let running = engines.get_mut(&engine)?;
            running.status = EngineStatus::Ready;
            Some((running.worker.clone()?, std::mem::take(&mut running.queue)))
        });
        if let Some((worker, queued)) = queued {
            for message in queued {
                let _ = worker.post_message(&JsValue::from_str(&message));
            }
        }
        notify();
        return;
    }
    if let Some(failed) = load_failure(text) {
        fail(
            engine,
            format!("{} could not be loaded: {failed}", engine.title()),
        );
        return;
    }
    let Some(response) = crate::timing::time("engine answer read", || Response::from_wire(text))
    else {
        web_sys::console::error_1(
            &format!("{}: an answer that is not a response", engine.title()).into(),
        );
        return;
    };
    let reply = ENGINES.with(|engines| {
        engines
            .borrow_mut()
            .get_mut(&engine)
            .and_then(|running| running.waiting.remove(&response.id))
    });
    if let Some(reply) = reply {
        reply(response.result);
    }
}

/// Why the engine's module could not be fetched or compiled, when `text` is what the loader
/// posts then (`{"failed": "…"}`); read with the browser's JSON parser.
fn load_failure(text: &str) -> Option<String> {
    if !text.starts_with('{') {
        return None;
    }
    let value = js_sys::JSON::parse(text).ok()?;
    js_sys::Reflect::get(&value, &JsValue::from_str("failed"))
        .ok()?
        .as_string()
}

/// The engine is unusable: every request waiting for it is answered with `why`.
fn fail(engine: Engine, why: String) {
    let waiting = ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        let running = engines.get_mut(&engine)?;
        if matches!(running.status, EngineStatus::Failed(_)) {
            return None;
        }
        running.status = EngineStatus::Failed(why.clone());
        running.queue.clear();
        if let Some(worker) = &running.worker {
            worker.terminate();
        }
        Some(std::mem::take(&mut running.waiting))
    });
    for (_, reply) in waiting.into_iter().flatten() {
        reply(Err(why.clone()));
    }
    notify();
}

fn notify() {
    let listeners: Vec<Callback<()>> =
        LISTENERS.with(|l| l.borrow().iter().map(|(_, c)| c.clone()).collect());
    for listener in listeners {
        listener.emit(());
    }
}

/// The status of `engine`, re-rendering the component whenever it changes.
#[hook]
pub fn use_engine_status(engine: Engine) -> EngineStatus {
    let update = use_force_update();
    use_effect_with(engine, move |_| {
        let key = next_id();
        let callback = Callback::from(move |()| update.force_update());
        LISTENERS.with(|l| l.borrow_mut().push((key, callback)));
        move || LISTENERS.with(|l| l.borrow_mut().retain(|(k, _)| *k != key))
    });
    status(engine)
}
