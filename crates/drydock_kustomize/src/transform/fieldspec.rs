//! Field specs: which fields of which kinds a transformer touches, and the walk that finds them.
//!
//! kustomize names the fields each builtin transformer sets in tables of field specs (a kind
//! selector and a `/`-separated path). Users extend the tables with `configurations:` files. The
//! walk follows kustomize's `fieldspec` filter: a list met on the way is entered element by
//! element without being named in the path; a segment ending in `[]` names a list; missing fields
//! are created only when the spec says `create: true`, and never inside lists.

use super::defaults;
use crate::resource::Gvk;
use crate::value::{Entry, Node, Origin, Scalar, Value};

/// One field that a transformer touches in objects of the selected kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSpec {
    pub group: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    /// The path, split at `/` (`\/` is a `/` inside a segment); a segment ending in `[]` marks a
    /// list.
    pub path: Vec<String>,
    /// Create missing fields along the path (kustomize's `create: true`).
    pub create: bool,
}

impl FieldSpec {
    /// A spec from its path text, for every kind.
    pub fn new(path: &str, create: bool) -> FieldSpec {
        FieldSpec {
            path: split_path(path),
            create,
            ..FieldSpec::default()
        }
    }

    /// Parses one line of [`defaults`]: `group version kind create path`, `-` for an empty part.
    fn from_compact(line: &str) -> Option<FieldSpec> {
        let mut parts = line.split_whitespace();
        let part = |text: Option<&str>| text.filter(|t| *t != "-").map(str::to_owned);
        let group = part(parts.next());
        let version = part(parts.next());
        let kind = part(parts.next());
        let create = parts.next()? == "create";
        let path = split_path(parts.next()?);
        Some(FieldSpec {
            group,
            version,
            kind,
            path,
            create,
        })
    }

    /// True when the spec's kind selector accepts `gvk` (an absent or empty part accepts all).
    pub fn selects(&self, gvk: &Gvk) -> bool {
        selects(&self.group, &self.version, &self.kind, gvk)
    }

    /// True when the path is exactly these plain segments.
    pub fn path_is(&self, path: &[&str]) -> bool {
        self.path.len() == path.len() && self.path.iter().zip(path).all(|(a, b)| a == b)
    }

    /// kustomize's "effectively equal" when merging tables: same path, and this spec's kinds are
    /// all selected by `other`'s selector.
    fn covered_by(&self, other: &FieldSpec) -> bool {
        self.path == other.path
            && covers(&other.group, &self.group)
            && covers(&other.version, &self.version)
            && covers(&other.kind, &self.kind)
    }
}

fn covers(selector: &Option<String>, value: &Option<String>) -> bool {
    match selector.as_deref() {
        None | Some("") => true,
        Some(s) => value.as_deref() == Some(s),
    }
}

pub(crate) fn selects(
    group: &Option<String>,
    version: &Option<String>,
    kind: &Option<String>,
    gvk: &Gvk,
) -> bool {
    let ok = |want: &Option<String>, have: &str| match want.as_deref() {
        None | Some("") => true,
        Some(want) => want == have,
    };
    ok(group, &gvk.group) && ok(version, &gvk.version) && ok(kind, &gvk.kind)
}

/// Splits a field-spec path at `/`, reading `\/` as a `/` inside a segment (annotation keys such
/// as `nginx.ingress.kubernetes.io/auth-secret` are written that way).
pub fn split_path(path: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'/') => {
                current.push('/');
                chars.next();
            }
            '/' => segments.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    segments.push(current);
    segments
}

/// The fields that name objects of one kind: when such an object is renamed, these follow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackReference {
    pub group: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    pub referrers: Vec<FieldSpec>,
}

impl BackReference {
    pub fn selects(&self, gvk: &Gvk) -> bool {
        selects(&self.group, &self.version, &self.kind, gvk)
    }

    fn same_target(&self, other: &BackReference) -> bool {
        self.group == other.group && self.version == other.version && self.kind == other.kind
    }
}

/// The field-spec tables of the builtin transformers (kustomize's `TransformerConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Configurations {
    pub name_prefix: Vec<FieldSpec>,
    pub name_suffix: Vec<FieldSpec>,
    pub namespace: Vec<FieldSpec>,
    pub common_labels: Vec<FieldSpec>,
    /// Extra fields for every `labels:` entry (the `labels` section of a configuration file).
    pub labels: Vec<FieldSpec>,
    pub template_labels: Vec<FieldSpec>,
    pub common_annotations: Vec<FieldSpec>,
    pub name_reference: Vec<BackReference>,
    pub var_reference: Vec<FieldSpec>,
    pub images: Vec<FieldSpec>,
    pub replicas: Vec<FieldSpec>,
}

fn table(lines: &[&str]) -> Vec<FieldSpec> {
    lines
        .iter()
        .filter_map(|line| FieldSpec::from_compact(line))
        .collect()
}

/// Parses `group version kind` of a [`defaults::NAME_REFERENCE`] target.
fn target(line: &str) -> (Option<String>, Option<String>, Option<String>) {
    let mut parts = line
        .split_whitespace()
        .map(|p| (p != "-").then(|| p.to_owned()));
    (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    )
}

impl Configurations {
    /// kustomize v5.7.1's default tables: what a kustomization without `configurations:` uses.
    /// Read once per process (every render starts from them; reading them anew was a seventh of
    /// a small render's time).
    pub fn builtin() -> std::sync::Arc<Configurations> {
        static BUILTIN: std::sync::OnceLock<std::sync::Arc<Configurations>> =
            std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| std::sync::Arc::new(Configurations::read_builtin()))
            .clone()
    }

    fn read_builtin() -> Configurations {
        let mut config = Configurations {
            name_prefix: table(defaults::NAME_PREFIX),
            name_suffix: table(defaults::NAME_SUFFIX),
            namespace: table(defaults::NAMESPACE),
            common_labels: table(defaults::COMMON_LABELS),
            labels: Vec::new(),
            template_labels: table(defaults::TEMPLATE_LABELS),
            common_annotations: table(defaults::COMMON_ANNOTATIONS),
            name_reference: defaults::NAME_REFERENCE
                .iter()
                .map(|(target_line, referrers)| {
                    let (group, version, kind) = target(target_line);
                    BackReference {
                        group,
                        version,
                        kind,
                        referrers: table(referrers),
                    }
                })
                .collect(),
            var_reference: table(defaults::VAR_REFERENCE),
            images: table(defaults::IMAGES),
            replicas: table(defaults::REPLICAS),
        };
        config.normalize();
        config
    }

    /// Adds `other`'s specs the way kustomize merges a configuration file into the defaults: a
    /// spec already covered (same path, kinds selected) is not added again; name references to
    /// the same target kind are merged into one list.
    pub fn merge(&mut self, other: Configurations) {
        merge_specs(&mut self.name_prefix, other.name_prefix);
        merge_specs(&mut self.name_suffix, other.name_suffix);
        merge_specs(&mut self.namespace, other.namespace);
        merge_specs(&mut self.common_labels, other.common_labels);
        merge_specs(&mut self.labels, other.labels);
        merge_specs(&mut self.template_labels, other.template_labels);
        merge_specs(&mut self.common_annotations, other.common_annotations);
        merge_specs(&mut self.var_reference, other.var_reference);
        merge_specs(&mut self.images, other.images);
        merge_specs(&mut self.replicas, other.replicas);
        for incoming in other.name_reference {
            match self
                .name_reference
                .iter_mut()
                .find(|existing| existing.same_target(&incoming))
            {
                Some(existing) => merge_specs(&mut existing.referrers, incoming.referrers),
                None => self.name_reference.push(incoming),
            }
        }
        self.normalize();
    }

    /// What kustomize does to every merged table before using it: sorts the specs by kind, then
    /// merges them one by one into an empty table (its accumulator's). A general spec sorted after
    /// a kind-specific one with the same path is then dropped: a configuration file's
    /// `namePrefix: [{path: metadata/name, kind: X}]` leaves only X's names prefixed.
    fn normalize(&mut self) {
        for specs in [
            &mut self.name_prefix,
            &mut self.name_suffix,
            &mut self.namespace,
            &mut self.common_labels,
            &mut self.labels,
            &mut self.template_labels,
            &mut self.common_annotations,
            &mut self.var_reference,
            &mut self.images,
            &mut self.replicas,
        ] {
            specs.sort_by_cached_key(|spec| sort_key(&spec.group, &spec.version, &spec.kind));
            let sorted = std::mem::take(specs);
            merge_specs(specs, sorted);
        }
        self.name_reference
            .sort_by_cached_key(|b| sort_key(&b.group, &b.version, &b.kind));
    }
}

/// Kinds kustomize orders first and last when it sorts kind selectors (`typeOrders` in kyaml's
/// `resid`); every other kind ranks between them.
const ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
const ORDER_LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// kustomize's `Gvk.IsLessThan` as a key: the kind's rank, then `group_version_kind`.
fn sort_key(
    group: &Option<String>,
    version: &Option<String>,
    kind: &Option<String>,
) -> (i64, String) {
    let gvk = Gvk {
        group: group.clone().unwrap_or_default(),
        version: version.clone().unwrap_or_default(),
        kind: kind.clone().unwrap_or_default(),
    };
    let position = |list: &[&str]| list.iter().position(|k| *k == gvk.kind);
    let rank = match (position(ORDER_FIRST), position(ORDER_LAST)) {
        (Some(at), _) => i64::try_from(at).unwrap_or(0) - 100,
        (None, Some(at)) => i64::try_from(at).unwrap_or(0) + 1,
        (None, None) => 0,
    };
    (rank, gvk.sort_key())
}

/// kustomize's `FsSlice.MergeAll`: appends the specs not already covered. (kustomize fails on a
/// covered spec whose `create` differs; the first one is kept here.)
pub(crate) fn merge_specs(into: &mut Vec<FieldSpec>, incoming: Vec<FieldSpec>) {
    for spec in incoming {
        if !into.iter().any(|existing| existing.covered_by(&spec)) {
            into.push(spec);
        }
    }
}

/// Reads a `configurations:` file: sections `namePrefix`, `nameSuffix`, `namespace`,
/// `commonLabels`, `labels`, `templateLabels`, `commonAnnotations`, `nameReference`,
/// `varReference`, `images` and `replicas`. Unknown sections and malformed entries are skipped
/// (the kustomization checks report them). The result holds only the file's specs: merge it into
/// [`Configurations::builtin`].
pub fn parse_configurations(node: &Node) -> Configurations {
    let specs = |key: &str| -> Vec<FieldSpec> {
        node.get(key)
            .and_then(Node::items)
            .map(|items| items.iter().filter_map(parse_field_spec).collect())
            .unwrap_or_default()
    };
    let name_reference = node
        .get("nameReference")
        .and_then(Node::items)
        .map(|items| {
            items
                .iter()
                .filter(|item| item.is_map())
                .map(|item| BackReference {
                    group: item.get_str("group").map(str::to_owned),
                    version: item.get_str("version").map(str::to_owned),
                    kind: item.get_str("kind").map(str::to_owned),
                    referrers: item
                        .get("fieldSpecs")
                        .and_then(Node::items)
                        .map(|specs| specs.iter().filter_map(parse_field_spec).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Configurations {
        name_prefix: specs("namePrefix"),
        name_suffix: specs("nameSuffix"),
        namespace: specs("namespace"),
        common_labels: specs("commonLabels"),
        labels: specs("labels"),
        template_labels: specs("templateLabels"),
        common_annotations: specs("commonAnnotations"),
        name_reference,
        var_reference: specs("varReference"),
        images: specs("images"),
        replicas: specs("replicas"),
    }
}

/// One field spec as users write it: `{group, version, kind, path, create}`.
pub fn parse_field_spec(node: &Node) -> Option<FieldSpec> {
    let path = scalar_text(node.get("path")?)?;
    let create = node
        .get("create")
        .and_then(Node::as_scalar)
        .is_some_and(|s| matches!(s.kind, drydock_yaml::ScalarKind::Bool(true)));
    let part = |key: &str| node.get(key).and_then(scalar_text).map(str::to_owned);
    Some(FieldSpec {
        group: part("group"),
        version: part("version"),
        kind: part("kind"),
        path: split_path(path),
        create,
    })
}

/// The text of a non-null scalar (a path or kind written as a number still reads as text).
fn scalar_text(node: &Node) -> Option<&str> {
    node.as_scalar()
        .filter(|s| !s.is_null())
        .map(|s| s.text.as_str())
}

/// What the walk creates at the end of a path when the spec says `create: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// A string (a name, a namespace, an image).
    String,
    /// An integer (replicas).
    Int,
    /// A mapping (labels, annotations).
    Map,
}

/// Lists nested deeper than this are not entered: bounds the recursion on adversarial trees.
const MAX_DEPTH: usize = 256;

/// Calls `f` on every node at `spec`'s path in `node`, when `spec` selects the object's kind.
/// Creates nothing.
pub fn apply(node: &mut Node, spec: &FieldSpec, f: &mut dyn FnMut(&mut Node)) {
    apply_creating(node, spec, None, None, f);
}

/// [`apply`], creating missing fields when the spec says `create: true`: mappings on the way and
/// a `leaf` at the end, all with `origin` (the kustomization line that asked for the value).
pub fn apply_creating(
    node: &mut Node,
    spec: &FieldSpec,
    leaf: Option<Leaf>,
    origin: Option<Origin>,
    f: &mut dyn FnMut(&mut Node),
) {
    let gvk = Gvk::from_api_version(
        node.get_str("apiVersion").unwrap_or(""),
        node.get_str("kind").unwrap_or(""),
    );
    if !spec.selects(&gvk) {
        return;
    }
    let leaf = if spec.create { leaf } else { None };
    walk(node, &spec.path, leaf, origin, f, 0);
}

/// The walk without the kind check (name references check the referrer's kind themselves).
pub(crate) fn walk(
    node: &mut Node,
    path: &[String],
    leaf: Option<Leaf>,
    origin: Option<Origin>,
    f: &mut dyn FnMut(&mut Node),
    depth: usize,
) {
    let Some((segment, rest)) = path.split_first() else {
        f(node);
        return;
    };
    if depth > MAX_DEPTH || node.is_null() {
        return;
    }
    match &mut node.value {
        Value::Seq(items) => {
            // A list met on the way: every element, with the same path.
            for item in items {
                walk(item, path, leaf, origin, f, depth + 1);
            }
        }
        Value::Map(entries) => {
            let (name, is_list) = match segment.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (segment.as_str(), false),
            };
            if name.is_empty() {
                return;
            }
            // Lists are never created; mappings on the way and the leaf are, when asked.
            let create = match leaf {
                Some(_) if !is_list && rest.is_empty() => leaf,
                Some(_) if !is_list => Some(Leaf::Map),
                _ => None,
            };
            let hint = if is_list {
                Some(Kind::Seq)
            } else {
                create.map(Kind::from)
            };
            let at = match entries.iter().position(|entry| entry.key == name) {
                Some(at) => at,
                None => match create {
                    Some(kind) => {
                        entries.push(Entry {
                            key: name.to_owned(),
                            key_origin: origin,
                            value: empty(Kind::from(kind), origin),
                        });
                        entries.len() - 1
                    }
                    None => return,
                },
            };
            let Some(entry) = entries.get_mut(at) else {
                return;
            };
            // A null field takes the kind the path expects (kustomize turns `labels: null` into
            // a mapping when it may create, and `containers: ~` into a list for `containers[]`).
            if entry.value.is_null()
                && let Some(kind) = hint
            {
                entry.value = empty(kind, origin.or(entry.value.origin));
            }
            walk(&mut entry.value, rest, leaf, origin, f, depth + 1);
        }
        // kustomize fails on a path through a scalar; nothing to do here.
        Value::Scalar(_) => {}
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Scalar,
    Map,
    Seq,
}

impl From<Leaf> for Kind {
    fn from(leaf: Leaf) -> Kind {
        match leaf {
            Leaf::String | Leaf::Int => Kind::Scalar,
            Leaf::Map => Kind::Map,
        }
    }
}

fn empty(kind: Kind, origin: Option<Origin>) -> Node {
    match kind {
        Kind::Scalar => Node::scalar(Scalar::string(""), origin),
        Kind::Map => Node::map(origin),
        Kind::Seq => Node::seq(Vec::new(), origin),
    }
}

/// Sets a scalar (or null) node to the string `text`, keeping its quoting style; kustomize fails
/// on a mapping or a list there, which is left alone here.
pub(crate) fn set_string(node: &mut Node, text: &str, origin: Option<Origin>) {
    if let Value::Scalar(scalar) = &mut node.value {
        let style = scalar.style;
        let mut new = Scalar::string(text);
        if !scalar.is_null() {
            new.style = style;
        }
        *scalar = new;
        node.origin = origin;
    }
}

/// Sets `key` to the string `value` in a mapping node (a null node becomes a mapping first).
pub(crate) fn set_entry(node: &mut Node, key: &str, value: &str, origin: Option<Origin>) {
    if node.is_null() {
        *node = Node::map(origin);
    }
    if node.is_map() {
        node.set(key, Node::string(value, origin));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let config = Configurations::builtin();
        assert_eq!(config.common_labels.len(), 32);
        assert_eq!(config.name_reference.len(), 16);
        assert!(
            config
                .name_reference
                .iter()
                .all(|b| !b.referrers.is_empty())
        );
        let ingress_secret = config
            .name_reference
            .iter()
            .flat_map(|b| &b.referrers)
            .find(|s| {
                s.path
                    .last()
                    .is_some_and(|p| p == "nginx.ingress.kubernetes.io/auth-secret")
            });
        assert!(ingress_secret.is_some());
    }

    #[test]
    fn split_escaped() {
        assert_eq!(split_path(r"a/b\/c/d[]"), vec!["a", "b/c", "d[]"]);
    }
}
