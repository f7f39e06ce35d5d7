//! The kustomization's patches: `patchesStrategicMerge`, `patches` and `patchesJson6902`, read
//! from files or inline, matched to their targets and applied.

use super::{Builder, inline};
use crate::Finding;
use crate::files::{is_within, join};
use crate::kustomization::{self, Kustomization};
use crate::patch;
use crate::resource::Resource;
use crate::select::Selector;
use crate::value::{Node, Origin};
use drydock_base::Severity;

/// One patch as written: its documents (a strategic-merge patch per document, or one list of
/// JSON 6902 operations), where it was named, and its target if it has one.
pub(super) struct Patch {
    documents: Vec<Node>,
    origin: Origin,
    target: Option<Selector>,
    /// Where `target` is written (findings about what it selects go there).
    target_origin: Option<Origin>,
    allow_name_change: bool,
    allow_kind_change: bool,
}

impl Builder<'_> {
    /// `patchesStrategicMerge`, then `patches`: kustomize runs them first among the transformers.
    pub(super) fn strategic_merge_patches(&mut self, k: &Kustomization, acc: &mut Vec<Resource>) {
        for item in k.list("patchesStrategicMerge", &mut self.findings) {
            // Each item is a file name, or an inline patch.
            let Some(text) = item.as_str() else { continue };
            let origin = item
                .origin
                .unwrap_or_else(|| k.origin_of("patchesStrategicMerge"));
            let documents = if text.contains('\n') || text.contains(": ") {
                self.inline(k, item)
            } else {
                self.patch_file(k, text, origin)
            };
            for document in documents {
                self.apply_strategic_merge(acc, &document, origin, None, false, false);
            }
        }
        if !k.list("patchesStrategicMerge", &mut Vec::new()).is_empty() {
            self.transformed(k, acc, "PatchStrategicMergeTransformer");
        }
        for item in k.list("patches", &mut self.findings) {
            if let Some(patch) = self.read_patch(k, item) {
                self.apply_patch(acc, &patch);
            }
            self.transformed(k, acc, "PatchTransformer");
        }
    }

    /// One `patches` entry (or a `PatchTransformer`): a JSON 6902 patch when its one document is
    /// a list of operations, strategic-merge patches otherwise.
    pub(super) fn apply_patch(&mut self, acc: &mut Vec<Resource>, patch: &Patch) {
        let is_json6902 = matches!(patch.documents.as_slice(), [only] if only.is_seq());
        if is_json6902 {
            let Some(target) = &patch.target else {
                self.error(
                    "kustomize/invalid-patch",
                    "a JSON 6902 patch (a list of operations) needs a `target`: kustomize refuses it".to_owned(),
                    patch.origin,
                );
                return;
            };
            let ops = patch.documents.first();
            let at = patch.target_origin.unwrap_or(patch.origin);
            self.apply_json6902(acc, target, ops, at);
            return;
        }
        if patch.target.is_some() && patch.documents.len() > 1 {
            self.error(
                "kustomize/invalid-patch",
                "several strategic-merge patches in one entry cannot share a `target`: kustomize refuses it".to_owned(),
                patch.origin,
            );
            return;
        }
        for document in &patch.documents {
            self.apply_strategic_merge(
                acc,
                document,
                patch.target_origin.unwrap_or(patch.origin),
                patch.target.as_ref(),
                patch.allow_name_change,
                patch.allow_kind_change,
            );
        }
    }

    /// `patchesJson6902`: kustomize runs it after labels and annotations.
    pub(super) fn json6902_patches(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        for item in k.list("patchesJson6902", &mut self.findings) {
            let Some(patch) = self.read_patch(k, item) else {
                continue;
            };
            let Some(target) = &patch.target else {
                self.error(
                    "kustomize/invalid-patch",
                    "a `patchesJson6902` entry needs a `target`".to_owned(),
                    patch.origin,
                );
                continue;
            };
            let at = patch.target_origin.unwrap_or(patch.origin);
            self.apply_json6902(acc, target, patch.documents.first(), at);
            self.transformed(k, acc, "PatchJson6902Transformer");
        }
    }

    /// Reads a `patches`/`patchesJson6902` entry (`path:` or `patch:`, `target:`, `options:`).
    pub(super) fn read_patch(&mut self, k: &Kustomization, item: &Node) -> Option<Patch> {
        let origin = item.origin.unwrap_or_else(|| k.origin_of("patches"));
        if !item.is_map() {
            self.error(
                "kustomize/invalid-field",
                "a patch is a mapping with `path` or `patch`, and optionally `target` and `options`".to_owned(),
                origin,
            );
            return None;
        }
        let target = match item.get("target").filter(|t| !t.is_null()) {
            Some(node) => match Selector::parse(node) {
                Ok(selector) => Some(selector),
                Err(message) => {
                    self.error(
                        "kustomize/invalid-patch",
                        message,
                        node.origin.unwrap_or(origin),
                    );
                    return None;
                }
            },
            None => None,
        };
        let documents = match (item.get("path"), item.get("patch")) {
            (Some(path), None) => {
                let name = path.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
                self.patch_file(k, &name, path.origin.unwrap_or(origin))
            }
            (None, Some(patch)) => self.inline(k, patch),
            (Some(_), Some(_)) => {
                self.error(
                    "kustomize/invalid-patch",
                    "a patch has `path` or `patch`, not both: kustomize refuses it".to_owned(),
                    origin,
                );
                return None;
            }
            (None, None) => {
                self.error(
                    "kustomize/invalid-patch",
                    "this patch has neither `path` nor `patch`: kustomize refuses it".to_owned(),
                    origin,
                );
                return None;
            }
        };
        let option = |key: &str| {
            item.get_path(&["options", key])
                .and_then(Node::as_scalar)
                .is_some_and(|s| s.kind == drydock_yaml::ScalarKind::Bool(true))
        };
        Some(Patch {
            documents,
            origin,
            target,
            target_origin: item.get("target").and_then(|t| t.origin),
            allow_name_change: option("allowNameChange"),
            allow_kind_change: option("allowKindChange"),
        })
    }

    pub(super) fn inline(&mut self, k: &Kustomization, node: &Node) -> Vec<Node> {
        // The string may be in a plugin configuration file rather than the kustomization.
        let file = node.origin.map_or(k.file, |origin| origin.file);
        let (documents, errors) = inline::documents(node, file, self.sources.text(file));
        for (message, range) in errors {
            self.error(
                "kustomize/yaml-syntax",
                format!("this inline YAML is not valid: {message}"),
                Origin { file, range },
            );
        }
        documents
    }

    /// The documents of a patch file named in kustomization `k`.
    pub(super) fn patch_file(
        &mut self,
        k: &Kustomization,
        name: &str,
        origin: Origin,
    ) -> Vec<Node> {
        let path = join(&k.dir, name);
        let Some(text) = self.files.read(&path) else {
            self.error(
                "kustomize/missing-resource",
                format!(
                    "the patch file `{name}` does not exist (no file `{path}`): kustomize stops"
                ),
                origin,
            );
            return Vec::new();
        };
        if !self.options.unrestricted && !is_within(&path, &k.dir) {
            self.error(
                "kustomize/outside-root",
                format!(
                    "`{path}` is not in or below `{}`: kustomize refuses to read a patch outside the kustomization's folder",
                    k.dir
                ),
                origin,
            );
            return Vec::new();
        }
        let file = self.sources.add(&path, text);
        self.patch_files.push(file);
        kustomization::read_documents(&self.sources, file, &mut self.findings)
    }

    pub(super) fn apply_strategic_merge(
        &mut self,
        acc: &mut Vec<Resource>,
        patch: &Node,
        origin: Origin,
        target: Option<&Selector>,
        allow_name_change: bool,
        allow_kind_change: bool,
    ) {
        if !patch.is_map() {
            self.error(
                "kustomize/invalid-patch",
                "a strategic-merge patch is an object (a mapping)".to_owned(),
                patch.origin.unwrap_or(origin),
            );
            return;
        }
        let selected: Vec<usize> = match target {
            Some(selector) => (0..acc.len())
                .filter(|&at| acc.get(at).is_some_and(|r| selector.matches(r)))
                .collect(),
            None => {
                let probe = Resource::new(patch.clone(), origin.file);
                let id = probe.id();
                let matching: Vec<usize> = (0..acc.len())
                    .filter(|&at| {
                        acc.get(at).is_some_and(|r| {
                            (id.gvk.group.is_empty() || r.gvk().group == id.gvk.group)
                                && r.ids().any(|(kind, name, namespace)| {
                                    kind == id.gvk.kind
                                        && name == id.name
                                        && (id.namespace.is_empty()
                                            || namespace == id.namespace
                                            || (namespace.is_empty() && id.namespace == "default"))
                                })
                        })
                    })
                    .collect();
                // An object of exactly the patch's apiVersion is the one patched, when there is
                // one (`v1alpha1` does not patch `example.com/v1alpha1` beside a `v1alpha1`).
                let exact: Vec<usize> = matching
                    .iter()
                    .copied()
                    .filter(|&at| {
                        acc.get(at)
                            .is_some_and(|r| r.gvk().api_version() == id.gvk.api_version())
                    })
                    .collect();
                if exact.is_empty() { matching } else { exact }
            }
        };
        if selected.is_empty() {
            let (rule, severity, message) = match target {
                Some(_) => (
                    "kustomize/patch-target-matches-nothing",
                    Severity::Warning,
                    "this patch's `target` selects no resource: kustomize skips it silently, so it changes nothing".to_owned(),
                ),
                None => (
                    "kustomize/patch-matches-no-resource",
                    Severity::Error,
                    format!(
                        "no resource matches this strategic-merge patch (`{} {}`): kustomize fails the build",
                        patch.get_str("kind").unwrap_or("?"),
                        patch
                            .get_path(&["metadata", "name"])
                            .and_then(Node::as_str)
                            .unwrap_or("?")
                    ),
                ),
            };
            self.findings.push(Finding {
                rule,
                severity,
                message,
                origin: patch
                    .get_path(&["metadata", "name"])
                    .and_then(|n| n.origin)
                    .unwrap_or(origin),
                fix: None,
            });
            return;
        }
        if target.is_none() && selected.len() > 1 {
            // kustomize demands exactly one object with the patch's id (any current or earlier
            // one); several (a base included twice, say) is an error.
            self.error(
                "kustomize/invalid-patch",
                format!(
                    "{} resources match this strategic-merge patch (`{} {}`): kustomize needs exactly one (\"multiple matches for Id\"); give the patch a `target` or tell the objects apart",
                    selected.len(),
                    patch.get_str("kind").unwrap_or("?"),
                    patch
                        .get_path(&["metadata", "name"])
                        .and_then(Node::as_str)
                        .unwrap_or("?")
                ),
                patch
                    .get_path(&["metadata", "name"])
                    .and_then(|n| n.origin)
                    .unwrap_or(origin),
            );
            return;
        }
        if patch::is_delete_patch(patch) {
            let mut at = 0;
            acc.retain(|_| {
                let keep = !selected.contains(&at);
                at += 1;
                keep
            });
            return;
        }
        for at in selected {
            let Some(resource) = acc.get_mut(at) else {
                continue;
            };
            let before = Identity::of(resource);
            let mut patch = patch.clone();
            if target.is_some() {
                // A targeted patch applies to each selected resource whatever it names.
                retarget(&mut patch);
            }
            if let Err(error) = patch::strategic_merge_with(
                &mut resource.node,
                &patch,
                &before.gvk,
                self.openapi_state.custom.as_ref(),
            ) {
                self.error(
                    "kustomize/invalid-patch",
                    error.message,
                    error.origin.unwrap_or(origin),
                );
                continue;
            }
            if resource.node.is_null() || resource.node.entries().is_some_and(<[_]>::is_empty) {
                continue;
            }
            let allow = Allow::Changes {
                name: allow_name_change,
                kind: allow_kind_change,
            };
            settle_identity(resource, before, allow);
        }
    }

    pub(super) fn apply_json6902(
        &mut self,
        acc: &mut [Resource],
        target: &Selector,
        ops: Option<&Node>,
        origin: Origin,
    ) {
        let Some(ops) = ops else {
            return;
        };
        let mut matched = false;
        for resource in acc.iter_mut().filter(|r| target.matches(r)) {
            matched = true;
            let before = Identity::of(resource);
            if let Err(error) = patch::json6902(&mut resource.node, ops) {
                self.error(
                    "kustomize/invalid-patch",
                    error.message,
                    error.origin.unwrap_or(origin),
                );
                continue;
            }
            settle_identity(resource, before, Allow::Everything);
        }
        if !matched {
            self.findings.push(Finding {
                rule: "kustomize/patch-target-matches-nothing",
                severity: Severity::Warning,
                message: "this patch's `target` selects no resource: kustomize skips it silently, so it changes nothing".to_owned(),
                origin,
                fix: None,
            });
        }
    }
}

/// Gives a targeted strategic-merge patch the identity kustomize gives its copy for each selected
/// object (`ApplySmPatch` of the resource map): the object's apiVersion, the patch's own kind and
/// name (they rename the object only when the patch allows it), no namespace.
fn retarget(patch: &mut Node) {
    patch.remove("apiVersion");
    if let Some(metadata) = patch.get_mut("metadata") {
        metadata.remove("namespace");
    }
}

/// What names an object before a patch: its kind, name and namespace as written (with their
/// origins, so that what the patch may not change is put back as it was).
struct Identity {
    gvk: crate::Gvk,
    kind: Option<Node>,
    name: Option<Node>,
    namespace: Option<Node>,
}

impl Identity {
    fn of(resource: &Resource) -> Identity {
        let metadata = |key: &str| resource.node.get_path(&["metadata", key]).cloned();
        Identity {
            gvk: resource.gvk(),
            kind: resource.node.get("kind").cloned(),
            name: metadata("name"),
            namespace: metadata("namespace"),
        }
    }
}

/// Puts `value` back at `key` of `node`, or removes the key when there was none.
fn restore(node: &mut Node, key: &str, value: Option<Node>) {
    match value {
        Some(value) => node.set(key, value),
        None => {
            node.remove(key);
        }
    }
}

/// What a patch may change of the identity of what it patches.
#[derive(Clone, Copy)]
enum Allow {
    /// A JSON 6902 patch: anything (kustomize keeps whatever it did).
    Everything,
    /// A strategic-merge patch: the name or the kind when its options say so; never the
    /// namespace.
    Changes { name: bool, kind: bool },
}

/// After a patch (kustomize's `Resource.ApplySmPatch`): the namespace is put back; a changed
/// name or kind is kept only when the patch allows it, and then remembered so that later patches
/// and references find the object by its earlier id too.
fn settle_identity(resource: &mut Resource, before: Identity, allow: Allow) {
    let (allow_name, allow_kind) = match allow {
        Allow::Everything => (true, true),
        Allow::Changes { name, kind } => (name, kind),
    };
    let new_name = resource.name().to_owned();
    let new_name_origin = resource
        .node
        .get_path(&["metadata", "name"])
        .and_then(|n| n.origin);
    let new_kind = resource.node.get("kind").cloned();
    let old_name = before
        .name
        .as_ref()
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_owned();
    if new_name != old_name
        && let Some(metadata) = resource.node.map_at("metadata", None)
    {
        restore(metadata, "name", before.name);
    }
    if matches!(allow, Allow::Changes { .. })
        && let Some(metadata) = resource.node.map_at("metadata", None)
    {
        restore(metadata, "namespace", before.namespace);
    }
    let kind_changed = new_kind.as_ref().and_then(Node::as_str) != Some(before.gvk.kind.as_str());
    restore(&mut resource.node, "kind", before.kind);
    let name = (allow_name && new_name != old_name).then_some((new_name, new_name_origin));
    let kind = new_kind.filter(|_| allow_kind && kind_changed);
    resource.change_identity(name, kind);
}
