use crate::object::{image_tag, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/image-tag",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container image has no tag, or the tag latest"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "latest-tag",
        },
        Mirror {
            tool: "kube-score",
            id: "container-image-tag",
        },
        Mirror {
            tool: "polaris",
            id: "tagNotSpecified",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container `image` without a tag or digest, or tagged `latest`.

## Why is this bad?
The image then changes under the same manifest: two nodes may run different code, a rollback
redeploys the new image, and nothing records which version ran. Pin a version (or a digest).

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
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
    image: nginx:1.27.3
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            let Some(entry) = doc.get(container, "image") else {
                continue;
            };
            let Some(image) = scalar_text(doc, entry.value) else {
                continue;
            };
            if image.contains('@') || image.contains("${") || image.contains("{{") {
                continue;
            }
            let message = match image_tag(image) {
                None => format!(
                    "image {image} has no tag, so it means {image}:latest: the code that runs changes without the manifest changing"
                ),
                Some(tag) if tag.eq_ignore_ascii_case("latest") => format!(
                    "image {image} uses the tag latest: the code that runs changes without the manifest changing"
                ),
                Some(_) => continue,
            };
            out.push(Diagnostic::new(&RULE, message, doc.range(entry.value)));
        }
    }
}
