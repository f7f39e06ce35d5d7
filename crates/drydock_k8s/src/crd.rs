//! Custom resources: CustomResourceDefinitions found in the workspace, their `openAPIV3Schema`
//! turned into the validator's types.

use crate::schema::{Definition, Field, ListType, Others, Type, TypeKind, parse_format};
use drydock_yaml::{Document, NodeId, ScalarKind, Stream};

/// A kind that a CustomResourceDefinition serves at one apiVersion.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomResource {
    pub api_version: String,
    pub group: String,
    pub kind: String,
    pub served: bool,
    /// The schema of the whole object; `None` when the CRD gives none (anything goes).
    pub schema: Option<Type>,
}

/// Every custom resource defined in a workspace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crds {
    pub resources: Vec<CustomResource>,
}

const MAX_DEPTH: usize = 64;

impl Crds {
    pub fn new() -> Self {
        Self::default()
    }

    /// The CustomResourceDefinitions of every Kubernetes file of a workspace.
    pub fn from_workspace(workspace: &drydock_base::workspace::Workspace) -> Self {
        let mut crds = Crds::new();
        for file in &workspace.files {
            crds.add_text(&file.name, &file.text);
        }
        crds
    }

    /// The CustomResourceDefinitions of one file.
    pub fn from_text(name: &str, text: &str) -> Self {
        let mut crds = Crds::new();
        crds.add_text(name, text);
        crds
    }

    /// Adds the CRDs of a file, if it is a Kubernetes file that mentions them (the others are not
    /// parsed at all).
    pub fn add_text(&mut self, name: &str, text: &str) {
        use drydock_base::workspace::FileKind;
        if FileKind::detect(name, text) == FileKind::Kubernetes
            && text.contains("CustomResourceDefinition")
        {
            self.add_stream(&drydock_yaml::parse(text));
        }
    }

    /// Adds the CustomResourceDefinitions of a parsed file.
    pub fn add_stream(&mut self, stream: &Stream) {
        for document in stream.documents.iter().filter(|d| d.is_complete()) {
            self.add_document(document);
        }
    }

    pub fn add_document(&mut self, doc: &Document) {
        let Some(root) = doc.root else {
            return;
        };
        let api = doc.get_str(root, "apiVersion").unwrap_or("");
        if doc.get_str(root, "kind") != Some("CustomResourceDefinition")
            || !api.starts_with("apiextensions.k8s.io/")
        {
            return;
        }
        let Some(spec) = doc.get(root, "spec").map(|e| e.value) else {
            return;
        };
        let (Some(group), Some(kind)) = (
            doc.get_str(spec, "group"),
            doc.get(spec, "names")
                .and_then(|e| doc.get_str(e.value, "kind")),
        ) else {
            return;
        };
        // v1beta1 could put one schema for all versions at spec.validation.
        let shared = doc
            .get(spec, "validation")
            .and_then(|e| doc.get(e.value, "openAPIV3Schema"))
            .map(|e| convert(doc, e.value, 0, kind));
        let mut versions: Vec<(String, bool, Option<Type>)> = Vec::new();
        for version in doc
            .get(spec, "versions")
            .and_then(|e| doc.items(e.value))
            .unwrap_or(&[])
        {
            let Some(name) = doc.get_str(*version, "name") else {
                continue;
            };
            let served = doc
                .get(*version, "served")
                .and_then(|e| doc.scalar(e.value))
                .is_none_or(|s| s.kind != ScalarKind::Bool(false));
            let schema = doc
                .get(*version, "schema")
                .and_then(|e| doc.get(e.value, "openAPIV3Schema"))
                .map(|e| convert(doc, e.value, 0, kind))
                .or_else(|| shared.clone());
            versions.push((name.to_owned(), served, schema));
        }
        if versions.is_empty()
            && let Some(name) = doc.get_str(spec, "version")
        {
            versions.push((name.to_owned(), true, shared));
        }
        for (version, served, schema) in versions {
            self.resources.push(CustomResource {
                api_version: format!("{group}/{version}"),
                group: group.to_owned(),
                kind: kind.to_owned(),
                served,
                schema,
            });
        }
    }

    pub fn find(&self, api_version: &str, kind: &str) -> Option<&CustomResource> {
        self.resources
            .iter()
            .find(|r| r.api_version == api_version && r.kind == kind)
    }

    pub fn has_group(&self, group: &str) -> bool {
        self.resources.iter().any(|r| r.group == group)
    }
}

fn flag(doc: &Document, node: NodeId, key: &str) -> bool {
    doc.get(node, key)
        .and_then(|e| doc.scalar(e.value))
        .is_some_and(|s| s.kind == ScalarKind::Bool(true))
}

/// Converts one structural-schema node.
fn convert(doc: &Document, node: NodeId, depth: usize, name: &str) -> Type {
    let nullable = flag(doc, node, "nullable");
    let any = Type {
        kind: TypeKind::Any,
        nullable: true,
    };
    if depth > MAX_DEPTH || doc.entries(node).is_none() {
        return any;
    }
    if flag(doc, node, "x-kubernetes-int-or-string") {
        return Type {
            kind: TypeKind::IntOrString,
            nullable,
        };
    }
    let preserve = flag(doc, node, "x-kubernetes-preserve-unknown-fields");
    let format = doc.get_str(node, "format").map(parse_format);
    let enum_values = doc.get(node, "enum").and_then(|e| doc.items(e.value));
    let kind = match doc.get_str(node, "type") {
        Some("string") => TypeKind::String {
            format,
            values: enum_values.map(|items| {
                items
                    .iter()
                    .filter_map(|i| doc.scalar(*i).map(|s| s.value.clone()))
                    .collect()
            }),
        },
        Some("integer") => TypeKind::Integer {
            format,
            values: enum_values.map(|items| {
                items
                    .iter()
                    .filter_map(|i| match doc.scalar(*i).map(|s| s.kind) {
                        Some(ScalarKind::Int(n)) => Some(n),
                        _ => None,
                    })
                    .collect()
            }),
        },
        Some("number") => TypeKind::Number,
        Some("boolean") => TypeKind::Boolean,
        Some("array") => {
            let items = doc
                .get(node, "items")
                .map_or(any.clone(), |e| convert(doc, e.value, depth + 1, name));
            let list = match doc.get_str(node, "x-kubernetes-list-type") {
                Some("set") => ListType::Set,
                Some("map") => ListType::Map(
                    doc.get(node, "x-kubernetes-list-map-keys")
                        .and_then(|e| doc.items(e.value))
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(|i| doc.scalar(*i).map(|s| s.value.clone()))
                        .collect(),
                ),
                _ => ListType::Atomic,
            };
            TypeKind::Array {
                items: Box::new(items),
                list,
            }
        }
        Some("object") | None => {
            let properties = doc
                .get(node, "properties")
                .and_then(|e| doc.entries(e.value));
            let additional = doc.get(node, "additionalProperties").map(|e| e.value);
            let Some(properties) = properties else {
                return match additional.filter(|a| doc.entries(*a).is_some()) {
                    Some(values) => Type {
                        kind: TypeKind::Map(Box::new(convert(doc, values, depth + 1, name))),
                        nullable,
                    },
                    None if doc.get_str(node, "type").is_some() => Type {
                        kind: TypeKind::AnyObject,
                        nullable,
                    },
                    None => any,
                };
            };
            let required: Vec<&str> = doc
                .get(node, "required")
                .and_then(|e| doc.items(e.value))
                .unwrap_or(&[])
                .iter()
                .filter_map(|i| doc.scalar(*i).map(|s| s.value.as_str()))
                .collect();
            let mut fields: Vec<Field> = properties
                .iter()
                .filter_map(|entry| {
                    let field = doc.key_str(entry)?;
                    Some(Field {
                        name: field.to_owned(),
                        ty: convert(doc, entry.value, depth + 1, &format!("{name}.{field}")),
                        required: required.contains(&field),
                    })
                })
                .collect();
            fields.sort_by(|a, b| a.name.cmp(&b.name));
            let others = match additional {
                Some(values) if doc.entries(values).is_some() => {
                    Others::Typed(convert(doc, values, depth + 1, name))
                }
                Some(values)
                    if doc
                        .scalar(values)
                        .is_some_and(|s| s.kind == ScalarKind::Bool(false)) =>
                {
                    Others::Rejected
                }
                Some(_) => Others::Any,
                None if preserve => Others::Any,
                None => Others::Rejected,
            };
            TypeKind::Object(Box::new(Definition {
                name: name.to_owned(),
                fields,
                others,
                nullable,
            }))
        }
        Some(_) => return any,
    };
    Type { kind, nullable }
}
