use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/expose-invalid-format",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`EXPOSE` with an IP address or a host port"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "ExposeInvalidFormat",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `EXPOSE 8080:80` and `EXPOSE 127.0.0.1:80:80`, and keeps only the container port.

## Why is this bad?
`EXPOSE` documents the ports the container listens on; publishing to the host is decided by
`docker run -p` or the orchestrator. BuildKit will reject this form in a future release.

## Invalid
```dockerfile
FROM nginx
EXPOSE 8080:80
```

## Valid
```dockerfile
FROM nginx
EXPOSE 80
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let (Some(Keyword::Expose), Arguments::List { words, .. }) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        for word in words.iter().filter(|w| w.value.contains(':')) {
            let mut diagnostic = Diagnostic::new(
                &RULE,
                format!(
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                    word.value
                ),
                word.range,
            );
            let port = word.value.rsplit(':').next().unwrap_or("");
            if !port.is_empty()
                && !word.value.contains('$')
                && word.range.slice(ctx.text) == word.value
            {
                diagnostic = diagnostic.with_fix(Fix::replace(
                    format!("Keep the container port `{port}`"),
                    word.range,
                    port,
                ));
            }
            out.push(diagnostic);
        }
    }
}
