use super::add_instead_of_copy::copy_words;
use crate::Keyword;
use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/npm-install-instead-of-ci",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`npm install` where a lockfile makes `npm ci` the right command",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `npm install` without package arguments in a stage that copied `package-lock.json` (or `npm-shrinkwrap.json`, or `package*.json`), and replaces `install` with `ci`; and `npm install` after copying `package.json` alone, without its lockfile.

## Why is this bad?
`npm install` may update the lockfile and resolve different versions than the ones tested; `npm ci` installs exactly what the lockfile says, fails if it is out of date, and is faster.

## Invalid
```dockerfile
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install
```

## Valid
```dockerfile
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    // What the stage copied before each instruction, in one pass over the file: whether a
    // lockfile came in, and whether `package.json` did.
    let mut copied = Vec::with_capacity(ctx.tree.instructions.len());
    let (mut stage_now, mut lockfile, mut manifest) = (None, false, false);
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let stage = ctx.semantic.instructions.get(index).and_then(|i| i.stage);
        if stage != stage_now {
            (stage_now, lockfile, manifest) = (stage, false, false);
        }
        copied.push((lockfile, manifest));
        if instruction.keyword == Some(Keyword::Copy)
            && !instruction.flags.iter().any(|f| f.name.value == "from")
        {
            let words = copy_words(instruction);
            let sources = words.split_last().map_or(&[][..], |(_, s)| s);
            lockfile |= sources.iter().any(|w| {
                let v = w.value.trim_end_matches('/');
                v.ends_with("package-lock.json")
                    || v.ends_with("npm-shrinkwrap.json")
                    || v == "."
                    || v.ends_with("*.json")
                    || v.ends_with("package*.json")
            });
            manifest |= sources.iter().any(|w| w.value.ends_with("package.json"));
        }
    }
    for run in ctx.runs {
        let Some(&(lockfile, manifest)) = copied.get(run.index) else {
            continue;
        };
        if ctx
            .semantic
            .instructions
            .get(run.index)
            .and_then(|i| i.stage)
            .is_none()
        {
            continue;
        }
        let manifest_only = !lockfile && manifest;
        if !lockfile && !manifest_only {
            continue;
        }
        for command in &run.script.commands {
            if !command.is("npm") {
                continue;
            }
            let Some(packages) = command.operands_after(&["install", "i"], value_flags::NPM) else {
                continue;
            };
            if !packages.is_empty() || command.has_any_flag(&["g", "global"]) {
                continue;
            }
            let Some(sub) = command.subcommand(value_flags::NPM) else {
                continue;
            };
            if manifest_only {
                out.push(Diagnostic::new(
                    &RULE,
                    "Only package.json is copied, without its lockfile, so `npm install` resolves new versions on every build: copy package-lock.json too and run `npm ci`",
                    command.name.range.cover(sub.range),
                ));
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                "A lockfile was copied, so `npm ci` is the command: `npm install` may resolve other versions than the lockfile's and rewrite it",
                command.name.range.cover(sub.range),
            );
            if sub.range.slice(ctx.text) == sub.value {
                diagnostic = diagnostic.with_fix(Fix::replace("Use `npm ci`", sub.range, "ci"));
            }
            out.push(diagnostic);
        }
    }
}
