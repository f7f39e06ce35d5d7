//! Small in-memory trees for what kustomize v5.7.1 does that the conformance data caught us not
//! doing: Go's case-insensitive field names, patches that rename, errors kustomize raises.

use drydock_base::Severity;
use drydock_kustomize::files::Indexed;
use drydock_kustomize::{Node, Options, Render, render};

fn build(files: &[(&str, &str)], dir: &str) -> Render {
    let files = Indexed::from_files(files.iter().copied());
    render(&files, dir, Options::default())
}

fn errors(render: &Render) -> Vec<&str> {
    render
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect()
}

fn names(render: &Render) -> Vec<String> {
    render
        .resources
        .iter()
        .map(|r| format!("{} {}", r.gvk().kind, r.name()))
        .collect()
}

#[test]
fn var_fields_match_without_regard_to_case() {
    // `fieldpath` is `fieldPath` to Go's JSON decoding, and `Kind` is `kind`.
    let k = "resources:\n- svc.yaml\n- cm.yaml\nvars:\n- name: PORT\n  objref:\n    Kind: ConfigMap\n    name: c\n    apiVersion: v1\n  fieldref:\n    fieldpath: data.port\n";
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  port: \"8888\"\n";
    let svc =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    port: $(PORT)\n";
    let r = build(
        &[
            ("kustomization.yaml", k),
            ("cm.yaml", cm),
            ("svc.yaml", svc),
        ],
        ".",
    );
    assert!(errors(&r).is_empty(), "{:?}", r.findings);
    let svc = r
        .resources
        .iter()
        .find(|r| r.gvk().kind == "Service")
        .unwrap();
    let value = svc
        .node
        .get_path(&["metadata", "annotations", "port"])
        .unwrap();
    assert_eq!(value.as_str(), Some("8888"));
    // The value points where it was written: the config map's data.
    let range = value.origin.unwrap().range;
    assert_eq!(&cm[range.start..range.end], "\"8888\"");
}

const DEPLOYMENT: &str =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: old-name\nspec:\n  replicas: 1\n";

#[test]
fn targeted_patch_renames_only_when_allowed() {
    let patch = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: new-name\n";
    let k = |options: &str| {
        format!(
            "resources:\n- d.yaml\npatches:\n- path: p.yaml\n  target:\n    kind: Deployment\n{options}"
        )
    };
    // Without options the patch's name and kind are put back, with the base's origins.
    let plain = k("");
    let r = build(
        &[
            ("kustomization.yaml", &plain),
            ("d.yaml", DEPLOYMENT),
            ("p.yaml", patch),
        ],
        ".",
    );
    assert_eq!(names(&r), ["Deployment old-name"]);
    let name = r.resources[0].node.get_path(&["metadata", "name"]).unwrap();
    let range = name.origin.unwrap().range;
    assert_eq!(&DEPLOYMENT[range.start..range.end], "old-name");
    // Allowed, the new name and kind stay, written where the patch wrote them.
    let allowed = k("  options:\n    allowNameChange: true\n    allowKindChange: true\n");
    let r = build(
        &[
            ("kustomization.yaml", &allowed),
            ("d.yaml", DEPLOYMENT),
            ("p.yaml", patch),
        ],
        ".",
    );
    assert!(errors(&r).is_empty(), "{:?}", r.findings);
    assert_eq!(names(&r), ["StatefulSet new-name"]);
    let name = r.resources[0].node.get_path(&["metadata", "name"]).unwrap();
    let range = name.origin.unwrap().range;
    assert_eq!(&patch[range.start..range.end], "new-name");
}

#[test]
fn a_renamed_object_is_patched_by_its_old_or_new_id_but_not_a_mix() {
    let base_patch = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: new-name\n";
    let base_k = "resources:\n- d.yaml\npatches:\n- path: p.yaml\n  target:\n    kind: Deployment\n  options:\n    allowNameChange: true\n    allowKindChange: true\n";
    let overlay = |patch: &str| {
        let files = [
            ("base/kustomization.yaml", base_k),
            ("base/d.yaml", DEPLOYMENT),
            ("base/p.yaml", base_patch),
            (
                "overlay/kustomization.yaml",
                "resources:\n- ../base\npatches:\n- path: p.yaml\n",
            ),
            ("overlay/p.yaml", patch),
        ];
        build(&files, "overlay")
    };
    for id in [
        "kind: Deployment\nmetadata:\n  name: old-name",
        "kind: StatefulSet\nmetadata:\n  name: new-name",
    ] {
        let r = overlay(&format!(
            "apiVersion: apps/v1\n{id}\nspec:\n  replicas: 3\n"
        ));
        assert!(errors(&r).is_empty(), "{id}: {:?}", r.findings);
        assert_eq!(names(&r), ["StatefulSet new-name"]);
        let replicas = r.resources[0].node.get_path(&["spec", "replicas"]).unwrap();
        assert_eq!(replicas.as_scalar().unwrap().text, "3");
    }
    // The old kind with the new name was never the object's id.
    let r = overlay(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: new-name\nspec:\n  replicas: 3\n",
    );
    assert_eq!(errors(&r), ["kustomize/patch-matches-no-resource"]);
}

#[test]
fn json6902_patch_keeps_the_namespace_it_removes() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: argocd\n";
    let k = "resources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    - {op: remove, path: /metadata/namespace}\n";
    let r = build(&[("kustomization.yaml", k), ("cm.yaml", cm)], ".");
    assert!(errors(&r).is_empty(), "{:?}", r.findings);
    assert_eq!(r.resources[0].namespace(), "");
}

#[test]
fn sort_options_are_checked_as_kustomize_checks_them() {
    let objects = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    let with = |sort: &str| {
        let k = format!("resources:\n- o.yaml\nsortOptions:\n{sort}");
        build(&[("kustomization.yaml", &k), ("o.yaml", objects)], ".")
    };
    // No order, or fifo with legacy options: refused, the rest still rendered.
    for sort in [
        "  legacySortOptions: {}\n",
        "  order: fifo\n  legacySortOptions: {}\n",
    ] {
        let r = with(sort);
        assert_eq!(errors(&r), ["kustomize/invalid-field"], "{sort}");
        assert_eq!(r.resources.len(), 2);
    }
    assert_eq!(
        names(&with("  order: fifo\n")),
        ["Service s", "ConfigMap c"]
    );
    // Legacy options replace the built-in lists.
    let r = with("  order: legacy\n  legacySortOptions:\n    orderFirst: [Service]\n");
    assert!(errors(&r).is_empty());
    assert_eq!(names(&r), ["Service s", "ConfigMap c"]);
}

#[test]
fn a_patch_matching_two_objects_is_refused() {
    // Two objects named `d` in different namespaces; the patch gives none, so both match.
    let d = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: a\n";
    let d2 = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: b\n";
    let r = build(
        &[
            (
                "kustomization.yaml",
                "resources:\n- app\npatches:\n- path: p.yaml\n",
            ),
            (
                "p.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n",
            ),
            (
                "app/kustomization.yaml",
                "resources:\n- d.yaml\n- d2.yaml\n",
            ),
            ("app/d.yaml", d),
            ("app/d2.yaml", d2),
        ],
        ".",
    );
    assert_eq!(errors(&r), ["kustomize/invalid-patch"], "{:?}", r.findings);
    // Neither object was patched.
    assert!(r.resources.iter().all(|r| r.node.get("spec").is_none()));
}

#[test]
fn an_ambiguous_name_reference_is_an_error() {
    // Two bases move a `sa` into namespaces `a` and `b`; a cluster-wide binding's `sa` could
    // then be either.
    let objects = |x: &str| {
        format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: crb-{x}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cr\nsubjects:\n- kind: ServiceAccount\n  name: sa\n"
        )
    };
    let (a, b) = (objects("a"), objects("b"));
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- a\n- b\n"),
            (
                "a/kustomization.yaml",
                "namespace: a\nresources:\n- o.yaml\n",
            ),
            ("a/o.yaml", &a),
            (
                "b/kustomization.yaml",
                "namespace: b\nresources:\n- o.yaml\n",
            ),
            ("b/o.yaml", &b),
        ],
        ".",
    );
    assert!(
        errors(&r).contains(&"kustomize/invalid-field"),
        "{:?}",
        r.findings
    );
    // Reported where the ambiguous name is written.
    let finding = r
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .unwrap();
    assert_eq!(finding.origin.range.start, a.rfind("sa").unwrap());
    assert_eq!(r.resources.len(), 4);
}

#[test]
fn a_component_with_the_kustomization_api_version_is_refused() {
    let r = build(
        &[
            ("kustomization.yaml", "components:\n- comp\n"),
            (
                "comp/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\ncommonLabels:\n  a: b\n",
            ),
        ],
        ".",
    );
    assert_eq!(errors(&r), ["kustomize/component-mismatch"]);
    let ok = build(
        &[
            ("kustomization.yaml", "components:\n- comp\n"),
            (
                "comp/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels:\n  a: b\n",
            ),
        ],
        ".",
    );
    assert!(errors(&ok).is_empty());
}

#[test]
fn a_blank_service_account_namespace_in_a_role_binding_is_refused() {
    let rb = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nsubjects:\n- kind: ServiceAccount\n  name: sa\n  namespace:\nroleRef:\n  kind: Role\n  name: r\n  apiGroup: rbac.authorization.k8s.io\n";
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- rb.yaml\n"),
            ("rb.yaml", rb),
        ],
        ".",
    );
    assert_eq!(errors(&r), ["kustomize/invalid-resource"]);
    assert_eq!(names(&r), ["RoleBinding rb"]);
    let with_namespace = rb.replace("namespace:\n", "namespace: x\n");
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- rb.yaml\n"),
            ("rb.yaml", &with_namespace),
        ],
        ".",
    );
    assert!(errors(&r).is_empty());
}

#[test]
fn annotation_values_are_printed_as_strings() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    port: 8080\n    happy: true\n    color: green\n";
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- s.yaml\n"),
            ("s.yaml", svc),
        ],
        ".",
    );
    let objects: Vec<_> = r.resources.iter().map(|r| &r.node).collect();
    let text = drydock_kustomize::emit::to_yaml(&objects).text;
    assert!(
        text.contains("    happy: \"true\"\n    port: \"8080\"\n"),
        "{text}"
    );
    // The value still points where it was written.
    let port = r.resources[0]
        .node
        .get_path(&["metadata", "annotations", "port"])
        .unwrap();
    let range = port.origin.unwrap().range;
    assert_eq!(&svc[range.start..range.end], "8080");
}

#[test]
fn replacement_transformer_plugin_runs_its_replacements() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  image: nginx:1.2\n";
    let d = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: x\n";
    let plugin = "apiVersion: builtin\nkind: ReplacementTransformer\nmetadata:\n  name: r\nreplacements:\n- path: r.yaml\n";
    let file = "source:\n  kind: ConfigMap\n  fieldPath: data.image\ntargets:\n- select:\n    kind: Deployment\n  fieldPaths:\n  - spec.template.spec.containers.[name=app].image\n";
    let r = build(
        &[
            (
                "kustomization.yaml",
                "resources:\n- cm.yaml\n- d.yaml\ntransformers:\n- plugin.yaml\n",
            ),
            ("cm.yaml", cm),
            ("d.yaml", d),
            ("plugin.yaml", plugin),
            ("r.yaml", file),
        ],
        ".",
    );
    assert!(errors(&r).is_empty(), "{:?}", r.findings);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let d = r
        .resources
        .iter()
        .find(|r| r.gvk().kind == "Deployment")
        .unwrap();
    let image = d
        .node
        .get_path(&["spec", "template", "spec", "containers"])
        .and_then(Node::items)
        .and_then(|c| c.first())
        .and_then(|c| c.get("image"))
        .unwrap();
    assert_eq!(image.as_str(), Some("nginx:1.2"));
    // The copied value points at the config map, where it was written.
    let range = image.origin.unwrap().range;
    assert_eq!(&cm[range.start..range.end], "nginx:1.2");
}

#[test]
fn legacy_order_compares_namespace_and_name_as_one_string() {
    // kustomize compares `namespace|name`: `kubeflow-system|…` sorts before `kubeflow|…`
    // (`-` is below `|`), though `kubeflow` < `kubeflow-system`.
    let objects = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: kubeflow\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: kubeflow-system\n";
    let r = build(
        &[
            ("kustomization.yaml", "resources:\n- o.yaml\n"),
            ("o.yaml", objects),
        ],
        ".",
    );
    assert_eq!(names(&r), ["ConfigMap b", "ConfigMap a"]);
}
