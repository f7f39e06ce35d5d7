use crate::names::{is_placeholder, label_value, qualified_name};
use crate::object::{at, objects, string_map};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-label",
    language: Language::Kubernetes,
    summary: "A label or annotation key, or a label value, that the API server rejects",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "a valid label must be an empty string or consist of",
        },
        Mirror {
            tool: "kube-score",
            id: "label-values",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Checks the labels and annotations of every object and pod template, and the label selectors
(`selector.matchLabels`, a Service's `selector`, `nodeSelector`), as `ValidateLabels` and
`ValidateAnnotations` do:
- a key is `[prefix/]name`: the optional prefix an RFC 1123 subdomain (`app.kubernetes.io`), the
  name at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit;
- a label value is empty or has the same form as a name (at most 63 characters). Annotation
  values are free text.

## Why is this bad?
The API server rejects the object (`metadata.labels: Invalid value`). A value that is not a valid
label usually is a version with a `+`, a URL, or a sentence: put it in an annotation.

## Invalid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app.kubernetes.io/version: 1.2.0+build.5
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app.kubernetes.io/version: 1.2.0-build.5
```
"#,
    ),
};

fn check_map(
    doc: &Document,
    node: Option<NodeId>,
    values: bool,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (key, value, key_node, value_node) in string_map(doc, node) {
        if is_placeholder(key) {
            continue;
        }
        if let Err(why) = qualified_name(key) {
            out.push(Diagnostic::new(
                &RULE,
                format!("the {what} key `{key}` {why}: the API server rejects the object"),
                doc.range(key_node),
            ));
            continue;
        }
        // Only string values: numbers and booleans are the schema's concern (invalid-type).
        if values
            && !is_placeholder(value)
            && doc.scalar(value_node).is_some()
            && let Err(why) = label_value(value)
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("the {what} value `{value}` {why}: the API server rejects the object"),
                    doc.range(value_node),
                )
                .with_help("a label value is an identifier; put free text in an annotation"),
            );
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        let doc = o.doc;
        let mut metadatas = vec![o.metadata];
        if o.kind != "Pod" {
            metadatas.push(o.pod_template().and_then(|t| t.metadata));
        }
        for metadata in metadatas.into_iter().flatten() {
            check_map(doc, at(doc, metadata, &["labels"]), true, "label", out);
            check_map(
                doc,
                at(doc, metadata, &["annotations"]),
                false,
                "annotation",
                out,
            );
        }
        let Some(spec) = o.spec() else {
            continue;
        };
        let selector = if o.kind == "Service" || o.kind == "ReplicationController" {
            at(doc, spec, &["selector"])
        } else {
            at(doc, spec, &["selector", "matchLabels"])
        };
        check_map(doc, selector, true, "selector", out);
        if let Some(template) = o.pod_template() {
            check_map(
                doc,
                at(doc, template.spec, &["nodeSelector"]),
                true,
                "nodeSelector",
                out,
            );
        }
    }
}
