//! The rules that mirror the API server's validation (`crates/drydock_k8s/APISERVER.md`) on
//! `../shared/corpus/k8s`: each finding is one the API server would return for the file as
//! written, so every one is listed in [`ALLOWED`] with why; any other fails the test, and an
//! allowed finding no longer reported fails it too.

use std::collections::BTreeSet;
use std::path::Path;

use drydock_core::{Workspace, check};

/// The rules under test, with the marker of their API-server findings when the rule also
/// reports schema violations (those are compared with kubernetes-validate instead).
const RULES: &[(&str, Option<&str>)] = &[
    (
        "kubernetes/missing-required-field",
        Some(": Required value"),
    ),
    ("kubernetes/duplicate-list-entry", Some(": Duplicate value")),
    ("kubernetes/invalid-name", None),
    ("kubernetes/invalid-env", None),
    ("kubernetes/invalid-volume", None),
    ("kubernetes/invalid-config-data", None),
    ("kubernetes/invalid-format", Some("the API server rejects")),
    ("kubernetes/invalid-resources", None),
    ("kubernetes/invalid-pod-spec", None),
    ("kubernetes/invalid-workload-spec", None),
    ("kubernetes/invalid-label", None),
    ("kubernetes/invalid-port", None),
    ("kubernetes/invalid-probe", None),
    ("kubernetes/invalid-restart-policy", None),
    ("kubernetes/requests-exceed-limits", None),
    ("kubernetes/service-type-mismatch", None),
    ("kubernetes/selector-mismatch", None),
    ("kubernetes/missing-volume", None),
];

/// `(corpus file, rule, the text the finding underlines)`, each checked against the API
/// server's validation.
const ALLOWED: &[(&str, &str, &str)] = &[
    // Kustomize patches, checked on their own because the corpus left their kustomization out
    // (in a workspace with it they are read by the render, not checked as manifests): applied
    // as they are, the API server refuses each. A container without `image`
    // (`validateContainerCommon`: `spec.template.spec.containers[0].image: Required value`):
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__gke-a100-jax__kubernetes__job-patch.yaml",
        "kubernetes/missing-required-field",
        "jax-worker",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-2b-bitsandbytes-nf4__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-2b-bitsandbytes__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-2b-parallel__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-7b-bitsandbytes-nf4__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-7b-bitsandbytes__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__tgi__tgi-7b-token__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__vllm__vllm-2b-awq__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__vllm__vllm-2b-parallel__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__vllm__vllm-7b-awq__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__vllm__vllm-7b-kvcache__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__llm-serving-gemma__vllm__vllm-7b-token__patch.yaml",
        "kubernetes/missing-required-field",
        "inference-server",
    ),
    (
        "prometheus-operator+kube-prometheus/tests__e2e__kind__patches__kube-controller-manager.yaml",
        "kubernetes/missing-required-field",
        "kube-controller-manager",
    ),
    // A Job without `restartPolicy` (it defaults to Always; `validateJobSpec` allows OnFailure
    // and Never only):
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/ai-ml__gke-a100-jax__kubernetes__job-patch.yaml",
        "kubernetes/invalid-restart-policy",
        "job-name",
    ),
    // A ClusterIP Service without `ports` (`ValidateService`: `spec.ports: Required value`):
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/quickstarts__whereami__k8s-backend-overlay-example__service-type.yaml",
        "kubernetes/missing-required-field",
        "spec",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/quickstarts__whereami__k8s-frontend-overlay-clusterip-example__service-type.yaml",
        "kubernetes/missing-required-field",
        "spec",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/quickstarts__whereami__k8s-grpc-clusterip-backend-overlay-example__service-type.yaml",
        "kubernetes/missing-required-field",
        "spec",
    ),
    // Real errors in complete manifests. A memory request of 64Mi (67,108,864 bytes) over a
    // limit of 64M (64,000,000): `must be less than or equal to memory limit of 64M`.
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/cost-optimization__gke-shift-left-cost__api__testdata__manifests__test.yaml",
        "kubernetes/requests-exceed-limits",
        "\"64Mi\"",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/cost-optimization__gke-shift-left-cost__samples__k8s-cost-estimator-local__app-v1__deployment.yaml",
        "kubernetes/requests-exceed-limits",
        "\"64Mi\"",
    ),
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/cost-optimization__gke-shift-left-cost__samples__k8s-cost-estimator-local__app-v2__deployment.yaml",
        "kubernetes/requests-exceed-limits",
        "\"64Mi\"",
    ),
    // A Service's `targetPort: PORT`: `IsValidPortName` allows lower-case letters only.
    (
        "GoogleCloudPlatform+kubernetes-engine-samples/networking__sctp__sctp-deployment.yaml",
        "kubernetes/invalid-port",
        "PORT",
    ),
];

#[test]
fn api_server_rules_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut workspace = Workspace::new();
    for (name, text) in &files {
        workspace.insert(name.clone(), text.clone());
    }
    let findings = check(&workspace);
    let mut seen = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut count = 0;
    for f in &findings {
        let Some((_, marker)) = RULES.iter().find(|(rule, _)| *rule == f.rule) else {
            continue;
        };
        if marker.is_some_and(|m| !f.message.contains(m)) {
            continue;
        }
        count += 1;
        let text = &workspace.get(&f.path).unwrap().text;
        let source = f.range.slice(text);
        let key = (f.path.as_str(), f.rule, source);
        if ALLOWED.contains(&key) {
            seen.insert(key);
            continue;
        }
        unexpected.push(format!(
            "    (\"{}\", \"{}\", {:?}), // {}:{} {}",
            f.path, f.rule, source, f.start.line, f.start.column, f.message
        ));
    }
    println!(
        "{} corpus files; {count} findings of the API-server rules, {} allowed",
        files.len(),
        ALLOWED.len()
    );
    assert!(files.len() > 900, "expected the shared corpus");
    assert!(
        unexpected.is_empty(),
        "findings not in ALLOWED:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<_> = ALLOWED.iter().filter(|k| !seen.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "allowed findings no longer reported: {stale:?}"
    );
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("the shared corpus") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}
