use super::apt_lists_not_removed::has_cache_mount;
use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/yarn-cache-clean-missing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`yarn install` without `yarn cache clean` in the same `RUN`"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3060",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` with `yarn install` but no `yarn cache clean`, unless the cache is a `--mount=type=cache`.

## Why is this bad?
Yarn keeps a copy of every package it downloads; in an image that doubles the size of `node_modules` for nothing.

## Invalid
```dockerfile
FROM node:20
RUN yarn install --frozen-lockfile
```

## Valid
```dockerfile
FROM node:20
RUN yarn install --frozen-lockfile && yarn cache clean
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        let commands = &run.script.commands;
        if commands.iter().any(|command| {
            command.is("yarn") && command.has_arg("cache") && command.has_arg("clean")
        }) || has_cache_mount(run, "/usr/local/share/.cache/yarn")
        {
            continue;
        }
        for command in commands {
            if (command.is("yarn")) && command.runs_subcommand(&["install"], value_flags::NPM) {
                let sub = command
                    .subcommand(value_flags::NPM)
                    .map_or(command.name.range, |w| w.range);
                out.push(Diagnostic::new(&RULE, "`yarn install` fills yarn's cache, and no `yarn cache clean` in the same `RUN` empties it, so it ships in the layer", command.name.range.cover(sub)));
            }
        }
    }
}
