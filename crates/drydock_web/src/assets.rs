//! Where the build put the files the app fetches after its first render: each is named by its
//! contents' hash in a `<meta name="drydock-…" content="./…">` of the page (`cargo xtask dist`).

use std::collections::HashMap;

use drydock_base::json::{self, Value};

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

/// A JSON object of strings (the rule docs, the gallery's texts), or what is wrong with it.
pub fn string_map(text: &str) -> Result<HashMap<String, String>, String> {
    let value = json::parse(text).map_err(|e| e.to_string())?;
    let members = value.as_object().ok_or("not a JSON object")?;
    members
        .iter()
        .map(|(key, value)| match value {
            Value::String(text) => Ok((key.clone(), text.clone())),
            _ => Err(format!("`{key}` is not a string")),
        })
        .collect()
}
