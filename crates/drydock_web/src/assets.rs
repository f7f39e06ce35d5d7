//! Where the build put the files the app fetches after its first render: each is named by its
//! contents' hash in a `<meta name="drydock-…" content="./…">` of the page (`cargo xtask dist`).

/// The address the page's `<meta name="{name}">` gives, or `fallback` (the unhashed name Trunk
/// copies under `trunk serve`, where no such meta is written).
pub fn named_in_page(name: &str, fallback: &str) -> String {
    gloo::utils::document()
        .query_selector(&format!("meta[name='{name}']"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| fallback.to_owned())
}
