//! Prints every rule's Markdown documentation and summary as one JSON object,
//! `{"<rule id>": "<markdown>", "<rule id>#summary": "<one line>"}`.
//!
//! The playground's wasm is built without the `docs` feature, so neither is part of its first
//! load; `cargo xtask build` runs this to write the docs as a separate asset that the rules
//! reference fetches when it is opened (and the service worker keeps for offline use).

use std::io::Write as _;

fn main() -> std::process::ExitCode {
    // Each rule's docs under its id, and its summary under `<id>#summary` (the playground's
    // module is built without either).
    let docs: std::collections::BTreeMap<String, &str> = drydock_core::rules::all()
        .flat_map(|rule| {
            [
                (rule.id.to_owned(), rule.docs),
                (format!("{}#summary", rule.id), rule.summary),
            ]
        })
        .collect();
    if docs.values().any(|markdown| markdown.is_empty()) {
        eprintln!(
            "rule_docs: built without the `docs` feature: every rule's docs and summary are empty"
        );
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
