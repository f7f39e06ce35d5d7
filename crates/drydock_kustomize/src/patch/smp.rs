//! Strategic merge patches, as kustomize applies them: kyaml's `merge2.Merge` with the patch as
//! the source, the resource as the destination, and new list elements put first
//! (`ListIncreaseDirection: Prepend`).
//!
//! What kyaml honours, and so what this honours: maps merged key by key; a null in the patch
//! removes the key; `$patch: delete|replace|merge` on a map, on a list element, and as a list
//! element of its own; lists merged by key only where the schema says so (see [`merge_keys`]),
//! every other list replaced. `$retainKeys`, `$setElementOrder/…` and
//! `$deleteFromPrimitiveList/…` mean nothing to kyaml: they are merged as ordinary keys.

use super::merge_keys::{self, Field};
use super::openapi::{CustomSchema, Resolved};
use super::{MAX_DEPTH, PatchError};
use crate::resource::Gvk;
use crate::value::{Entry, Node, Value};
use std::collections::{HashMap, HashSet};

type Fields = &'static [(&'static str, Field)];

/// What the schema says about the value being merged.
#[derive(Debug, Clone, Copy)]
enum Schema<'a> {
    /// Nothing: maps are still merged key by key, lists are replaced.
    Unknown,
    Object(Fields),
    /// A list merged by these keys (none: a set of scalars), with its elements' fields.
    List(&'static [&'static str], Option<Fields>),
    /// A schema of a custom OpenAPI document.
    Custom(&'a CustomSchema, usize),
}

impl<'a> Schema<'a> {
    fn resolved(custom: &'a CustomSchema, found: Option<Resolved>) -> Schema<'a> {
        match found {
            Some(Resolved::Custom(id)) => Schema::Custom(custom, id),
            Some(Resolved::Builtin(fields)) => Schema::Object(fields),
            None => Schema::Unknown,
        }
    }

    fn field(self, key: &str) -> Schema<'a> {
        if let Schema::Custom(custom, id) = self {
            return Schema::resolved(custom, custom.field(id, key));
        }
        let Schema::Object(fields) = self else {
            return Schema::Unknown;
        };
        match fields.iter().find(|(name, _)| *name == key) {
            Some((_, Field::Object(ty))) => {
                merge_keys::object(ty).map_or(Schema::Unknown, Schema::Object)
            }
            Some((_, Field::Merge(keys, element))) => {
                Schema::List(keys, element.and_then(merge_keys::object))
            }
            None => Schema::Unknown,
        }
    }

    fn element(self) -> Schema<'a> {
        match self {
            Schema::List(_, Some(fields)) => Schema::Object(fields),
            Schema::Custom(custom, id) => Schema::resolved(custom, custom.element(id)),
            _ => Schema::Unknown,
        }
    }
}

/// Applies a strategic merge patch to `target`, an object of kind `gvk` (whose built-in schema
/// says which lists merge by key). A patch that deletes the object (see
/// [`super::is_delete_patch`]) leaves an empty map, which is how kustomize tells a deleted
/// resource. On error `target` is left as it was.
///
/// Kustomize then puts back the target's kind, name and namespace unless the patch allowed them
/// to change; that is the builder's part.
pub fn strategic_merge(target: &mut Node, patch: &Node, gvk: &Gvk) -> Result<(), PatchError> {
    strategic_merge_with(target, patch, gvk, None)
}

/// [`strategic_merge`] with a custom OpenAPI schema (a kustomization's `openapi:`), whose
/// resource types take precedence over the built-in table.
pub fn strategic_merge_with(
    target: &mut Node,
    patch: &Node,
    gvk: &Gvk,
    custom: Option<&CustomSchema>,
) -> Result<(), PatchError> {
    let api_version = gvk.api_version();
    let schema = match custom.and_then(|c| Some((c, c.resource(&api_version, &gvk.kind)?))) {
        Some((custom, found)) => Schema::resolved(custom, Some(found)),
        None => {
            merge_keys::resource(&api_version, &gvk.kind).map_or(Schema::Unknown, Schema::Object)
        }
    };
    let origin = target.origin;
    // A clone, so that a failed patch leaves the target untouched.
    let merged = merge(Some(target.clone()), Some(patch), schema, 0)?;
    *target = merged.unwrap_or_else(|| Node::map(origin));
    Ok(())
}

fn merge(
    dest: Option<Node>,
    patch: Option<&Node>,
    schema: Schema<'_>,
    depth: usize,
) -> Result<Option<Node>, PatchError> {
    let Some(patch) = patch else {
        return Ok(dest.and_then(|dest| untouched(dest, depth)));
    };
    if depth > MAX_DEPTH {
        return Err(PatchError::new(
            "strategic merge patch is nested too deeply",
            patch.origin,
        ));
    }
    let dest = dest.filter(|dest| !dest.is_null());
    // kyaml takes the kind of the first of (destination, patch) that is not null.
    let kind = dest
        .as_ref()
        .or((!patch.is_null()).then_some(patch))
        .map(kind_name);
    if let Some(kind) = kind.filter(|&kind| !patch.is_null() && kind_name(patch) != kind) {
        return Err(PatchError::new(
            format!(
                "wrong node kind: expected {kind} but got {}",
                kind_name(patch)
            ),
            patch.origin,
        ));
    }
    match dest.as_ref().map(|dest| &dest.value).or(Some(&patch.value)) {
        Some(Value::Seq(_)) => merge_list(dest, patch, schema, depth),
        Some(Value::Scalar(_)) if !patch.is_null() || dest.is_some() => {
            // A value the patch repeats unchanged (a merge key, say) stays where it was first
            // written: a finding about it belongs to the base, not to every patch that names it.
            Ok((!patch.is_null()).then(|| match dest {
                Some(dest) if dest.same_value(patch) => dest,
                _ => patch.clone(),
            }))
        }
        _ => merge_map(dest, patch, schema, depth),
    }
}

fn kind_name(node: &Node) -> &'static str {
    match node.value {
        Value::Scalar(_) => "ScalarNode",
        Value::Map(_) => "MappingNode",
        Value::Seq(_) => "SequenceNode",
    }
}

/// What kyaml's walk does to a destination value the patch does not mention: it keeps it, except
/// that a key written with no value at all (`key:`) disappears (a written `null` or `~` stays).
fn untouched(dest: Node, depth: usize) -> Option<Node> {
    match dest.value {
        Value::Scalar(ref scalar) if scalar.is_null() && scalar.text.is_empty() => None,
        Value::Map(entries) if depth <= MAX_DEPTH => {
            let entries = entries
                .into_iter()
                .filter_map(|entry| {
                    let value = untouched(entry.value, depth + 1)?;
                    Some(Entry { value, ..entry })
                })
                .collect();
            Some(Node::new(Value::Map(entries), dest.origin))
        }
        _ => Some(dest),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Merge,
    Replace,
    Delete,
}

const DIRECTIVE: &str = "$patch";

fn directive(value: &Node) -> Result<Directive, PatchError> {
    let text = value.as_scalar().map_or("", |scalar| scalar.text.as_str());
    match text {
        "delete" => Ok(Directive::Delete),
        "replace" => Ok(Directive::Replace),
        "merge" => Ok(Directive::Merge),
        _ => Err(PatchError::new(
            format!("unknown patch strategy '{text}'"),
            value.origin,
        )),
    }
}

fn map_directive(patch: &Node) -> Result<Directive, PatchError> {
    patch.get(DIRECTIVE).map_or(Ok(Directive::Merge), directive)
}

fn merge_map(
    dest: Option<Node>,
    patch: &Node,
    schema: Schema<'_>,
    depth: usize,
) -> Result<Option<Node>, PatchError> {
    if patch.is_null() {
        return Ok(None);
    }
    let Some(dest) = dest else {
        // A new map: kyaml ignores a bad directive here, and walks the patch against itself,
        // which drops its nulls and deleted elements.
        if map_directive(patch).unwrap_or(Directive::Merge) == Directive::Delete {
            return Ok(None);
        }
        return merge_fields(patch.clone(), patch, schema, depth).map(Some);
    };
    match map_directive(patch)? {
        Directive::Delete => Ok(None),
        Directive::Replace => merge_fields(patch.clone(), patch, schema, depth).map(Some),
        Directive::Merge => merge_fields(dest, patch, schema, depth).map(Some),
    }
}

fn merge_fields(
    dest: Node,
    patch: &Node,
    schema: Schema<'_>,
    depth: usize,
) -> Result<Node, PatchError> {
    let origin = dest.origin;
    let mut entries = match dest.value {
        Value::Map(entries) => entries,
        other => return Ok(Node::new(other, origin)),
    };
    entries.retain(|entry| entry.key != DIRECTIVE);
    let index: HashMap<&str, usize> = HashMap::new();
    let mut index = index;
    let keys: Vec<String> = entries.iter().map(|entry| entry.key.clone()).collect();
    for (at, key) in keys.iter().enumerate() {
        index.entry(key.as_str()).or_insert(at);
    }
    let mut patch_entries: Vec<&Entry> = patch
        .entries()
        .unwrap_or_default()
        .iter()
        .filter(|entry| entry.key != DIRECTIVE)
        .collect();
    // kyaml visits fields in sorted order, so new keys are appended in that order.
    patch_entries.sort_by(|a, b| a.key.cmp(&b.key));
    let mut touched = vec![false; entries.len()];
    let mut removed = vec![false; entries.len()];
    let mut added = Vec::new();
    for entry in patch_entries {
        let field = schema.field(&entry.key);
        match index.get(entry.key.as_str()) {
            Some(&at) => {
                let (Some(slot), Some(touched), Some(removed)) = (
                    entries.get_mut(at),
                    touched.get_mut(at),
                    removed.get_mut(at),
                ) else {
                    continue;
                };
                *touched = true;
                let old = std::mem::replace(&mut slot.value, Node::null(None));
                match merge(Some(old), Some(&entry.value), field, depth + 1)? {
                    Some(value) => slot.value = value,
                    None => *removed = true,
                }
            }
            None => {
                if let Some(value) = merge(None, Some(&entry.value), field, depth + 1)? {
                    added.push(Entry {
                        key: entry.key.clone(),
                        key_origin: entry.key_origin,
                        value,
                    });
                }
            }
        }
    }
    let mut out = Vec::with_capacity(entries.len() + added.len());
    for ((entry, touched), removed) in entries.into_iter().zip(touched).zip(removed) {
        if removed {
            continue;
        }
        if touched {
            out.push(entry);
        } else if let Some(value) = untouched(entry.value, depth + 1) {
            out.push(Entry { value, ..entry });
        }
    }
    out.extend(added);
    Ok(Node::new(Value::Map(out), origin))
}

/// The `$patch` element of a patch list: the first element with a `$patch` key, and only when
/// that is its only key (otherwise it is about that element). kyaml then removes every element
/// with the same `$patch` value, and every null or empty element, from the patch.
fn list_directive(items: &[Node]) -> Result<(Directive, Vec<&Node>), PatchError> {
    let Some(element) = items.iter().find(|item| item.get(DIRECTIVE).is_some()) else {
        return Ok((Directive::Merge, items.iter().collect()));
    };
    let (Some(value), Some(1)) = (element.get(DIRECTIVE), element.entries().map(<[_]>::len)) else {
        return Ok((Directive::Merge, items.iter().collect()));
    };
    let found = directive(value)?;
    let text = value.as_scalar().map(|scalar| scalar.text.as_str());
    let kept = items
        .iter()
        .filter(|item| !item.is_null() && !is_empty_map(item))
        .filter(|item| {
            item.get(DIRECTIVE)
                .and_then(Node::as_scalar)
                .map(|scalar| scalar.text.as_str())
                != text
        })
        .collect();
    Ok((found, kept))
}

fn is_empty_map(node: &Node) -> bool {
    node.entries().is_some_and(<[Entry]>::is_empty)
}

fn merge_list(
    dest: Option<Node>,
    patch: &Node,
    schema: Schema<'_>,
    depth: usize,
) -> Result<Option<Node>, PatchError> {
    let keys: Vec<&str> = match schema {
        Schema::List(keys, _) => keys.to_vec(),
        Schema::Custom(custom, id) if let Some(keys) = custom.merge_keys(id) => {
            keys.iter().map(String::as_str).collect()
        }
        // Not associative: the patch's list, as written, replaces the destination's.
        _ => return Ok((!patch.is_null()).then(|| patch.clone())),
    };
    if patch.is_null() {
        return Ok(None);
    }
    let patch_items = patch.items().unwrap_or_default();
    let (origin, dest_items, patch_items) = match dest {
        // A new list: kyaml takes the patch and merges it with itself, without reading a list
        // directive first.
        None => (
            patch.origin,
            patch_items.to_vec(),
            patch_items.iter().collect(),
        ),
        Some(dest) => {
            let (found, kept) = list_directive(patch_items)?;
            match found {
                Directive::Delete => return Ok(None),
                Directive::Replace => {
                    let copy: Vec<Node> = kept.iter().map(|item| (*item).clone()).collect();
                    (patch.origin, copy, kept)
                }
                Directive::Merge => {
                    let origin = dest.origin;
                    let items = match dest.value {
                        Value::Seq(items) => items,
                        _ => Vec::new(),
                    };
                    (origin, items, kept)
                }
            }
        }
    };
    let items = if keys.is_empty() {
        merge_scalars(dest_items, &patch_items)
    } else {
        merge_elements(dest_items, &patch_items, &keys, schema.element(), depth)?
    };
    Ok(Some(Node::seq(items, origin)))
}

/// A list of scalars merged as a set (`finalizers`): the patch's values first, then the
/// destination's others; a value both have keeps the destination's node.
fn merge_scalars(dest: Vec<Node>, patch: &[&Node]) -> Vec<Node> {
    let text = |node: &Node| node.as_scalar().map_or(String::new(), |s| s.text.clone());
    let mut from_dest: HashMap<String, Node> = HashMap::new();
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    for node in patch {
        let value = text(node);
        if seen.insert(value.clone()) {
            order.push((value, Some(*node)));
        }
    }
    for node in dest {
        let value = text(&node);
        if seen.insert(value.clone()) {
            order.push((value.clone(), None));
        }
        from_dest.entry(value).or_insert(node);
    }
    order
        .into_iter()
        .filter_map(|(value, patch)| from_dest.remove(&value).or_else(|| patch.cloned()))
        .filter(|node| !node.is_null())
        .collect()
}

/// The values of an element's merge keys, `""` for a missing or empty one.
fn key_values(node: &Node, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|key| match node.get(key).and_then(Node::as_scalar) {
            Some(scalar) if !scalar.is_null() => scalar.text.clone(),
            _ => String::new(),
        })
        .collect()
}

/// A list of objects merged by key. Elements are matched through a hash index, so merging two
/// long lists costs time linear in their length.
fn merge_elements(
    dest: Vec<Node>,
    patch: &[&Node],
    keys: &[&str],
    element: Schema<'_>,
    depth: usize,
) -> Result<Vec<Node>, PatchError> {
    let mut patch_values: Vec<Vec<String>> =
        patch.iter().map(|node| key_values(node, keys)).collect();
    let dest_values: Vec<Vec<String>> = dest.iter().map(|node| key_values(node, keys)).collect();
    if keys.len() > 1 {
        resolve_partial_keys(&mut patch_values, &dest_values);
    }
    // kyaml drops the keys no element has a value for; with more than one key left, the
    // destination's elements end up after the new ones, in their own order.
    let used_keys = (0..keys.len())
        .filter(|&at| {
            patch_values
                .iter()
                .chain(&dest_values)
                .any(|values| values.get(at).is_some_and(|v| !v.is_empty()))
        })
        .count();
    let dest_last = used_keys > 1;

    let mut first_in_patch: HashMap<&[String], usize> = HashMap::new();
    for (at, values) in patch_values.iter().enumerate() {
        first_in_patch.entry(values.as_slice()).or_insert(at);
    }
    let mut first_in_dest: HashMap<&[String], usize> = HashMap::new();
    for (at, values) in dest_values.iter().enumerate() {
        first_in_dest.entry(values.as_slice()).or_insert(at);
    }
    let mut dest: Vec<Option<Node>> = dest.into_iter().map(Some).collect();
    // Patch keys first, then the destination's (kustomize prepends what patches add).
    let mut seen: HashSet<&[String]> = HashSet::new();
    let order: Vec<&[String]> = patch_values
        .iter()
        .chain(&dest_values)
        .map(Vec::as_slice)
        .filter(|values| seen.insert(values))
        .collect();

    let mut merged: Vec<(Option<usize>, Node)> = Vec::with_capacity(order.len());
    for values in order {
        let in_dest = first_in_dest.get(values).copied();
        let old = in_dest.and_then(|at| dest.get_mut(at).and_then(Option::take));
        let new = first_in_patch
            .get(values)
            .and_then(|&at| patch.get(at))
            .copied();
        let result = match (old, new) {
            (old, None) => old.and_then(|old| untouched(old, depth + 1)),
            // kyaml replaces the element, then puts the destination's back over it.
            (Some(old), Some(new)) if map_directive(new).ok() == Some(Directive::Replace) => {
                untouched(old, depth + 1)
            }
            (old, Some(new)) => merge(old, Some(new), element, depth + 1)?,
        };
        let Some(mut node) = result.filter(|node| !node.is_null() && !is_empty_map(node)) else {
            continue;
        };
        if node.is_map() {
            for (key, value) in keys.iter().zip(values) {
                if !value.is_empty() && node.get(key).is_none() {
                    let origin = node.origin;
                    node.set(key, Node::string(value.clone(), origin));
                }
            }
        }
        merged.push((in_dest, node));
    }
    if dest_last {
        let (mut out, mut from_dest): (Vec<_>, Vec<_>) = merged
            .into_iter()
            .partition(|(in_dest, _)| in_dest.is_none());
        from_dest.sort_by_key(|(in_dest, _)| *in_dest);
        out.extend(from_dest);
        return Ok(out.into_iter().map(|(_, node)| node).collect());
    }
    Ok(merged.into_iter().map(|(_, node)| node).collect())
}

/// With several merge keys, kyaml matches a patch element that leaves a key out (a port without
/// `protocol`) with the destination's element that agrees on the keys both have. Matches are
/// found through an index of every key subset (few keys, so few subsets), never by pairwise
/// comparison; a patch element so matched takes the destination's key values.
fn resolve_partial_keys(patch_values: &mut [Vec<String>], dest_values: &[Vec<String>]) {
    const MAX_KEYS: usize = 4;
    let width = dest_values
        .first()
        .or(patch_values.first())
        .map_or(0, Vec::len);
    if width > MAX_KEYS {
        return;
    }
    let mask_of = |values: &[String]| {
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .fold(0u32, |mask, (at, _)| mask | (1 << at))
    };
    let project = |values: &[String], mask: u32| -> Vec<String> {
        values
            .iter()
            .enumerate()
            .filter(|(at, _)| mask & (1 << at) != 0)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let exact: HashSet<&[String]> = dest_values.iter().map(Vec::as_slice).collect();
    let mut by_subset: HashMap<(u32, Vec<String>), usize> = HashMap::new();
    for (at, values) in dest_values.iter().enumerate() {
        let full = mask_of(values);
        // Every non-empty subset of the positions this element has values for.
        let mut mask = full;
        while mask != 0 {
            by_subset.entry((mask, project(values, mask))).or_insert(at);
            mask = (mask - 1) & full;
        }
    }
    let mut resolved: Vec<(usize, Vec<String>)> = Vec::new();
    for (at, values) in patch_values.iter().enumerate() {
        let mask = mask_of(values);
        if mask == 0 || exact.contains(values.as_slice()) {
            continue;
        }
        if let Some(dest) = by_subset
            .get(&(mask, project(values, mask)))
            .and_then(|&d| dest_values.get(d))
        {
            resolved.push((at, dest.clone()));
        }
    }
    for (at, values) in resolved {
        if let Some(slot) = patch_values.get_mut(at) {
            *slot = values;
        }
    }
}
