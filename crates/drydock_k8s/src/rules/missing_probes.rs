use crate::object::{ContainerList, container_anchor, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-probes",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A long-running container has no readiness or liveness probe"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "no-readiness-probe",
        },
        Mirror {
            tool: "kube-linter",
            id: "no-liveness-probe",
        },
        Mirror {
            tool: "kube-score",
            id: "pod-probes",
        },
        Mirror {
            tool: "polaris",
            id: "readinessProbeMissing",
        },
        Mirror {
            tool: "polaris",
            id: "livenessProbeMissing",
        },
        Mirror {
            tool: "kube-score",
            id: "pod-probes-identical",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or
ReplicationController without a `readinessProbe`, or without a `livenessProbe`, and a container
whose two probes are identical. Jobs, CronJobs and bare Pods are left alone.

## Why is this bad?
Without a readiness probe, a Service sends traffic to the pod as soon as its process starts, and
keeps sending it while the application cannot answer; a rolling update then takes capacity away.
Without a liveness probe a hung process is never restarted. Identical probes restart a pod that is
only busy.

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
        readinessProbe:
          httpGet:
            path: /ready
            port: 80
        livenessProbe:
          httpGet:
            path: /healthz
            port: 80
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        if !matches!(
            o.kind,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController"
        ) {
            continue;
        }
        let doc = o.doc;
        for (list, container) in o.containers() {
            if list != ContainerList::Containers {
                continue;
            }
            let readiness = doc.get(container, "readinessProbe");
            let liveness = doc.get(container, "livenessProbe");
            let missing: Vec<&str> = [(readiness, "readiness"), (liveness, "liveness")]
                .into_iter()
                .filter(|(probe, _)| probe.is_none())
                .map(|(_, name)| name)
                .collect();
            if !missing.is_empty() {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "the container has no {} probe: {}",
                        missing.join(" or "),
                        if readiness.is_none() {
                            "Services send it traffic before it is ready and while it cannot answer"
                        } else {
                            "a hung process is never restarted"
                        }
                    ),
                    container_anchor(doc, container),
                ));
            } else if let (Some(r), Some(l)) = (readiness, liveness)
                && r.value != l.value
                && doc.range(r.value).slice(ctx.text).trim()
                    == doc.range(l.value).slice(ctx.text).trim()
            {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        "the liveness probe is identical to the readiness probe: a pod that is only busy \
                         fails both, and is restarted instead of being taken out of the Service",
                        doc.range(l.key),
                    )
                    .with_label(doc.range(r.key), "the same probe"),
                );
            }
        }
    }
}
