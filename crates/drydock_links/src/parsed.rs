//! A workspace's Kubernetes files and Dockerfiles, parsed once for the relation graph, the
//! Dockerfile links and the cross-file rules.

use std::borrow::Cow;

use drydock_base::workspace::{FileKind, Workspace};
use drydock_dockerfile::{Dockerfile, Semantic};
use drydock_k8s::object::Object;
use drydock_yaml::Stream;

use crate::dockerfile_link::DockerfileFacts;

/// What a caller already has of a Dockerfile: its tree and semantic layer, or only its facts.
#[derive(Debug, Clone, Copy)]
pub enum DockerfileParse<'w> {
    Tree(&'w Dockerfile, &'w Semantic),
    Facts(&'w DockerfileFacts),
}

/// A workspace's Kubernetes files, parsed once for the graph and the cross-file rules, and its
/// Dockerfiles.
pub struct ParsedWorkspace<'w> {
    pub workspace: &'w Workspace,
    /// `(file index, stream)` for every Kubernetes file: borrowed from the caller
    /// ([`ParsedWorkspace::from_parts`]) or parsed here ([`ParsedWorkspace::new`]).
    pub streams: Vec<(usize, Cow<'w, Stream>)>,
    /// Every Dockerfile's file index, with its parse when the caller has one.
    dockerfiles: Vec<(usize, Option<DockerfileParse<'w>>)>,
}

impl<'w> ParsedWorkspace<'w> {
    /// Parses the Kubernetes files of `workspace` (its Dockerfiles when their facts are asked).
    pub fn new(workspace: &'w Workspace) -> Self {
        let mut streams = Vec::new();
        let mut dockerfiles = Vec::new();
        for (i, f) in workspace.files.iter().enumerate() {
            match FileKind::detect(&f.name, &f.text) {
                FileKind::Kubernetes => streams.push((i, Cow::Owned(drydock_yaml::parse(&f.text)))),
                FileKind::Dockerfile => dockerfiles.push((i, None)),
                FileKind::Yaml
                | FileKind::Kustomization
                | FileKind::Compose
                | FileKind::Env
                | FileKind::HelmTemplate
                | FileKind::Other => {}
            }
        }
        ParsedWorkspace {
            workspace,
            streams,
            dockerfiles,
        }
    }

    /// The workspace of files the caller has already parsed: `streams` are its Kubernetes files'
    /// documents and `dockerfiles` its Dockerfiles (each with what the caller has of it), by file
    /// index. Nothing is parsed again.
    pub fn from_parts(
        workspace: &'w Workspace,
        streams: Vec<(usize, &'w Stream)>,
        dockerfiles: Vec<(usize, Option<DockerfileParse<'w>>)>,
    ) -> Self {
        ParsedWorkspace {
            workspace,
            streams: streams
                .into_iter()
                .map(|(i, stream)| (i, Cow::Borrowed(stream)))
                .collect(),
            dockerfiles,
        }
    }

    /// Every object with its file index, in the order of the relation graph's nodes.
    pub fn objects(&self) -> Vec<(usize, Object<'_>)> {
        drydock_k8s::relations::objects_of(&self.streams)
    }

    /// What the final stage of every Dockerfile declares, in workspace order.
    pub fn dockerfile_facts(&self) -> Vec<DockerfileFacts> {
        self.dockerfiles
            .iter()
            .filter_map(|&(i, parsed)| {
                let file = self.workspace.files.get(i)?;
                Some(match parsed {
                    Some(DockerfileParse::Tree(tree, semantic)) => {
                        crate::dockerfile_link::facts_of(i, &file.name, &file.text, tree, semantic)
                    }
                    Some(DockerfileParse::Facts(facts)) => DockerfileFacts {
                        file: i,
                        path: file.name.clone(),
                        ..facts.clone()
                    },
                    None => crate::dockerfile_link::facts(i, &file.name, &file.text),
                })
            })
            .collect()
    }
}
