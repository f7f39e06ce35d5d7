use crate::object::{at, boolean, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/automount-service-account-token",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod mounts its ServiceAccount token without saying so (automountServiceAccountToken not false)",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "polaris",
        id: "automountServiceAccountToken",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a workload whose pod spec does not set `automountServiceAccountToken: false`, unless a
ServiceAccount of the same file with the pod's `serviceAccountName` (or `default`) sets it.

Opt-in: most applications never call the Kubernetes API, but many do (operators, controllers,
anything using client libraries), and turning the token off breaks those. Polaris also leaves it
off by default.

## Why is this bad?
Every container of the pod can read a token for the Kubernetes API at
`/var/run/secrets/kubernetes.io/serviceaccount/token`. An attacker who gets code execution in the
container gets whatever its ServiceAccount may do — at least discovery, often more.

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
  automountServiceAccountToken: false
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let all = objects(ctx.stream);
    // ServiceAccounts of this file that turn the token off.
    let quiet: Vec<&str> = all
        .iter()
        .filter(|o| o.kind == "ServiceAccount")
        .filter(|o| {
            at(o.doc, o.node, &["automountServiceAccountToken"]).and_then(|n| boolean(o.doc, n))
                == Some(false)
        })
        .filter_map(|o| o.name())
        .collect();
    for o in &all {
        let Some(template) = o.pod_template() else {
            continue;
        };
        let doc = o.doc;
        if let Some(node) = at(doc, template.spec, &["automountServiceAccountToken"])
            && boolean(doc, node).is_some()
        {
            continue;
        }
        let account = doc
            .get_str(template.spec, "serviceAccountName")
            .unwrap_or("default");
        if quiet.contains(&account) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "the pods mount a token of ServiceAccount {account}: any process in them can \
                     call the Kubernetes API with its permissions"
                ),
                o.anchor(),
            )
            .with_help(
                "set `automountServiceAccountToken: false` in the pod spec unless the \
                 application calls the Kubernetes API",
            ),
        );
    }
}
