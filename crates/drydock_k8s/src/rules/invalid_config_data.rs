use crate::apiserver::is_builtin;
use crate::object::{at, objects, scalar_text};
use crate::rules::invalid_env::config_key;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-config-data",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A ConfigMap or Secret key the API server rejects, a key in both data and binaryData, or more than 1 MiB of data",
    ),
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
- all the values together are at most 1 MiB (base64 counts as its decoded size);
- a `kubernetes.io/dockerconfigjson` or `kubernetes.io/dockercfg` Secret's key holds a JSON
  object (the API server parses it).

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

/// The bytes of a base64 value (standard alphabet, whitespace ignored), or `None`.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| -> Option<u32> {
        match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 {
            return None;
        }
        let mut value = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            let d = if i >= chunk.len() - padding {
                0
            } else {
                digit(b)?
            };
            value = (value << 6) | d;
        }
        let [_, a, b, c] = value.to_be_bytes();
        out.extend_from_slice([a, b, c].get(..3 - padding).unwrap_or(&[]));
    }
    Some(out)
}

/// Why a registry credential is not what the API server parses: a JSON object.
fn registry_json(text: &str) -> Option<String> {
    match drydock_base::json::parse(text) {
        Ok(drydock_base::json::Value::Object(_)) => None,
        Ok(_) => Some("it is JSON but not an object".to_owned()),
        Err(error) => Some(format!("it is not JSON ({error})")),
    }
}

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
        let registry_key = match doc.get_str(o.node, "type") {
            Some("kubernetes.io/dockerconfigjson") if o.kind == "Secret" => {
                Some(".dockerconfigjson")
            }
            Some("kubernetes.io/dockercfg") if o.kind == "Secret" => Some(".dockercfg"),
            _ => None,
        };
        if let Some(key) = registry_key {
            for bag in ["data", "stringData"] {
                let Some(entry) = at(doc, o.node, &[bag]).and_then(|b| doc.get(b, key)) else {
                    continue;
                };
                let Some(value) = scalar_text(doc, entry.value) else {
                    continue;
                };
                if crate::names::is_placeholder(value) {
                    continue;
                }
                let text = if bag == "data" {
                    // Not base64 is invalid-format's finding.
                    let Some(bytes) = decode_base64(value) else {
                        continue;
                    };
                    String::from_utf8_lossy(&bytes).into_owned()
                } else {
                    value.to_owned()
                };
                if let Some(why) = registry_json(&text) {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "the registry credentials in `{key}` are not a JSON object: {why}; the API server rejects the Secret (`data[{key}]: Invalid value: \"<secret contents redacted>\"`)"
                        ),
                        doc.range(entry.value),
                    ).with_help("`kubectl create secret docker-registry` writes this key; its value is base64 of `{\"auths\": {...}}`"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_registry_json() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("e30="), Some(b"{}".to_vec()));
        assert_eq!(decode_base64("abc"), None);
        assert!(registry_json("{\"auths\": {}}").is_none());
        assert!(registry_json("[]").is_some());
        assert!(registry_json("auths").is_some());
    }
}
