use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::{ReferenceKind, Target};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-from-self",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`COPY --from` names its own stage"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3023",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY --from=<stage>` inside that same stage.

## Why is this bad?
A stage cannot copy from itself: BuildKit reports a circular dependency and the build fails.

## Invalid
```dockerfile
FROM golang:1.22 AS build
COPY --from=build /src /src
```

## Valid
```dockerfile
FROM golang:1.22 AS build
COPY . /src
FROM debian:12
COPY --from=build /src /src
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for reference in &ctx.semantic.references {
        let current = ctx
            .semantic
            .instructions
            .get(reference.instruction)
            .and_then(|i| i.stage);
        if reference.kind == ReferenceKind::CopyFrom
            && let Target::Stage(stage) = reference.target
            && Some(stage) == current
        {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "`COPY --from={}` names the stage it is in: a stage cannot copy from itself",
                    reference.value
                ),
                reference.range,
            ));
        }
    }
}
