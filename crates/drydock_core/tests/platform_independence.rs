//! The core's boundary is an invariant (ARCHITECTURE.md): no wasm, DOM, terminal or file-system
//! dependency, so that the CLI and the browser are thin adapters over the same code.

use std::path::Path;

/// Direct dependencies the core may have. Adding one is a design decision: review it here.
const ALLOWED_DEPENDENCIES: &[&str] = &["serde", "saphyr-parser"];

/// Platform APIs the core's source must not touch.
const FORBIDDEN_IN_SOURCE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::thread",
    "std::time::SystemTime",
    "std::time::Instant",
    "println!",
    "eprintln!",
    "wasm_bindgen",
    "web_sys",
    "js_sys",
];

#[test]
fn core_has_only_reviewed_dependencies() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let mut section = "";
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let is_dependency_table = section == "[dependencies]"
            || (section.contains("dependencies") && section.contains("target"));
        if !is_dependency_table || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let name = line.split(['=', '.']).next().unwrap().trim();
        assert!(
            ALLOWED_DEPENDENCIES.contains(&name),
            "drydock_core must not depend on `{name}` (see ARCHITECTURE.md)"
        );
    }
}

#[test]
fn core_source_uses_no_platform_api() {
    let mut files = 0;
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut |path, text| {
            files += 1;
            // Unit tests may read fixtures; only the library itself is bound.
            if path.file_name().is_some_and(|name| name == "tests.rs") {
                return;
            }
            for (number, line) in text
                .lines()
                .enumerate()
                .take_while(|(_, line)| !line.contains("#[cfg(test)]"))
            {
                let code = line.split("//").next().unwrap();
                for forbidden in FORBIDDEN_IN_SOURCE {
                    assert!(
                        !code.contains(forbidden),
                        "{}:{}: the core must not use `{forbidden}`",
                        path.display(),
                        number + 1
                    );
                }
            }
        },
    );
    assert!(files > 5);
}

fn visit(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
