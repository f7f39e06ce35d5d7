use super::apt_lists_not_removed::has_cache_mount;
use super::pip_unpinned_package::pip_install;
use crate::command::insertion_after;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/pip-cache-dir",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`pip install` keeps its download cache in the image"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3042",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `pip install` without `--no-cache-dir`, and adds the flag. It is not needed when `PIP_NO_CACHE_DIR` is set (by `ENV` or on the command) or the cache is a `--mount=type=cache`.

## Why is this bad?
pip keeps every wheel it downloads in `~/.cache/pip`. In an image that cache is dead weight, often as large as the installed packages.

## Invalid
```dockerfile
FROM python:3.12
RUN pip install requests==2.31.0
```

## Valid
```dockerfile
FROM python:3.12
RUN pip install --no-cache-dir requests==2.31.0
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        // The scope is looked up only for a RUN that installs with pip: a lookup reads the
        // stage's variables, and doing it for every RUN made a file of many ENV and RUN lines
        // quadratic.
        let mut installs = run
            .script
            .commands
            .iter()
            .filter(|command| pip_install(command).is_some())
            .peekable();
        if installs.peek().is_none()
            || has_cache_mount(run, "/root/.cache")
            || ctx
                .semantic
                .env(run.index)
                .get("PIP_NO_CACHE_DIR")
                .is_some()
        {
            continue;
        }
        for command in installs {
            let Some((install, _)) = pip_install(command) else {
                continue;
            };
            if command.has_flag("no-cache-dir")
                || command
                    .assignments
                    .iter()
                    .any(|a| a.value.starts_with("PIP_NO_CACHE_DIR="))
            {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                "`pip install` without `--no-cache-dir` leaves pip's download cache in the image layer",
                command.name.range.cover(install.range),
            );
            if let Some(at) = insertion_after(install, ctx.text) {
                diagnostic = diagnostic.with_fix(Fix::replace(
                    "Add `--no-cache-dir`",
                    at,
                    " --no-cache-dir",
                ));
            }
            out.push(diagnostic);
        }
    }
}
