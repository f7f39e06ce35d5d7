//! The kustomization file: finding it in a folder, reading it, and what its fields may be.

use crate::Finding;
use crate::files::{Files, Sources, join};
use crate::value::{FileId, Node, Origin};
use drydock_base::{Severity, TextRange};
use drydock_yaml::ErrorKind;

/// The names kustomize looks for in a folder, in its order.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Every field of `Kustomization` and `Component` (kustomize v5.7.1's `types.Kustomization`).
pub const FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// Fields `kustomize edit fix` rewrites, with what replaces them.
pub const DEPRECATED: &[(&str, &str)] = &[
    ("bases", "resources"),
    ("commonLabels", "labels"),
    ("patchesStrategicMerge", "patches"),
    ("patchesJson6902", "patches"),
    ("vars", "replacements"),
    ("imageTags", "images"),
];

/// A kustomization file, read.
#[derive(Debug, Clone)]
pub struct Kustomization {
    pub file: FileId,
    /// The path of the file.
    pub path: String,
    /// Its folder, which every path in it is relative to.
    pub dir: String,
    /// The document (a mapping; an empty file reads as an empty mapping).
    pub root: Node,
    /// True for `kind: Component`.
    pub is_component: bool,
}

/// What went wrong finding a folder's kustomization file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No kustomization file in the folder.
    None,
    /// More than one (kustomize refuses to choose).
    Several(Vec<String>),
}

/// The path of the kustomization file in `dir`.
pub fn find(files: &dyn Files, dir: &str) -> Result<String, Missing> {
    let found: Vec<String> = FILE_NAMES
        .iter()
        .map(|name| join(dir, name))
        .filter(|path| files.read(path).is_some())
        .collect();
    match found.as_slice() {
        [] => Err(Missing::None),
        [one] => Ok(one.clone()),
        _ => Err(Missing::Several(found)),
    }
}

/// A node budget per file: larger than any real manifest file, small enough that an alias bomb
/// is refused quickly.
pub const NODE_BUDGET: usize = 2_000_000;

/// Reads the YAML documents of a file into trees with origins. Syntax errors become findings at
/// their place; documents after a broken one are still read.
pub fn read_documents(sources: &Sources, file: FileId, findings: &mut Vec<Finding>) -> Vec<Node> {
    let text = sources.text(file);
    let stream = drydock_yaml::parse(text);
    let mut nodes = Vec::new();
    let mut budget = NODE_BUDGET;
    for document in &stream.documents {
        for error in &document.errors {
            // kustomize reads YAML with go-yaml, which lets a later duplicate key win: only a
            // warning here (the YAML rules report it on the file as for any manifest).
            let (rule, severity) = match error.kind {
                ErrorKind::DuplicateKey => ("kustomize/duplicate-key", Severity::Warning),
                _ => ("kustomize/yaml-syntax", Severity::Error),
            };
            findings.push(Finding {
                rule,
                severity,
                message: format!("`{}`: {}", sources.path(file), error.message),
                origin: Origin {
                    file,
                    range: error.range,
                },
            });
        }
        if !document.is_complete() {
            continue;
        }
        let Some(root) = document.root else { continue };
        if document.is_empty() {
            continue;
        }
        match Node::from_yaml(document, root, file, &mut budget) {
            Some(node) => nodes.push(node),
            None => findings.push(Finding {
                rule: "kustomize/yaml-syntax",
                severity: Severity::Error,
                message: format!(
                    "`{}` is too large or too deeply nested to render",
                    sources.path(file)
                ),
                origin: Origin {
                    file,
                    range: document.range,
                },
            }),
        }
    }
    nodes
}

impl Kustomization {
    /// Reads the kustomization file at `path` (already in `sources`), reporting what kustomize
    /// would reject about its shape: not a mapping, unknown fields, a wrong `kind`.
    pub fn read(
        sources: &Sources,
        file: FileId,
        dir: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<Kustomization> {
        let path = sources.path(file).to_owned();
        let whole = Origin {
            file,
            range: TextRange::new(0, 0),
        };
        let mut documents = read_documents(sources, file, findings);
        let root = match documents.len() {
            0 => {
                findings.push(Finding {
                    rule: "kustomize/empty-kustomization",
                    severity: Severity::Error,
                    message: format!(
                        "`{path}` is empty: kustomize refuses to build a folder whose kustomization says nothing"
                    ),
                    origin: whole,
                });
                return None;
            }
            1 => documents.pop()?,
            _ => {
                findings.push(Finding {
                    rule: "kustomize/invalid-kustomization",
                    severity: Severity::Error,
                    message: format!(
                        "`{path}` holds several YAML documents; a kustomization is one mapping"
                    ),
                    origin: whole,
                });
                documents.swap_remove(0)
            }
        };
        if !root.is_map() {
            findings.push(Finding {
                rule: "kustomize/invalid-kustomization",
                severity: Severity::Error,
                message: format!("`{path}` is not a mapping of kustomization fields"),
                origin: root.origin.unwrap_or(whole),
            });
            return None;
        }
        let kind = root.get_str("kind").unwrap_or("Kustomization");
        let is_component = kind == "Component";
        if !matches!(kind, "Kustomization" | "Component") {
            findings.push(Finding {
                rule: "kustomize/invalid-kustomization",
                severity: Severity::Error,
                message: format!(
                    "`kind: {kind}` is not a kustomization: the kind must be `Kustomization` or `Component`"
                ),
                origin: root.get("kind").and_then(|n| n.origin).unwrap_or(whole),
            });
        }
        for entry in root.entries().unwrap_or_default() {
            if FIELDS.contains(&entry.key.as_str()) {
                continue;
            }
            let hint = drydock_base::suggest::did_you_mean(&entry.key, FIELDS.iter().copied())
                .map(|field| format!(" Did you mean `{field}`?"))
                .unwrap_or_default();
            findings.push(Finding {
                rule: "kustomize/unknown-field",
                severity: Severity::Error,
                message: format!(
                    "`{}` is not a kustomization field: kustomize refuses the file (`json: unknown field`).{hint}",
                    entry.key
                ),
                origin: entry.key_origin.unwrap_or(whole),
            });
        }
        Some(Kustomization {
            file,
            path,
            dir: dir.to_owned(),
            root,
            is_component,
        })
    }

    /// Where the field `key` is written (its key), or the start of the file.
    pub fn origin_of(&self, key: &str) -> Origin {
        self.root
            .entry(key)
            .and_then(|entry| entry.key_origin)
            .unwrap_or(Origin {
                file: self.file,
                range: TextRange::new(0, 0),
            })
    }

    /// The strings of a list field, each with its origin. A field that is not a list of strings
    /// is reported.
    pub fn strings(&self, key: &str, findings: &mut Vec<Finding>) -> Vec<(String, Origin)> {
        let Some(node) = self.root.get(key) else {
            return Vec::new();
        };
        if node.is_null() {
            return Vec::new();
        }
        let Some(items) = node.items() else {
            findings.push(self.wrong_type(key, node, "a list of strings"));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.as_scalar() {
                Some(scalar) if !scalar.is_null() => Some((
                    scalar.text.clone(),
                    item.origin.unwrap_or_else(|| self.origin_of(key)),
                )),
                _ => {
                    findings.push(self.wrong_type(key, item, "a string"));
                    None
                }
            })
            .collect()
    }

    /// The string value of a scalar field, with its origin.
    pub fn string(&self, key: &str, findings: &mut Vec<Finding>) -> Option<(String, Origin)> {
        let node = self.root.get(key)?;
        match node.as_scalar() {
            Some(scalar) if scalar.is_null() => None,
            Some(scalar) => Some((
                scalar.text.clone(),
                node.origin.unwrap_or_else(|| self.origin_of(key)),
            )),
            None => {
                findings.push(self.wrong_type(key, node, "a string"));
                None
            }
        }
    }

    /// The `key: value` pairs of a map-of-strings field (`commonLabels`, `commonAnnotations`).
    pub fn string_map(
        &self,
        key: &str,
        findings: &mut Vec<Finding>,
    ) -> Vec<(String, String, Origin)> {
        let Some(node) = self.root.get(key) else {
            return Vec::new();
        };
        if node.is_null() {
            return Vec::new();
        }
        let Some(entries) = node.entries() else {
            findings.push(self.wrong_type(key, node, "a mapping of strings"));
            return Vec::new();
        };
        entries
            .iter()
            .map(|entry| {
                let value = entry
                    .value
                    .as_scalar()
                    .map(|scalar| {
                        if scalar.is_null() {
                            String::new()
                        } else {
                            scalar.text.clone()
                        }
                    })
                    .unwrap_or_default();
                let origin = entry
                    .value
                    .origin
                    .or(entry.key_origin)
                    .unwrap_or_else(|| self.origin_of(key));
                (entry.key.clone(), value, origin)
            })
            .collect()
    }

    /// A list field's items (mappings such as `patches`, `images`, generators).
    pub fn list(&self, key: &str, findings: &mut Vec<Finding>) -> Vec<&Node> {
        let Some(node) = self.root.get(key) else {
            return Vec::new();
        };
        if node.is_null() {
            return Vec::new();
        }
        match node.items() {
            Some(items) => items.iter().collect(),
            None => {
                findings.push(self.wrong_type(key, node, "a list"));
                Vec::new()
            }
        }
    }

    fn wrong_type(&self, key: &str, node: &Node, expected: &str) -> Finding {
        Finding {
            rule: "kustomize/invalid-field",
            severity: Severity::Error,
            message: format!(
                "`{key}` must be {expected}: kustomize cannot read this kustomization"
            ),
            origin: node.origin.unwrap_or_else(|| self.origin_of(key)),
        }
    }
}
