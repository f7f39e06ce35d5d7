use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/env-self-reference",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`ENV` uses a variable it defines in the same instruction"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3044",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports an `ENV` value that references a variable defined earlier in the same `ENV` instruction (`ENV A=1 B=$A`). Referring to a variable's own earlier value (`ENV PATH=/x:$PATH`) is fine.

## Why is this bad?
All values of one `ENV` are expanded with the variables from *before* it: `B` gets the old `A` (often empty), not the `1` written just before.

## Invalid
```dockerfile
FROM debian:12
ENV APP=/opt/app BIN=$APP/bin
```

## Valid
```dockerfile
FROM debian:12
ENV APP=/opt/app
ENV BIN=$APP/bin
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let Arguments::Pairs(pairs) = &instruction.arguments else {
            continue;
        };
        if instruction.keyword != Some(Keyword::Env) {
            continue;
        }
        // The names set so far in this instruction, with where each was first set: each value's
        // references are looked up in it (linear in the instruction, however many pairs).
        let mut earlier: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, pair) in pairs.iter().enumerate() {
            let first = referenced(&pair.value.value)
                .filter(|name| *name != pair.key.value)
                .filter_map(|name| earlier.get(name).map(|&at| (at, name)))
                .min();
            if let Some((_, name)) = first {
                out.push(Diagnostic::new(
                    &RULE,
                    format!("`${name}` here is the value from before this `ENV`, not the one set just before it in the same instruction: split the `ENV`"),
                    pair.value.range,
                ));
            }
            earlier.entry(pair.key.value.as_str()).or_insert(i);
        }
    }
}

/// Whether `value` contains `$name` or `${name…}` (not as a prefix of a longer name).
/// The names `value` references (`$name`, `${name…}`), in order.
fn referenced(value: &str) -> impl Iterator<Item = &str> {
    value.match_indices('$').filter_map(|(i, _)| {
        let rest = value.get(i + 1..).unwrap_or("");
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        rest.get(..end).filter(|name| !name.is_empty())
    })
}
