use crate::apiserver::{containers, pod_specs, rejects};
use crate::names::{dns1123_subdomain, is_placeholder};
use crate::object::{at, items, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use crate::version::KubernetesVersion;
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-env",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "An env var or envFrom entry the API server rejects: its name, or where its value comes from",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kubectl",
        id: "a valid environment variable name must consist",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks a container's `env` and `envFrom` as `ValidateEnv` and `ValidateEnvFrom` do:
- an env var's `name` (and an `envFrom` `prefix`): from Kubernetes 1.32 on (the target version
  decides), any printable ASCII but `=`; before, letters, digits, `_`, `-` and `.`, not starting
  with a digit;
- `valueFrom` names exactly one source (`fieldRef`, `resourceFieldRef`, `configMapKeyRef`,
  `secretKeyRef`), and not beside a non-empty `value`;
- a `configMapKeyRef` or `secretKeyRef` names its object (an RFC 1123 subdomain) and a key of
  letters, digits, `-`, `_` and `.`;
- a `fieldRef` reads a field the downward API gives env vars (`metadata.name`,
  `metadata.namespace`, `metadata.uid`, `metadata.labels['…']`, `metadata.annotations['…']`,
  `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)`, `status.podIP(s)`), and a
  `resourceFieldRef` a container resource (`limits.cpu`, `requests.memory`, …) with a divisor
  the API server takes (`1m` or `1` for cpu, `1` or a power of 1000 or 1024 for bytes); a
  `fieldRef` subscript only on labels and annotations, and a qualified name;
- an `envFrom` entry names exactly one of `configMapRef` and `secretRef`, with a `name`.

Each message ends with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the workload. A `valueFrom` with both a `secretKeyRef` and a
`configMapKeyRef` usually means two entries were merged by mistake; `fieldPath: status.phase`
is readable in a volume's downward API but not in an env var.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: NODE
      valueFrom:
        fieldRef:
          fieldPath: spec.node
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: NODE
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
```
"#,
    ),
};

/// The fields a `fieldRef` of an env var may read (`validEnvDownwardAPIFieldPathExpressions`).
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// The container resources a `resourceFieldRef` may read, besides `*.hugepages-*`.
const RESOURCE_FIELDS: [&str; 6] = [
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
];

/// The first version whose API server accepts any printable ASCII but `=` in env var names
/// (`RelaxedEnvironmentVariableValidation`: beta, on by default, in 1.32; GA in 1.34).
const RELAXED_ENV_NAMES: KubernetesVersion = KubernetesVersion::new(32);

/// Why an env var name (or envFrom prefix) is refused, in the API server's words.
fn env_name(name: &str, target: KubernetesVersion) -> Option<&'static str> {
    if target >= RELAXED_ENV_NAMES {
        let bad = name.is_empty()
            || name
                .chars()
                .any(|c| !(c.is_ascii_graphic() || c == ' ') || c == '=');
        return bad.then_some(
            "a valid environment variable name must consist only of printable ASCII characters other than '='",
        );
    }
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_'));
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
    if !(first_ok && rest_ok) {
        return Some(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        );
    }
    chdir_prefix(name)
}

/// `.`, `..` and names starting with `..` are refused as env var names and keys alike.
fn chdir_prefix(value: &str) -> Option<&'static str> {
    match value {
        "." => Some("must not be '.'"),
        ".." => Some("must not be '..'"),
        _ if value.starts_with("..") => Some("must not start with '..'"),
        _ => None,
    }
}

/// Why a ConfigMap or Secret key is refused (`IsConfigMapKey`).
pub fn config_key(key: &str) -> Option<&'static str> {
    if key.len() > 253 {
        return Some("must be no more than 253 characters");
    }
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Some("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
    }
    chdir_prefix(key)
}

struct Env<'a> {
    doc: &'a Document,
    text: &'a str,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Env<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: &str) {
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(self.kind)),
            range,
        ));
    }

    /// A `configMapKeyRef` or `secretKeyRef`: its object's name and its key.
    fn key_ref(&mut self, entry: drydock_yaml::Entry, object: &str, path: &str) {
        let doc = self.doc;
        let name = doc.get(entry.value, "name");
        let value = name.and_then(|e| scalar_text(doc, e.value)).unwrap_or("");
        if !is_placeholder(value)
            && let Err(why) = dns1123_subdomain(value)
        {
            let range = name.map_or(doc.range(entry.key), |e| doc.range(e.value));
            let what = if value.is_empty() {
                format!(
                    "the {} names no {object}",
                    doc.key_str(&entry).unwrap_or("")
                )
            } else {
                format!("the {object} name `{value}` {why}")
            };
            self.push(
                range,
                what,
                &format!("{path}.name"),
                &format!("Invalid value: \"{value}\""),
            );
        }
        if let Some(key) = doc.get(entry.value, "key")
            && let Some(text) = scalar_text(doc, key.value)
            && !text.is_empty()
            && !is_placeholder(text)
            && let Some(why) = config_key(text)
        {
            self.push(
                doc.range(key.value),
                format!("`{text}` is not a key a {object} can hold"),
                &format!("{path}.key"),
                &format!("Invalid value: \"{text}\": {why}"),
            );
        }
    }

    fn value_from(&mut self, var: NodeId, path: &str) {
        let doc = self.doc;
        let Some(from) = doc.get(var, "valueFrom") else {
            return;
        };
        if doc.entries(from.value).is_none() {
            return;
        }
        let path = format!("{path}.valueFrom");
        let sources: Vec<drydock_yaml::Entry> = [
            "fieldRef",
            "resourceFieldRef",
            "configMapKeyRef",
            "secretKeyRef",
        ]
        .iter()
        .filter_map(|key| doc.get(from.value, key).copied())
        .filter(|e| doc.entries(e.value).is_some())
        .collect();
        let value_set = doc
            .get(var, "value")
            .and_then(|e| scalar_text(doc, e.value))
            .is_some_and(|v| !v.is_empty());
        match sources.as_slice() {
            [] => self.push(
                doc.range(from.key),
                "valueFrom names no source".to_owned(),
                &path,
                "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ),
            _ if value_set => self.push(
                doc.range(from.key),
                "the env var sets both `value` and `valueFrom`".to_owned(),
                &path,
                "Invalid value: \"\": may not be specified when `value` is not empty",
            ),
            [_, second, ..] => self.push(
                doc.range(second.key),
                format!(
                    "valueFrom names {} sources; an env var takes its value from one",
                    sources.len()
                ),
                &path,
                "Invalid value: \"\": may not have more than one field specified at a time",
            ),
            [_] => {}
        }
        for source in &sources {
            match doc.key_str(source) {
                Some("configMapKeyRef") => {
                    self.key_ref(*source, "ConfigMap", &format!("{path}.configMapKeyRef"))
                }
                Some("secretKeyRef") => {
                    self.key_ref(*source, "Secret", &format!("{path}.secretKeyRef"))
                }
                Some("fieldRef") => {
                    let Some(field) = doc.get(source.value, "fieldPath") else {
                        continue;
                    };
                    let Some(text) = scalar_text(doc, field.value) else {
                        continue;
                    };
                    if let Err((what, error, on_field_path)) =
                        crate::apiserver::field_subscript(text)
                    {
                        let at_path = if on_field_path {
                            format!("{path}.fieldRef.fieldPath")
                        } else {
                            format!("{path}.fieldRef")
                        };
                        self.push(doc.range(field.value), what, &at_path, &error);
                        continue;
                    }
                    let subscripted = ["metadata.labels['", "metadata.annotations['"]
                        .iter()
                        .any(|p| text.starts_with(p) && text.ends_with("']"));
                    if text.is_empty() || subscripted || ENV_FIELD_PATHS.contains(&text) {
                        continue;
                    }
                    let supported: Vec<String> =
                        ENV_FIELD_PATHS.iter().map(|p| format!("\"{p}\"")).collect();
                    self.push(
                        doc.range(field.value),
                        format!("an env var cannot read `{text}` through the downward API"),
                        &format!("{path}.fieldRef.fieldPath"),
                        &format!(
                            "Unsupported value: \"{text}\": supported values: {}",
                            supported.join(", ")
                        ),
                    );
                }
                Some("resourceFieldRef") => {
                    let Some(field) = doc.get(source.value, "resource") else {
                        continue;
                    };
                    let Some(text) = scalar_text(doc, field.value) else {
                        continue;
                    };
                    if let Some(divisor) = doc.get(source.value, "divisor")
                        && let Some(written) = scalar_text(doc, divisor.value)
                        && let Some(error) = crate::apiserver::divisor_error(text, written)
                    {
                        self.push(
                            doc.range(divisor.value),
                            format!(
                                "`{written}` is not a divisor the downward API takes for {text}"
                            ),
                            &format!("{path}.resourceFieldRef.divisor"),
                            &format!("Invalid value: \"{text}\": {error}"),
                        );
                    }
                    let hugepages = ["limits.hugepages-", "requests.hugepages-"]
                        .iter()
                        .any(|p| text.starts_with(p));
                    if text.is_empty() || hugepages || RESOURCE_FIELDS.contains(&text) {
                        continue;
                    }
                    let supported: Vec<String> =
                        RESOURCE_FIELDS.iter().map(|p| format!("\"{p}\"")).collect();
                    self.push(
                        doc.range(field.value),
                        format!("`{text}` is not a container resource an env var can read"),
                        &format!("{path}.resourceFieldRef.resource"),
                        &format!(
                            "Unsupported value: \"{text}\": supported values: {}",
                            supported.join(", ")
                        ),
                    );
                }
                _ => {}
            }
        }
    }

    fn env_from(&mut self, source: NodeId, path: &str, target: KubernetesVersion) {
        let doc = self.doc;
        if doc.entries(source).is_none() {
            return;
        }
        if let Some(prefix) = doc.get(source, "prefix")
            && let Some(text) = scalar_text(doc, prefix.value)
            && !text.is_empty()
            && let Some(why) = env_name(text, target)
        {
            self.push(
                doc.range(prefix.value),
                format!("the prefix `{text}` makes invalid env var names"),
                &format!("{path}.prefix"),
                &format!("Invalid value: \"{text}\": {why}"),
            );
        }
        let refs: Vec<drydock_yaml::Entry> = ["configMapRef", "secretRef"]
            .iter()
            .filter_map(|key| doc.get(source, key).copied())
            .filter(|e| doc.entries(e.value).is_some())
            .collect();
        match refs.as_slice() {
            [] => self.push(
                crate::validate::first_line(doc.range(source), self.text),
                "the envFrom entry names neither a ConfigMap nor a Secret".to_owned(),
                path,
                "Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
            ),
            [_, second, ..] => self.push(
                doc.range(second.key),
                "the envFrom entry names both a ConfigMap and a Secret; each entry imports one"
                    .to_owned(),
                path,
                "Invalid value: \"\": may not have more than one field specified at a time",
            ),
            [_] => {}
        }
        for r in &refs {
            let key = doc.key_str(r).unwrap_or("");
            let name = doc.get(r.value, "name");
            let value = name.and_then(|e| scalar_text(doc, e.value)).unwrap_or("");
            if value.is_empty() {
                self.push(
                    doc.range(r.key),
                    format!("the {key} names nothing"),
                    &format!("{path}.{key}.name"),
                    "Required value",
                );
            } else if !is_placeholder(value)
                && let Err(why) = dns1123_subdomain(value.strip_suffix('-').unwrap_or(value))
                && let Some(name) = name
            {
                self.push(
                    doc.range(name.value),
                    format!("the name `{value}` {why}"),
                    &format!("{path}.{key}.name"),
                    &format!("Invalid value: \"{value}\""),
                );
            }
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let target = ctx.analysis.target;
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let mut env = Env {
            doc,
            text: ctx.text,
            kind: pod.object.kind,
            out: &mut *out,
        };
        for c in containers(doc, pod.template.spec) {
            let path = c.path(pod.path);
            for (index, &var) in items(doc, at(doc, c.node, &["env"])).iter().enumerate() {
                let path = format!("{path}.env[{index}]");
                if let Some(name) = doc.get(var, "name")
                    && let Some(text) = doc.scalar(name.value).map(|s| s.value.as_str())
                    && !text.is_empty()
                    && let Some(why) = env_name(text, target)
                {
                    env.push(
                        doc.range(name.value),
                        format!("`{text}` is not a valid env var name"),
                        &format!("{path}.name"),
                        &format!("Invalid value: \"{text}\": {why}"),
                    );
                }
                env.value_from(var, &path);
            }
            for (index, &source) in items(doc, at(doc, c.node, &["envFrom"])).iter().enumerate() {
                env.env_from(source, &format!("{path}.envFrom[{index}]"), target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_version() {
        let old = KubernetesVersion::new(31);
        let new = KubernetesVersion::new(32);
        assert!(env_name("MY_VAR", old).is_none());
        assert!(env_name("my.var-1", old).is_none());
        assert!(env_name("1VAR", old).is_some());
        assert!(env_name("MY VAR", old).is_some());
        assert!(env_name("..x", old).is_some());
        assert!(env_name("1VAR", new).is_none());
        assert!(env_name("MY VAR", new).is_none());
        assert!(env_name("A=B", new).is_some());
        assert!(env_name("é", new).is_some());
        assert!(config_key("tls.crt").is_none());
        assert!(config_key("a/b").is_some());
        assert!(config_key("..data").is_some());
    }
}
