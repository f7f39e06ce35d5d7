use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/remote-resource",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A resource is a URL or a git repository, which Drydock does not fetch",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `resources` entries that kustomize would fetch over the network: `https://` URLs of
files and git repositories in go-getter form (`github.com/org/repo//deploy?ref=v1.2.0`,
`git@…`, `git::…`). Drydock works offline: the rest of the kustomization is rendered and
checked, without what the remote resource would add.

## Why is this bad?
The objects from the remote resource are neither rendered nor checked, and whatever refers to
them (a patch, a name reference) is checked against a partial output. A remote resource without a
pinned `ref` also changes under the overlay without a commit: vendor it, or pin a tag or commit.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- https://github.com/example/web//deploy?ref=v1.2.0
```

## Valid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- vendor/web
```

```yaml vendor/web/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
```

```yaml vendor/web/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```
"#,
    ),
};
