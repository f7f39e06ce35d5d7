use super::unknown_instruction::edit_distance;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::{ReferenceKind, Target};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-from-unknown-stage",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`COPY --from` names no earlier stage"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3022",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY --from=<name>` whose value (after resolving `ARG`s) is neither an earlier stage's name or index nor an image reference (with a registry, path or tag).

## Why is this bad?
BuildKit treats an unknown name as an image to pull from Docker Hub: a typo in a stage name becomes a pull of an unrelated (or malicious) image, or a confusing error.

## Invalid
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app .
FROM debian:12
COPY --from=biuld /app /app
```

## Valid
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app .
FROM debian:12
COPY --from=build /app /app
COPY --from=nginx:1.25 /etc/nginx/nginx.conf /etc/nginx/
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for reference in &ctx.semantic.references {
        if reference.kind != ReferenceKind::CopyFrom {
            continue;
        }
        let current = ctx
            .semantic
            .instructions
            .get(reference.instruction)
            .and_then(|i| i.stage);
        let message = match &reference.target {
            Target::Stage(stage) if current.is_some_and(|c| *stage > c) => format!(
                "`{}` is a later stage: `COPY --from` can only use stages defined before it",
                reference.value
            ),
            Target::MissingIndex(index) => format!("there is no stage number {index}"),
            Target::Image(image)
                if image.registry.is_none()
                    && image.tag.is_none()
                    && image.digest.is_none()
                    && !image.repository.contains('/') =>
            {
                let names: Vec<&str> = ctx
                    .semantic
                    .stages
                    .iter()
                    .filter_map(|s| s.name.as_deref())
                    .collect();
                match names
                    .iter()
                    .min_by_key(|n| edit_distance(n, &reference.value))
                {
                    Some(near) if edit_distance(near, &reference.value) <= 2 => format!(
                        "`{}` is not a stage defined before, so BuildKit pulls an image of that name: did you mean `{near}`?",
                        reference.value
                    ),
                    _ => format!(
                        "`{}` is not a stage defined before, so BuildKit pulls an image of that name",
                        reference.value
                    ),
                }
            }
            _ => continue,
        };
        out.push(Diagnostic::new(&RULE, message, reference.range));
    }
}
