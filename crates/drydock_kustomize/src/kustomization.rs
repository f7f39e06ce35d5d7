//! The kustomization file: finding it in a folder, reading it, and what its fields may be.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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

thread_local! {
    /// YAML streams by text, while [`with_parse_cache`] runs: a base read by three overlays is
    /// parsed once, and a playground engine that renders after every keystroke parses again only
    /// the file that changed.
    pub(crate) static PARSED: RefCell<Option<ParseCache>> = const { RefCell::new(None) };
}

/// Each text's stream, and whether the current render used it.
pub(crate) type ParseCache = HashMap<String, (Rc<drydock_yaml::Stream>, bool)>;

/// Runs `work` with the YAML of every file parsed once. The streams `work` used are kept for
/// the next call (on this thread); the others are dropped, so what is kept is what one render
/// read.
pub fn with_parse_cache<T>(work: impl FnOnce() -> T) -> T {
    PARSED.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (_, used) in cache.get_or_insert_with(HashMap::new).values_mut() {
            *used = false;
        }
    });
    let out = work();
    PARSED.with(|cache| {
        if let Some(cache) = cache.borrow_mut().as_mut() {
            cache.retain(|_, (_, used)| *used);
        }
    });
    out
}

/// Keeps the stream of `text` for the next call, if the cache has it (a render kept whole read
/// it without parsing it again).
pub(crate) fn keep_parsed(text: &str) {
    PARSED.with(|cache| {
        if let Some((_, used)) = cache.borrow_mut().as_mut().and_then(|c| c.get_mut(text)) {
            *used = true;
        }
    });
}

/// `text` parsed, from the cache while [`with_parse_cache`] runs.
fn parse(text: &str) -> Rc<drydock_yaml::Stream> {
    PARSED.with(|cache| {
        let mut cache = cache.borrow_mut();
        let Some(cache) = cache.as_mut() else {
            return Rc::new(drydock_yaml::parse(text));
        };
        if let Some((stream, used)) = cache.get_mut(text) {
            *used = true;
            return Rc::clone(stream);
        }
        let stream = Rc::new(drydock_yaml::parse(text));
        cache.insert(text.to_owned(), (Rc::clone(&stream), true));
        stream
    })
}

/// Reads the YAML documents of a file into trees with origins. Syntax errors become findings at
/// their place; documents after a broken one are still read.
pub fn read_documents(sources: &Sources, file: FileId, findings: &mut Vec<Finding>) -> Vec<Node> {
    read_yaml(sources, file, findings, true)
}

/// [`read_documents`]; `resource` says whether the file holds objects (where kustomize's YAML
/// decoder refuses a duplicate key) or is a kustomization (where the last one wins).
pub fn read_yaml(
    sources: &Sources,
    file: FileId,
    findings: &mut Vec<Finding>,
    resource: bool,
) -> Vec<Node> {
    let text = sources.text(file);
    let stream = parse(text);
    let mut nodes = Vec::new();
    let mut budget = NODE_BUDGET;
    for document in &stream.documents {
        for error in &document.errors {
            // A kustomization file is decoded leniently (a later duplicate key wins: a warning);
            // an object file goes through a decoder that refuses it (an error, as kustomize's).
            let (rule, severity) = match error.kind {
                ErrorKind::DuplicateKey if resource => ("kustomize/duplicate-key", Severity::Error),
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
                fix: None,
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
                fix: None,
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
        let mut documents = read_yaml(sources, file, findings, false);
        let root = match documents.len() {
            0 => {
                findings.push(Finding {
                    rule: "kustomize/empty-kustomization",
                    severity: Severity::Error,
                    message: format!(
                        "`{path}` is empty: kustomize refuses to build a folder whose kustomization says nothing"
                    ),
                    origin: whole,
                    fix: None,
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
                    fix: None,
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
                fix: None,
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
                fix: None,
            });
        }
        // kustomize's `EnforceFields`: a Component is `kustomize.config.k8s.io/v1alpha1`, a
        // Kustomization `kustomize.config.k8s.io/v1beta1` (when an apiVersion is given).
        let required = if is_component {
            "kustomize.config.k8s.io/v1alpha1"
        } else {
            "kustomize.config.k8s.io/v1beta1"
        };
        if let Some(api_version) = root.get("apiVersion").and_then(Node::as_scalar)
            && !api_version.is_null()
            && !api_version.text.is_empty()
            && api_version.text != required
        {
            findings.push(Finding {
                rule: if is_component {
                    "kustomize/component-mismatch"
                } else {
                    "kustomize/invalid-kustomization"
                },
                severity: Severity::Error,
                message: format!(
                    "`apiVersion: {}` does not go with `kind: {kind}`: kustomize requires `{required}` (\"apiVersion for {kind} should be {required}\")",
                    api_version.text
                ),
                origin: root.get("apiVersion").and_then(|n| n.origin).unwrap_or(whole),
                fix: None,
            });
        }
        if says_nothing(&root) {
            findings.push(Finding {
                rule: "kustomize/empty-kustomization",
                severity: Severity::Error,
                message: format!(
                    "`{path}` sets nothing but its `apiVersion` and `kind`: kustomize refuses it (\"kustomization.yaml is empty\")"
                ),
                origin: root.origin.unwrap_or(whole),
                fix: None,
            });
            return None;
        }
        let mut root = root;
        // kustomize decodes through Go's JSON, whose field names match without regard to case:
        // `nameprefix` is `namePrefix` to it.
        for entry in root.entries_mut().into_iter().flatten() {
            if let Some(field) = FIELDS
                .iter()
                .find(|field| field.eq_ignore_ascii_case(&entry.key) && **field != entry.key)
            {
                entry.key = (*field).to_owned();
            }
        }
        for entry in root.entries().unwrap_or_default() {
            if FIELDS.contains(&entry.key.as_str()) {
                continue;
            }
            let suggestion =
                drydock_base::suggest::did_you_mean(&entry.key, FIELDS.iter().copied())
                    .filter(|field| root.get(field).is_none());
            let hint = suggestion
                .map(|field| format!(" Did you mean `{field}`?"))
                .unwrap_or_default();
            let origin = entry.key_origin.unwrap_or(whole);
            // The key as written is replaced (when it is a plain key, not quoted).
            let written = sources.text(file).get(origin.range.start..origin.range.end);
            let fix = suggestion
                .filter(|_| written == Some(entry.key.as_str()))
                .map(|field| {
                    drydock_base::Fix::replace(format!("Rename to `{field}`"), origin.range, field)
                });
            findings.push(Finding {
                rule: "kustomize/unknown-field",
                severity: Severity::Error,
                message: format!(
                    "`{}` is not a kustomization field: kustomize refuses the file (`json: unknown field`).{hint}",
                    entry.key
                ),
                origin,
                fix,
            });
        }
        deprecated_fields(&root, sources.text(file), findings);
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
        let mut pairs = Vec::with_capacity(entries.len());
        for entry in entries {
            let origin = entry
                .value
                .origin
                .or(entry.key_origin)
                .unwrap_or_else(|| self.origin_of(key));
            // Go decodes the field as a map of strings: a number or a boolean is refused
            // (`json: cannot unmarshal bool into Go struct field … of type string`).
            let value = match entry.value.as_scalar() {
                Some(scalar) if scalar.is_null() => String::new(),
                Some(scalar) if scalar.kind == drydock_yaml::ScalarKind::String => {
                    scalar.text.clone()
                }
                Some(scalar) => {
                    findings.push(Finding {
                        rule: "kustomize/invalid-field",
                        severity: Severity::Error,
                        message: format!(
                            "`{}: {}` in `{key}` is a {}, not a string: kustomize refuses it (quote it: `\"{}\"`)",
                            entry.key,
                            scalar.text,
                            scalar.kind.type_name(),
                            scalar.text
                        ),
                        origin,
                        fix: entry.value.origin.map(|at| {
                            drydock_base::Fix::replace(
                                "Quote the value",
                                at.range,
                                format!("\"{}\"", scalar.text),
                            )
                        }),
                    });
                    scalar.text.clone()
                }
                None => {
                    findings.push(self.wrong_type(key, &entry.value, "a mapping of strings"));
                    continue;
                }
            };
            pairs.push((entry.key.clone(), value, origin));
        }
        pairs
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
            fix: None,
        }
    }
}

/// `bases`, `commonLabels`, `patchesStrategicMerge`, `patchesJson6902`, `vars` and `imageTags`:
/// kustomize v5 warns about each, and `kustomize edit fix` rewrites them. The same rewrite is
/// offered as a fix where it is mechanical (the new field is not there yet).
fn deprecated_fields(root: &Node, text: &str, findings: &mut Vec<Finding>) {
    for entry in root.entries().unwrap_or_default() {
        let Some(&(_, replacement)) = DEPRECATED.iter().find(|(old, _)| *old == entry.key) else {
            continue;
        };
        let Some(key_origin) = entry.key_origin else {
            continue;
        };
        let experimental = if entry.key == "vars" {
            " [EXPERIMENTAL]"
        } else {
            ""
        };
        let fix = if root.get(replacement).is_some() {
            None
        } else {
            deprecated_fix(
                &entry.key,
                replacement,
                key_origin.range,
                &entry.value,
                text,
            )
        };
        findings.push(Finding {
            rule: "kustomize/deprecated-field",
            severity: Severity::Warning,
            message: format!(
                "`{}` is deprecated: kustomize v5 warns \"Please use '{replacement}' instead.{experimental} Run 'kustomize edit fix' to update your Kustomization automatically.\"",
                entry.key
            ),
            origin: key_origin,
            fix,
        });
    }
}

/// The rewrite `kustomize edit fix` makes, as text edits, when it is mechanical.
fn deprecated_fix(
    old: &str,
    new: &str,
    key: TextRange,
    value: &Node,
    text: &str,
) -> Option<drydock_base::Fix> {
    use drydock_base::{Fix, TextEdit};
    let rename = TextEdit {
        range: key,
        replacement: new.to_owned(),
    };
    let title = format!("Replace `{old}` with `{new}`");
    match old {
        "bases" | "patchesJson6902" | "imageTags" => Some(Fix {
            title,
            edits: vec![rename],
        }),
        "patchesStrategicMerge" => {
            // Each file name becomes `path: <file>`; an inline patch has no mechanical rewrite.
            let mut edits = vec![rename];
            for item in value.items()? {
                let name = item.as_str()?;
                if name.contains('\n') {
                    return None;
                }
                let range = item.origin?.range;
                edits.push(TextEdit {
                    range: TextRange::new(range.start, range.start),
                    replacement: "path: ".to_owned(),
                });
            }
            Some(Fix { title, edits })
        }
        "commonLabels" => {
            // `labels` with `includeSelectors: true` is what `commonLabels` did; its pairs move
            // two columns right, under `pairs:`.
            let mut edits = vec![TextEdit {
                range: key,
                replacement: "labels:\n- includeSelectors: true\n  pairs".to_owned(),
            }];
            let range = value.origin?.range;
            let on_key_line = !text.get(key.end..range.start)?.contains('\n');
            if !on_key_line {
                let line_start = text.get(..range.start)?.rfind('\n').map_or(0, |at| at + 1);
                edits.push(TextEdit {
                    range: TextRange::new(line_start, line_start),
                    replacement: "  ".to_owned(),
                });
                let block = text.get(range.start..range.end)?;
                for (at, _) in block.match_indices('\n') {
                    let next = range.start + at + 1;
                    if next < range.end {
                        edits.push(TextEdit {
                            range: TextRange::new(next, next),
                            replacement: "  ".to_owned(),
                        });
                    }
                }
            }
            Some(Fix { title, edits })
        }
        _ => None,
    }
}

/// True for a kustomization equal to the empty one once kustomize has filled in its defaults:
/// nothing but `apiVersion: kustomize.config.k8s.io/v1beta1` and `kind: Kustomization`, each
/// optional.
fn says_nothing(root: &Node) -> bool {
    root.entries().unwrap_or_default().iter().all(|entry| {
        matches!(
            (entry.key.as_str(), entry.value.as_str()),
            ("apiVersion", Some("kustomize.config.k8s.io/v1beta1"))
                | ("kind", Some("Kustomization"))
        )
    })
}
