use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::{Base, is_absolute_path};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/workdir-relative-path",
    language: Language::Dockerfile,
    summary: crate::rules::summary("The first `WORKDIR` of a stage is a relative path"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "WorkdirRelativePath",
        },
        Mirror {
            tool: "hadolint",
            id: "DL3000",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a relative `WORKDIR` when no earlier `WORKDIR` in the stage (or the stages it builds on)
set an absolute one (`/app`, or on Windows `C:\app`). Later relative ones are fine: they build
on it. When the base image's working
directory is known (`scratch` and common official images), the fix writes the absolute path.

## Why is this bad?
A relative path is resolved against the base image's working directory, which the Dockerfile does
not control: a new base image version can move every file the build writes.

## Invalid
```dockerfile
FROM alpine
WORKDIR app
```

## Valid
```dockerfile
FROM alpine
WORKDIR /app
```
"#,
    ),
};

/// Official images whose configuration sets no `WORKDIR` (so `/`), or the one given.
const KNOWN_WORKDIRS: &[(&str, &str)] = &[
    ("alpine", "/"),
    ("busybox", "/"),
    ("debian", "/"),
    ("ubuntu", "/"),
    ("centos", "/"),
    ("fedora", "/"),
    ("rockylinux", "/"),
    ("almalinux", "/"),
    ("amazonlinux", "/"),
    ("node", "/"),
    ("python", "/"),
    ("ruby", "/"),
    ("nginx", "/"),
    ("httpd", "/usr/local/apache2"),
    ("golang", "/go"),
    ("php", "/var/www/html"),
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        if instruction.keyword != Some(Keyword::Workdir) {
            continue;
        }
        let Some(info) = ctx.semantic.instructions.get(index) else {
            continue;
        };
        let Some(word) = info.words.first() else {
            continue;
        };
        if info.workdir.is_some() || is_absolute_path(&word.value) || word.value.is_empty() {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "Relative workdir {:?} can have unexpected results if the base image changes",
                word.value
            ),
            word.range,
        );
        let base_dir = info
            .stage
            .and_then(|stage| ctx.semantic.root_stage(stage))
            .and_then(|root| match &root.base {
                Base::Scratch => Some("/"),
                Base::Image(image) => KNOWN_WORKDIRS
                    .iter()
                    .find(|(name, _)| *name == image.short_name())
                    .map(|(_, dir)| *dir),
                _ => None,
            });
        if let Some(dir) = base_dir
            && word.range.slice(ctx.text) == word.raw
        {
            let absolute = format!("{}/{}", dir.trim_end_matches('/'), word.raw);
            diagnostic = diagnostic.with_fix(Fix::replace(
                format!("Write `{absolute}`"),
                word.range,
                absolute,
            ));
        }
        out.push(diagnostic);
    }
}
