use crate::object::{at, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::suggest::did_you_mean;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-volume",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A volumeMount names a volume the pod does not declare"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kubectl",
        id: "spec.containers[].volumeMounts[].name: Not found",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container's `volumeMounts[].name` (and `volumeDevices[].name`) that names none of the
pod's `volumes` (nor, in a StatefulSet, a `volumeClaimTemplates` entry).

## Why is this bad?
The API server rejects the pod (`volumeMounts[0].name: Not found`). Usually the volume was
renamed, or declared under the wrong container.

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
    volumeMounts:
    - name: content
      mountPath: /usr/share/nginx/html
  volumes:
  - name: html
    emptyDir: {}
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
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  volumes:
  - name: html
    emptyDir: {}
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let mut declared: Vec<&str> = items(doc, at(doc, template.spec, &["volumes"]))
            .iter()
            .filter_map(|&v| doc.get_str(v, "name"))
            .collect();
        if o.kind == "StatefulSet" {
            declared.extend(
                items(doc, at(doc, o.node, &["spec", "volumeClaimTemplates"]))
                    .iter()
                    .filter_map(|&t| {
                        at(doc, t, &["metadata", "name"]).and_then(|n| scalar_text(doc, n))
                    }),
            );
        }
        for (_, container) in o.containers() {
            for key in ["volumeMounts", "volumeDevices"] {
                for &mount in items(doc, at(doc, container, &[key])) {
                    let Some(entry) = doc.get(mount, "name") else {
                        continue;
                    };
                    let Some(name) = scalar_text(doc, entry.value) else {
                        continue;
                    };
                    if declared.contains(&name) {
                        continue;
                    }
                    let suggestion = did_you_mean(name, declared.iter().copied());
                    let mut diagnostic = Diagnostic::new(
                        &RULE,
                        format!(
                            "{key} names volume `{name}`, which the pod does not declare ({}): the API \
                             server rejects the pod",
                            if declared.is_empty() {
                                "it has no volumes".to_owned()
                            } else {
                                format!("it has {}", declared.join(", "))
                            }
                        ),
                        doc.range(entry.value),
                    );
                    if let Some(s) = suggestion {
                        diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
                    }
                    out.push(diagnostic);
                }
            }
        }
    }
}
