use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/go-install-unpinned",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3062",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports each package that `go install` installs without a version. Pinned means `golang.org/x/tools/gopls@v0.15.3`, or a local path.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM golang:1.22
RUN go install golang.org/x/tools/gopls
```

## Valid
```dockerfile
FROM golang:1.22
RUN go install golang.org/x/tools/gopls@v0.15.3
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("go")) {
            continue;
        }
        let Some(packages) = command.operands_after(&["install", "get"], value_flags::GO) else {
            continue;
        };
        if false {
            continue;
        }
        for package in packages {
            let name = package.value.as_str();
            if package.dynamic || is_pinned(name) {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE,
                format!("`{name}` is installed without a version, so every build may get a different one: pin it, as in `{name}@<version>`"),
                package.range,
            ));
        }
    }
}

/// `golang.org/x/tools/gopls@v0.15.3`, or a local path.
fn is_pinned(package: &str) -> bool {
    package.contains('@') || package.starts_with('.') || package.starts_with('/')
}
