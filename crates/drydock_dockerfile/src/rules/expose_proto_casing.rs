use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/expose-proto-casing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An `EXPOSE` protocol is not lowercase"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "ExposeProtoCasing",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `EXPOSE 80/TCP` and lower-cases the protocol.

## Why is this bad?
Protocols are `tcp`, `udp` and `sctp`; other tools reading the image configuration may not accept
other spellings.

## Invalid
```dockerfile
FROM nginx
EXPOSE 80/TCP
```

## Valid
```dockerfile
FROM nginx
EXPOSE 80/tcp
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let (Some(Keyword::Expose), Arguments::List { words, .. }) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        for word in words {
            let Some(slash) = word.value.rfind('/') else {
                continue;
            };
            let proto = word.value.get(slash + 1..).unwrap_or("");
            let lower = proto.to_lowercase();
            if lower == proto {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &RULE,
                format!(
                    "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                    word.value
                ),
                word.range,
            );
            if word.range.slice(ctx.text) == word.value {
                let range = TextRange::new(word.range.start + slash + 1, word.range.end);
                diagnostic =
                    diagnostic.with_fix(Fix::replace(format!("Write `{lower}`"), range, lower));
            }
            out.push(diagnostic);
        }
    }
}
