use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/legacy-key-value-format",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`ENV` or `LABEL` in the legacy `key value` form"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "LegacyKeyValueFormat",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ENV key value` and `LABEL key value`, and rewrites them as `key=value` (quoting the value
when it has blanks).

## Why is this bad?
In the legacy form the value is the whole rest of the line, so `ENV A 1 B 2` sets `A` to `1 B 2`;
only one variable fits per line and the meaning of blanks differs from the `key=value` form.

## Invalid
```dockerfile
FROM alpine
ENV NODE_ENV production
```

## Valid
```dockerfile
FROM alpine
ENV NODE_ENV=production
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let (Some(keyword @ (Keyword::Env | Keyword::Label)), Arguments::Pairs(pairs)) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        let [pair] = pairs.as_slice() else {
            continue;
        };
        if pair.equals.is_some() {
            continue;
        }
        let name = keyword.as_str();
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"
            ),
            instruction.range,
        );
        let value = pair.value.value.as_str();
        let escape = ctx.tree.escape;
        let literal = pair.value.range.slice(ctx.text) == value;
        let between = TextRange::new(pair.key.range.end, pair.value.range.start);
        if literal && !value.is_empty() {
            let needs_quotes = value.chars().any(char::is_whitespace);
            let special = value.contains(['"', '\'']) || value.contains(escape);
            let edit = match (needs_quotes, special) {
                (false, _) => Some((between, "=".to_owned(), value.to_owned())),
                (true, false) => Some((
                    TextRange::new(between.start, pair.value.range.end),
                    format!("=\"{value}\""),
                    format!("\"{value}\""),
                )),
                (true, true) => None,
            };
            if let Some((range, replacement, shown)) = edit {
                let key = &pair.key.value;
                diagnostic = diagnostic.with_fix(Fix::replace(
                    format!("Write `{key}={shown}`"),
                    range,
                    replacement,
                ));
            }
        }
        out.push(diagnostic);
    }
}
