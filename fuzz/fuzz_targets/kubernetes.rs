//! Any bytes, read as a YAML stream of Kubernetes manifests: the YAML tree, the schema
//! validation at a target version chosen by the input's length, CRDs found in the input applied
//! to it, and every rule through `check_with`, including applying each fix.
//!
//! Beyond "never panics" it asserts the tree's promises: every node, error and finding range is a
//! slice of the input on character boundaries.

#![no_main]

use drydock_core::k8s::{Crds, KubernetesVersion, analyze};
use drydock_core::yaml::{Value, parse};
use drydock_core::{Settings, TextRange, Workspace, check_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let stream = parse(text);
    for document in &stream.documents {
        assert_in(text, document.range, "document");
        for node in &document.nodes {
            assert_in(text, node.range, "node");
            assert!(document.range.contains_range(node.range) || node.range.is_empty());
            if let Value::Mapping(entries) = &node.value {
                for entry in entries {
                    assert!(document.node(entry.key).is_some() && document.node(entry.value).is_some());
                }
            }
        }
        for error in &document.errors {
            assert_in(text, error.range, "error");
        }
    }
    let target = KubernetesVersion::new(16 + (data.len() % 22) as u16);
    let mut crds = Crds::new();
    crds.add_stream(&stream);
    let analysis = analyze(text, &stream, target, &crds);
    for violation in &analysis.violations {
        assert_in(text, violation.range, "violation");
    }
    let mut workspace = Workspace::new();
    workspace.insert("manifest.yaml", text);
    let settings = Settings {
        kubernetes_version: Some(target),
        ..Settings::default()
    };
    for finding in check_with(&workspace, &settings) {
        assert_in(text, finding.range, "finding");
        if let Some(fix) = &finding.fix {
            let fixed = fix.apply(text);
            let _ = parse(&fixed);
        }
    }
});

fn assert_in(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end && text.get(range.start..range.end).is_some(),
        "{what} {range:?} is not a slice of the {} bytes of input",
        text.len()
    );
}
