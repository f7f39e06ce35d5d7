use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/zypper-dist-upgrade",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`zypper dist-upgrade` inside an image"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3035",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `zypper dist-upgrade` (`zypper dup`).

## Why is this bad?
A distribution upgrade inside a build makes the image differ from its base tag and from build to build.

## Invalid
```dockerfile
FROM opensuse/leap:15.5
RUN zypper dist-upgrade -y
```

## Valid
```dockerfile
FROM opensuse/leap:15.6
RUN echo up to date
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("zypper")) {
            continue;
        }
        if let Some(sub) = command.subcommand(value_flags::ZYPPER)
            && ["dist-upgrade", "dup"].contains(&sub.value.as_str())
        {
            out.push(Diagnostic::new(&RULE, "`zypper dist-upgrade` upgrades the whole base system, so the image no longer matches its base tag: use a newer base image instead", command.name.range.cover(sub.range)));
        }
    }
}
