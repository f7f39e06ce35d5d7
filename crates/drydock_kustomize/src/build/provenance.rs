//! `buildMetadata`: the provenance annotations kustomize writes on request.
//!
//! Facts from kustomize v5.7.1 (`api/internal/target/kusttarget.go`, `api/resource/origin.go`,
//! `api/resmap/reswrangler.go`, `api/krusty/kustomizer.go`):
//! - The top kustomization's `buildMetadata` holds for every kustomization it includes. When it
//!   is not empty, every object read from a file gets `config.kubernetes.io/origin` (`path:` the
//!   file, relative to the top kustomization's folder), every generated object the generator
//!   that made it (`configuredIn:`, `configuredBy:`), and after each transformer every object
//!   gets an entry in `alpha.config.kubernetes.io/transformations` (an object without an origin
//!   takes the transformer as its origin instead).
//! - At the end, the origin annotations are removed unless `originAnnotations` is listed, the
//!   transformations unless `transformerAnnotations` is; `managedByLabel` adds
//!   `app.kubernetes.io/managed-by: kustomize-v5.7.1`.

use super::Builder;
use crate::kustomization::Kustomization;
use crate::resource::Resource;
use crate::value::{Node, Origin, Scalar};
use drydock_yaml::{ScalarKind, ScalarStyle};

pub(super) const ORIGIN: &str = "config.kubernetes.io/origin";
pub(super) const TRANSFORMATIONS: &str = "alpha.config.kubernetes.io/transformations";
const MANAGED_BY: &str = "app.kubernetes.io/managed-by";
/// The value kustomize v5.7.1 (as `kubectl` v1.35 embeds it) writes in [`MANAGED_BY`].
const MANAGED_BY_VALUE: &str = "kustomize-v5.7.1";

/// What the top kustomization's `buildMetadata` asks for.
#[derive(Debug, Clone, Default)]
pub(super) struct Tracking {
    /// The top kustomization's folder: origin paths are relative to it.
    top: String,
    origin: bool,
    transformers: bool,
    managed_by: bool,
    /// Where `managedByLabel` was asked for.
    managed_by_origin: Option<Origin>,
}

/// One origin, as kustomize prints it.
#[derive(Debug, Clone, Default)]
struct Note {
    path: String,
    configured_in: String,
    /// apiVersion, kind, name, namespace of the generator or transformer.
    configured_by: [String; 4],
}

impl Note {
    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.path.is_empty() {
            lines.push(format!("path: {}", scalar(&self.path)));
        }
        if !self.configured_in.is_empty() {
            lines.push(format!("configuredIn: {}", scalar(&self.configured_in)));
        }
        if self.configured_by.iter().any(|part| !part.is_empty()) {
            lines.push("configuredBy:".to_owned());
            for (key, value) in ["apiVersion", "kind", "name", "namespace"]
                .iter()
                .zip(&self.configured_by)
            {
                if !value.is_empty() {
                    lines.push(format!("  {key}: {}", scalar(value)));
                }
            }
        }
        lines
    }

    /// The text of `config.kubernetes.io/origin`.
    fn text(&self) -> String {
        let mut text = self.lines().join("\n");
        text.push('\n');
        text
    }

    /// The text of one item of `alpha.config.kubernetes.io/transformations`.
    fn item(&self) -> String {
        let mut text = String::new();
        for (at, line) in self.lines().iter().enumerate() {
            text.push_str(if at == 0 { "- " } else { "  " });
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The origin of a generator or transformer configured by `config` (a plugin configuration
    /// object, whose own origin is where it was written).
    fn of_plugin(config: &Node) -> Note {
        let text = |path: &[&str]| config.get_path(path).and_then(Node::as_str).unwrap_or("");
        Note {
            configured_in: origin_path(config).unwrap_or_default(),
            configured_by: [
                text(&["apiVersion"]).to_owned(),
                text(&["kind"]).to_owned(),
                text(&["metadata", "name"]).to_owned(),
                text(&["metadata", "namespace"]).to_owned(),
            ],
            ..Note::default()
        }
    }
}

/// A string as go-yaml prints it in a block mapping: plain when that reads back as the same
/// string, double-quoted otherwise.
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(char::is_control)
        && drydock_yaml::resolve(text, ScalarStyle::Plain, None) == ScalarKind::String;
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The `path:` of an object's origin annotation.
fn origin_path(node: &Node) -> Option<String> {
    let text = annotation(node, ORIGIN)?;
    let line = text.lines().find_map(|line| line.strip_prefix("path: "))?;
    Some(
        match line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => line.to_owned(),
        },
    )
}

fn annotation<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get_path(&["metadata", "annotations", key])?.as_str()
}

fn set_annotation(node: &mut Node, key: &str, text: String, origin: Option<Origin>) {
    if !node.is_map() {
        return;
    }
    let Some(metadata) = node.map_at("metadata", origin) else {
        return;
    };
    let Some(annotations) = metadata.map_at("annotations", origin) else {
        return;
    };
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else {
        ScalarStyle::Plain
    };
    let value = Scalar {
        text,
        kind: ScalarKind::String,
        style,
    };
    annotations.set(key, Node::scalar(value, origin));
}

/// Removes an annotation, and the `annotations` mapping when that leaves it empty.
fn remove_annotation(node: &mut Node, key: &str) {
    let Some(metadata) = node.get_mut("metadata") else {
        return;
    };
    let Some(annotations) = metadata.get_mut("annotations") else {
        return;
    };
    if annotations.remove(key).is_some() && annotations.entries().is_some_and(<[_]>::is_empty) {
        metadata.remove("annotations");
    }
}

/// `to` (a normalized path) relative to folder `from` (normalized), as kustomize joins the
/// entries that lead from the top kustomization to it.
fn relative(from: &str, to: &str) -> String {
    if from == "." || from.is_empty() {
        return to.to_owned();
    }
    if from.starts_with('/') != to.starts_with('/') {
        return to.to_owned();
    }
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len().saturating_sub(common)];
    parts.extend(to_parts.iter().skip(common));
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

impl Builder<'_> {
    /// Reads the top kustomization's `buildMetadata`.
    pub(super) fn start_tracking(&mut self, k: &Kustomization) {
        let options = k.strings("buildMetadata", &mut self.findings);
        if options.is_empty() {
            return;
        }
        let mut tracking = Tracking {
            top: k.dir.clone(),
            ..Tracking::default()
        };
        for (option, origin) in options {
            match option.as_str() {
                "originAnnotations" => tracking.origin = true,
                "transformerAnnotations" => tracking.transformers = true,
                "managedByLabel" => {
                    tracking.managed_by = true;
                    tracking.managed_by_origin = Some(origin);
                }
                other => self.error(
                    "kustomize/invalid-field",
                    format!(
                        "`{other}` is not a build metadata option: kustomize knows `originAnnotations`, `transformerAnnotations` and `managedByLabel`"
                    ),
                    origin,
                ),
            }
        }
        self.tracking = Some(tracking);
    }

    /// The origin of an object read from the file at `path`.
    pub(super) fn note_file_origin(&self, node: &mut Node, path: &str) {
        let Some(tracking) = &self.tracking else {
            return;
        };
        let note = Note {
            path: relative(&tracking.top, path),
            ..Note::default()
        };
        let origin = node.origin;
        set_annotation(node, ORIGIN, note.text(), origin);
    }

    /// The origin of a plugin configuration written inline in kustomization `k`.
    pub(super) fn note_inline_origin(&self, k: &Kustomization, node: &mut Node) {
        self.note_file_origin(node, &k.path);
    }

    /// The origin of an object a builtin field's generator (`kind`) of `k` made.
    pub(super) fn generated_builtin(&self, k: &Kustomization, node: &mut Node, kind: &str) {
        let Some(tracking) = &self.tracking else {
            return;
        };
        if annotation(node, ORIGIN).is_some() {
            return;
        }
        let note = Note {
            configured_in: relative(&tracking.top, &k.path),
            configured_by: [
                "builtin".to_owned(),
                kind.to_owned(),
                String::new(),
                String::new(),
            ],
            ..Note::default()
        };
        let origin = node.origin;
        set_annotation(node, ORIGIN, note.text(), origin);
    }

    /// The origin of an object a generator plugin configured by `config` made.
    pub(super) fn generated_by(&self, node: &mut Node, config: &Node) {
        if self.tracking.is_none() || annotation(node, ORIGIN).is_some() {
            return;
        }
        let origin = node.origin;
        set_annotation(node, ORIGIN, Note::of_plugin(config).text(), origin);
    }

    /// After a builtin field's transformer (`kind`) of `k` ran.
    pub(super) fn transformed(&mut self, k: &Kustomization, acc: &mut [Resource], kind: &str) {
        let Some(tracking) = &self.tracking else {
            return;
        };
        let note = Note {
            configured_in: relative(&tracking.top, &k.path),
            configured_by: [
                "builtin".to_owned(),
                kind.to_owned(),
                String::new(),
                String::new(),
            ],
            ..Note::default()
        };
        record(acc, &note);
    }

    /// After a transformer plugin configured by `config` ran.
    pub(super) fn transformed_by(&mut self, acc: &mut [Resource], config: &Node) {
        if self.tracking.is_none() {
            return;
        }
        record(acc, &Note::of_plugin(config));
    }

    /// What happens last: the annotations not asked for are removed (kustomize removes them
    /// from every object, including ones written in the input), `managedByLabel` is set.
    pub(super) fn finish_provenance(&mut self, acc: &mut [Resource]) {
        let tracking = self.tracking.clone().unwrap_or_default();
        if tracking.managed_by {
            let origin = tracking.managed_by_origin;
            for resource in acc.iter_mut() {
                if let Some(labels) = resource
                    .node
                    .map_at("metadata", origin)
                    .and_then(|m| m.map_at("labels", origin))
                {
                    labels.set(MANAGED_BY, Node::string(MANAGED_BY_VALUE, origin));
                }
            }
        }
        for resource in acc.iter_mut() {
            if !tracking.origin {
                remove_annotation(&mut resource.node, ORIGIN);
            }
            if !tracking.transformers {
                remove_annotation(&mut resource.node, TRANSFORMATIONS);
            }
        }
    }
}

/// True when the object has an origin annotation.
pub(super) fn has_origin(resource: &Resource) -> bool {
    annotation(&resource.node, ORIGIN).is_some()
}

/// Removes the origin annotation.
pub(super) fn drop_origin(node: &mut Node) {
    remove_annotation(node, ORIGIN);
}

/// kustomize's `AddTransformerAnnotation`.
fn record(acc: &mut [Resource], note: &Note) {
    for resource in acc.iter_mut() {
        let node = &mut resource.node;
        let origin = node.origin;
        if annotation(node, ORIGIN).is_none() {
            set_annotation(node, ORIGIN, note.text(), origin);
            continue;
        }
        let mut text = annotation(node, TRANSFORMATIONS)
            .unwrap_or_default()
            .to_owned();
        text.push_str(&note.item());
        set_annotation(node, TRANSFORMATIONS, text, origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(".", "base/a.yaml"), "base/a.yaml");
        assert_eq!(relative("prod", "base/a.yaml"), "../base/a.yaml");
        assert_eq!(relative("prod", "prod/a.yaml"), "a.yaml");
        assert_eq!(relative("a/b", "a/c/d.yaml"), "../c/d.yaml");
    }

    #[test]
    fn notes_print_as_kustomize_does() {
        let note = Note {
            configured_in: "kustomization.yaml".to_owned(),
            configured_by: [
                "builtin".to_owned(),
                "NamespaceTransformer".to_owned(),
                "x".to_owned(),
                "test".to_owned(),
            ],
            ..Note::default()
        };
        assert_eq!(
            note.item(),
            "- configuredIn: kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: NamespaceTransformer\n    name: x\n    namespace: test\n"
        );
        let path = Note {
            path: "service.yaml".to_owned(),
            ..Note::default()
        };
        assert_eq!(path.text(), "path: service.yaml\n");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
    }
}
