//! What Drydock sees across files: a workspace's Kubernetes files and Dockerfiles parsed once
//! ([`parsed`]), the link from a container's image to the Dockerfile that builds it
//! ([`dockerfile_link`]), and the cross-file rules over the relation graph ([`rules`]).
//!
//! This is the one crate that knows both Dockerfiles and Kubernetes; the language crates do not
//! know each other. No platform dependency.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod dockerfile_link;
pub mod parsed;
pub mod rules;

pub use dockerfile_link::{DockerfileFacts, Dockerfiles};
pub use parsed::{DockerfileParse, ParsedWorkspace};
