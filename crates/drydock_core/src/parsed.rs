//! A file parsed once: its kind and its tree, read by both the per-file rules
//! ([`crate::check_parsed_file`]) and the cross-file pass ([`crate::check_workspace_rules_parsed`]:
//! the relation graph, the Dockerfile links and the workspace rules).
//!
//! A [`ParsedFile`] depends only on the file's name and text (not on the settings or the other
//! files), so front ends may cache it per file and re-parse only what changed.

use crate::dockerfile::{Dockerfile, Semantic};
use crate::workspace::{FileKind, SourceFile, Workspace};
use crate::yaml::Stream;
use drydock_links::{DockerfileFacts, DockerfileParse, ParsedWorkspace};

/// One file's kind and parse.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub kind: FileKind,
    syntax: Syntax,
}

#[derive(Debug, Clone)]
enum Syntax {
    /// A Dockerfile's tree and meaning.
    Dockerfile(Box<(Dockerfile, Semantic)>),
    /// Only what the cross-file rules read of a Dockerfile ([`ParsedFile::for_workspace`]).
    DockerfileFacts(Box<DockerfileFacts>),
    /// The documents of a YAML or Kubernetes file.
    Yaml(Stream),
    /// Not ours, or kept out by [`ParsedFile::for_workspace`].
    Nothing,
}

impl ParsedFile {
    /// Detects the file's kind and parses it.
    pub fn new(file: &SourceFile) -> ParsedFile {
        let kind = FileKind::detect(&file.name, &file.text);
        let syntax = match kind {
            FileKind::Dockerfile => {
                let tree = crate::dockerfile::parse(&file.text);
                let semantic = crate::dockerfile::analyze(&file.text, &tree);
                Syntax::Dockerfile(Box::new((tree, semantic)))
            }
            FileKind::Kubernetes | FileKind::Yaml | FileKind::Kustomization | FileKind::Compose => {
                Syntax::Yaml(crate::yaml::parse(&file.text))
            }
            FileKind::Env | FileKind::HelmTemplate | FileKind::Other => Syntax::Nothing,
        };
        ParsedFile { kind, syntax }
    }

    /// The parse of a file that is not ours: a placeholder.
    pub(crate) fn nothing() -> ParsedFile {
        ParsedFile {
            kind: FileKind::Other,
            syntax: Syntax::Nothing,
        }
    }

    /// A YAML file's parse from its documents, parsed elsewhere (an incremental check's cache).
    pub(crate) fn from_stream(kind: FileKind, stream: Stream) -> ParsedFile {
        ParsedFile {
            kind,
            syntax: Syntax::Yaml(stream),
        }
    }

    /// The documents back from [`ParsedFile::from_stream`] (none for another file).
    pub(crate) fn into_stream(self) -> Stream {
        match self.syntax {
            Syntax::Yaml(stream) => stream,
            _ => Stream::default(),
        }
    }

    /// The YAML documents, for a YAML or Kubernetes file.
    pub fn stream(&self) -> Option<&Stream> {
        match &self.syntax {
            Syntax::Yaml(stream) => Some(stream),
            _ => None,
        }
    }

    /// The YAML documents of a Kubernetes file (the files the relation graph reads).
    pub fn kubernetes(&self) -> Option<&Stream> {
        self.stream().filter(|_| self.kind == FileKind::Kubernetes)
    }

    /// Whether the trees the per-file rules read are here (not dropped by
    /// [`ParsedFile::for_workspace`]).
    pub fn is_complete(&self) -> bool {
        match self.kind {
            FileKind::Dockerfile => self.dockerfile().is_some(),
            FileKind::Kubernetes | FileKind::Yaml | FileKind::Kustomization | FileKind::Compose => {
                self.stream().is_some()
            }
            FileKind::Env | FileKind::HelmTemplate | FileKind::Other => true,
        }
    }

    /// A Dockerfile's tree and semantic layer, unless [`ParsedFile::for_workspace`] dropped them.
    pub fn dockerfile(&self) -> Option<(&Dockerfile, &Semantic)> {
        match &self.syntax {
            Syntax::Dockerfile(parsed) => Some((&parsed.0, &parsed.1)),
            _ => None,
        }
    }

    /// What the cross-file rules read of a Dockerfile (its final stage's USER, EXPOSE, …), as
    /// file `index` of the workspace. `file` is the file this was parsed from.
    pub fn dockerfile_facts(&self, index: usize, file: &SourceFile) -> Option<DockerfileFacts> {
        match &self.syntax {
            Syntax::Dockerfile(parsed) => Some(drydock_links::dockerfile_link::facts_of(
                index, &file.name, &file.text, &parsed.0, &parsed.1,
            )),
            Syntax::DockerfileFacts(facts) => Some(DockerfileFacts {
                file: index,
                path: file.name.clone(),
                ..(**facts).clone()
            }),
            Syntax::Yaml(_) | Syntax::Nothing => None,
        }
    }

    /// Keeps only what the cross-file pass reads (a Kubernetes file's documents, a Dockerfile's
    /// facts) and drops the rest: for callers that hold every file of a large workspace between
    /// the per-file checks and the cross-file rules. `file` is the file this was parsed from.
    pub fn for_workspace(self, file: &SourceFile) -> ParsedFile {
        let syntax = match self.syntax {
            Syntax::Dockerfile(_) => match self.dockerfile_facts(0, file) {
                Some(facts) => Syntax::DockerfileFacts(Box::new(facts)),
                None => Syntax::Nothing,
            },
            Syntax::Yaml(stream) if self.kind == FileKind::Kubernetes => Syntax::Yaml(stream),
            Syntax::DockerfileFacts(facts) => Syntax::DockerfileFacts(facts),
            Syntax::Yaml(_) | Syntax::Nothing => Syntax::Nothing,
        };
        ParsedFile {
            kind: self.kind,
            syntax,
        }
    }

    /// What the cross-file pass reads of a Dockerfile: its tree, or the facts kept by
    /// [`ParsedFile::for_workspace`].
    pub fn dockerfile_parse(&self) -> Option<DockerfileParse<'_>> {
        match &self.syntax {
            Syntax::Dockerfile(parsed) => Some(DockerfileParse::Tree(&parsed.0, &parsed.1)),
            Syntax::DockerfileFacts(facts) => Some(DockerfileParse::Facts(facts)),
            Syntax::Yaml(_) | Syntax::Nothing => None,
        }
    }
}

/// The workspace's Kubernetes files and Dockerfiles for the cross-file pass, from files already
/// parsed (`parsed` aligned with `workspace.files`): nothing is parsed again.
pub fn parsed_workspace<'w, P: std::borrow::Borrow<ParsedFile>>(
    workspace: &'w Workspace,
    parsed: &'w [P],
) -> ParsedWorkspace<'w> {
    let mut streams = Vec::new();
    let mut dockerfiles = Vec::new();
    for (i, p) in parsed.iter().enumerate().take(workspace.files.len()) {
        let p = p.borrow();
        match p.kind {
            FileKind::Kubernetes => {
                if let Some(stream) = p.kubernetes() {
                    streams.push((i, stream));
                }
            }
            FileKind::Dockerfile => dockerfiles.push((i, p.dockerfile_parse())),
            FileKind::Yaml
            | FileKind::Kustomization
            | FileKind::Compose
            | FileKind::Env
            | FileKind::HelmTemplate
            | FileKind::Other => {}
        }
    }
    ParsedWorkspace::from_parts(workspace, streams, dockerfiles)
}

/// Every file of `workspace`, parsed.
pub fn parse_workspace(workspace: &Workspace) -> Vec<ParsedFile> {
    workspace.files.iter().map(ParsedFile::new).collect()
}

/// The CustomResourceDefinitions of parsed files (`parsed` aligned with `files`), as
/// [`crate::k8s::Crds::from_workspace`] finds them, without parsing again.
pub fn crds_of<P: std::borrow::Borrow<ParsedFile>>(
    files: &[SourceFile],
    parsed: &[P],
) -> crate::k8s::Crds {
    let mut crds = crate::k8s::Crds::new();
    for (file, parsed) in files.iter().zip(parsed) {
        if let Some(stream) = parsed.borrow().kubernetes()
            && file.text.contains("CustomResourceDefinition")
        {
            crds.add_stream(stream);
        }
    }
    crds
}
