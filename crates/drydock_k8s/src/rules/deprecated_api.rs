use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/deprecated-api",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "The apiVersion is deprecated and a later Kubernetes version removes it",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "pluto",
            id: "deprecated",
        },
        Mirror {
            tool: "kubent",
            id: "Deprecated APIs",
        },
        Mirror {
            tool: "kube-score",
            id: "stable-version",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports an apiVersion that the target Kubernetes version still serves but a later one removes (with
that version and the replacement), and a beta or alpha apiVersion for which a stable one is served:
Kubernetes deprecates those and removes them a few releases later. The target is 1.37 unless
configured (`kubernetes_version` in the settings).

## Why is this bad?
The manifest works today and breaks on the next upgrade.

## Invalid
```yaml
apiVersion: resource.k8s.io/v1beta1
kind: DeviceClass
metadata:
  name: gpu
spec: {}
```

## Valid
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  maxReplicas: 5
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::DeprecatedApi, &RULE, out);
}
