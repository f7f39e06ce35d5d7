//! Checking the objects of a parsed stream: which schema applies (kind, apiVersion, lifecycle,
//! custom resources), then the validator.

use crate::crd::Crds;
use crate::lifecycle::{self, Availability};
use crate::schema::{Definition, Schema, TypeKind, group_of};
use crate::validate::{Place, Validator, Violation, ViolationKind};
use crate::version::KubernetesVersion;
use drydock_base::diagnostic::Fix;
use drydock_base::suggest::did_you_mean;
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind, Stream};

/// Everything the Kubernetes rules report about one file, computed once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    pub violations: Vec<Violation>,
    /// Objects checked against a schema (built-in or custom).
    pub objects_validated: usize,
    /// The Kubernetes version checked against (the rules whose verdict depends on it read it).
    pub target: KubernetesVersion,
}

/// Checks every complete document of `stream` (documents with syntax errors are left to the YAML
/// rules: a partial tree would produce false findings).
pub fn analyze(text: &str, stream: &Stream, target: KubernetesVersion, crds: &Crds) -> Analysis {
    let schema = Schema::builtin();
    let mut analysis = Analysis {
        target,
        ..Analysis::default()
    };
    for document in stream.documents.iter().filter(|d| d.is_complete()) {
        let Some(root) = document.root else {
            continue;
        };
        let mut validator = Validator::new(schema, document, text);
        let mut checker = Checker {
            validator: &mut validator,
            target,
            crds,
            validated: 0,
        };
        checker.object(root, 0);
        analysis.objects_validated += checker.validated;
        analysis.violations.append(&mut validator.out);
    }
    analysis
}

struct Checker<'v, 'a> {
    validator: &'v mut Validator<'a>,
    target: KubernetesVersion,
    crds: &'a Crds,
    validated: usize,
}

impl Checker<'_, '_> {
    fn doc(&self) -> &Document {
        self.validator.document
    }

    fn push(&mut self, violation: Violation) {
        self.validator.out.push(violation);
    }

    /// One object: a document's root, or an item of a `List`.
    fn object(&mut self, node: NodeId, depth: usize) {
        let doc = self.validator.document;
        if doc.entries(node).is_none() {
            return;
        }
        let api_entry = doc.get(node, "apiVersion");
        let kind_entry = doc.get(node, "kind");
        let api_version = api_entry.and_then(|e| doc.scalar(e.value));
        let kind = kind_entry.and_then(|e| doc.scalar(e.value));
        let (api_version, kind, api_entry, kind_entry) = match (
            api_version,
            kind,
            api_entry,
            kind_entry,
        ) {
            (Some(a), Some(k), Some(ae), Some(ke)) => (a, k, *ae, *ke),
            (None, None, _, _) if depth == 0 => return, // Not a Kubernetes object.
            _ => {
                let missing = if api_entry.is_none() {
                    "apiVersion"
                } else {
                    "kind"
                };
                if api_entry.is_none() || kind_entry.is_none() {
                    let anchor = crate::validate::first_line(doc.range(node), self.validator.text);
                    self.push(Violation::new(
                        ViolationKind::MissingRequired,
                        anchor,
                        format!("missing `{missing}`: every Kubernetes object names its apiVersion and kind"),
                    ));
                }
                return;
            }
        };
        let api_range = doc.range(api_entry.value);
        let kind_range = doc.range(kind_entry.value);
        let api_version = api_version.value.clone();
        let kind = kind.value.clone();

        if kind == "List" && api_version == "v1" {
            self.list(node, depth);
            return;
        }
        let schema = self.validator.schema;
        if schema.is_empty() {
            // The built-in schema is not loaded yet (the playground fetches it after its first
            // render): whether the kind exists, which apiVersions serve it and what its fields
            // are cannot be judged, nor whether it is a custom resource. Nothing is reported
            // rather than every kind called unknown; the check runs again once it is installed.
            return;
        }
        let group = group_of(&api_version);
        let builtin_group = !group.contains('.')
            || schema.kinds.iter().any(|k| k.group() == group)
            || lifecycle::removed_groups().any(|g| g == group);

        if lifecycle::known(schema, &api_version, &kind) {
            let availability = lifecycle::availability(schema, &api_version, &kind, self.target);
            let replacement = if availability == Availability::Served {
                None
            } else {
                lifecycle::replacement(schema, &kind, &api_version, self.target)
            };
            match availability {
                Availability::Served | Availability::Never => {}
                Availability::Superseded => {
                    if let Some(r) = replacement.filter(|r| r.api_version != api_version) {
                        let violation = Violation::new(
                            ViolationKind::DeprecatedApi,
                            api_range,
                            format!(
                                "{api_version} {kind} is superseded by {}: Kubernetes deprecates a beta \
                                 or alpha version once a stable one serves the kind, and removes it later",
                                r.api_version
                            ),
                        );
                        let violation = self.with_api_fix(
                            violation,
                            node,
                            api_range,
                            &r.api_version,
                            r.definition,
                        );
                        self.push(violation);
                    }
                }
                Availability::Deprecated { removed_in } => {
                    let mut violation = Violation::new(
                        ViolationKind::DeprecatedApi,
                        api_range,
                        format!(
                            "{api_version} {kind} is deprecated: Kubernetes {removed_in} removes it{}",
                            replacement
                                .filter(|r| r.api_version != api_version)
                                .map(|r| format!("; use {}", r.api_version))
                                .unwrap_or_default()
                        ),
                    );
                    if let Some(r) = replacement.filter(|r| r.api_version != api_version) {
                        violation = self.with_api_fix(
                            violation,
                            node,
                            api_range,
                            &r.api_version,
                            r.definition,
                        );
                    }
                    self.push(violation);
                }
                Availability::Removed { removed_in } => {
                    let mut violation = Violation::new(
                        ViolationKind::UnavailableApi,
                        api_range,
                        match replacement {
                            Some(r) => format!(
                                "{api_version} {kind} was removed in Kubernetes {removed_in}; use {}",
                                r.api_version
                            ),
                            None if kind == "PodSecurityPolicy" => format!(
                                "{api_version} {kind} was removed in Kubernetes {removed_in}, with no \
                                 replacement kind: use Pod Security Admission (namespace labels)"
                            ),
                            None => format!(
                                "{api_version} {kind} was removed in Kubernetes {removed_in}, and \
                                 Kubernetes {} serves no other version of it",
                                self.target
                            ),
                        },
                    );
                    if let Some(r) = replacement {
                        violation = self.with_api_fix(
                            violation,
                            node,
                            api_range,
                            &r.api_version,
                            r.definition,
                        );
                    }
                    self.push(violation);
                    return;
                }
                Availability::NotYet { introduced_in } => {
                    let mut violation = Violation::new(
                        ViolationKind::UnavailableApi,
                        api_range,
                        format!(
                            "{api_version} {kind} is served from Kubernetes {introduced_in} on, but the \
                             target is {}{}",
                            self.target,
                            replacement
                                .map(|r| format!("; use {}", r.api_version))
                                .unwrap_or_default()
                        ),
                    );
                    if let Some(r) = replacement {
                        violation = self.with_api_fix(
                            violation,
                            node,
                            api_range,
                            &r.api_version,
                            r.definition,
                        );
                    }
                    self.push(violation);
                    return;
                }
            }
            if let Some(entry) = schema.find(&api_version, &kind)
                && let Some(def) = schema.definition(entry.definition)
            {
                self.validated += 1;
                self.validate_root(node, def, kind_range);
            }
            return;
        }

        if builtin_group {
            let served: Vec<&str> = {
                let mut all: Vec<&str> = schema
                    .kind_versions(&kind)
                    .map(|k| k.api_version.as_str())
                    .collect();
                all.dedup();
                all
            };
            if !served.is_empty() {
                let best = lifecycle::replacement(schema, &kind, &api_version, self.target)
                    .or_else(|| schema.kind_versions(&kind).last());
                if let Some(best) = best {
                    let mut violation = Violation::new(
                        ViolationKind::WrongApiVersion,
                        api_range,
                        format!(
                            "{kind} is served by {}, not {api_version}",
                            best.api_version
                        ),
                    );
                    violation = self.with_api_fix(
                        violation,
                        node,
                        api_range,
                        &best.api_version,
                        best.definition,
                    );
                    self.push(violation);
                    // Validate against the right version anyway: the other findings still hold.
                    if let Some(def) = schema.definition(best.definition) {
                        self.validated += 1;
                        self.validate_root(node, def, kind_range);
                    }
                }
                return;
            }
            self.unknown_kind(&kind, kind_range, &api_version, group);
            return;
        }

        // A custom resource.
        if let Some(resource) = self.crds.find(&api_version, &kind) {
            if let Some(ty) = resource.schema.clone() {
                self.validated += 1;
                match &ty.kind {
                    TypeKind::Object(def) => self.validate_root(node, def, kind_range),
                    _ => {
                        let place = Place {
                            name: &kind,
                            item: false,
                            anchor: kind_range,
                        };
                        self.validator.value(node, &ty, place, 0);
                    }
                }
            }
            return;
        }
        let same_kind: Vec<&str> = self
            .crds
            .resources
            .iter()
            .filter(|r| r.kind == kind && r.group == group && r.served)
            .map(|r| r.api_version.as_str())
            .collect();
        if let Some(best) = same_kind.first() {
            let fix = Fix::replace(format!("Use {best}"), api_range, *best);
            self.push(
                Violation::new(
                    ViolationKind::WrongApiVersion,
                    api_range,
                    format!(
                        "{kind} is served by {}, not {api_version}",
                        same_kind.join(" and ")
                    ),
                )
                .with_fix(fix),
            );
            return;
        }
        if self.crds.has_group(group) {
            self.unknown_kind(&kind, kind_range, &api_version, group);
            return;
        }
        self.push(
            Violation::new(
                ViolationKind::NoSchema,
                kind_range,
                format!(
                    "no schema for {api_version} {kind}: it is a custom resource, and no \
                     CustomResourceDefinition for it is in the workspace"
                ),
            )
            .with_help("add the CRD's YAML to the files checked to validate it"),
        );
    }

    fn unknown_kind(&mut self, kind: &str, range: TextRange, api_version: &str, group: &str) {
        let schema = self.validator.schema;
        let in_group: Vec<&str> = schema
            .kinds
            .iter()
            .filter(|k| k.group() == group)
            .map(|k| k.kind.as_str())
            .chain(
                self.crds
                    .resources
                    .iter()
                    .filter(|r| r.group == group)
                    .map(|r| r.kind.as_str()),
            )
            .collect();
        let all = schema
            .kinds
            .iter()
            .map(|k| k.kind.as_str())
            .chain(self.crds.resources.iter().map(|r| r.kind.as_str()));
        let suggestion =
            did_you_mean(kind, in_group.iter().copied()).or_else(|| did_you_mean(kind, all));
        let mut violation = match suggestion {
            Some(s) => Violation::new(
                ViolationKind::UnknownKind,
                range,
                format!("unknown kind `{kind}` in {api_version}; did you mean `{s}`?"),
            )
            .with_fix(Fix::replace(format!("Replace with `{s}`"), range, s)),
            None => Violation::new(
                ViolationKind::UnknownKind,
                range,
                format!(
                    "unknown kind `{kind}`: no Kubernetes version from {} to {} serves it in {api_version}",
                    KubernetesVersion::OLDEST,
                    KubernetesVersion::LATEST
                ),
            ),
        };
        // A quoted or aliased kind needs more than a plain replacement.
        if range.slice(self.validator.text) != kind {
            violation.fix = None;
        }
        self.push(violation);
    }

    /// Offers to replace the apiVersion when the object is valid under the replacement's schema
    /// (then the change is mechanical); otherwise says what else must change.
    fn with_api_fix(
        &self,
        violation: Violation,
        node: NodeId,
        range: TextRange,
        replacement: &str,
        definition: crate::schema::DefId,
    ) -> Violation {
        let schema = self.validator.schema;
        let Some(def) = schema.definition(definition) else {
            return violation;
        };
        let mut trial = Validator::new(schema, self.validator.document, self.validator.text);
        let place = Place {
            name: "",
            item: false,
            anchor: range,
        };
        trial.object_except(node, def, place, 0, &["apiVersion", "kind"]);
        let fix = Fix::replace(format!("Use {replacement}"), range, replacement);
        if trial.out.is_empty() {
            violation.with_fix(fix)
        } else {
            violation.with_help(format!(
                "under {replacement} this object has {} other problem{}; fix them along with the apiVersion",
                trial.out.len(),
                if trial.out.len() == 1 { "" } else { "s" }
            ))
        }
    }

    fn validate_root(&mut self, node: NodeId, def: &Definition, kind_range: TextRange) {
        let place = Place {
            name: def.short_name(),
            item: false,
            anchor: kind_range,
        };
        let metadata_is_builtin = def
            .field("metadata")
            .is_none_or(|f| !matches!(f.ty.kind, TypeKind::Ref(_)));
        if metadata_is_builtin {
            // Custom resources: metadata is always ObjectMeta, whatever the CRD says.
            self.validator
                .object_except(node, def, place, 0, &["apiVersion", "kind", "metadata"]);
            let schema = self.validator.schema;
            if let (Some(meta), Some(entry)) = (
                schema.definition_by_name("apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                self.doc().get(node, "metadata").copied(),
            ) {
                let anchor = self.doc().range(entry.key);
                let place = Place {
                    name: "metadata",
                    item: false,
                    anchor,
                };
                if self.doc().entries(entry.value).is_some() {
                    self.validator.object(entry.value, meta, place, 1);
                }
            }
        } else {
            self.validator
                .object_except(node, def, place, 0, &["apiVersion", "kind"]);
        }
    }

    /// `kind: List`: each item is an object of its own.
    fn list(&mut self, node: NodeId, depth: usize) {
        let doc = self.validator.document;
        let Some(items) = doc.get(node, "items").map(|e| e.value) else {
            return;
        };
        match doc.items(items) {
            Some(items) => {
                for &item in items {
                    if depth < 8 {
                        self.object(item, depth + 1);
                    }
                }
            }
            None => {
                let is_null = doc
                    .scalar(items)
                    .is_some_and(|s| s.kind == ScalarKind::Null);
                if !is_null {
                    let range = doc.range(items);
                    self.push(Violation::new(
                        ViolationKind::InvalidType,
                        range,
                        "`items` of a List must be a list of objects",
                    ));
                }
            }
        }
    }
}
