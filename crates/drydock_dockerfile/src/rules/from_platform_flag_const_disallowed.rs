use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/from-platform-flag-const-disallowed",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM --platform` with a constant value"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "FromPlatformFlagConstDisallowed",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `FROM --platform=linux/amd64 …` (a fixed platform) unless the stage name mentions the
platform's OS or architecture, which marks an intentional per-platform stage.

## Why is this bad?
A fixed platform pins the image to one architecture: multi-platform builds produce the wrong
binaries, and builds on other machines run under emulation. Use `$BUILDPLATFORM` for build tools
or leave the flag out.

## Invalid
```dockerfile
FROM --platform=linux/amd64 alpine AS build
```

## Valid
```dockerfile
FROM --platform=$BUILDPLATFORM alpine AS build
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let Some(word) = &stage.platform_expanded else {
            continue;
        };
        if !word.references.is_empty() || word.error.is_some() || word.value.is_empty() {
            continue;
        }
        let mut parts = word.value.split('/');
        let os = parts.next().unwrap_or("").to_lowercase();
        let arch = parts.next().unwrap_or("").to_lowercase();
        let name = stage.name.as_deref().unwrap_or("");
        if (!os.is_empty() && name.contains(&os)) || (!arch.is_empty() && name.contains(&arch)) {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "FROM --platform flag should not use constant value {:?}",
                word.value
            ),
            word.range,
        ));
    }
}
