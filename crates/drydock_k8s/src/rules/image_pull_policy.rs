use crate::object::{image_tag, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/image-pull-policy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "imagePullPolicy IfNotPresent or Never on an image tagged latest or not tagged: nodes keep a stale image",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-score",
            id: "container-image-pull-policy",
        },
        Mirror {
            tool: "polaris",
            id: "pullPolicyNotAlways",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `imagePullPolicy: IfNotPresent` or `Never` on an image tagged `latest` or not tagged at
all (not pinned by digest). Without a policy, Kubernetes pulls such images `Always`, so only an
explicit policy is reported.

kube-score's `container-image-pull-policy` skips the same unset-policy case but then asks for
`Always` on every container. We report only the combinations that run stale code: with a pinned,
immutable tag, `IfNotPresent` (the default for tagged images) is right, and `Always` only adds a
registry round trip to every start.

## Why is this bad?
A node that already has some `latest` keeps running it: nodes run different code under the same
manifest, and a new push never reaches the nodes that pulled before. With `Never` a node without
the image cannot start the pod at all.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: registry.example.com/web:latest
    imagePullPolicy: IfNotPresent
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
    image: registry.example.com/web:1.4.2
    imagePullPolicy: IfNotPresent
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            let (Some(image), Some(policy)) = (
                doc.get_str(container, "image"),
                doc.get(container, "imagePullPolicy"),
            ) else {
                continue;
            };
            let Some(policy_text) = scalar_text(doc, policy.value) else {
                continue;
            };
            if !matches!(policy_text, "IfNotPresent" | "Never")
                || image.contains('@')
                || image.contains("${")
                || image.contains("{{")
            {
                continue;
            }
            let tag = match image_tag(image) {
                None => "no tag (so latest)".to_owned(),
                Some(tag) if tag.eq_ignore_ascii_case("latest") => format!("the tag {tag}"),
                Some(_) => continue,
            };
            let consequence = if policy_text == "Never" {
                "a node without the image cannot start the pod, and one with an old copy runs it"
            } else {
                "a node that pulled it before keeps running its old copy, so nodes run different code"
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("imagePullPolicy is {policy_text} for image {image} with {tag}: {consequence}"),
                    doc.range(policy.value),
                )
                .with_help("pin a version tag or digest, or use `imagePullPolicy: Always`"),
            );
        }
    }
}
