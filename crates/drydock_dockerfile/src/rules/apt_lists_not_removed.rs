use crate::command::{Run, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::Base;
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-lists-not-removed",
    language: Language::Dockerfile,
    summary: crate::rules::summary("Apt's package lists are left in the image"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3009",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apt-get update` in a `RUN` that does not also remove `/var/lib/apt/lists/*`, in the stages that end up in the image: the final stage and stages other stages build on. A `--mount=type=cache` on the lists is fine too.

## Why is this bad?
`apt-get update` downloads tens of megabytes of package lists. They are useless once the packages are installed, and deleting them in a later `RUN` does not help: they stay in the earlier layer.

## Invalid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```

## Valid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let kept = stages_in_image(ctx);
    for run in ctx.runs {
        if !kept.get(run.stage).copied().unwrap_or(true) && !run.onbuild {
            continue;
        }
        let commands = &run.script.commands;
        let cleaned = commands.iter().any(|c| {
            (c.is("rm")
                && c.args
                    .iter()
                    .any(|w| w.value.starts_with("/var/lib/apt/lists")))
                || (c.is("apt-get") && c.runs_subcommand(&["dist-clean"], value_flags::APT_GET))
        });
        if cleaned
            || has_cache_mount(run, "/var/lib/apt/lists")
            || has_cache_mount(run, "/var/lib/apt") && has_cache_mount(run, "/var/cache/apt")
        {
            continue;
        }
        let Some(update) = commands
            .iter()
            .find(|c| c.is("apt-get") && c.runs_subcommand(&["update"], value_flags::APT_GET))
        else {
            continue;
        };
        let sub = update
            .subcommand(value_flags::APT_GET)
            .map_or(update.name.range, |w| w.range);
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`apt-get update` leaves the package lists in /var/lib/apt/lists, and this `RUN` does not remove them, so they stay in the image layer",
            update.name.range.cover(sub),
        );
        if let Some(at) = append_point(run, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace(
                "Remove the lists at the end of the `RUN`",
                at,
                " \\\n    && rm -rf /var/lib/apt/lists/*",
            ));
        }
        out.push(diagnostic);
    }
}

/// Per stage: whether its file system reaches the image (the final stage, and stages some
/// stage builds on with `FROM <stage>`). Unknown stages count as kept.
pub(super) fn stages_in_image(ctx: &DockerfileContext<'_>) -> Vec<bool> {
    let stages = &ctx.semantic.stages;
    let mut kept = vec![false; stages.len()];
    if let Some(last) = kept.last_mut() {
        *last = true;
    }
    for stage in stages {
        if let Base::Stage(base) = stage.base
            && let Some(slot) = kept.get_mut(base)
        {
            *slot = true;
        }
    }
    kept
}

/// Whether the `RUN` has `--mount=type=cache` with a target under `dir`.
pub(crate) fn has_cache_mount(run: &Run<'_>, dir: &str) -> bool {
    run.instruction.flags.iter().any(|flag| {
        flag.name.value == "mount"
            && flag.value.as_ref().is_some_and(|value| {
                let fields: Vec<&str> = value.value.split(',').collect();
                fields.contains(&"type=cache")
                    && fields.iter().any(|f| {
                        ["target=", "dst=", "destination="]
                            .iter()
                            .any(|k| f.strip_prefix(k).is_some_and(|t| t.starts_with(dir)))
                    })
            })
    })
}

/// The end of a shell-form `RUN` with no heredoc, when its last command ends the text (no
/// trailing comment or operator): where `&& more` can be appended.
pub(crate) fn append_point(run: &Run<'_>, text: &str) -> Option<TextRange> {
    if run.instruction.keyword != Some(Keyword::Run) || !run.instruction.heredocs.is_empty() {
        return None;
    }
    let Arguments::Shell { command, .. } = &run.instruction.arguments else {
        return None;
    };
    let last = run
        .script
        .commands
        .iter()
        .filter(|c| !c.nested_shell)
        .map(|c| c.end())
        .max()?;
    let tail = text.get(last..command.range.end)?;
    tail.trim().is_empty().then(|| TextRange::empty(last))
}
