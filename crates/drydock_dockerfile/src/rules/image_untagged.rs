use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::Base;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/image-untagged",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM` an image without a tag"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3006",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `FROM` of an image with neither a tag nor a digest, after resolving `ARG`s (a tag given by an `ARG` default counts). Stages and `scratch` are not images.

## Why is this bad?
Without a tag Docker uses `latest`, which moves: the same Dockerfile builds different images over time and a new release of the base can break the build.

## Invalid
```dockerfile
FROM debian
RUN echo hello
```

## Valid
```dockerfile
ARG DEBIAN=debian:12.5
FROM $DEBIAN
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

        if image.tag.is_none() && image.digest.is_none() {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{}` has no tag, so it means `latest`, which changes over time: pin a version tag (or a digest)", image.text),
                word.range,
            ));
        }
    }
}
