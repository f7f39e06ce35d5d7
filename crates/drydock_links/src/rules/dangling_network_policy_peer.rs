use std::collections::HashSet;

use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::{Selector, WORKLOAD_KINDS, at, items};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-network-policy-peer",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A NetworkPolicy rule's podSelector peer matches no pod of the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "dangling-networkpolicypeer-podselector",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Looks at the peers of a NetworkPolicy's `ingress[].from` and `egress[].to` that select pods of
the policy's own namespace (a `podSelector` without a `namespaceSelector`), and reports a selector
that matches the pods of no workload in that namespace, across all files.

Opt-in, as in kube-linter: the pods may come from another repository, a Helm release or an
operator. A namespace that holds a custom resource is left out (its controller may create the
pods), and so are peers with a `namespaceSelector`, whose pods live in other namespaces.

## Why is this bad?
A peer that matches nothing allows nothing: the traffic the rule was written for stays blocked,
usually because a label was renamed on one side only.

## Invalid
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: website
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  labels:
    app: db
spec:
  containers:
  - name: db
    image: postgres:17
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
```

## Valid
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  labels:
    app: db
spec:
  containers:
  - name: db
    image: postgres:17
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    let namespace_of = |index: usize| {
        ctx.graph
            .nodes
            .get(index)
            .and_then(|n| n.namespace.as_deref())
    };
    // The namespaces where a custom resource's controller may create pods.
    let custom: HashSet<Option<&str>> = ctx
        .graph
        .nodes
        .iter()
        .filter(|n| n.custom)
        .map(|n| n.namespace.as_deref())
        .collect();
    // The pod labels of every workload, with its namespace, collected once.
    let mut pods = Vec::new();
    for (index, (_, o)) in ctx.objects.iter().enumerate() {
        if WORKLOAD_KINDS.contains(&o.kind) {
            pods.push((namespace_of(index), o.pod_labels()));
        }
    }
    for (index, (file, o)) in ctx.objects.iter().enumerate() {
        if o.kind != "NetworkPolicy" {
            continue;
        }
        let namespace = namespace_of(index);
        if custom.contains(&None) || custom.contains(&namespace) {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        for (direction, peers_key) in [("ingress", "from"), ("egress", "to")] {
            for &rule in items(doc, at(doc, spec, &[direction])) {
                for &peer in items(doc, at(doc, rule, &[peers_key])) {
                    if doc.get(peer, "namespaceSelector").is_some() {
                        continue;
                    }
                    let Some(entry) = doc.get(peer, "podSelector") else {
                        continue;
                    };
                    let selector = Selector::from_label_selector(doc, entry.value);
                    if selector.is_empty() {
                        continue;
                    }
                    let matched = pods.iter().any(|(ns, labels)| {
                        *ns == namespace
                            && selector.matches(labels.iter().map(|&(k, v, _, _)| (k, v)))
                    });
                    if matched {
                        continue;
                    }
                    let (peer_name, effect) = if direction == "ingress" {
                        ("an ingress source", "admits traffic from no pod")
                    } else {
                        ("an egress destination", "allows traffic to no pod")
                    };
                    out.push(Placed {
                        file: *file,
                        diagnostic: Diagnostic::new(
                            &RULE,
                            format!(
                                "{peer_name} of {} selects pods {selector}, but no workload in \
                                 namespace {} has such pods: the peer {effect}",
                                ctx.describe(index),
                                namespace.unwrap_or("default")
                            ),
                            doc.range(entry.key),
                        ),
                    });
                }
            }
        }
    }
}
