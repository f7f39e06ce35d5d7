//! False-positive study of the cross-file rules on `../shared/corpus/k8s` (943 files, 1,369
//! documents, 6 repositories). The corpus keeps each file's path in its name (`dir__sub__f.yaml`);
//! each directory is one workspace, as `drydock .` in that directory sees it (a whole repository
//! as one workspace mixes unrelated tutorials: their Services select each other's pods). The test prints, per cross-file rule, how many findings it raises, and fails when a count
//! rises past its committed threshold (a regression) — or falls well below it (then lower the
//! threshold, and say why here).
//!
//! What the findings are, read by hand (286 directories, 943 files):
//! - `missing-config-reference` (164, info): 114 Secrets, 40 ConfigMaps, 10 claims created outside
//!   the repository — by the tutorial's `kubectl create secret`, by an operator, by kustomize
//!   generators, by a StorageClass. Each must exist before the pod starts, so the finding is true,
//!   but it is not a bug in the repository: hence an info. (Monokle's 265 broken links on this
//!   corpus are mostly these.)
//! - `dangling-hpa-target` (39): 33 in `gke-shift-left-cost/api/testdata` (autoscalers kept as test
//!   input without their Deployments), the rest autoscalers of Deployments from another step.
//! - `missing-service-account` (23): accounts created by `gcloud`/`kubectl` steps of Workload
//!   Identity tutorials, by operators (`redis-enterprise-operator`, `litmus`), or by the cluster
//!   (`kube-system/horizontal-pod-autoscaler`, GKE's `gmp-system/collector`); 2 placeholders
//!   (`<KSA_NAME>`); 5 are real namespace mix-ups (a binding's subject looked up in
//!   `elastic`/`pg-ns`/`qdrant`/`weaviate`/`litmus` while the account is in `default`).
//! - `service-selects-nothing` (15): Services whose pods come from a Helm chart installed by the
//!   tutorial (qdrant, weaviate, wordpress, elastic ILBs) or from another directory (a `service.yaml`
//!   next to no Deployment). Operators' pods (custom resources in the namespace) and Job pods are no
//!   longer reported: before those two exceptions this rule raised 45.
//! - `dangling-network-policy` (14): microservices-demo's kustomize component (the pods are in
//!   `kustomize/base`) and the network-policies tutorial's two steps — true for the directory
//!   alone.
//! - `governing-service` (2): the cost estimator's StatefulSet samples name a Service `nginx` that
//!   the samples do not define — real.
//! - `undeclared-target-port` (2): `slice-controller` targets 8443 while its manager declares only
//!   9443 (kube-rbac-proxy listens on 8443 in an unlisted port — a real omission), and the archived
//!   flocker example targets 80 on a Ghost container that declares 2368 — a real bug.
//! - `unknown-target-port` (1): the SCTP sample names `targetPort: PORT`, a placeholder — real.
//! - `dangling-ingress-backend` (1): an ECK-generated Service (`kibana-kb-http`).
//! - `dangling-pod-disruption-budget` (1): the MySQL PDB of a tutorial whose pods come from the
//!   next step.
//! - `duplicate-object` (0): all 160 repeats on the corpus are across files (alternatives kept side
//!   by side), which the rule leaves to the graph.
//! - `dangling-role-ref` (0): the 4 bindings to `extension-apiserver-authentication-reader`
//!   (a Role every cluster has in kube-system) are no longer reported.
//! - `image-runs-as-root`, `expose-mismatch`, `healthcheck-without-probe`, `args-with-entrypoint`
//!   (0): the corpus holds no Dockerfile, so no container links to one; their cases are the spec
//!   folders.
//! - `missing-pod-disruption-budget` (opt-in, so not counted here): 47 when enabled — multi-replica
//!   Deployments and StatefulSets of tutorials, which rarely ship budgets; true, and the reason
//!   the rule is opt-in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_core::{Settings, Workspace, check_workspace_rules};

/// Per rule: the most findings allowed on the corpus.
const THRESHOLDS: &[(&str, usize)] = &[
    ("kubernetes/missing-config-reference", 164),
    ("kubernetes/dangling-hpa-target", 39),
    ("kubernetes/missing-service-account", 23),
    ("kubernetes/service-selects-nothing", 15),
    ("kubernetes/dangling-network-policy", 14),
    ("kubernetes/governing-service", 2),
    ("kubernetes/undeclared-target-port", 2),
    ("kubernetes/unknown-target-port", 1),
    ("kubernetes/dangling-ingress-backend", 1),
    ("kubernetes/dangling-pod-disruption-budget", 1),
    // The GKE samples that pair an autoscaler with a fixed `replicas` (all five true).
    ("kubernetes/replicas-with-hpa", 5),
];

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn cross_file_rules_on_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    let mut repositories: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("the shared corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repositories.sort();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut files = 0;
    let mut workspaces = 0;
    let mut details = Vec::new();
    for repository in &repositories {
        let mut paths = Vec::new();
        yaml_files(repository, &mut paths);
        paths.sort();
        let mut directories: BTreeMap<String, Workspace> = BTreeMap::new();
        for path in &paths {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let name = path
                .strip_prefix(repository)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let directory = name.rsplit_once("__").map_or("", |(d, _)| d).to_owned();
            directories
                .entry(directory)
                .or_default()
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
        workspaces += directories.len();
        for workspace in directories.values() {
            files += workspace.files.len();
            for finding in check_workspace_rules(workspace, &Settings::default()) {
                *counts.entry(finding.rule).or_default() += 1;
                details.push(format!(
                    "{}/{}:{} {}: {}",
                    repository.file_name().unwrap().to_string_lossy(),
                    finding.path,
                    finding.start.line,
                    finding.rule,
                    finding.message
                ));
            }
        }
    }
    if std::env::var_os("DRYDOCK_CORPUS_DETAILS").is_some() {
        println!("{}", details.join("\n"));
    }
    println!(
        "{} repositories, {workspaces} directories as workspaces, {files} files",
        repositories.len()
    );
    for (rule, count) in &counts {
        println!("{count:5} {rule}");
    }
    assert!(
        files > 900,
        "expected the shared corpus, found {files} files"
    );
    let mut failures = Vec::new();
    for (rule, count) in &counts {
        let limit = THRESHOLDS
            .iter()
            .find(|(r, _)| r == rule)
            .map_or(0, |(_, n)| *n);
        if *count > limit {
            failures.push(format!("{rule}: {count} findings, threshold {limit}"));
        }
    }
    for (rule, limit) in THRESHOLDS {
        let count = counts.get(rule).copied().unwrap_or(0);
        if count + count / 5 + 2 < *limit {
            failures.push(format!(
                "{rule}: {count} findings, far below the threshold {limit}: lower it"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
