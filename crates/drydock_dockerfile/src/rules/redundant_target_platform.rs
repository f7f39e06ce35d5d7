use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/redundant-target-platform",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM --platform=$TARGETPLATFORM` repeats the default"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "RedundantTargetPlatform",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `--platform=$TARGETPLATFORM` on `FROM`, which is what BuildKit does anyway, and removes it.

## Why is this bad?
It adds noise, and suggests to readers that the stage is special when it is not.

## Invalid
```dockerfile
FROM --platform=$TARGETPLATFORM alpine
```

## Valid
```dockerfile
FROM alpine
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let Some(flag) = &stage.platform else {
            continue;
        };
        let Some(value) = &flag.value else {
            continue;
        };
        if value.value != "$TARGETPLATFORM" && value.value != "${TARGETPLATFORM}" {
            continue;
        }
        let after = ctx.text.get(flag.range.end..).unwrap_or("");
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "Setting platform to predefined {} in FROM is redundant as this is the default behavior",
                    value.value
                ),
                flag.range,
            )
            .with_fix(Fix::replace(
                "Remove the flag",
                TextRange::new(flag.range.start, flag.range.end + blanks),
                "",
            )),
        );
    }
}
