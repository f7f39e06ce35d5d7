use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/zypper-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3037",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `zypper install` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means `httpd=2.4.58`, a range (`httpd>=2.4`), or a local `.rpm` file.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM opensuse/leap:15.5
RUN zypper install -y httpd && zypper clean
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
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("zypper")) {
            continue;
        }
        let Some(packages) = command.operands_after(&["install", "in"], value_flags::ZYPPER) else {
            continue;
        };
        if false {
            continue;
        }
        let unpinned: Vec<_> = packages
            .into_iter()
            .filter(|p| !p.dynamic && !is_pinned(&p.value))
            .collect();
        super::unpinned::report(&RULE, &unpinned, "=", "", out);
    }
}

/// `httpd=2.4.58`, a range (`httpd>=2.4`), or a local `.rpm` file.
fn is_pinned(package: &str) -> bool {
    package.contains('=')
        || package.contains('>')
        || package.contains('<')
        || package.ends_with(".rpm")
}
