use crate::ErrorKind;
use crate::rules::{FixKind, Language, Mirror, RuleMeta, YamlContext};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "yaml/duplicate-key",
    language: Language::Yaml,
    summary: crate::rules::summary("A mapping defines the same key twice"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "mapping key already defined",
        },
        Mirror {
            tool: "yamllint",
            id: "key-duplicates",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a key that appears a second time in the same mapping, and points at the first one. Keys
merged in with `<<: *anchor` may be overridden; that is not a duplicate.

## Why is this bad?
kubectl's strict decoding rejects the object ("mapping key already defined"), while other tools
silently keep one of the two values — usually the last, so the first one you read is not the one
that applies.

## Invalid
```yaml
metadata:
  name: web
  labels:
    app: web
  name: api
```

## Valid
```yaml
metadata:
  name: web
  labels:
    app: web
```
"#,
    ),
};

pub fn check(ctx: &YamlContext<'_>, out: &mut Vec<Diagnostic>) {
    for error in ctx.stream.errors() {
        if error.kind == ErrorKind::DuplicateKey {
            let mut diagnostic = Diagnostic::new(&RULE, error.message.clone(), error.range);
            if let Some((range, message)) = &error.label {
                diagnostic = diagnostic.with_label(*range, message.clone());
            }
            out.push(diagnostic);
        }
    }
}
