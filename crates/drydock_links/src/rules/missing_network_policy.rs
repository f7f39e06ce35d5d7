use std::collections::HashSet;

use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-network-policy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A workload whose pods no NetworkPolicy of the workspace selects",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "non-isolated-pod",
        },
        Mirror {
            tool: "kube-score",
            id: "pod-networkpolicy",
        },
        Mirror {
            tool: "polaris",
            id: "missingNetworkPolicy",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
CronJob or Pod) whose pods no NetworkPolicy of the workspace selects, unless a policy of its
namespace has an empty `podSelector` (which selects every pod there).

Off by default, as in kube-linter (kube-score and Polaris have it on): default-deny policies are
often the platform team's, applied to every namespace from another repository, and a workspace
that holds only the application cannot show them. On the corpus, 24 NetworkPolicies for several
hundred workloads.

## Why is this bad?
A pod that no policy selects accepts traffic from every pod of the cluster and may send traffic
anywhere: one compromised pod elsewhere can reach its ports, and it can reach the cloud metadata
endpoint and every internal service.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```

## Valid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: frontend
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    let covered: HashSet<usize> = ctx
        .graph
        .edges_of(EdgeKind::NetworkPolicy)
        .filter(|e| e.status == EdgeStatus::Resolved)
        .filter_map(|e| e.to)
        .collect();
    let namespace_of = |index: usize| {
        ctx.graph
            .nodes
            .get(index)
            .and_then(|n| n.namespace.as_deref())
    };
    // Namespaces where a policy with an empty podSelector selects every pod.
    let covers_all: HashSet<Option<&str>> = ctx
        .objects
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| {
            p.kind == "NetworkPolicy"
                && p.spec()
                    .and_then(|s| p.doc.get(s, "podSelector"))
                    .and_then(|e| p.doc.entries(e.value))
                    .is_some_and(<[_]>::is_empty)
        })
        .map(|(index, _)| namespace_of(index))
        .collect();
    for (index, (file, o)) in ctx.objects.iter().enumerate() {
        if !o.is_workload() || o.pod_template().is_none() {
            continue;
        }
        if covered.contains(&index) || covers_all.contains(&namespace_of(index)) {
            continue;
        }
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(
                &RULE,
                format!(
                    "no NetworkPolicy of the workspace selects the pods of {}: they accept \
                     traffic from every pod of the cluster and may send it anywhere",
                    ctx.describe(index)
                ),
                o.anchor(),
            )
            .with_help(
                "add a NetworkPolicy whose podSelector matches the pod labels, or a default-deny \
                 policy (`podSelector: {}`) for the namespace",
            ),
        });
    }
}
