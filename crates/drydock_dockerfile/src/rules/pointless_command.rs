use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/pointless-command",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A command that makes no sense in a container build"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3001",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports commands in `RUN` that are meant for an interactive machine: `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.

## Why is this bad?
A build step has no terminal, no init system and no long-running processes: these commands either do nothing useful or fail, and usually show a misunderstanding of what a `RUN` does.

## Invalid
```dockerfile
FROM debian:12
RUN service nginx start
```

## Valid
```dockerfile
FROM debian:12
CMD ["nginx", "-g", "daemon off;"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        let name = command.base_name();
        if POINTLESS.contains(&name) {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{name}` is meant for an interactive machine; in a build step it does nothing useful or fails"),
                command.name.range,
            ));
        }
    }
}

const POINTLESS: &[&str] = &[
    "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];
