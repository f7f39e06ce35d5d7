use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/stage-name-casing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A stage name is not lowercase"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "StageNameCasing",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a stage name (`FROM image AS Name`) with upper-case letters.

## Why is this bad?
BuildKit lower-cases stage names, but `FROM Name` looks stages up exactly, so a mixed-case name
invites references that silently pull an image called `Name` instead of the stage.

## Invalid
```dockerfile
FROM alpine AS BuilderBase
```

## Valid
```dockerfile
FROM alpine AS builder-base
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let Some(name) = &stage.name_word else {
            continue;
        };
        let lower = name.value.to_lowercase();
        if lower == name.value {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                format!("Stage name '{}' should be lowercase", name.value),
                name.range,
            )
            .with_fix(Fix::replace(
                format!("Rename to `{lower}`"),
                name.range,
                lower,
            )),
        );
    }
}
