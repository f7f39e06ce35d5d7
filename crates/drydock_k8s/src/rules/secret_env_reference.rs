use crate::object::{at, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/secret-env-reference",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container reads a Secret into environment variables"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "read-secret-from-env-var",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` (CIS Benchmark 5.4.1: prefer
Secrets as files).

Off by default, as in kube-linter: most applications read credentials from the environment, and
a Secret in an environment variable is far better than a literal one
(`kubernetes/secret-in-env`).

## Why is this bad?
Environment variables leak: into crash reports and debug endpoints, into child processes, into
`kubectl describe pod` of some tools, and they cannot change without a restart. A mounted Secret
is a file only the container reads, and it is updated in place.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: example/web:1.0
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db
          key: password
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
  - name: db
    secret:
      secretName: db
  containers:
  - name: web
    image: example/web:1.0
    volumeMounts:
    - name: db
      mountPath: /run/secrets/db
      readOnly: true
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &var in items(doc, at(doc, container, &["env"])) {
                if let Some(entry) = doc
                    .get(var, "valueFrom")
                    .and_then(|v| doc.get(v.value, "secretKeyRef"))
                {
                    let name = doc.get_str(var, "name").unwrap_or("the variable");
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "{name} reads a Secret into the environment, where crash reports, \
                             child processes and debug endpoints see it: mount it as a file"
                        ),
                        doc.range(entry.key),
                    ));
                }
            }
            for &source in items(doc, at(doc, container, &["envFrom"])) {
                if let Some(entry) = doc.get(source, "secretRef") {
                    out.push(Diagnostic::new(
                        &RULE,
                        "envFrom loads a whole Secret into the environment, where crash reports, \
                         child processes and debug endpoints see it: mount it as files",
                        doc.range(entry.key),
                    ));
                }
            }
        }
    }
}
