use crate::apiserver::{containers, pod_specs, rejects};
use crate::object::{ContainerList, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-restart-policy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A restartPolicy the API server rejects: the pod template's for its controller, or a container's",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "restart-policy",
        },
        Mirror {
            tool: "kube-score",
            id: "cronjob-restartpolicy",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController whose pod
template sets a `restartPolicy` other than `Always`, and a Job or CronJob whose pod template does
not set `restartPolicy` to `OnFailure` or `Never` (leaving it out means `Always`).

A container's own `restartPolicy` (`validateContainers`, `validateInitContainerRestartPolicy`)
is only for init containers, where `Always` makes a sidecar: on a regular container the API server
forbids it, and an init container's may only be `Always`.

## Why is this bad?
The API server rejects the object: a controller that keeps pods running needs them restarted
(`supported values: "Always"`), and a Job that restarted its pods forever would never finish
(`supported values: "OnFailure", "Never"`).

## Invalid
```yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: example/migrate:1.0
```

## Valid
```yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example/migrate:1.0
```
"#,
    ),
};

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        for c in containers(doc, pod.template.spec) {
            let Some(entry) = doc.get(c.node, "restartPolicy") else {
                continue;
            };
            let Some(value) = scalar_text(doc, entry.value) else {
                continue;
            };
            let path = format!("{}.restartPolicy", c.path(pod.path));
            let (range, message) = match c.list {
                ContainerList::InitContainers if value != "Always" => (
                    doc.range(entry.value),
                    format!(
                        "an init container's restartPolicy may only be Always (a sidecar), not {value}: {} (`{path}: Unsupported value: \"{value}\": supported values: \"Always\"`)",
                        rejects(pod.object.kind)
                    ),
                ),
                ContainerList::Containers => (
                    doc.range(entry.key),
                    format!(
                        "only init containers take a restartPolicy (Always makes them sidecars): {} (`{path}: Forbidden: may not be set for non-init containers`)",
                        rejects(pod.object.kind)
                    ),
                ),
                _ => continue,
            };
            out.push(Diagnostic::new(&RULE, message, range));
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let entry = doc.get(template.spec, "restartPolicy");
        let policy = entry.and_then(|e| scalar_text(doc, e.value));
        match o.kind {
            "Job" | "CronJob" => {
                if matches!(policy, Some("OnFailure" | "Never")) {
                    continue;
                }
                let (message, range) = match (entry, policy) {
                    (Some(e), Some(value)) => (
                        format!(
                            "a {} runs its pods to completion: restartPolicy must be OnFailure or \
                             Never, not {value} (the API server rejects the object)",
                            o.kind
                        ),
                        doc.range(e.value),
                    ),
                    _ => (
                        format!(
                            "the {}'s pod template sets no restartPolicy, which means Always: the \
                             API server rejects it (OnFailure or Never)",
                            o.kind
                        ),
                        o.anchor(),
                    ),
                };
                out.push(
                    Diagnostic::new(&RULE, message, range).with_help(
                        "set `restartPolicy: Never` (or `OnFailure`) in the pod template",
                    ),
                );
            }
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" => {
                if let (Some(e), Some(value)) = (entry, policy)
                    && value != "Always"
                {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "a {} keeps its pods running: restartPolicy must be Always, not {value} \
                             (the API server rejects the object)",
                            o.kind
                        ),
                        doc.range(e.value),
                    ));
                }
            }
            _ => {}
        }
    }
}
