//! YAML for manifests: every key and value with its exact byte range.
//!
//! saphyr-parser (YAML 1.2, events with positions) does the scanning; [`parse`] builds an arena
//! tree from its events per document, with aliases shared rather than copied, merge keys resolved,
//! duplicate keys and alias bombs reported, and scalars resolved as Kubernetes reads them.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod build;
pub mod cursor;
mod fast;
pub mod owned;
pub mod rules;
mod scalar;
mod stream;
mod tree;

#[cfg(test)]
mod tests;

pub use build::ALIAS_EXPANSION_LIMIT;
pub use scalar::resolve;
pub use stream::{DocumentSlice, parse, parse_reference, split_documents};
pub use tree::{
    Document, Entry, ErrorKind, Node, NodeId, Scalar, ScalarKind, ScalarStyle, Stream, Value,
    YamlError,
};
