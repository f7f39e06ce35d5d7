use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword, go_quote};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/shell-requires-json",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`SHELL` written in shell form or with an empty list"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "SHELL requires the arguments to be in JSON form / SHELL requires at least one argument",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "SHELL_JSON_FORM",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "SHELL_REQUIRES_ONE",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `SHELL` instruction that is not a non-empty JSON array of strings, and offers the JSON
form when the shell-form words are plain.

## Why is this bad?
`SHELL` is the one instruction with no shell form: BuildKit stops with `SHELL requires the
arguments to be in JSON form`. `SHELL []` stops it with `SHELL requires at least one argument`.

## Invalid
```dockerfile
FROM debian:12
SHELL /bin/bash -o pipefail -c
```

## Valid
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Shell) {
            continue;
        }
        match &instruction.arguments {
            Arguments::Empty => out.push(Diagnostic::new(
                &RULE,
                "`SHELL` requires at least one argument: the shell and its options as a JSON array",
                instruction.range,
            )),
            Arguments::Exec { elements, range } if elements.is_empty() => {
                out.push(Diagnostic::new(
                    &RULE,
                    "`SHELL []` names no shell: BuildKit stops with `SHELL requires at least one argument`",
                    *range,
                ));
            }
            Arguments::Shell {
                command,
                json_fallback,
            } => {
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    "`SHELL` must be written as a JSON array (`SHELL [\"/bin/sh\", \"-c\"]`): BuildKit stops with `SHELL requires the arguments to be in JSON form`",
                    command.range,
                );
                if let Some(reason) = json_fallback {
                    diagnostic =
                        diagnostic.with_help(format!("this looks like JSON but is not: {reason}"));
                } else if let Some(json) = as_json(&command.value)
                    && command.range.slice(ctx.text) == command.value
                {
                    diagnostic = diagnostic.with_fix(Fix::replace(
                        "Write the JSON form",
                        command.range,
                        json,
                    ));
                }
                out.push(diagnostic);
            }
            _ => {}
        }
    }
}

/// The JSON array of whitespace-separated words, when no word needs the shell to read it.
fn as_json(command: &str) -> Option<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let plain = |w: &&str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.+=:,@%".contains(c))
    };
    if words.is_empty() || !words.iter().all(plain) {
        return None;
    }
    Some(format!(
        "[{}]",
        words
            .iter()
            .map(|w| go_quote(w))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
