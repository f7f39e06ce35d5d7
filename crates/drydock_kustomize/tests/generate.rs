//! The generators and the name hash against kustomize's own end-to-end cases (the krusty
//! conformance data, read from `shared/`; the tests skip with a note when it is absent).

use drydock_base::Severity;
use drydock_base::workspace::Workspace;
use drydock_kustomize::generate::{
    GeneratorKind, generate, merge_generated, missing_target, name_hash,
};
use drydock_kustomize::resource::Behavior;
use drydock_kustomize::{FileId, Files, Finding, Node, Resource, Sources, files};
use std::path::{Path, PathBuf};

fn krusty() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/kustomize/krusty");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("note: {} is absent; skipping", dir.display());
        None
    }
}

fn cases(root: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    cases.retain(|case| case.join("source.txt").is_file());
    cases.sort();
    cases
}

/// The documents of a YAML stream as value trees.
fn documents(text: &str, file: FileId) -> Vec<Node> {
    drydock_yaml::parse(text)
        .documents
        .iter()
        .filter_map(|doc| {
            let mut budget = 1_000_000;
            Node::from_yaml(doc, doc.root?, file, &mut budget)
        })
        .filter(|node| node.is_map())
        .collect()
}

/// The suffix kustomize added, when the name ends with one (`-` and ten characters of the
/// hash's alphabet: hex digits with 0, 1, 3, a, e replaced).
fn hash_suffix(name: &str) -> Option<(&str, &str)> {
    let (base, suffix) = name.rsplit_once('-')?;
    let alphabet = |c: char| "2456789bcdfghkmt".contains(c);
    (suffix.len() == 10 && suffix.chars().all(alphabet)).then_some((base, suffix))
}

#[test]
fn name_hash_matches_every_hashed_name_in_krusty() {
    let Some(root) = krusty() else { return };
    let (mut verified, mut failures) = (0, Vec::new());
    for case in cases(&root) {
        let Ok(text) = std::fs::read_to_string(case.join("expected.yaml")) else {
            continue;
        };
        for object in documents(&text, FileId(0)) {
            let kind = object.get_str("kind").unwrap_or("");
            let name = object
                .get_path(&["metadata", "name"])
                .and_then(Node::as_str);
            let Some((_, suffix)) = name.and_then(hash_suffix) else {
                continue;
            };
            if kind != "ConfigMap" && kind != "Secret" {
                continue;
            }
            match name_hash(&object) {
                Some(hash) if hash == suffix => verified += 1,
                other => failures.push(format!("{}: {name:?} hashes to {other:?}", case.display())),
            }
        }
    }
    println!("name hash verified on {verified} generated objects");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(verified > 50, "only {verified} hashed names found");
}

/// The files of a case's `input/`, as the playground would hold them (UTF-8 text only).
fn workspace(input: &Path) -> Workspace {
    fn walk(dir: &Path, prefix: &str, out: &mut Workspace) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if entry.path().is_dir() {
                walk(&entry.path(), &path, out);
            } else if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.insert(path, text);
            }
        }
    }
    let mut workspace = Workspace::new();
    walk(input, "", &mut workspace);
    workspace
}

/// Keys a kustomization may have for this test to build it: generators, options, resources.
const SUPPORTED: &[&str] = &[
    "apiVersion",
    "kind",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
    "resources",
];

/// A small build of `dir`: resources (files, or folders built the same way), then the
/// generators merged in. `None` when the kustomization uses anything else.
fn build(
    dir: &str,
    files: &Workspace,
    sources: &mut Sources,
    findings: &mut Vec<Finding>,
    depth: usize,
) -> Option<Vec<Resource>> {
    if depth > 10 {
        return None;
    }
    let path = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .map(|name| files::join(dir, name))
        .find(|path| files.read(path).is_some())?;
    let text = files.read(&path)?;
    let file = sources.add(&path, text.clone());
    let kustomization = documents(&text, file).into_iter().next()?;
    let entries = kustomization.entries()?;
    if entries
        .iter()
        .any(|entry| !SUPPORTED.contains(&entry.key.as_str()))
    {
        return None;
    }
    let mut resources = Vec::new();
    for item in kustomization
        .get("resources")
        .and_then(Node::items)
        .unwrap_or_default()
    {
        let target = files::join(dir, item.as_str()?);
        if files.is_dir(&target) {
            resources.extend(build(&target, files, sources, findings, depth + 1)?);
        } else {
            let text = files.read(&target)?;
            let file = sources.add(&target, text.clone());
            resources.extend(
                documents(&text, file)
                    .into_iter()
                    .map(|node| Resource::new(node, file)),
            );
        }
    }
    let options = kustomization.get("generatorOptions");
    for (field, kind) in [
        ("configMapGenerator", GeneratorKind::ConfigMap),
        ("secretGenerator", GeneratorKind::Secret),
    ] {
        for entry in kustomization
            .get(field)
            .and_then(Node::items)
            .unwrap_or_default()
        {
            let (generated, found) = generate(kind, entry, options, dir, Some(dir), files, sources);
            findings.extend(found);
            let Some(generated) = generated else { continue };
            let id = generated.id();
            // Kustomize's ids take an empty namespace as `default`.
            let ns_of = |ns: &str| {
                if ns.is_empty() {
                    "default".to_owned()
                } else {
                    ns.to_owned()
                }
            };
            let same = |r: &&mut Resource| {
                r.gvk() == id.gvk
                    && r.names()
                        .any(|(n, ns)| n == id.name && ns_of(ns) == ns_of(&id.namespace))
            };
            match resources.iter_mut().find(same) {
                Some(existing) => {
                    if let Err(finding) = merge_generated(existing, generated) {
                        findings.push(finding);
                    }
                }
                None if generated.behavior != Behavior::Create => {
                    findings.push(missing_target(&generated));
                }
                None => resources.push(generated),
            }
        }
    }
    Some(resources)
}

#[test]
fn generators_match_krusty() {
    let Some(root) = krusty() else { return };
    let (mut matched, mut errors_matched, mut failures) = (0, 0, Vec::new());
    for case in cases(&root) {
        let source = std::fs::read_to_string(case.join("source.txt")).unwrap_or_default();
        let Some(build_dir) = source.lines().find_map(|line| line.strip_prefix("build: ")) else {
            continue;
        };
        let files = workspace(&case.join("input"));
        let mut sources = Sources::default();
        let mut findings = Vec::new();
        let dir = files::normalize(build_dir);
        let Some(mut resources) = build(&dir, &files, &mut sources, &mut findings, 0) else {
            continue;
        };
        if !resources
            .iter()
            .any(|r| matches!(r.gvk().kind.as_str(), "ConfigMap" | "Secret"))
        {
            continue;
        }
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if case.join("expected-error.txt").is_file() {
            let expected =
                std::fs::read_to_string(case.join("expected-error.txt")).unwrap_or_default();
            match errors.first() {
                Some(error) if expected.contains(&error.message) => errors_matched += 1,
                other => failures.push(format!(
                    "{}: expected {expected:?}, got {other:?}",
                    case.display()
                )),
            }
            continue;
        }
        if !errors.is_empty() {
            failures.push(format!("{}: unexpected {errors:?}", case.display()));
            continue;
        }
        for resource in &mut resources {
            if resource.needs_hash
                && let Some(hash) = name_hash(&resource.node)
            {
                let name = format!("{}-{hash}", resource.name());
                resource.rename(name, None);
            }
        }
        let expected_text = std::fs::read_to_string(case.join("expected.yaml")).unwrap_or_default();
        let expected = documents(&expected_text, FileId(0));
        let mut ok = true;
        for resource in resources
            .iter()
            .filter(|r| matches!(r.gvk().kind.as_str(), "ConfigMap" | "Secret"))
        {
            let id = resource.id();
            let Some(want) = expected.iter().find(|doc| {
                doc.get_str("kind") == Some(id.gvk.kind.as_str())
                    && doc.get_path(&["metadata", "name"]).and_then(Node::as_str)
                        == Some(id.name.as_str())
                    && doc
                        .get_path(&["metadata", "namespace"])
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        == id.namespace
            }) else {
                failures.push(format!(
                    "{}: no {} {} in expected.yaml",
                    case.display(),
                    id.gvk.kind,
                    id.name
                ));
                ok = false;
                continue;
            };
            for path in [
                &["data"][..],
                &["binaryData"],
                &["type"],
                &["immutable"],
                &["metadata", "labels"],
                &["metadata", "annotations"],
            ] {
                let (got, want) = (resource.node.get_path(path), want.get_path(path));
                let same = match (got, want) {
                    (Some(a), Some(b)) => a.same_value(b),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    failures.push(format!(
                        "{}: {} {}: {path:?}: got {got:?}, want {want:?}",
                        case.display(),
                        id.gvk.kind,
                        id.name
                    ));
                    ok = false;
                }
            }
        }
        if ok {
            matched += 1;
        }
    }
    println!("generators: {matched} krusty cases match, {errors_matched} expected errors found");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(matched > 5);
}
