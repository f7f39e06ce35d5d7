//! Patches against kustomize: a table of small cases, and kustomize's own end-to-end tests
//! (`shared/conformance/kustomize/krusty`) whose kustomization has only `resources` and patches.
//! When `../shared` is absent the conformance test says so and passes.

use drydock_kustomize::patch::{PatchError, is_delete_patch, json6902, strategic_merge};
use drydock_kustomize::{FileId, Gvk, Node, Sources};
use std::path::{Path, PathBuf};

fn parse_all(text: &str, file: FileId) -> Vec<Node> {
    let stream = drydock_yaml::parse(text);
    stream
        .documents
        .iter()
        .filter_map(|document| {
            let mut budget = 1_000_000;
            Node::from_yaml(document, document.root?, file, &mut budget)
        })
        .filter(|node| !node.is_null())
        .collect()
}

fn parse(text: &str) -> Node {
    parse_all(text, FileId(0))
        .into_iter()
        .next()
        .unwrap_or(Node::null(None))
}

fn gvk(node: &Node) -> Gvk {
    Gvk::from_api_version(
        node.get_str("apiVersion").unwrap_or(""),
        node.get_str("kind").unwrap_or(""),
    )
}

fn smp(target: &str, patch: &str) -> Result<Node, PatchError> {
    let mut target = parse(target);
    let gvk = gvk(&target);
    strategic_merge(&mut target, &parse(patch), &gvk)?;
    Ok(target)
}

/// (what, target, patch, expected): strategic merge cases.
const SMP_CASES: &[(&str, &str, &str, &str)] = &[
    (
        "maps merge, null deletes",
        "kind: X\na: {b: 1, c: 2}",
        "a: {b: 3, c: null, d: 4}",
        "kind: X\na: {b: 3, d: 4}",
    ),
    (
        "lists without schema are replaced",
        "kind: X\nl: [{name: a, v: 1}]",
        "l: [{name: a, w: 2}]",
        "kind: X\nl: [{name: a, w: 2}]",
    ),
    (
        "containers merge by name, new ones first",
        "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: a, image: x}, {name: b, image: y}]}}}",
        "spec: {template: {spec: {containers: [{name: b, image: z}, {name: c, image: w}]}}}",
        "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: b, image: z}, {name: c, image: w}, {name: a, image: x}]}}}",
    ),
    (
        "element delete",
        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a}, {name: b}]}",
        "spec: {containers: [{name: a, $patch: delete}]}",
        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: b}]}",
    ),
    (
        "list replace directive",
        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a}, {name: b}]}",
        "spec: {containers: [{$patch: replace}, {name: c}]}",
        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c}]}",
    ),
    (
        "map replace directive",
        "kind: X\na: {b: 1, c: 2}",
        "a: {$patch: replace, d: 4}",
        "kind: X\na: {d: 4}",
    ),
    (
        "map delete directive",
        "kind: X\na: {b: 1}\nc: 1",
        "a: {$patch: delete}",
        "kind: X\nc: 1",
    ),
    (
        "env merges by name inside a merged container",
        "apiVersion: apps/v1\nkind: StatefulSet\nspec: {template: {spec: {containers: [{name: a, env: [{name: X, value: '1'}]}]}}}",
        "spec: {template: {spec: {containers: [{name: a, env: [{name: Y, value: '2'}]}]}}}",
        "apiVersion: apps/v1\nkind: StatefulSet\nspec: {template: {spec: {containers: [{name: a, env: [{name: Y, value: '2'}, {name: X, value: '1'}]}]}}}",
    ),
    (
        "cronjob pod template",
        "apiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {volumes: [{name: v}]}}}}}",
        "spec: {jobTemplate: {spec: {template: {spec: {volumes: [{name: w}]}}}}}",
        "apiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {volumes: [{name: w}, {name: v}]}}}}}",
    ),
    (
        "finalizers merge as a set",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {finalizers: [a, b]}",
        "metadata: {finalizers: [c, a]}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {finalizers: [c, a, b]}",
    ),
    (
        "an unknown apiVersion has no schema",
        "apiVersion: extensions/v1beta1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: a}]}}}",
        "spec: {template: {spec: {containers: [{name: b}]}}}",
        "apiVersion: extensions/v1beta1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: b}]}}}",
    ),
    (
        "retainKeys is an ordinary key to kustomize",
        "kind: X\na: {b: 1}",
        "a: {$retainKeys: [b]}",
        "kind: X\na: {b: 1, $retainKeys: [b]}",
    ),
];

#[test]
fn strategic_merge_table() {
    for (what, target, patch, expected) in SMP_CASES {
        let got = smp(target, patch).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(got.same_value(&parse(expected)), "{what}: got {got:?}");
    }
}

#[test]
fn strategic_merge_errors() {
    let err = smp("kind: X\na: {b: 1}", "a: {$patch: bogus}").err();
    assert_eq!(
        err.map(|e| e.message),
        Some("unknown patch strategy 'bogus'".to_owned())
    );
    assert!(smp("kind: X\na: {b: 1}", "a: [1]").is_err());
}

#[test]
fn delete_patch() {
    assert!(is_delete_patch(&parse("kind: X\n$patch: delete")));
    assert!(!is_delete_patch(&parse("kind: X")));
}

#[test]
fn patch_values_keep_their_origin() {
    let target = parse_all("kind: X\na: 1\nb: 2\n", FileId(1)).remove(0);
    let patch = parse_all("a: 3\n", FileId(2)).remove(0);
    let mut merged = target.clone();
    strategic_merge(&mut merged, &patch, &Gvk::default()).unwrap();
    assert_eq!(
        merged.get("a").and_then(|n| n.origin).map(|o| o.file),
        Some(FileId(2))
    );
    assert_eq!(
        merged.get("b").and_then(|n| n.origin).map(|o| o.file),
        Some(FileId(1))
    );
}

#[test]
fn long_lists_merge_in_linear_time() {
    let list = |prefix: &str| {
        (0..10_000)
            .map(|i| format!("{{name: {prefix}{i}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let target = format!(
        "apiVersion: v1\nkind: Pod\nspec: {{containers: [{}]}}",
        list("a")
    );
    let patch = format!("spec: {{containers: [{}]}}", list("a"));
    let start = std::time::Instant::now();
    let merged = smp(&target, &patch).unwrap();
    assert_eq!(
        merged
            .get_path(&["spec", "containers"])
            .and_then(Node::items)
            .map(<[_]>::len),
        Some(10_000)
    );
    assert!(start.elapsed().as_secs() < 5);
}

/// (what, target, ops, expected or the error).
const JSON_CASES: &[(&str, &str, &str, Result<&str, &str>)] = &[
    (
        "add to map",
        "{a: 1}",
        r#"[{"op": "add", "path": "/b", "value": 2}]"#,
        Ok("{a: 1, b: 2}"),
    ),
    (
        "append",
        "{a: [1]}",
        "- {op: add, path: /a/-, value: 2}",
        Ok("{a: [1, 2]}"),
    ),
    (
        "insert",
        "{a: [1]}",
        "- {op: add, path: /a/0, value: 2}",
        Ok("{a: [2, 1]}"),
    ),
    (
        "escapes",
        "{a/b: 1, c~d: 2}",
        "- {op: remove, path: /a~1b}\n- {op: replace, path: /c~0d, value: 3}",
        Ok("{c~d: 3}"),
    ),
    (
        "move",
        "{a: {x: 1}}",
        "- {op: move, from: /a/x, path: /y}",
        Ok("{a: {}, y: 1}"),
    ),
    (
        "copy",
        "{a: [1]}",
        "- {op: copy, from: /a/0, path: /a/-}",
        Ok("{a: [1, 1]}"),
    ),
    (
        "test passes",
        "{a: x}",
        "- {op: test, path: /a, value: x}",
        Ok("{a: x}"),
    ),
    (
        "test fails",
        "{a: x}",
        "- {op: test, path: /a, value: y}",
        Err("testing value /a failed: test failed"),
    ),
    (
        "remove missing",
        "{a: 1}",
        "- {op: remove, path: /b}",
        Err("Unable to remove nonexistent key: b: missing value"),
    ),
    (
        // evanphx/json-patch v4, which kustomize runs, adds a missing key on `replace`.
        "replace missing",
        "{a: 1}",
        "- {op: replace, path: /b, value: 1}",
        Ok("{a: 1, b: 1}"),
    ),
    (
        "add under missing",
        "{a: 1}",
        "- {op: add, path: /b/c, value: 1}",
        Err("add operation does not apply: doc is missing path: \"/b/c\": missing value"),
    ),
    (
        "bad index",
        "{a: [1]}",
        "- {op: add, path: /a/5, value: 1}",
        Err("Unable to access invalid index: 5: invalid index referenced"),
    ),
];

#[test]
fn json6902_table() {
    for (what, target, ops, expected) in JSON_CASES {
        let mut doc = parse(target);
        let result = json6902(&mut doc, &parse(ops));
        match expected {
            Ok(expected) => {
                assert!(result.is_ok(), "{what}: {result:?}");
                assert!(doc.same_value(&parse(expected)), "{what}: got {doc:?}");
            }
            Err(message) => {
                assert_eq!(
                    result.err().map(|e| e.message).as_deref(),
                    Some(*message),
                    "{what}"
                );
                assert!(doc.same_value(&parse(target)), "{what}: target changed");
            }
        }
    }
}

// ---- conformance ----

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

struct Case {
    sources: Sources,
    resources: Vec<Node>,
}

impl Case {
    fn read(&mut self, path: &Path) -> Option<Vec<Node>> {
        let text = std::fs::read_to_string(path).ok()?;
        let id = self.sources.add(&path.to_string_lossy(), text.clone());
        Some(parse_all(&text, id))
    }
}

fn name_of(node: &Node) -> (String, String, String) {
    let get = |path: &[&str]| {
        node.get_path(path)
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_owned()
    };
    (
        get(&["kind"]),
        get(&["metadata", "name"]),
        get(&["metadata", "namespace"]),
    )
}

fn apply_smp(
    resources: &mut Vec<Node>,
    patch: &Node,
    target: Option<(&str, &str)>,
) -> Result<(), String> {
    let (patch_kind, patch_name, _) = name_of(patch);
    let (kind, name) = target.unwrap_or((&patch_kind, &patch_name));
    let mut matched = false;
    let mut kept = Vec::new();
    for mut resource in std::mem::take(resources) {
        let (k, n, _) = name_of(&resource);
        if (kind.is_empty() || k == kind) && (name.is_empty() || n == name) {
            matched = true;
            if is_delete_patch(patch) {
                continue;
            }
            let before = resource.clone();
            let gvk = gvk(&resource);
            strategic_merge(&mut resource, patch, &gvk).map_err(|e| e.message)?;
            if resource.entries().is_some_and(<[_]>::is_empty) {
                continue;
            }
            // Kustomize keeps the target's identity.
            for key in ["apiVersion", "kind"] {
                if let Some(value) = before.get(key) {
                    resource.set(key, value.clone());
                }
            }
            for key in ["name", "namespace"] {
                let old = before.get_path(&["metadata", key]).cloned();
                if let Some(meta) = resource.map_at("metadata", None) {
                    match old {
                        Some(old) => meta.set(key, old),
                        None => {
                            meta.remove(key);
                        }
                    }
                }
            }
        }
        kept.push(resource);
    }
    *resources = kept;
    // A selected target that matches nothing is no error; a patch naming its resource is.
    if matched || target.is_some() {
        Ok(())
    } else {
        Err(format!("no resource matches patch {kind}/{name}"))
    }
}

fn apply_json(resources: &mut [Node], ops: &Node, kind: &str, name: &str) -> Result<(), String> {
    for resource in resources.iter_mut() {
        let (k, n, _) = name_of(resource);
        if (kind.is_empty() || k == kind) && (name.is_empty() || n == name) {
            json6902(resource, ops).map_err(|e| e.message)?;
        }
    }
    Ok(())
}

/// The target of a `patches` entry when it names at most kind and name (plain, no regex).
fn simple_target(entry: &Node) -> Option<Option<(String, String)>> {
    let Some(target) = entry.get("target") else {
        return Some(None);
    };
    let entries = target.entries()?;
    let plain = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    let mut kind = String::new();
    let mut name = String::new();
    for entry in entries {
        let value = entry.value.as_str()?;
        match entry.key.as_str() {
            "kind" if plain(value) => kind = value.to_owned(),
            "name" if plain(value) => name = value.to_owned(),
            "group" | "version" => {}
            _ => return None,
        }
    }
    Some(Some((kind, name)))
}

/// Runs one case; `None` when it uses more than resources and patches.
fn run_case(dir: &Path) -> Option<Result<Vec<Node>, String>> {
    let source = std::fs::read_to_string(dir.join("source.txt")).ok()?;
    let build = source
        .lines()
        .find_map(|l| l.strip_prefix("build: "))?
        .trim();
    let root = dir.join("input").join(build);
    let mut case = Case {
        sources: Sources::default(),
        resources: Vec::new(),
    };
    let k = case
        .read(&root.join("kustomization.yaml"))?
        .into_iter()
        .next()?;
    let allowed = [
        "apiVersion",
        "kind",
        "resources",
        "patches",
        "patchesStrategicMerge",
        "patchesJson6902",
    ];
    if k.entries()?
        .iter()
        .any(|e| !allowed.contains(&e.key.as_str()))
    {
        return None;
    }
    if k.get("patches").is_none()
        && k.get("patchesStrategicMerge").is_none()
        && k.get("patchesJson6902").is_none()
    {
        return None;
    }
    for item in k.get("resources").and_then(Node::items).unwrap_or_default() {
        let path = root.join(item.as_str()?);
        if !path.is_file() {
            return None;
        }
        let nodes = case.read(&path)?;
        case.resources.extend(nodes);
    }
    let read_text = |path: &str| std::fs::read_to_string(root.join(path)).ok();
    let mut steps: Vec<Result<(), String>> = Vec::new();
    let mut resources = std::mem::take(&mut case.resources);
    for entry in k
        .get("patchesStrategicMerge")
        .and_then(Node::items)
        .unwrap_or_default()
    {
        let text = entry.as_str()?;
        let text = if text.contains('\n') {
            text.to_owned()
        } else {
            read_text(text)?
        };
        for patch in parse_all(&text, FileId(999)) {
            steps.push(apply_smp(&mut resources, &patch, None));
        }
    }
    for entry in k
        .get("patchesJson6902")
        .and_then(Node::items)
        .unwrap_or_default()
    {
        let (kind, name) = simple_target(entry)??;
        let text = match (entry.get_str("path"), entry.get_str("patch")) {
            (Some(path), _) => read_text(path)?,
            (_, Some(patch)) => patch.to_owned(),
            _ => return None,
        };
        let ops = parse(&text);
        steps.push(apply_json(&mut resources, &ops, &kind, &name));
    }
    for entry in k.get("patches").and_then(Node::items).unwrap_or_default() {
        if entry.get("options").is_some() {
            return None;
        }
        let target = simple_target(entry)?;
        let text = match (entry.get_str("path"), entry.get_str("patch")) {
            (Some(path), _) => read_text(path)?,
            (_, Some(patch)) => patch.to_owned(),
            _ => return None,
        };
        let docs = parse_all(&text, FileId(999));
        let is_json = text.trim_start().starts_with('[') || docs.first().is_some_and(Node::is_seq);
        if is_json {
            let (kind, name) = target?;
            let ops = docs.into_iter().next()?;
            steps.push(apply_json(&mut resources, &ops, &kind, &name));
        } else {
            for patch in docs {
                let target = target.as_ref().map(|(k, n)| (k.as_str(), n.as_str()));
                steps.push(apply_smp(&mut resources, &patch, target));
            }
        }
    }
    // The order kustomize applies them in: patchesStrategicMerge, patchesJson6902, patches.
    Some(
        steps
            .into_iter()
            .collect::<Result<Vec<()>, String>>()
            .map(|_| resources),
    )
}

fn same_documents(got: &[Node], expected: &[Node]) -> bool {
    got.len() == expected.len()
        && expected.iter().all(|want| {
            got.iter()
                .find(|g| name_of(g) == name_of(want))
                .is_some_and(|g| g.same_value(want))
        })
}

#[test]
fn krusty_patch_conformance() {
    let Some(shared) = shared() else {
        eprintln!("note: ../shared is absent; krusty patch conformance skipped");
        return;
    };
    let krusty = shared.join("conformance/kustomize/krusty");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&krusty)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    let (mut passed, mut failed) = (0, Vec::new());
    for dir in dirs {
        let Some(result) = run_case(&dir) else {
            continue;
        };
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected = std::fs::read_to_string(dir.join("expected.yaml")).ok();
        match (result, expected) {
            (Ok(got), Some(expected)) if same_documents(&got, &parse_all(&expected, FileId(0))) => {
                passed += 1
            }
            (Err(_), None) => passed += 1,
            (Ok(_), Some(_)) => failed.push(format!("{case}: output differs")),
            (Ok(_), None) => failed.push(format!("{case}: kustomize fails, we did not")),
            (Err(e), Some(_)) => failed.push(format!("{case}: {e}")),
        }
    }
    eprintln!(
        "krusty patch conformance: {passed} passed, {} failed",
        failed.len()
    );
    for failure in &failed {
        eprintln!("  {failure}");
    }
    assert!(failed.is_empty());
}
