use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/gem-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3028",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `gem install` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means `rails:7.1.3` or a local `.gem` file.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM ruby:3.3
RUN gem install bundler
```

## Valid
```dockerfile
FROM ruby:3.3
RUN gem install bundler:2.5.6
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("gem")) {
            continue;
        }
        let Some(packages) = command.operands_after(&["install"], value_flags::GEM) else {
            continue;
        };
        if command.has_any_flag(&["v", "version"]) {
            continue;
        }
        let unpinned: Vec<_> = packages
            .into_iter()
            .filter(|p| !p.dynamic && !is_pinned(&p.value))
            .collect();
        super::unpinned::report(&RULE, &unpinned, ":", "", out);
    }
}

/// `rails:7.1.3` or a local `.gem` file.
fn is_pinned(package: &str) -> bool {
    package.contains(':') || package.ends_with(".gem")
}
