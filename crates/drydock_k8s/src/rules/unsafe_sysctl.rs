use crate::object::{at, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unsafe-sysctl",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A pod sets a sysctl that Kubernetes does not consider safe"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "unsafe-sysctls",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `securityContext.sysctls` entry of a pod spec whose name is not in Kubernetes' safe
set: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`,
`net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`,
`net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,
`net.ipv4.tcp_keepalive_probes`, `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem` (names may use `/`
for `.`).

## Why is this bad?
An unsafe sysctl is not isolated between pods or can starve the node (message queues, shared
memory, the network stack). The kubelet refuses to start the pod (`SysctlForbidden`) unless the
node was started with `--allowed-unsafe-sysctls` naming it; where it is allowed, the setting can
affect other pods on the node.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    sysctls:
    - name: net.core.somaxconn
      value: "1024"
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
  securityContext:
    sysctls:
    - name: net.ipv4.ip_local_port_range
      value: "1024 65535"
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

/// Kubernetes' safe sysctls (pkg/kubelet/sysctl/safe_sysctls.go, through 1.32).
const SAFE: [&str; 12] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        for &sysctl in items(doc, at(doc, template.spec, &["securityContext", "sysctls"])) {
            let Some(entry) = doc.get(sysctl, "name") else {
                continue;
            };
            let Some(name) = doc.scalar(entry.value).map(|s| s.value.replace('/', ".")) else {
                continue;
            };
            if name.is_empty() || SAFE.contains(&name.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "sysctl {name} is not in Kubernetes' safe set: the kubelet refuses the pod \
                         unless the node allows it (--allowed-unsafe-sysctls), and then it can \
                         affect other pods on the node"
                    ),
                    doc.range(entry.value),
                )
                .with_help(
                    "set it on the nodes instead, or allow it only on a dedicated node pool",
                ),
            );
        }
    }
}
