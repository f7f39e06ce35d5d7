use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixKind, Language, Mirror, RuleMeta, YamlContext};

pub static RULE: RuleMeta = RuleMeta {
    id: "yaml/syntax-error",
    language: Language::Yaml,
    summary: "A YAML document cannot be parsed",
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
    docs: r#"## What it does
Reports where a YAML document stops being valid YAML: an unclosed quote or bracket, a tab used for
indentation, a key at the wrong indentation. Each document of a stream is checked on its own, so one
broken document does not hide the others.

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
};

pub fn check(ctx: &YamlContext<'_>, out: &mut Vec<Diagnostic>) {
    for error in crate::yaml::syntax_errors(ctx.text) {
        out.push(Diagnostic::new(
            &RULE,
            format!("invalid YAML: {}", error.message),
            error.range,
        ));
    }
}
