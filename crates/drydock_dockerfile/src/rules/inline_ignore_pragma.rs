use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/inline-ignore-pragma",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "An inline `# hadolint ignore=…` or `# drydock ignore=…` comment",
    ),
    severity: Severity::Info,
    // hadolint's DL1001 is off unless asked for ("ignore" level); a team that wants every
    // exception in the configuration file turns it on.
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL1001",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports comments that silence a rule for the next instruction: `# hadolint ignore=DL3008` and `# drydock ignore=apt-get-unpinned-package`. Off by default, as in hadolint: turn it on (`rules: {inline-ignore-pragma: on}`) when exceptions should be listed in the configuration file, where they are reviewed in one place.

## Why is this bad?
An inline pragma hides a finding where nobody reviewing the configuration sees it, and it stays
after the reason for it is gone. `global` and `stage` pragmas are not reported, as in hadolint.

## Invalid
```dockerfile
FROM debian:12
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Valid
```dockerfile
FROM debian:12
# curl comes from the base image's release
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for comment in &ctx.tree.comments {
        if crate::suppression::is_inline_ignore(comment.slice(ctx.text)) {
            out.push(Diagnostic::new(
                &RULE,
                "Inline ignore pragma: it hides a finding where a review of the configuration does not see it; list the exception in `.drydock.yaml` (or `.hadolint.yaml`) instead",
                *comment,
            ));
        }
    }
}
