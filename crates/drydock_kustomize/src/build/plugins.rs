//! The kustomization's `generators:`, `transformers:` and `validators:`: kustomize's builtin
//! plugins, configured by objects of `apiVersion: builtin` written inline (a YAML string), in
//! files, or as the output of kustomizations in folders.
//!
//! Facts from kustomize v5.7.1 (`api/internal/target/kusttarget.go`,
//! `api/internal/plugins/loader`, `api/internal/builtins`):
//! - An entry that parses as YAML objects is an inline configuration; any other entry is a path
//!   (a file, or a folder whose kustomization is built and whose output are configurations). The
//!   inline configurations come first, then those of the paths, each group in the list's order.
//! - Plugins configured this way run after the builtin fields' generators (respectively
//!   transformers), and use only the field specs their configuration gives (no defaults).
//! - Paths inside a configuration (`path:` of a patch, files of a generator) are relative to the
//!   kustomization that lists the plugin.
//! - Configurations of other API versions are exec, Go or KRM-function plugins, which kustomize
//!   runs only with `--enable-alpha-plugins`; Drydock never runs them.
//! - An unknown builtin kind (`SortOrderTransformer` included: it is not wired as a plugin) fails
//!   the build.

use super::Builder;
use crate::Finding;
use crate::generate::{self, GeneratorKind};
use crate::kustomization::Kustomization;
use crate::resource::Resource;
use crate::select::Selector;
use crate::transform::{self, Configurations, FieldSpec};
use crate::value::{Node, Origin, Scalar};
use drydock_base::Severity;

/// Which list a configuration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Generator,
    Transformer,
    Validator,
}

impl Role {
    fn field(self) -> &'static str {
        match self {
            Role::Generator => "generators",
            Role::Transformer => "transformers",
            Role::Validator => "validators",
        }
    }
}

/// A plugin configuration and the entry of the list that brought it.
struct Config {
    node: Node,
    entry: Origin,
}

/// The builtin generators kustomize knows (`builtinhelpers.GeneratorFactories`).
const GENERATORS: &[&str] = &[
    "ConfigMapGenerator",
    "SecretGenerator",
    "IAMPolicyGenerator",
    "HelmChartInflationGenerator",
];

/// The builtin transformers kustomize knows (`builtinhelpers.TransformerFactories`).
const TRANSFORMERS: &[&str] = &[
    "AnnotationsTransformer",
    "HashTransformer",
    "ImageTagTransformer",
    "LabelTransformer",
    "NamespaceTransformer",
    "PatchJson6902Transformer",
    "PatchStrategicMergeTransformer",
    "PatchTransformer",
    "PrefixSuffixTransformer",
    "PrefixTransformer",
    "SuffixTransformer",
    "ReplacementTransformer",
    "ReplicaCountTransformer",
    "ValueAddTransformer",
];

/// True for an entry kustomize reads as inline YAML rather than a path: text that parses as a
/// mapping (a path is a single plain word).
fn is_inline(text: &str) -> bool {
    text.contains('\n') || text.contains(": ")
}

impl Builder<'_> {
    /// `generators:`: after `configMapGenerator`/`secretGenerator`, before components.
    pub(super) fn plugin_generators(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        for config in self.plugin_configs(k, Role::Generator) {
            self.run_plugin(k, &config, Role::Generator, acc);
        }
    }

    /// `transformers:`: after the builtin fields' transformers.
    pub(super) fn plugin_transformers(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        for config in self.plugin_configs(k, Role::Transformer) {
            self.run_plugin(k, &config, Role::Transformer, acc);
        }
    }

    /// `validators:`: transformers that must not change anything.
    pub(super) fn plugin_validators(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        for config in self.plugin_configs(k, Role::Validator) {
            let mut copy = acc.to_vec();
            self.run_plugin(k, &config, Role::Validator, &mut copy);
            let changed = copy.len() != acc.len()
                || copy
                    .iter()
                    .zip(acc.iter())
                    .any(|(a, b)| !a.node.same_value(&b.node));
            if changed {
                self.error(
                    "kustomize/invalid-field",
                    "this validator changes the resources: kustomize fails the build (`validator shouldn't modify the resource map`)".to_owned(),
                    config.entry,
                );
            }
        }
    }

    /// The configurations of one of the plugin lists: inline ones first, then those read from
    /// files and folders.
    fn plugin_configs(&mut self, k: &Kustomization, role: Role) -> Vec<Config> {
        let mut inline = Vec::new();
        let mut paths = Vec::new();
        for item in k.list(role.field(), &mut self.findings) {
            let origin = item.origin.unwrap_or_else(|| k.origin_of(role.field()));
            let Some(text) = item.as_scalar().filter(|s| !s.is_null()).map(|s| &s.text) else {
                self.error(
                    "kustomize/invalid-field",
                    format!(
                        "a `{}` entry is a path or an inline YAML configuration (a string)",
                        role.field()
                    ),
                    origin,
                );
                continue;
            };
            if is_inline(text) {
                for mut node in self.inline(k, item) {
                    self.note_inline_origin(k, &mut node);
                    inline.push(Config {
                        node,
                        entry: origin,
                    });
                }
            } else {
                paths.push((text.clone(), origin));
            }
        }
        for (path, origin) in paths {
            let mut acc = Vec::new();
            self.accumulate_resource(k, &path, origin, &mut acc);
            inline.extend(acc.into_iter().map(|resource| Config {
                node: resource.node,
                entry: origin,
            }));
        }
        inline
    }

    fn not_rendered(&mut self, message: String, origin: Origin) {
        self.findings.push(Finding {
            rule: "kustomize/not-rendered",
            severity: Severity::Warning,
            message,
            origin,
            fix: None,
        });
    }

    /// Runs one plugin configuration on `acc`.
    fn run_plugin(
        &mut self,
        k: &Kustomization,
        config: &Config,
        role: Role,
        acc: &mut Vec<Resource>,
    ) {
        let node = &config.node;
        let api_version = node.get_str("apiVersion").unwrap_or("");
        let kind = node.get_str("kind").unwrap_or("").to_owned();
        let at = node
            .get("kind")
            .and_then(|n| n.origin)
            .unwrap_or(config.entry);
        if api_version != "builtin" {
            self.not_rendered(
                format!(
                    "`{kind}` (apiVersion `{api_version}`) is not a builtin plugin: kustomize runs exec, Go and KRM-function plugins only with `--enable-alpha-plugins`, and Drydock runs none, so what it would do is not rendered"
                ),
                at,
            );
            return;
        }
        let is_generator = GENERATORS.contains(&kind.as_str());
        let is_transformer = TRANSFORMERS.contains(&kind.as_str());
        if !is_generator && !is_transformer {
            self.error(
                "kustomize/invalid-field",
                format!(
                    "kustomize has no builtin plugin `{kind}` (`unable to load builtin {kind}`){}",
                    if kind == "SortOrderTransformer" {
                        ": the sort order is set by `sortOptions` in the top kustomization"
                    } else {
                        ""
                    }
                ),
                at,
            );
            return;
        }
        if role == Role::Generator && !is_generator {
            self.error(
                "kustomize/invalid-field",
                format!("`{kind}` is a transformer, listed in `generators`: kustomize refuses it (`plugin {kind} not a generator`)"),
                at,
            );
            return;
        }
        if role != Role::Generator && !is_transformer {
            self.error(
                "kustomize/invalid-field",
                format!("`{kind}` is a generator, listed in `{}`: kustomize refuses it (`plugin {kind} not a transformer`)", role.field()),
                at,
            );
            return;
        }
        match kind.as_str() {
            "ConfigMapGenerator" => self.generator_plugin(k, config, GeneratorKind::ConfigMap, acc),
            "SecretGenerator" => self.generator_plugin(k, config, GeneratorKind::Secret, acc),
            "IAMPolicyGenerator" => self.iam_policy_generator(config, acc),
            "HelmChartInflationGenerator" => self.not_rendered(
                "Helm charts are not inflated by Drydock (kustomize needs `--enable-helm` and the `helm` binary): what this generator makes is not rendered".to_owned(),
                at,
            ),
            "ReplacementTransformer" => {
                let items = node
                    .get_field("replacements")
                    .and_then(Node::items)
                    .map(<[Node]>::to_vec)
                    .unwrap_or_default();
                self.run_replacements(k, &items, acc);
            }
            "ValueAddTransformer" => self.not_rendered(
                "`ValueAddTransformer` is not rendered by Drydock: the values it would add are missing from the rendered objects".to_owned(),
                at,
            ),
            _ => self.transformer_plugin(k, config, &kind, acc),
        }
        if role == Role::Transformer {
            self.transformed_by(acc, node);
        }
    }

    fn generator_plugin(
        &mut self,
        k: &Kustomization,
        config: &Config,
        kind: GeneratorKind,
        acc: &mut Vec<Resource>,
    ) {
        // The arguments are the configuration's own fields; `metadata.name` and
        // `metadata.namespace` stand in for `name` and `namespace` when those are empty.
        let mut entry = config.node.clone();
        for key in ["name", "namespace"] {
            let empty = entry.get(key).is_none_or(|n| {
                n.as_scalar()
                    .is_none_or(|s| s.is_null() || s.text.is_empty())
            });
            if empty && let Some(value) = config.node.get_path(&["metadata", key]).cloned() {
                entry.set(key, value);
            }
        }
        let root = (!self.options.unrestricted).then_some(k.dir.as_str());
        let (generated, findings) = generate::generate(
            kind,
            &entry,
            None,
            &k.dir,
            root,
            self.files,
            &mut self.sources,
        );
        self.findings.extend(findings);
        let Some(mut generated) = generated else {
            return;
        };
        self.generated_by(&mut generated.node, &config.node);
        let origin = entry.origin.unwrap_or(config.entry);
        self.place_generated(generated, acc, origin);
    }

    /// kustomize's `IAMPolicyGenerator` (`cloud: gke` only): a ServiceAccount bound to a Google
    /// service account.
    fn iam_policy_generator(&mut self, config: &Config, acc: &mut Vec<Resource>) {
        let node = &config.node;
        let text = |path: &[&str]| -> (String, Option<Origin>) {
            let found = node.get_path(path).and_then(Node::as_scalar);
            (
                found
                    .filter(|s| !s.is_null())
                    .map(|s| s.text.clone())
                    .unwrap_or_default(),
                node.get_path(path).and_then(|n| n.origin),
            )
        };
        let (cloud, cloud_origin) = text(&["cloud"]);
        if cloud != "gke" {
            self.error(
                "kustomize/invalid-field",
                format!("cloud provider `{cloud}` is not supported: kustomize's IAMPolicyGenerator knows only `gke`"),
                cloud_origin.unwrap_or(config.entry),
            );
            return;
        }
        let (name, name_origin) = text(&["kubernetesService", "name"]);
        let (namespace, namespace_origin) = text(&["kubernetesService", "namespace"]);
        let (account, account_origin) = text(&["serviceAccount", "name"]);
        let (project, _) = text(&["serviceAccount", "projectId"]);
        let origin = node.origin.or(Some(config.entry));
        let mut object = Node::map(origin);
        object.set("apiVersion", Node::string("v1", origin));
        object.set("kind", Node::string("ServiceAccount", origin));
        let mut metadata = Node::map(origin);
        let mut annotations = Node::map(account_origin.or(origin));
        annotations.set(
            "iam.gke.io/gcp-service-account",
            Node::string(
                format!("{account}@{project}.iam.gserviceaccount.com"),
                account_origin.or(origin),
            ),
        );
        metadata.set("annotations", annotations);
        metadata.set("name", Node::string(name, name_origin.or(origin)));
        if !namespace.is_empty() {
            metadata.set(
                "namespace",
                Node::string(namespace, namespace_origin.or(origin)),
            );
        }
        object.set("metadata", metadata);
        let file = origin.map_or(config.entry.file, |o| o.file);
        let mut resource = Resource::new(object, file);
        self.generated_by(&mut resource.node, node);
        self.add(resource, acc, config.entry);
    }

    fn transformer_plugin(
        &mut self,
        k: &Kustomization,
        config: &Config,
        kind: &str,
        acc: &mut Vec<Resource>,
    ) {
        let node = &config.node;
        let field_specs: Option<Vec<FieldSpec>> =
            node.get("fieldSpecs").filter(|n| !n.is_null()).map(|n| {
                n.items()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(transform::parse_field_spec)
                    .collect()
            });
        let specs = field_specs.clone().unwrap_or_default();
        let at = node
            .get("kind")
            .and_then(|n| n.origin)
            .unwrap_or(config.entry);
        match kind {
            "NamespaceTransformer" => {
                let (namespace, origin) = string_at(node, &["metadata", "namespace"], at);
                if namespace.is_empty() {
                    return;
                }
                let mode = match node.get_str("setRoleBindingSubjects").unwrap_or("") {
                    "" | "defaultOnly" => transform::SubjectMode::DefaultOnly,
                    "allServiceAccounts" => transform::SubjectMode::AllServiceAccounts,
                    "none" => transform::SubjectMode::None,
                    other => {
                        self.error(
                            "kustomize/invalid-field",
                            format!("invalid value `{other}` for setRoleBindingSubjects: must be one of `defaultOnly`, `none` or `allServiceAccounts`"),
                            node.get("setRoleBindingSubjects").and_then(|n| n.origin).unwrap_or(at),
                        );
                        return;
                    }
                };
                let options = transform::NamespaceOptions {
                    unset_only: flag(node, "unsetOnly"),
                    subjects: mode,
                };
                transform::namespace_with(acc, &namespace, origin, &specs, options);
            }
            "PrefixSuffixTransformer" | "PrefixTransformer" | "SuffixTransformer" => {
                if field_specs.is_none() {
                    self.error(
                        "kustomize/invalid-field",
                        format!("`{kind}` needs `fieldSpecs`: kustomize refuses it (`fieldSpecs is not expected to be nil`)"),
                        at,
                    );
                    return;
                }
                let (prefix, prefix_origin) = string_at(node, &["prefix"], at);
                let (suffix, suffix_origin) = string_at(node, &["suffix"], at);
                let table = Configurations {
                    name_prefix: specs.clone(),
                    name_suffix: specs,
                    ..Configurations::default()
                };
                if kind != "SuffixTransformer" {
                    transform::prefix_suffix(acc, &prefix, "", prefix_origin, &table);
                }
                if kind != "PrefixTransformer" {
                    transform::prefix_suffix(acc, "", &suffix, suffix_origin, &table);
                }
            }
            "LabelTransformer" | "AnnotationsTransformer" => {
                let key = if kind == "LabelTransformer" {
                    "labels"
                } else {
                    "annotations"
                };
                let pairs = pairs(node.get(key), at);
                let table = Configurations {
                    common_labels: specs.clone(),
                    common_annotations: specs,
                    ..Configurations::default()
                };
                if kind == "LabelTransformer" {
                    transform::common_labels(acc, &pairs, &table);
                } else {
                    transform::annotations(acc, &pairs, &table);
                }
            }
            "ReplicaCountTransformer" => {
                let (name, _) = string_at(node, &["replica", "name"], at);
                let count_node = node.get_path(&["replica", "count"]);
                let count = count_node
                    .and_then(Node::as_scalar)
                    .and_then(|s| match s.kind {
                        drydock_yaml::ScalarKind::Int(n) => Some(n),
                        _ => None,
                    })
                    .unwrap_or(0);
                let origin = count_node.and_then(|n| n.origin).unwrap_or(at);
                let table = Configurations {
                    replicas: specs,
                    ..Configurations::default()
                };
                let rules = [(name.clone(), count, origin)];
                if !transform::replicas(acc, &rules, &table).is_empty() {
                    self.error(
                        "kustomize/invalid-field",
                        format!("no resource named `{name}` matches this ReplicaCountTransformer's `fieldSpecs`: kustomize fails the build"),
                        at,
                    );
                }
            }
            "ImageTagTransformer" => {
                let Some(image) = node.get("imageTag").filter(|n| n.is_map()) else {
                    return;
                };
                let field = |key: &str| -> (Option<String>, Option<Origin>) {
                    let found = image.get(key).filter(|n| !n.is_null());
                    (
                        found.and_then(Node::as_scalar).map(|s| s.text.clone()),
                        found.and_then(|n| n.origin),
                    )
                };
                let (name, name_origin) = field("name");
                let (new_name, new_name_origin) = field("newName");
                let (new_tag, new_tag_origin) = field("newTag");
                let (digest, digest_origin) = field("digest");
                let (tag_suffix, tag_suffix_origin) = field("tagSuffix");
                let rule = transform::ImageRule {
                    name: name.unwrap_or_default(),
                    new_name,
                    new_tag,
                    digest,
                    tag_suffix,
                    origin: image.origin.or(name_origin),
                    new_name_origin,
                    new_tag_origin,
                    digest_origin,
                    tag_suffix_origin,
                };
                let table = Configurations {
                    images: specs,
                    ..Configurations::default()
                };
                transform::images(acc, &[rule], &table);
            }
            "HashTransformer" => self.hash_names(acc),
            "PatchTransformer" => {
                if let Some(patch) = self.read_patch(k, node) {
                    self.apply_patch(acc, &patch);
                }
            }
            "PatchStrategicMergeTransformer" => self.strategic_merge_plugin(k, config, acc),
            "PatchJson6902Transformer" => self.json6902_plugin(k, config, acc),
            _ => {}
        }
    }

    /// `PatchStrategicMergeTransformer`: `paths` (files, or inline patches) and `patches` (one
    /// inline string of patches).
    fn strategic_merge_plugin(
        &mut self,
        k: &Kustomization,
        config: &Config,
        acc: &mut Vec<Resource>,
    ) {
        let node = &config.node;
        let mut documents: Vec<(Node, Origin)> = Vec::new();
        for item in node.get("paths").and_then(Node::items).unwrap_or_default() {
            let Some(text) = item.as_str() else { continue };
            let origin = item.origin.unwrap_or(config.entry);
            let found = if is_inline(text) {
                self.inline(k, item)
            } else {
                self.patch_file(k, text, origin)
            };
            documents.extend(found.into_iter().map(|d| (d, origin)));
        }
        if let Some(patches) = node.get("patches").filter(|n| !n.is_null()) {
            let origin = patches.origin.unwrap_or(config.entry);
            documents.extend(self.inline(k, patches).into_iter().map(|d| (d, origin)));
        }
        if documents.is_empty() {
            self.error(
                "kustomize/invalid-patch",
                "this PatchStrategicMergeTransformer has no patch (`paths` and `patches` are empty): kustomize refuses it".to_owned(),
                config.entry,
            );
            return;
        }
        for (document, origin) in documents {
            self.apply_strategic_merge(acc, &document, origin, None, false, false);
        }
    }

    /// `PatchJson6902Transformer`: `target` (with a name) and `path` or `jsonOp`.
    fn json6902_plugin(&mut self, k: &Kustomization, config: &Config, acc: &mut [Resource]) {
        let node = &config.node;
        let target_node = node.get("target").filter(|n| !n.is_null());
        let target = match target_node.map(Selector::parse) {
            Some(Ok(selector)) => selector,
            Some(Err(message)) => {
                self.error("kustomize/invalid-patch", message, config.entry);
                return;
            }
            None => {
                self.error(
                    "kustomize/invalid-patch",
                    "a PatchJson6902Transformer needs a `target`: kustomize refuses it".to_owned(),
                    config.entry,
                );
                return;
            }
        };
        if target_node
            .and_then(|t| t.get_str("name"))
            .is_none_or(str::is_empty)
        {
            self.error(
                "kustomize/invalid-patch",
                "a PatchJson6902Transformer's `target` needs a `name`: kustomize refuses it (`must specify the target name`)".to_owned(),
                target_node.and_then(|t| t.origin).unwrap_or(config.entry),
            );
            return;
        }
        let path = node.get("path").filter(|n| !n.is_null());
        let ops = node.get("jsonOp").filter(|n| !n.is_null());
        let (documents, origin) = match (path, ops) {
            (Some(path), None) => {
                let name = path.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
                let origin = path.origin.unwrap_or(config.entry);
                (self.patch_file(k, &name, origin), origin)
            }
            (None, Some(ops)) => (self.inline(k, ops), ops.origin.unwrap_or(config.entry)),
            (Some(_), Some(_)) => {
                self.error(
                    "kustomize/invalid-patch",
                    "a PatchJson6902Transformer has `path` or `jsonOp`, not both: kustomize refuses it".to_owned(),
                    config.entry,
                );
                return;
            }
            (None, None) => {
                self.error(
                    "kustomize/invalid-patch",
                    "a PatchJson6902Transformer needs `path` or `jsonOp`: kustomize refuses it"
                        .to_owned(),
                    config.entry,
                );
                return;
            }
        };
        self.apply_json6902(acc, &target, documents.first(), origin);
    }

    /// Generated names take their content hash (kustomize's `HashTransformer`).
    pub(super) fn hash_names(&mut self, acc: &mut [Resource]) {
        for resource in acc.iter_mut().filter(|r| r.needs_hash) {
            if let Some(hash) = generate::name_hash(&resource.node) {
                let name = format!("{}-{hash}", resource.name());
                let origin = resource
                    .node
                    .get_path(&["metadata", "name"])
                    .and_then(|n| n.origin);
                resource.rename(name, origin);
            }
            resource.needs_hash = false;
        }
    }
}

/// The text of the string at `path` (empty when absent), with where it was written.
fn string_at(node: &Node, path: &[&str], fallback: Origin) -> (String, Origin) {
    let found = node.get_path(path);
    (
        found
            .and_then(Node::as_scalar)
            .filter(|s| !s.is_null())
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        found.and_then(|n| n.origin).unwrap_or(fallback),
    )
}

fn flag(node: &Node, key: &str) -> bool {
    node.get(key)
        .and_then(Node::as_scalar)
        .is_some_and(|s| s.kind == drydock_yaml::ScalarKind::Bool(true))
}

/// The `key: value` pairs of a mapping of strings, each with where its value was written.
fn pairs(node: Option<&Node>, fallback: Origin) -> Vec<transform::Pair> {
    node.and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|entry| {
            let value = entry
                .value
                .as_scalar()
                .filter(|s| !Scalar::is_null(s))
                .map(|s| s.text.clone())
                .unwrap_or_default();
            let origin = entry.value.origin.or(entry.key_origin).unwrap_or(fallback);
            (entry.key.clone(), value, origin)
        })
        .collect()
}
