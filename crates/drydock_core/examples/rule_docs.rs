//! Prints every rule's Markdown documentation as one JSON object, `{"<rule id>": "<markdown>"}`.
//!
//! The playground's wasm is built without the `docs` feature, so the Markdown is not part of its
//! first load; `cargo xtask build` runs this to write the docs as a separate asset that the rules
//! reference fetches when it is opened (and the service worker keeps for offline use).

use std::io::Write as _;

fn main() -> std::process::ExitCode {
    let docs: std::collections::BTreeMap<&str, &str> = drydock_core::rules::all()
        .map(|rule| (rule.id, rule.docs))
        .collect();
    if docs.values().any(|markdown| markdown.is_empty()) {
        eprintln!("rule_docs: built without the `docs` feature: every rule's docs are empty");
        return std::process::ExitCode::FAILURE;
    }
    let json = match serde_json::to_string(&docs) {
        Ok(json) => json,
        Err(error) => {
            eprintln!("rule_docs: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(json.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::FAILURE,
    }
}
