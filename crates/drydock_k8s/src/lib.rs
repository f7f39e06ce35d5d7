//! Kubernetes manifests: the built-in schema (every kind of Kubernetes 1.25–1.37), the API
//! lifecycle from 1.16 on, custom resources from CRDs in the workspace, and a validator that
//! reports each problem on the exact key or value; the relation graph across objects, field
//! completion and hover, and the per-file Kubernetes rules. No platform dependency.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod apiserver;
pub mod assist;
pub mod crd;
pub mod ignore;
pub mod lifecycle;
pub mod manifest;
pub mod names;
pub mod object;
pub mod quantity;
pub mod relations;
pub mod rules;
pub mod schema;
pub mod validate;
pub mod version;

pub use crd::{Crds, CustomResource};
pub use manifest::{Analysis, analyze};
pub use relations::{RelationGraph, relations};
pub use schema::{Descriptions, Schema};
pub use validate::{Violation, ViolationKind};
pub use version::KubernetesVersion;
