use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/user-non-numeric",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`USER` names a user instead of a numeric id"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3066",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `USER` given by name rather than by numeric UID.

## Why is this bad?
Kubernetes' `runAsNonRoot` can only verify a numeric user, and a name may not resolve on the host (for volume permissions) or in another base image.

## Invalid
```dockerfile
FROM debian:12
RUN useradd -l -u 10001 app
USER app
```

## Valid
```dockerfile
FROM debian:12
RUN useradd -l -u 10001 app
USER 10001
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        if instruction.keyword != Some(Keyword::User) {
            continue;
        }
        let Arguments::Shell { command, .. } = &instruction.arguments else {
            continue;
        };
        // `USER $APP_USER` is judged by its value when every variable in it has one.
        let expanded = ctx
            .semantic
            .instructions
            .get(index)
            .and_then(|info| info.words.first())
            .filter(|word| word.error.is_none() && word.references.iter().all(|r| r.set));
        let value = expanded.map_or(command.value.as_str(), |word| word.value.as_str());
        let user = value.split(':').next().unwrap_or("").trim();
        if !user.is_empty() && !user.contains('$') && !user.chars().all(|c| c.is_ascii_digit()) {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{user}` is a name: a numeric UID is what Kubernetes can check (`runAsNonRoot`) and what the host sees"),
                command.range,
            ));
        }
    }
}
