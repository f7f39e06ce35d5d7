//! Where a keystroke's time goes: when the page sets `window.__drydockTimings = []` (the latency
//! browser test does), each timed stage appends `[name, milliseconds]` to it. Otherwise timing
//! costs one property read per stage and records nothing.

use wasm_bindgen::{JsCast, JsValue};

/// Runs `f`, and records how long it took under `name` if the page asked for timings.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = Span::start(name);
    f()
}

/// Records `ms` under `name` if the page asked for timings (a stage timed elsewhere).
pub fn record(name: &str, ms: f64) {
    if let Some(sink) = sink() {
        sink.push(&js_sys::Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_f64(ms),
        ));
    }
}

/// The page's list of timings, when it asked for them.
fn sink() -> Option<js_sys::Array> {
    js_sys::Reflect::get(
        &gloo::utils::window(),
        &JsValue::from_str("__drydockTimings"),
    )
    .ok()
    .and_then(|value| value.dyn_into::<js_sys::Array>().ok())
}

/// Records the time from [`Span::start`] until it is dropped (a component's whole body).
pub struct Span {
    name: &'static str,
    started: Option<(js_sys::Array, web_sys::Performance, f64)>,
}

impl Span {
    pub fn start(name: &'static str) -> Span {
        let started = sink()
            .zip(gloo::utils::window().performance())
            .map(|(sink, performance)| {
                let now = performance.now();
                (sink, performance, now)
            });
        Span { name, started }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((sink, performance, started)) = self.started.take() {
            let entry = js_sys::Array::of2(
                &JsValue::from_str(self.name),
                &JsValue::from_f64(performance.now() - started),
            );
            sink.push(&entry);
        }
    }
}
