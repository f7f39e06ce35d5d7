use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/maintainer-deprecated",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`MAINTAINER` is deprecated"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "MaintainerDeprecated",
        },
        Mirror {
            tool: "hadolint",
            id: "DL4000",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports the `MAINTAINER` instruction and rewrites it as the standard OCI label.

## Why is this bad?
`MAINTAINER` sets a deprecated image field that tools no longer read; the
`org.opencontainers.image.authors` label is what registries and scanners show.

## Invalid
```dockerfile
FROM alpine
MAINTAINER Jane Doe <jane@example.com>
```

## Valid
```dockerfile
FROM alpine
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Maintainer) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "Maintainer instruction is deprecated in favor of using label",
            instruction.range,
        );
        if let Arguments::Shell { command, .. } = &instruction.arguments
            && instruction.heredocs.is_empty()
        {
            let keyword = if instruction.keyword_text == instruction.keyword_text.to_lowercase() {
                "label"
            } else {
                "LABEL"
            };
            let escape = ctx.tree.escape;
            let mut value = String::new();
            for c in command.value.chars() {
                if c == '"' || c == '$' || c == escape {
                    value.push(escape);
                }
                value.push(c);
            }
            diagnostic = diagnostic.with_fix(Fix::replace(
                "Replace with the `org.opencontainers.image.authors` label",
                instruction.range,
                format!("{keyword} org.opencontainers.image.authors=\"{value}\""),
            ));
        }
        out.push(diagnostic);
    }
}
