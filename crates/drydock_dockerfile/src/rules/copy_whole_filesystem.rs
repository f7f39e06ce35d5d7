use super::add_instead_of_copy::copy_words;
use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-whole-filesystem",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`COPY --from` copies a whole file system"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3067",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY --from=<stage> / /`.

## Why is this bad?
Copying the root of another stage over the root of this one brings along every file of that stage's base image, defeating the point of a multi-stage build and overwriting system files.

## Invalid
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM debian:12
COPY --from=build / /
```

## Valid
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM debian:12
COPY --from=build /out/app /usr/local/bin/app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Copy)
            || !instruction.flags.iter().any(|f| f.name.value == "from")
        {
            continue;
        }
        let words = copy_words(instruction);
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        if dest.value.trim_matches('"') == "/"
            && sources.iter().any(|s| s.value.trim_matches('"') == "/")
        {
            out.push(Diagnostic::new(
                &RULE,
                "This copies the other stage's whole file system over this one, base image and all: copy only the files you built",
                instruction.range,
            ));
        }
    }
}
