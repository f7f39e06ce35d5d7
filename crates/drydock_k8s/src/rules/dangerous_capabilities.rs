use crate::object::{at, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangerous-capabilities",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container adds a dangerous Linux capability"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "polaris",
            id: "dangerousCapabilities",
        },
        Mirror {
            tool: "polaris",
            id: "insecureCapabilities",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports every capability in `securityContext.capabilities.add` that gives a container power
over the node or its network: `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE`,
`SYS_MODULE`, `SYS_RAWIO`, `BPF`, `DAC_READ_SEARCH`, `SYS_TIME`, `SYS_BOOT`, `MAC_ADMIN`,
`MAC_OVERRIDE`, `PERFMON`, `SYSLOG`.

## Why is this bad?
`SYS_ADMIN` is nearly root; `NET_RAW` allows spoofing packets on the pod network; `SYS_MODULE`
loads kernel modules; `SYS_TIME` sets the node's clock (time is not namespaced), `SYS_BOOT`
reboots it, `MAC_ADMIN` and `MAC_OVERRIDE` change or bypass AppArmor and SELinux. Each is a common
step of container escapes, and none is in the baseline Pod Security Standard's allowed set.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      capabilities:
        add: ["SYS_ADMIN"]
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
    securityContext:
      capabilities:
        drop: ["ALL"]
        add: ["NET_BIND_SERVICE"]
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    const DANGEROUS: [&str; 15] = [
        "ALL",
        "SYS_ADMIN",
        "NET_ADMIN",
        "NET_RAW",
        "SYS_PTRACE",
        "SYS_MODULE",
        "SYS_RAWIO",
        "BPF",
        "DAC_READ_SEARCH",
        "SYS_TIME",
        "SYS_BOOT",
        "MAC_ADMIN",
        "MAC_OVERRIDE",
        "PERFMON",
        "SYSLOG",
    ];
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &item in items(
                doc,
                at(doc, container, &["securityContext", "capabilities", "add"]),
            ) {
                let Some(name) = scalar_text(doc, item) else {
                    continue;
                };
                let bare = name.trim_start_matches("CAP_").to_ascii_uppercase();
                if DANGEROUS.contains(&bare.as_str()) {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!("the container adds capability {name}, which gives it power over the node or its network"),
                        doc.range(item),
                    ));
                }
            }
        }
    }
}
