use super::apt_lists_not_removed::has_cache_mount;
use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/dnf-clean-missing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`dnf install` without `dnf clean all` in the same `RUN`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3040",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` that installs with dnf or microdnf but does not clean the cache in the same step (`dnf clean all`, or `rm -rf /var/cache/dnf`), unless the cache is a `--mount=type=cache`.

## Why is this bad?
Each `RUN` is a layer: the cache written by `dnf install` stays in it, even if a later `RUN` deletes it.

## Invalid
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.59
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
    for run in ctx.runs {
        let commands = &run.script.commands;
        if commands.iter().any(|command| {
            ((command.is("dnf") || command.is("microdnf"))
                && command.runs_subcommand(&["clean"], value_flags::YUM))
                || (command.is("rm")
                    && command.args.iter().any(|w| {
                        w.value.starts_with("/var/cache/dnf")
                            || w.value.starts_with("/var/cache/yum")
                    }))
        }) || has_cache_mount(run, "/var/cache/dnf")
        {
            continue;
        }
        for command in commands {
            if (command.is("dnf") || command.is("microdnf"))
                && command.runs_subcommand(
                    &["install", "groupinstall", "localinstall"],
                    value_flags::YUM,
                )
            {
                let sub = command
                    .subcommand(value_flags::YUM)
                    .map_or(command.name.range, |w| w.range);
                out.push(Diagnostic::new(&RULE, "`dnf install` leaves its package cache in /var/cache/dnf, and no `dnf clean all` in the same `RUN` removes it, so it ships in the layer", command.name.range.cover(sub)));
            }
        }
    }
}
