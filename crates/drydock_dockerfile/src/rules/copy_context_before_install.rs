use super::add_instead_of_copy::copy_words;
use crate::Keyword;
use crate::command::Command;
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-context-before-install",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "The whole build context is copied before the dependency install",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY . …` (the whole context) that comes before a dependency install (`npm ci`/`install`, `yarn install`, `pip install -r`, `bundle install`, `go mod download`, `composer install`) in the same stage.

## Why is this bad?
Any change to any file invalidates the cache of the `COPY` and of every step after it, so the dependencies are downloaded again on every code change. Copy the manifest files first, install, then copy the rest.

## Invalid
```dockerfile
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "index.js"]
```

## Valid
```dockerfile
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "index.js"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    // For each instruction, the stage's first COPY of the whole context before it: one pass
    // over the file.
    let mut whole_before = Vec::with_capacity(ctx.tree.instructions.len());
    let (mut stage_now, mut whole) = (None, None);
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let stage = ctx.semantic.instructions.get(index).and_then(|i| i.stage);
        if stage != stage_now {
            (stage_now, whole) = (stage, None);
        }
        whole_before.push(whole);
        let copies_context = matches!(instruction.keyword, Some(Keyword::Copy | Keyword::Add))
            && !instruction.flags.iter().any(|f| f.name.value == "from")
            && copy_words(instruction)
                .split_last()
                .is_some_and(|(_, sources)| {
                    sources
                        .iter()
                        .any(|w| matches!(w.value.as_str(), "." | "./" | "*"))
                });
        if whole.is_none() && copies_context {
            whole = Some(index);
        }
    }
    for run in ctx.runs {
        let Some(install) = run
            .script
            .commands
            .iter()
            .find(|c| is_dependency_install(c))
        else {
            continue;
        };
        let in_stage = ctx
            .semantic
            .instructions
            .get(run.index)
            .and_then(|i| i.stage)
            .is_some();
        let copy = whole_before
            .get(run.index)
            .copied()
            .flatten()
            .and_then(|index| ctx.tree.instructions.get(index));
        if in_stage && let Some(copy) = copy {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("The whole context is copied before `{}`, so every code change re-runs the install: copy the dependency manifests first", install.base_name()),
                    copy.range,
                )
                .with_label(install.range, "dependency install"),
            );
        }
    }
}

fn is_dependency_install(command: &Command) -> bool {
    let sub = command.subcommand(&[]).map_or("", |w| w.value.as_str());
    match command.base_name() {
        "npm" => matches!(sub, "ci" | "install" | "i") && command.operands(&[]).len() == 1,
        "yarn" => sub.is_empty() || sub == "install",
        "pnpm" => sub == "install" || sub == "i",
        "bundle" => sub == "install",
        "composer" => sub == "install",
        "go" => sub == "mod" && command.has_arg("download"),
        _ => {
            command.is_pip()
                && command
                    .pip_args()
                    .iter()
                    .any(|w| w.value == "-r" || w.value.starts_with("--requirement"))
        }
    }
}
