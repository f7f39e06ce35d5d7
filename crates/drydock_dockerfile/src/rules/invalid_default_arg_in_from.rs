use crate::ImageRef;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-default-arg-in-from",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "With the ARG defaults, a `FROM` image name is empty or invalid",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "InvalidDefaultArgInFrom",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Expands each `FROM` image with the global ARGs' default values (as a build without `--build-arg`
would) and reports an empty or invalid image reference.

## Why is this bad?
The Dockerfile only builds when the caller remembers to pass the right `--build-arg`; a plain
`docker build .` fails.

## Invalid
```dockerfile
ARG TAG
FROM alpine:${TAG}
```

## Valid
```dockerfile
ARG TAG=3.20
FROM alpine:${TAG}
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let Some(word) = &stage.base_expanded else {
            continue;
        };
        // Only names built from variables: a literal invalid name is a plain error elsewhere.
        if word.error.is_some() || word.references.is_empty() {
            continue;
        }
        if word.value.eq_ignore_ascii_case("scratch") {
            continue;
        }
        if let Err(reason) = ImageRef::parse(&word.value) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "Default value for ARG {} results in empty or invalid base image name",
                        word.raw
                    ),
                    word.range,
                )
                .with_help(format!(
                    "with the defaults it is {:?}: {reason}",
                    word.value
                )),
            );
        }
    }
}
