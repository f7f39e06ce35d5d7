use crate::apiserver::is_builtin;
use crate::object::{at, objects, scalar_text};
use crate::rules::invalid_env::config_key;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-config-data",
    language: Language::Kubernetes,
    summary: "A ConfigMap or Secret key the API server rejects, a key in both data and binaryData, or more than 1 MiB of data",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a ConfigMap's `data` and `binaryData` and a Secret's `data` and `stringData` as
`ValidateConfigMap` and `ValidateSecret` do:
- every key is at most 253 letters, digits, `-`, `_` and `.`, and is not `.`, `..` or a name
  starting with `..` (a key becomes a file name when the object is mounted);
- a ConfigMap key is in `data` or in `binaryData`, not both;
- all the values together are at most 1 MiB (base64 counts as its decoded size).

Each message ends with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the object. A key with `/` usually was meant as a file path: mount the
key with `items[].path` instead.

## Invalid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  conf.d/default.conf: |
    server { listen 80; }
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  default.conf: |
    server { listen 80; }
```
"#,
    ),
};

/// The most data a ConfigMap or Secret may hold (`MaxSecretSize`).
const MAX_SIZE: usize = 1024 * 1024;

/// The decoded size of a base64 value, or its length when it is not base64.
fn decoded_len(value: &str) -> usize {
    let significant = value.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    let padding = value.bytes().rev().take_while(|&b| b == b'=').count();
    (significant / 4 * 3).saturating_sub(padding)
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !matches!(o.kind, "ConfigMap" | "Secret") || !is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let bags: &[&str] = if o.kind == "ConfigMap" {
            &["data", "binaryData"]
        } else {
            &["data", "stringData"]
        };
        let mut size = 0usize;
        let mut keys: HashMap<&str, (&str, drydock_base::text::TextRange)> = HashMap::new();
        for bag in bags {
            let Some(node) = at(doc, o.node, &[bag]) else {
                continue;
            };
            let Some(entries) = doc.entries(node) else {
                continue;
            };
            // stringData is merged into data before validation: it is judged under `data`.
            let path_bag = if *bag == "stringData" { "data" } else { bag };
            for entry in entries {
                let Some(key) = doc.key_str(entry) else {
                    continue;
                };
                let value = scalar_text(doc, entry.value).unwrap_or("");
                size += if *bag == "binaryData" || (o.kind == "Secret" && *bag == "data") {
                    decoded_len(value)
                } else {
                    value.len()
                };
                let range = doc.range(entry.key);
                if !crate::names::is_placeholder(key)
                    && let Some(why) = config_key(key)
                {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!(
                                "`{key}` is not a key a {} can hold: the API server rejects it (`{path_bag}[{key}]: Invalid value: \"{key}\": {why}`)",
                                o.kind
                            ),
                            range,
                        )
                        .with_help("a key becomes a file name when mounted; to place it in a folder, mount it with `items: [{key: …, path: dir/file}]`"),
                    );
                }
                if o.kind == "ConfigMap" {
                    match keys.get(key) {
                        Some((first_bag, first)) if first_bag != bag => {
                            out.push(
                                Diagnostic::new(
                                    &RULE,
                                    format!(
                                        "`{key}` is in both data and binaryData: the API server rejects the ConfigMap (`data[{key}]: Invalid value: \"{key}\": duplicate of key present in binaryData`)"
                                    ),
                                    range,
                                )
                                .with_label(*first, "also here"),
                            );
                        }
                        Some(_) => {}
                        None => {
                            keys.insert(key, (bag, range));
                        }
                    }
                }
            }
        }
        if size > MAX_SIZE {
            let path = if o.kind == "Secret" { "data" } else { "<nil>" };
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the {} holds {size} bytes of data, more than 1 MiB: the API server rejects it (`{path}: Too long: may not be more than 1048576 bytes`)",
                    o.kind
                ),
                o.anchor(),
            ));
        }
    }
}
