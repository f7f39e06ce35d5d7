use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/consistent-instruction-casing",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An instruction is not cased like the others"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "ConsistentInstructionCasing",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports instructions written in mixed case (`Run`), or in the minority case of the file (`run`
among upper-case instructions).

## Why is this bad?
Instructions are case-insensitive, so the casing carries no meaning; mixing it makes the file
harder to scan. BuildKit picks the majority casing (upper case on a tie).

## Invalid
```dockerfile
FROM alpine
run echo hello
```

## Valid
```dockerfile
FROM alpine
RUN echo hello
```
"#,
    ),
};

fn self_consistent(word: &str) -> bool {
    word == word.to_lowercase() || word == word.to_uppercase()
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let (mut lower, mut upper) = (0, 0);
    for instruction in &ctx.tree.instructions {
        let word = instruction.keyword_text.as_str();
        if self_consistent(word) {
            if word == word.to_lowercase() {
                lower += 1;
            } else {
                upper += 1;
            }
        }
    }
    let majority_lower = lower > upper;
    for instruction in &ctx.tree.instructions {
        // Unknown instructions have their own, stronger finding.
        if instruction.keyword.is_none() {
            continue;
        }
        let word = instruction.keyword_text.as_str();
        let wanted = if majority_lower {
            word.to_lowercase()
        } else {
            word.to_uppercase()
        };
        if wanted == word {
            continue;
        }
        let casing = if majority_lower {
            "lowercase"
        } else {
            "uppercase"
        };
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "Command '{word}' should match the case of the command majority ({casing})"
                ),
                instruction.keyword_range,
            )
            .with_fix(Fix::replace(
                format!("Write `{wanted}`"),
                instruction.keyword_range,
                wanted,
            )),
        );
    }
}
