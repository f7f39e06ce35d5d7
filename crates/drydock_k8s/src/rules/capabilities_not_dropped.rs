use crate::object::{at, container_anchor, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/capabilities-not-dropped",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A container keeps the runtime's default capabilities, NET_RAW included",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "drop-net-raw-capability",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container whose `securityContext.capabilities.drop` has neither `ALL` nor `NET_RAW`,
and an `ALL` written in another case (`all`), with a fix. On by default, as in kube-linter.

## Why is this bad?
Without a `drop`, a container gets the runtime's default capabilities, and `NET_RAW` is one of
them: any process in it can craft raw packets, spoof addresses on the pod network and bind any
address. Dropping `ALL` and adding back only what the application needs is what the restricted
Pod Security Standard asks; dropping `NET_RAW` is the least. That standard compares names
exactly: a pod that drops `all` is rejected in a restricted namespace, as Monokle reports.

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
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            let drop = at(doc, container, &["securityContext", "capabilities", "drop"]);
            let mut dropped = false;
            for &item in items(doc, drop) {
                let Some(name) = scalar_text(doc, item) else {
                    continue;
                };
                let bare = name.trim_start_matches("CAP_").to_ascii_uppercase();
                dropped |= bare == "ALL" || bare == "NET_RAW";
                if bare == "ALL" && name != "ALL" {
                    let range = doc.range(item);
                    let written = range.slice(ctx.text);
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!(
                                "drop lists `{name}`: the restricted Pod Security Standard reads \
                                 capability names exactly and rejects the pod unless it drops \
                                 `ALL` in capitals"
                            ),
                            range,
                        )
                        .with_fix(Fix::replace(
                            "Write `ALL` in capitals",
                            range,
                            written.replace(name, "ALL"),
                        )),
                    );
                }
            }
            if dropped {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    "the container keeps the runtime's default capabilities, NET_RAW among them: \
                     its processes can craft raw packets and spoof addresses on the pod network",
                    drop.map_or_else(|| container_anchor(doc, container), |d| doc.range(d)),
                )
                .with_help("set `securityContext.capabilities.drop: [\"ALL\"]` and add back only what is needed"),
            );
        }
    }
}
