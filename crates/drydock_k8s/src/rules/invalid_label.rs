use crate::apiserver::is_builtin;
use crate::names::{is_placeholder, label_value, qualified_name};
use crate::object::{at, items, objects, scalar_text, string_map};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-label",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A label or annotation key, or a label value, that the API server rejects",
    ),
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
  values are free text, but all of an object's annotations, keys and values, may not exceed
  256 KiB (`metadata.annotations: Too long: may not be more than 262144 bytes`); annotation keys
  are judged without regard to case, as the API server lowercases them first;
- in a built-in workload's `selector.matchExpressions`, and in every label selector of a pod spec
  (pod affinity terms' `labelSelector` and `namespaceSelector`, topology spread constraints'
  `labelSelector`) and of a PersistentVolumeClaim (where keys and values are judged too),
  `In` and `NotIn` take `values`,
  `Exists` and `DoesNotExist` take none, and no other operator exists (`ValidateLabelSelector`).

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
        // The API server lowercases an annotation key before judging it.
        let judged = if values {
            qualified_name(key)
        } else {
            qualified_name(&key.to_ascii_lowercase())
        };
        if let Err(why) = judged {
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

/// The limit on all of an object's annotations, keys and values (`TotalAnnotationSizeLimitB`).
const ANNOTATIONS_LIMIT: usize = 256 * 1024;

fn annotations_size(doc: &Document, metadata: NodeId, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(entry) = doc.get(metadata, "annotations") else {
        return;
    };
    let size: usize = string_map(doc, Some(entry.value))
        .iter()
        .map(|(key, value, _, _)| key.len() + value.len())
        .sum();
    if size > ANNOTATIONS_LIMIT {
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "the annotations hold {size} bytes, more than the 262144 the API server allows: it rejects the object (`{path}: Too long: may not be more than 262144 bytes`)"
            ),
            doc.range(entry.key),
        ).with_help("a large annotation is usually `kubectl.kubernetes.io/last-applied-configuration`: use `kubectl apply --server-side`, or keep the data in a ConfigMap"));
    }
}

/// `ValidateLabelSelector`'s rules for `matchExpressions`.
fn expressions(
    doc: &Document,
    selector: NodeId,
    path: &str,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (index, &expression) in items(doc, at(doc, selector, &["matchExpressions"]))
        .iter()
        .enumerate()
    {
        let Some(operator) = doc.get(expression, "operator") else {
            continue;
        };
        let Some(op) = scalar_text(doc, operator.value) else {
            continue;
        };
        let values = doc.get(expression, "values");
        let count = values
            .and_then(|v| doc.items(v.value))
            .map_or(0, <[NodeId]>::len);
        let expression_path = format!("{path}.matchExpressions[{index}]");
        let (range, what, error) = match op {
            "In" | "NotIn" if count == 0 => (
                doc.range(operator.value),
                format!("`{op}` compares the label with `values`, and there are none"),
                format!(
                    "{expression_path}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
                ),
            ),
            "Exists" | "DoesNotExist" if count > 0 => (
                values.map_or(doc.range(operator.value), |v| doc.range(v.key)),
                format!("`{op}` looks at the key only, and takes no `values`"),
                format!(
                    "{expression_path}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                ),
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => continue,
            _ => (
                doc.range(operator.value),
                format!(
                    "`{op}` is not a label selector operator (In, NotIn, Exists or DoesNotExist)"
                ),
                format!(
                    "{expression_path}.operator: Invalid value: \"{op}\": not a valid selector operator"
                ),
            ),
        };
        out.push(Diagnostic::new(
            &RULE,
            format!("{what}: the API server rejects the {kind} (`{error}`)"),
            range,
        ));
    }
}

/// A whole label selector (`ValidateLabelSelector`) at `path`: its `matchLabels` keys and values,
/// its expressions' keys, operators and values.
fn label_selector(
    doc: &Document,
    selector: NodeId,
    path: &str,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut push = |range, what: String, error: String| {
        out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{error}`)", crate::apiserver::rejects(kind)),
            range,
        ));
    };
    for (key, value, key_node, value_node) in string_map(doc, at(doc, selector, &["matchLabels"])) {
        if is_placeholder(key) {
            continue;
        }
        if let Err(why) = qualified_name(key) {
            push(
                doc.range(key_node),
                format!("the selector key `{key}` {why}"),
                format!("{path}.matchLabels: Invalid value: \"{key}\""),
            );
        } else if !is_placeholder(value)
            && let Err(why) = label_value(value)
        {
            push(
                doc.range(value_node),
                format!("the selector value `{value}` {why}"),
                format!("{path}.matchLabels: Invalid value: \"{value}\""),
            );
        }
    }
    for (index, &expression) in items(doc, at(doc, selector, &["matchExpressions"]))
        .iter()
        .enumerate()
    {
        let expression_path = format!("{path}.matchExpressions[{index}]");
        if let Some(node) = at(doc, expression, &["key"])
            && let Some(key) = scalar_text(doc, node)
            && !is_placeholder(key)
            && let Err(why) = qualified_name(key)
        {
            push(
                doc.range(node),
                format!("the selector key `{key}` {why}"),
                format!("{expression_path}.key: Invalid value: \"{key}\""),
            );
        }
        for (v, &node) in items(doc, at(doc, expression, &["values"]))
            .iter()
            .enumerate()
        {
            if let Some(value) = scalar_text(doc, node)
                && !is_placeholder(value)
                && let Err(why) = label_value(value)
            {
                push(
                    doc.range(node),
                    format!("the selector value `{value}` {why}"),
                    format!("{expression_path}.values[{v}]: Invalid value: \"{value}\""),
                );
            }
        }
    }
    expressions(doc, selector, path, kind, out);
}

/// The label selectors inside a pod spec (pod affinity terms' `labelSelector` and
/// `namespaceSelector`, topology spread constraints' `labelSelector`) and a
/// PersistentVolumeClaim's `selector`.
fn inner_selectors(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in crate::apiserver::pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let spec = pod.template.spec;
        let kind = pod.object.kind;
        for (index, &constraint) in items(doc, at(doc, spec, &["topologySpreadConstraints"]))
            .iter()
            .enumerate()
        {
            if let Some(selector) = at(doc, constraint, &["labelSelector"]) {
                let path = format!(
                    "{}.topologySpreadConstraints[{index}].labelSelector",
                    pod.path
                );
                label_selector(doc, selector, &path, kind, out);
            }
        }
        for affinity in ["podAffinity", "podAntiAffinity"] {
            let base = format!("{}.affinity.{affinity}", pod.path);
            let required = "requiredDuringSchedulingIgnoredDuringExecution";
            let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
            let mut terms: Vec<(NodeId, String)> = Vec::new();
            for (t, &term) in items(doc, at(doc, spec, &["affinity", affinity, required]))
                .iter()
                .enumerate()
            {
                terms.push((term, format!("{base}.{required}[{t}]")));
            }
            for (t, &term) in items(doc, at(doc, spec, &["affinity", affinity, preferred]))
                .iter()
                .enumerate()
            {
                if let Some(inner) = at(doc, term, &["podAffinityTerm"]) {
                    terms.push((inner, format!("{base}.{preferred}[{t}].podAffinityTerm")));
                }
            }
            for (term, path) in terms {
                for key in ["labelSelector", "namespaceSelector"] {
                    if let Some(selector) = at(doc, term, &[key]) {
                        label_selector(doc, selector, &format!("{path}.{key}"), kind, out);
                    }
                }
            }
        }
    }
    for o in objects(ctx.stream) {
        if o.kind == "PersistentVolumeClaim"
            && is_builtin(&o)
            && let Some(selector) = o.spec().and_then(|s| at(o.doc, s, &["selector"]))
        {
            label_selector(o.doc, selector, "spec.selector", o.kind, out);
        }
    }
}

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    inner_selectors(ctx, out);
    for o in objects(ctx.stream) {
        let doc = o.doc;
        if !is_builtin(&o) {
            continue;
        }
        if let Some(metadata) = o.metadata {
            annotations_size(doc, metadata, "metadata.annotations", out);
        }
        if let Some(template) = o.pod_template().filter(|_| o.kind != "Pod")
            && let Some(metadata) = template.metadata
        {
            // A template's metadata is embedded: the API server prints no `metadata`.
            let path = format!(
                "{}.annotations",
                crate::apiserver::pod_spec_path(o.kind)
                    .strip_suffix(".spec")
                    .unwrap_or("spec.template")
            );
            annotations_size(doc, metadata, &path, out);
        }
        let selector_path = if o.kind == "CronJob" {
            "spec.jobTemplate.spec.selector"
        } else {
            "spec.selector"
        };
        let selector = if o.kind == "CronJob" {
            at(doc, o.node, &["spec", "jobTemplate", "spec", "selector"])
        } else {
            o.spec().and_then(|s| at(doc, s, &["selector"]))
        };
        if matches!(
            o.kind,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob"
        ) && let Some(selector) = selector
        {
            expressions(doc, selector, selector_path, o.kind, out);
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
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
