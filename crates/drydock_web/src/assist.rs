//! Completion and hover documentation for Kubernetes fields in the editor, from the core's
//! schema. Field descriptions (1.4 MB) are not part of the first load: they are fetched once,
//! the first time the editor asks for help, and the service worker keeps them for offline use.

use std::cell::RefCell;

use drydock_base::json;
use drydock_core::LineIndex;
use drydock_core::k8s::{Descriptions, Schema, assist};
use wasm_bindgen::JsCast;

#[derive(Default)]
enum Docs {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Descriptions),
    Failed,
}

thread_local! {
    static DOCS: RefCell<Docs> = const { RefCell::new(Docs::NotLoaded) };
}

fn ensure_docs() {
    let start = DOCS.with(|docs| {
        let mut docs = docs.borrow_mut();
        let start = matches!(*docs, Docs::NotLoaded);
        if start {
            *docs = Docs::Loading;
        }
        start
    });
    if !start {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let loaded = async {
            let response = wasm_bindgen_futures::JsFuture::from(
                gloo::utils::window().fetch_with_str("./kubernetes.descriptions"),
            )
            .await
            .ok()?
            .dyn_into::<web_sys::Response>()
            .ok()?;
            if !response.ok() {
                return None;
            }
            let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
                .await
                .ok()?
                .as_string()?;
            Some(Descriptions::parse(&text))
        }
        .await;
        DOCS.with(|docs| *docs.borrow_mut() = loaded.map_or(Docs::Failed, Docs::Loaded));
    });
}

fn description(definition: &str, field: &str) -> Option<String> {
    ensure_docs();
    DOCS.with(|docs| match &*docs.borrow() {
        Docs::Loaded(descriptions) => descriptions.get(definition, field).map(str::to_owned),
        _ => None,
    })
}

/// Completions at a UTF-16 offset, as JSON for the editor (`[]` when there is nothing to offer).
pub fn complete_json(text: &str, utf16_offset: usize) -> String {
    let index = LineIndex::new(text);
    let offset = index.offset_from_utf16(utf16_offset);
    let Some(completions) = assist::complete(Schema::builtin(), text, offset) else {
        return "[]".to_owned();
    };
    let from = index.utf16_offset(completions.from);
    let mut out = String::from("[");
    for (i, item) in completions.items.iter().enumerate() {
        out.push_str(if i == 0 {
            "{\"label\":"
        } else {
            ",{\"label\":"
        });
        json::write_string(&mut out, &item.label);
        out.push_str(",\"detail\":");
        if item.required {
            json::write_string(&mut out, &format!("{} (required)", item.detail));
        } else {
            json::write_string(&mut out, &item.detail);
        }
        out.push_str(",\"info\":");
        match description(&item.definition, &item.field) {
            Some(info) => json::write_string(&mut out, &info),
            None => out.push_str("null"),
        }
        out.push_str(",\"from\":");
        out.push_str(&from.to_string());
        out.push_str(",\"kind\":\"property\"}");
    }
    out.push(']');
    out
}

/// Documentation for the field under a UTF-16 offset, as JSON (`null` when there is none).
pub fn hover_json(text: &str, utf16_offset: usize) -> String {
    let index = LineIndex::new(text);
    let offset = index.offset_from_utf16(utf16_offset);
    let Some(hover) = assist::hover(Schema::builtin(), text, offset) else {
        return "null".to_owned();
    };
    let docs = description(&hover.definition, &hover.field).unwrap_or_else(|| {
        "Loading the field's documentation… hover again in a moment.".to_owned()
    });
    let mut out = format!(
        "{{\"from\":{},\"to\":{},\"title\":",
        index.utf16_offset(hover.start),
        index.utf16_offset(hover.end)
    );
    json::write_string(&mut out, &format!("{} — {}", hover.path, hover.detail));
    out.push_str(",\"text\":");
    json::write_string(&mut out, &docs);
    out.push('}');
    out
}
