//! Building a kustomization: resources gathered from files and nested kustomizations,
//! components, generators and transformers, in kustomize's order.
//!
//! A nested kustomization is built completely (its own generators and transformers) before its
//! resources join the parent's; a component works on the parent's resources. Name references and
//! generated names' hashes are settled once, at the top, as kustomize does.

use crate::files::{Files, Sources, is_within, join, normalize};
use crate::kustomization::{self, Kustomization, Missing};
use crate::resource::{self, Resource};
use crate::value::{FileId, Origin};
use crate::{Finding, Node};
use drydock_base::{Severity, TextRange};

pub mod inline;
mod patches;
mod plugins;
mod provenance;
mod replace;
mod schema;
mod steps;

/// How a render may read files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// `--load-restrictor LoadRestrictionsNone`: files anywhere, not only below the
    /// kustomization that names them.
    pub unrestricted: bool,
}

/// What rendering a kustomization produced: the objects, in kustomize's output order, every file
/// read, and what went wrong (the objects are still as complete as they could be made).
#[derive(Debug, Clone, Default)]
pub struct Render {
    pub sources: Sources,
    pub resources: Vec<Resource>,
    pub findings: Vec<Finding>,
    /// The kustomization file rendered, when one was found.
    pub kustomization: Option<FileId>,
    /// Files read as patches (never objects of their own).
    pub patch_files: Vec<FileId>,
}

impl Render {
    /// True when kustomize itself would refuse to build (an error-level finding).
    pub fn failed(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }
}

/// Nested kustomizations deeper than this are refused (kustomize has no limit, but a tree this
/// deep is a mistake, and the bound keeps adversarial input cheap).
const MAX_NESTING: usize = 64;

/// Renders the kustomization in folder `dir`.
pub fn render(files: &dyn Files, dir: &str, options: Options) -> Render {
    let dir = normalize(dir);
    let mut builder = Builder {
        files,
        options,
        sources: Sources::default(),
        findings: Vec::new(),
        stack: Vec::new(),
        config: crate::transform::Configurations::builtin(),
        patch_files: Vec::new(),
        vars: Vec::new(),
        tracking: None,
        openapi_state: schema::OpenApi::default(),
    };
    let kustomization_file;
    let resources = match builder.load(&dir, None) {
        // A component built directly renders as a kustomization would.
        Some(k) => {
            kustomization_file = Some(k.file);
            builder.start_tracking(&k);
            builder.openapi(&k, true);
            let mut acc = Vec::new();
            builder.stack.push(dir.clone());
            builder.accumulate(&k, &mut acc);
            builder.stack.pop();
            builder.finish(&k, &mut acc);
            acc
        }
        None => {
            // Findings about an unreadable kustomization still belong to its file.
            kustomization_file = kustomization::find(files, &dir)
                .ok()
                .and_then(|path| builder.sources.id(&path));
            Vec::new()
        }
    };
    Render {
        sources: builder.sources,
        resources,
        findings: builder.findings,
        kustomization: kustomization_file,
        patch_files: builder.patch_files,
    }
}

struct Builder<'f> {
    files: &'f dyn Files,
    options: Options,
    sources: Sources,
    findings: Vec<Finding>,
    /// The folders of the kustomizations being built, outermost first (to find cycles).
    stack: Vec<String>,
    /// The field specs of the builtin transformers, with every `configurations:` file read
    /// so far (a base's configurations hold in its overlays too).
    /// The builtin tables, shared until a `configurations:` file adds to them.
    config: std::sync::Arc<crate::transform::Configurations>,
    patch_files: Vec<FileId>,
    /// Every var declared so far in the build (names are unique across it).
    vars: Vec<crate::transform::vars::Var>,
    /// What the top kustomization's `buildMetadata` asks for.
    tracking: Option<provenance::Tracking>,
    /// The OpenAPI schema of the build (`openapi:`).
    openapi_state: schema::OpenApi,
}

impl Builder<'_> {
    fn error(&mut self, rule: &'static str, message: String, origin: Origin) {
        self.findings.push(Finding {
            rule,
            severity: Severity::Error,
            message,
            origin,
            fix: None,
        });
    }

    /// Where a finding goes when nothing the user wrote names the problem: the top of the first
    /// file read (or a placeholder when nothing was read).
    fn nowhere(&mut self, dir: &str) -> Origin {
        let file = self.sources.add(dir, String::new());
        Origin {
            file,
            range: TextRange::new(0, 0),
        }
    }

    /// Reads the kustomization file of `dir`; `via` is the line that named the folder.
    fn load(&mut self, dir: &str, via: Option<Origin>) -> Option<Kustomization> {
        let path = match kustomization::find(self.files, dir) {
            Ok(path) => path,
            Err(missing) => {
                let origin = match via {
                    Some(origin) => origin,
                    None => self.nowhere(dir),
                };
                let message = match missing {
                    Missing::None => format!(
                        "`{dir}` has no kustomization file: kustomize looks for one of `kustomization.yaml`, `kustomization.yml` or `Kustomization` there"
                    ),
                    Missing::Several(found) => format!(
                        "`{dir}` has several kustomization files ({}): kustomize refuses to choose",
                        found.join(", ")
                    ),
                };
                self.error("kustomize/missing-kustomization", message, origin);
                return None;
            }
        };
        let text = self.files.read(&path).unwrap_or_default();
        let file = self.sources.add(&path, text);
        Kustomization::read(&self.sources, file, dir, &mut self.findings)
    }

    /// Builds the kustomization in `dir` (named at `via`) on its own: what it outputs.
    fn build_nested(&mut self, dir: &str, via: Origin, parent: &str) -> Vec<Resource> {
        if self.stack.iter().any(|d| d == dir) {
            let chain = self.stack.join(" → ");
            self.error(
                "kustomize/resource-cycle",
                format!(
                    "`{dir}` is already being built ({chain} → {dir}): kustomizations that include each other never finish"
                ),
                via,
            );
            return Vec::new();
        }
        if self.stack.len() >= MAX_NESTING {
            self.error(
                "kustomize/resource-cycle",
                format!("kustomizations nested more than {MAX_NESTING} deep: not rendered"),
                via,
            );
            return Vec::new();
        }
        let Some(k) = self.load(dir, Some(via)) else {
            return Vec::new();
        };
        self.openapi(&k, false);
        if k.is_component {
            self.error(
                "kustomize/component-mismatch",
                format!(
                    "`{dir}` is a Component, listed in `resources` of `{parent}`: kustomize expects a Kustomization there; list it under `components`"
                ),
                via,
            );
            return Vec::new();
        }
        let mut acc = Vec::new();
        self.stack.push(dir.to_owned());
        self.accumulate(&k, &mut acc);
        self.stack.pop();
        acc
    }

    /// Everything kustomization `k` does, onto `acc` (empty for a kustomization, the parent's
    /// resources for a component).
    fn accumulate(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        let mut entries = k.strings("resources", &mut self.findings);
        entries.extend(k.strings("bases", &mut self.findings));
        for (entry, origin) in entries {
            self.accumulate_resource(k, &entry, origin, acc);
        }
        self.configurations(k);
        // kustomize v5.7.1 runs the generators before the components (the conformance data says
        // so: a component may patch what its parent generates), and the transformers after.
        self.generators(k, acc);
        self.plugin_generators(k, acc);
        for (entry, origin) in k.strings("components", &mut self.findings) {
            self.accumulate_component(k, &entry, origin, acc);
        }
        self.transformers(k, acc);
        self.plugin_transformers(k, acc);
        self.plugin_validators(k, acc);
        self.merge_vars(k, acc);
        for resource in acc.iter_mut() {
            if resource.rendered_by.last() != Some(&k.file) {
                resource.rendered_by.push(k.file);
            }
        }
    }

    fn accumulate_resource(
        &mut self,
        k: &Kustomization,
        entry: &str,
        origin: Origin,
        acc: &mut Vec<Resource>,
    ) {
        if is_remote(entry) {
            self.findings.push(Finding {
                rule: "kustomize/remote-resource",
                severity: Severity::Warning,
                message: format!(
                    "`{entry}` is a remote resource: it cannot be fetched offline, so what it adds is not rendered or checked"
                ),
                origin,
                fix: None,
            });
            return;
        }
        let path = join(&k.dir, entry);
        if self.files.is_dir(&path) {
            for resource in self.build_nested(&path, origin, &k.path) {
                self.add(resource, acc, origin);
            }
            return;
        }
        let Some(text) = self.files.read(&path) else {
            self.error(
                "kustomize/missing-resource",
                format!(
                    "`{entry}` does not exist: there is no file or folder `{path}`, so kustomize stops"
                ),
                origin,
            );
            return;
        };
        if !self.options.unrestricted && !is_within(&path, &k.dir) {
            self.error(
                "kustomize/outside-root",
                format!(
                    "`{path}` is not in or below `{}`: kustomize refuses to read files outside the kustomization's folder (only folders with their own kustomization may be above it)",
                    k.dir
                ),
                origin,
            );
            return;
        }
        let file = self.sources.add(&path, text);
        for node in kustomization::read_documents(&self.sources, file, &mut self.findings) {
            for object in expand_list(node) {
                if let Some(mut resource) = self.object(object, file, entry, origin) {
                    self.note_file_origin(&mut resource.node, &path);
                    self.add(resource, acc, origin);
                }
            }
        }
    }

    fn accumulate_component(
        &mut self,
        k: &Kustomization,
        entry: &str,
        origin: Origin,
        acc: &mut Vec<Resource>,
    ) {
        let path = join(&k.dir, entry);
        if !self.files.is_dir(&path) {
            let (rule, message) = if self.files.read(&path).is_some() {
                (
                    "kustomize/component-mismatch",
                    format!(
                        "`{entry}` is a file: `components` lists folders whose kustomization is a Component"
                    ),
                )
            } else {
                (
                    "kustomize/missing-resource",
                    format!("`{entry}` does not exist: there is no folder `{path}`"),
                )
            };
            self.error(rule, message, origin);
            return;
        }
        if self.stack.contains(&path) {
            self.error(
                "kustomize/resource-cycle",
                format!("`{path}` is already being built: a component cannot include itself"),
                origin,
            );
            return;
        }
        let Some(component) = self.load(&path, Some(origin)) else {
            return;
        };
        self.openapi(&component, false);
        if !component.is_component {
            self.error(
                "kustomize/component-mismatch",
                format!(
                    "`{entry}` is a Kustomization, listed in `components`: a component's kustomization has `kind: Component` (apiVersion `kustomize.config.k8s.io/v1alpha1`)"
                ),
                origin,
            );
            return;
        }
        self.stack.push(path);
        self.accumulate(&component, acc);
        self.stack.pop();
    }

    /// Reads the `configurations:` files of `k` into the transformers' field specs.
    fn configurations(&mut self, k: &Kustomization) {
        for (entry, origin) in k.strings("configurations", &mut self.findings) {
            let path = join(&k.dir, &entry);
            let Some(text) = self.files.read(&path) else {
                self.error(
                    "kustomize/missing-resource",
                    format!("the configurations file `{entry}` does not exist (no file `{path}`)"),
                    origin,
                );
                continue;
            };
            let file = self.sources.add(&path, text);
            for document in kustomization::read_documents(&self.sources, file, &mut self.findings) {
                std::sync::Arc::make_mut(&mut self.config)
                    .merge(crate::transform::parse_configurations(&document));
            }
        }
    }

    /// What kustomize does once, at the top: generated names get their content hash, references
    /// follow every rename, vars are expanded, local-config objects dropped, and the output is
    /// sorted.
    fn finish(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        self.hash_names(acc);
        for (binding, origin) in blank_subject_namespaces(acc) {
            self.error(
                "kustomize/invalid-resource",
                format!(
                    "a ServiceAccount subject of RoleBinding `{binding}` has `namespace:` with no value: kustomize refuses it (\"namespace is blank\"); give the namespace or leave the key out"
                ),
                origin,
            );
        }
        for ambiguity in crate::transform::fix_name_references(acc, &self.config) {
            let candidates: Vec<String> = ambiguity
                .candidates
                .iter()
                .map(|id| match id.namespace.as_str() {
                    "" => format!("{} {}", id.gvk.kind, id.name),
                    namespace => format!("{} {namespace}/{}", id.gvk.kind, id.name),
                })
                .collect();
            let origin = match ambiguity.origin {
                Some(origin) => origin,
                None => self.nowhere(&k.dir),
            };
            self.error(
                "kustomize/invalid-field",
                format!(
                    "`{}` in `{}` of {} `{}` could refer to any of {}: kustomize cannot tell which one is meant (\"found multiple possible referrals\") and stops",
                    ambiguity.name,
                    ambiguity.field,
                    ambiguity.referrer.gvk.kind,
                    ambiguity.referrer.name,
                    candidates.join(", ")
                ),
                origin,
            );
        }
        self.resolve_vars(acc);
        // kustomize ends by taking its own annotations off every object, and an object left with
        // none loses the field: `annotations:` with nothing in it is not printed. The others are
        // written back as strings (`port: 8080` prints as `"8080"`).
        for resource in acc.iter_mut() {
            if let Some(metadata) = resource.node.get_mut("metadata") {
                if metadata
                    .get("annotations")
                    .is_some_and(|a| a.is_null() || a.entries().is_some_and(<[_]>::is_empty))
                {
                    metadata.remove("annotations");
                } else if let Some(annotations) =
                    metadata.get_mut("annotations").and_then(Node::entries_mut)
                {
                    for entry in annotations {
                        stringify(&mut entry.value);
                    }
                }
            }
        }
        // Objects marked local-config take part in the build (as sources of names and values)
        // but are not printed.
        acc.retain(|r| {
            r.node
                .get_path(&[
                    "metadata",
                    "annotations",
                    "config.kubernetes.io/local-config",
                ])
                .and_then(Node::as_str)
                != Some("true")
        });
        self.sort(k, acc);
        self.finish_provenance(acc);
    }

    /// `sortOptions` (`legacy`, the default, or `fifo`, the order resources were read), checked
    /// as kustomize's `SortOrderTransformer` does: once `sortOptions` is set, `order` must be
    /// one of the two, and `legacySortOptions` goes only with `legacy` (where its lists replace
    /// the built-in ones, a missing list being empty).
    fn sort(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        let Some(options) = k.root.get("sortOptions").filter(|n| !n.is_null()) else {
            resource::legacy_sort(acc);
            return;
        };
        let order_node = options.get_field("order").filter(|n| !n.is_null());
        let order = order_node
            .and_then(Node::as_scalar)
            .map_or("", |s| s.text.as_str());
        let legacy = options
            .get_field("legacySortOptions")
            .filter(|n| !n.is_null());
        let at = |node: Option<&Node>| {
            node.and_then(|n| n.origin)
                .unwrap_or_else(|| k.origin_of("sortOptions"))
        };
        match order {
            "fifo" => {
                if let Some(legacy) = legacy {
                    self.error(
                        "kustomize/invalid-field",
                        "`sortOptions.legacySortOptions` is set but `sortOptions.order` is `fifo`, not `legacy`: kustomize refuses it".to_owned(),
                        at(Some(legacy)),
                    );
                }
            }
            "legacy" => match legacy {
                Some(legacy) => {
                    let list = |key: &str| -> Vec<String> {
                        legacy
                            .get_field(key)
                            .and_then(Node::items)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_owned))
                            .collect()
                    };
                    resource::sort_with(acc, &list("orderFirst"), &list("orderLast"));
                }
                None => resource::legacy_sort(acc),
            },
            other => {
                let message = if order_node.is_none() {
                    "`sortOptions` is set without `order`: kustomize requires `order` to be `legacy` or `fifo`".to_owned()
                } else {
                    format!("`sortOptions.order` is `{other}`: it must be `legacy` or `fifo`")
                };
                self.error("kustomize/invalid-field", message, at(order_node));
                resource::legacy_sort(acc);
            }
        }
    }

    /// Checks that a document is an object kustomize can hold.
    fn object(&mut self, node: Node, file: FileId, entry: &str, via: Origin) -> Option<Resource> {
        let origin = node.origin.unwrap_or(via);
        if !node.is_map() {
            self.error(
                "kustomize/invalid-resource",
                format!("`{entry}` holds a document that is not an object (a mapping)"),
                origin,
            );
            return None;
        }
        let kind = node.get_str("kind").unwrap_or("");
        if kind.is_empty() {
            self.error(
                "kustomize/invalid-resource",
                format!("`{entry}` holds an object without `kind`: kustomize cannot place it"),
                origin,
            );
            return None;
        }
        if matches!(kind, "Kustomization" | "Component")
            && node
                .get_str("apiVersion")
                .is_some_and(|v| v.starts_with("kustomize.config.k8s.io/"))
        {
            self.error(
                "kustomize/invalid-resource",
                format!(
                    "`{entry}` is a kustomization file: list its folder in `resources`, not the file"
                ),
                origin,
            );
            return None;
        }
        let name = node.get_path(&["metadata", "name"]).and_then(Node::as_str);
        if name.is_none_or(str::is_empty) {
            self.error(
                "kustomize/invalid-resource",
                format!("`{entry}` holds a `{kind}` without `metadata.name`: kustomize refuses it"),
                origin,
            );
            return None;
        }
        Some(Resource::new(node, file))
    }

    /// Adds a resource, refusing one whose id is already there (kustomize's "already registered
    /// id").
    fn add(&mut self, resource: Resource, acc: &mut Vec<Resource>, via: Origin) {
        if let Some(existing) = acc.iter().find(|r| r.same_id(&resource)) {
            let id = resource.id();
            let origin = resource
                .node
                .get_path(&["metadata", "name"])
                .and_then(|n| n.origin)
                .unwrap_or(via);
            let first = self.sources.path(existing.file).to_owned();
            self.error(
                "kustomize/duplicate-resource",
                format!(
                    "`{} {}` is already in this kustomization's resources (from `{first}`): kustomize refuses an id twice",
                    id.gvk.kind, id.name
                ),
                origin,
            );
            return;
        }
        acc.push(resource);
    }
}

/// A label or annotation value as kustomize writes it back (a Go `map[string]string`): a scalar's
/// text as a string, anything else empty; where it was written stays.
fn stringify(value: &mut Node) {
    let text = match value.as_scalar() {
        Some(scalar) if scalar.kind == drydock_yaml::ScalarKind::String => return,
        Some(scalar) => scalar.text.clone(),
        None => String::new(),
    };
    *value = Node::string(text, value.origin);
}

/// The RoleBindings with a ServiceAccount subject whose `namespace` is there but not a string
/// (kustomize fails on them when it looks for what a RoleBinding may refer to), by name, with
/// where the namespace is written.
fn blank_subject_namespaces(resources: &[Resource]) -> Vec<(String, Origin)> {
    let mut out = Vec::new();
    for resource in resources {
        if resource.node.get_str("kind") != Some("RoleBinding") {
            continue;
        }
        let subjects = resource.node.get("subjects").and_then(Node::items);
        for subject in subjects.unwrap_or_default() {
            let Some(namespace) = subject.get("namespace") else {
                continue;
            };
            if subject.get_str("kind") == Some("ServiceAccount") && namespace.as_str().is_none() {
                let origin = namespace.origin.or(subject.origin).unwrap_or(Origin {
                    file: resource.file,
                    range: TextRange::new(0, 0),
                });
                out.push((resource.name().to_owned(), origin));
            }
        }
    }
    out
}

/// A `List` document's items, as kustomize reads them; any other document as it is.
fn expand_list(node: Node) -> Vec<Node> {
    let is_list = node.get_str("kind").is_some_and(|kind| {
        kind == "List" || kind.ends_with("List") && node.get("items").is_some()
    });
    if !is_list {
        return vec![node];
    }
    let mut node = node;
    match node.remove("items") {
        Some(items) => match items.value {
            crate::Value::Seq(items) => items,
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// True for what kustomize fetches over the network: URLs and go-getter style repository paths.
pub fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.starts_with("bitbucket.org/")
        || entry.starts_with("git@")
        || entry.starts_with("git::")
        || entry.contains("?ref=")
        || entry.contains(".git//")
}
