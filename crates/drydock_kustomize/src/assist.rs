//! Editor help for kustomization files: completion of kustomize v5's `Kustomization` fields at
//! the cursor's path (with what each does, and what replaces a deprecated one), of the values a
//! field takes, and of the files and folders a path field names (relative to the
//! kustomization, listed by the caller); hover on a field; and the path under the cursor, for
//! going to the file it names.
//!
//! Works on the text's lines (`drydock_yaml::cursor`), since the file is being typed. Never
//! panics; where it cannot tell, it offers nothing.

use drydock_base::TextRange;
use drydock_yaml::cursor::{self, Slot};

/// A field of the kustomization, or of an entry of one of its lists.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    /// Its type, as people read it: `string`, `[]string`, `map[string]string`, `[]Patch`.
    pub detail: &'static str,
    /// What it does, in a sentence or two (Markdown).
    pub doc: &'static str,
    /// The fields of its mapping (or of its list's entries).
    pub fields: &'static [Field],
    /// The values it takes, when they are a fixed set.
    pub values: &'static [&'static str],
    /// What it names: files or folders (relative to the kustomization).
    pub paths: Paths,
    /// The field that replaces it, when it is deprecated.
    pub replaced_by: Option<&'static str>,
}

/// Whether a field's values (or its list's items) name files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    No,
    /// Files or folders.
    Yes,
    /// `key=path` or `path` (a generator's `files`).
    KeyedFiles,
}

const fn field(name: &'static str, detail: &'static str, doc: &'static str) -> Field {
    Field {
        name,
        detail,
        doc,
        fields: &[],
        values: &[],
        paths: Paths::No,
        replaced_by: None,
    }
}

const fn with_fields(mut f: Field, fields: &'static [Field]) -> Field {
    f.fields = fields;
    f
}

const fn with_values(mut f: Field, values: &'static [&'static str]) -> Field {
    f.values = values;
    f
}

const fn with_paths(mut f: Field, paths: Paths) -> Field {
    f.paths = paths;
    f
}

const fn deprecated(mut f: Field, replaced_by: &'static str) -> Field {
    f.replaced_by = Some(replaced_by);
    f
}

const BOOLEAN: &[&str] = &["true", "false"];

const SELECTOR: &[Field] = &[
    field("group", "string", "The API group of the objects selected."),
    field(
        "version",
        "string",
        "The API version of the objects selected.",
    ),
    field("kind", "string", "The kind of the objects selected."),
    field(
        "name",
        "string",
        "The name of the objects selected (a regular expression).",
    ),
    field(
        "namespace",
        "string",
        "The namespace of the objects selected (a regular expression).",
    ),
    field(
        "labelSelector",
        "string",
        "A label selector the objects' labels must match (`app=web,tier!=db`).",
    ),
    field(
        "annotationSelector",
        "string",
        "An annotation selector the objects' annotations must match.",
    ),
];

const PATCH: &[Field] = &[
    with_paths(
        field(
            "path",
            "string",
            "A file holding the patch: a strategic merge patch (a partial object) or a JSON 6902 patch (a list of operations).",
        ),
        Paths::Yes,
    ),
    field(
        "patch",
        "string",
        "The patch written inline, as a string (`|` block).",
    ),
    with_fields(
        field(
            "target",
            "Selector",
            "The objects the patch applies to; without it, a strategic merge patch applies to the object it names.",
        ),
        SELECTOR,
    ),
    with_fields(
        field(
            "options",
            "map[string]bool",
            "`allowNameChange` and `allowKindChange`: let the patch rename an object or change its kind.",
        ),
        &[
            with_values(
                field(
                    "allowNameChange",
                    "boolean",
                    "Let the patch change the object's name.",
                ),
                BOOLEAN,
            ),
            with_values(
                field(
                    "allowKindChange",
                    "boolean",
                    "Let the patch change the object's kind.",
                ),
                BOOLEAN,
            ),
        ],
    ),
];

const JSON6902: &[Field] = &[
    with_paths(
        field("path", "string", "A file holding the JSON 6902 operations."),
        Paths::Yes,
    ),
    field("patch", "string", "The operations written inline."),
    with_fields(field("target", "Target", "The object to patch."), SELECTOR),
];

const IMAGE: &[Field] = &[
    field(
        "name",
        "string",
        "The image to change, as the containers name it (without tag or digest).",
    ),
    field("newName", "string", "The image name to use instead."),
    field("newTag", "string", "The tag to use instead."),
    field(
        "digest",
        "string",
        "The digest to use instead (`sha256:…`); wins over `newTag`.",
    ),
];

const GENERATOR_OPTIONS: &[Field] = &[
    field(
        "labels",
        "map[string]string",
        "Labels added to the generated objects.",
    ),
    field(
        "annotations",
        "map[string]string",
        "Annotations added to the generated objects.",
    ),
    with_values(
        field(
            "disableNameSuffixHash",
            "boolean",
            "Keep the name as written: no `-<hash>` of the content appended (objects that refer to it are then not rolled out when it changes).",
        ),
        BOOLEAN,
    ),
    with_values(
        field(
            "immutable",
            "boolean",
            "Mark the generated objects `immutable: true`.",
        ),
        BOOLEAN,
    ),
];

const GENERATOR: &[Field] = &[
    field(
        "name",
        "string",
        "The generated object's name (before the prefix, suffix and content hash).",
    ),
    field("namespace", "string", "The generated object's namespace."),
    with_values(
        field(
            "behavior",
            "string",
            "`create` (the default) a new object, or `replace` or `merge` into one of the same name from a base.",
        ),
        &["create", "replace", "merge"],
    ),
    field("literals", "[]string", "Entries written as `KEY=value`."),
    with_paths(
        field(
            "files",
            "[]string",
            "Files whose content becomes an entry, keyed by the file name or `key=path`.",
        ),
        Paths::KeyedFiles,
    ),
    with_paths(
        field(
            "envs",
            "[]string",
            "Env files (`KEY=value` lines) whose lines become entries.",
        ),
        Paths::Yes,
    ),
    deprecated(
        with_paths(
            field("env", "string", "An env file whose lines become entries."),
            Paths::Yes,
        ),
        "envs",
    ),
    with_fields(
        field(
            "options",
            "GeneratorOptions",
            "This generator's own labels, annotations, `disableNameSuffixHash` and `immutable`, over `generatorOptions`.",
        ),
        GENERATOR_OPTIONS,
    ),
    field(
        "type",
        "string",
        "A Secret's type (`Opaque` by default; `kubernetes.io/tls`, `kubernetes.io/dockerconfigjson`, …).",
    ),
];

const REPLACEMENT_OPTIONS: &[Field] = &[
    field(
        "delimiter",
        "string",
        "Split the field's value at this delimiter and use or replace one part.",
    ),
    field("index", "integer", "Which part, with `delimiter`."),
    with_values(
        field(
            "create",
            "boolean",
            "Create the target field when it is missing.",
        ),
        BOOLEAN,
    ),
];

const REPLACEMENT: &[Field] = &[
    with_paths(
        field(
            "path",
            "string",
            "A file holding the replacement (its `source` and `targets`).",
        ),
        Paths::Yes,
    ),
    with_fields(
        field(
            "source",
            "SourceSelector",
            "The object and field the value is copied from.",
        ),
        &[
            field("group", "string", "The source object's API group."),
            field("version", "string", "The source object's API version."),
            field("kind", "string", "The source object's kind."),
            field("name", "string", "The source object's name."),
            field("namespace", "string", "The source object's namespace."),
            field(
                "fieldPath",
                "string",
                "The field whose value is copied (`metadata.name` by default), e.g. `spec.template.spec.containers.[name=web].image`.",
            ),
            with_fields(
                field(
                    "options",
                    "FieldOptions",
                    "Take part of the value: `delimiter` and `index`.",
                ),
                REPLACEMENT_OPTIONS,
            ),
        ],
    ),
    with_fields(
        field(
            "targets",
            "[]TargetSelector",
            "The objects and fields the value is copied into.",
        ),
        &[
            with_fields(
                field("select", "Selector", "The objects to change."),
                SELECTOR,
            ),
            with_fields(
                field(
                    "reject",
                    "[]Selector",
                    "Objects to leave out of those selected.",
                ),
                SELECTOR,
            ),
            field(
                "fieldPaths",
                "[]string",
                "The fields to set in each object.",
            ),
            with_fields(
                field(
                    "options",
                    "FieldOptions",
                    "Replace part of the value (`delimiter`, `index`) or create a missing field (`create`).",
                ),
                REPLACEMENT_OPTIONS,
            ),
        ],
    ),
];

const LABEL: &[Field] = &[
    field("pairs", "map[string]string", "The labels to add."),
    with_values(
        field(
            "includeSelectors",
            "boolean",
            "Add them to selectors too (a Service's, a workload's `matchLabels`) and to pod templates; selectors of existing objects are immutable, so this changes what is deployed.",
        ),
        BOOLEAN,
    ),
    with_values(
        field(
            "includeTemplates",
            "boolean",
            "Add them to pod templates too (not selectors).",
        ),
        BOOLEAN,
    ),
    field("fields", "[]FieldSpec", "Other fields to add them to."),
];

const REPLICA: &[Field] = &[
    field("name", "string", "The workload whose replicas are set."),
    field("count", "integer", "The number of replicas."),
];

const VAR: &[Field] = &[
    field("name", "string", "The variable, used as `$(NAME)`."),
    field(
        "objref",
        "ObjectReference",
        "The object the value is read from (`kind`, `name`, `apiVersion`).",
    ),
    field(
        "fieldref",
        "FieldSelector",
        "The field the value is read from (`fieldPath`, by default `metadata.name`).",
    ),
];

const HELM_CHART: &[Field] = &[
    field("name", "string", "The chart's name."),
    field("version", "string", "The chart's version."),
    field(
        "repo",
        "string",
        "The chart repository's URL (or `oci://…`).",
    ),
    field(
        "releaseName",
        "string",
        "The release name the chart is rendered with.",
    ),
    field("namespace", "string", "The release namespace."),
    with_paths(
        field("valuesFile", "string", "A values file for the chart."),
        Paths::Yes,
    ),
    field(
        "valuesInline",
        "map",
        "Values written inline, over the values file.",
    ),
    with_values(
        field(
            "valuesMerge",
            "string",
            "How inline values combine with the file's: `override`, `replace` or `merge`.",
        ),
        &["override", "replace", "merge"],
    ),
    with_paths(
        field(
            "additionalValuesFiles",
            "[]string",
            "More values files, in order.",
        ),
        Paths::Yes,
    ),
    with_values(
        field("includeCRDs", "boolean", "Render the chart's CRDs too."),
        BOOLEAN,
    ),
    with_values(
        field("skipHooks", "boolean", "Leave out the chart's hooks."),
        BOOLEAN,
    ),
    with_values(
        field("skipTests", "boolean", "Leave out the chart's tests."),
        BOOLEAN,
    ),
    field(
        "apiVersions",
        "[]string",
        "API versions the chart's `.Capabilities` report.",
    ),
    field(
        "kubeVersion",
        "string",
        "The Kubernetes version the chart's `.Capabilities` report.",
    ),
    field("nameTemplate", "string", "A template for the release name."),
];

/// kustomize v5's `Kustomization` (and `Component`).
pub const KUSTOMIZATION: &[Field] = &[
    with_values(
        field(
            "apiVersion",
            "string",
            "`kustomize.config.k8s.io/v1beta1` for a Kustomization, `kustomize.config.k8s.io/v1alpha1` for a Component.",
        ),
        &[
            "kustomize.config.k8s.io/v1beta1",
            "kustomize.config.k8s.io/v1alpha1",
        ],
    ),
    with_values(
        field(
            "kind",
            "string",
            "`Kustomization`, or `Component` for a reusable piece that `components` applies.",
        ),
        &["Kustomization", "Component"],
    ),
    with_fields(
        field(
            "metadata",
            "ObjectMeta",
            "The kustomization's own name and annotations (not added to any object).",
        ),
        &[
            field("name", "string", "The kustomization's name."),
            field("namespace", "string", "The kustomization's namespace."),
            field(
                "labels",
                "map[string]string",
                "The kustomization's labels (not added to any object).",
            ),
            field(
                "annotations",
                "map[string]string",
                "The kustomization's annotations (not added to any object).",
            ),
        ],
    ),
    with_paths(
        field(
            "resources",
            "[]string",
            "What this kustomization builds on: manifest files, folders holding a kustomization, and remote URLs, in order.",
        ),
        Paths::Yes,
    ),
    with_paths(
        field(
            "components",
            "[]string",
            "Folders holding a `kind: Component` kustomization, each applied in order to the objects gathered from `resources`.",
        ),
        Paths::Yes,
    ),
    field(
        "namespace",
        "string",
        "Sets the namespace of every namespaced object, and of the subjects and references that name it.",
    ),
    field(
        "namePrefix",
        "string",
        "Prepended to every object's name; references to renamed objects follow.",
    ),
    field(
        "nameSuffix",
        "string",
        "Appended to every object's name; references to renamed objects follow.",
    ),
    with_fields(
        field(
            "labels",
            "[]Label",
            "Labels to add: each entry's `pairs` go on objects' metadata, and with `includeSelectors` or `includeTemplates`, on selectors and pod templates too.",
        ),
        LABEL,
    ),
    deprecated(
        field(
            "commonLabels",
            "map[string]string",
            "Labels added to every object and to its selectors and pod templates.",
        ),
        "labels",
    ),
    field(
        "commonAnnotations",
        "map[string]string",
        "Annotations added to every object and its pod templates.",
    ),
    with_fields(
        field(
            "patches",
            "[]Patch",
            "Patches to apply: strategic merge or JSON 6902, from a file (`path`) or inline (`patch`), to the objects `target` selects.",
        ),
        PATCH,
    ),
    deprecated(
        with_paths(
            field(
                "patchesStrategicMerge",
                "[]string",
                "Strategic merge patches, as files or inline.",
            ),
            Paths::Yes,
        ),
        "patches",
    ),
    deprecated(
        with_fields(
            field(
                "patchesJson6902",
                "[]Patch",
                "JSON 6902 patches, each with its target.",
            ),
            JSON6902,
        ),
        "patches",
    ),
    with_fields(
        field(
            "images",
            "[]Image",
            "Changes containers' images: for each `name`, another name, tag or digest.",
        ),
        IMAGE,
    ),
    deprecated(
        with_fields(
            field("imageTags", "[]Image", "Changes containers' images."),
            IMAGE,
        ),
        "images",
    ),
    with_fields(
        field(
            "replicas",
            "[]Replica",
            "Sets the replica count of the named workloads.",
        ),
        REPLICA,
    ),
    with_fields(
        field(
            "replacements",
            "[]Replacement",
            "Copies a field's value from one object into fields of others (or from a file, `path`).",
        ),
        REPLACEMENT,
    ),
    deprecated(
        with_fields(
            field(
                "vars",
                "[]Var",
                "Variables replacing `$(NAME)` in some fields.",
            ),
            VAR,
        ),
        "replacements",
    ),
    with_fields(
        field(
            "configMapGenerator",
            "[]ConfigMapArgs",
            "ConfigMaps made from literals, files and env files; their names get a hash of the content, so workloads roll out when it changes.",
        ),
        GENERATOR,
    ),
    with_fields(
        field(
            "secretGenerator",
            "[]SecretArgs",
            "Secrets made from literals, files and env files, named with a hash of the content.",
        ),
        GENERATOR,
    ),
    with_fields(
        field(
            "generatorOptions",
            "GeneratorOptions",
            "Labels, annotations, `disableNameSuffixHash` and `immutable` for every generator of this kustomization.",
        ),
        GENERATOR_OPTIONS,
    ),
    with_fields(
        field(
            "helmCharts",
            "[]HelmChart",
            "Helm charts to render into the build (`kustomize build --enable-helm`).",
        ),
        HELM_CHART,
    ),
    with_fields(
        field(
            "helmGlobals",
            "HelmGlobals",
            "Where charts are (`chartHome`) and Helm's configuration (`configHome`).",
        ),
        &[
            with_paths(
                field(
                    "chartHome",
                    "string",
                    "The folder charts are read from and downloaded to (`charts` by default).",
                ),
                Paths::Yes,
            ),
            field("configHome", "string", "Helm's configuration folder."),
        ],
    ),
    deprecated(
        field(
            "helmChartInflationGenerator",
            "[]HelmChartArgs",
            "Helm charts to render.",
        ),
        "helmCharts",
    ),
    with_paths(
        field(
            "crds",
            "[]string",
            "Files of CRDs' OpenAPI definitions, so that name references and merge keys in custom resources are followed.",
        ),
        Paths::Yes,
    ),
    with_paths(
        field(
            "configurations",
            "[]string",
            "Files of transformer configurations: the fields of other kinds the builtin transformers should change.",
        ),
        Paths::Yes,
    ),
    with_paths(
        field(
            "generators",
            "[]string",
            "Generator plugins' configurations (files or kustomizations); the objects they make are added.",
        ),
        Paths::Yes,
    ),
    with_paths(
        field(
            "transformers",
            "[]string",
            "Transformer plugins' configurations, applied to the objects in order.",
        ),
        Paths::Yes,
    ),
    with_paths(
        field(
            "validators",
            "[]string",
            "Validator plugins' configurations, run on the result (they may not change it).",
        ),
        Paths::Yes,
    ),
    deprecated(
        with_paths(
            field("bases", "[]string", "Kustomizations this one builds on."),
            Paths::Yes,
        ),
        "resources",
    ),
    with_fields(
        field(
            "openapi",
            "map[string]string",
            "An OpenAPI schema (`path`) giving custom kinds' merge keys for strategic merge patches.",
        ),
        &[
            with_paths(field("path", "string", "The schema file."), Paths::Yes),
            field("version", "string", "A builtin Kubernetes schema version."),
        ],
    ),
    with_fields(
        field(
            "sortOptions",
            "SortOptions",
            "The output's order: `legacy` (by kind, the default) or `fifo` (as read).",
        ),
        &[
            with_values(
                field("order", "string", "`legacy` (by kind) or `fifo` (as read)."),
                &["legacy", "fifo"],
            ),
            field(
                "legacySortOptions",
                "LegacySortOptions",
                "`orderFirst` and `orderLast`: the kinds put first and last.",
            ),
        ],
    ),
    with_values(
        field(
            "buildMetadata",
            "[]string",
            "What to record on each object: `managedByLabel`, `originAnnotations`, `transformerAnnotations`.",
        ),
        &[
            "managedByLabel",
            "originAnnotations",
            "transformerAnnotations",
        ],
    ),
];

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Field,
    Value,
    File,
    Folder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    /// What replaces the word being typed.
    pub insert: String,
    pub kind: Kind,
    pub detail: String,
    /// Markdown (empty when there is nothing to say).
    pub documentation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    /// Where the word being completed starts; it ends at the cursor.
    pub from: usize,
    pub items: Vec<Item>,
}

pub use drydock_base::text::Hover;

/// An entry of a folder, as the caller lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub folder: bool,
}

/// The field at `path` (keys from the root), through lists' entries.
fn field_at(path: &[String]) -> Option<&'static Field> {
    let (last, parents) = path.split_last()?;
    let fields = parents.iter().try_fold(KUSTOMIZATION, |fields, key| {
        fields.iter().find(|f| f.name == key).map(|f| f.fields)
    })?;
    fields.iter().find(|f| f.name == last)
}

/// The fields of the mapping at `path`.
fn fields_at(path: &[String]) -> Option<&'static [Field]> {
    if path.is_empty() {
        return Some(KUSTOMIZATION);
    }
    let fields = field_at(path)?.fields;
    (!fields.is_empty()).then_some(fields)
}

fn documentation(field: &Field) -> String {
    match field.replaced_by {
        Some(replacement) => format!(
            "{}\n\n**Deprecated**: use `{replacement}` instead (`kustomize edit fix` rewrites it).",
            field.doc
        ),
        None => field.doc.to_owned(),
    }
}

/// Completions at `offset` of a kustomization file. `list` lists a folder given relative to the
/// kustomization's folder (`""` for itself), for path fields.
pub fn complete(
    text: &str,
    offset: usize,
    list: &dyn Fn(&str) -> Vec<Listed>,
) -> Option<Completions> {
    let at = cursor::cursor(text, offset)?;
    // A path: a list item of a path field, or the value of one.
    let path_field = match &at.slot {
        Slot::Key { item: true } => field_at(&at.path).filter(|f| f.paths != Paths::No),
        Slot::Value { key } => {
            let mut path = at.path.clone();
            path.push(key.clone());
            field_at(&path).filter(|f| f.paths != Paths::No && f.fields.is_empty())
        }
        Slot::Key { item: false } => None,
    };
    if let Some(field) = path_field {
        return Some(paths(&at.typed, at.from, field.paths, list));
    }
    let items = match &at.slot {
        Slot::Key { .. } => fields_at(&at.path)?
            .iter()
            .filter(|f| f.name.starts_with(&at.typed) && !at.present.iter().any(|k| k == f.name))
            // A deprecated field is not offered for new text.
            .filter(|f| f.replaced_by.is_none())
            .map(|f| Item {
                label: f.name.to_owned(),
                insert: f.name.to_owned(),
                kind: Kind::Field,
                detail: f.detail.to_owned(),
                documentation: documentation(f),
            })
            .collect(),
        Slot::Value { key } => {
            let mut path = at.path.clone();
            path.push(key.clone());
            let field = field_at(&path)?;
            field
                .values
                .iter()
                .filter(|value| value.starts_with(&at.typed))
                .map(|value| Item {
                    label: (*value).to_owned(),
                    insert: (*value).to_owned(),
                    kind: Kind::Value,
                    detail: field.detail.to_owned(),
                    documentation: field.doc.to_owned(),
                })
                .collect()
        }
    };
    Some(Completions {
        from: at.from,
        items,
    })
}

/// The entries of the folder being typed (`../base/` lists `../base`), as paths to insert.
fn paths(typed: &str, from: usize, kind: Paths, list: &dyn Fn(&str) -> Vec<Listed>) -> Completions {
    // `key=path` in a generator's files: the path after `=`.
    let (key, path) = match (kind, typed.split_once('=')) {
        (Paths::KeyedFiles, Some((key, path))) => (Some(key), path),
        _ => (None, typed),
    };
    let (folder, name) = match path.rfind('/') {
        Some(at) => (
            path.get(..=at).unwrap_or_default(),
            path.get(at + 1..).unwrap_or_default(),
        ),
        None => ("", path),
    };
    let mut listed = list(folder.trim_end_matches('/'));
    listed.sort_by(|a, b| (!a.folder, &a.name).cmp(&(!b.folder, &b.name)));
    let items = listed
        .into_iter()
        .filter(|entry| {
            entry.name.starts_with(name) && (name.starts_with('.') || !entry.name.starts_with('.'))
        })
        .map(|entry| {
            let shown = if entry.folder {
                format!("{}/", entry.name)
            } else {
                entry.name.clone()
            };
            let insert = match key {
                Some(key) => format!("{key}={folder}{shown}"),
                None => format!("{folder}{shown}"),
            };
            Item {
                label: shown,
                insert,
                kind: if entry.folder {
                    Kind::Folder
                } else {
                    Kind::File
                },
                detail: String::new(),
                documentation: String::new(),
            }
        })
        .collect();
    Completions { from, items }
}

/// What the field under `offset` is, and what replaces it when it is deprecated.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let key = cursor::key_at(text, offset)?;
    let mut path = key.path.clone();
    path.push(key.key.clone());
    let field = field_at(&path)?;
    Some(Hover {
        range: key.range,
        markdown: format!(
            "**{}** — `{}`\n\n{}",
            path.join("."),
            field.detail,
            documentation(field)
        ),
    })
}

/// The path under `offset` when it is where a field names a file or folder: its text (a
/// generator's `key=` left out) and range.
pub fn path_at(text: &str, offset: usize) -> Option<(String, TextRange)> {
    let value = cursor::value_at(text, offset)?;
    let mut path = value.path.clone();
    if let Some(key) = &value.key {
        path.push(key.clone());
    }
    let field = field_at(&path)?;
    if field.paths == Paths::No || value.value.contains("://") {
        return None;
    }
    match (field.paths, value.value.split_once('=')) {
        (Paths::KeyedFiles, Some((key, file))) => {
            let start = value.range.start + key.len() + 1;
            Some((file.to_owned(), TextRange::new(start, value.range.end)))
        }
        _ => Some((value.value, value.range)),
    }
}

/// Every path the kustomization names (for references to a file), each with its range.
pub fn paths_named(text: &str) -> Vec<(String, TextRange)> {
    cursor::entries(text)
        .into_iter()
        .filter_map(|entry| {
            let (_, range) = entry.value.as_ref()?;
            path_at(text, range.start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete_at(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("a cursor");
        let text = text.replacen('|', "", 1);
        let list = |folder: &str| -> Vec<Listed> {
            let names: &[(&str, bool)] = match folder {
                "" => &[
                    ("deployment.yaml", false),
                    ("base", true),
                    (".hidden", false),
                    ("app.env", false),
                ],
                "../base" => &[("kustomization.yaml", false)],
                _ => &[],
            };
            names
                .iter()
                .map(|(name, folder)| Listed {
                    name: (*name).to_owned(),
                    folder: *folder,
                })
                .collect()
        };
        complete(&text, offset, &list)
            .map(|c| c.items.into_iter().map(|i| i.insert).collect())
            .unwrap_or_default()
    }

    #[test]
    fn fields_values_and_paths() {
        assert_eq!(complete_at("reso|\n"), ["resources"]);
        // Deprecated fields are not offered; present ones neither.
        assert_eq!(
            complete_at("resources: []\ncommon|\n"),
            ["commonAnnotations"]
        );
        assert_eq!(
            complete_at("patches:\n  - path: p.yaml\n    target:\n      ki|\n"),
            ["kind"]
        );
        assert_eq!(
            complete_at("images:\n  - name: web\n    new|\n"),
            ["newName", "newTag"]
        );
        assert_eq!(
            complete_at("configMapGenerator:\n  - name: c\n    behavior: |\n"),
            ["create", "replace", "merge"]
        );
        assert_eq!(complete_at("kind: |\n"), ["Kustomization", "Component"]);
        assert_eq!(
            complete_at("resources:\n  - |\n"),
            ["base/", "app.env", "deployment.yaml"]
        );
        assert_eq!(
            complete_at("resources:\n  - ../base/|\n"),
            ["../base/kustomization.yaml"]
        );
        assert_eq!(
            complete_at("patches:\n  - path: dep|\n"),
            ["deployment.yaml"]
        );
        assert_eq!(
            complete_at("configMapGenerator:\n  - name: c\n    files:\n      - cfg=app|\n"),
            ["cfg=app.env"]
        );
        assert_eq!(
            complete_at("configMapGenerator:\n  - name: c\n    envs:\n      - .|\n"),
            [".hidden"]
        );
    }

    #[test]
    fn hover_says_what_replaces_a_deprecated_field() {
        let text = "commonLabels:\n  app: web\npatches:\n  - target:\n      kind: Deployment\n";
        let found = hover(text, 3).unwrap();
        assert!(
            found
                .markdown
                .starts_with("**commonLabels** — `map[string]string`"),
            "{}",
            found.markdown
        );
        assert!(
            found.markdown.contains("use `labels` instead"),
            "{}",
            found.markdown
        );
        assert_eq!(found.range.slice(text), "commonLabels");
        let nested = hover(text, text.find("kind").unwrap()).unwrap();
        assert!(
            nested
                .markdown
                .starts_with("**patches.target.kind** — `string`"),
            "{}",
            nested.markdown
        );
    }

    #[test]
    fn paths_under_the_cursor() {
        let text = "resources:\n  - ../base\n  - https://example.com/x.yaml\nconfigMapGenerator:\n  - name: c\n    files:\n      - key=conf/app.ini\npatches:\n  - path: patch.yaml\nnamespace: shop\n";
        let (path, range) = path_at(text, text.find("base").unwrap()).unwrap();
        assert_eq!((path.as_str(), range.slice(text)), ("../base", "../base"));
        assert_eq!(path_at(text, text.find("example").unwrap()), None);
        let (path, range) = path_at(text, text.find("conf/").unwrap()).unwrap();
        assert_eq!(
            (path.as_str(), range.slice(text)),
            ("conf/app.ini", "conf/app.ini")
        );
        assert_eq!(path_at(text, text.find("shop").unwrap()), None);
        let named: Vec<String> = paths_named(text).into_iter().map(|(p, _)| p).collect();
        assert_eq!(named, ["../base", "conf/app.ini", "patch.yaml"]);
    }

    #[test]
    fn odd_input_is_silent_not_a_panic() {
        let none = |_: &str| Vec::new();
        for text in [
            "",
            "-",
            ": :",
            "resources:\n  - - -\n",
            "files:\n - =",
            "é:\n  ü",
            "patches:\n  - path: \"x",
        ] {
            for offset in 0..=text.len() + 1 {
                let _ = complete(text, offset, &none);
                let _ = hover(text, offset);
                let _ = path_at(text, offset);
            }
            let _ = paths_named(text);
        }
    }
}
