//! The architecture as ARCHITECTURE.md draws it, kept true:
//!
//! - the crate graph: every workspace crate is in the table of ARCHITECTURE.md's *Crate graph*,
//!   with exactly the Drydock crates it depends on (`[dependencies]`, not dev-dependencies), and
//!   the graph has no cycle;
//! - the platform-free crates (the core: everything but the front ends and automation) have only
//!   the reviewed third-party dependencies the table lists, each of them used, and their source
//!   touches no platform API (no wasm, DOM, terminal, file system, process, network or clock);
//!   each keeps the no-panic lints;
//! - within each crate, no top-level module imports another in a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Platform APIs a platform-free crate's source must not touch.
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

/// One row of ARCHITECTURE.md's crate table.
#[derive(Debug)]
struct Row {
    /// The Drydock crates it may depend on.
    drydock: BTreeSet<String>,
    /// The other dependencies, when the crate is platform-free (reviewed one by one).
    others: Option<BTreeSet<String>>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The rows of the table under `## Crate graph`: `| `crate` | `dep`, `dep` | `other` | yes/no |`.
fn table() -> BTreeMap<String, Row> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section = text
        .split("\n## Crate graph")
        .nth(1)
        .expect("ARCHITECTURE.md has a `## Crate graph` section");
    let section = section.split("\n## ").next().unwrap();
    let names = |cell: &str| -> BTreeSet<String> {
        cell.split(',')
            .map(|name| name.trim().trim_matches('`').to_owned())
            .filter(|name| !name.is_empty() && name != "—")
            .collect()
    };
    let mut rows = BTreeMap::new();
    for line in section.lines().filter(|line| line.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [name, drydock, others, platform_free] = cells[..] else {
            panic!("a crate row has four cells: {line}");
        };
        let platform_free = match platform_free {
            "yes" => true,
            "no" => false,
            other => panic!("platform-free is `yes` or `no`, not `{other}`: {line}"),
        };
        let row = Row {
            drydock: names(drydock),
            others: platform_free.then(|| names(others)),
        };
        assert!(
            rows.insert(name.trim_matches('`').to_owned(), row)
                .is_none(),
            "{name} is listed twice"
        );
    }
    rows
}

/// A workspace crate: its name, directory and normal dependencies.
struct Crate {
    name: String,
    dir: PathBuf,
    dependencies: BTreeSet<String>,
}

fn workspace_crates() -> Vec<Crate> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("Cargo.toml").exists())
        .collect();
    dirs.push(root().join("tests"));
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let mut name = None;
            let mut dependencies = BTreeSet::new();
            let mut section = "";
            for line in manifest.lines().map(str::trim) {
                if line.starts_with('[') {
                    section = line;
                    continue;
                }
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if section == "[package]" && line.starts_with("name") {
                    name = line.split('"').nth(1).map(str::to_owned);
                }
                let is_dependency_table = section == "[dependencies]"
                    || (section.contains("dependencies")
                        && section.contains("target")
                        && !section.contains("dev-"));
                // Only `name = …` lines start a dependency (not a continued array).
                if is_dependency_table
                    && let Some((key, _)) = line.split_once('=')
                    && key
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
                {
                    dependencies.insert(key.trim().to_owned());
                }
            }
            Crate {
                name: name.expect("every crate has a name"),
                dir,
                dependencies,
            }
        })
        .collect()
}

#[test]
fn the_crate_graph_is_the_one_architecture_md_draws() {
    let table = table();
    let crates = workspace_crates();
    assert!(crates.len() >= 10, "found {} crates", crates.len());
    let drydock: BTreeSet<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    for krate in &crates {
        let row = table.get(&krate.name).unwrap_or_else(|| {
            panic!(
                "{} is not in ARCHITECTURE.md's crate table: add it with what it may depend on",
                krate.name
            )
        });
        let ours: BTreeSet<String> = krate
            .dependencies
            .iter()
            .filter(|d| drydock.contains(d.as_str()))
            .cloned()
            .collect();
        assert_eq!(
            ours, row.drydock,
            "{}: its Drydock dependencies (Cargo.toml) and ARCHITECTURE.md's table differ",
            krate.name
        );
        if let Some(allowed) = &row.others {
            let others: BTreeSet<String> = krate
                .dependencies
                .iter()
                .filter(|d| !drydock.contains(d.as_str()))
                .cloned()
                .collect();
            assert_eq!(
                &others, allowed,
                "{}: a platform-free crate's other dependencies are reviewed in ARCHITECTURE.md",
                krate.name
            );
        }
    }
    for name in table.keys() {
        assert!(
            drydock.contains(name.as_str()),
            "ARCHITECTURE.md lists {name}, which is not a workspace crate"
        );
    }
    let edges: BTreeMap<&str, BTreeSet<&str>> = table
        .iter()
        .map(|(name, row)| {
            (
                name.as_str(),
                row.drydock.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    if let Some(cycle) = find_cycle(&edges) {
        panic!("the crate graph has a cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn platform_free_crates_use_every_dependency_and_no_platform_api() {
    let table = table();
    let mut checked = 0;
    for krate in workspace_crates() {
        let Some(row) = table.get(&krate.name) else {
            continue;
        };
        if row.others.is_none() {
            continue;
        }
        checked += 1;
        let lib = std::fs::read_to_string(krate.dir.join("src/lib.rs")).unwrap();
        assert!(
            lib.contains(
                "#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]"
            ),
            "{}: a core crate keeps the no-panic lints (its lib.rs)",
            krate.name
        );
        let mut source = String::new();
        visit(&krate.dir.join("src"), &mut |path, text| {
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
                        "{}:{}: {} is platform-free and must not use `{forbidden}`",
                        path.display(),
                        number + 1,
                        krate.name
                    );
                }
                source.push_str(code);
                source.push('\n');
            }
        });
        for dependency in &krate.dependencies {
            let path = dependency.replace('-', "_");
            assert!(
                source.contains(&format!("{path}::")) || source.contains(&format!("use {path}")),
                "{} declares `{dependency}` and never uses it",
                krate.name
            );
        }
    }
    assert!(checked >= 8, "only {checked} platform-free crates");
}

#[test]
fn no_module_imports_another_in_a_loop() {
    for krate in workspace_crates() {
        let src = krate.dir.join("src");
        // Top-level module → the top-level modules it names through `crate::`.
        let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        visit(&src, &mut |path, text| {
            let relative = path.strip_prefix(&src).unwrap();
            let top = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            let entry = uses.entry(top).or_default();
            let code = text.split("#[cfg(test)]").next().unwrap();
            for line in code.lines() {
                let line = line.split("//").next().unwrap();
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        entry.insert(name);
                    }
                }
            }
        });
        let modules: BTreeSet<String> = uses.keys().cloned().collect();
        let edges: BTreeMap<&str, BTreeSet<&str>> = uses
            .iter()
            .map(|(module, names)| {
                (
                    module.as_str(),
                    names
                        .iter()
                        .filter(|n| *n != module && modules.contains(*n))
                        .map(String::as_str)
                        .collect(),
                )
            })
            .collect();
        if let Some(cycle) = find_cycle(&edges) {
            panic!(
                "{}: modules import each other in a loop: {}",
                krate.name,
                cycle.join(" → ")
            );
        }
    }
}

/// A cycle of `edges`, if there is one, as the path that closes it.
fn find_cycle<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Option<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        marks: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| *n == node).unwrap();
                let mut cycle = path[start..].to_vec();
                cycle.push(node);
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node, Mark::Open);
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, edges, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn a_cycle_is_found() {
    let edges: BTreeMap<&str, BTreeSet<&str>> = [
        ("a", BTreeSet::from(["b"])),
        ("b", BTreeSet::from(["c"])),
        ("c", BTreeSet::from(["a"])),
        ("d", BTreeSet::new()),
    ]
    .into_iter()
    .collect();
    assert_eq!(find_cycle(&edges), Some(vec!["a", "b", "c", "a"]));
    let dag: BTreeMap<&str, BTreeSet<&str>> = [
        ("a", BTreeSet::from(["b", "c"])),
        ("b", BTreeSet::from(["c"])),
        ("c", BTreeSet::new()),
    ]
    .into_iter()
    .collect();
    assert_eq!(find_cycle(&dag), None);
}

fn visit(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
