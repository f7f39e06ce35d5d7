//! Name references: after renames, the fields that name an object follow it.
//!
//! This is kustomize's name-reference transformer. For every field of the `nameReference` table
//! in an object (the referrer), the value is looked up among the objects of the target kind by
//! their *previous* names (an object never renamed or moved is never a target); candidates are
//! narrowed as kustomize narrows them: the referrer must be able to see the target (same
//! namespace, or one of them cluster-scoped, or a RoleBinding naming service accounts of that
//! namespace), a `roleRef` names its kind, a namespaced referrer only sees targets of its own
//! namespace (service accounts excepted); then by the prefixes and suffixes both received. One
//! candidate left (or several that agree on the name) gives the new name; several that disagree
//! are an [`Ambiguity`], which kustomize reports as an error.
//!
//! Targets are indexed by kind and previous name, so the cost is linear in the number of
//! referring fields rather than the product of referrers and objects.

use super::fieldspec::{BackReference, Configurations, FieldSpec, set_string, walk};
use crate::resource::{Gvk, ResId, Resource};
use crate::value::{Node, Origin, Value};
use std::collections::{HashMap, HashSet};

/// A reference kustomize would refuse: several objects it could name, with different names.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguity {
    pub referrer: ResId,
    /// The field spec's path, `/`-joined.
    pub field: String,
    /// The name written in the field.
    pub name: String,
    pub candidates: Vec<ResId>,
    /// Where the name was written.
    pub origin: Option<Origin>,
}

/// What name references need to know about an object, taken before any field is changed.
struct Target {
    gvk: Gvk,
    id: ResId,
    cluster: bool,
    /// Effective namespaces (see [`effective`]): now, and before the first transformer.
    current_ns: String,
    original_ns: String,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    name_origin: Option<Origin>,
    namespace_origin: Option<Origin>,
}

/// The namespace used to compare objects: cluster-scoped objects are in none, and an object
/// without a namespace is in `default` (kustomize's `EffectiveNamespace`).
fn effective(cluster: bool, namespace: &str) -> String {
    if cluster {
        "~cluster".to_owned()
    } else if namespace.is_empty() {
        "default".to_owned()
    } else {
        namespace.to_owned()
    }
}

/// What is known about the object whose fields are being fixed.
struct Referrer {
    id: ResId,
    cluster: bool,
    current_ns: String,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    /// `roleRef`'s `apiGroup` and `kind`, when both are written.
    role_ref: Option<(String, String)>,
    /// For a RoleBinding, the namespaces of the service accounts among its subjects: objects of
    /// those namespaces are visible to it.
    binding_namespaces: HashSet<String>,
}

struct Index<'a> {
    targets: &'a [Target],
    by_kind_name: HashMap<(String, String), Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_original_ns: HashMap<String, Vec<usize>>,
}

/// Updates every referring field of the `nameReference` table to the current name of the object
/// it names. Returns the references left alone because they were ambiguous.
pub fn fix_name_references(resources: &mut [Resource], config: &Configurations) -> Vec<Ambiguity> {
    let targets: Vec<Target> = resources.iter().map(target).collect();
    let mut index = Index {
        targets: &targets,
        by_kind_name: HashMap::new(),
        by_name: HashMap::new(),
        by_original_ns: HashMap::new(),
    };
    for (at, resource) in resources.iter().enumerate() {
        let kind = &targets
            .get(at)
            .map(|t| t.gvk.kind.clone())
            .unwrap_or_default();
        let names: HashSet<&str> = resource.previous.iter().map(|(n, _)| n.as_str()).collect();
        for name in names {
            index
                .by_kind_name
                .entry((kind.clone(), name.to_owned()))
                .or_default()
                .push(at);
            index.by_name.entry(name.to_owned()).or_default().push(at);
        }
        if let Some(target) = targets.get(at) {
            index
                .by_original_ns
                .entry(target.original_ns.clone())
                .or_default()
                .push(at);
        }
    }
    let mut ambiguities = Vec::new();
    for resource in resources.iter_mut() {
        let referrer = referrer(resource);
        let gvk = resource.gvk();
        for backref in &config.name_reference {
            for spec in backref.referrers.iter().filter(|spec| spec.selects(&gvk)) {
                let mut fix = Fix {
                    index: &index,
                    referrer: &referrer,
                    backref,
                    spec,
                    ambiguities: &mut ambiguities,
                };
                walk(
                    &mut resource.node,
                    &spec.path,
                    None,
                    None,
                    &mut |n| fix.set(n),
                    0,
                );
            }
        }
    }
    ambiguities
}

fn target(resource: &Resource) -> Target {
    let gvk = resource.gvk();
    let cluster = super::is_cluster_scoped(&gvk);
    let original = resource
        .previous
        .first()
        .map_or(resource.namespace(), |(_, ns)| ns.as_str());
    let origin_of = |key: &str| {
        resource
            .node
            .get_path(&["metadata", key])
            .and_then(|n| n.origin)
    };
    Target {
        id: resource.id(),
        cluster,
        current_ns: effective(cluster, resource.namespace()),
        original_ns: effective(cluster, original),
        prefixes: resource.prefixes.clone(),
        suffixes: resource.suffixes.clone(),
        name_origin: origin_of("name"),
        namespace_origin: origin_of("namespace"),
        gvk,
    }
}

fn referrer(resource: &Resource) -> Referrer {
    let gvk = resource.gvk();
    let cluster = super::is_cluster_scoped(&gvk);
    let role_ref = resource.node.get("roleRef").and_then(|role_ref| {
        let text = |key: &str| role_ref.get(key)?.as_scalar().map(|s| s.text.clone());
        Some((text("apiGroup")?, text("kind")?))
    });
    let mut binding_namespaces = HashSet::new();
    if gvk.kind == "RoleBinding" {
        for subject in resource
            .node
            .get("subjects")
            .and_then(Node::items)
            .unwrap_or_default()
        {
            if subject.get_str("kind") == Some("ServiceAccount")
                && let Some(ns) = subject.get_str("namespace")
            {
                binding_namespaces.insert(ns.to_owned());
            }
        }
    }
    Referrer {
        id: resource.id(),
        cluster,
        current_ns: effective(cluster, resource.namespace()),
        prefixes: resource.prefixes.clone(),
        suffixes: resource.suffixes.clone(),
        role_ref,
        binding_namespaces,
    }
}

/// kustomize's `SameEndingSubSlice`: the shorter list ends the longer one.
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

/// Which namespace a `{name, namespace}` reference asks for.
enum NsFilter<'s> {
    Any,
    Original(&'s str),
    Current(&'s str),
}

struct Fix<'a, 'b> {
    index: &'a Index<'a>,
    referrer: &'a Referrer,
    backref: &'a BackReference,
    spec: &'a FieldSpec,
    ambiguities: &'b mut Vec<Ambiguity>,
}

impl Fix<'_, '_> {
    fn set(&mut self, node: &mut Node) {
        match &mut node.value {
            Value::Scalar(_) => self.set_scalar(node),
            Value::Map(_) => self.set_mapping(node),
            Value::Seq(items) => {
                for item in items {
                    match item.value {
                        Value::Scalar(_) => self.set_scalar(item),
                        Value::Map(_) => self.set_mapping(item),
                        Value::Seq(_) => {}
                    }
                }
            }
        }
    }

    fn set_scalar(&mut self, node: &mut Node) {
        let Some(old) = node
            .as_scalar()
            .filter(|s| !s.is_null())
            .map(|s| s.text.clone())
        else {
            return;
        };
        let Some(target) = self.select(&old, NsFilter::Any, false, node.origin) else {
            return;
        };
        if target.id.name != old {
            set_string(node, &target.id.name, target.name_origin);
        }
    }

    fn set_mapping(&mut self, node: &mut Node) {
        let Some(old) = node
            .get("name")
            .and_then(Node::as_scalar)
            .map(|s| s.text.clone())
        else {
            return;
        };
        let namespace = node
            .get("namespace")
            .and_then(Node::as_scalar)
            .map(|s| s.text.clone());
        let filter = match namespace.as_deref() {
            None => NsFilter::Any,
            Some(ns) if self.original_ns_seen(ns) => NsFilter::Original(ns),
            Some(ns) => NsFilter::Current(ns),
        };
        let origin = node.get("name").and_then(|n| n.origin);
        let Some(target) = self.select(&old, filter, true, origin) else {
            return;
        };
        if target.id.name == old && target.id.namespace.is_empty() {
            return;
        }
        node.set(
            "name",
            Node::string(target.id.name.clone(), target.name_origin),
        );
        if !target.id.namespace.is_empty() {
            node.set(
                "namespace",
                Node::string(target.id.namespace.clone(), target.namespace_origin),
            );
        }
    }

    /// True when some object the referrer can see was originally in namespace `ns`: kustomize
    /// then matches a reference's `namespace` against original namespaces, else current ones.
    fn original_ns_seen(&self, ns: &str) -> bool {
        self.index
            .by_original_ns
            .get(ns)
            .is_some_and(|list| list.iter().any(|&at| self.visible(at)))
    }

    /// kustomize's `SubsetThatCouldBeReferencedByResource`.
    fn visible(&self, at: usize) -> bool {
        let Some(target) = self.index.targets.get(at) else {
            return false;
        };
        self.referrer.cluster
            || target.cluster
            || target.current_ns == self.referrer.current_ns
            || self
                .referrer
                .binding_namespaces
                .contains(&target.id.namespace)
    }

    fn select(
        &mut self,
        old: &str,
        filter: NsFilter,
        with_namespace: bool,
        origin: Option<Origin>,
    ) -> Option<&Target> {
        let index = self.index;
        let listed = match self.backref.kind.as_deref().filter(|k| !k.is_empty()) {
            Some(kind) => index.by_kind_name.get(&(kind.to_owned(), old.to_owned())),
            None => index.by_name.get(old),
        }?;
        let role_ref = if self
            .spec
            .path
            .rchunks(2)
            .next()
            .is_some_and(|tail| tail == ["roleRef", "name"])
        {
            self.referrer.role_ref.as_ref()
        } else {
            None
        };
        let referrer = self.referrer;
        let mut candidates: Vec<&Target> = listed
            .iter()
            .filter(|&&at| self.visible(at))
            .filter_map(|&at| index.targets.get(at))
            .filter(|t| match filter {
                NsFilter::Any => true,
                NsFilter::Original(ns) => t.original_ns == ns,
                NsFilter::Current(ns) => t.current_ns == ns,
            })
            .filter(|t| self.backref.selects(&t.gvk))
            .filter(|t| {
                role_ref.is_none_or(|(group, kind)| {
                    (group.is_empty() || *group == t.gvk.group)
                        && (kind.is_empty() || *kind == t.gvk.kind)
                })
            })
            .filter(|t| {
                referrer.cluster
                    || t.cluster
                    || t.gvk.kind == "ServiceAccount"
                    || t.current_ns == referrer.current_ns
            })
            .collect();
        if candidates.len() == 1 {
            return candidates.pop();
        }
        candidates.retain(|t| {
            (t.prefixes.is_empty()
                || referrer.prefixes.is_empty()
                || same_ending(&t.prefixes, &referrer.prefixes))
                && (t.suffixes.is_empty()
                    || referrer.suffixes.is_empty()
                    || same_ending(&t.suffixes, &referrer.suffixes))
        });
        if candidates.len() > 1 {
            candidates.retain(|t| {
                same_ending(&t.prefixes, &referrer.prefixes)
                    && same_ending(&t.suffixes, &referrer.suffixes)
            });
        }
        let first = candidates.first()?;
        let identical = candidates.iter().all(|t| {
            t.id.name == first.id.name && (!with_namespace || t.id.namespace == first.id.namespace)
        });
        if identical {
            return candidates.first().copied();
        }
        self.ambiguities.push(Ambiguity {
            referrer: referrer.id.clone(),
            field: self.spec.path.join("/"),
            name: old.to_owned(),
            candidates: candidates.iter().map(|t| t.id.clone()).collect(),
            origin,
        });
        None
    }
}
