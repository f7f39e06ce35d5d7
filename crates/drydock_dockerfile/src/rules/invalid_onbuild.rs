use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-onbuild",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`ONBUILD` with a trigger BuildKit forbids: `ONBUILD`, `FROM` or `MAINTAINER`",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed / isn't allowed as an ONBUILD trigger",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ONBUILD_CHAINING_DISALLOWED",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ONBUILD_TRIGGER_DISALLOWED",
        },
        Mirror {
            tool: "hadolint",
            id: "DL3043",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ONBUILD ONBUILD …`, `ONBUILD FROM …` and `ONBUILD MAINTAINER …`.

## Why is this bad?
BuildKit refuses them when it parses the Dockerfile: triggers cannot chain, a trigger cannot start
a new stage, and `MAINTAINER` is metadata of the image being built, not of its children.

## Invalid
```dockerfile
FROM node:20
ONBUILD FROM node:20-slim
```

## Valid
```dockerfile
FROM node:20
ONBUILD COPY . /app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let (Some(Keyword::Onbuild), Arguments::Onbuild(trigger)) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        let word = trigger.keyword_text.to_uppercase();
        let message = match trigger.keyword {
            Some(Keyword::Onbuild) => {
                "`ONBUILD ONBUILD` chains triggers, which BuildKit does not allow".to_owned()
            }
            Some(Keyword::From | Keyword::Maintainer) => {
                format!("`{word}` is not allowed as an `ONBUILD` trigger: BuildKit stops here")
            }
            _ => continue,
        };
        out.push(Diagnostic::new(&RULE, message, trigger.keyword_range));
    }
}
