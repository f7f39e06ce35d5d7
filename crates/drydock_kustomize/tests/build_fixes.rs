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
    let _ = (names(&r), Node::null(None));
}
