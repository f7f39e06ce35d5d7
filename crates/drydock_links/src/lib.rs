//! What Drydock sees across files: a workspace's Kubernetes files and Dockerfiles parsed once
//! ([`parsed`]), the link from a container's image to the Dockerfile that builds it
//! ([`dockerfile_link`]), the cross-file rules over the relation graph ([`rules`]), and a Compose
//! service's build against the Dockerfile it builds ([`compose_build`]).
//!
//! This is the one crate that knows Dockerfiles with Kubernetes or Compose; the language crates
//! do not know each other. No platform dependency.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod compose_build;
pub mod dockerfile_link;
pub mod navigate;
pub mod parsed;
pub mod rules;

pub use dockerfile_link::{DockerfileFacts, Dockerfiles};
pub use parsed::{DockerfileParse, ParsedWorkspace};
