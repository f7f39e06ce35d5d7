//! What every engine's worker does: listen for the page's requests (JSON text), answer each with
//! [`drydock_engine::respond`], and say when it is ready. Each binary in `src/bin/` is one
//! engine's worker; Trunk builds it with `data-type="worker"` and a loader shim.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use drydock_engine::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The allocator of the wasm module: faster and smaller than Rust's default wasm allocator
/// (dlmalloc); the page's first load is 2.9 KB gzip smaller with it. Single-threaded wasm only
/// (no `atomics`), as these modules are built.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Serves `engine` in this worker until the page ends it. Outside a worker (no
/// `DedicatedWorkerGlobalScope`) it does nothing.
pub fn serve(engine: Engine, run: drydock_engine::Run) {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply = scope.clone();
    let performance = scope.performance();
    let now = move || performance.as_ref().map_or(0.0, web_sys::Performance::now);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let started = now();
        let answer = match event.data().as_string() {
            Some(message) => drydock_engine::respond_with(engine, run, &message),
            // Not text: answered as a request that cannot be read.
            None => drydock_engine::respond_with(engine, run, ""),
        };
        // How long the work took, in milliseconds, then the answer: the page records the first
        // with its timings (a number is never a response) and reads the second. The page may be
        // gone; nothing to do about it here.
        let _ = reply.post_message(&JsValue::from_f64(now() - started));
        let _ = reply.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(drydock_engine::READY));
}
