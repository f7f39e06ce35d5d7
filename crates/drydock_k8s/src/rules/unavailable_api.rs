use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unavailable-api",
    language: Language::Kubernetes,
    summary: crate::rules::summary("The apiVersion is not served by the target Kubernetes version"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "pluto",
            id: "removed",
        },
        Mirror {
            tool: "kubent",
            id: "Deprecated APIs removed",
        },
        Mirror {
            tool: "kube-linter",
            id: "no-extensions-v1beta",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports an apiVersion that the target Kubernetes version (1.37 unless configured) no longer serves —
`extensions/v1beta1` Deployment, `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget,
`autoscaling/v2beta2` — or does not serve yet, with the version that removed or introduced it and
the apiVersion to use instead.

## Why is this bad?
Upgrading a cluster past the removal makes `kubectl apply` fail for every such manifest; it is much
cheaper to find them before the upgrade.

## Invalid
```yaml
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
```

## Valid
```yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox:1.36
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::UnavailableApi, &RULE, out);
}
