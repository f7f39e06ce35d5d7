use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/image-latest-tag",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM` an image tagged `latest`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3007",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `FROM` of an image tagged `latest` (after resolving `ARG`s), unless it is also pinned by digest.

## Why is this bad?
`latest` is just the tag most recently pushed: the same Dockerfile builds different images over time and a new release of the base can break the build without any change on your side.

## Invalid
```dockerfile
FROM ubuntu:latest
RUN echo hello
```

## Valid
```dockerfile
FROM ubuntu:24.04
RUN echo hello
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        let Base::Image(image) = &stage.base else {
            continue;
        };
        let Some(word) = &stage.base_word else {
            continue;
        };

        if image.tag.as_deref() == Some("latest") && image.digest.is_none() {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{}` follows whatever was pushed last, so builds change over time: pin a version tag", image.text),
                word.range,
            ));
        }
    }
}
