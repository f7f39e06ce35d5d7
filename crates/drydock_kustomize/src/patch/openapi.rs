//! A custom OpenAPI schema (a kustomization's `openapi: {path: …}`): the merge keys of custom
//! resources' lists, as kyaml reads them from a Swagger document.
//!
//! Facts from kustomize v5.7.1 (`kyaml/openapi/openapi.go`): the document is JSON, or YAML
//! converted to JSON; only its `definitions` count. A definition with
//! `x-kubernetes-group-version-kind` is the schema of those resource types; `$ref:
//! #/definitions/<name>` points at another definition; a field's schema is in `properties`, or
//! `additionalProperties` for maps; a list merges element by element when its
//! `x-kubernetes-patch-strategy` says `merge`, matched by `x-kubernetes-list-map-keys`, else by
//! `x-kubernetes-patch-merge-key`, else as a set of scalars.

use super::merge_keys::{self, Field};
use crate::value::Node;
use std::collections::HashMap;

/// Where a reference leads: a schema of the document, or a type of the built-in Kubernetes
/// schema (kyaml adds the document's definitions to the built-in ones, so a custom resource's
/// `$ref: #/definitions/io.k8s.api.core.v1.PodTemplateSpec` finds Kubernetes' pod template).
#[derive(Debug, Clone, Copy)]
pub(super) enum Resolved {
    Custom(usize),
    Builtin(&'static [(&'static str, Field)]),
}

/// `$ref` chains longer than this resolve to nothing (a loop, or a hostile document).
const MAX_HOPS: usize = 64;
/// Inline schemas nested deeper than this are not read.
const MAX_DEPTH: usize = 128;

/// One schema of the document, its references left to resolve.
#[derive(Debug, Clone, Default)]
struct Type {
    reference: Option<String>,
    properties: Vec<(String, usize)>,
    additional: Option<usize>,
    items: Option<usize>,
    is_array: bool,
    merges: bool,
    keys: Vec<String>,
}

/// A custom schema, read.
#[derive(Debug, Clone, Default)]
pub struct CustomSchema {
    types: Vec<Type>,
    definitions: HashMap<String, usize>,
    /// `(apiVersion, kind)` to the definition of that resource type.
    resources: HashMap<(String, String), usize>,
}

impl CustomSchema {
    /// Reads a Swagger document (already parsed from JSON or YAML). `None` when it has no
    /// `definitions` mapping.
    pub fn read(document: &Node) -> Option<CustomSchema> {
        let definitions = document.get("definitions")?.entries()?;
        let mut schema = CustomSchema::default();
        for entry in definitions {
            let id = schema.convert(&entry.value, 0);
            schema.definitions.insert(entry.key.clone(), id);
            for gvk in entry
                .value
                .get("x-kubernetes-group-version-kind")
                .and_then(Node::items)
                .unwrap_or_default()
            {
                let text = |key: &str| gvk.get(key).and_then(Node::as_str).unwrap_or("");
                let (group, version, kind) = (text("group"), text("version"), text("kind"));
                let api_version = if group.is_empty() {
                    version.to_owned()
                } else {
                    format!("{group}/{version}")
                };
                schema.resources.insert((api_version, kind.to_owned()), id);
            }
        }
        Some(schema)
    }

    fn convert(&mut self, node: &Node, depth: usize) -> usize {
        let id = self.types.len();
        self.types.push(Type::default());
        if depth > MAX_DEPTH || !node.is_map() {
            return id;
        }
        let mut ty = Type {
            reference: node
                .get_str("$ref")
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .map(str::to_owned),
            ..Type::default()
        };
        for entry in node
            .get("properties")
            .and_then(Node::entries)
            .unwrap_or_default()
        {
            let field = self.convert(&entry.value, depth + 1);
            ty.properties.push((entry.key.clone(), field));
        }
        if let Some(additional) = node.get("additionalProperties").filter(|n| n.is_map()) {
            ty.additional = Some(self.convert(additional, depth + 1));
        }
        if let Some(items) = node.get("items").filter(|n| n.is_map()) {
            ty.items = Some(self.convert(items, depth + 1));
        }
        ty.is_array = match node.get("type") {
            Some(t) => match t.items() {
                Some([only]) => only.as_str() == Some("array"),
                Some(_) => false,
                None => t.as_str() == Some("array"),
            },
            None => false,
        };
        ty.merges = node
            .get_str("x-kubernetes-patch-strategy")
            .is_some_and(|s| s.split(',').any(|part| part.trim() == "merge"));
        ty.keys = match node.get("x-kubernetes-list-map-keys").and_then(Node::items) {
            Some(keys) if ty.merges => keys
                .iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect(),
            _ => node
                .get_str("x-kubernetes-patch-merge-key")
                .map(|k| vec![k.to_owned()])
                .unwrap_or_default(),
        };
        if let Some(slot) = self.types.get_mut(id) {
            *slot = ty;
        }
        id
    }

    /// The schema `id` stands for, its references followed.
    fn resolve(&self, id: usize) -> Option<Resolved> {
        let mut id = id;
        for _ in 0..MAX_HOPS {
            let ty = self.types.get(id)?;
            match &ty.reference {
                Some(name) => match self.definitions.get(name) {
                    Some(&next) => id = next,
                    None => {
                        let short = name.rsplit('.').next().unwrap_or(name);
                        return merge_keys::object(short).map(Resolved::Builtin);
                    }
                },
                None => return Some(Resolved::Custom(id)),
            }
        }
        None
    }

    fn custom(&self, id: usize) -> Option<&Type> {
        match self.resolve(id)? {
            Resolved::Custom(id) => self.types.get(id),
            Resolved::Builtin(_) => None,
        }
    }

    /// The schema of a resource type.
    pub(super) fn resource(&self, api_version: &str, kind: &str) -> Option<Resolved> {
        let id = *self
            .resources
            .get(&(api_version.to_owned(), kind.to_owned()))?;
        self.resolve(id)
    }

    /// The schema of field `key` of object schema `id`.
    pub(super) fn field(&self, id: usize, key: &str) -> Option<Resolved> {
        let ty = self.custom(id)?;
        let field = ty
            .properties
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, field)| *field)
            .or(ty.additional)?;
        self.resolve(field)
    }

    /// The schema of the elements of list schema `id`.
    pub(super) fn element(&self, id: usize) -> Option<Resolved> {
        let ty = self.custom(id)?;
        if !ty.is_array {
            return None;
        }
        self.resolve(ty.items?)
    }

    /// The merge keys of list schema `id`, when it merges element by element (empty: a set of
    /// scalars).
    pub(super) fn merge_keys(&self, id: usize) -> Option<&[String]> {
        let ty = self.custom(id)?;
        ty.merges.then_some(ty.keys.as_slice())
    }
}
