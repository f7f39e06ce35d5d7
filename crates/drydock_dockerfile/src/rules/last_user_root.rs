use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/last-user-root",
    language: Language::Dockerfile,
    summary: crate::rules::summary("The final stage's last `USER` is root"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3002",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `USER root` (or `0`, `root:group`) that is the last `USER` of the final stage, including one inherited from the stage it builds on. `USER root` in build stages, or followed by another `USER`, is fine.

## Why is this bad?
The container's processes run as this user. Running as root turns any compromise of the application into root in the container, one kernel bug away from the host.

## Invalid
```dockerfile
FROM debian:12
USER root
RUN apt-get update
CMD ["app"]
```

## Valid
```dockerfile
FROM debian:12
USER root
RUN useradd -l app
USER app
CMD ["app"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(stage) = ctx.semantic.final_stage() else {
        return;
    };
    let last = stage.end.saturating_sub(1).max(stage.from);
    let Some(user) = ctx.semantic.instructions.get(last).and_then(|info| {
        let at_last = ctx
            .tree
            .instructions
            .get(last)
            .filter(|i| i.keyword == Some(Keyword::User))
            .map(|_| last);
        at_last.or(info.user)
    }) else {
        return;
    };
    let Some(instruction) = ctx.tree.instructions.get(user) else {
        return;
    };
    if let Arguments::Shell { command, .. } = &instruction.arguments
        && is_root(&command.value)
    {
        out.push(Diagnostic::new(
            &RULE,
            "The image runs as root: this is the last `USER` of the final stage; switch to an unprivileged user after the steps that need root",
            instruction.range,
        ));
    }
}

pub(super) fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}
