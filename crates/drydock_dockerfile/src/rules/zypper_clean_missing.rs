use super::apt_lists_not_removed::has_cache_mount;
use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/zypper-clean-missing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`zypper install` without `zypper clean` in the same `RUN`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3036",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` that installs with zypper but does not run `zypper clean` (or `zypper cc`) in the same step.

## Why is this bad?
Each `RUN` is a layer: the cache written by `zypper install` stays in it, even if a later `RUN` deletes it.

## Invalid
```dockerfile
FROM opensuse/leap:15.5
RUN zypper install -y httpd=2.4.51
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
    for run in ctx.runs {
        let commands = &run.script.commands;
        if commands.iter().any(|command| {
            (command.is("zypper") && command.runs_subcommand(&["clean", "cc"], value_flags::ZYPPER))
                || (command.is("rm")
                    && command
                        .args
                        .iter()
                        .any(|w| w.value.starts_with("/var/cache/zypp")))
        }) || has_cache_mount(run, "/var/cache/zypp")
        {
            continue;
        }
        for command in commands {
            if (command.is("zypper"))
                && command.runs_subcommand(&["install", "in"], value_flags::ZYPPER)
            {
                let sub = command
                    .subcommand(value_flags::ZYPPER)
                    .map_or(command.name.range, |w| w.range);
                out.push(Diagnostic::new(&RULE, "`zypper install` leaves its package cache in /var/cache/zypp, and no `zypper clean` in the same `RUN` removes it, so it ships in the layer", command.name.range.cover(sub)));
            }
        }
    }
}
