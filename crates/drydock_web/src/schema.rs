//! The Kubernetes schema (223 KB, a tenth of the app's data) is not part of the first load: the
//! wasm is built without the core's `embedded-schema` feature, and the file `cargo xtask dist`
//! writes (`kubernetes-<hash>.schema`, named in `<meta name="drydock-schema">`) is fetched right
//! after the first frame and handed to [`Schema::install`]. Until then the app renders, edits
//! and checks Dockerfiles and YAML, and the core judges no kind, apiVersion or field; once it is
//! installed every file is checked again. The service worker precaches the file, so it loads
//! offline after one visit; a failed fetch (offline before any visit) is said in the status line.

use drydock_core::k8s::Schema;
use wasm_bindgen::JsCast;

/// Where the schema is in the app's life.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaStatus {
    Loading,
    Loaded,
    /// The fetch failed, or what came back was not a schema: why.
    Failed(String),
}

impl SchemaStatus {
    /// Now, before any fetch.
    pub fn initial() -> SchemaStatus {
        if Schema::is_loaded() {
            SchemaStatus::Loaded
        } else {
            SchemaStatus::Loading
        }
    }

    pub fn is_loaded(&self) -> bool {
        *self == SchemaStatus::Loaded
    }

    /// For the status line's `data-schema` (the browser tests wait on it).
    pub fn name(&self) -> &'static str {
        match self {
            SchemaStatus::Loading => "loading",
            SchemaStatus::Loaded => "loaded",
            SchemaStatus::Failed(_) => "failed",
        }
    }
}

/// The schema file's address, from the page (a build names it by its contents' hash); under
/// `trunk serve`, the copy Trunk makes.
fn url() -> String {
    crate::assets::named_in_page("drydock-schema", "./kubernetes.schema")
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let unreachable = || format!("{url} could not be fetched");
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(|_| unreachable())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| unreachable())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?
        .as_string()
        .ok_or_else(unreachable)
}

/// Fetches and installs the schema (once: later calls find it installed).
pub async fn load() -> SchemaStatus {
    if Schema::is_loaded() {
        return SchemaStatus::Loaded;
    }
    let url = url();
    let status = match fetch_text(&url).await {
        Ok(text) => {
            if crate::timing::time("install schema", || Schema::install(&text))
                || Schema::is_loaded()
            {
                SchemaStatus::Loaded
            } else {
                SchemaStatus::Failed(format!("{url} is not a Kubernetes schema"))
            }
        }
        Err(problem) => SchemaStatus::Failed(problem),
    };
    // For the first-load measurement: when the schema was there.
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark("drydock:schema");
    }
    status
}
