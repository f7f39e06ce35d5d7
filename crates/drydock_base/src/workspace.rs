//! A workspace: a set of named text files, and what kind each one is.

use serde::{Deserialize, Serialize};

/// One file of a workspace. The name is a path with `/` separators (for the CLI, the path as
/// discovered; in the playground, the tab's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub files: Vec<SourceFile>,
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file, replacing one of the same name.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        let (name, text) = (name.into(), text.into());
        match self.files.iter_mut().find(|file| file.name == name) {
            Some(file) => file.text = text,
            None => self.files.push(SourceFile { name, text }),
        }
    }

    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|file| file.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    /// YAML that holds at least one Kubernetes object (a document with `apiVersion` and `kind`).
    Kubernetes,
    /// A kustomization file (`kustomization.yaml`, or any YAML whose `apiVersion` is
    /// `kustomize.config.k8s.io/…`): rendered with what it names, never checked as an object.
    Kustomization,
    /// A Docker Compose file known by its name (`compose.yaml`, `docker-compose.yml`, their
    /// overrides; see [`COMPOSE_FILE_NAMES`]): checked with its project.
    Compose,
    /// A project's `.env` file: the variables Compose interpolates with.
    Env,
    /// A Helm chart's template (under `templates/`, with template actions, or a `.tpl` helper):
    /// Go template text, not YAML until rendered with its chart.
    #[serde(rename = "helm-template")]
    HelmTemplate,
    /// Other YAML: still checked for syntax.
    Yaml,
    /// Nothing Drydock understands.
    Other,
}

impl FileKind {
    /// Decides what a file is from its name, and for YAML from its content.
    pub fn detect(name: &str, text: &str) -> FileKind {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let lower = base.to_ascii_lowercase();
        if is_dockerfile_name(&lower) {
            return FileKind::Dockerfile;
        }
        if matches!(
            base,
            "kustomization.yaml" | "kustomization.yml" | "Kustomization"
        ) || looks_like_kustomization(text)
        {
            return FileKind::Kustomization;
        }
        if COMPOSE_FILE_NAMES.contains(&base) {
            return FileKind::Compose;
        }
        if base == ".env" {
            return FileKind::Env;
        }
        if is_helm_template(name, &lower, text) {
            return FileKind::HelmTemplate;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return if looks_like_kubernetes(text) {
                FileKind::Kubernetes
            } else {
                FileKind::Yaml
            };
        }
        // Names that say nothing (an upload, stdin, a tab called "untitled"): go by content.
        if !lower.contains('.') && looks_like_kubernetes(text) {
            return FileKind::Kubernetes;
        }
        FileKind::Other
    }
}

/// Whether a file is a Helm chart's template: a `.tpl` helper, or a file of a `templates/`
/// folder whose text has a template action (`{{`). A manifest without actions in `templates/`
/// is YAML as it stands, and checked as such.
fn is_helm_template(name: &str, lower_base: &str, text: &str) -> bool {
    if lower_base.ends_with(".tpl") {
        return true;
    }
    let in_templates = name.starts_with("templates/") || name.contains("/templates/");
    in_templates
        && (lower_base.ends_with(".yaml")
            || lower_base.ends_with(".yml")
            || lower_base.ends_with(".json")
            || lower_base == "notes.txt")
        && text.contains("{{")
}

/// The names Docker Compose finds a project's files by: the project files in its order of
/// preference, then the override files in theirs (compose-go's `DefaultFileNames` and
/// `DefaultOverrideFileNames`).
pub const COMPOSE_FILE_NAMES: [&str; 8] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// True when `text` reads as a Compose file whatever it is called: a top-level `services:` key,
/// and neither a Kubernetes object nor a kustomization. The playground goes by this for files
/// whose names say nothing; the CLI only for files named on its command line.
pub fn looks_like_compose(text: &str) -> bool {
    // A whole-text search first: most files have no such line, and it is much faster than
    // walking lines.
    has_services_line(text) && !looks_like_kubernetes(text) && !looks_like_kustomization(text)
}

/// True when a line of `text` is `services`, after byte-order marks, then `:` after spaces.
/// Each `services` in the text is looked at where it is, not each line walked: a chart's files
/// seldom have one, and a line's start is only looked for back over the marks before it.
/// Whole-text searches answer first, many times faster than `match_indices` walks the text (3.5%
/// of `helm_corpus/render_and_check` went to that walk, over every file of every chart, twice):
/// without a byte-order mark, such a line is the text's start or follows a line break.
fn has_services_line(text: &str) -> bool {
    let may_have =
        text.starts_with("services") || text.contains("\nservices") || text.contains('\u{feff}');
    may_have
        && text.match_indices("services").any(|(at, word)| {
            let before = text.get(..at).unwrap_or_default();
            let before = before.trim_end_matches('\u{feff}');
            let at_line_start = before.is_empty() || before.ends_with('\n');
            let rest = text.get(at + word.len()..).unwrap_or_default();
            // Spaces up to the line's end, not past it.
            at_line_start
                && rest
                    .trim_start_matches(|c: char| c.is_whitespace() && c != '\n')
                    .starts_with(':')
        })
}

/// The names people give Dockerfiles (lowercased base name): `Dockerfile`, `Dockerfile.prod`,
/// `api.Dockerfile`, `api-Dockerfile`, `prod.Dockerfile.debian`, and the same with
/// `Containerfile`. `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a
/// Dockerfile.
fn is_dockerfile_name(lower: &str) -> bool {
    if lower.ends_with(".dockerignore") || lower.ends_with(".containerignore") {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|stem| {
        lower.match_indices(stem).any(|(at, _)| {
            let before = lower.get(..at).unwrap_or_default();
            let after = lower.get(at + stem.len()..).unwrap_or_default();
            // `*Dockerfile` and `*.Dockerfile`: anything before, nothing after.
            after.is_empty()
                // `Dockerfile.*` and `*.Dockerfile.*`: a separator on both sides.
                || (after.starts_with('.')
                    && (before.is_empty() || before.ends_with(['.', '-', '_'])))
        })
    })
}

/// True when `text` has a top-level `apiVersion: kustomize.config.k8s.io/…` line (a
/// kustomization or component, whatever the file is called).
pub fn looks_like_kustomization(text: &str) -> bool {
    // A whole-text search first: most files have no such line, and it is much faster than
    // walking lines.
    text.contains("kustomize.config.k8s.io/")
        && text.lines().any(|line| {
            line.strip_prefix("apiVersion:").is_some_and(|rest| {
                rest.trim()
                    .trim_matches(['"', '\''])
                    .starts_with("kustomize.config.k8s.io/")
            })
        })
}

/// True when some YAML document in `text` has top-level `apiVersion:` and `kind:` keys.
///
/// This looks at lines, not a parse tree, so that a file with a syntax error is still recognised
/// (and then gets its syntax error reported, rather than being skipped).
pub fn looks_like_kubernetes(text: &str) -> bool {
    // Both keys must be somewhere: a whole-text search rules out most other files quickly.
    if !text.contains("apiVersion") || !text.contains("kind") {
        return false;
    }
    let (mut api_version, mut kind) = (false, false);
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}');
        if line.starts_with("---") {
            (api_version, kind) = (false, false);
        }
        api_version |= top_level_key(line, "apiVersion");
        kind |= top_level_key(line, "kind");
        // Both in one document: the answer is yes (a large CRD need not be read to its end).
        if api_version && kind {
            return true;
        }
    }
    false
}

fn top_level_key(line: &str, key: &str) -> bool {
    let line = line.strip_prefix("- ").unwrap_or(line);
    let unquoted = line.strip_prefix(key);
    let quoted = line
        .strip_prefix('"')
        .and_then(|l| l.strip_prefix(key))
        .and_then(|l| l.strip_prefix('"'));
    unquoted
        .or(quoted)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// A path with `.` segments, empty segments and `..` after a named segment removed; `..` that
/// would climb above the start of a relative path are kept. `/` stays absolute; `""` is `.`.
pub fn normalize_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_services_line_is_found_where_the_word_is() {
        // The line-by-line reading it replaces, as the reference.
        let by_lines = |text: &str| {
            text.lines().any(|line| {
                line.trim_start_matches('\u{feff}')
                    .strip_prefix("services")
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
        };
        for text in [
            "services:\n  web: {}\n",
            "version: '3'\nservices :\n",
            "\u{feff}\u{feff}services:\n",
            "x: 1\n\u{feff}services:\n",
            "x: [services]\n",
            "x: 1\r\nservices:\r\n",
            "  services:\n",
            "services\n:\n",
            "services \r\n: x\n",
            "myservices:\n",
            "servicesX:\n",
            "a: services:\n",
            "serviceservices:\n",
            "services",
            "services\t\u{a0}:",
            "",
        ] {
            assert_eq!(has_services_line(text), by_lines(text), "{text:?}");
        }
    }

    #[test]
    fn helm_templates_are_told_apart_from_yaml() {
        let action = "metadata:\n  name: {{ .Release.Name }}\n";
        assert_eq!(
            FileKind::detect("web/templates/deployment.yaml", action),
            FileKind::HelmTemplate
        );
        assert_eq!(
            FileKind::detect("templates/svc.yaml", action),
            FileKind::HelmTemplate
        );
        assert_eq!(
            FileKind::detect("web/templates/_helpers.tpl", ""),
            FileKind::HelmTemplate
        );
        assert_eq!(
            FileKind::detect("web/templates/NOTES.txt", action),
            FileKind::HelmTemplate
        );
        // Without an action, a manifest in `templates/` is YAML as it stands.
        let plain = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
        assert_eq!(
            FileKind::detect("web/templates/cm.yaml", plain),
            FileKind::Kubernetes
        );
        assert_eq!(FileKind::detect("web/values.yaml", action), FileKind::Yaml);
    }

    #[test]
    fn kinds_from_names() {
        for name in [
            "Dockerfile",
            "dir/Dockerfile",
            "Dockerfile.prod",
            "api.dockerfile",
            "Containerfile",
            "Containerfile.arm64",
            "api-Dockerfile",
            "buildDockerfile",
            "docs-dockerfile.Dockerfile",
            "prod.Dockerfile.debian",
            "owner+repo__path__Dockerfile.webapp",
        ] {
            assert_eq!(FileKind::detect(name, ""), FileKind::Dockerfile, "{name}");
        }
        for name in [
            "Dockerfile.dockerignore",
            "app.Dockerfile.dockerignore",
            "mydockerfile.txt",
            "dockerfiles.md",
        ] {
            assert_ne!(FileKind::detect(name, ""), FileKind::Dockerfile, "{name}");
        }
        assert_eq!(
            FileKind::detect("Dockerfile.yaml", ""),
            FileKind::Dockerfile
        );
        assert_eq!(
            FileKind::detect("README.md", "apiVersion: v1\nkind: Pod\n"),
            FileKind::Other
        );
        assert_eq!(
            FileKind::detect("values.yaml", "replicas: 3\n"),
            FileKind::Yaml
        );
    }

    #[test]
    fn kubernetes_from_content() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n";
        assert_eq!(FileKind::detect("pod.yaml", pod), FileKind::Kubernetes);
        assert_eq!(FileKind::detect("stdin", pod), FileKind::Kubernetes);
        let second = "a: 1\n---\nkind: Service\napiVersion: v1\n";
        assert_eq!(FileKind::detect("x.yml", second), FileKind::Kubernetes);
        // Nested keys are not a Kubernetes object.
        assert_eq!(
            FileKind::detect("x.yml", "spec:\n  apiVersion: v1\n  kind: Pod\n"),
            FileKind::Yaml
        );
        // Split across documents is not one object either.
        assert_eq!(
            FileKind::detect("x.yml", "apiVersion: v1\n---\nkind: Pod\n"),
            FileKind::Yaml
        );
    }
}
