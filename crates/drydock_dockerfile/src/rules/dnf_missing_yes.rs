use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/dnf-missing-yes",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`dnf install` without `-y` waits for a confirmation no one gives",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3038",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `dnf install` without `-y` (`--assumeyes`), and adds `-y`. (`microdnf` never asks.)

## Why is this bad?
dnf asks `Is this ok [y/N]` before installing; with stdin closed during a build the answer is no and the step fails.

## Invalid
```dockerfile
FROM fedora:40
RUN dnf install httpd-2.4.59 && dnf clean all
```

## Valid
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.59 && dnf clean all
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("dnf") || command.is("microdnf")) {
            continue;
        }
        let Some(sub) = command.subcommand(value_flags::YUM) else {
            continue;
        };
        if !["install", "groupinstall", "localinstall"].contains(&sub.value.as_str())
            || command.has_any_flag(&["y", "assumeyes"])
            || command.is("microdnf")
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`dnf install` without `-y` asks for confirmation, and a build has nobody to answer: it aborts",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `-y`", at, " -y"));
        }
        out.push(diagnostic);
    }
}
