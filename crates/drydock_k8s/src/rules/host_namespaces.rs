use crate::object::{boolean, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/host-namespaces",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A pod shares the node's network, PID or IPC namespace"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "host-network",
        },
        Mirror {
            tool: "kube-linter",
            id: "host-pid",
        },
        Mirror {
            tool: "kube-linter",
            id: "host-ipc",
        },
        Mirror {
            tool: "polaris",
            id: "hostNetworkSet",
        },
        Mirror {
            tool: "polaris",
            id: "hostPIDSet",
        },
        Mirror {
            tool: "polaris",
            id: "hostIPCSet",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `hostNetwork: true`, `hostPID: true` and `hostIPC: true` in a pod spec.

## Why is this bad?
The pod then sees the node's network interfaces, its processes or its shared memory: it can
sniff traffic, signal other containers' processes, and bypass NetworkPolicies. Only node agents
need this.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostNetwork: true
  containers:
  - name: web
    image: nginx:1.27
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        for (key, what) in [
            (
                "hostNetwork",
                "network interfaces (and bypasses NetworkPolicies)",
            ),
            ("hostPID", "processes"),
            ("hostIPC", "shared memory and IPC"),
        ] {
            if let Some(entry) = doc.get(template.spec, key)
                && boolean(doc, entry.value) == Some(true)
            {
                out.push(Diagnostic::new(
                    &RULE,
                    format!("{key} is true: the pod shares the node's {what}"),
                    doc.range(entry.key),
                ));
            }
        }
    }
}
