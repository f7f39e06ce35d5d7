//! `configMapGenerator` and `secretGenerator`: the ConfigMaps and Secrets a kustomization makes
//! from literals, files and env files, and how they combine with objects that already exist
//! (`behavior: merge|replace`).
//!
//! Facts from kustomize v5.7.1 that shape this module:
//! - Sources load in kustomize's order: env files (`envs`, then the legacy `env`), literals,
//!   files. Keys are emitted sorted.
//! - Kustomize's key validator is a stub that accepts everything (`api/internal/validate`), so
//!   keys the API server rejects still render; we warn about them instead of failing.
//! - The name is hashed later, after every transformer of the top-level build (see
//!   [`name_hash`]); [`generate`] only marks the object with [`Resource::needs_hash`].
//! - [`Files`] yields only UTF-8 text, so a file that is not UTF-8 reads as missing here, and
//!   `binaryData` is never generated (it is kept and merged when an object already has it).

pub mod base64;
pub mod hash;
pub mod kv;

pub use hash::name_hash;

use crate::Finding;
use crate::files::{self, Files, Sources};
use crate::resource::{Behavior, Gvk, ResId, Resource};
use crate::value::{Entry, FileId, Node, Origin, Scalar, Value};
use drydock_base::Severity;
use drydock_base::text::TextRange;
use drydock_yaml::{ScalarKind, ScalarStyle};
use std::collections::HashSet;

/// A generator entry that cannot be read as kustomize reads it (no name, a bad literal or file
/// source, a field of the wrong type).
pub const RULE_INVALID: &str = "kustomize/invalid-generator";
/// A file named by `files:`, `envs:` or `env:` that cannot be read.
pub const RULE_FILE_NOT_FOUND: &str = "kustomize/missing-resource";
/// A file outside the kustomization's folder, which kustomize's default load restrictor refuses.
pub const RULE_FILE_OUTSIDE_ROOT: &str = "kustomize/outside-root";
/// Two sources give the same key.
pub const RULE_DUPLICATE_KEY: &str = "kustomize/invalid-generator";
/// A key kustomize accepts but the API server rejects (not `[-._a-zA-Z0-9]+`).
pub const RULE_INVALID_KEY: &str = "kustomize/invalid-generator";
/// An env file line kustomize skips without a word.
pub const RULE_ENV_LINE_IGNORED: &str = "kustomize/invalid-generator";
/// `behavior: merge|replace` without an object to merge into, or `create` when one exists.
pub const RULE_BEHAVIOR: &str = "kustomize/invalid-generator";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratorKind {
    ConfigMap,
    Secret,
}

impl GeneratorKind {
    pub fn kind(self) -> &'static str {
        match self {
            GeneratorKind::ConfigMap => "ConfigMap",
            GeneratorKind::Secret => "Secret",
        }
    }
}

/// Generates the object one `configMapGenerator`/`secretGenerator` entry describes.
///
/// `options` is the kustomization's `generatorOptions`; `dir` is the kustomization's folder;
/// `root` is the folder files must be in or below (kustomize's default load restrictor: the
/// kustomization's own folder), or `None` for `--load-restrictor LoadRestrictionsNone`. Every
/// file read is added to `sources`, so that its values point into it.
///
/// Never fails: what kustomize would stop at is an error [`Finding`], and the object is still
/// made from the sources that could be read. `None` only when the entry has no name.
pub fn generate(
    kind: GeneratorKind,
    entry: &Node,
    options: Option<&Node>,
    dir: &str,
    root: Option<&str>,
    files: &dyn Files,
    sources: &mut Sources,
) -> (Option<Resource>, Vec<Finding>) {
    let mut run = Generator {
        entry_origin: entry.origin.unwrap_or(Origin {
            file: FileId(0),
            range: TextRange::empty(0),
        }),
        findings: Vec::new(),
        pairs: Vec::new(),
        seen: HashSet::new(),
        name: String::new(),
    };
    if !entry.is_map() {
        run.error(
            RULE_INVALID,
            entry.origin,
            format!("a {} generator entry must be a mapping", kind.kind()),
        );
        return (None, run.findings);
    }
    let name_node = entry.get("name");
    let name = name_node
        .and_then(|node| run.text(node, "name"))
        .unwrap_or_default();
    run.name.clone_from(&name);
    let name_origin = name_node.and_then(|node| node.origin).or(entry.origin);

    // Kustomize's loader reads env files, then literals, then files.
    let mut envs: Vec<&Node> = run.list(entry, "envs");
    if let Some(env) = entry.get("env").filter(|node| !node.is_null()) {
        envs.push(env);
    }
    for env in envs {
        run.load_env(env, dir, root, files, sources);
    }
    for literal in run.list(entry, "literals") {
        run.load_literal(literal, sources);
    }
    for file in run.list(entry, "files") {
        run.load_file(file, dir, root, files, sources);
    }

    if name.is_empty() {
        // Kustomize's wording, for Secrets too.
        run.error(
            RULE_INVALID,
            name_origin,
            "a configmap must have a name".to_owned(),
        );
        return (None, run.findings);
    }

    let options = merge_options(entry.get("options"), options, &mut run);
    let mut object = Node::map(name_origin);
    object.set("apiVersion", Node::string("v1", name_origin));
    object.set("kind", Node::string(kind.kind(), name_origin));
    let mut metadata = Node::map(name_origin);
    metadata.set("name", Node::string(name, name_origin));
    if let Some(namespace) = entry.get("namespace") {
        let origin = namespace.origin;
        if let Some(text) = run
            .text(namespace, "namespace")
            .filter(|text| !text.is_empty())
        {
            metadata.set("namespace", Node::string(text, origin));
        }
    }
    for (field, pairs) in [
        ("labels", &options.labels),
        ("annotations", &options.annotations),
    ] {
        if !pairs.is_empty() {
            let mut map = Node::map(name_origin);
            if let Some(entries) = map.entries_mut() {
                entries.extend(pairs.iter().cloned());
                entries.sort_by(|a, b| a.key.cmp(&b.key));
            }
            metadata.set(field, map);
        }
    }
    object.set("metadata", metadata);

    if kind == GeneratorKind::Secret {
        let secret_type = entry
            .get("type")
            .and_then(|node| Some((run.text(node, "type")?, node.origin)))
            .filter(|(text, _)| !text.is_empty());
        let (text, origin) = secret_type.unwrap_or_else(|| ("Opaque".to_owned(), name_origin));
        object.set("type", Node::string(text, origin));
    }

    let mut pairs = std::mem::take(&mut run.pairs);
    pairs.sort_by(|a, b| a.key.cmp(&b.key));
    // A ConfigMap keeps what is not UTF-8 apart, in `binaryData` (base64).
    let binary: Vec<Pair> = if kind == GeneratorKind::ConfigMap {
        let (binary, text): (Vec<Pair>, Vec<Pair>) =
            pairs.into_iter().partition(|pair| pair.bytes.is_some());
        pairs = text;
        binary
    } else {
        Vec::new()
    };
    // A ConfigMap gets `data` only when it has a key; a Secret always (kyaml's `LookupCreate`).
    if !pairs.is_empty() || kind == GeneratorKind::Secret {
        let mut data = Node::map(name_origin);
        if let Some(entries) = data.entries_mut() {
            entries.extend(pairs.into_iter().map(|pair| {
                let text = match (kind, &pair.bytes) {
                    (GeneratorKind::ConfigMap, _) => pair.value,
                    (GeneratorKind::Secret, Some(bytes)) => base64::encode(bytes),
                    (GeneratorKind::Secret, None) => base64::encode(pair.value.as_bytes()),
                };
                Entry {
                    key: pair.key,
                    key_origin: pair.key_origin,
                    value: Node::scalar(data_scalar(text), pair.value_origin),
                }
            }));
        }
        object.set("data", data);
    }
    if !binary.is_empty() {
        let mut data = Node::map(name_origin);
        if let Some(entries) = data.entries_mut() {
            entries.extend(binary.into_iter().map(|pair| Entry {
                key: pair.key,
                key_origin: pair.key_origin,
                value: Node::scalar(
                    data_scalar(base64::encode(&pair.bytes.unwrap_or_default())),
                    pair.value_origin,
                ),
            }));
        }
        object.set("binaryData", data);
    }
    if let Some(origin) = options.immutable {
        object.set("immutable", Node::scalar(Scalar::bool(true), origin));
    }

    let file = name_origin.map_or(run.entry_origin.file, |origin| origin.file);
    let mut resource = Resource::new(object, file);
    resource.needs_hash = !options.disable_hash;
    resource.behavior = match entry.get("behavior") {
        Some(node) => match run.text(node, "behavior").as_deref() {
            Some("merge") => Behavior::Merge,
            Some("replace") => Behavior::Replace,
            Some("create" | "") | None => Behavior::Create,
            Some(other) => {
                // Kustomize reads it as "unspecified", which acts as `create`.
                run.finding(
                    RULE_BEHAVIOR,
                    Severity::Warning,
                    node.origin,
                    format!("unknown behavior '{other}': kustomize treats it as 'create'; use create, merge or replace"),
                );
                Behavior::Create
            }
        },
        None => Behavior::Create,
    };
    (Some(resource), run.findings)
}

/// A data value as kustomize makes it: a string, in literal style when it has a line break.
fn data_scalar(text: String) -> Scalar {
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else {
        ScalarStyle::Plain
    };
    Scalar {
        text,
        kind: ScalarKind::String,
        style,
    }
}

/// One key and value read from a source.
struct Pair {
    key: String,
    key_origin: Option<Origin>,
    value: String,
    value_origin: Option<Origin>,
    /// A file that is not UTF-8: its bytes (a ConfigMap keeps them in `binaryData`).
    bytes: Option<Vec<u8>>,
}

/// The state of one entry's generation: the pairs read so far and what went wrong.
struct Generator {
    entry_origin: Origin,
    findings: Vec<Finding>,
    pairs: Vec<Pair>,
    seen: HashSet<String>,
    name: String,
}

impl Generator {
    fn finding(
        &mut self,
        rule: &'static str,
        severity: Severity,
        origin: Option<Origin>,
        message: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            message,
            origin: origin.unwrap_or(self.entry_origin),
            fix: None,
        });
    }

    fn error(&mut self, rule: &'static str, origin: Option<Origin>, message: String) {
        self.finding(rule, Severity::Error, origin, message);
    }

    /// The text of a scalar field (numbers and booleans as written); an error for mappings and
    /// lists, which kustomize cannot read into a string.
    fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        match node.as_scalar() {
            Some(scalar) if scalar.is_null() => None,
            Some(scalar) => Some(scalar.text.clone()),
            None => {
                self.error(
                    RULE_INVALID,
                    node.origin,
                    format!("'{field}' must be a string"),
                );
                None
            }
        }
    }

    /// The items of list field `field` of `entry`; an error when it is not a list.
    fn list<'a>(&mut self, entry: &'a Node, field: &str) -> Vec<&'a Node> {
        match entry.get(field) {
            None => Vec::new(),
            Some(node) if node.is_null() => Vec::new(),
            Some(node) => match node.items() {
                Some(items) => items.iter().collect(),
                None => {
                    self.error(
                        RULE_INVALID,
                        node.origin,
                        format!("'{field}' must be a list of strings"),
                    );
                    Vec::new()
                }
            },
        }
    }

    /// Adds a pair, unless its key is taken (kustomize's error names the generator as a
    /// configmap whatever it makes).
    fn add(&mut self, pair: Pair, at: Option<Origin>) {
        // kustomize writes the object as YAML and reads it back: a key `<<` is YAML's merge key
        // there, whose value must be a mapping, and kustomize stops (kubectl kustomize 1.32,
        // kustomize v5.5.0, on `literals: ["<<=x"]`).
        if pair.key == "<<" {
            let message = "yaml: map merge requires map or sequence of maps as the value:                  kustomize reads the key `<<` of a generated object as YAML's merge key, and                  stops"
                .to_owned();
            self.error(RULE_INVALID_KEY, pair.key_origin.or(at), message);
            return;
        }
        if !is_config_map_key(&pair.key) {
            self.finding(
                RULE_INVALID_KEY,
                Severity::Warning,
                pair.key_origin.or(at),
                format!(
                    "'{}' is not a valid data key: the API server rejects keys that are not made of alphanumeric characters, '-', '_' or '.' (kustomize does not check)",
                    pair.key
                ),
            );
        }
        if !self.seen.insert(pair.key.clone()) {
            let message = format!(
                "configmap {} illegally repeats the key `{}`",
                self.name, pair.key
            );
            self.error(RULE_DUPLICATE_KEY, pair.key_origin.or(at), message);
            return;
        }
        self.pairs.push(pair);
    }

    fn load_literal(&mut self, node: &Node, sources: &Sources) {
        let Some(source) = self.text(node, "literals") else {
            return;
        };
        match kv::parse_literal(&source) {
            Ok(literal) => {
                // Point the key and value at their text when the scalar is written as is.
                let at = node.origin.and_then(|origin| {
                    let written = sources
                        .text(origin.file)
                        .get(origin.range.start..origin.range.end)?;
                    let offset = if written == source {
                        0
                    } else if written.len() == source.len() + 2
                        && written.get(1..written.len() - 1) == Some(source.as_str())
                    {
                        1
                    } else {
                        return None;
                    };
                    Some((origin, origin.range.start + offset))
                });
                let sub = |start: usize, len: usize| {
                    at.map(|(origin, base)| Origin {
                        file: origin.file,
                        range: TextRange::new(base + start, base + start + len),
                    })
                    .or(node.origin)
                };
                let pair = Pair {
                    key: literal.key.to_owned(),
                    key_origin: sub(0, literal.key.len()),
                    value: literal.value.to_owned(),
                    value_origin: sub(literal.value_offset, literal.value.len()),
                    bytes: None,
                };
                self.add(pair, node.origin);
            }
            Err(message) => self.error(RULE_INVALID, node.origin, message),
        }
    }

    fn load_env(
        &mut self,
        node: &Node,
        dir: &str,
        root: Option<&str>,
        files: &dyn Files,
        sources: &mut Sources,
    ) {
        let Some(name) = self.text(node, "envs") else {
            return;
        };
        let Some((file, text, _)) = self.read(&name, node.origin, dir, root, files, sources) else {
            return;
        };
        let (pairs, issues) = kv::parse_env(&text);
        let at = |range: TextRange| Some(Origin { file, range });
        for issue in issues {
            let (range, message) = match issue {
                kv::EnvIssue::EmptyKey(range) => (range, "this line has no key before '=': kustomize ignores it".to_owned()),
                kv::EnvIssue::LineTooLong(range) => (
                    range,
                    "this line is longer than 65535 bytes: kustomize stops reading the file here and silently drops the rest".to_owned(),
                ),
            };
            self.finding(RULE_ENV_LINE_IGNORED, Severity::Warning, at(range), message);
        }
        for pair in pairs {
            let value_range = if pair.value_range.is_empty() {
                pair.line_range
            } else {
                pair.value_range
            };
            self.add(
                Pair {
                    key: pair.key,
                    key_origin: at(pair.key_range),
                    value: pair.value,
                    value_origin: at(value_range),
                    bytes: None,
                },
                node.origin,
            );
        }
    }

    fn load_file(
        &mut self,
        node: &Node,
        dir: &str,
        root: Option<&str>,
        files: &dyn Files,
        sources: &mut Sources,
    ) {
        let Some(source) = self.text(node, "files") else {
            return;
        };
        let (key, path) = match kv::parse_file_source(&source) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.error(RULE_INVALID, node.origin, message);
                return;
            }
        };
        let Some((file, text, bytes)) = self.read(path, node.origin, dir, root, files, sources)
        else {
            return;
        };
        let value_origin = Some(Origin {
            file,
            range: TextRange::new(0, text.len()),
        });
        self.add(
            Pair {
                key,
                key_origin: node.origin,
                value: text,
                value_origin,
                bytes,
            },
            node.origin,
        );
    }

    /// Reads `name` relative to `dir` as kustomize's loader does, with its messages.
    fn read(
        &mut self,
        name: &str,
        at: Option<Origin>,
        dir: &str,
        root: Option<&str>,
        files: &dyn Files,
        sources: &mut Sources,
    ) -> Option<(FileId, String, Option<Vec<u8>>)> {
        let path = files::join(dir, name);
        // A file that is not UTF-8 is read as bytes (its text, for provenance, is empty).
        let (text, bytes) = match files.read(&path) {
            Some(text) => (Some(text), None),
            None => (None, files.read_bytes(&path)),
        };
        let Some(text) = text.or_else(|| bytes.as_ref().map(|_| String::new())) else {
            let message = if files.is_dir(&path) {
                match root {
                    Some(_) => format!("'{path}' must resolve to a file"),
                    None => format!("read {path}: is a directory"),
                }
            } else {
                format!("evalsymlink failure on '{path}' : lstat {path}: no such file or directory")
            };
            self.error(RULE_FILE_NOT_FOUND, at, message);
            return None;
        };
        if let Some(root) = root {
            let root = files::normalize(root);
            if !files::is_within(&path, &root) {
                let message = format!("security; file '{path}' is not in or below '{root}'");
                self.error(RULE_FILE_OUTSIDE_ROOT, at, message);
                return None;
            }
        }
        let file = sources.add(&path, text.clone());
        Some((file, text, bytes))
    }
}

/// `[-._a-zA-Z0-9]+`, the keys the API server accepts in `data` and `binaryData`.
fn is_config_map_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// An entry's options merged with the kustomization's `generatorOptions`.
struct Options {
    labels: Vec<Entry>,
    annotations: Vec<Entry>,
    disable_hash: bool,
    /// Where `immutable: true` was written, when it was.
    immutable: Option<Option<Origin>>,
}

/// Kustomize's `MergeGlobalOptionsIntoLocal`: the entry's labels and annotations win over the
/// global ones, and a `true` anywhere wins for the two booleans (a local `false` cannot undo a
/// global `true`).
fn merge_options(local: Option<&Node>, global: Option<&Node>, run: &mut Generator) -> Options {
    let mut options = Options {
        labels: Vec::new(),
        annotations: Vec::new(),
        disable_hash: false,
        immutable: None,
    };
    for node in [local, global].into_iter().flatten() {
        if node.is_null() {
            continue;
        }
        if !node.is_map() {
            run.error(
                RULE_INVALID,
                node.origin,
                "generator options must be a mapping".to_owned(),
            );
            continue;
        }
        for (field, out) in [
            ("labels", &mut options.labels),
            ("annotations", &mut options.annotations),
        ] {
            let Some(map) = node.get(field).filter(|map| !map.is_null()) else {
                continue;
            };
            let Some(entries) = map.entries() else {
                run.error(
                    RULE_INVALID,
                    map.origin,
                    format!("'{field}' must be a mapping of strings"),
                );
                continue;
            };
            let taken: HashSet<String> = out.iter().map(|entry| entry.key.clone()).collect();
            for entry in entries.iter().filter(|entry| !taken.contains(&entry.key)) {
                let Some(text) = run.text(&entry.value, field) else {
                    continue;
                };
                out.push(Entry {
                    key: entry.key.clone(),
                    key_origin: entry.key_origin,
                    value: Node::string(text, entry.value.origin),
                });
            }
        }
        let is_true = |key: &str| {
            node.get(key)
                .filter(|value| {
                    value
                        .as_scalar()
                        .is_some_and(|s| s.kind == ScalarKind::Bool(true))
                })
                .map(|value| value.origin)
        };
        if is_true("disableNameSuffixHash").is_some() {
            options.disable_hash = true;
        }
        if let Some(origin) = is_true("immutable") {
            options.immutable.get_or_insert(origin);
        }
    }
    options
}

/// Combines a generated object having `behavior: merge` or `replace` with the object it names,
/// as kustomize's `appendReplaceOrMerge` does; `existing` becomes the result.
///
/// The caller finds `existing` by any of its ids (current or previous: an overlay's generator
/// merges into a base's object after the base's prefix). Both ways: labels and annotations are
/// the union, the generated object's values winning; the name and namespace stay the existing
/// object's (with its rename history); the rest is the generated object's, so a Secret's
/// `type` becomes the generator's (`Opaque` unless it sets one). `merge` also unites `data` and
/// `binaryData`, the generated values winning. The result takes the hash only when both did.
///
/// `Err` when the generated object's behavior is `create`: the id is already taken.
pub fn merge_generated(existing: &mut Resource, generated: Resource) -> Result<(), Finding> {
    let merge = match generated.behavior {
        Behavior::Merge => true,
        Behavior::Replace => false,
        Behavior::Create => {
            return Err(behavior_finding(
                &generated,
                "exists; behavior must be merge or replace",
            ));
        }
    };
    let mut node = generated.node;
    let origin = node.origin;
    for field in ["labels", "annotations"] {
        let old = existing
            .node
            .get_path(&["metadata", field])
            .and_then(Node::entries);
        let new = node.get_path(&["metadata", field]).and_then(Node::entries);
        if let Some(united) = unite(old, new)
            && let Some(metadata) = node.map_at("metadata", origin)
        {
            metadata.set(field, united);
        }
    }
    if let Some(metadata) = node.map_at("metadata", origin) {
        for field in ["name", "namespace"] {
            match existing.node.get_path(&["metadata", field]) {
                Some(value) => metadata.set(field, value.clone()),
                None => {
                    metadata.remove(field);
                }
            }
        }
    }
    if merge {
        for field in ["data", "binaryData"] {
            let old = existing.node.get(field).and_then(Node::entries);
            let new = node.get(field).and_then(Node::entries);
            match unite(old, new) {
                Some(united) => node.set(field, united),
                // Kyaml clears the field and writes nothing back for an empty map.
                None => {
                    node.remove(field);
                }
            }
        }
    }
    existing.node = node;
    existing.needs_hash = existing.needs_hash && generated.needs_hash;
    if !merge {
        // Kustomize keeps the old object's origin only when merging.
        existing.file = generated.file;
    }
    Ok(())
}

/// The union of two string maps, `new` winning, keys sorted; `None` when both are empty.
fn unite(old: Option<&[Entry]>, new: Option<&[Entry]>) -> Option<Node> {
    let new = new.unwrap_or_default();
    let keys: HashSet<&str> = new.iter().map(|entry| entry.key.as_str()).collect();
    let mut entries: Vec<Entry> = old
        .unwrap_or_default()
        .iter()
        .filter(|entry| !keys.contains(entry.key.as_str()))
        .chain(new)
        .cloned()
        .collect();
    if entries.is_empty() {
        return None;
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    let origin = new.first().and_then(|entry| entry.value.origin);
    Some(Node::new(Value::Map(entries), origin))
}

/// The finding for a generator whose behavior does not fit what exists, worded as kustomize
/// words it (Go's `%#v` of the id).
fn behavior_finding(generated: &Resource, what: &str) -> Finding {
    let origin = generated
        .node
        .get_path(&["metadata", "name"])
        .and_then(|name| name.origin)
        .or(generated.node.origin)
        .unwrap_or(Origin {
            file: generated.file,
            range: TextRange::empty(0),
        });
    Finding {
        rule: RULE_BEHAVIOR,
        severity: Severity::Error,
        message: format!("id {} {what}", go_res_id(&generated.id())),
        origin,
        fix: None,
    }
}

/// The finding for `behavior: merge|replace` when no object has the generated object's id.
pub fn missing_target(generated: &Resource) -> Finding {
    behavior_finding(generated, "does not exist; cannot merge or replace")
}

/// Go's `%#v` of a kustomize `resid.ResId`, which kustomize prints in these errors.
fn go_res_id(id: &ResId) -> String {
    let Gvk {
        group,
        version,
        kind,
    } = &id.gvk;
    format!(
        "resid.ResId{{Gvk:resid.Gvk{{Group:{group:?}, Version:{version:?}, Kind:{kind:?}, isClusterScoped:{}}}, Name:{:?}, Namespace:{:?}}}",
        id.gvk.is_cluster_scoped(),
        id.name,
        id.namespace
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_base::workspace::Workspace;

    /// Parses `kustomization` as `app/kustomization.yaml` and generates its first
    /// `configMapGenerator` (or `secretGenerator`) entry.
    fn run(
        kind: GeneratorKind,
        kustomization: &str,
        extra: &[(&str, &str)],
    ) -> (Option<Resource>, Vec<Finding>, Sources) {
        let mut workspace = Workspace::new();
        for (name, text) in extra {
            workspace.insert(*name, *text);
        }
        let mut sources = Sources::default();
        let file = sources.add("app/kustomization.yaml", kustomization.to_owned());
        let stream = drydock_yaml::parse(kustomization);
        let document = stream.documents.first().expect("a document");
        let mut budget = 1_000_000;
        let root = document.root.expect("a root");
        let node = Node::from_yaml(document, root, file, &mut budget).expect("a tree");
        let field = match kind {
            GeneratorKind::ConfigMap => "configMapGenerator",
            GeneratorKind::Secret => "secretGenerator",
        };
        let entry = node
            .get(field)
            .and_then(|list| list.items())
            .and_then(|items| items.first())
            .expect("an entry");
        let (resource, findings) = generate(
            kind,
            entry,
            node.get("generatorOptions"),
            "app",
            Some("app"),
            &workspace,
            &mut sources,
        );
        (resource, findings, sources)
    }

    fn text_at<'a>(sources: &'a Sources, node: &Node) -> &'a str {
        let origin = node.origin.expect("an origin");
        sources
            .text(origin.file)
            .get(origin.range.start..origin.range.end)
            .expect("in range")
    }

    fn rules(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|finding| finding.rule).collect()
    }

    #[test]
    fn values_point_where_they_were_written() {
        let (resource, findings, sources) = run(
            GeneratorKind::ConfigMap,
            "configMapGenerator:\n- name: app\n  literals:\n  - plain=one\n  - \"quoted='two'\"\n  envs:\n  - a.env\n  files:\n  - key=f.txt\n",
            &[
                ("app/a.env", "# c\nX=ex\nY\n"),
                ("app/f.txt", "file body\n"),
            ],
        );
        assert_eq!(findings, []);
        let resource = resource.expect("generated");
        assert!(resource.needs_hash);
        assert_eq!(resource.behavior, Behavior::Create);
        let data = resource.node.get("data").expect("data");
        assert_eq!(text_at(&sources, data.get("plain").expect("plain")), "one");
        assert_eq!(data.get_str("quoted"), Some("two"));
        assert_eq!(
            text_at(&sources, data.get("quoted").expect("quoted")),
            "two"
        );
        assert_eq!(text_at(&sources, data.get("X").expect("X")), "ex");
        // A key without `=`: the empty value points at its line.
        assert_eq!(data.get_str("Y"), Some(""));
        assert_eq!(text_at(&sources, data.get("Y").expect("Y")), "Y");
        assert_eq!(
            text_at(&sources, data.get("key").expect("key")),
            "file body\n"
        );
        let keys: Vec<&str> = data
            .entries()
            .unwrap_or_default()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["X", "Y", "key", "plain", "quoted"]);
        let name = resource.node.get_path(&["metadata", "name"]).expect("name");
        assert_eq!(text_at(&sources, name), "app");
        assert_eq!(sources.iter().count(), 3);
    }

    #[test]
    fn secrets_are_base64_with_a_type() {
        let (resource, findings, _) = run(
            GeneratorKind::Secret,
            "secretGenerator:\n- name: s\n  type: kubernetes.io/tls\n  literals:\n  - a=foo\n",
            &[],
        );
        assert_eq!(findings, []);
        let node = resource.expect("generated").node;
        assert_eq!(
            node.get_path(&["data", "a"]).and_then(Node::as_str),
            Some("Zm9v")
        );
        assert_eq!(node.get_str("type"), Some("kubernetes.io/tls"));
        let (resource, _, _) = run(GeneratorKind::Secret, "secretGenerator:\n- name: s\n", &[]);
        let node = resource.expect("generated").node;
        assert_eq!(node.get_str("type"), Some("Opaque"));
        assert!(node.get("data").is_some_and(Node::is_map));
    }

    #[test]
    fn options_merge_local_first_and_true_wins() {
        let (resource, findings, _) = run(
            GeneratorKind::ConfigMap,
            "generatorOptions:\n  labels: {a: global, b: global}\n  disableNameSuffixHash: true\n  immutable: true\nconfigMapGenerator:\n- name: c\n  options:\n    labels: {a: local}\n    annotations: {n: '1'}\n    disableNameSuffixHash: false\n",
            &[],
        );
        assert_eq!(findings, []);
        let resource = resource.expect("generated");
        assert!(!resource.needs_hash);
        let node = &resource.node;
        assert_eq!(
            node.get_path(&["metadata", "labels", "a"])
                .and_then(Node::as_str),
            Some("local")
        );
        assert_eq!(
            node.get_path(&["metadata", "labels", "b"])
                .and_then(Node::as_str),
            Some("global")
        );
        assert_eq!(
            node.get_path(&["metadata", "annotations", "n"])
                .and_then(Node::as_str),
            Some("1")
        );
        assert!(
            node.get("immutable")
                .is_some_and(|v| v.same_value(&Node::scalar(Scalar::bool(true), None)))
        );
        assert!(node.get("data").is_none());
    }

    #[test]
    fn a_merge_key_is_what_kustomize_stops_on() {
        // `kubectl kustomize` (1.32, kustomize v5.5.0): "yaml: map merge requires map or
        // sequence of maps as the value", whatever the value; found by fuzzing the render.
        let (resource, findings, _) = run(
            GeneratorKind::ConfigMap,
            "configMapGenerator:\n- name: c\n  literals: ['<<=x', 'a=1']\n  envs: [a.env]\n",
            &[("app/a.env", "<<=a: b\n")],
        );
        let errors: Vec<(&str, Severity)> = findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            errors,
            [
                (RULE_INVALID_KEY, Severity::Error),
                (RULE_INVALID_KEY, Severity::Error)
            ]
        );
        assert!(
            findings
                .iter()
                .all(|f| f.message.starts_with("yaml: map merge requires map"))
        );
        let node = resource.expect("the rest generated").node;
        let data = node.get("data").expect("data");
        assert_eq!(data.get("a").and_then(Node::as_str), Some("1"));
        assert!(data.get("<<").is_none());
    }

    #[test]
    fn what_kustomize_refuses_is_reported_and_the_rest_generated() {
        let (resource, findings, _) = run(
            GeneratorKind::ConfigMap,
            "configMapGenerator:\n- name: c\n  literals: [a=1, a=2, novalue, =x, 'bad key=v']\n  envs: [missing.env, ../outside.env]\n  files: [k=, sub]\n",
            &[("outside.env", "A=1"), ("app/sub/x", "")],
        );
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            rules(&findings),
            [
                RULE_FILE_NOT_FOUND,
                RULE_FILE_OUTSIDE_ROOT,
                RULE_DUPLICATE_KEY,
                RULE_INVALID,
                RULE_INVALID,
                RULE_INVALID_KEY,
                RULE_INVALID,
                RULE_FILE_NOT_FOUND,
            ],
            "{messages:#?}"
        );
        assert_eq!(
            messages.get(1),
            Some(&"security; file 'outside.env' is not in or below 'app'")
        );
        assert_eq!(
            messages.get(2),
            Some(&"configmap c illegally repeats the key `a`")
        );
        assert_eq!(messages.get(7), Some(&"'app/sub' must resolve to a file"));
        let node = resource.expect("still generated").node;
        assert_eq!(
            node.get_path(&["data", "a"]).and_then(Node::as_str),
            Some("1")
        );
        assert_eq!(
            node.get_path(&["data", "bad key"]).and_then(Node::as_str),
            Some("v")
        );
    }

    #[test]
    fn no_name_no_object() {
        let (resource, findings, _) = run(
            GeneratorKind::Secret,
            "secretGenerator:\n- literals: [a=b]\n",
            &[],
        );
        assert!(resource.is_none());
        assert_eq!(
            findings.first().map(|f| f.message.as_str()),
            Some("a configmap must have a name")
        );
    }

    #[test]
    fn many_literals_are_fine() {
        let mut text = String::from("configMapGenerator:\n- name: big\n  literals:\n");
        for n in 0..100_000 {
            text.push_str(&format!("  - key{n}=value{n}\n"));
        }
        let (resource, findings, _) = run(GeneratorKind::ConfigMap, &text, &[]);
        assert_eq!(findings, []);
        let resource = resource.expect("generated");
        assert_eq!(
            resource
                .node
                .get("data")
                .and_then(Node::entries)
                .map(<[Entry]>::len),
            Some(100_000)
        );
        assert!(name_hash(&resource.node).is_some());
    }

    fn object(yaml: &str, behavior: Behavior) -> Resource {
        let stream = drydock_yaml::parse(yaml);
        let document = stream.documents.first().expect("a document");
        let mut budget = 10_000;
        let node = Node::from_yaml(
            document,
            document.root.expect("root"),
            FileId(0),
            &mut budget,
        )
        .expect("tree");
        let mut resource = Resource::new(node, FileId(0));
        resource.behavior = behavior;
        resource.needs_hash = true;
        resource
    }

    #[test]
    fn merge_and_replace() {
        let base = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p-cm, labels: {a: old, b: old}}\ndata: {x: '1', y: '2'}\n";
        let overlay = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {a: new}}\ndata: {y: '3', z: '4'}\n";
        let mut existing = object(base, Behavior::Create);
        merge_generated(&mut existing, object(overlay, Behavior::Merge)).expect("merges");
        let node = &existing.node;
        assert_eq!(existing.name(), "p-cm");
        assert_eq!(
            node.get_path(&["metadata", "labels", "a"])
                .and_then(Node::as_str),
            Some("new")
        );
        assert_eq!(
            node.get_path(&["metadata", "labels", "b"])
                .and_then(Node::as_str),
            Some("old")
        );
        let data: Vec<(&str, &str)> = node
            .get("data")
            .and_then(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str().unwrap_or("")))
            .collect();
        assert_eq!(data, [("x", "1"), ("y", "3"), ("z", "4")]);

        let mut existing = object(base, Behavior::Create);
        existing.needs_hash = false;
        merge_generated(&mut existing, object(overlay, Behavior::Replace)).expect("replaces");
        assert!(!existing.needs_hash, "a plain object stays unhashed");
        let keys: Vec<&str> = existing
            .node
            .get("data")
            .and_then(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["y", "z"]);

        let mut existing = object(base, Behavior::Create);
        let error =
            merge_generated(&mut existing, object(overlay, Behavior::Create)).expect_err("taken");
        assert_eq!(
            error.message,
            "id resid.ResId{Gvk:resid.Gvk{Group:\"\", Version:\"v1\", Kind:\"ConfigMap\", isClusterScoped:false}, Name:\"cm\", Namespace:\"\"} exists; behavior must be merge or replace"
        );
    }
}
