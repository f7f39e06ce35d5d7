use crate::ErrorKind;
use crate::rules::{FixKind, Language, Mirror, RuleMeta, YamlContext};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "yaml/syntax-error",
    language: Language::Yaml,
    summary: crate::rules::summary("A YAML document cannot be parsed"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "error unmarshalling resource",
        },
        Mirror {
            tool: "kubectl",
            id: "error converting YAML to JSON",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports where a YAML document stops being valid YAML: an unclosed quote or bracket, a tab used for
indentation, a key at the wrong indentation ("expected 2 spaces, found 3"), an alias that contains
itself, a merge key without a mapping. Each document of a stream is checked on its own, so one
broken document does not hide the others.

It also rejects alias bombs ("billion laughs"): a document whose aliases would expand to more than
100,000 nodes is reported at the alias that crosses the limit, and never expanded.

## Why is this bad?
`kubectl apply` rejects the whole file, and no other check can see what the document meant.

## Invalid
```yaml
metadata:
  labels: {app: web
```

## Valid
```yaml
metadata:
  labels: {app: web}
```
"#,
    ),
};

pub fn check(ctx: &YamlContext<'_>, out: &mut Vec<Diagnostic>) {
    for error in ctx.stream.errors() {
        if matches!(error.kind, ErrorKind::Syntax | ErrorKind::AliasLimit) {
            let mut diagnostic = Diagnostic::new(&RULE, error.message.clone(), error.range);
            if let Some((range, message)) = &error.label {
                diagnostic = diagnostic.with_label(*range, message.clone());
            }
            out.push(diagnostic);
        }
    }
}
