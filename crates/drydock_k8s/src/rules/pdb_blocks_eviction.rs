use crate::object::{objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pdb-blocks-eviction",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A PodDisruptionBudget allows no voluntary disruption at all"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "pdb-max-unavailable",
        },
        Mirror {
            tool: "polaris",
            id: "pdbDisruptionsIsZero",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a PodDisruptionBudget with `maxUnavailable: 0` (or `0%`) or `minAvailable: 100%`.

kube-linter's `pdb-min-available` also compares a numeric `minAvailable` with the replicas of the
workloads it selects; that needs the workload, which may be in another file, and is not done here.

## Why is this bad?
Such a budget never allows an eviction: `kubectl drain`, node upgrades and the cluster autoscaler
wait on these pods forever, and cluster maintenance stalls until someone deletes the budget by
hand.

## Invalid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 0
  selector:
    matchLabels:
      app: web
```

## Valid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "PodDisruptionBudget" {
            continue;
        }
        let Some(spec) = o.spec() else {
            continue;
        };
        let doc = o.doc;
        for (key, blocking) in [
            ("maxUnavailable", ["0", "0%"]),
            ("minAvailable", ["100%", "100%"]),
        ] {
            let Some(entry) = doc.get(spec, key) else {
                continue;
            };
            let Some(value) = scalar_text(doc, entry.value).map(str::trim) else {
                continue;
            };
            if blocking.contains(&value) {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "{key}: {value} allows no eviction: node drains, upgrades and the \
                         autoscaler wait on these pods forever"
                    ),
                    doc.range(entry.value),
                ));
            }
        }
    }
}
