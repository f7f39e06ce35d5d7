//! Which Dockerfile of the workspace builds a workload container's image, and what the final
//! stage of that Dockerfile says about running it: `USER`, `EXPOSE`, `HEALTHCHECK`, `ENTRYPOINT`
//! and `CMD`, inherited through `FROM <earlier stage>` as BuildKit does.
//!
//! A container is linked to a Dockerfile, first match wins:
//! 1. by the workspace settings' `images` map (image without tag → Dockerfile path);
//! 2. by the annotation `drydock.dev/dockerfile: <path>` on the workload or its pod template
//!    (`drydock.dev/dockerfile.<container>` for one container of several);
//! 3. by name: the image's last path segment is the Dockerfile's folder (`web/Dockerfile` builds
//!    `registry.example.com/team/web`), or its suffix (`Dockerfile.web`) — when exactly one
//!    Dockerfile matches;
//! 4. by default, when the workspace has exactly one Dockerfile and the image names no registry
//!    host (`api:dev`, not `ghcr.io/org/api`) — for regular containers only, and never for a
//!    database image (`postgres`, `redis`…), which is almost always pulled, not built.
//!
//! Paths (in the settings and the annotation) are workspace paths; the annotation's may also be
//! relative to the manifest's folder. A path naming a folder means its `Dockerfile`.

use std::collections::{BTreeMap, HashMap};

use drydock_base::text::{LineIndex, TextRange};
use drydock_dockerfile::image::ImageRef;
use drydock_dockerfile::semantic::Base;
use drydock_dockerfile::{Arguments, Keyword};
use drydock_k8s::object::{Object, at, image_name, string_map};
use drydock_k8s::relations::RelationGraph;

/// The annotation that names a workload's Dockerfile.
pub const ANNOTATION: &str = "drydock.dev/dockerfile";

/// What a Dockerfile's final stage declares, as far as the Dockerfile itself shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerfileFacts {
    /// Index of the file in [`crate::Workspace::files`].
    pub file: usize,
    pub path: String,
    /// The last `USER` in force in the final stage (its value after expansion), if any.
    pub user: Option<Instruction>,
    /// The image the final stage builds on at the root of its `FROM <stage>` chain (`None` for
    /// `scratch` or an invalid reference): its own USER, EXPOSE, CMD… are not visible here.
    pub base_image: Option<String>,
    /// The root of the chain is `scratch`.
    pub scratch: bool,
    /// Every `EXPOSE`d port of the chain.
    pub exposes: Vec<Exposed>,
    /// The last `HEALTHCHECK CMD …` (not `HEALTHCHECK NONE`), if it is in force.
    pub healthcheck: Option<Instruction>,
    pub entrypoint: Option<Command>,
    pub cmd: Option<Command>,
}

/// An instruction's value and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub value: String,
    pub range: TextRange,
    /// 1-based line, for messages that point into the Dockerfile from a manifest.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposed {
    pub port: i64,
    /// Upper-case, as Kubernetes writes it: `TCP`, `UDP`, `SCTP`.
    pub protocol: String,
    pub line: usize,
}

/// `ENTRYPOINT` or `CMD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// JSON (exec) form; shell form runs under `/bin/sh -c`.
    pub exec: bool,
    /// The exec form's elements, or the shell form's text as one element.
    pub words: Vec<String>,
    pub line: usize,
}

impl Command {
    /// As Docker would show it: `["python", "app.py"]` or `/bin/sh -c "…"`.
    pub fn display(&self) -> String {
        if self.exec {
            let quoted: Vec<String> = self.words.iter().map(|w| format!("{w:?}")).collect();
            format!("[{}]", quoted.join(", "))
        } else {
            format!("/bin/sh -c {:?}", self.words.join(" "))
        }
    }
}

/// Why a container is linked to a Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkReason {
    Settings,
    Annotation,
    Name,
    OnlyDockerfile,
}

impl LinkReason {
    /// For messages: `(linked by the settings' images map)`.
    pub const fn describe(self) -> &'static str {
        match self {
            LinkReason::Settings => "by the settings' `images` map",
            LinkReason::Annotation => "by the `drydock.dev/dockerfile` annotation",
            LinkReason::Name => "by its name",
            LinkReason::OnlyDockerfile => "as the workspace's only Dockerfile",
        }
    }
}

/// A container (by graph node and index in [`drydock_k8s::relations::ObjectNode::containers`])
/// whose image a Dockerfile of the workspace builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageLink {
    pub node: usize,
    pub container: usize,
    /// Index in [`Dockerfiles::files`].
    pub dockerfile: usize,
    pub reason: LinkReason,
}

/// The Dockerfiles of a workspace and the containers they build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfiles {
    pub files: Vec<DockerfileFacts>,
    pub links: Vec<ImageLink>,
}

impl Dockerfiles {
    /// Every link with its Dockerfile.
    pub fn linked(&self) -> impl Iterator<Item = (&ImageLink, &DockerfileFacts)> {
        self.links
            .iter()
            .filter_map(|l| self.files.get(l.dockerfile).map(|f| (l, f)))
    }
}

/// The workspace's Dockerfiles (`files`, their facts in workspace order, as
/// [`crate::ParsedWorkspace::dockerfile_facts`] gives them) and the links of the containers in
/// `graph` (whose nodes are `objects`, aligned) to them. `images` is the settings' map of image
/// name without tag → the workspace path of the Dockerfile that builds it; it wins over the
/// annotation and the names.
pub fn link(
    files: Vec<DockerfileFacts>,
    images: &BTreeMap<String, String>,
    graph: &RelationGraph,
    objects: &[(usize, Object<'_>)],
) -> Dockerfiles {
    let mut links = Vec::new();
    if files.is_empty() {
        return Dockerfiles { files, links };
    }
    // Lookups by path and by the name a Dockerfile's image is likely given, so that linking a
    // container looks at its candidates only.
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut by_built_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        by_path.entry(normalize(&f.path)).or_insert(i);
        for name in built_names(&f.path) {
            let dockerfiles = by_built_name.entry(name).or_default();
            if dockerfiles.last() != Some(&i) {
                dockerfiles.push(i);
            }
        }
    }
    let find_path = |path: &str, relative_to: &str| -> Option<usize> {
        let mut candidates = vec![normalize(path)];
        if let Some((dir, _)) = relative_to.rsplit_once('/') {
            candidates.push(normalize(&format!("{dir}/{path}")));
        }
        candidates.iter().find_map(|c| {
            let folder = format!("{}/Dockerfile", c.trim_end_matches('/'));
            // The first file that is either.
            [by_path.get(c), by_path.get(&folder)]
                .into_iter()
                .flatten()
                .min()
                .copied()
        })
    };
    for (index, node) in graph.nodes.iter().enumerate() {
        let object = objects.get(index).map(|(_, o)| o);
        let annotations = object.map(annotations).unwrap_or_default();
        let regular = node
            .containers
            .iter()
            .filter(|c| c.list == drydock_k8s::object::ContainerList::Containers)
            .count();
        for (position, container) in node.containers.iter().enumerate() {
            let Some(image) = container.image.as_deref() else {
                continue;
            };
            let is_regular = container.list == drydock_k8s::object::ContainerList::Containers;
            let by_settings = images.iter().find_map(|(name, path)| {
                (without_tag(name) == without_tag(image))
                    .then(|| find_path(path, ""))
                    .flatten()
            });
            let by_annotation = || {
                let own = format!("{ANNOTATION}.{}", container.name);
                annotations
                    .iter()
                    .find(|(k, _)| *k == own)
                    .or_else(|| {
                        (is_regular && regular == 1)
                            .then(|| annotations.iter().find(|(k, _)| *k == ANNOTATION))
                            .flatten()
                    })
                    .and_then(|(_, path)| find_path(path, &node.path))
            };
            let by_name = || {
                let name = image_name(image).to_ascii_lowercase();
                match by_built_name.get(&name).map(Vec::as_slice) {
                    Some([only]) => Some(*only),
                    _ => None,
                }
            };
            let by_default = || {
                let registry = ImageRef::parse(image).ok().and_then(|r| r.registry);
                (files.len() == 1
                    && is_regular
                    && registry.is_none()
                    && drydock_k8s::object::database_image(image).is_none())
                .then_some(0)
            };
            let found = by_settings
                .map(|d| (d, LinkReason::Settings))
                .or_else(|| by_annotation().map(|d| (d, LinkReason::Annotation)))
                .or_else(|| by_name().map(|d| (d, LinkReason::Name)))
                .or_else(|| by_default().map(|d| (d, LinkReason::OnlyDockerfile)));
            if let Some((dockerfile, reason)) = found {
                links.push(ImageLink {
                    node: index,
                    container: position,
                    dockerfile,
                    reason,
                });
            }
        }
    }
    Dockerfiles { files, links }
}

/// The annotations of a workload and of its pod template.
fn annotations<'d>(object: &Object<'d>) -> Vec<(&'d str, &'d str)> {
    let mut out: Vec<(&str, &str)> = object
        .annotations()
        .into_iter()
        .map(|(k, v, _, _)| (k, v))
        .collect();
    if let Some(metadata) = object.pod_template().and_then(|t| t.metadata)
        && object.kind != "Pod"
    {
        out.extend(
            string_map(object.doc, at(object.doc, metadata, &["annotations"]))
                .into_iter()
                .map(|(k, v, _, _)| (k, v)),
        );
    }
    out
}

/// `./a/../b//Dockerfile` → `b/Dockerfile`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// An image reference without its tag and digest (a registry port stays).
pub fn without_tag(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rfind(':') {
        Some(colon) if image.get(colon..).is_some_and(|rest| !rest.contains('/')) => {
            image.get(..colon).unwrap_or(image)
        }
        _ => image,
    }
}

/// What the image a Dockerfile builds is likely called: its folder (`web/Dockerfile`), or its
/// suffix or prefix (`Dockerfile.web`, `web.dockerfile`), lower-cased.
fn built_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut parts = path.rsplit(['/', '\\']);
    let base = parts.next().unwrap_or(path).to_ascii_lowercase();
    if let Some(folder) = parts.next().filter(|d| !d.is_empty() && *d != ".") {
        names.push(folder.to_ascii_lowercase());
    }
    for prefix in ["dockerfile.", "containerfile."] {
        if let Some(rest) = base.strip_prefix(prefix) {
            names.push(rest.to_owned());
        }
    }
    for suffix in [".dockerfile", ".containerfile"] {
        if let Some(rest) = base.strip_suffix(suffix) {
            names.push(rest.to_owned());
        }
    }
    names
}

/// What the final stage of the Dockerfile `text` declares.
pub fn facts(file: usize, path: &str, text: &str) -> DockerfileFacts {
    let tree = drydock_dockerfile::parse(text);
    let semantic = drydock_dockerfile::analyze(text, &tree);
    facts_of(file, path, text, &tree, &semantic)
}

/// [`facts`] of an already parsed Dockerfile.
pub fn facts_of(
    file: usize,
    path: &str,
    text: &str,
    tree: &drydock_dockerfile::Dockerfile,
    semantic: &drydock_dockerfile::Semantic,
) -> DockerfileFacts {
    let lines = LineIndex::new(text);
    let line = |range: TextRange| lines.line_of(range.start) + 1;
    let mut facts = DockerfileFacts {
        file,
        path: path.to_owned(),
        user: None,
        base_image: None,
        scratch: false,
        exposes: Vec::new(),
        healthcheck: None,
        entrypoint: None,
        cmd: None,
    };
    // The chain of stages the final one builds on, root first.
    let mut chain = Vec::new();
    let mut current = semantic.final_stage();
    while let Some(stage) = current {
        if chain.contains(&stage.index) || chain.len() > semantic.stages.len() {
            break;
        }
        chain.push(stage.index);
        current = match &stage.base {
            Base::Stage(base) => semantic.stages.get(*base),
            Base::Image(image) => {
                facts.base_image = Some(image.text.clone());
                None
            }
            Base::Scratch => {
                facts.scratch = true;
                None
            }
            Base::Invalid(_) => None,
        };
    }
    chain.reverse();
    // The value of an instruction's only word after expansion, when it expanded cleanly.
    let expanded = |index: usize, raw: &str| -> Option<String> {
        let words = &semantic.instructions.get(index)?.words;
        match words.as_slice() {
            [] => Some(raw.to_owned()),
            [word] if word.error.is_none() => Some(word.value.clone()),
            _ => None,
        }
    };
    for stage in chain.iter().filter_map(|&s| semantic.stages.get(s)) {
        let mut cmd_here = false;
        for index in stage.from + 1..stage.end {
            let Some(instruction) = tree.instructions.get(index) else {
                continue;
            };
            let at = Instruction {
                value: String::new(),
                range: instruction.range,
                line: line(instruction.range),
            };
            match (instruction.keyword, &instruction.arguments) {
                (Some(Keyword::User), Arguments::Shell { command, .. }) => {
                    facts.user = expanded(index, &command.value).map(|value| Instruction {
                        value: value.trim().to_owned(),
                        ..at
                    });
                }
                (Some(Keyword::Expose), Arguments::List { words, .. }) => {
                    let values = semantic
                        .instructions
                        .get(index)
                        .map(|i| i.words.as_slice())
                        .unwrap_or_default();
                    for word in words {
                        let value = values
                            .iter()
                            .find(|e| e.range == word.range && e.error.is_none())
                            .map_or(word.value.as_str(), |e| e.value.as_str());
                        let (port, protocol) = value.split_once('/').unwrap_or((value, "tcp"));
                        let (low, high) = port.split_once('-').unwrap_or((port, port));
                        if let (Ok(low), Ok(high)) = (low.parse::<i64>(), high.parse::<i64>())
                            && high >= low
                            && high - low < 1024
                        {
                            for port in low..=high {
                                facts.exposes.push(Exposed {
                                    port,
                                    protocol: protocol.to_ascii_uppercase(),
                                    line: at.line,
                                });
                            }
                        }
                    }
                }
                (Some(Keyword::Healthcheck), Arguments::Healthcheck { kind, .. }) => {
                    facts.healthcheck =
                        (!kind.value.eq_ignore_ascii_case("none")).then(|| Instruction {
                            value: instruction.args.trim().to_owned(),
                            ..at
                        });
                }
                (Some(Keyword::Entrypoint), arguments) => {
                    facts.entrypoint = command(arguments, at.line);
                    // BuildKit clears an inherited CMD when a stage sets ENTRYPOINT.
                    if !cmd_here {
                        facts.cmd = None;
                    }
                }
                (Some(Keyword::Cmd), arguments) => {
                    facts.cmd = command(arguments, at.line);
                    cmd_here = true;
                }
                _ => {}
            }
        }
    }
    facts
}

fn command(arguments: &Arguments, line: usize) -> Option<Command> {
    match arguments {
        Arguments::Exec { elements, .. } => Some(Command {
            exec: true,
            words: elements.iter().map(|w| w.value.clone()).collect(),
            line,
        }),
        Arguments::Shell { command, .. } => Some(Command {
            exec: false,
            words: vec![command.value.clone()],
            line,
        }),
        _ => None,
    }
}

/// How a Dockerfile's final `USER` looks to the kubelet's `runAsNonRoot` check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageUser {
    /// `USER root`, `USER 0`, `USER 0:0`.
    Root,
    /// A non-zero uid.
    Numeric,
    /// A user name (`USER app`): the kubelet cannot verify it is not root.
    Name(String),
    /// No `USER`: the base image's user (root for `scratch`).
    Unset,
}

impl DockerfileFacts {
    pub fn image_user(&self) -> ImageUser {
        let Some(user) = &self.user else {
            return ImageUser::Unset;
        };
        let name = user.value.split(':').next().unwrap_or_default().trim();
        match name.parse::<u64>() {
            Ok(0) => ImageUser::Root,
            Ok(_) => ImageUser::Numeric,
            Err(_) if name == "root" => ImageUser::Root,
            Err(_) => ImageUser::Name(name.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_base::workspace::Workspace;

    #[test]
    fn final_stage_facts_follow_the_stage_chain() {
        let text = "FROM node:22 AS base\nUSER node\nEXPOSE 3000 9000-9001/udp\nCMD [\"node\"]\n\
                    FROM base\nHEALTHCHECK CMD curl -f localhost\nENTRYPOINT [\"tini\", \"--\"]\n";
        let facts = facts(0, "Dockerfile", text);
        assert_eq!(facts.user.as_ref().map(|u| u.value.as_str()), Some("node"));
        assert_eq!(facts.image_user(), ImageUser::Name("node".into()));
        assert_eq!(facts.base_image.as_deref(), Some("node:22"));
        let ports: Vec<(i64, &str)> = facts
            .exposes
            .iter()
            .map(|e| (e.port, e.protocol.as_str()))
            .collect();
        assert_eq!(ports, [(3000, "TCP"), (9000, "UDP"), (9001, "UDP")]);
        assert_eq!(facts.healthcheck.as_ref().map(|h| h.line), Some(6));
        assert_eq!(
            facts.entrypoint.as_ref().map(Command::display).as_deref(),
            Some(r#"["tini", "--"]"#)
        );
        // ENTRYPOINT in a later stage clears the CMD inherited from the earlier one.
        assert_eq!(facts.cmd, None);
    }

    #[test]
    fn users_as_the_kubelet_sees_them() {
        for (user, expected) in [
            ("USER root", ImageUser::Root),
            ("USER 0:0", ImageUser::Root),
            ("USER 1000", ImageUser::Numeric),
            ("USER app:app", ImageUser::Name("app".into())),
        ] {
            let facts = facts(0, "Dockerfile", &format!("FROM alpine\n{user}\n"));
            assert_eq!(facts.image_user(), expected, "{user}");
        }
        assert_eq!(
            facts(0, "Dockerfile", "FROM scratch\n").image_user(),
            ImageUser::Unset
        );
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(
            without_tag("registry:5000/team/api:1.2@sha256:ab"),
            "registry:5000/team/api"
        );
        assert_eq!(without_tag("registry:5000/api"), "registry:5000/api");
        assert_eq!(normalize("./a/../b//Dockerfile"), "b/Dockerfile");
        assert_eq!(built_names("svc/web/Dockerfile"), ["web"]);
        assert_eq!(built_names("Dockerfile.API"), ["api"]);
    }

    fn links_of(
        files: &[(&str, &str)],
        images: &BTreeMap<String, String>,
    ) -> Vec<(String, LinkReason)> {
        let workspace = Workspace {
            files: files
                .iter()
                .map(|(name, text)| drydock_base::workspace::SourceFile {
                    name: (*name).into(),
                    text: (*text).into(),
                })
                .collect(),
        };
        let parsed = crate::ParsedWorkspace::new(&workspace);
        let objects = parsed.objects();
        let graph = drydock_k8s::relations::build(&workspace, &objects);
        let dockerfiles = link(parsed.dockerfile_facts(), images, &graph, &objects);
        dockerfiles
            .linked()
            .map(|(l, f)| {
                let container = &graph.nodes[l.node].containers[l.container];
                (format!("{} -> {}", container.name, f.path), l.reason)
            })
            .collect()
    }

    #[test]
    fn links_by_settings_annotation_name_and_default() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    \
                   drydock.dev/dockerfile.side: tools\nspec:\n  initContainers:\n  - name: init\n    \
                   image: busybox\n  containers:\n  - name: app\n    image: reg.io/x/app:1\n  \
                   - name: side\n    image: side:2\n  - name: db\n    image: postgres:16\n  \
                   - name: cli\n    image: cli\n";
        let files = [
            ("k8s/pod.yaml", pod),
            ("app/Dockerfile", "FROM alpine\n"),
            ("tools/Dockerfile", "FROM alpine\n"),
            ("Dockerfile.cli", "FROM alpine\n"),
        ];
        let none = BTreeMap::new();
        assert_eq!(
            links_of(&files, &none),
            [
                ("app -> app/Dockerfile".to_owned(), LinkReason::Name),
                (
                    "side -> tools/Dockerfile".to_owned(),
                    LinkReason::Annotation
                ),
                ("cli -> Dockerfile.cli".to_owned(), LinkReason::Name),
            ]
        );
        let mut images = BTreeMap::new();
        images.insert("reg.io/x/app".into(), "./tools/Dockerfile".into());
        assert_eq!(
            links_of(&files, &images).first(),
            Some(&("app -> tools/Dockerfile".to_owned(), LinkReason::Settings))
        );
        // One Dockerfile: images without a registry host link to it, databases and init
        // containers do not.
        let only = [("k8s/pod.yaml", pod), ("Dockerfile", "FROM alpine\n")];
        assert_eq!(
            links_of(&only, &none),
            [
                ("side -> Dockerfile".to_owned(), LinkReason::OnlyDockerfile),
                ("cli -> Dockerfile".to_owned(), LinkReason::OnlyDockerfile),
            ]
        );
    }
}
