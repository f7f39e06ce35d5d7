//! Going from a reference to what it names, and back, across the workspace's files — for an
//! editor's "go to definition", "find references" and "rename". It reads the relation graph
//! ([`drydock_k8s::relations`]: a Service's selector and the workloads it selects, `configMapRef`
//! and the ConfigMap, a volume and its claim, …) and the links from containers' images to the
//! Dockerfiles that build them ([`crate::dockerfile_link`]); it derives nothing of its own.
//!
//! Built once per workspace state ([`Navigation::new`], linear in the workspace like the graph),
//! then each question looks at the graph's edges once.

use std::collections::{BTreeMap, HashMap};

use drydock_base::text::TextRange;
use drydock_base::workspace::Workspace;
use drydock_dockerfile::{Dockerfile, Semantic};
use drydock_k8s::relations::{EdgeKind, EdgeStatus, RelationGraph};
use drydock_yaml::{Document, Value};

use crate::dockerfile_link::{DockerfileFacts, Dockerfiles, ImageLink, link};
use crate::parsed::{DockerfileParse, ParsedWorkspace};

/// A range in a file of the workspace (by index in [`Workspace::files`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: usize,
    pub range: TextRange,
}

/// What the workspace's references point at.
#[derive(Debug, Clone, Default)]
pub struct Navigation {
    graph: RelationGraph,
    dockerfiles: Dockerfiles,
    /// Per edge of the graph, the text that makes the reference: its `from_range`, and for a
    /// selector the `selector:` key with its labels.
    extents: Vec<TextRange>,
    /// Per Dockerfile of [`Dockerfiles::files`], the `FROM` line of its final stage: what the
    /// image it builds starts from.
    final_from: Vec<Option<TextRange>>,
}

/// A Kubernetes object's name that can be renamed, under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamable {
    /// The object (a node of the graph).
    pub node: usize,
    /// The name under the cursor: the object's own, or a reference's.
    pub place: Place,
    pub name: String,
}

impl Navigation {
    /// The graph and the image links of `workspace`; `images` is the settings' map of image name
    /// → Dockerfile path, which wins over the other ways of linking.
    pub fn new(workspace: &Workspace, images: &BTreeMap<String, String>) -> Navigation {
        let streams = drydock_k8s::relations::parse_manifests(workspace);
        let trees: Vec<(usize, Dockerfile, Semantic)> = workspace
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                drydock_base::workspace::FileKind::detect(&f.name, &f.text)
                    == drydock_base::workspace::FileKind::Dockerfile
            })
            .map(|(i, f)| {
                let tree = drydock_dockerfile::parse(&f.text);
                let semantic = drydock_dockerfile::analyze(&f.text, &tree);
                (i, tree, semantic)
            })
            .collect();
        let parsed = ParsedWorkspace::from_parts(
            workspace,
            streams.iter().map(|(i, s)| (*i, s)).collect(),
            trees
                .iter()
                .map(|(i, tree, semantic)| (*i, Some(DockerfileParse::Tree(tree, semantic))))
                .collect(),
        );
        let objects = parsed.objects();
        let graph = drydock_k8s::relations::build(workspace, &objects);
        let dockerfiles = link(parsed.dockerfile_facts(), images, &graph, &objects);

        // A selector's reference is its key: widened to the key and its value, from an index of
        // the entries of each document that holds a selector (built once per document).
        let mut entries: HashMap<(usize, usize), HashMap<TextRange, TextRange>> = HashMap::new();
        let extents = graph
            .edges
            .iter()
            .map(|edge| {
                let selector = matches!(
                    edge.kind,
                    EdgeKind::ServiceSelector
                        | EdgeKind::DisruptionBudget
                        | EdgeKind::NetworkPolicy
                );
                let Some((file, object)) = objects.get(edge.from).filter(|_| selector) else {
                    return edge.from_range;
                };
                entries
                    .entry((*file, object.document))
                    .or_insert_with(|| entry_extents(object.doc))
                    .get(&edge.from_range)
                    .copied()
                    .unwrap_or(edge.from_range)
            })
            .collect();
        let final_from = dockerfiles
            .files
            .iter()
            .map(|facts| {
                let (_, tree, semantic) = trees.iter().find(|(i, _, _)| *i == facts.file)?;
                let stage = semantic.final_stage()?;
                Some(tree.instructions.get(stage.from)?.range)
            })
            .collect();
        Navigation {
            graph,
            dockerfiles,
            extents,
            final_from,
        }
    }

    pub fn graph(&self) -> &RelationGraph {
        &self.graph
    }

    fn file_of(&self, node: usize) -> Option<usize> {
        self.graph.nodes.get(node).map(|n| n.file)
    }

    /// The container image at `offset` of `file` that a Dockerfile of the workspace builds: the
    /// image's range, and the link with the Dockerfile's facts (for a hover that says which
    /// Dockerfile, why, and what its final stage declares).
    pub fn image_at(
        &self,
        file: usize,
        offset: usize,
    ) -> Option<(TextRange, &ImageLink, &DockerfileFacts)> {
        self.dockerfiles.linked().find_map(|(image_link, facts)| {
            let range = self
                .graph
                .nodes
                .get(image_link.node)
                .filter(|node| node.file == file)?
                .containers
                .get(image_link.container)?
                .image_range?;
            touches(range, offset).then_some((range, image_link, facts))
        })
    }

    /// Where what is referred to at `offset` of `file` is defined: the object a name refers to,
    /// the workloads a selector selects, the container port a `targetPort` names, the Dockerfile
    /// that builds a container's image (its final stage's `FROM`).
    pub fn definition(&self, file: usize, offset: usize) -> Vec<Place> {
        let mut out = Vec::new();
        for (edge, extent) in self.graph.edges.iter().zip(&self.extents) {
            if self.file_of(edge.from) != Some(file) || !touches(*extent, offset) {
                continue;
            }
            let (Some(to), true) = (
                edge.to,
                matches!(
                    edge.status,
                    EdgeStatus::Resolved | EdgeStatus::OtherNamespace
                ),
            ) else {
                continue;
            };
            let Some(node) = self.graph.nodes.get(to) else {
                continue;
            };
            let range = edge.to_range.or(node.name_range).unwrap_or(node.range);
            out.push(Place {
                file: node.file,
                range,
            });
        }
        for (image_link, facts) in self.dockerfiles.linked() {
            let on_image = self
                .graph
                .nodes
                .get(image_link.node)
                .filter(|node| node.file == file)
                .and_then(|node| node.containers.get(image_link.container))
                .and_then(|container| container.image_range)
                .is_some_and(|range| touches(range, offset));
            if on_image {
                let range = self
                    .final_from
                    .get(image_link.dockerfile)
                    .copied()
                    .flatten()
                    .unwrap_or(TextRange::empty(0));
                out.push(Place {
                    file: facts.file,
                    range,
                });
            }
        }
        dedup(out)
    }

    /// The objects the cursor is on: by their name, their pod template's labels (what selectors
    /// select), or a reference to them.
    fn objects_at(&self, file: usize, offset: usize) -> Vec<usize> {
        let mut nodes: Vec<usize> = self
            .graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| {
                node.file == file && node.name_range.is_some_and(|r| touches(r, offset))
            })
            .map(|(i, _)| i)
            .collect();
        for (edge, extent) in self.graph.edges.iter().zip(&self.extents) {
            let Some(to) = edge.to else { continue };
            if edge.kind == EdgeKind::Duplicate || edge.status != EdgeStatus::Resolved {
                continue;
            }
            let at_reference = self.file_of(edge.from) == Some(file) && touches(*extent, offset);
            let at_target =
                self.file_of(to) == Some(file) && edge.to_range.is_some_and(|r| touches(r, offset));
            if at_reference || at_target {
                nodes.push(to);
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    }

    /// Every reference to what is at `offset` of `file` (and, with `declaration`, where it is
    /// defined): the objects that refer to an object by name or select its pods, the
    /// containers whose image a Dockerfile builds (from its final stage's `FROM`).
    pub fn references(&self, file: usize, offset: usize, declaration: bool) -> Vec<Place> {
        let mut out = Vec::new();
        let targets = self.objects_at(file, offset);
        for (edge, extent) in self.graph.edges.iter().zip(&self.extents) {
            let Some(to) = edge.to else { continue };
            if edge.kind == EdgeKind::Duplicate
                || edge.status != EdgeStatus::Resolved
                || targets.binary_search(&to).is_err()
            {
                continue;
            }
            if let Some(from_file) = self.file_of(edge.from) {
                out.push(Place {
                    file: from_file,
                    range: *extent,
                });
            }
        }
        if declaration {
            for &target in &targets {
                if let Some(node) = self.graph.nodes.get(target) {
                    out.push(Place {
                        file: node.file,
                        range: node.name_range.unwrap_or(node.kind_range),
                    });
                }
            }
        }
        // From a Dockerfile's final `FROM`: the containers that run what it builds.
        for (index, facts) in self.dockerfiles.files.iter().enumerate() {
            let on_from = facts.file == file
                && self
                    .final_from
                    .get(index)
                    .copied()
                    .flatten()
                    .is_some_and(|range| touches(range, offset));
            if !on_from {
                continue;
            }
            for image_link in self
                .dockerfiles
                .links
                .iter()
                .filter(|l| l.dockerfile == index)
            {
                let image = self.graph.nodes.get(image_link.node).and_then(|node| {
                    let range = node.containers.get(image_link.container)?.image_range?;
                    Some(Place {
                        file: node.file,
                        range,
                    })
                });
                out.extend(image);
            }
        }
        dedup(out)
    }

    /// The ConfigMap or Secret whose name is at `offset`: its own `metadata.name`, or a
    /// reference to it that resolves (`configMapRef`, `secretKeyRef`, a volume, …).
    pub fn renamable(&self, file: usize, offset: usize) -> Option<Renamable> {
        let is_renamable = |node: usize| {
            self.graph
                .nodes
                .get(node)
                .is_some_and(|n| matches!(n.kind.as_str(), "ConfigMap" | "Secret"))
        };
        for (index, node) in self.graph.nodes.iter().enumerate() {
            if node.file == file
                && let Some(range) = node.name_range
                && touches(range, offset)
                && is_renamable(index)
            {
                return Some(Renamable {
                    node: index,
                    place: Place { file, range },
                    name: node.name.clone()?,
                });
            }
        }
        self.graph.edges.iter().find_map(|edge| {
            let to = edge.to?;
            let named = matches!(edge.kind, EdgeKind::ConfigMap | EdgeKind::Secret)
                && edge.status == EdgeStatus::Resolved
                && self.file_of(edge.from) == Some(file)
                && touches(edge.from_range, offset)
                && is_renamable(to);
            named.then(|| {
                Some(Renamable {
                    node: to,
                    place: Place {
                        file,
                        range: edge.from_range,
                    },
                    name: self.graph.nodes.get(to)?.name.clone()?,
                })
            })?
        })
    }

    /// The edits that rename the object `node` (a ConfigMap or Secret) to `new_name`: its
    /// `metadata.name` and every reference to it that resolves, each spelled as before (plain
    /// or in the same quotes). Fails for a name Kubernetes would refuse.
    pub fn rename(
        &self,
        workspace: &Workspace,
        node: usize,
        new_name: &str,
    ) -> Result<Vec<(Place, String)>, String> {
        let object = self.graph.nodes.get(node).ok_or("no such object")?;
        let old = object.name.as_deref().ok_or("the object has no name")?;
        if !is_dns_subdomain(new_name) {
            return Err(format!(
                "`{new_name}` is not a valid {} name: lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters",
                object.kind
            ));
        }
        let text_of = |file: usize| workspace.files.get(file).map(|f| f.text.as_str());
        let mut places: Vec<Place> = Vec::new();
        places.extend(object.name_range.map(|range| Place {
            file: object.file,
            range,
        }));
        for edge in &self.graph.edges {
            if edge.to == Some(node)
                && matches!(edge.kind, EdgeKind::ConfigMap | EdgeKind::Secret)
                && edge.status == EdgeStatus::Resolved
                && let Some(file) = self.file_of(edge.from)
            {
                places.push(Place {
                    file,
                    range: edge.from_range,
                });
            }
        }
        let mut edits = Vec::new();
        for place in dedup(places) {
            let Some(text) = text_of(place.file) else {
                continue;
            };
            if let Some(range) = unquoted(text, place.range, old) {
                edits.push((
                    Place {
                        file: place.file,
                        range,
                    },
                    new_name.to_owned(),
                ));
            }
        }
        Ok(edits)
    }
}

/// Whether `offset` is in `range` or at its end (a cursor just after a word is on it).
fn touches(range: TextRange, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}

fn dedup(mut places: Vec<Place>) -> Vec<Place> {
    places.sort_unstable();
    places.dedup();
    places
}

/// Every mapping entry of `doc`: its key's range → the key with its value.
fn entry_extents(doc: &Document) -> HashMap<TextRange, TextRange> {
    let mut out = HashMap::new();
    for node in &doc.nodes {
        if let Value::Mapping(entries) = &node.value {
            for entry in entries {
                let key = doc.range(entry.key);
                out.entry(key)
                    .or_insert_with(|| key.cover(doc.range(entry.value)));
            }
        }
    }
    out
}

/// The range of `name` as written at `range`: the whole of it, or inside its quotes; `None`
/// when it is written some other way (a block scalar, an escape).
fn unquoted(text: &str, range: TextRange, name: &str) -> Option<TextRange> {
    let written = range.slice(text);
    if written == name {
        return Some(range);
    }
    let inner = written
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .or_else(|| {
            written
                .strip_prefix('\'')
                .and_then(|rest| rest.strip_suffix('\''))
        })?;
    (inner == name).then(|| TextRange::new(range.start + 1, range.end - 1))
}

/// A Kubernetes object name (RFC 1123 subdomain): what ConfigMaps and Secrets are named.
pub fn is_dns_subdomain(name: &str) -> bool {
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    !name.is_empty()
        && name.len() <= 253
        && name.starts_with(alphanumeric)
        && name.ends_with(alphanumeric)
        && name
            .chars()
            .all(|c| alphanumeric(c) || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_base::workspace::SourceFile;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut workspace = Workspace::new();
        workspace.files = files
            .iter()
            .map(|(name, text)| SourceFile {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect();
        workspace
    }

    const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n";
    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          ports:\n            - name: http\n              containerPort: 8080\n          envFrom:\n            - configMapRef:\n                name: web-config\n          env:\n            - name: TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: \"web-secret\"\n                  key: token\n";
    const CONFIG: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  a: b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web-secret\n";
    const DOCKERFILE: &str =
        "FROM golang AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /app\n";

    fn files() -> Workspace {
        workspace(&[
            ("service.yaml", SERVICE),
            ("deployment.yaml", DEPLOYMENT),
            ("config.yaml", CONFIG),
            ("web/Dockerfile", DOCKERFILE),
        ])
    }

    fn slices(workspace: &Workspace, places: &[Place]) -> Vec<(String, String)> {
        places
            .iter()
            .map(|p| {
                let file = &workspace.files[p.file];
                (file.name.clone(), p.range.slice(&file.text).to_owned())
            })
            .collect()
    }

    #[test]
    fn a_selector_goes_to_the_pods_it_selects_and_back() {
        let workspace = files();
        let navigation = Navigation::new(&workspace, &BTreeMap::new());
        // On `app: web` under the Service's selector, not only its key.
        let offset = SERVICE.find("app: web").unwrap() + 5;
        let found = slices(&workspace, &navigation.definition(0, offset));
        assert_eq!(
            found,
            [("deployment.yaml".to_owned(), "app: web".to_owned())]
        );
        // From the Deployment's name: who refers to it.
        let name = DEPLOYMENT.find("name: web").unwrap() + 6;
        let references = slices(&workspace, &navigation.references(1, name, true));
        assert_eq!(
            references,
            [
                (
                    "service.yaml".to_owned(),
                    "selector:\n    app: web".to_owned()
                ),
                ("service.yaml".to_owned(), "http".to_owned()),
                ("deployment.yaml".to_owned(), "web".to_owned()),
            ]
        );
        // A targetPort names a container's port.
        let port = SERVICE.find("targetPort: http").unwrap() + 13;
        let found = slices(&workspace, &navigation.definition(0, port));
        assert_eq!(found, [("deployment.yaml".to_owned(), "8080".to_owned())]);
    }

    #[test]
    fn names_go_to_the_config_maps_and_secrets_they_name() {
        let workspace = files();
        let navigation = Navigation::new(&workspace, &BTreeMap::new());
        let at = DEPLOYMENT.find("web-config").unwrap();
        let found = slices(&workspace, &navigation.definition(1, at));
        assert_eq!(found, [("config.yaml".to_owned(), "web-config".to_owned())]);
        let at = CONFIG.find("web-secret").unwrap() + 3;
        let references = slices(&workspace, &navigation.references(2, at, false));
        assert_eq!(
            references,
            [("deployment.yaml".to_owned(), "\"web-secret\"".to_owned())]
        );
    }

    #[test]
    fn an_image_goes_to_the_dockerfile_that_builds_it() {
        let workspace = files();
        let navigation = Navigation::new(&workspace, &BTreeMap::new());
        let at = DEPLOYMENT.find("registry.example.com/web").unwrap() + 2;
        let found = slices(&workspace, &navigation.definition(1, at));
        assert_eq!(
            found,
            [("web/Dockerfile".to_owned(), "FROM alpine:3.20".to_owned())]
        );
        let (range, image_link, facts) = navigation.image_at(1, at).unwrap();
        assert_eq!(range.slice(DEPLOYMENT), "registry.example.com/web:1.0");
        assert_eq!(
            (image_link.reason, facts.path.as_str()),
            (crate::dockerfile_link::LinkReason::Name, "web/Dockerfile")
        );
        let from = DOCKERFILE.find("alpine").unwrap();
        let references = slices(&workspace, &navigation.references(3, from, false));
        assert_eq!(
            references,
            [(
                "deployment.yaml".to_owned(),
                "registry.example.com/web:1.0".to_owned()
            )]
        );
    }

    #[test]
    fn config_maps_and_secrets_rename_with_their_references() {
        let workspace = files();
        let navigation = Navigation::new(&workspace, &BTreeMap::new());
        let at = DEPLOYMENT.find("web-secret").unwrap() + 1;
        let target = navigation.renamable(1, at).unwrap();
        assert_eq!(target.name, "web-secret");
        let edits = navigation
            .rename(&workspace, target.node, "api-secret")
            .unwrap();
        let places: Vec<Place> = edits.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            slices(&workspace, &places),
            [
                ("deployment.yaml".to_owned(), "web-secret".to_owned()),
                ("config.yaml".to_owned(), "web-secret".to_owned()),
            ]
        );
        assert!(
            navigation
                .rename(&workspace, target.node, "Bad_Name")
                .is_err()
        );
        // A Deployment is not renamed here, nor is the selector's target.
        let name = DEPLOYMENT.find("name: web").unwrap() + 6;
        assert_eq!(navigation.renamable(1, name), None);
    }

    #[test]
    fn odd_workspaces_are_silent_not_a_panic() {
        let workspace = workspace(&[
            (
                "a.yaml",
                "kind: Service\napiVersion: v1\nspec:\n  selector: [\n",
            ),
            ("b.yaml", "- - -\n"),
            ("Dockerfile", "FROM"),
        ]);
        let navigation = Navigation::new(&workspace, &BTreeMap::new());
        for file in 0..4 {
            for offset in 0..60 {
                let _ = navigation.definition(file, offset);
                let _ = navigation.references(file, offset, true);
                let _ = navigation.renamable(file, offset);
            }
        }
        assert!(navigation.rename(&workspace, 99, "x").is_err());
    }
}
