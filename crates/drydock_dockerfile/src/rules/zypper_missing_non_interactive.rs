use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/zypper-missing-non-interactive",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`zypper install` without `-y` waits for a confirmation no one gives",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3034",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `zypper install` (and `remove`, `patch`, `source-install`) without `-n`, `--non-interactive`, `-y` or `--no-confirm`, and adds `-y`.

## Why is this bad?
zypper asks before changing the system; with stdin closed during a build the step fails.

## Invalid
```dockerfile
FROM opensuse/leap:15.5
RUN zypper install httpd=2.4.51 && zypper clean
```

## Valid
```dockerfile
FROM opensuse/leap:15.5
RUN zypper install -y httpd=2.4.51 && zypper clean
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("zypper")) {
            continue;
        }
        let Some(sub) = command.subcommand(value_flags::ZYPPER) else {
            continue;
        };
        if ![
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ]
        .contains(&sub.value.as_str())
            || command.has_any_flag(&["n", "non-interactive", "y", "no-confirm"])
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`zypper` without `--non-interactive` (or `-y`) asks for confirmation, and a build has nobody to answer: it aborts",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `-y`", at, " -y"));
        }
        out.push(diagnostic);
    }
}
