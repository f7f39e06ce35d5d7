use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/reserved-stage-name",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A stage is named `scratch` or `context`"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "ReservedStageName",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a stage named `scratch` or `context`, names BuildKit reserves for the empty image and the
build context.

## Why is this bad?
References to the stage are ambiguous: `FROM scratch` means the empty image, not the stage.

## Invalid
```dockerfile
FROM alpine AS scratch
```

## Valid
```dockerfile
FROM alpine AS base
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        if let (Some(name), Some(word)) = (&stage.name, &stage.name_word)
            && matches!(name.as_str(), "scratch" | "context")
        {
            out.push(Diagnostic::new(
                &RULE,
                format!("Stage name should not use the same name as reserved stage {name:?}"),
                word.range,
            ));
        }
    }
}
