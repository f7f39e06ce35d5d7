use crate::object::{at, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/secret-in-env",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "An environment variable named like a credential has its value written in the manifest",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "env-var-secret",
        },
        Mirror {
            tool: "polaris",
            id: "sensitiveContainerEnvVar",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container `env` entry whose name says it holds a credential — it contains `PASSWORD`,
`PASSWD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY` or ends in `_KEY` — and whose
`value` is written in the manifest, rather than taken from a Secret with `valueFrom.secretKeyRef`.

Not reported: names that point at a credential rather than hold it (`…_FILE`, `…_PATH`, `…_DIR`,
`…_NAME`, `…_REF`, `…_URL`, `…_ID`…), empty values, numbers and booleans (`TOKEN_TTL: "3600"`),
paths (`/run/secrets/db`), and placeholders (`$(VAR)`, `${VAR}`, `{{ … }}`, `<…>`, `HF_TOKEN`
for a tutorial's `sed`). Weak values such as `changeme` are reported: they are still credentials
in version control.

## Why is this bad?
The credential is in version control, in every copy of the repository, and readable by anyone who
may read the workload — `get deployments` is granted far more widely than `get secrets`.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
  - name: api
    image: api:1.0
    env:
    - name: DB_PASSWORD
      value: hunter2
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
  - name: api
    image: api:1.0
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db
          key: password
    - name: DB_PASSWORD_FILE
      value: /run/secrets/db-password
```
"#,
    ),
};

/// Whether an environment variable's name says it holds a credential.
pub(crate) fn credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    const POINTERS: [&str; 15] = [
        "_FILE",
        "_PATH",
        "_DIR",
        "_NAME",
        "_REF",
        "_URL",
        "_URI",
        "_ID",
        "_LENGTH",
        "_TTL",
        "_EXPIRY",
        "_VERSION",
        "_EXPIRATION",
        "_HEADER",
        "_ENABLED",
    ];
    if POINTERS.iter().any(|suffix| upper.ends_with(suffix)) {
        return false;
    }
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|word| upper.contains(word))
        || upper.ends_with("_KEY")
        || upper == "KEY"
}

/// Whether a literal value could be a credential.
pub(crate) fn credential_value(value: &str) -> bool {
    let value = value.trim();
    !(value.is_empty()
        || value.parse::<f64>().is_ok()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "none" | "null"
        )
        || value.starts_with('/')
        || crate::names::is_placeholder(value)
        || value.contains("$(")
        || value.contains("${")
        || value.contains("{{")
        || (value.starts_with('<') && value.ends_with('>')))
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &var in items(doc, at(doc, container, &["env"])) {
                let (Some(name), Some(value)) = (doc.get_str(var, "name"), doc.get(var, "value"))
                else {
                    continue;
                };
                let Some(text) = doc.scalar(value.value).map(|s| s.value.as_str()) else {
                    continue;
                };
                if !credential_name(name) || !credential_value(text) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "{name} looks like a credential, and its value is written in the \
                             manifest: it is in version control and readable by anyone who can \
                             read the workload"
                        ),
                        doc.range(value.value),
                    )
                    .with_help(
                        "put it in a Secret and use `valueFrom.secretKeyRef` (or mount the \
                         Secret as a file)",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values() {
        for name in [
            "DB_PASSWORD",
            "github_token",
            "API_KEY",
            "JWT_SECRET",
            "SIGNING_KEY",
        ] {
            assert!(credential_name(name), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "SECRET_NAME",
            "AWS_ACCESS_KEY_ID",
            "TOKEN_TTL",
            "KEYCLOAK_URL",
            "MONKEY",
        ] {
            assert!(!credential_name(name), "{name}");
        }
        assert!(credential_value("hunter2"));
        for value in [
            "",
            "3600",
            "true",
            "/run/secrets/x",
            "$(DB_PASS)",
            "<your-token>",
        ] {
            assert!(!credential_value(value), "{value}");
        }
    }
}
