//! The `generators:`/`transformers:`/`validators:` fields (kustomize's builtin plugins),
//! `buildMetadata` provenance, and `openapi:` custom schemas, on small in-memory trees.

use drydock_base::Severity;
use drydock_kustomize::files::Indexed;
use drydock_kustomize::{Node, Options, Render, render};

fn build(files: &[(&str, &str)], dir: &str) -> Render {
    let files = Indexed::from_files(files.iter().copied());
    render(&files, dir, Options::default())
}

fn names(render: &Render) -> Vec<String> {
    render
        .resources
        .iter()
        .map(|r| format!("{} {}", r.gvk().kind, r.name()))
        .collect()
}

fn errors(render: &Render) -> Vec<&str> {
    render
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect()
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";

#[test]
fn inline_generator_makes_a_hashed_config_map() {
    let k = "generators:\n- |-\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n  metadata:\n    name: mymap\n  literals:\n  - FRUIT=apple\n  - VEGETABLE=carrot\n";
    let r = build(&[("kustomization.yaml", k)], ".");
    assert_eq!(names(&r), ["ConfigMap mymap-kfd8tf729k"]);
    assert!(errors(&r).is_empty());
    // The literal's value points into the kustomization.
    let value = r.resources[0].node.get_path(&["data", "FRUIT"]).unwrap();
    let range = value.origin.unwrap().range;
    assert!(k[range.start..range.end].contains("apple"));
}

#[test]
fn transformer_file_uses_only_its_field_specs() {
    let prefixer = "apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata:\n  name: p\nprefix: zzz-\nfieldSpecs:\n- kind: Service\n  path: metadata/name\n";
    let role = "apiVersion: v1\nkind: Role\nmetadata:\n  name: r\n";
    let r = build(
        &[
            (
                "kustomization.yaml",
                "resources:\n- svc.yaml\n- role.yaml\ntransformers:\n- prefixer.yaml\n",
            ),
            ("svc.yaml", SERVICE),
            ("role.yaml", role),
            ("prefixer.yaml", prefixer),
        ],
        ".",
    );
    assert_eq!(names(&r), ["Role r", "Service zzz-web"]);
}

#[test]
fn transformers_from_a_folder_and_inline() {
    // A folder whose kustomization outputs a configuration, and an inline one: both apply.
    let labeller = "apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels:\n  team: a\nfieldSpecs:\n- path: metadata/labels\n  create: true\n";
    let r = build(
        &[
            (
                "app/kustomization.yaml",
                "resources:\n- svc.yaml\ntransformers:\n- ../t\n- |-\n  apiVersion: builtin\n  kind: SuffixTransformer\n  metadata:\n    name: s\n  suffix: -x\n  fieldSpecs:\n  - path: metadata/name\n",
            ),
            ("app/svc.yaml", SERVICE),
            ("t/kustomization.yaml", "resources:\n- labeller.yaml\n"),
            ("t/labeller.yaml", labeller),
        ],
        "app",
    );
    assert_eq!(names(&r), ["Service web-x"]);
    let team = r.resources[0]
        .node
        .get_path(&["metadata", "labels", "team"])
        .and_then(Node::as_str);
    assert_eq!(team, Some("a"));
}

#[test]
fn patch_transformer_plugin() {
    let k = "resources:\n- svc.yaml\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: PatchTransformer\n  metadata:\n    name: p\n  target:\n    kind: Service\n  patch: '[{\"op\": \"add\", \"path\": \"/spec\", \"value\": {\"type\": \"NodePort\"}}]'\n";
    let r = build(&[("kustomization.yaml", k), ("svc.yaml", SERVICE)], ".");
    assert!(errors(&r).is_empty(), "{:?}", r.findings);
    let kind = r.resources[0]
        .node
        .get_path(&["spec", "type"])
        .and_then(Node::as_str);
    assert_eq!(kind, Some("NodePort"));
}

#[test]
fn plugins_kustomize_cannot_run() {
    let exec = "resources:\n- svc.yaml\ntransformers:\n- |-\n  apiVersion: someteam.example.com/v1\n  kind: ChartInflator\n  metadata:\n    name: c\n";
    let r = build(&[("kustomization.yaml", exec), ("svc.yaml", SERVICE)], ".");
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "kustomize/not-rendered")
    );
    assert_eq!(names(&r), ["Service web"]);

    let sort = "resources:\n- svc.yaml\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: SortOrderTransformer\n  metadata:\n    name: s\n";
    let r = build(&[("kustomization.yaml", sort), ("svc.yaml", SERVICE)], ".");
    assert_eq!(errors(&r), ["kustomize/invalid-field"]);

    let missing = "transformers:\n- nothere.yaml\n";
    let r = build(&[("kustomization.yaml", missing)], ".");
    assert_eq!(errors(&r), ["kustomize/missing-resource"]);

    let wrong_list = "generators:\n- |-\n  apiVersion: builtin\n  kind: LabelTransformer\n  metadata:\n    name: l\n";
    let r = build(&[("kustomization.yaml", wrong_list)], ".");
    assert_eq!(errors(&r), ["kustomize/invalid-field"]);
}

#[test]
fn validators_must_not_change_anything() {
    let k = "resources:\n- svc.yaml\nvalidators:\n- |-\n  apiVersion: builtin\n  kind: LabelTransformer\n  metadata:\n    name: l\n  labels:\n    a: b\n  fieldSpecs:\n  - path: metadata/labels\n    create: true\n";
    let r = build(&[("kustomization.yaml", k), ("svc.yaml", SERVICE)], ".");
    assert_eq!(errors(&r), ["kustomize/invalid-field"]);
    assert!(
        r.resources[0]
            .node
            .get_path(&["metadata", "labels"])
            .is_none()
    );
}

#[test]
fn gke_generator() {
    let k = "generators:\n- |-\n  apiVersion: builtin\n  kind: IAMPolicyGenerator\n  metadata:\n    name: g\n  cloud: gke\n  kubernetesService:\n    name: ksa\n    namespace: ns\n  serviceAccount:\n    name: gsa\n    projectId: proj\n";
    let r = build(&[("kustomization.yaml", k)], ".");
    assert_eq!(names(&r), ["ServiceAccount ksa"]);
    let annotation = r.resources[0]
        .node
        .get_path(&["metadata", "annotations", "iam.gke.io/gcp-service-account"])
        .and_then(Node::as_str);
    assert_eq!(annotation, Some("gsa@proj.iam.gserviceaccount.com"));
}

#[test]
fn build_metadata_annotations() {
    let k = "resources:\n- ../base\nnamePrefix: p-\nbuildMetadata: [originAnnotations, transformerAnnotations, managedByLabel]\n";
    let r = build(
        &[
            ("prod/kustomization.yaml", k),
            ("base/kustomization.yaml", "resources:\n- svc.yaml\n"),
            ("base/svc.yaml", SERVICE),
        ],
        "prod",
    );
    let node = &r.resources[0].node;
    let annotation = |key: &str| {
        node.get_path(&["metadata", "annotations", key])
            .and_then(Node::as_str)
    };
    assert_eq!(
        annotation("config.kubernetes.io/origin"),
        Some("path: ../base/svc.yaml\n")
    );
    assert_eq!(
        annotation("alpha.config.kubernetes.io/transformations"),
        Some(
            "- configuredIn: kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: PrefixTransformer\n"
        )
    );
    let label = node
        .get_path(&["metadata", "labels", "app.kubernetes.io/managed-by"])
        .and_then(Node::as_str);
    assert_eq!(label, Some("kustomize-v5.7.1"));

    // Without buildMetadata, origin annotations written in the input are removed, as
    // kustomize does.
    let annotated = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    config.kubernetes.io/origin: x\n";
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- svc.yaml\n"),
            ("svc.yaml", annotated),
        ],
        ".",
    );
    assert!(
        r.resources[0]
            .node
            .get_path(&["metadata", "annotations"])
            .is_none()
    );
}

const SCHEMA: &str = r##"{"definitions": {
  "v1.MyCRD": {
    "properties": {"spec": {"properties": {"items": {
      "type": "array",
      "items": {"$ref": "#/definitions/v1.Item"},
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-patch-merge-key": "name"}}}},
    "x-kubernetes-group-version-kind": [{"group": "example.com", "kind": "MyCRD", "version": "v1"}]},
  "v1.Item": {"properties": {"name": {"type": "string"}}}
}}"##;

const CRD: &str = "apiVersion: example.com/v1\nkind: MyCRD\nmetadata:\n  name: c\nspec:\n  items:\n  - name: a\n    v: 1\n";
const CRD_PATCH: &str = "apiVersion: example.com/v1\nkind: MyCRD\nmetadata:\n  name: c\nspec:\n  items:\n  - name: b\n    v: 2\n";

fn item_names(render: &Render) -> Vec<String> {
    render.resources[0]
        .node
        .get_path(&["spec", "items"])
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i.get_str("name").map(str::to_owned))
        .collect()
}

#[test]
fn custom_schema_merges_lists_by_key() {
    let without = build(
        &[
            (
                "kustomization.yaml",
                "resources:\n- crd.yaml\npatches:\n- path: patch.yaml\n",
            ),
            ("crd.yaml", CRD),
            ("patch.yaml", CRD_PATCH),
        ],
        ".",
    );
    assert_eq!(item_names(&without), ["b"]);
    // The schema in a base holds for the overlay's patches too.
    let with = build(
        &[
            (
                "overlay/kustomization.yaml",
                "resources:\n- ../base\npatches:\n- path: patch.yaml\n",
            ),
            ("overlay/patch.yaml", CRD_PATCH),
            (
                "base/kustomization.yaml",
                "resources:\n- crd.yaml\nopenapi:\n  path: schema.json\n",
            ),
            ("base/crd.yaml", CRD),
            ("base/schema.json", SCHEMA),
        ],
        "overlay",
    );
    assert!(errors(&with).is_empty(), "{:?}", with.findings);
    assert_eq!(item_names(&with), ["b", "a"]);
}

#[test]
fn custom_schema_errors() {
    let both = build(
        &[
            (
                "kustomization.yaml",
                "openapi:\n  path: schema.json\n  version: v1.21.2\nresources:\n- crd.yaml\n",
            ),
            ("crd.yaml", CRD),
            ("schema.json", SCHEMA),
        ],
        ".",
    );
    assert_eq!(errors(&both), ["kustomize/invalid-field"]);
    let missing = build(
        &[
            (
                "kustomization.yaml",
                "openapi:\n  path: nothere.json\nresources:\n- crd.yaml\n",
            ),
            ("crd.yaml", CRD),
        ],
        ".",
    );
    assert_eq!(errors(&missing), ["kustomize/missing-resource"]);
    let version = build(
        &[
            (
                "kustomization.yaml",
                "openapi:\n  version: v1.14.1\nresources:\n- crd.yaml\n",
            ),
            ("crd.yaml", CRD),
        ],
        ".",
    );
    assert_eq!(errors(&version), ["kustomize/invalid-field"]);
}

#[test]
fn custom_schema_reference_loop_is_harmless() {
    let looping = r##"{"definitions": {
      "a": {"$ref": "#/definitions/b", "x-kubernetes-group-version-kind": [{"group": "example.com", "kind": "MyCRD", "version": "v1"}]},
      "b": {"$ref": "#/definitions/a"}}}"##;
    let r = build(
        &[
            (
                "kustomization.yaml",
                "resources:\n- crd.yaml\nopenapi:\n  path: schema.json\npatches:\n- path: patch.yaml\n",
            ),
            ("crd.yaml", CRD),
            ("patch.yaml", CRD_PATCH),
            ("schema.json", looping),
        ],
        ".",
    );
    assert_eq!(item_names(&r), ["b"]);
}
