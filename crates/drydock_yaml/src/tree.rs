//! The YAML document model: an arena of nodes, each with the exact byte range of its text.
//!
//! Aliases are not copied: an alias is the id of the node its anchor names, so the tree is a DAG
//! and an alias bomb costs nothing to hold (its expansion is bounded in `build`).

use drydock_base::text::TextRange;

/// Index of a node in its [`Document`]'s arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// What a scalar means once resolved as Kubernetes reads YAML: the YAML 1.2 core schema (so
/// `yes`, `on` and `y` are strings), except that a leading-zero integer such as `0777` is octal,
/// as in the go-yaml decoder Kubernetes uses (it is what `defaultMode: 0644` means to everyone).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    Null,
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A float, or an integer too large for `i64`.
    Float(f64),
    String,
}

impl ScalarKind {
    /// The JSON type name, as schemas and messages use it.
    pub const fn type_name(self) -> &'static str {
        match self {
            ScalarKind::Null => "null",
            ScalarKind::Bool(_) => "boolean",
            ScalarKind::Int(_) => "integer",
            ScalarKind::Float(_) => "number",
            ScalarKind::String => "string",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The value after unquoting, escapes and folding.
    pub value: String,
    pub style: ScalarStyle,
    pub kind: ScalarKind,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
    /// True when the pair came from a merge key (`<<: *base`); its ranges are in the anchor.
    pub merged: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<NodeId>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node's text, without its anchor or tag. A block collection spans from its first key or
    /// `-` to the end of its last value; a flow collection includes its brackets.
    pub range: TextRange,
    pub value: Value,
}

/// One document of a stream, with everything that went wrong in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The document's slice of the stream, including its `---` line.
    pub range: TextRange,
    pub nodes: Vec<Node>,
    /// The root node; `None` for a document with no content (only comments, or nothing).
    pub root: Option<NodeId>,
    pub errors: Vec<YamlError>,
    /// Nodes with a local tag (`!reset`, `!override`), with the tag's name (`reset`), in order.
    pub tags: Vec<(NodeId, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not YAML: the parser stopped here; the document's tree is incomplete.
    Syntax,
    /// A mapping defines the same key twice.
    DuplicateKey,
    /// Aliases would expand the document beyond the limit (an alias bomb).
    AliasLimit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub kind: ErrorKind,
    pub range: TextRange,
    pub message: String,
    /// A secondary range, e.g. where a duplicated key was first defined.
    pub label: Option<(TextRange, String)>,
}

/// A parsed stream: its documents, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
}

impl Stream {
    pub fn errors(&self) -> impl Iterator<Item = &YamlError> {
        self.documents.iter().flat_map(|d| d.errors.iter())
    }
}

impl Document {
    /// The local tag of a node (`reset` for `!reset`), if it has one.
    pub fn local_tag(&self, id: NodeId) -> Option<&str> {
        self.tags
            .iter()
            .find(|(node, _)| *node == id)
            .map(|(_, tag)| tag.as_str())
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    /// True for a document with no content: nothing but comments, or a bare `---`.
    pub fn is_empty(&self) -> bool {
        match self.root.and_then(|root| self.node(root)) {
            None => true,
            Some(node) => {
                node.range.is_empty()
                    && matches!(&node.value, Value::Scalar(s) if s.kind == ScalarKind::Null)
            }
        }
    }

    /// True when the parser reached the end of the document (its tree is complete).
    pub fn is_complete(&self) -> bool {
        !self
            .errors
            .iter()
            .any(|e| matches!(e.kind, ErrorKind::Syntax | ErrorKind::AliasLimit))
    }

    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.node(id)?.value {
            Value::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    pub fn entries(&self, id: NodeId) -> Option<&[Entry]> {
        match &self.node(id)?.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id)?.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The scalar text of a mapping key (`None` for a complex key).
    pub fn key_str(&self, entry: &Entry) -> Option<&str> {
        self.scalar(entry.key).map(|s| s.value.as_str())
    }

    /// The entry of mapping `id` whose key is `key`.
    pub fn get(&self, id: NodeId, key: &str) -> Option<&Entry> {
        self.entries(id)?
            .iter()
            .find(|entry| self.key_str(entry) == Some(key))
    }

    /// The string value of `key` in mapping `id`, if it is a string scalar.
    pub fn get_str(&self, id: NodeId, key: &str) -> Option<&str> {
        let entry = self.get(id, key)?;
        let scalar = self.scalar(entry.value)?;
        (scalar.kind == ScalarKind::String).then_some(scalar.value.as_str())
    }

    pub fn range(&self, id: NodeId) -> TextRange {
        self.node(id).map_or(self.range, |node| node.range)
    }
}
