use crate::object::{pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/deprecated-service-account-field",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod spec uses the deprecated serviceAccount field instead of serviceAccountName",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "deprecated-service-account-field",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `serviceAccount` in a pod spec. The fix renames it to `serviceAccountName`, or removes it
when `serviceAccountName` already says the same; when the two differ there is no fix, because
only the author knows which account the pods need.

## Why is this bad?
`serviceAccount` is a deprecated alias that the API server copies into `serviceAccountName` when
that is empty. When both are set and differ, `serviceAccountName` wins silently, and readers and
tools that look at one field see another account than the pods get.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccount: web
  containers:
  - name: web
    image: nginx:1.27
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: web
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let Some(old) = doc.get(template.spec, "serviceAccount") else {
            continue;
        };
        let old_name = scalar_text(doc, old.value).unwrap_or_default();
        let current = doc.get(template.spec, "serviceAccountName");
        let current_name = current.and_then(|e| scalar_text(doc, e.value));
        let key = doc.range(old.key);
        let diagnostic = match current_name {
            None => Diagnostic::new(
                &RULE,
                "serviceAccount is a deprecated alias of serviceAccountName",
                key,
            )
            .with_fix(Fix::replace(
                "Rename `serviceAccount` to `serviceAccountName`",
                key,
                "serviceAccountName",
            )),
            Some(name) if name == old_name => {
                let diagnostic = Diagnostic::new(
                    &RULE,
                    "serviceAccount is a deprecated alias of serviceAccountName, which already \
                     names the same account",
                    key,
                );
                match whole_line(ctx.text, key, doc.range(old.value)) {
                    Some(line) => diagnostic.with_fix(Fix::replace(
                        "Remove the deprecated `serviceAccount`",
                        line,
                        "",
                    )),
                    None => diagnostic,
                }
            }
            Some(name) => Diagnostic::new(
                &RULE,
                format!(
                    "serviceAccount ({old_name}) and serviceAccountName ({name}) differ: the pods \
                     run as {name}, and serviceAccount is a deprecated alias"
                ),
                key,
            ),
        };
        let diagnostic = match current {
            Some(entry) if current_name.is_some() => {
                diagnostic.with_label(doc.range(entry.key), "the field that counts")
            }
            _ => diagnostic,
        };
        out.push(diagnostic);
    }
}

/// The lines of an entry written alone on its line(s) in block style, with the line break.
fn whole_line(text: &str, key: TextRange, value: TextRange) -> Option<TextRange> {
    let start = key.start;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text.get(line_start..start)?.chars().all(|c| c == ' ') {
        return None;
    }
    let end = value.end;
    let rest = text.get(end..)?;
    let line_end = rest.find('\n').map_or(text.len(), |i| end + i + 1);
    if !text.get(end..line_end)?.trim().is_empty() {
        return None;
    }
    Some(TextRange::new(line_start, line_end))
}
