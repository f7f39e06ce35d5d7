use crate::object::{at, objects};
use crate::rules::secret_in_env::{credential_name, credential_value};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/secret-in-config-map",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A ConfigMap holds a credential"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "polaris",
        id: "sensitiveConfigmapContent",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a ConfigMap `data` entry whose key says it holds a credential (as
`kubernetes/secret-in-env` reads names, after turning `camelCase`, dots and dashes into
`SNAKE_CASE`: `dbPassword`, `api.token`, `redis-password`) and whose value is a one-line literal
that could be one. File contents (block scalars, several lines), pointers (`…Name`, `…File`, `…Path`…),
numbers, booleans and placeholders are not reported.

## Why is this bad?
ConfigMaps are not meant for secrets: they are readable by far more subjects than Secrets
(`view` can read them), shown in full by `kubectl describe`, and never encrypted at rest.

## Invalid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  DB_HOST: postgres
  DB_PASSWORD: hunter2
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  DB_HOST: postgres
  DB_PASSWORD_FILE: /run/secrets/db-password
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "ConfigMap" {
            continue;
        }
        let doc = o.doc;
        let Some(entries) = at(doc, o.node, &["data"]).and_then(|d| doc.entries(d)) else {
            continue;
        };
        for entry in entries {
            let (Some(key), Some(value)) = (doc.key_str(entry), doc.scalar(entry.value)) else {
                continue;
            };
            let value = value.value.as_str();
            if value.contains('\n')
                || !credential_name(&snake_case(key))
                || !credential_value(value)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "ConfigMap key {key} holds what its name says is a credential: ConfigMaps \
                         are readable by far more subjects than Secrets and never encrypted at rest"
                    ),
                    doc.range(entry.value),
                )
                .with_help("move it to a Secret and reference it with secretKeyRef"),
            );
        }
    }
}

/// `dbPassword`, `db.password`, `db-password` → `db_Password`, `db_password`, `db_password`.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if c == '.' || c == '-' { '_' } else { c });
    }
    out
}
