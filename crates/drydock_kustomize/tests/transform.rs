//! Conformance of the builtin transformers with kustomize v5.7.1: every krusty case whose
//! kustomization only lists plain resource files and sets some of namespace, namePrefix,
//! nameSuffix, commonLabels, labels, commonAnnotations, images, replicas and configurations is
//! rendered here with a tiny loader, and compared with the reference output document by document.
//!
//! The data lives outside the repository (`/work/shared/conformance/kustomize`); without it the
//! test prints a note and passes.

use drydock_base::text::TextRange;
use drydock_kustomize::resource::legacy_sort;
use drydock_kustomize::transform::{self, Configurations, ImageRule};
use drydock_kustomize::{FileId, Node, Origin, Resource};
use std::path::{Path, PathBuf};

fn krusty() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/kustomize/krusty");
    dir.is_dir().then_some(dir)
}

/// Every document of a YAML stream as a node tree.
fn documents(text: &str, file: FileId) -> Vec<Node> {
    let stream = drydock_yaml::parse(text);
    let mut out = Vec::new();
    for document in &stream.documents {
        if document.is_empty() {
            continue;
        }
        let Some(root) = document.root else { continue };
        let mut budget = 1_000_000;
        if let Some(node) = Node::from_yaml(document, root, file, &mut budget) {
            out.push(node);
        }
    }
    out
}

const ALLOWED: &[&str] = &[
    "apiVersion",
    "kind",
    "resources",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
    "configurations",
];

fn text(node: &Node) -> Option<String> {
    node.as_scalar()
        .filter(|s| !s.is_null())
        .map(|s| s.text.clone())
}

fn origin(node: &Node) -> Origin {
    node.origin.unwrap_or(Origin {
        file: FileId(0),
        range: TextRange::default(),
    })
}

fn pairs(node: Option<&Node>) -> Vec<transform::Pair> {
    node.and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e.key.clone(),
                text(&e.value).unwrap_or_default(),
                origin(&e.value),
            )
        })
        .collect()
}

/// kustomize reads label and annotation values as strings (`port: 8080` prints as `"8080"`); the
/// real loader does this, the test's loader does it here.
fn stringify_metadata(mut node: Node) -> Node {
    for key in ["labels", "annotations"] {
        if let Some(map) = node
            .get_path_mut(&["metadata", key])
            .and_then(Node::entries_mut)
        {
            for entry in map {
                if let Some(scalar) = entry.value.as_scalar()
                    && !scalar.is_null()
                {
                    let text = scalar.text.clone();
                    entry.value = Node::string(text, entry.value.origin);
                }
            }
        }
    }
    node
}

/// Renders one case, or `None` when its kustomization uses more than this test covers.
fn render(case: &Path) -> Option<Vec<Node>> {
    let source = std::fs::read_to_string(case.join("source.txt")).ok()?;
    let build = source
        .lines()
        .find_map(|l| l.strip_prefix("build: "))?
        .trim();
    if !source.lines().any(|l| l == "result: ok") {
        return None;
    }
    let dir = case.join("input").join(build);
    let kfile = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())?;
    let mut next_file = 0u32;
    let mut file_id = || {
        next_file += 1;
        FileId(next_file)
    };
    let k = documents(&std::fs::read_to_string(&kfile).ok()?, file_id())
        .into_iter()
        .next()?;
    let entries = k.entries()?;
    if entries.iter().any(|e| !ALLOWED.contains(&e.key.as_str())) {
        return None;
    }
    let mut resources = Vec::new();
    for item in k.get("resources").and_then(Node::items).unwrap_or_default() {
        let path = dir.join(text(item)?);
        if !path.is_file() {
            return None;
        }
        let file = file_id();
        for node in documents(&std::fs::read_to_string(&path).ok()?, file) {
            let kind = node.get_str("kind").unwrap_or("");
            match node.get("items").and_then(Node::items) {
                Some(items) if kind.ends_with("List") => {
                    for item in items {
                        resources.push(Resource::new(stringify_metadata(item.clone()), file));
                    }
                }
                _ => resources.push(Resource::new(stringify_metadata(node), file)),
            }
        }
    }
    let mut config = Configurations::builtin();
    for item in k
        .get("configurations")
        .and_then(Node::items)
        .unwrap_or_default()
    {
        let path = dir.join(text(item)?);
        let file = file_id();
        for node in documents(&std::fs::read_to_string(&path).ok()?, file) {
            config.merge(transform::parse_configurations(&node));
        }
    }

    if let Some(ns) = k.get("namespace") {
        transform::namespace(
            &mut resources,
            &text(ns).unwrap_or_default(),
            origin(ns),
            &config,
        );
    }
    let prefix = k.get("namePrefix");
    let suffix = k.get("nameSuffix");
    if let Some(at) = prefix.or(suffix) {
        transform::prefix_suffix(
            &mut resources,
            &prefix.and_then(text).unwrap_or_default(),
            &suffix.and_then(text).unwrap_or_default(),
            origin(at),
            &config,
        );
    }
    for label in k.get("labels").and_then(Node::items).unwrap_or_default() {
        let flag = |key: &str| {
            label
                .get(key)
                .and_then(Node::as_scalar)
                .is_some_and(|s| s.text == "true")
        };
        let fields: Vec<_> = label
            .get("fields")
            .and_then(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(transform::parse_field_spec)
            .collect();
        transform::labels(
            &mut resources,
            &pairs(label.get("pairs")),
            flag("includeSelectors"),
            flag("includeTemplates"),
            &fields,
            &config,
        );
    }
    transform::common_labels(&mut resources, &pairs(k.get("commonLabels")), &config);
    transform::annotations(&mut resources, &pairs(k.get("commonAnnotations")), &config);
    let replicas: Vec<_> = k
        .get("replicas")
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            let count = r.get("count")?.as_scalar()?.text.parse().ok()?;
            Some((r.get_str("name")?.to_owned(), count, origin(r)))
        })
        .collect();
    transform::replicas(&mut resources, &replicas, &config);
    let images: Vec<ImageRule> = k
        .get("images")
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let field = |key: &str| i.get(key).and_then(text);
            let at = |key: &str| i.get(key).and_then(|n| n.origin);
            ImageRule {
                name: field("name").unwrap_or_default(),
                new_name: field("newName"),
                new_tag: field("newTag"),
                digest: field("digest"),
                tag_suffix: field("tagSuffix"),
                origin: i.origin,
                new_name_origin: at("newName"),
                new_tag_origin: at("newTag"),
                digest_origin: at("digest"),
                tag_suffix_origin: at("tagSuffix"),
            }
        })
        .collect();
    transform::images(&mut resources, &images, &config);
    transform::fix_name_references(&mut resources, &config);
    // kustomize drops objects annotated as local configuration after the transformers.
    resources.retain(|r| {
        r.node
            .get_path(&[
                "metadata",
                "annotations",
                "config.kubernetes.io/local-config",
            ])
            .and_then(Node::as_scalar)
            .is_none_or(|s| s.text != "true")
    });
    legacy_sort(&mut resources);
    Some(resources.into_iter().map(|r| r.node).collect())
}

fn id(node: &Node) -> String {
    format!(
        "{}/{} {}/{}",
        node.get_str("apiVersion").unwrap_or(""),
        node.get_str("kind").unwrap_or(""),
        node.get_path(&["metadata", "namespace"])
            .and_then(Node::as_str)
            .unwrap_or(""),
        node.get_path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or(""),
    )
}

#[test]
fn krusty_builtin_transformers() {
    let Some(krusty) = krusty() else {
        println!("note: conformance data not found; krusty_builtin_transformers skipped");
        return;
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&krusty)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expected.yaml").is_file())
        .collect();
    cases.sort();
    let (mut passed, mut failed) = (Vec::new(), Vec::new());
    for case in &cases {
        let Some(actual) = render(case) else { continue };
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected_text = std::fs::read_to_string(case.join("expected.yaml")).unwrap_or_default();
        let expected = documents(&expected_text, FileId(0));
        let mut problems = Vec::new();
        if expected.len() != actual.len() {
            problems.push(format!(
                "{} documents, expected {}",
                actual.len(),
                expected.len()
            ));
        }
        for want in &expected {
            match actual.iter().find(|a| id(a) == id(want)) {
                Some(got) if got.same_value(want) => {}
                Some(got) => problems.push(format!("{} differs:\n{got:#?}", id(want))),
                None => problems.push(format!("{} missing", id(want))),
            }
        }
        if problems.is_empty() {
            passed.push(name);
        } else {
            failed.push((name, problems));
        }
    }
    println!(
        "krusty builtin transformers: {} of {} cases pass",
        passed.len(),
        passed.len() + failed.len()
    );
    for (name, problems) in &failed {
        println!("FAIL {name}");
        for problem in problems {
            let short: String = problem.chars().take(3000).collect();
            println!("  {short}");
        }
    }
    assert!(failed.is_empty(), "{} cases differ", failed.len());
}
