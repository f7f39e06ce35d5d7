use crate::object::{at, boolean, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/writable-host-mount",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container mounts a hostPath volume writable"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "writable-host-mount",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `volumeMounts` entry of a `hostPath` volume without `readOnly: true`.

Off by default, as in kube-linter: every hostPath is already reported by
`kubernetes/host-path-volume`; this rule narrows the review to the mounts that can write.

## Why is this bad?
A writable host directory lets the container change the node's files: plant binaries or
configuration that the node or other pods run, or fill the node's disk.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  volumes:
  - name: logs
    hostPath:
      path: /var/log
  containers:
  - name: agent
    image: fluent/fluent-bit:3.1
    volumeMounts:
    - name: logs
      mountPath: /var/log
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  volumes:
  - name: logs
    hostPath:
      path: /var/log
  containers:
  - name: agent
    image: fluent/fluent-bit:3.1
    volumeMounts:
    - name: logs
      mountPath: /var/log
      readOnly: true
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let host_volumes: Vec<&str> = items(doc, at(doc, template.spec, &["volumes"]))
            .iter()
            .filter(|&&v| doc.get(v, "hostPath").is_some())
            .filter_map(|&v| doc.get_str(v, "name"))
            .collect();
        if host_volumes.is_empty() {
            continue;
        }
        for (_, container) in o.containers() {
            for &mount in items(doc, at(doc, container, &["volumeMounts"])) {
                let Some(name) = doc.get(mount, "name") else {
                    continue;
                };
                let Some(volume) = doc
                    .scalar(name.value)
                    .map(|s| s.value.as_str())
                    .filter(|n| host_volumes.contains(n))
                else {
                    continue;
                };
                if at(doc, mount, &["readOnly"]).and_then(|n| boolean(doc, n)) == Some(true) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "hostPath volume {volume} is mounted writable: the container can \
                             change the node's files"
                        ),
                        doc.range(name.value),
                    )
                    .with_help("add `readOnly: true` to the mount if the container only reads"),
                );
            }
        }
    }
}
