use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/syntax-error",
    language: Language::Dockerfile,
    summary: crate::rules::summary("The Dockerfile cannot be parsed the way BuildKit parses it"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "parse errors",
        },
        Mirror {
            tool: "hadolint",
            id: "DL1000",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports what BuildKit's parser rejects: a parser directive given twice, an invalid escape
character, an unterminated heredoc, malformed JSON where only JSON is allowed.

## Why is this bad?
BuildKit stops before building anything. Drydock reports the error on the broken instruction only
and goes on checking the rest of the file.

## Invalid
```dockerfile
# syntax=docker/dockerfile:1
# syntax=docker/dockerfile:1.7
FROM alpine
```

## Valid
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for error in &ctx.tree.errors {
        out.push(Diagnostic::new(&RULE, error.message.clone(), error.range));
    }
}
