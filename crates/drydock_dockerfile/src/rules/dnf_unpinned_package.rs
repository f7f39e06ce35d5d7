use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/dnf-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3041",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `dnf install` or `microdnf install` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means `httpd-2.4.57`, or a local `.rpm` file.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM fedora:40
RUN dnf install -y httpd && dnf clean all
```

## Valid
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.59 && dnf clean all
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("dnf") || command.is("microdnf")) {
            continue;
        }
        let Some(packages) = command.operands_after(&["install"], value_flags::YUM) else {
            continue;
        };
        if false {
            continue;
        }
        let unpinned: Vec<_> = packages
            .into_iter()
            .filter(|p| !p.dynamic && !is_pinned(&p.value))
            .collect();
        super::unpinned::report(&RULE, &unpinned, "-", "", out);
    }
}

/// `httpd-2.4.57`, or a local `.rpm` file.
fn is_pinned(package: &str) -> bool {
    package.ends_with(".rpm") || package.contains('/') || has_rpm_version(package)
}

/// `name-1.2.3` or `name-1.2.3-4.el9`: a `-` followed by a digit, as RPM versions start.
pub(super) fn has_rpm_version(package: &str) -> bool {
    package.match_indices('-').any(|(i, _)| {
        package
            .get(i + 1..)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}
