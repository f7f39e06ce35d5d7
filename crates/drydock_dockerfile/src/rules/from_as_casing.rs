use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/from-as-casing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("The `AS` keyword is cased differently from its `FROM`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "FromAsCasing",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `FROM … as name` where `FROM` is upper case (or `from … AS name` where it is lower case).

## Why is this bad?
Mixed casing in one line reads as a typo and makes the stage name harder to spot.

## Invalid
```dockerfile
FROM alpine as builder
```

## Valid
```dockerfile
FROM alpine AS builder
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let (Some(as_word), Some(from)) = (&stage.as_word, ctx.tree.instructions.get(stage.from))
        else {
            continue;
        };
        let keyword = from.keyword_text.as_str();
        let lower = keyword.to_lowercase() == keyword;
        let wanted = if lower {
            as_word.value.to_lowercase()
        } else {
            as_word.value.to_uppercase()
        };
        if wanted == as_word.value {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "'{}' and '{keyword}' keywords' casing do not match",
                    as_word.value
                ),
                as_word.range,
            )
            .with_fix(Fix::replace(
                format!("Write `{wanted}`"),
                as_word.range,
                wanted,
            )),
        );
    }
}
