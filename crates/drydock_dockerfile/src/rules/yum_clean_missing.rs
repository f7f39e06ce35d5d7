use super::apt_lists_not_removed::has_cache_mount;
use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/yum-clean-missing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`yum install` without `yum clean all` in the same `RUN`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3032",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` that installs with yum but does not clean yum's cache in the same step (`yum clean all`, or `rm -rf /var/cache/yum`), unless the cache is a `--mount=type=cache`.

## Why is this bad?
Each `RUN` is a layer: the cache written by `yum install` stays in it, even if a later `RUN` deletes it, making the image tens of megabytes larger.

## Invalid
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6
```

## Valid
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        let commands = &run.script.commands;
        if commands.iter().any(|command| {
            (command.is("yum") && command.runs_subcommand(&["clean"], value_flags::YUM))
                || (command.is("rm")
                    && command
                        .args
                        .iter()
                        .any(|w| w.value.starts_with("/var/cache/yum")))
        }) || has_cache_mount(run, "/var/cache/yum")
        {
            continue;
        }
        for command in commands {
            if (command.is("yum"))
                && command.runs_subcommand(
                    &["install", "groupinstall", "localinstall"],
                    value_flags::YUM,
                )
            {
                let sub = command
                    .subcommand(value_flags::YUM)
                    .map_or(command.name.range, |w| w.range);
                out.push(Diagnostic::new(&RULE, "`yum install` leaves its package cache in /var/cache/yum, and no `yum clean all` in the same `RUN` removes it, so it ships in the layer", command.name.range.cover(sub)));
            }
        }
    }
}
