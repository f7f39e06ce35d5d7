//! The generators and builtin transformers of one kustomization, in kustomize's order.

use super::Builder;
use crate::Finding;
use crate::generate::{self, GeneratorKind};
use crate::kustomization::Kustomization;
use crate::resource::{Behavior, Resource};
use crate::transform;
use crate::value::{Node, Origin};
use drydock_base::Severity;

impl Builder<'_> {
    /// `configMapGenerator` and `secretGenerator`: new objects, or merged into / replacing
    /// objects of the same name from the resources (`behavior`).
    pub(super) fn generators(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        for key in ["helmCharts", "helmChartInflationGenerator"] {
            if k.root.get(key).is_some_and(|v| !v.is_null()) {
                self.findings.push(Finding {
                    rule: "kustomize/not-rendered",
                    severity: Severity::Warning,
                    message: format!(
                        "`{key}` is not rendered: Drydock has no Helm engine yet, so the chart's objects are missing from this kustomization's output and are not checked"
                    ),
                    origin: k.origin_of(key),
                    fix: None,
                });
            }
        }
        let options = k
            .root
            .get("generatorOptions")
            .filter(|o| !o.is_null())
            .cloned();
        for (key, kind) in [
            ("configMapGenerator", GeneratorKind::ConfigMap),
            ("secretGenerator", GeneratorKind::Secret),
        ] {
            for entry in k.list(key, &mut self.findings) {
                let root = (!self.options.unrestricted).then_some(k.dir.as_str());
                let (generated, findings) = generate::generate(
                    kind,
                    entry,
                    options.as_ref(),
                    &k.dir,
                    root,
                    self.files,
                    &mut self.sources,
                );
                self.findings.extend(findings);
                let Some(mut generated) = generated else {
                    continue;
                };
                generated.file = k.file;
                let generator = match kind {
                    GeneratorKind::ConfigMap => "ConfigMapGenerator",
                    GeneratorKind::Secret => "SecretGenerator",
                };
                self.generated_builtin(k, &mut generated.node, generator);
                let origin = entry.origin.unwrap_or_else(|| k.origin_of(key));
                self.place_generated(generated, acc, origin);
            }
        }
    }

    pub(super) fn place_generated(
        &mut self,
        generated: Resource,
        acc: &mut Vec<Resource>,
        origin: Origin,
    ) {
        let id = generated.id();
        let existing = acc.iter().position(|r| {
            let other = r.id();
            other.gvk.kind == id.gvk.kind
                && r.names().any(|(name, namespace)| {
                    name == id.name && (namespace == id.namespace || id.namespace.is_empty())
                })
                && (other.namespace == id.namespace || id.namespace.is_empty())
        });
        match (generated.behavior, existing) {
            (Behavior::Create, None) => acc.push(generated),
            (Behavior::Create, Some(_)) => self.error(
                "kustomize/generator-conflict",
                format!(
                    "a {} named `{}` already exists here: kustomize refuses to generate it again; use `behavior: merge` or `behavior: replace` to change it",
                    id.gvk.kind, id.name
                ),
                origin,
            ),
            (Behavior::Merge | Behavior::Replace, Some(at)) => {
                let mut generated = generated;
                if generated.behavior == Behavior::Merge
                    && acc.get(at).is_some_and(super::provenance::has_origin)
                {
                    // A merged object keeps the origin of the one merged into.
                    super::provenance::drop_origin(&mut generated.node);
                }
                if let Some(target) = acc.get_mut(at)
                    && let Err(finding) = generate::merge_generated(target, generated)
                {
                    self.findings.push(finding);
                }
            }
            (Behavior::Merge | Behavior::Replace, None) => self.error(
                "kustomize/generator-conflict",
                format!(
                    "there is no {} `{}` to {}: `behavior: merge` and `replace` change an object a base generated",
                    id.gvk.kind,
                    id.name,
                    if generated.behavior == Behavior::Merge { "merge into" } else { "replace" }
                ),
                origin,
            ),
        }
    }

    /// The builtin transformers, in the order kustomize runs them.
    pub(super) fn transformers(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        self.strategic_merge_patches(k, acc);
        if let Some((namespace, origin)) = k.string("namespace", &mut self.findings)
            && !namespace.is_empty()
        {
            transform::namespace(acc, &namespace, origin, &self.config);
            self.transformed(k, acc, "NamespaceTransformer");
        }
        let prefix = k.string("namePrefix", &mut self.findings);
        let suffix = k.string("nameSuffix", &mut self.findings);
        if prefix.is_some() || suffix.is_some() {
            let origin = prefix
                .as_ref()
                .or(suffix.as_ref())
                .map(|(_, origin)| *origin)
                .unwrap_or_else(|| k.origin_of("namePrefix"));
            let prefix = prefix.as_ref().map_or("", |(p, _)| p.as_str());
            let suffix = suffix.as_ref().map_or("", |(s, _)| s.as_str());
            transform::prefix_suffix(acc, prefix, suffix, origin, &self.config);
            if !prefix.is_empty() {
                self.transformed(k, acc, "PrefixTransformer");
            }
            if !suffix.is_empty() {
                self.transformed(k, acc, "SuffixTransformer");
            }
        }
        self.labels(k, acc);
        let annotations = k.string_map("commonAnnotations", &mut self.findings);
        if !annotations.is_empty() {
            transform::annotations(acc, &annotations, &self.config);
            self.transformed(k, acc, "AnnotationsTransformer");
        }
        self.json6902_patches(k, acc);
        self.replicas(k, acc);
        self.images(k, acc);
        if k.root.get("replacements").is_some_and(|r| !r.is_null()) {
            self.replacements(k, acc);
            self.transformed(k, acc, "ReplacementTransformer");
        }
    }

    /// `labels` entries (each with its own `includeSelectors`/`includeTemplates`), then
    /// `commonLabels` (selectors and templates included).
    fn labels(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        let mut any = false;
        for entry in k.list("labels", &mut self.findings) {
            let Some(pairs) = entry.get("pairs").and_then(Node::entries) else {
                continue;
            };
            let pairs: Vec<(String, String, Origin)> = pairs
                .iter()
                .map(|pair| {
                    let value = pair
                        .value
                        .as_scalar()
                        .map(|s| s.text.clone())
                        .unwrap_or_default();
                    let origin = pair
                        .value
                        .origin
                        .or(pair.key_origin)
                        .unwrap_or_else(|| k.origin_of("labels"));
                    (pair.key.clone(), value, origin)
                })
                .collect();
            let flag = |key: &str| {
                entry
                    .get(key)
                    .and_then(Node::as_scalar)
                    .is_some_and(|s| s.kind == drydock_yaml::ScalarKind::Bool(true))
            };
            let fields: Vec<transform::FieldSpec> = entry
                .get("fields")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(transform::parse_field_spec)
                .collect();
            transform::labels(
                acc,
                &pairs,
                flag("includeSelectors"),
                flag("includeTemplates"),
                &fields,
                &self.config,
            );
            if flag("includeSelectors") {
                let origin = entry
                    .get("includeSelectors")
                    .and_then(|n| n.origin)
                    .unwrap_or_else(|| k.origin_of("labels"));
                self.selectors_changed(
                    acc,
                    "this `labels` entry (`includeSelectors: true`)",
                    origin,
                );
            }
            self.transformed(k, acc, "LabelTransformer");
            any = true;
        }
        let common = k.string_map("commonLabels", &mut self.findings);
        if !common.is_empty() {
            transform::common_labels(acc, &common, &self.config);
            self.selectors_changed(acc, "`commonLabels`", k.origin_of("commonLabels"));
        }
        if any || !common.is_empty() {
            // kustomize configures one more LabelTransformer, for `commonLabels`, even empty.
            self.transformed(k, acc, "LabelTransformer");
        }
    }

    /// Labels added to selectors: a workload's selector cannot change once it is deployed.
    fn selectors_changed(&mut self, acc: &[Resource], what: &str, origin: Origin) {
        const IMMUTABLE: [&str; 5] = [
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "Job",
        ];
        let named: Vec<String> = acc
            .iter()
            .filter(|r| IMMUTABLE.contains(&r.gvk().kind.as_str()))
            .filter(|r| r.node.get_path(&["spec", "selector"]).is_some())
            .take(4)
            .map(|r| format!("{} `{}`", r.gvk().kind, r.name()))
            .collect();
        let Some(first) = named.first() else {
            return;
        };
        let more = if named.len() > 1 { " and others" } else { "" };
        self.findings.push(Finding {
            rule: "kustomize/common-labels-on-selector",
            severity: Severity::Warning,
            message: format!(
                "{what} also adds its labels to selectors ({first}{more}): a workload's selector cannot change once it is deployed, so applying a changed label fails with `field is immutable`; use `labels` without `includeSelectors`"
            ),
            origin,
            fix: None,
        });
    }

    fn replicas(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        let mut rules = Vec::new();
        for entry in k.list("replicas", &mut self.findings) {
            let name = entry.get_str("name").unwrap_or_default().to_owned();
            let count = entry.get("count");
            let value = count.and_then(Node::as_scalar).and_then(|s| match s.kind {
                drydock_yaml::ScalarKind::Int(n) => Some(n),
                _ => None,
            });
            let origin = count
                .and_then(|c| c.origin)
                .or(entry.origin)
                .unwrap_or_else(|| k.origin_of("replicas"));
            match value {
                Some(value) => rules.push((name, value, origin)),
                None => self.error(
                    "kustomize/invalid-field",
                    "a `replicas` entry needs `name` and a whole-number `count`".to_owned(),
                    origin,
                ),
            }
        }
        if !rules.is_empty() {
            let unmatched = transform::replicas(acc, &rules, &self.config);
            for _ in &rules {
                self.transformed(k, acc, "ReplicaCountTransformer");
            }
            for unmatched in unmatched {
                if let Some((name, _, origin)) = rules.get(unmatched) {
                    self.error(
                        "kustomize/invalid-field",
                        format!(
                            "no resource named `{name}` has replicas to set: kustomize fails the build"
                        ),
                        *origin,
                    );
                }
            }
        }
    }

    fn images(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        let mut rules = Vec::new();
        for entry in k.list("images", &mut self.findings) {
            let field = |key: &str| -> (Option<String>, Option<Origin>) {
                let node = entry.get(key).filter(|n| !n.is_null());
                (
                    node.and_then(Node::as_scalar).map(|s| s.text.clone()),
                    node.and_then(|n| n.origin),
                )
            };
            let (name, name_origin) = field("name");
            let Some(name) = name else {
                self.error(
                    "kustomize/invalid-field",
                    "an `images` entry needs the `name` of the image it changes".to_owned(),
                    entry.origin.unwrap_or_else(|| k.origin_of("images")),
                );
                continue;
            };
            let (new_name, new_name_origin) = field("newName");
            let (new_tag, new_tag_origin) = field("newTag");
            let (digest, digest_origin) = field("digest");
            let (tag_suffix, tag_suffix_origin) = field("tagSuffix");
            rules.push(transform::ImageRule {
                name,
                new_name,
                new_tag,
                digest,
                tag_suffix,
                origin: entry.origin.or(name_origin),
                new_name_origin,
                new_tag_origin,
                digest_origin,
                tag_suffix_origin,
            });
        }
        if !rules.is_empty() {
            transform::images(acc, &rules, &self.config);
            for _ in &rules {
                self.transformed(k, acc, "ImageTagTransformer");
            }
        }
    }
}
