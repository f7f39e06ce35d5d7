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
    let mut next_file = 0u32;
    let (mut resources, config) = render_dir(&case.join("input").join(build), &mut next_file, 0)?;
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

/// Loads one kustomization folder (its plain resource files and folders holding kustomizations
/// of the same kind) and runs its transformers; returns the resources and the merged field-spec
/// tables, which kustomize carries up to the top for name references.
fn render_dir(
    dir: &Path,
    next_file: &mut u32,
    depth: usize,
) -> Option<(Vec<Resource>, Configurations)> {
    if depth > 10 {
        return None;
    }
    let mut file_id = || {
        *next_file += 1;
        FileId(*next_file)
    };
    let kfile = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())?;
    let k = documents(&std::fs::read_to_string(&kfile).ok()?, file_id())
        .into_iter()
        .next()?;
    let entries = k.entries()?;
    if entries.iter().any(|e| !ALLOWED.contains(&e.key.as_str())) {
        return None;
    }
    let mut resources = Vec::new();
    let mut config = Configurations::default();
    for item in k.get("resources").and_then(Node::items).unwrap_or_default() {
        let path = dir.join(text(item)?);
        if path.is_dir() {
            let (sub, sub_config) = render_dir(&path, next_file, depth + 1)?;
            resources.extend(sub);
            config.merge(sub_config);
            continue;
        }
        if !path.is_file() {
            return None;
        }
        *next_file += 1;
        let file = FileId(*next_file);
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
    let mut own = (*Configurations::builtin()).clone();
    for item in k
        .get("configurations")
        .and_then(Node::items)
        .unwrap_or_default()
    {
        let path = dir.join(text(item)?);
        *next_file += 1;
        let file = FileId(*next_file);
        for node in documents(&std::fs::read_to_string(&path).ok()?, file) {
            own.merge(transform::parse_configurations(&node));
        }
    }
    config.merge(own);

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
    Some((resources, config))
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

fn object(kind: &str, api_version: &str, name: &str, extra: Vec<(&str, Node)>) -> Resource {
    let mut node = Node::map(None);
    node.set("apiVersion", Node::string(api_version, None));
    node.set("kind", Node::string(kind, None));
    let mut metadata = Node::map(None);
    metadata.set("name", Node::string(name, None));
    node.set("metadata", metadata);
    for (key, value) in extra {
        node.set(key, value);
    }
    Resource::new(node, FileId(1))
}

/// 10,000 ConfigMaps and as many Deployments naming them: name references are indexed, so this
/// stays fast (a quadratic search would take minutes in a debug build).
#[test]
fn name_references_scale() {
    let n = 10_000;
    let mut resources = Vec::new();
    for i in 0..n {
        resources.push(object("ConfigMap", "v1", &format!("cm{i}"), vec![]));
        let mut volume = Node::map(None);
        let mut config_map = Node::map(None);
        config_map.set("name", Node::string(format!("cm{i}"), None));
        volume.set("configMap", config_map);
        let mut pod = Node::map(None);
        pod.set("volumes", Node::seq(vec![volume], None));
        let mut template = Node::map(None);
        template.set("spec", pod);
        let mut spec = Node::map(None);
        spec.set("template", template);
        resources.push(object(
            "Deployment",
            "apps/v1",
            &format!("d{i}"),
            vec![("spec", spec)],
        ));
    }
    let config = Configurations::builtin();
    let origin = Origin {
        file: FileId(9),
        range: TextRange::default(),
    };
    let started = std::time::Instant::now();
    transform::prefix_suffix(&mut resources, "p-", "", origin, &config);
    let ambiguities = transform::fix_name_references(&mut resources, &config);
    assert!(ambiguities.is_empty());
    let last = resources
        .last()
        .map(|r| r.node.clone())
        .unwrap_or(Node::null(None));
    let name = last
        .get_path(&["spec", "template", "spec", "volumes"])
        .and_then(Node::items)
        .and_then(|items| items.first())
        .and_then(|v| v.get_path(&["configMap", "name"]))
        .and_then(Node::as_str);
    assert_eq!(name, Some("p-cm9999"));
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

/// Odd shapes where kustomize would fail (scalars where mappings belong, lists of lists, nulls)
/// are left alone, never a panic.
#[test]
fn odd_input_does_not_panic() {
    let texts = [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: 3\nspec:\n  selector: [1, [2]]\n  template: x\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: [a]\n  labels: x\nspec:\n  selector: ~\n",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: r}\nsubjects: [~, 1, [default], {name: default}]\nroleRef: 7\n",
        "kind: Pod\nspec:\n  containers: [[{image: nginx}], {image: {a: b}}, ~]\n  volumes: [{configMap: {name: [x]}}]\n",
        "[]",
        "~",
    ];
    let mut resources = Vec::new();
    for text in texts {
        for node in documents(text, FileId(1)) {
            resources.push(Resource::new(node, FileId(1)));
        }
    }
    let config = Configurations::builtin();
    let origin = Origin {
        file: FileId(9),
        range: TextRange::default(),
    };
    let pair = vec![("a".to_owned(), "b".to_owned(), origin)];
    transform::namespace(&mut resources, "ns", origin, &config);
    transform::prefix_suffix(&mut resources, "p-", "-s", origin, &config);
    transform::labels(&mut resources, &pair, false, true, &[], &config);
    transform::common_labels(&mut resources, &pair, &config);
    transform::annotations(&mut resources, &pair, &config);
    transform::replicas(&mut resources, &[("r".to_owned(), 3, origin)], &config);
    let rule = ImageRule {
        name: "nginx".to_owned(),
        new_tag: Some("1".to_owned()),
        ..ImageRule::default()
    };
    transform::images(&mut resources, &[rule], &config);
    transform::fix_name_references(&mut resources, &config);
}
