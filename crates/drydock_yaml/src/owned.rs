//! An owned, editable value tree whose every node remembers where it was written: what the
//! renderers (Kustomize, Compose's loader) transform, so that findings on what they produce are
//! reported in the files the user wrote.
//!
//! A [`Node`] is what a resource, a patch, a generated object or a loaded Compose model is made of
//! while it is being rendered. Each node remembers where its value was written ([`Origin`]: a file the user wrote
//! and a byte range in it): the base file's line for what a base says, the patch's line for what a
//! patch set, the kustomization's line for what a transformer set (a `namePrefix`, an `images`
//! entry's `newTag`, a generator). Findings on the rendered objects are reported there.

use crate::{Document, NodeId, ScalarKind, ScalarStyle};
use drydock_base::text::TextRange;

/// Index of a file among a render's sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// Where a value was written: a byte range of one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: FileId,
    pub range: TextRange,
}

/// A scalar as written: its text after unquoting, what it resolves to, and its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub kind: ScalarKind,
    pub style: ScalarStyle,
}

impl Scalar {
    /// A string scalar (plain style; the emitter quotes it if it must).
    pub fn string(text: impl Into<String>) -> Self {
        Scalar {
            text: text.into(),
            kind: ScalarKind::String,
            style: ScalarStyle::Plain,
        }
    }

    pub fn int(n: i64) -> Self {
        Scalar {
            text: n.to_string(),
            kind: ScalarKind::Int(n),
            style: ScalarStyle::Plain,
        }
    }

    pub fn bool(b: bool) -> Self {
        Scalar {
            text: if b { "true" } else { "false" }.to_owned(),
            kind: ScalarKind::Bool(b),
            style: ScalarStyle::Plain,
        }
    }

    pub fn null() -> Self {
        Scalar {
            text: "null".to_owned(),
            kind: ScalarKind::Null,
            style: ScalarStyle::Plain,
        }
    }

    pub fn is_null(&self) -> bool {
        self.kind == ScalarKind::Null
    }

    /// The text when the scalar is a string (`None` for numbers, booleans and null).
    pub fn as_str(&self) -> Option<&str> {
        (self.kind == ScalarKind::String).then_some(self.text.as_str())
    }
}

/// One `key: value` pair of a mapping. Keys are strings: Kubernetes objects have no others
/// (a non-string key is kept as its text).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Where the key was written, when it was.
    pub key_origin: Option<Origin>,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    /// Entries in their written order (kustomize sorts keys only when it prints).
    Map(Vec<Entry>),
    Seq(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where this value was written; `None` only for values nothing the user wrote produced.
    pub origin: Option<Origin>,
}

impl Node {
    pub fn new(value: Value, origin: Option<Origin>) -> Self {
        Node { value, origin }
    }

    pub fn scalar(scalar: Scalar, origin: Option<Origin>) -> Self {
        Node::new(Value::Scalar(scalar), origin)
    }

    pub fn string(text: impl Into<String>, origin: Option<Origin>) -> Self {
        Node::scalar(Scalar::string(text), origin)
    }

    pub fn null(origin: Option<Origin>) -> Self {
        Node::scalar(Scalar::null(), origin)
    }

    pub fn map(origin: Option<Origin>) -> Self {
        Node::new(Value::Map(Vec::new()), origin)
    }

    pub fn seq(items: Vec<Node>, origin: Option<Origin>) -> Self {
        Node::new(Value::Seq(items), origin)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The string value of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()?.as_str()
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn entries_mut(&mut self) -> Option<&mut Vec<Entry>> {
        match &mut self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn items_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }

    /// The entry of this mapping whose key is `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|entry| entry.key == key)
    }

    /// The value of `key` in this mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The value of the struct field `key` in this mapping as Go's JSON decoding finds it (how
    /// kustomize reads a kustomization's fields): keys match without regard to ASCII case
    /// (`fieldpath` is `fieldPath`), and of several such keys the last one wins.
    pub fn get_field(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
            .map(|entry| &entry.value)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries_mut()?
            .iter_mut()
            .find(|entry| entry.key == key)
            .map(|entry| &mut entry.value)
    }

    /// The string value of `key` in this mapping.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// The node at a path of mapping keys.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn get_path_mut(&mut self, path: &[&str]) -> Option<&mut Node> {
        let mut node = self;
        for key in path {
            node = node.get_mut(key)?;
        }
        Some(node)
    }

    /// Sets `key` to `value` in this mapping (replacing the old value in place, or appending).
    /// Does nothing when this node is not a mapping.
    pub fn set(&mut self, key: &str, value: Node) {
        let Some(entries) = self.entries_mut() else {
            return;
        };
        match entries.iter_mut().find(|entry| entry.key == key) {
            Some(entry) => entry.value = value,
            None => entries.push(Entry {
                key: key.to_owned(),
                key_origin: value.origin,
                value,
            }),
        }
    }

    /// Removes `key` from this mapping, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        let entries = self.entries_mut()?;
        let at = entries.iter().position(|entry| entry.key == key)?;
        Some(entries.remove(at).value)
    }

    /// The mapping at `key`, created (with `origin`) when absent or null. `None` when `key` holds
    /// something that is not a mapping, or this node is not a mapping.
    pub fn map_at(&mut self, key: &str, origin: Option<Origin>) -> Option<&mut Node> {
        if !self.is_map() {
            return None;
        }
        if self.get(key).is_none_or(Node::is_null) {
            self.set(key, Node::map(origin));
        }
        self.get_mut(key).filter(|node| node.is_map())
    }

    /// Sets the origin of this node and everything under it.
    pub fn set_origin_deep(&mut self, origin: Option<Origin>) {
        self.origin = origin;
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::Map(entries) => {
                for entry in entries {
                    entry.key_origin = origin;
                    entry.value.set_origin_deep(origin);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    item.set_origin_deep(origin);
                }
            }
        }
    }

    /// Structural equality of values, ignoring origins and scalar styles (`"80"` and `'80'` are
    /// equal; `80` and `"80"` are not).
    pub fn same_value(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Scalar(a), Value::Scalar(b)) => same_scalar(a, b),
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter().all(|entry| {
                        b.iter()
                            .find(|other| other.key == entry.key)
                            .is_some_and(|other| entry.value.same_value(&other.value))
                    })
            }
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_value(y))
            }
            _ => false,
        }
    }

    /// Converts one YAML document node (aliases expanded, merge keys applied as the parser
    /// resolved them) into a tree whose origins point into `file`. `budget` bounds the number of
    /// nodes built, so that an alias bomb costs no more than the limit; `None` when it runs out.
    pub fn from_yaml(
        document: &Document,
        id: NodeId,
        file: FileId,
        budget: &mut usize,
    ) -> Option<Node> {
        from_yaml(document, id, file, budget, 0)
    }
}

fn same_scalar(a: &Scalar, b: &Scalar) -> bool {
    match (a.kind, b.kind) {
        (ScalarKind::String, ScalarKind::String) => a.text == b.text,
        (ScalarKind::Null, ScalarKind::Null) => true,
        (ScalarKind::Bool(x), ScalarKind::Bool(y)) => x == y,
        (ScalarKind::Int(x), ScalarKind::Int(y)) => x == y,
        (ScalarKind::Float(x), ScalarKind::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        #[allow(clippy::cast_precision_loss)]
        (ScalarKind::Int(x), ScalarKind::Float(y)) | (ScalarKind::Float(y), ScalarKind::Int(x)) => {
            x as f64 == y
        }
        _ => false,
    }
}

/// Deeper than any real manifest; bounds recursion on adversarial input.
const MAX_DEPTH: usize = 200;

fn from_yaml(
    document: &Document,
    id: NodeId,
    file: FileId,
    budget: &mut usize,
    depth: usize,
) -> Option<Node> {
    if *budget == 0 || depth > MAX_DEPTH {
        return None;
    }
    *budget -= 1;
    let node = document.node(id)?;
    let origin = Some(Origin {
        file,
        range: node.range,
    });
    let value = match &node.value {
        crate::Value::Scalar(scalar) => Value::Scalar(Scalar {
            text: scalar.value.clone(),
            kind: scalar.kind,
            style: scalar.style,
        }),
        crate::Value::Mapping(entries) => {
            let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
            // Where each key is in `out` (a large mapping stays linear to read).
            let mut index: std::collections::HashMap<String, usize> =
                std::collections::HashMap::with_capacity(entries.len());
            for entry in entries {
                let key = match document.scalar(entry.key) {
                    Some(scalar) => scalar.value.clone(),
                    // A complex key (a mapping or a list as a key): named by where it is.
                    None => {
                        let range = document.range(entry.key);
                        format!("<key at {}..{}>", range.start, range.end)
                    }
                };
                let value = from_yaml(document, entry.value, file, budget, depth + 1)?;
                let key_origin = Some(Origin {
                    file,
                    range: document.range(entry.key),
                });
                // A duplicated key: the last one wins, as in Go's YAML decoders.
                match index.get(&key).and_then(|&at| out.get_mut(at)) {
                    Some(existing) => {
                        existing.value = value;
                        existing.key_origin = key_origin;
                    }
                    None => {
                        index.insert(key.clone(), out.len());
                        out.push(Entry {
                            key,
                            key_origin,
                            value,
                        });
                    }
                }
            }
            Value::Map(out)
        }
        crate::Value::Sequence(items) => Value::Seq(
            items
                .iter()
                .map(|&item| from_yaml(document, item, file, budget, depth + 1))
                .collect::<Option<Vec<_>>>()?,
        ),
    };
    Some(Node { value, origin })
}
