use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/untrusted-registry",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM` an image of a registry outside `trusted-registries`"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3026",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `FROM` whose image comes from a registry that is not in the `trusted-registries` list of `.drydock.yaml` (or `trustedRegistries` of `.hadolint.yaml`). With no list, it reports nothing. Earlier stages (`FROM build`) and `scratch` are not images of a registry. An image without a registry host comes from Docker Hub: it is trusted when the list holds `docker.io` (or `hub.docker.com`, `index.docker.io`). An image whose name is only known at build time (`FROM $BASE` with no default) is not judged.

The examples here assume:

```yaml
# .drydock.yaml
trusted-registries: [docker.io, registry.example.com]
```

## Why is this bad?
An organisation that mirrors and scans its base images wants every build to start from them: an
image pulled from anywhere else has not been reviewed, and may change or vanish.

## Invalid
```dockerfile
FROM quay.io/prometheus/busybox:latest
```

## Valid
```dockerfile
FROM registry.example.com/base/node:20 AS build
FROM node:20-slim
FROM build
FROM scratch
```
"#,
    ),
};

/// Docker Hub's names: an image without a registry host comes from there.
const DOCKER_HUB: &[&str] = &[
    "docker.io",
    "hub.docker.com",
    "index.docker.io",
    "registry-1.docker.io",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let trusted = &ctx.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let is_trusted = |registry: &str| trusted.iter().any(|t| t.eq_ignore_ascii_case(registry));
    for stage in &ctx.semantic.stages {
        let Base::Image(image) = &stage.base else {
            continue;
        };
        let (Some(word), Some(expanded)) = (&stage.base_word, &stage.base_expanded) else {
            continue;
        };
        // A variable without a value: the registry is only known at build time.
        if expanded.references.iter().any(|r| !r.set) {
            continue;
        }
        let allowed = match image.registry.as_deref() {
            Some(registry) => {
                is_trusted(registry)
                    || (DOCKER_HUB.contains(&registry.to_ascii_lowercase().as_str())
                        && DOCKER_HUB.iter().any(|hub| is_trusted(hub)))
            }
            None => DOCKER_HUB.iter().any(|hub| is_trusted(hub)),
        };
        if allowed {
            continue;
        }
        let registry = image.registry.as_deref().unwrap_or("docker.io");
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "`{}` comes from `{registry}`, which is not a trusted registry: base images must come from {}",
                    image.text,
                    trusted
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                word.range,
            )
            .with_help("use the mirror of this image in a trusted registry, or add the registry to `trusted-registries` in `.drydock.yaml`"),
        );
    }
}
