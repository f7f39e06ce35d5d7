use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/dnf-update",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`dnf update` inside an image"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3039",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `dnf update` and `dnf upgrade` (also with microdnf).

## Why is this bad?
Upgrading the base image's packages in place makes builds unreproducible; rebuild on a newer base image tag instead.

## Invalid
```dockerfile
FROM fedora:40
RUN dnf update -y && dnf clean all
```

## Valid
```dockerfile
FROM fedora:40
RUN echo up to date
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("dnf") || command.is("microdnf")) {
            continue;
        }
        if let Some(sub) = command.subcommand(value_flags::YUM)
            && ["update", "upgrade"].contains(&sub.value.as_str())
        {
            out.push(Diagnostic::new(&RULE, "`dnf update` upgrades every package of the base image, so the result differs from build to build: use a newer base image instead", command.name.range.cover(sub.range)));
        }
    }
}
