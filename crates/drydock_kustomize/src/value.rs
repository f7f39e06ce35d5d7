//! The value tree kustomize transforms: drydock_yaml's owned tree, whose every node keeps its
//! origin (the base file's line, the patch's line, or the kustomization line of the transformer
//! that set it).

pub use drydock_yaml::owned::{Entry, FileId, Node, Origin, Scalar, Value};
