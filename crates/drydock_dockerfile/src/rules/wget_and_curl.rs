use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/wget-and-curl",
    language: Language::Dockerfile,
    summary: crate::rules::summary("Both `wget` and `curl` are used"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL4001",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the uses of `wget` once `curl` was used in the same Dockerfile, or of `curl` once `wget` was.

## Why is this bad?
Both tools do the same job; installing both makes the image larger and gives two sets of TLS and proxy settings to keep right. Pick one.

## Invalid
```dockerfile
FROM debian:12
RUN curl -fsSLo a.tgz https://example.com/a.tgz
RUN wget -q https://example.com/b.tgz
```

## Valid
```dockerfile
FROM debian:12
RUN curl -fsSLo a.tgz https://example.com/a.tgz
RUN curl -fsSLo b.tgz https://example.com/b.tgz
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: Option<&str> = None;
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        let name = command.base_name();
        if name != "wget" && name != "curl" {
            continue;
        }
        match first {
            None => first = Some(if name == "wget" { "wget" } else { "curl" }),
            Some(tool) if tool != name => out.push(Diagnostic::new(
                &RULE,
                format!("`{name}` is used here but `{tool}` is used earlier: both do the same job, pick one"),
                command.name.range,
            )),
            Some(_) => {}
        }
    }
}
