//! kustomize's own test cases and the reference's renders of the corpus, rendered by Drydock and
//! compared with what `kubectl kustomize` (kustomize v5.7.1) printed.
//!
//! The data is in `../shared/conformance/kustomize` (see its FORMAT.md). Documents are compared
//! as values, in order; each exception is listed with the first difference.

use drydock_base::Workspace;
use drydock_kustomize::files::Indexed;
use drydock_kustomize::{Node, Options, Render, render};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    path.join("conformance/kustomize").is_dir().then_some(path)
}

/// A tree's text files, indexed, and its other files as bytes.
struct Tree<'w> {
    text: Indexed<'w>,
    binary: &'w HashMap<String, Vec<u8>>,
}

impl drydock_kustomize::Files for Tree<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.text.read(path)
    }
    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        self.text.read(path).map(String::into_bytes).or_else(|| {
            self.binary
                .get(&drydock_kustomize::files::normalize(path))
                .cloned()
        })
    }
    fn is_dir(&self, path: &str) -> bool {
        self.text.is_dir(path)
    }
    fn list(&self, path: &str) -> Vec<String> {
        self.text.list(path)
    }
}

/// Every file below `root` that is not UTF-8, by its path relative to `root`.
fn load_binary(root: &Path) -> HashMap<String, Vec<u8>> {
    let mut out = HashMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && std::str::from_utf8(&bytes).is_err()
            {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(name, bytes);
            }
        }
    }
    out
}

/// Every file below `root`, named by its path relative to `root`.
fn load_tree(root: &Path) -> Workspace {
    let mut workspace = Workspace::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                workspace.insert(name, text);
            }
        }
    }
    workspace
}

fn documents(text: &str) -> Vec<Node> {
    let stream = drydock_yaml::parse(text);
    let mut budget = usize::MAX;
    stream
        .documents
        .iter()
        .filter_map(|d| Node::from_yaml(d, d.root?, drydock_kustomize::FileId(0), &mut budget))
        .collect()
}

fn describe(node: &Node) -> String {
    format!(
        "{} {}",
        node.get_str("kind").unwrap_or("?"),
        node.get_path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or("?")
    )
}

/// The path of the first difference between two values, with both sides there.
fn where_differs(a: &Node, b: &Node, path: String) -> String {
    use drydock_kustomize::Value;
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            for entry in x {
                match y.iter().find(|e| e.key == entry.key) {
                    Some(other) if !entry.value.same_value(&other.value) => {
                        return where_differs(
                            &entry.value,
                            &other.value,
                            format!("{path}.{}", entry.key),
                        );
                    }
                    None => return format!("{path}.{} (only ours)", entry.key),
                    _ => {}
                }
            }
            for entry in y {
                if !x.iter().any(|e| e.key == entry.key) {
                    return format!("{path}.{} (only kustomize's)", entry.key);
                }
            }
            path
        }
        (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if !p.same_value(q) {
                    return where_differs(p, q, format!("{path}[{i}]"));
                }
            }
            path
        }
        (Value::Seq(x), Value::Seq(y)) => {
            format!("{path} ({} items, kustomize {})", x.len(), y.len())
        }
        (Value::Scalar(x), Value::Scalar(y)) => {
            format!("{path}: {:?} vs kustomize {:?}", x.text, y.text)
        }
        _ => format!("{path}: different types"),
    }
}

/// Compares the rendered objects with the expected stream; `None` when they agree.
fn difference(got: &[&Node], expected: &[Node]) -> Option<String> {
    if got.len() != expected.len() {
        let got: Vec<String> = got.iter().map(|n| describe(n)).collect();
        let expected: Vec<String> = expected.iter().map(describe).collect();
        return Some(format!(
            "{} documents, expected {}: got {got:?}, expected {expected:?}",
            got.len(),
            expected.len()
        ));
    }
    for (index, (a, b)) in got.iter().zip(expected).enumerate() {
        if !a.same_value(b) {
            let at = where_differs(a, b, String::new());
            return Some(format!(
                "document {index} ({}) differs at {at}",
                describe(b)
            ));
        }
    }
    None
}

#[test]
fn krusty_cases() {
    let Some(root) = shared() else {
        eprintln!("../shared/conformance/kustomize is absent: conformance not run");
        return;
    };
    let root = root.join("conformance/kustomize");
    let index = std::fs::read_to_string(root.join("krusty/_index.tsv")).unwrap();
    let (mut passed, mut total) = (0, 0);
    let mut failures = Vec::new();
    for line in index.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [case, build, flags, result, ..] = fields.as_slice() else {
            continue;
        };
        total += 1;
        let dir = root.join("krusty").join(case);
        let workspace = load_tree(&dir.join("input"));
        let binary = load_binary(&dir.join("input"));
        let files = Tree {
            text: Indexed::new(&workspace),
            binary: &binary,
        };
        let options = Options {
            unrestricted: flags.contains("LoadRestrictionsNone"),
        };
        let rendered = render(&files, build, options);
        let outcome = if *result == "ok" {
            let expected = std::fs::read_to_string(dir.join("expected.yaml")).unwrap_or_default();
            let got: Vec<&Node> = rendered.resources.iter().map(|r| &r.node).collect();
            match (rendered.failed(), difference(&got, &documents(&expected))) {
                (true, _) => Some(format!(
                    "failed: {:?}",
                    rendered.findings.first().map(|f| &f.message)
                )),
                (false, diff) => diff,
            }
        } else if rendered.failed() {
            None
        } else {
            Some("rendered, but kustomize refuses it".to_owned())
        };
        match outcome {
            None => passed += 1,
            Some(why) => failures.push(format!("{case}: {why}")),
        }
    }
    for failure in failures.iter().take(400) {
        eprintln!("  {failure}");
    }
    eprintln!("kustomize conformance (krusty): {passed} of {total} cases agree with kustomize");
}

/// What a render's outcome says against the reference: `None` when they agree.
fn judge(rendered: &Render, expected: Option<&str>) -> Option<String> {
    match expected {
        Some(expected) => {
            let got: Vec<&Node> = rendered.resources.iter().map(|r| &r.node).collect();
            if rendered.failed() {
                let first = rendered
                    .findings
                    .iter()
                    .find(|f| f.severity == drydock_base::Severity::Error);
                return Some(format!("failed: {:?}", first.map(|f| &f.message)));
            }
            difference(&got, &documents(expected))
        }
        None if rendered.failed() => None,
        None => Some("rendered, but kustomize refuses it".to_owned()),
    }
}

#[test]
fn corpus_renders() {
    let Some(shared) = shared() else {
        eprintln!("../shared/conformance/kustomize is absent: conformance not run");
        return;
    };
    let renders = shared.join("conformance/kustomize/corpus-renders");
    let index = std::fs::read_to_string(renders.join("_index.tsv")).unwrap();
    let mut trees: HashMap<String, (Workspace, HashMap<String, Vec<u8>>)> = Default::default();
    let (mut passed, mut total) = (0, 0);
    let mut failures = Vec::new();
    for line in index.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, flags, result, _, _, file] = fields.as_slice() else {
            continue;
        };
        // Remote bases and Helm charts need what no offline renderer has.
        if result.contains("remote") || result.contains("helm") {
            continue;
        }
        total += 1;
        let (repository, dir) = path.split_once('/').unwrap_or((path, "."));
        let (workspace, binary) = trees.entry(repository.to_owned()).or_insert_with(|| {
            let root = shared.join("corpus/kustomize").join(repository);
            (load_tree(&root), load_binary(&root))
        });
        let files = Tree {
            text: Indexed::new(workspace),
            binary,
        };
        let options = Options {
            unrestricted: flags.contains("LoadRestrictionsNone"),
        };
        let rendered = render(&files, dir, options);
        let expected = (*result == "ok")
            .then(|| std::fs::read_to_string(renders.join(file)).unwrap_or_default());
        match judge(&rendered, expected.as_deref()) {
            None => passed += 1,
            Some(why) => failures.push(format!("{path}: {why}")),
        }
    }
    for failure in failures.iter().take(60) {
        eprintln!("  {failure}");
    }
    eprintln!(
        "kustomize conformance (corpus): {passed} of {total} renders agree with kubectl kustomize (remote and Helm builds left out)"
    );
}
