//! Helm's built-in objects: `.Release`, `.Chart`, `.Capabilities` (Kubernetes v1.35.0, as
//! `helm template` assumes without a cluster) and `.Files` with its methods.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::template::{Map, MapType, Object, Value};

/// `.Release` of `helm template`.
pub fn release(name: &str, namespace: &str) -> Value {
    let mut map = Map::new();
    map.insert("Name".to_owned(), Value::str(name));
    map.insert("Namespace".to_owned(), Value::str(namespace));
    map.insert("IsUpgrade".to_owned(), Value::Bool(false));
    map.insert("IsInstall".to_owned(), Value::Bool(true));
    map.insert("Revision".to_owned(), Value::Int(1));
    map.insert("Service".to_owned(), Value::str("Helm"));
    Value::map(map)
}

/// `.Chart` of a chart named `name` (its alias, for an aliased subchart): `Chart.yaml`'s fields
/// under their Go names, nested structures with every field, and `IsRoot`.
pub fn chart_with(metadata: &Value, name: &str, is_root: bool, dependencies: &[Value]) -> Value {
    let mut value = chart(metadata);
    if let Value::Map(map, _) = &mut value {
        let map: &crate::template::MapRef = map;
        map.insert("Name".to_owned(), Value::str(name));
        map.insert("IsRoot".to_owned(), Value::Bool(is_root));
        let field = |entry: &Value, key: &str| entry.get(key);
        let text = |entry: &Value, key: &str| field(entry, key).unwrap_or_else(|| Value::str(""));
        let list = |entry: &Value, key: &str| {
            field(entry, key)
                .filter(|v| !matches!(v, Value::Nil))
                .unwrap_or_else(|| Value::list(Vec::new()))
        };
        if !dependencies.is_empty() {
            let deps = dependencies
                .iter()
                .map(|entry| {
                    let mut d = Map::new();
                    d.insert("Name".to_owned(), text(entry, "name"));
                    d.insert("Version".to_owned(), text(entry, "version"));
                    d.insert("Repository".to_owned(), text(entry, "repository"));
                    d.insert("Condition".to_owned(), text(entry, "condition"));
                    d.insert("Tags".to_owned(), list(entry, "tags"));
                    d.insert("Enabled".to_owned(), Value::Bool(true));
                    d.insert("ImportValues".to_owned(), list(entry, "import-values"));
                    d.insert("Alias".to_owned(), text(entry, "alias"));
                    Value::map(d)
                })
                .collect();
            map.insert("Dependencies".to_owned(), Value::list(deps));
        }
        if let Some(Value::List(items, _)) = metadata.as_map().and_then(|m| m.get("maintainers")) {
            let maintainers = items
                .iter()
                .map(|entry| {
                    let mut m = Map::new();
                    m.insert("Name".to_owned(), text(entry, "name"));
                    m.insert("Email".to_owned(), text(entry, "email"));
                    m.insert("URL".to_owned(), text(entry, "url"));
                    Value::map(m)
                })
                .collect();
            map.insert("Maintainers".to_owned(), Value::list(maintainers));
        }
    }
    value
}

/// `.Chart`: `Chart.yaml`'s fields under their Go names.
pub fn chart(metadata: &Value) -> Value {
    let mut map = Map::new();
    let Some(fields) = metadata.as_map() else {
        return Value::map(map);
    };
    for (key, value) in fields.snapshot().iter() {
        let name = match key.as_str() {
            "apiVersion" => "APIVersion".to_owned(),
            "appVersion" => "AppVersion".to_owned(),
            "kubeVersion" => "KubeVersion".to_owned(),
            other => {
                let mut chars = other.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => continue,
                }
            }
        };
        let value = match (name.as_str(), value) {
            ("Maintainers" | "Dependencies", Value::List(items, _)) => Value::list(
                items
                    .iter()
                    .map(|item| match item.as_map() {
                        Some(inner) => Value::map(
                            inner
                                .snapshot()
                                .iter()
                                .map(|(k, v)| {
                                    let key = match k.as_str() {
                                        "url" => "URL".to_owned(),
                                        "import-values" => "ImportValues".to_owned(),
                                        other => {
                                            let mut c = other.chars();
                                            c.next()
                                                .map(|f| f.to_uppercase().chain(c).collect())
                                                .unwrap_or_default()
                                        }
                                    };
                                    (key, v.clone())
                                })
                                .collect(),
                        ),
                        None => item.clone(),
                    })
                    .collect(),
            ),
            (_, value) => value.clone(),
        };
        map.insert(name, value);
    }
    Value::map(map)
}

/// `.Capabilities`.
pub fn capabilities() -> Value {
    Value::Object(Rc::new(Capabilities))
}

#[derive(Debug)]
struct Capabilities;

impl Object for Capabilities {
    fn type_name(&self) -> String {
        "*common.Capabilities".to_owned()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(Rc::new(KubeVersion))),
            "APIVersions" => Some(Value::Object(Rc::new(ApiVersions))),
            "HelmVersion" => {
                let mut map = Map::new();
                map.insert("Version".to_owned(), Value::str("v4.1.4"));
                map.insert(
                    "GitCommit".to_owned(),
                    Value::str("05fa37973dc9e42b76e1d2883494c87174b6074f"),
                );
                map.insert("GitTreeState".to_owned(), Value::str("clean"));
                map.insert("GoVersion".to_owned(), Value::str("go1.25.9"));
                Some(Value::map(map))
            }
            _ => None,
        }
    }
    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn has_method(&self, _: &str) -> bool {
        false
    }
    fn print(&self) -> String {
        "{{v1.35.0 1 35} [] {v4.1.4 05fa37973dc9e42b76e1d2883494c87174b6074f clean go1.25.9}}"
            .to_owned()
    }
}

#[derive(Debug)]
struct KubeVersion;

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        "common.KubeVersion".to_owned()
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::str(match name {
            "Version" | "GitVersion" => "v1.35.0",
            "Major" => "1",
            "Minor" => "35",
            _ => return None,
        }))
    }
    fn call(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        (name == "String").then(|| Ok(Value::str("v1.35.0")))
    }
    fn has_method(&self, name: &str) -> bool {
        name == "String"
    }
    fn print(&self) -> String {
        "v1.35.0".to_owned()
    }
}

#[derive(Debug)]
struct ApiVersions;

impl Object for ApiVersions {
    fn type_name(&self) -> String {
        "common.VersionSet".to_owned()
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (name == "Has").then(|| {
            let wanted = args.first().and_then(Value::as_str).unwrap_or_default();
            Ok(Value::Bool(DEFAULT_API_VERSIONS.contains(&wanted)))
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "Has"
    }
    fn print(&self) -> String {
        format!("[{}]", DEFAULT_API_VERSIONS.join(" "))
    }
}

/// The API versions `helm template` knows without a cluster: every group/version of client-go
/// v0.35's scheme, and `apiextensions.k8s.io` (no kinds).
const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1alpha1",
    "certificates.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1alpha1",
    "rbac.authorization.k8s.io/v1beta1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1alpha3",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1beta2",
    "scheduling.k8s.io/v1",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storage.k8s.io/v1beta1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
    "apiextensions.k8s.io/v1beta1",
];

/// A file's bytes (`[]byte`).
fn bytes_value(text: &str) -> Value {
    Value::List(
        Rc::new(text.bytes().map(|b| Value::Int(i64::from(b))).collect()),
        crate::template::ListType::Bytes,
    )
}

/// `.Files`: the chart's files outside `templates/`.
pub fn files(all: &BTreeMap<String, Rc<str>>) -> Value {
    let files: BTreeMap<String, Rc<str>> = all
        .iter()
        .filter(|(path, _)| {
            !path.starts_with("templates/") && *path != "Chart.yaml" && *path != "values.yaml"
        })
        .map(|(path, text)| (path.clone(), text.clone()))
        .collect();
    Value::Object(Rc::new(Files {
        files: Rc::new(files),
    }))
}

#[derive(Debug)]
struct Files {
    files: Rc<BTreeMap<String, Rc<str>>>,
}

/// Whether `path` matches `pattern` (Helm's `Glob`: gobwas/glob with `/` as separator: `*`
/// within a segment, `**` across, `?` one character), in time proportional to their product.
fn glob_match(pattern: &str, path: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Star,
        DoubleStar,
        Any,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                Token::DoubleStar
            }
            '*' => Token::Star,
            '?' => Token::Any,
            c => Token::Char(c),
        });
    }
    let text: Vec<char> = path.chars().collect();
    // `reach[j]`: the pattern so far matches the first `j` characters.
    let mut reach = vec![false; text.len() + 1];
    if let Some(first) = reach.first_mut() {
        *first = true;
    }
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        for j in 0..=text.len() {
            let here = reach.get(j).copied().unwrap_or(false);
            match token {
                Token::Star | Token::DoubleStar => {
                    // Extends a match over any run (of non-separators for `*`).
                    let previous = j
                        .checked_sub(1)
                        .and_then(|p| next.get(p).copied())
                        .unwrap_or(false);
                    let c = j.checked_sub(1).and_then(|p| text.get(p).copied());
                    let can_extend = previous && (token == Token::DoubleStar || c != Some('/'));
                    if let Some(slot) = next.get_mut(j) {
                        *slot = here || can_extend;
                    }
                }
                Token::Any | Token::Char(_) => {
                    if j == 0 {
                        continue;
                    }
                    let before = reach.get(j - 1).copied().unwrap_or(false);
                    let c = text.get(j - 1).copied();
                    let ok = match token {
                        Token::Any => c.is_some_and(|c| c != '/'),
                        Token::Char(want) => c == Some(want),
                        _ => false,
                    };
                    if let Some(slot) = next.get_mut(j) {
                        *slot = before && ok;
                    }
                }
            }
        }
        reach = next;
    }
    reach.last().copied().unwrap_or(false)
}

impl Object for Files {
    fn type_name(&self) -> String {
        "files.Files".to_owned()
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Get" | "GetBytes" | "Glob" | "Lines" | "AsConfig" | "AsSecrets"
        )
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let arg = args.first().and_then(Value::as_str).unwrap_or_default();
        Some(Ok(match name {
            "Get" => Value::str(self.files.get(arg).cloned().unwrap_or_default()),
            "GetBytes" => {
                let bytes = self
                    .files
                    .get(arg)
                    .map(|t| t.as_bytes().to_vec())
                    .unwrap_or_default();
                Value::List(
                    Rc::new(
                        bytes
                            .into_iter()
                            .map(|b| Value::Int(i64::from(b)))
                            .collect(),
                    ),
                    crate::template::ListType::Bytes,
                )
            }
            "Lines" => {
                let text = self.files.get(arg).cloned().unwrap_or_default();
                Value::strings(text.split('\n').map(str::to_owned).collect())
            }
            "Glob" => {
                let files: BTreeMap<String, Rc<str>> = self
                    .files
                    .iter()
                    .filter(|(path, _)| glob_match(arg, path))
                    .map(|(p, t)| (p.clone(), t.clone()))
                    .collect();
                Value::Object(Rc::new(Files {
                    files: Rc::new(files),
                }))
            }
            "AsConfig" => {
                let mut map = Map::new();
                for (path, text) in self.files.iter() {
                    let base = path.rsplit('/').next().unwrap_or(path);
                    map.insert(base.to_owned(), Value::String(text.clone()));
                }
                Value::str(
                    crate::yaml::to_yaml(&Value::Map(
                        crate::template::MapRef::new(map),
                        MapType::Any,
                    ))
                    .trim_end(),
                )
            }
            "AsSecrets" => {
                let mut map = Map::new();
                for (path, text) in self.files.iter() {
                    let base = path.rsplit('/').next().unwrap_or(path);
                    map.insert(
                        base.to_owned(),
                        Value::str(crate::encoding::base64_encode(text.as_bytes())),
                    );
                }
                Value::str(
                    crate::yaml::to_yaml(&Value::Map(
                        crate::template::MapRef::new(map),
                        MapType::Any,
                    ))
                    .trim_end(),
                )
            }
            _ => return None,
        }))
    }
    fn print(&self) -> String {
        let entries: Vec<String> = self
            .files
            .iter()
            .map(|(path, text)| {
                let bytes: Vec<String> = text.bytes().map(|b| b.to_string()).collect();
                format!("{path}:[{}]", bytes.join(" "))
            })
            .collect();
        format!("map[{}]", entries.join(" "))
    }
    fn entries(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(path, text)| (path.clone(), bytes_value(text)))
                .collect(),
        )
    }
}
